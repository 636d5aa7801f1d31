"""g2g import of service figures: a long table, a scorecard (CSV and .xlsx) and DfE open data,
on the shipped Oldham 2019 plan and the Bradford 2018 fixture, with hostile variants and the
exact output of each."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from g2g.cycle.figures import import_figures
from g2g.cycle.importing import plans_by_id
from g2g.io.limits import Limit
from g2g.plan.load import load_plan
from g2g.plan.validate import errors_of, validate_plan
from tests.helpers import FIXTURES, SHIPPED, run_in

FILES = FIXTURES / "figures"
TODAY = dt.date(2019, 11, 15)


@pytest.fixture
def oldham(tmp_path: Path) -> Path:
    target = tmp_path / "oldham-2019"
    shutil.copytree(SHIPPED / "oldham-2019", target)
    return target


@pytest.fixture
def bradford(tmp_path: Path) -> Path:
    target = tmp_path / "bradford-2018"
    shutil.copytree(FIXTURES / "plans" / "bradford-2018", target)
    return target


def copy(name: str, folder: Path) -> Path:
    shutil.copy(FILES / name, folder / name)
    return folder / name


def run(folder: Path, *args: str) -> tuple[int, str, str]:
    return run_in(folder, "import", *args)


# --- a long table --------------------------------------------------------------------------


def test_long_table_dry_run_then_import_then_again(oldham: Path) -> None:
    before = (oldham / "measures.yaml").read_bytes()
    copy("oldham-long.csv", oldham.parent)
    code, out, err = run(oldham.parent, "oldham-long.csv", "--dry-run", "oldham-2019")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "oldham-long.csv: read as long table",
        "oldham-2019 cp-plans: would record 2019-09 340",
        "oldham-2019 children-looked-after: would record 2019-09 525",
        "oldham-2019 high-caseloads: would record 2019-09 28",
        "oldham-2019 cla-rate: would record 2019-09 c",
        "Dry run: 4 figures would be recorded in oldham-2019/measures.yaml; nothing written.",
    ]
    assert (oldham / "measures.yaml").read_bytes() == before

    code, out, err = run(oldham.parent, "oldham-long.csv", "oldham-2019")
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "Recorded 4 figures in oldham-2019/measures.yaml."
    after = (oldham / "measures.yaml").read_text()
    # only the four measures' entries changed; comments and order kept byte for byte
    added = [line for line in after.splitlines() if line not in before.decode().splitlines()]
    assert added == [
        "      2019-09: 340",
        "    notes:",
        "      2019-09: provisional",
        "      2019-09: 525",
        "      2019-09: c",
        "      2019-09: 28",
    ]
    # nothing else changed: the old text is the new one with lines inserted, nowhere edited
    matcher = difflib.SequenceMatcher(None, before.decode().splitlines(), after.splitlines())
    assert {op for op, *_ in matcher.get_opcodes()} == {"equal", "insert"}
    plan = load_plan(oldham)
    assert errors_of(validate_plan(plan)) == []
    measures = {m.id: m for m in plan.measures.model.measures}  # type: ignore[union-attr]
    assert measures["cla-rate"].values["2019-09"] == "c"  # a suppression code, never zero
    assert measures["cp-plans"].notes == {"2019-09": "provisional"}

    # the same file again changes nothing
    code, out, err = run(oldham.parent, "oldham-long.csv", "oldham-2019")
    assert (code, err) == (0, "")
    assert out.splitlines()[1:] == [
        "Nothing to record.",
        "4 figures already held what the file says.",
    ]
    assert (oldham / "measures.yaml").read_text() == after


HOSTILE_LONG = [
    "oldham-long-hostile.csv:3:3: '55%' - write 55 without the % sign",
    "oldham-long-hostile.csv:4:3: 0.35 looks like a proportion, but s47-to-icpc is a "
    "percentage - write 35 for 35%",
    "oldham-long-hostile.csv:5:3: average-caseload already has 17 for 2019-08 in "
    "oldham-2019/measures.yaml, and this cell says 18 - import with --replace to overwrite it, "
    "or correct the cell",
    "oldham-long-hostile.csv:6:1: 'agency-social-workers' is not a measure of oldham-2019 "
    "(did you mean 'permanent-social-workers'?) - write its id or name, or add the name to "
    "the measure's codes: in measures.yaml",
    "oldham-long-hostile.csv:7:2: 2091-09 is after this month (2019-11) - check the year of "
    "the month heading or cell",
    "oldham-long-hostile.csv:8:2: '01/09/2019' is a date written as text - write the month as "
    "2019-01 or 2019-09 (or Sep 2019), or make the cell a real date",
    "oldham-long-hostile.csv:10:3: '1,066' - write 1066 without the comma (or 1.066 if the "
    "comma is a decimal point: g2g writes decimals with a point)",
]


def test_long_table_hostile_refuses_every_cell_located_and_writes_nothing(
    oldham: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (oldham / "measures.yaml").read_bytes()
    copy("oldham-long-hostile.csv", oldham.parent)
    monkeypatch.chdir(oldham.parent)
    plans = plans_by_id([Path("oldham-2019")])
    result = import_figures([Path("oldham-long-hostile.csv")], plans, None, today=TODAY)
    assert [p.format_text() for p in result.problems] == HOSTILE_LONG
    assert [p.code for p in result.problems] == [
        "figures-number",
        "figures-number",
        "figures-already-recorded",
        "figures-unknown-measure",
        "figures-wrong-year",
        "figures-date-as-text",
        "figures-number",
    ]
    assert not result.imported
    assert (oldham / "measures.yaml").read_bytes() == before
    # what g2g import says is decided here, by the library, and only printed by the CLI
    summary = result.summary(dry_run=False, good_rows=False)
    assert summary.refusal == (
        "nothing imported: 7 problems - correct them and import again, or give --good-rows to "
        "import the other figures"
    )
    assert summary.left_out == "7 problems: the figures they concern were not imported"
    assert result.summary(dry_run=False, good_rows=True).refusal is None


def test_long_table_hostile_through_the_cli_then_good_rows(oldham: Path) -> None:
    before = (oldham / "measures.yaml").read_text()
    copy("oldham-long-hostile.csv", oldham.parent)
    code, out, err = run(oldham.parent, "oldham-long-hostile.csv", "oldham-2019")
    assert code == 1
    assert out == "oldham-long-hostile.csv: read as long table\n"
    lines = err.splitlines()
    assert lines[-1] == (
        "g2g: nothing imported: 7 problems - correct them and import again, or give "
        "--good-rows to import the other figures"
    )
    assert (oldham / "measures.yaml").read_text() == before
    code, out, err = run(oldham.parent, "oldham-long-hostile.csv", "--good-rows", "oldham-2019")
    assert code == 1
    assert out.splitlines()[1:] == [
        "oldham-2019 cp-plans: recorded 2019-09 340",
        "oldham-2019 cla-rate: recorded 2019-09 c",
        "Recorded 2 figures in oldham-2019/measures.yaml.",
    ]
    assert err.splitlines()[-1] == ("g2g: 7 problems: the figures they concern were not imported")


def test_replace_overwrites_a_suppression_code_on_bradford(bradford: Path) -> None:
    copy("bradford-long.csv", bradford.parent)
    code, out, err = run(bradford.parent, "bradford-long.csv", "bradford-2018")
    assert code == 1
    assert err.splitlines()[0] == (
        "bradford-long.csv:3:3: re-referrals already has : for 2019-03 in "
        "bradford-2018/measures.yaml, and this cell says 24.6 - import with --replace to "
        "overwrite it, or correct the cell"
    )
    code, out, err = run(bradford.parent, "bradford-long.csv", "--replace", "bradford-2018")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "bradford-long.csv: read as long table",
        "bradford-2018 referrals: recorded 2019-04 571",
        "bradford-2018 re-referrals: recorded 2019-03 24.6 (was :), 2019-04 x",
        "bradford-2018 sw-caseload-average: recorded 2019-04 20.1",
        "Recorded 4 figures in bradford-2018/measures.yaml.",
    ]
    text = (bradford / "measures.yaml").read_text()
    assert "      2019-03: 24.6\n      2019-04: x\n" in text
    # the comment above the replaced figure stays where it was
    assert "# not yet validated when the March paper was written" in text


def test_month_limits_what_a_figure_file_imports(oldham: Path) -> None:
    copy("oldham-scorecard.csv", oldham.parent)
    code, out, err = run(
        oldham.parent, "oldham-scorecard.csv", "--month", "2019-10", "--dry-run", "oldham-2019"
    )
    assert code == 0
    assert out.splitlines() == [
        "oldham-scorecard.csv: read as scorecard",
        "oldham-2019 cp-plans: would record 2019-10 331",
        "oldham-2019 children-looked-after: would record 2019-10 528",
        "oldham-2019 high-caseloads: would record 2019-10 27",
        "Dry run: 3 figures would be recorded in oldham-2019/measures.yaml; nothing written.",
    ]
    assert (
        "note: oldham-scorecard.csv: figures for 2019-09 left out: --month 2019-10 imports only "
        "2019-10"
    ) in err.splitlines()


def test_returns_and_figures_are_not_mixed_and_returns_still_need_month(oldham: Path) -> None:
    copy("oldham-long.csv", oldham.parent)
    returns_dir = oldham.parent / "out"
    code, _, _ = run_in(
        oldham.parent,
        "returns",
        "--month",
        "2019-09",
        "--output-dir",
        "out",
        "--by",
        "all",
        "oldham-2019",
    )
    assert code == 0
    book = next(returns_dir.glob("*.xlsx"))
    code, _, err = run(oldham.parent, str(book), "oldham-2019")
    assert code == 2
    assert "give --month YYYY-MM: the month the returns are for" in err
    code, _, err = run(oldham.parent, str(book), "oldham-long.csv", "oldham-2019")
    assert code == 2
    assert "give returns and figure files in separate runs of g2g import" in err


# --- a scorecard workbook ------------------------------------------------------------------


def with_codes(folder: Path) -> None:
    """Bradford's performance team calls referrals REF-01 in its scorecard."""
    path = folder / "measures.yaml"
    text = path.read_text()
    old = "  - id: referrals\n    name: Referrals to Children's Social Care\n"
    assert old in text
    path.write_text(text.replace(old, old + "    codes: [REF-01]\n"))


def scorecard(path: Path, hostile: bool = False) -> Path:
    """A performance team's scorecard: a title row, codes and names, a column per month."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Scorecard"
    ws["A1"] = "Bradford Children's Services scorecard"
    ws.merge_cells("A1:E1")
    headings = ["Code", "Indicator", dt.datetime(2019, 4, 1), "May 2019", "Notes"]
    if hostile:
        headings = ["Code", "Indicator", "01/06/2019", "Apr 2091", "May 2019"]
    ws.append(headings)
    ws.append(["REF-01", "Referrals", 571, 560, None])
    ws.append([None, "Re-referrals within 12 months", 0.231, 0.238, None])
    ws["C4"].number_format = "0.0%"
    ws["D4"].number_format = "0.0%"
    ws.append([None, "Children subject to a child protection plan", 651, "c", None])
    ws.append([None, "Agency staff", 10, 11, None])
    ws.append([None, "Children looked after", 1080, 1085, None])
    ws.append([None, "Average caseload per social worker", 20.1, ":", "provisional"])
    if hostile:
        ws["E3"] = "=C3+D3"
        ws["E4"] = 0.246
        ws["E5"] = "24.6%"
        ws.merge_cells("E7:F7")
        ws["E7"] = 1090
    wb.save(path)
    return path


def test_scorecard_workbook_on_bradford(bradford: Path) -> None:
    with_codes(bradford)
    scorecard(bradford.parent / "scorecard.xlsx")
    code, out, err = run(bradford.parent, "scorecard.xlsx", "bradford-2018")
    assert code == 0, err
    assert out.splitlines() == [
        "scorecard.xlsx: read as scorecard",
        "bradford-2018 referrals: recorded 2019-04 571, 2019-05 560",
        "bradford-2018 re-referrals: recorded 2019-04 23.1, 2019-05 23.8",
        "bradford-2018 cp-plans: recorded 2019-04 651, 2019-05 c",
        "bradford-2018 children-looked-after: recorded 2019-04 1,080, 2019-05 1,085",
        "bradford-2018 sw-caseload-average: recorded 2019-04 20.1, 2019-05 :",
        "Recorded 10 figures in bradford-2018/measures.yaml.",
    ]
    assert err.splitlines() == [
        "note: scorecard.xlsx:Scorecard!2:2: columns ignored: Notes",
        "note: scorecard.xlsx:Scorecard!2:2: rows above the headings ignored",
        "note: scorecard.xlsx:Scorecard!B6: row 'Agency staff' names no measure of "
        "bradford-2018 - ignored (add it to a measure's codes: in measures.yaml to import it)",
    ]
    measures = {m.id: m for m in load_plan(bradford).measures.model.measures}  # type: ignore[union-attr]
    assert measures["re-referrals"].values["2019-04"] == 23.1
    assert measures["sw-caseload-average"].values["2019-05"] == ":"
    code, out, _ = run(bradford.parent, "scorecard.xlsx", "bradford-2018")
    assert (code, out.splitlines()[-1]) == (0, "10 figures already held what the file says.")


def test_scorecard_workbook_hostile(bradford: Path) -> None:
    with_codes(bradford)
    before = (bradford / "measures.yaml").read_bytes()
    scorecard(bradford.parent / "hostile.xlsx", hostile=True)
    code, out, err = run(bradford.parent, "hostile.xlsx", "bradford-2018")
    assert code == 1
    assert out == "hostile.xlsx: read as scorecard\n"
    assert err.splitlines() == [
        "note: hostile.xlsx:Scorecard!2:2: rows above the headings ignored",
        "note: hostile.xlsx:Scorecard!B6: row 'Agency staff' names no measure of bradford-2018 "
        "- ignored (add it to a measure's codes: in measures.yaml to import it)",
        "hostile.xlsx:Scorecard!C2: '01/06/2019' is a date written as text - write the month as "
        "2019-01 or 2019-06 (or Sep 2019), or make the cell a real date",
        "hostile.xlsx:Scorecard!D2: 2091-04 is after this month (2026-12) - check the year of "
        "the month heading or cell",
        "hostile.xlsx:Scorecard!E3: holds a formula (=C3+D3) - g2g never uses a formula's "
        "result: paste the figures as values (Paste Special > Values) and import again",
        "hostile.xlsx:Scorecard!E4: 0.246 looks like a proportion, but re-referrals is a "
        "percentage - write 24.6 for 24.6%",
        "hostile.xlsx:Scorecard!E5: '24.6%' is a percentage, but cp-plans is in count - write "
        "the plain number",
        "hostile.xlsx:Scorecard!E7: cells E7:F7 are merged - unmerge them and give each figure "
        "or heading its own cell",
        "hostile.xlsx:Scorecard!E8: 'provisional' is not a figure - write a number such as 42 "
        "or 42.5, or a code (c, :, z, x, u, low, ..) when it is not available",
        "g2g: nothing imported: 7 problems - correct them and import again, or give "
        "--good-rows to import the other figures",
    ]
    assert (bradford / "measures.yaml").read_bytes() == before


# --- DfE open data -------------------------------------------------------------------------

OLDHAM_DFE = """local_authority: E08000004
# Rochdale by name, Tameside by its new code, Bolton by its old code; Birmingham and
# Sunderland are not Oldham's neighbours: they are here for the DfE's symbols u and low.
statistical_neighbours: [Rochdale, E08000008, "350", Birmingham, Sunderland]

"""
AGENCY = """  - id: agency-rate
    name: Social workers from agencies
    group: Workforce
    unit: percent
    polarity: lower
    dfe:
      - indicator: agency_rate_fte
        month: 9
"""


def with_dfe(folder: Path) -> None:
    path = folder / "measures.yaml"
    text = path.read_text()
    old = "  - id: average-caseload\n    name: Average caseload per social worker\n"
    assert old in text
    text = text.replace(old, old + "    dfe: [{indicator: caseload_fte, month: 9}]\n")
    path.write_text(text.replace("measures:\n", OLDHAM_DFE + "measures:\n", 1) + AGENCY)


def test_dfe_open_data_records_the_council_and_its_comparators(oldham: Path) -> None:
    with_dfe(oldham)
    copy("csww-2024-extract.csv", oldham.parent)
    code, out, err = run(oldham.parent, "csww-2024-extract.csv", "oldham-2019")
    assert code == 0, err
    assert out.splitlines() == [
        "csww-2024-extract.csv: read as DfE open data",
        "oldham-2019 average-caseload: recorded 2024-09 19.2",
        "oldham-2019 average-caseload England: recorded 2024-09 15.4",
        "oldham-2019 average-caseload North West: recorded 2024-09 16.6",
        "oldham-2019 average-caseload Rochdale: recorded 2024-09 16.6",
        "oldham-2019 average-caseload Tameside: recorded 2024-09 14.3",
        "oldham-2019 average-caseload Bolton: recorded 2024-09 20.2",
        "oldham-2019 average-caseload Birmingham: recorded 2024-09 u",
        "oldham-2019 average-caseload Sunderland: recorded 2024-09 17.2",
        "oldham-2019 agency-rate: recorded 2024-09 32.3",
        "oldham-2019 agency-rate England: recorded 2024-09 16.2",
        "oldham-2019 agency-rate North West: recorded 2024-09 19",
        "oldham-2019 agency-rate Rochdale: recorded 2024-09 20.3",
        "oldham-2019 agency-rate Tameside: recorded 2024-09 44.2",
        "oldham-2019 agency-rate Bolton: recorded 2024-09 24",
        "oldham-2019 agency-rate Birmingham: recorded 2024-09 u",
        "oldham-2019 agency-rate Sunderland: recorded 2024-09 low",
        "Recorded 16 figures in oldham-2019/measures.yaml.",
    ]
    assert err.startswith(
        "note: csww-2024-extract.csv: columns no measure maps ignored: inpost_fte"
    )
    plan = load_plan(oldham)
    assert errors_of(validate_plan(plan)) == []
    measures = {m.id: m for m in plan.measures.model.measures}  # type: ignore[union-attr]
    agency = measures["agency-rate"]
    assert agency.values == {"2024-09": 32.3}
    series = {(c.kind.value, c.name): c.values for c in agency.comparators}
    assert series == {
        ("england", None): {"2024-09": 16.2},
        ("region", "North West"): {"2024-09": 19},
        ("statistical_neighbours", "Rochdale"): {"2024-09": 20.3},
        ("statistical_neighbours", "Tameside"): {"2024-09": 44.2},
        ("statistical_neighbours", "Bolton"): {"2024-09": 24},
        ("statistical_neighbours", "Birmingham"): {"2024-09": "u"},  # low reliability, kept
        ("statistical_neighbours", "Sunderland"): {"2024-09": "low"},  # not zero
    }
    caseload = measures["average-caseload"]
    assert caseload.comparators[0].name == "Best-practice optimum"  # the one already there kept
    code, out, _ = run(oldham.parent, "csww-2024-extract.csv", "oldham-2019")
    assert (code, out.splitlines()[-1]) == (0, "16 figures already held what the file says.")


def test_dfe_hostile_rows_refused_then_good_rows(oldham: Path) -> None:
    with_dfe(oldham)
    before = (oldham / "measures.yaml").read_bytes()
    copy("csww-2024-hostile.csv", oldham.parent)
    code, out, err = run(oldham.parent, "csww-2024-hostile.csv", "oldham-2019")
    assert code == 1
    assert err.splitlines()[1:] == [
        "csww-2024-hostile.csv:6:21: '-' is not a figure - write a number such as 42 or 42.5, "
        "or a code (c, :, z, x, u, low, ..) when it is not available",
        "csww-2024-hostile.csv:8:1: time_period '202425' is not a year - a Reporting year is "
        "YYYY, e.g. 2019",
        "csww-2024-hostile.csv:9:21: '20.3%' - write 20.3 without the % sign",
        "g2g: nothing imported: 3 problems - correct them and import again, or give "
        "--good-rows to import the other figures",
    ]
    assert (oldham / "measures.yaml").read_bytes() == before
    code, out, err = run(oldham.parent, "csww-2024-hostile.csv", "--good-rows", "oldham-2019")
    assert code == 1
    # Oldham's own row has the wrong year: no figure of its own, only comparators
    assert "oldham-2019 agency-rate: recorded" not in out
    assert "oldham-2019 agency-rate Tameside: recorded 2024-09 low" in out.splitlines()
    assert "oldham-2019 agency-rate Bolton: recorded" not in out


def test_dfe_on_bradford_and_without_a_local_authority(bradford: Path) -> None:
    path = bradford / "measures.yaml"
    text = path.read_text()
    old = "  - id: sw-caseload-average\n"
    path.write_text(text.replace(old, old + "    dfe: [{indicator: caseload_fte, month: 9}]\n"))
    copy("csww-2024-extract.csv", bradford.parent)
    code, _, err = run(bradford.parent, "csww-2024-extract.csv", "bradford-2018")
    assert code == 1
    assert err.splitlines()[1] == (
        "bradford-2018/measures.yaml: measures.yaml names no local_authority - add "
        "local_authority: and the council's code or name as the DfE's files give it (e.g. "
        "E08000004 or Oldham)"
    )
    text = path.read_text().replace(
        "measures:\n",
        'local_authority: "380"\nstatistical_neighbours: [Kirklees, Leeds, '
        '"Kingston upon Hull, City of"]\nmeasures:\n',
        1,
    )
    path.write_text(text)
    code, out, err = run(bradford.parent, "csww-2024-extract.csv", "--dry-run", "bradford-2018")
    assert code == 0, err
    assert out.splitlines() == [
        "csww-2024-extract.csv: read as DfE open data",
        "bradford-2018 sw-caseload-average: would record 2024-09 14.6",
        "bradford-2018 sw-caseload-average England: would record 2024-09 15.4",
        "bradford-2018 sw-caseload-average Yorkshire and The Humber: would record 2024-09 15.8",
        "bradford-2018 sw-caseload-average Kirklees: would record 2024-09 19.2",
        "bradford-2018 sw-caseload-average Leeds: would record 2024-09 14.5",
        "bradford-2018 sw-caseload-average Kingston upon Hull, City of: would record 2024-09 16.6",
        "Dry run: 6 figures would be recorded in bradford-2018/measures.yaml; nothing written.",
    ]
    assert path.read_text() == text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "latin1.csv",
            b"measure,month,value\ncp-plans,2019-09,\xa3340\n",
            "latin1.csv: it is not UTF-8 text - save it from Excel as 'CSV UTF-8 (Comma "
            "delimited)'",
        ),
        (
            "quote.csv",
            b'measure,month,value\n"cp-plans,2019-09,340\n',
            "quote.csv: it is not a CSV file g2g can read (unexpected end of data) - save it as "
            "CSV",
        ),
        (
            "empty.csv",
            b"",
            "empty.csv: no row of headings g2g knows - a long table has the headings measure, "
            "month and value; a scorecard a heading per month (2019-09, Sep 2019 or a date); a "
            "DfE file begins time_period, time_identifier, geographic_level; a return has the "
            "hidden g2g sheet g2g returns wrote",
        ),
        (
            "formula.csv",
            b"measure,month,value\ncp-plans,2019-09,=1+1\n",
            "formula.csv:2:3: '=1+1' is not a figure - write a number such as 42 or 42.5, or a "
            "code (c, :, z, x, u, low, ..) when it is not available",
        ),
    ],
)
def test_files_that_cannot_be_read_are_refused_without_a_traceback(
    oldham: Path, name: str, content: bytes, message: str
) -> None:
    (oldham.parent / name).write_bytes(content)
    code, out, err = run(oldham.parent, name, "oldham-2019")
    assert code == 1
    assert "Traceback" not in out + err
    assert err.splitlines()[0] == message


# --- the walk-through in docs/monthly-cycle.md ---------------------------------------------


def doc_blocks() -> list[list[str]]:
    """The fenced blocks of docs/monthly-cycle.md's service figures section, as lines."""
    text = (SHIPPED.parent / "docs" / "monthly-cycle.md").read_text()
    section = text.split("## Service figures: the scorecard and DfE statistics", 1)[1]
    section = section.split("\n## ", 1)[0]
    blocks: list[list[str]] = []
    current: list[str] | None = None
    for line in section.splitlines():
        if line.strip().startswith("```"):
            if current is None:
                current = []
            else:
                blocks.append(current)
                current = None
        elif current is not None:
            current.append(line.strip())
    return blocks


def test_the_walk_through_is_what_g2g_prints(tmp_path: Path) -> None:
    from tests.fixtures.figures.make_scorecard import make_scorecard

    shutil.copytree(SHIPPED / "oldham-2019", tmp_path / "plans" / "oldham-2019")
    make_scorecard(tmp_path / "scorecard.xlsx")
    blocks = doc_blocks()
    for args in (("--dry-run",), ()):
        code, out, err = run(tmp_path, "scorecard.xlsx", *args, "plans/oldham-2019")
        assert code == 0, err
        shown = out.splitlines() + (err.splitlines() if args else [])
        assert shown in blocks
    code, out, _ = run(tmp_path, "scorecard.xlsx", "plans/oldham-2019")
    assert out.splitlines()[-1] == "9 figures already held what the file says."
    code, out, _ = run_in(tmp_path, "kpi", "--month", "2019-09", "plans/oldham-2019")
    assert code == 0
    assert "519" in out and "Sep 2019" in out
    code, _, err = run_in(
        tmp_path,
        "report",
        "--month",
        "2019-09",
        "--board",
        "scrutiny",
        "--output",
        "out/paper.html",
        "plans/oldham-2019",
    )
    assert code == 0, err
    assert "16.5 in Sep 2019" in (tmp_path / "out" / "paper.html").read_text()


def test_limits_are_checked_before_reading(oldham: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from g2g.io import tables

    scorecard(oldham.parent / "big.xlsx")
    kind = "figure workbook (.xlsx)"
    small = Limit(kind, 10**6, max_members=1_000, max_unzipped=1_000, max_rows=5, max_columns=500)
    monkeypatch.setattr(tables, "XLSX_LIMIT", small)
    code, _, err = run(oldham.parent, "big.xlsx", "oldham-2019")
    assert code == 1
    first = err.splitlines()[0]
    assert re.fullmatch(
        r"big\.xlsx: the file unpacks to [\d,]+ KB, over the limit of 1 KB for a figure "
        r"workbook \(\.xlsx\) \(a damaged file or a zip bomb\) - save it again from Excel or Word, "
        r"or make a new one",
        first,
    ), first
    monkeypatch.setattr(
        tables, "XLSX_LIMIT", Limit(kind, 10**6, max_members=1_000, max_rows=5, max_columns=500)
    )
    code, _, err = run(oldham.parent, "big.xlsx", "oldham-2019")
    assert err.splitlines()[0] == (
        "big.xlsx: sheet 'Scorecard' reaches row 8 and column 5, over the limit of 5 rows and "
        "500 columns - delete what is below or beside the table"
    )
    (oldham.parent / "long.csv").write_text("measure,month,value\n" + "x,2019-09,1\n" * 5)
    small_csv = Limit("figure file (.csv)", 10**6, max_rows=3, max_columns=9)
    monkeypatch.setattr(tables, "CSV_LIMIT", small_csv)
    code, _, err = run(oldham.parent, "long.csv", "oldham-2019")
    assert err.splitlines()[0] == (
        "long.csv: the file has more than 3 rows, the limit for a figure file (.csv) - split it"
    )


def test_one_figure_given_twice_with_two_values(oldham: Path) -> None:
    (oldham.parent / "a.csv").write_text("measure,month,value\ncp-plans,2019-09,340\n")
    (oldham.parent / "b.csv").write_text(
        "Measure,Sep 2019\nChildren subject to a child protection plan,341\n"
    )
    code, _, err = run(oldham.parent, "a.csv", "b.csv", "oldham-2019")
    assert code == 1
    assert err.splitlines()[0] == (
        "b.csv:2:2: cp-plans for 2019-09 is also given at a.csv:2:3 with 340 - keep one of the two"
    )


def test_dfe_tidy_file_needs_a_filter_and_keeps_z(oldham: Path) -> None:
    """The real children looked after file: three rows per area, told apart by a filter."""
    path = oldham / "measures.yaml"
    text = path.read_text().replace(
        "measures:\n",
        "local_authority: Oldham\nstatistical_neighbours: [Rochdale, Tameside, Cumbria]\n"
        "measures:\n",
        1,
    )
    old = "  - id: cla-rate\n    name: Children looked after per 10,000 children\n"
    assert old in text
    path.write_text(text.replace(old, old + "    dfe: [{indicator: rate_per_10000}]\n"))
    copy("cla-2024-extract.csv", oldham.parent)
    code, _, err = run(oldham.parent, "cla-2024-extract.csv", "oldham-2019")
    assert code == 1
    assert err.splitlines()[1] == (
        "cla-2024-extract.csv:3:14: cla-rate England for 2024-03: a second row of the file (the "
        "first is cla-2024-extract.csv:2:14) - add filters: to the measure's dfe: mapping to "
        "pick one row per area (a column whose value differs between the two rows)"
    )
    path.write_text(
        path.read_text().replace(
            "dfe: [{indicator: rate_per_10000}]",
            'dfe: [{indicator: rate_per_10000, filters: {population_count: "Children looked '
            'after at 31 March each year"}}]',
        )
    )
    code, out, err = run(oldham.parent, "cla-2024-extract.csv", "oldham-2019")
    assert code == 0, err
    assert out.splitlines() == [
        "cla-2024-extract.csv: read as DfE open data",
        "oldham-2019 cla-rate: recorded 2024-03 94",
        "oldham-2019 cla-rate England: recorded 2024-03 70",
        "oldham-2019 cla-rate North West: recorded 2024-03 94",
        "oldham-2019 cla-rate Rochdale: recorded 2024-03 107",
        "oldham-2019 cla-rate Tameside: recorded 2024-03 124",
        "oldham-2019 cla-rate Cumbria: recorded 2024-03 z",
        "Recorded 6 figures in oldham-2019/measures.yaml.",
    ]
    measures = {m.id: m for m in load_plan(oldham).measures.model.measures}  # type: ignore[union-attr]
    assert measures["cla-rate"].values == {"2019-08": ":", "2024-03": 94}


def test_a_code_names_one_measure_only(oldham: Path, bradford: Path) -> None:
    path = oldham / "measures.yaml"
    path.write_text(
        path.read_text().replace(
            "  - id: cp-plans\n", "  - id: cp-plans\n    codes: [Children looked after, CSC-1]\n", 1
        )
    )
    code, out, _ = run_in(oldham.parent, "validate", "oldham-2019")
    assert code == 1
    assert out.splitlines()[0] == (
        "oldham-2019/measures.yaml:27:13: error: 'Children looked after' already names measure "
        "'children-looked-after' - give each code to one measure, so g2g import knows whose "
        "figure a row is"
    )
    with_codes(bradford)  # a code no other measure has: valid
    assert run_in(bradford.parent, "validate", "bradford-2018")[0] == 0


def test_a_plan_with_errors_takes_no_figures(oldham: Path) -> None:
    path = oldham / "measures.yaml"
    path.write_text(path.read_text().replace("  - id: cla-rate\n", "  - id: cp-plans\n", 1))
    before = path.read_bytes()
    copy("oldham-long.csv", oldham.parent)
    code, _, err = run(oldham.parent, "oldham-long.csv", "oldham-2019")
    assert code == 1
    assert err.splitlines()[-1] == (
        "g2g: oldham-2019/plan.yaml: the plan has errors - fix them before importing figures "
        "(see g2g validate)"
    )
    assert path.read_bytes() == before


def test_long_table_in_a_workbook(bradford: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Figures"
    ws.append(["Measure", "Month", "Value", "Note"])
    ws.append(["referrals", dt.datetime(2019, 4, 30), 571, "from the MASH log"])
    ws.append(["Re-referrals within 12 months", "Apr 2019", 0.246, None])
    ws["C3"].number_format = "0.0%"
    ws.append(["cp-plans", "2019-04", None, None])
    ws["C4"] = "=C2/2"
    hidden = wb.create_sheet("Workings")
    hidden.sheet_state = "hidden"
    hidden.append(["measure", "month", "value"])
    hidden.append(["cp-plans", "2019-04", 1])
    wb.save(bradford.parent / "long.xlsx")
    code, out, err = run(bradford.parent, "long.xlsx", "bradford-2018")
    assert code == 1
    assert err.splitlines() == [
        "note: long.xlsx:Workings: a hidden sheet - not read",
        "long.xlsx:Figures!C4: holds a formula (=C2/2) - g2g never uses a formula's result: "
        "paste the figures as values (Paste Special > Values) and import again",
        "g2g: nothing imported: 1 problem - correct it and import again, or give --good-rows "
        "to import the other figures",
    ]
    code, out, err = run(bradford.parent, "long.xlsx", "--good-rows", "bradford-2018")
    assert out.splitlines() == [
        "long.xlsx: read as long table",
        "bradford-2018 referrals: recorded 2019-04 571",
        "bradford-2018 re-referrals: recorded 2019-04 24.6",
        "Recorded 2 figures in bradford-2018/measures.yaml.",
    ]
    assert err.splitlines()[0] == "note: long.xlsx:Workings: a hidden sheet - not read"
    measures = {m.id: m for m in load_plan(bradford).measures.model.measures}  # type: ignore[union-attr]
    assert measures["referrals"].notes == {"2019-04": "from the MASH log"}


def test_a_return_that_lost_its_hidden_sheet_is_still_a_return(oldham: Path) -> None:
    code, _, _ = run_in(
        oldham.parent,
        "returns",
        "--month",
        "2019-09",
        "--output-dir",
        "out",
        "--by",
        "all",
        "oldham-2019",
    )
    assert code == 0
    book = next((oldham.parent / "out").glob("*.xlsx"))
    wb = openpyxl.load_workbook(book)
    del wb["g2g"]
    wb.save(book)
    code, _, err = run(
        oldham.parent, str(book.relative_to(oldham.parent)), "--month", "2019-09", "oldham-2019"
    )
    assert code == 1
    assert err.splitlines()[0].endswith(
        "-all.xlsx: has no hidden 'g2g' sheet, so it is not a return made by g2g returns (or the "
        "sheet was deleted) - import the return as it was sent, or send the lead a fresh one"
    )


def test_a_scorecard_for_another_plan_is_refused_not_ignored(bradford: Path) -> None:
    (bradford.parent / "other.csv").write_text("Indicator,2019-04\nPupils on roll,31000\n")
    code, _, err = run(bradford.parent, "other.csv", "bradford-2018")
    assert code == 1
    assert err.splitlines()[1:] == [
        "other.csv: no row names a measure of bradford-2018 - check the file is for this plan, "
        "or add the file's names for its measures to their codes: in measures.yaml",
        "g2g: nothing imported: 1 problem - correct it and import again, or give --good-rows "
        "to import the other figures",
    ]
