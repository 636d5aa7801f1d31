"""Update returns: written by g2g returns, filled in the way lead officers do (mistakes, a
re-saved file, a reordered sheet), read back by g2g import, checked by g2g validate and rag."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from g2g.plan.load import load_plan
from tests.helpers import FIXTURES, SHIPPED, run_in
from tests.helpers.returns import MONTH, fill, heading_columns, row_of, write_returns

DIRECTOR = "oldham-2019-2019-09-director-of-childrens-social-care.xlsx"
QA_LEAD = "oldham-2019-2019-09-assistant-director-of-quality-assurance-and-safeguarding.xlsx"
MD = "oldham-2019-2019-09-managing-director-of-childrens-services.xlsx"
CIC = "oldham-2019-2019-09-assistant-director-of-children-in-care.xlsx"
CEO = "oldham-2019-2019-09-chief-executive-and-managing-director-of-childrens-services.xlsx"


# --- filling returns in as a lead officer would --------------------------------------------


def figure(path: Path, action: str, target: str, value: object, number_format: str = "") -> None:
    """Type a figure on the Figures sheet."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Figures"]
    _, columns = heading_columns(ws)
    cell = ws.cell(row_of(ws, action, target), columns["Figure this month"])
    cell.value = value
    if number_format:
        cell.number_format = number_format
    wb.save(path)


def resave_plainly(path: Path) -> None:
    """What a re-save by another spreadsheet may do at worst: values only, no styles, no
    protection, no validation, every sheet visible, strings kept as typed."""
    old = openpyxl.load_workbook(path)
    new = openpyxl.Workbook()
    new.remove(new.active)
    for ws in old.worksheets:
        copy = new.create_sheet(ws.title)
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    copy.cell(cell.row, cell.column).value = cell.value
    new.save(path)


def reorder_hide_and_add_column(path: Path) -> None:
    """Sort the Updates rows backwards, hide the first, add a column of the lead's own."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Updates"]
    heading, _ = heading_columns(ws)
    rows = [
        [ws.cell(r, c).value for c in range(1, ws.max_column + 1)]
        for r in range(heading + 1, ws.max_row + 1)
    ]
    for offset, values in enumerate(reversed(rows)):
        for c, value in enumerate(values, start=1):
            ws.cell(heading + 1 + offset, c).value = value
    ws.insert_cols(2)
    ws.cell(heading, 2).value = "My own notes"
    ws.cell(heading + 1, 2).value = "Chase the audit team"
    ws.row_dimensions[heading + 1].hidden = True
    wb.save(path)


# --- the shipped plan round trip -----------------------------------------------------------


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    folder = tmp_path / "plans" / "oldham-2019"
    shutil.copytree(SHIPPED / "oldham-2019", folder)
    return tmp_path


def recorded(root: Path) -> dict[str, Any]:
    plan = load_plan(root / "plans" / "oldham-2019")
    return dict(plan.updates().get(MONTH, {}))


def test_returns_one_per_lead_with_their_live_actions(shipped: Path) -> None:
    folder = write_returns(shipped)
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([DIRECTOR, QA_LEAD, MD, CIC, CEO])
    wb = openpyxl.load_workbook(folder / DIRECTOR)
    assert wb.sheetnames == ["Instructions", "Updates", "Figures", "g2g"]
    assert wb["g2g"].sheet_state == "hidden"
    ws = wb["Updates"]
    heading, columns = heading_columns(ws)
    actions = [ws.cell(r, 1).value for r in range(heading + 1, ws.max_row + 1)]
    assert len(actions) == 17 and actions[0] == "SP-1" and "SP-3" not in actions
    r = row_of(ws, "PI-4")
    assert ws.cell(r, columns["Last rating"]).value == "Red (Aug 2019)"
    assert ws.cell(r, columns["Status"]).value == "In progress"
    assert ws.cell(r, columns["Rating this month"]).value is None
    figures = wb["Figures"]
    _, fcolumns = heading_columns(figures)
    fr = row_of(figures, "PI-4", "PI-4-plan-audits-good")
    assert figures.cell(fr, fcolumns["Last figure"]).value == "24% (Aug 2019)"
    assert figures.cell(fr, fcolumns["Expected this month"]).value.endswith("%")


def test_an_unchanged_return_imports_as_nothing(shipped: Path) -> None:
    folder = write_returns(shipped)
    code, out, err = run_in(
        shipped, "import", *[str(p) for p in folder.iterdir()], "--month", MONTH
    )
    assert code == 0, err
    assert "Nothing to record." in out
    assert "25 rows were left as sent" in out
    assert not (shipped / "plans" / "oldham-2019" / "progress" / f"{MONTH}.yaml").exists()


def test_filled_returns_round_trip_into_validate_and_rag(shipped: Path) -> None:
    folder = write_returns(shipped)
    director = folder / DIRECTOR
    fill(
        director,
        "PI-4",
        **{
            "Rating this month": "Amber",
            "Status": "In progress",
            "Progress this month": "Auditing schedule approved in September.",
            "Barriers and risks": "Two auditors short until October.",
            "Date of update (YYYY-MM-DD)": "2019-09-27",
        },
    )
    figure(director, "PI-4", "PI-4-plan-audits-good", 31)
    fill(director, "SP-1", **{"Rating this month": "green", "Progress this month": "Launched."})
    figure(director, "SP-1", "SP-1-annual-appraisal", 0.8, "0%")  # typed 80% in Excel
    # The QA lead's file comes back re-saved by another spreadsheet program.
    fill(folder / QA_LEAD, "SP-3", **{"Rating this month": "Red", "Progress this month": "Late."})
    resave_plainly(folder / QA_LEAD)
    # The managing director sorts the sheet, hides a row and adds a column of their own.
    fill(folder / MD, "PI-2", **{"Rating this month": "Amber", "Status": "Awaiting sign-off"})
    figure(folder / MD, "PI-2", "PI-2-permanence-audits-good", "40")
    reorder_hide_and_add_column(folder / MD)

    code, out, err = run_in(
        shipped, "import", *[str(p) for p in folder.iterdir()], "--month", MONTH
    )
    assert code == 0, err
    lines = [line for line in out.splitlines() if line.startswith(("SP-", "PI-", "QA-", "LD-"))]
    assert len(lines) == 4
    assert any(line.startswith("PI-4: recorded status in progress, rating Amber") for line in lines)
    assert "Recorded 4 updates in plans/oldham-2019/progress/2019-09.yaml." in out

    updates = recorded(shipped)
    assert sorted(updates) == ["PI-2", "PI-4", "SP-1", "SP-3"]
    pi4 = updates["PI-4"]
    assert (pi4.rag.value, pi4.status.value) == ("amber", "in_progress")
    assert pi4.narrative == "Auditing schedule approved in September."
    assert pi4.barriers == "Two auditors short until October."
    assert pi4.values == {"PI-4-plan-audits-good": 31}
    assert str(pi4.updated_on) == "2019-09-27"
    assert pi4.updated_by == "Director of Children’s Social Care"
    assert updates["SP-1"].values["SP-1-annual-appraisal"] == 80
    assert updates["SP-1"].status.value == "awaiting_sign_off"  # as in August, left as sent
    assert updates["SP-3"].rag.value == "red"
    assert updates["PI-2"].status.value == "awaiting_sign_off"
    assert updates["PI-2"].values == {"PI-2-permanence-audits-good": 40}

    code, out, err = run_in(shipped, "validate", "plans")
    assert code == 0, out + err
    code, out, err = run_in(shipped, "rag", "--month", MONTH, "--format", "json", "plans")
    assert code == 0, err
    actions = {a["action"]: a["recorded"] for a in json.loads(out)[0]["actions"]}
    typed = {"PI-4": "amber", "SP-1": "green", "SP-3": "red", "PI-2": "amber"}
    assert {a: r for a, r in actions.items() if r != "not_reported"} == typed

    # The same returns imported again change nothing.
    progress = shipped / "plans" / "oldham-2019" / "progress" / f"{MONTH}.yaml"
    before = progress.read_bytes()
    code, out, err = run_in(
        shipped, "import", *[str(p) for p in folder.iterdir()], "--month", MONTH
    )
    assert code == 0, err
    assert "Nothing to record." in out
    assert "4 already held what the return says" in out
    assert progress.read_bytes() == before


def test_mistakes_are_reported_cell_by_cell_and_nothing_is_imported(shipped: Path) -> None:
    folder = write_returns(shipped)
    director = folder / DIRECTOR
    fill(director, "PI-4", **{"Rating this month": "Purple"})
    fill(
        director,
        "PI-7",
        **{"Date of update (YYYY-MM-DD)": "07/03/2019", "Rating this month": "Red"},
    )
    fill(director, "QA-1", **{"Rating this month": "Amber"})
    figure(director, "PI-3", "PI-3-assessment-audits-good", "55%")
    figure(director, "PI-5", "PI-5-cwd-plan-audits-good", "fifty")
    fill(director, "SP-5", Action="QA-4", **{"Rating this month": "Green"})  # not theirs
    fill(director, "SP-6", Action="ZZ-1", **{"Rating this month": "Green"})  # not in the plan
    code, out, err = run_in(shipped, "import", str(director), "--month", MONTH)
    assert code == 1
    shown = f"returns/{DIRECTOR}"
    problems = [line for line in err.splitlines() if line.startswith(shown)]
    expected_starts = [
        f"{shown}:Figures!H",  # 55%
        f"{shown}:Figures!H",  # fifty
        f"{shown}:Updates!A",  # QA-4 another lead's
        f"{shown}:Updates!A",  # ZZ-1 not in the plan
        f"{shown}:Updates!J",  # Purple
        f"{shown}:Updates!N",  # 07/03/2019
    ]
    assert sorted(
        p[: len(s)] for p, s in zip(problems, sorted(expected_starts), strict=False)
    ) == sorted(expected_starts)
    text = "\n".join(problems)
    assert "'Purple' is not a rating - pick one of Red, Amber, Green" in text
    assert "'55%' - write 55 without the % sign" in text
    assert "'fifty' is not a number - write it in figures" in text
    assert (
        "'07/03/2019' could be either of two dates - write it as YYYY-MM-DD: 2019-03-07 or "
        "2019-07-03" in text
    )
    assert (
        "QA-4 is led by Assistant Director of Quality Assurance and Safeguarding, not Director"
        in text
    )
    assert "'ZZ-1' is not an action of plan oldham-2019" in text
    assert len(problems) == 6
    assert "nothing imported: 6 problems - correct them and import again" in err
    assert not (shipped / "plans" / "oldham-2019" / "progress" / f"{MONTH}.yaml").exists()

    # Asked for the good rows: QA-1 alone goes in, and the run still exits 1.
    code, out, err = run_in(shipped, "import", str(director), "--month", MONTH, "--good-rows")
    assert code == 1
    assert "QA-1: recorded" in out
    assert sorted(recorded(shipped)) == ["QA-1"]


def test_a_return_for_another_month_is_refused(shipped: Path) -> None:
    code, _, err = run_in(
        shipped,
        "returns",
        "--month",
        "2019-10",
        "--output-dir",
        "october",
        "--lead",
        "Managing Director of Children’s Services",
    )
    assert code == 0, err
    october = (
        shipped / "october" / "oldham-2019-2019-10-managing-director-of-childrens-services.xlsx"
    )
    fill(october, "PI-2", **{"Rating this month": "Green"})
    code, _, err = run_in(shipped, "import", str(october), "--month", MONTH)
    assert code == 1
    assert (
        "october/oldham-2019-2019-10-managing-director-of-childrens-services.xlsx:g2g!B3: this "
        "return is for 2019-10, not 2019-09 - import it with --month 2019-10" in err
    )


def test_a_recorded_update_is_kept_unless_replace(shipped: Path) -> None:
    folder = write_returns(shipped, "--lead", "Managing Director of Children’s Services")
    md = folder / MD
    fill(md, "QA-6", **{"Rating this month": "Amber", "Progress this month": "On track."})
    assert run_in(shipped, "import", str(md), "--month", MONTH)[0] == 0
    fill(md, "QA-6", **{"Rating this month": "Red"})
    code, out, err = run_in(shipped, "import", str(md), "--month", MONTH, "--dry-run")
    assert code == 1
    assert "QA-6 already has an update recorded for 2019-09 (Amber, by Managing Director" in err
    assert "import with --replace to overwrite it" in err
    assert recorded(shipped)["QA-6"].rag.value == "amber"
    code, out, err = run_in(shipped, "import", str(md), "--month", MONTH, "--replace", "--dry-run")
    assert code == 0, err
    assert "QA-6: would replace the earlier update with status in progress, rating Red" in out
    assert "Dry run: 1 update would be recorded" in out
    assert recorded(shipped)["QA-6"].rag.value == "amber"
    code, out, err = run_in(shipped, "import", str(md), "--month", MONTH, "--replace")
    assert code == 0, err
    assert "QA-6: replaced" in out
    assert recorded(shipped)["QA-6"].rag.value == "red"


def test_the_library_says_what_an_import_did(shipped: Path) -> None:
    from g2g.cycle.importing import import_returns, plans_by_id

    folder = write_returns(shipped, "--lead", "Managing Director of Children’s Services")
    md = folder / MD
    fill(md, "QA-6", **{"Rating this month": "Amber", "Progress this month": "On track."})
    plans = plans_by_id([shipped / "plans" / "oldham-2019"])
    result = import_returns([md], plans, MONTH, dry_run=True)
    summary = result.summary(dry_run=True, good_rows=False)
    assert summary.refusal is None and summary.left_out is None
    assert [line.split(" (from ")[0] for line in summary.lines] == [
        "QA-6: would record status in progress, rating Amber, progress note"
    ]
    assert summary.recorded.startswith("Dry run: 1 update would be recorded in ")
    assert summary.recorded.endswith("; nothing written.")
    assert recorded(shipped) == {}
    code, out, err = run_in(shipped, "import", str(md), "--month", MONTH, "--dry-run")
    assert code == 0, err
    assert out.splitlines()[0] == (
        f"QA-6: would record status in progress, rating Amber, progress note (from returns/{MD})"
    )
    where = "plans/oldham-2019/progress/2019-09.yaml; nothing written."
    assert summary.recorded.endswith(where)
    assert out.splitlines()[1:] == [
        f"Dry run: 1 update would be recorded in {where}",
        summary.unchanged,
    ]
    assert summary.unchanged == "1 row was left as sent; 0 already held what the return says."


def test_a_return_written_after_updates_starts_from_them(shipped: Path) -> None:
    """Cells pre-filled from the month's recorded update: sent back unchanged, nothing moves."""
    code, _, err = run_in(
        shipped,
        "update",
        "PI-8",
        "--month",
        MONTH,
        "--rag",
        "green",
        "--note",
        "Done.",
        "--value",
        "PI-8-staying-put=60",
        "plans",
    )
    assert code == 0, err
    folder = write_returns(shipped, "--lead", "Assistant Director of Children in Care")
    wb = openpyxl.load_workbook(folder / CIC)
    ws = wb["Updates"]
    _, columns = heading_columns(ws)
    assert ws.cell(row_of(ws, "PI-8"), columns["Rating this month"]).value == "Green"
    code, out, err = run_in(shipped, "import", str(folder / CIC), "--month", MONTH)
    assert code == 0, err
    assert "Nothing to record." in out


def test_formulas_and_changed_metadata_are_refused(shipped: Path) -> None:
    folder = write_returns(shipped, "--lead", "Managing Director of Children’s Services")
    md = folder / MD
    fill(md, "PI-2", **{"Progress this month": '=HYPERLINK("http://x")'})
    wb = openpyxl.load_workbook(md)
    wb["g2g"]["B3"].value = "2019-09 "
    wb.save(md)
    code, _, err = run_in(shipped, "import", str(md), "--month", MONTH)
    assert code == 1
    assert "g2g!B5: the hidden g2g sheet was changed after the return was written" in err
    code, _, err = run_in(  # the changed return is kept unless --force
        shipped,
        "returns",
        "--month",
        MONTH,
        "--output-dir",
        "returns",
        "--lead",
        "Managing Director of Children’s Services",
    )
    assert code == 2 and "is not a return as g2g wrote it" in err
    write_returns(shipped, "--lead", "Managing Director of Children’s Services", "--force")
    fill(md, "PI-2", **{"Progress this month": '=HYPERLINK("http://x")'})
    code, _, err = run_in(shipped, "import", str(md), "--month", MONTH)
    assert code == 1
    assert ":Updates!L" in err and "holds a formula - type the text or number itself" in err


def test_misuse_exits_2(shipped: Path) -> None:
    assert run_in(shipped, "import", "missing.xlsx", "--month", MONTH)[0] == 2
    assert run_in(shipped, "import", "plans", "--month", MONTH)[0] == 2
    assert run_in(shipped, "import", "x.xlsx")[0] == 2  # no --month
    assert run_in(shipped, "returns", "--month", "2019-13", "--output-dir", "o")[0] == 2
    assert run_in(shipped, "returns", "--month", "2030-01", "--output-dir", "o")[0] == 2
    code, _, err = run_in(
        shipped, "returns", "--month", MONTH, "--output-dir", "o", "--lead", "Nobody"
    )
    assert code == 2 and "leads no action" in err
    (shipped / "junk.xlsx").write_text("not a workbook")
    code, _, err = run_in(shipped, "import", "junk.xlsx", "--month", MONTH)
    assert code == 1
    assert "junk.xlsx: cannot be read: it is not an .xlsx workbook or it is damaged" in err


def test_one_return_for_everyone_on_another_plan(tmp_path: Path) -> None:
    root = tmp_path
    shutil.copytree(FIXTURES / "cycle" / "basic", root / "plans" / "basic")
    code, out, err = run_in(root, "returns", "--month", MONTH, "--by", "all", "--output-dir", "r")
    assert code == 0, err
    books = list((root / "r").iterdir())
    assert len(books) == 1 and books[0].name.endswith("-2019-09-all.xlsx")
    wb = openpyxl.load_workbook(books[0])
    ws = wb["Updates"]
    heading, columns = heading_columns(ws)
    first = ws.cell(heading + 1, columns["Action"]).value
    fill(books[0], first, **{"Rating this month": "Amber", "Progress this month": "Going."})
    code, out, err = run_in(root, "import", str(books[0]), "--month", MONTH)
    assert code == 0, err
    assert f"{first}: recorded" in out
    code, out, err = run_in(root, "validate", "plans")
    assert code == 0, out + err


OFFICE = (
    "needs LibreOffice Calc (soffice able to open .xlsx; Debian: libreoffice-calc-nogui) - "
    "run .ci/office-deps.sh"
)


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason=OFFICE)
def test_a_return_resaved_by_libreoffice_still_imports(shipped: Path) -> None:
    folder = write_returns(shipped, "--lead", "Managing Director of Children’s Services")
    md = folder / MD
    fill(md, "PI-2", **{"Rating this month": "Green", "Progress this month": "Done."})
    figure(md, "PI-2", "PI-2-permanence-audits-good", 45)
    out_dir = shipped / "lo"
    # A profile of its own: an soffice already running under the user's profile (or another
    # test run's) would take the job and return at once without writing the file. The timeout
    # is generous: the first start of a profile is slow on a loaded machine, and speed is not
    # what this test checks.
    profile = (shipped / "lo-profile").as_uri()
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", "xlsx", "--outdir", str(out_dir), str(md)],
        capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    said = done.stdout + done.stderr
    if "source file could not be loaded" in said and not (out_dir / MD).exists():
        pytest.skip(f"{OFFICE} (soffice is there but cannot open a workbook: {said.strip()})")
    assert done.returncode == 0 and (out_dir / MD).exists(), said
    code, _out, err = run_in(shipped, "import", str(out_dir / MD), "--month", MONTH)
    assert code == 0, err
    assert recorded(shipped)["PI-2"].rag.value == "green"
    assert recorded(shipped)["PI-2"].values == {"PI-2-permanence-audits-good": 45}


def test_no_written_cell_is_a_formula(shipped: Path) -> None:
    plan = shipped / "plans" / "oldham-2019" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace(
        "title: Practice standards and practitioner expectations",
        'title: "=HYPERLINK(\\"http://evil\\",\\"click\\")"',
    )
    text = text.replace("lead: Assistant Director of Children in Care", 'lead: "@SUM(1+1)"')
    plan.write_text(text, encoding="utf-8")
    assert run_in(shipped, "validate", "plans")[0] == 0
    folder = write_returns(shipped)
    books = list(folder.iterdir())
    seen = 0
    for book in books:
        wb = openpyxl.load_workbook(book)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{book.name}:{ws.title}!{cell.coordinate}"
                    if isinstance(cell.value, str) and cell.value.startswith(("=", "@")):
                        assert cell.quotePrefix, cell.coordinate
                        seen += 1
    assert seen >= 2
    # The lead's name that starts with @ still names their return on import.
    lead = next(b for b in books if b.name.endswith("-sum-1-1.xlsx"))
    fill(lead, "PI-8", **{"Rating this month": "Amber"})
    code, _out, err = run_in(shipped, "import", str(lead), "--month", MONTH)
    assert code == 0, err
    assert recorded(shipped)["PI-8"].updated_by == "@SUM(1+1)"


def test_returns_print_on_a4_landscape_and_lock_what_is_not_filled(shipped: Path) -> None:
    folder = write_returns(shipped, "--lead", "Managing Director of Children’s Services")
    wb = openpyxl.load_workbook(folder / MD)
    for name in ("Instructions", "Updates", "Figures"):
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.protection.sheet and not ws.protection.password
    ws = wb["Updates"]
    heading, columns = heading_columns(ws)
    assert ws.print_title_rows == f"${heading}:${heading}"
    r = row_of(ws, "PI-2")
    assert ws.cell(r, columns["Action"]).protection.locked
    assert ws.cell(r, columns["Last update"]).protection.locked
    for name in ("Rating this month", "Status", "Progress this month", "Barriers and risks"):
        assert not ws.cell(r, columns[name]).protection.locked
    lists = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert '"Red,Amber,Green"' in lists
    assert '"Not started,In progress,Awaiting sign-off,Complete,On hold"' in lists
    figures = wb["Figures"]
    _, fcolumns = heading_columns(figures)
    letter = get_column_letter(fcolumns["Figure this month"])
    checks = [dv for dv in figures.data_validations.dataValidation if letter in str(dv.sqref)]
    assert checks and checks[0].type == "decimal" and checks[0].formula2 == "100"


def test_import_into_a_month_started_by_g2g_month_keeps_every_other_byte(shipped: Path) -> None:
    assert run_in(shipped, "month", MONTH, "plans")[0] == 0
    progress = shipped / "plans" / "oldham-2019" / "progress" / f"{MONTH}.yaml"
    before = progress.read_text(encoding="utf-8").split("\n")
    folder = write_returns(shipped)
    fill(folder / DIRECTOR, "PI-4", **{"Rating this month": "Amber", "Progress this month": "A"})
    fill(folder / DIRECTOR, "QA-2", **{"Rating this month": "Green", "Progress this month": "B"})
    code, out, err = run_in(shipped, "import", str(folder / DIRECTOR), "--month", MONTH)
    assert code == 0, err
    assert "Recorded 2 updates" in out
    after = progress.read_text(encoding="utf-8")
    assert "&id" not in after and "*id" not in after  # no YAML anchors for a shared date

    def outside(lines: list[str]) -> list[str]:
        """The lines outside the two entries (from "- action:" to the blank line after)."""
        edited: set[int] = set()
        for action in ("PI-4", "QA-2"):
            start = lines.index(f"  - action: {action}")
            edited.update(range(start, lines.index("", start)))
        return [line for index, line in enumerate(lines) if index not in edited]

    assert outside(after.split("\n")) == outside(before)
    # A later g2g update splices its entry too (the file kept g2g's own layout).
    code, out, err = run_in(
        shipped, "update", "SP-1", "--month", MONTH, "--rag", "amber", "--note", "C", "plans"
    )
    assert code == 0, err
    assert "rewritten" not in out


def test_a_note_that_needs_quotes_replaces_a_folded_one(tmp_path: Path) -> None:
    """A return's note with ': ' in it, over a narrative written as a >- block, reads back as
    typed (ruamel.yaml used to keep the old block style around the quoted text)."""
    shutil.copytree(FIXTURES / "cycle" / "basic", tmp_path / "plans" / "basic")
    code, _, err = run_in(tmp_path, "returns", "--month", "2019-08", "--output-dir", "r")
    assert code == 0, err
    book = next(b for b in (tmp_path / "r").iterdir() if "director" in b.name)
    fill(book, "SP-1", **{"Progress this month": "Done: all teams briefed"})
    code, _out, err = run_in(tmp_path, "import", str(book), "--month", "2019-08", "--replace")
    assert code == 0, err
    plan = load_plan(tmp_path / "plans" / "basic")
    assert plan.updates()["2019-08"]["SP-1"].narrative == "Done: all teams briefed"
    assert run_in(tmp_path, "validate", "plans")[0] == 0


# --- issue 25: file names never collide, a filled return is never written over -------------


def test_leads_whose_names_give_one_file_name_each_get_their_own_return(tmp_path: Path) -> None:
    root = tmp_path
    folder = root / "plans" / "oldham-2019"
    shutil.copytree(SHIPPED / "oldham-2019", folder)
    plan = folder / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    first = "lead: Director of Children’s Social Care"
    assert text.count(first) > 2
    # one action's lead becomes "Director of Childrens' Social Care": the same file name
    text = text.replace(first, 'lead: "Director of Childrens\' Social Care"', 1)
    plan.write_text(text, encoding="utf-8")
    code, _, err = run_in(root, "returns", "--month", MONTH, "--output-dir", "returns")
    assert code == 0, err
    names = sorted(p.name for p in (root / "returns").iterdir())
    base = DIRECTOR.removesuffix(".xlsx")
    twins = [n for n in names if n.startswith(base)]
    assert len(twins) == 2 and DIRECTOR not in twins  # both suffixed, neither overwritten
    assert all(re.fullmatch(re.escape(base) + r"-[0-9a-f]{6}\.xlsx", n) for n in twins)
    assert err.count("the same file name, so each has a suffix") == 2
    leads = {
        openpyxl.load_workbook(root / "returns" / n)["Instructions"]["A1"].value for n in twins
    }
    assert len(leads) == 2
    assert run_in(root, "returns", "--month", MONTH, "--output-dir", "again")[0] == 0
    assert sorted(p.name for p in (root / "again").iterdir()) == names  # the same names again


def test_return_names_are_unique_and_stable() -> None:
    from g2g.engine.returns import ReturnBook, return_names
    from g2g.plan.model_base import RagScale

    def book(plan: str, lead: str | None) -> ReturnBook:
        return ReturnBook(plan, "t", "c", "2019-09", lead, RagScale.rag, ())

    names = return_names([book("p", "A/B"), book("p", "A B"), book("p", "C"), book("q", "A B")])
    assert names[2:] == ["p-2019-09-c.xlsx", "q-2019-09-a-b.xlsx"]
    assert len({n.lower() for n in names}) == 4 and names[0] != names[1]
    assert return_names([book("p", "A B"), book("p", "A/B")]) == [names[1], names[0]]
    with pytest.raises(ValueError, match="two plans have the id p"):
        return_names([book("p", "A"), book("p", "A")])
    with pytest.raises(ValueError, match="two plans have the id p"):
        return_names([book("p", None), book("p", None)])


def test_a_filled_return_is_not_written_over_without_force(shipped: Path) -> None:
    folder = write_returns(shipped)
    fill(folder / DIRECTOR, "PI-4", **{"Rating this month": "Green"})
    filled = (folder / DIRECTOR).read_bytes()
    untouched = (folder / QA_LEAD).read_bytes()
    code, out, err = run_in(shipped, "returns", "--month", MONTH, "--output-dir", "returns")
    assert code == 2, out + err
    assert f"returns/{DIRECTOR} holds updates filled in since it was written" in err
    assert "--force" in err and "g2g import" in err
    assert (folder / DIRECTOR).read_bytes() == filled
    assert (folder / QA_LEAD).read_bytes() == untouched  # nothing written when one is refused
    # another file saved under a return's name is not written over either
    (folder / CIC).write_bytes(b"not a workbook")
    (folder / DIRECTOR).unlink()
    code, out, err = run_in(shipped, "returns", "--month", MONTH, "--output-dir", "returns")
    assert code == 2 and f"returns/{CIC} is not a return as g2g wrote it" in err
    assert not (folder / DIRECTOR).exists()
    code, out, err = run_in(
        shipped, "returns", "--month", MONTH, "--output-dir", "returns", "--force"
    )
    assert code == 0, err
    assert openpyxl.load_workbook(folder / CIC)["g2g"] is not None


def test_an_unchanged_return_may_be_written_again(shipped: Path) -> None:
    write_returns(shipped)
    write_returns(shipped)  # nobody filled them in: no --force needed


def test_an_update_dated_far_from_its_month_is_not_imported(shipped: Path) -> None:
    folder = write_returns(shipped)
    wrong = (
        ("1900-01-01", "is more than a year before 2019-09"),
        ("2999-01-01", "is in the future"),
    )
    for day, words in wrong:
        fill(
            folder / DIRECTOR,
            "PI-4",
            **{"Rating this month": "Green", "Date of update (YYYY-MM-DD)": day},
        )
        code, out, err = run_in(shipped, "import", str(folder / DIRECTOR), "--month", MONTH)
        assert code == 1, out + err
        assert ":Updates!" in err and f"{day} {words}" in err
        assert not recorded(shipped)
    fill(folder / DIRECTOR, "PI-4", **{"Date of update (YYYY-MM-DD)": "2019-09-28"})
    code, out, err = run_in(shipped, "import", str(folder / DIRECTOR), "--month", MONTH)
    assert code == 0, out + err
    assert recorded(shipped)["PI-4"].updated_on.isoformat() == "2019-09-28"


def test_a_figure_of_400_digits_is_a_cell_problem(shipped: Path) -> None:
    folder = write_returns(shipped)
    wb = openpyxl.load_workbook(folder / DIRECTOR)
    ws = wb["Figures"]
    _, columns = heading_columns(ws)
    ws.cell(
        row_of(ws, "PI-4", "PI-4-plan-audits-good"), columns["Figure this month"]
    ).value = 987654321
    wb.save(folder / DIRECTOR)
    # openpyxl cannot write so long a number, Excel's XML can hold one: put it there
    import zipfile

    path = folder / DIRECTOR
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    found = [n for n, data in parts.items() if b"<v>987654321</v>" in data]
    assert len(found) == 1
    parts[found[0]] = parts[found[0]].replace(b"<v>987654321</v>", b"<v>1" + b"0" * 399 + b"</v>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)
    code, out, err = run_in(shipped, "import", str(folder / DIRECTOR), "--month", MONTH)
    assert code == 1, out + err
    assert "Traceback" not in out + err
    assert ":Figures!" in err and "is too large to be a measured value" in err
    assert not recorded(shipped)


def test_a_file_that_is_no_workbook_is_one_problem_not_one_cell(shipped: Path) -> None:
    # "nothing imported: 1 cell could not be accepted - correct them" for a file that is not
    # a workbook at all: no cell is at fault, and one problem is "it"
    (shipped / "x.xlsx").write_text("hello", encoding="utf-8")
    code, _, err = run_in(shipped, "import", "x.xlsx", "--month", MONTH, "plans/oldham-2019")
    assert code == 1
    assert "x.xlsx: cannot be read: it is not an .xlsx workbook" in err
    assert "nothing imported: 1 problem - correct it and import again" in err
