"""g2g export --format xlsx: the tracker workbook."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from g2g.output.export import TRACKER_END
from tests.helpers import FIXTURES, SHIPPED, run_in


def month_headings(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[object]:
    """The Tracker's headings up to its last month (officer fields added since follow it)."""
    headings = [c.value for c in ws[1]]
    return headings[: len(headings) - len(TRACKER_END)]


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    shutil.copytree(SHIPPED / "oldham-2019", tmp_path / "plans" / "oldham-2019")
    return tmp_path


def test_table_1_and_the_tracker_of_the_shipped_plan(shipped: Path) -> None:
    code, out, err = run_in(shipped, "export", "--format", "xlsx", "--month", "2019-08")
    assert code == 0, err
    assert "Wrote tracker-2019-08.xlsx (xlsx): 1 plan, 25 actions, as at 2019-08" in out
    wb = openpyxl.load_workbook(shipped / "tracker-2019-08.xlsx")
    assert wb.sheetnames == ["Summary", "Tracker", "Figures"]
    rows = list(wb["Summary"].iter_rows(values_only=True))
    table = {r[0]: r[1:6] for r in rows if r[0]}
    assert table["Plan area"] == ("Green", "Amber", "Red", "Not reported", "Total")
    assert table["Standards of Practice"] == (0, 6, 0, 0, 6)
    assert table["Practice Improvement"] == (1, 8, 1, 0, 10)
    assert table["Learning and Development"] == (0, 3, 0, 0, 3)
    assert table["Quality Assurance"] == (0, 5, 1, 0, 6)
    assert table["Total"] == (1, 22, 2, 0, 25)
    assert table["Overall rating"][0] == "Amber"
    ws = wb["Tracker"]
    headings = month_headings(ws)
    assert headings[-1] == "Aug 2019"
    width = len(headings) + len(TRACKER_END)
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(width)}26"
    column = headings.index("Reported rating") + 1
    words = {ws.cell(r, column).value for r in range(2, 27)}
    # PI-5 (Amber) is challenged: its cell says so in words, keeping its recorded colour
    assert words == {"Green", "Amber", "Red", "Amber, challenged: the evidence gives Red"}
    action = headings.index("Action") + 1
    pi5 = next(r for r in range(2, 27) if ws.cell(r, action).value == "PI-5")
    amber = next(r for r in range(2, 27) if ws.cell(r, column).value == "Amber")
    assert ws.cell(pi5, column).fill.fgColor.rgb == ws.cell(amber, column).fill.fgColor.rgb
    assert ws.cell(pi5, headings.index("Aug 2019") + 1).value == (
        "Amber, challenged: the evidence gives Red"
    )
    summary = {r[0]: r for r in rows if r[0]}
    assert summary["Total"][6:9] == ("25 of 25", "Amber", 1)
    assert summary["Practice Improvement"][6:9] == ("10 of 10", "Amber", 1)
    for r in range(2, 27):  # the colour always comes with its word
        cell = ws.cell(r, column)
        colour = {"Green": "0000B050", "Amber": "00FFC000", "Red": "00C00000"}[
            cell.value.split(",")[0]
        ]
        assert cell.fill.fgColor.rgb == colour
    assert ws.page_setup.orientation == "landscape"


def test_months_as_columns_after_an_update(shipped: Path) -> None:
    code, _, err = run_in(
        shipped, "update", "PI-4", "--month", "2019-09", "--rag", "amber", "--note", "Approved."
    )
    assert code == 0, err
    code, _, err = run_in(shipped, "export", "--output", "out/t.xlsx")
    assert code == 0, err
    ws = openpyxl.load_workbook(shipped / "out" / "t.xlsx")["Tracker"]
    headings = month_headings(ws)
    assert headings[-2:] == ["Aug 2019", "Sep 2019"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 4).value == "PI-4")
    assert [ws.cell(row, len(headings) - 1).value, ws.cell(row, len(headings)).value] == [
        "Red",
        "Amber",
    ]
    other = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 4).value == "SP-1")
    assert ws.cell(other, len(headings)).value == "Not reported"


def test_hostile_text_is_never_a_formula(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "cycle" / "basic", tmp_path / "plans" / "basic")
    plan = tmp_path / "plans" / "basic" / "plan.yaml"
    text = plan.read_text(encoding="utf-8").replace(
        "lead: Head of Quality Assurance", "lead: \"=cmd|' /C calc'!A0\""
    )
    plan.write_text(text, encoding="utf-8")
    code, _, err = run_in(tmp_path, "export", "--output", "t.xlsx")
    assert code == 0, err
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    hostile = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}"
                if cell.value == "=cmd|' /C calc'!A0":
                    assert cell.quotePrefix
                    hostile += 1
    assert hostile >= 1


def test_export_misuse(shipped: Path) -> None:
    assert run_in(shipped, "export", "--format", "ods")[0] == 2
    assert run_in(shipped, "export", "--month", "2019-13")[0] == 2
    assert run_in(shipped, "export", "--month", "2030-01")[0] == 2


def test_exempt_narrative_stays_out_of_the_export_but_reaches_its_lead(shipped: Path) -> None:
    code, _, err = run_in(
        shipped,
        "update",
        "QA-6",
        "--month",
        "2019-09",
        "--rag",
        "amber",
        "--note",
        "Disciplinary matter in the team",
        "plans",
    )
    assert code == 0, err
    progress = shipped / "plans" / "oldham-2019" / "progress" / "2019-09.yaml"
    text = progress.read_text(encoding="utf-8")
    text = text.replace("    updated_by:", "    updated_by: Officer-G1-name")
    barriers = "    rag: amber\n    barriers: Grievance-G1-barrier"

    def exported() -> list[str]:
        assert run_in(shipped, "validate", "plans")[0] == 0
        assert run_in(shipped, "export", "--month", "2019-09", "--output", "t.xlsx")[0] == 0
        return [
            str(c.value)
            for ws in openpyxl.load_workbook(shipped / "t.xlsx").worksheets
            for row in ws.iter_rows()
            for c in row
            if c.value is not None
        ]

    # control: not exempt, the barriers are exported
    progress.write_text(text.replace("    rag: amber", barriers), "utf-8")
    assert "Grievance-G1-barrier" in exported()
    # G1 (issue 25): exempt, no free-text field of the update is exported; its rating is
    progress.write_text(text.replace("    rag: amber", barriers + "\n    exempt: 1"), "utf-8")
    cells = exported()
    assert not any("Disciplinary" in c or "G1" in c for c in cells)
    assert any("not for publication by virtue of paragraph 1" in c for c in cells)
    lead = "Managing Director of Children’s Services"
    code, _, err = run_in(
        shipped, "returns", "--month", "2019-09", "--lead", lead, "--output-dir", "r"
    )
    assert code == 0, err
    book = shipped / "r" / "oldham-2019-2019-09-managing-director-of-childrens-services.xlsx"
    cells = [
        str(c.value) for row in openpyxl.load_workbook(book)["Updates"].iter_rows() for c in row
    ]
    assert "Disciplinary matter in the team" in cells  # pre-filled for the lead, as recorded
    code, out, err = run_in(shipped, "import", str(book), "--month", "2019-09")
    assert code == 0, err
    assert "Nothing to record." in out


@pytest.mark.parametrize(
    ("plan", "month"),
    [(SHIPPED / "oldham-2019", "2019-08"), (FIXTURES / "plans" / "bradford-2018", "2019-02")],
    ids=["oldham-2019", "bradford-2018"],
)
def test_the_due_column_holds_excel_dates(tmp_path: Path, plan: Path, month: str) -> None:
    # Issue 24: the Due column was text ('2019-09-30'), so it sorted and filtered as text.
    from g2g.months import due_date
    from g2g.plan.validate import validate_paths

    shutil.copytree(plan, tmp_path / plan.name)
    code, _, err = run_in(
        tmp_path, "export", "--format", "xlsx", "--month", month, "--output", "t.xlsx", plan.name
    )
    assert code == 0, err
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["Tracker"]
    headings = [c.value for c in ws[1]]
    due = headings.index("Due") + 1
    action = headings.index("Action") + 1
    model = validate_paths([tmp_path / plan.name]).plans[0].model
    assert model is not None
    expected = {
        a.id: a.timescale.due for area in model.areas for o in area.objectives for a in o.actions
    }
    seen = 0
    for r in range(2, ws.max_row + 1):
        cell = ws.cell(r, due)
        ident = ws.cell(r, action).value
        want = expected[ident]
        if want is None:
            assert cell.value is None  # ongoing: no date, not the text 'None'
            continue
        assert cell.is_date and cell.number_format == "d mmm yyyy"
        assert cell.value.date() == due_date(str(want))
        seen += 1
    assert seen > 0


def test_plans_as_at_different_months_are_said_to_be(tmp_path: Path) -> None:
    # Oldham 2019 is as at Aug 2019 (its latest update), Oldham 2022 at Jan 2022 (no updates:
    # its first month): one month would misdate half the workbook
    code, out, err = run_in(tmp_path, "export", "--format", "xlsx", str(SHIPPED), "-o", "t.xlsx")
    assert code == 0, err
    assert out.strip() == (
        "Wrote t.xlsx (xlsx): 2 plans, 28 actions, each plan as at its own month, "
        "2019-08 to 2022-01"
    )
