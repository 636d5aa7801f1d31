"""The officer fields, declared once (g2g.plan.officer_fields): barriers and support needed
reach every place an officer's update goes - g2g update's options and its library call, the
return written and read back, the tracker export, g2g month's file and the public view of an
exempt update - on the shipped Oldham 2019 plan and on Bradford 2018; and a row added to the
table shows up in each consumer without touching it."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest

from g2g.cycle.update import UpdateRequest, record_update
from g2g.plan.exempt import public_update
from g2g.plan.load import load_plan
from g2g.plan.model_progress import Update
from g2g.plan.officer_fields import OFFICER_FIELDS, Kind, officer_field
from tests.helpers import FIXTURES, SHIPPED, run_in
from tests.helpers.returns import fill, heading_columns, row_of, write_returns

OLDHAM = ("oldham-2019", SHIPPED / "oldham-2019", "PI-4", "2019-08")
BRADFORD = ("bradford-2018", FIXTURES / "plans" / "bradford-2018", "FD-2", "2019-03")
SUPPORT = "A decision on agency cover by the October board."
BARRIERS = "Two auditors short until October."


def copy(tmp_path: Path, name: str, source: Path) -> Path:
    folder = tmp_path / "plans" / name
    shutil.copytree(source, folder)
    return folder


def recorded(folder: Path, month: str, action: str) -> Update:
    return load_plan(folder).updates()[month][action]


@pytest.mark.parametrize("plan", [OLDHAM, BRADFORD], ids=lambda p: p[0])
def test_update_records_barriers_and_support_needed_keeping_the_file(
    tmp_path: Path, plan: tuple[str, Path, str, str]
) -> None:
    name, source, action, month = plan
    folder = copy(tmp_path, name, source)
    progress = folder / "progress" / f"{month}.yaml"
    before = progress.read_text(encoding="utf-8").splitlines()
    code, out, err = run_in(
        tmp_path,
        "update", action, "--month", month, "--barriers", BARRIERS,
        "--support-needed", SUPPORT, str(folder),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith(f"Recorded {action} in ")
    assert "barriers, support needed" in out
    update = recorded(folder, month, action)
    assert (update.barriers, update.support_needed) == (BARRIERS, SUPPORT)
    after = progress.read_text(encoding="utf-8").splitlines()
    kept = [line for line in before if line.lstrip().startswith("#")]
    assert kept == [line for line in after if line.lstrip().startswith("#")]  # comments kept
    added = [line.strip() for line in after if line.strip() and line not in before]
    assert [line.partition(":")[0] for line in added] == [
        "barriers",
        "support_needed",
        "updated_on",
    ]
    assert f"support_needed: {SUPPORT}" in added
    assert all(line in after for line in before)  # nothing else changed
    code, out, err = run_in(tmp_path, "validate", str(folder))
    assert code == 0, out + err


def test_support_needed_alone_is_something_to_record_and_blank_is_refused(tmp_path: Path) -> None:
    folder = copy(tmp_path, "oldham-2019", SHIPPED / "oldham-2019")
    base = ["update", "SP-1", "--month", "2019-09", str(folder)]
    assert run_in(tmp_path, *base, "--support-needed", SUPPORT)[0] == 0
    assert recorded(folder, "2019-09", "SP-1").support_needed == SUPPORT
    code, _, err = run_in(tmp_path, *base, "--support-needed", "  ")
    assert code == 2
    assert "--support-needed is empty" in err
    code, _, err = run_in(tmp_path, *base, "--barriers", "bell\x07")
    assert code == 2
    assert "--barriers" in err and "Traceback" not in err
    code, _, err = run_in(tmp_path, "update", "SP-1", "--month", "2019-09", str(folder))
    assert code == 2
    assert "--barriers, --support-needed" in err


def test_the_library_records_support_needed(tmp_path: Path) -> None:
    folder = copy(tmp_path, "bradford-2018", FIXTURES / "plans" / "bradford-2018")
    request = UpdateRequest(
        action="FD-2",
        month="2019-03",
        updated_on=dt.date(2019, 3, 28),
        notes={"support_needed": SUPPORT},
    )
    result = record_update(folder, request)
    assert result.update.support_needed == SUPPORT
    assert request.get(officer_field("support_needed")) == SUPPORT
    assert recorded(folder, "2019-03", "FD-2").support_needed == SUPPORT


def test_a_return_carries_support_needed_there_and_back(tmp_path: Path) -> None:
    copy(tmp_path, "oldham-2019", SHIPPED / "oldham-2019")
    folder = write_returns(tmp_path)
    book = next(p for p in folder.iterdir() if "director-of-childrens-social-care" in p.name)
    wb = openpyxl.load_workbook(book)
    _, columns = heading_columns(wb["Updates"])
    headings = list(columns)
    # the columns of g2g 0.2 keep their places; the new one comes last
    assert headings[-2:] == ["Date of update (YYYY-MM-DD)", "Support needed"]
    cell = wb["Updates"].cell(row_of(wb["Updates"], "PI-4"), columns["Support needed"])
    assert cell.protection.locked is False  # a cell to fill
    told = " ".join(str(c.value) for c in wb["Instructions"]["A"] if c.value)
    assert "any barriers or risks, the date of your update, and any support you need" in told
    meta = [r for r in wb["g2g"].iter_rows(values_only=True) if r[0] == "Updates"]
    assert all(json.loads(str(r[3]))["support_needed"] == "" for r in meta)
    fill(book, "PI-4", **{"Barriers and risks": BARRIERS, "Support needed": SUPPORT})
    code, out, err = run_in(tmp_path, "import", str(book), "--month", "2019-09")
    assert code == 0, err
    assert "barriers, support needed" in out
    update = recorded(tmp_path / "plans" / "oldham-2019", "2019-09", "PI-4")
    assert (update.barriers, update.support_needed) == (BARRIERS, SUPPORT)


def test_a_return_without_the_new_column_reads_as_before(tmp_path: Path) -> None:
    """A return laid out by g2g 0.2 (no Support needed column) is still read back; a text
    column the return does not know is ignored, never taken for barriers."""
    copy(tmp_path, "oldham-2019", SHIPPED / "oldham-2019")
    folder = write_returns(tmp_path)
    book = next(p for p in folder.iterdir() if "director-of-childrens-social-care" in p.name)
    wb = openpyxl.load_workbook(book)
    ws = wb["Updates"]
    heading, columns = heading_columns(ws)
    ws.delete_cols(columns["Support needed"])
    ws.cell(heading, columns["Support needed"]).value = "My own notes"
    ws.cell(row_of(ws, "PI-4"), columns["Support needed"]).value = "Not for g2g."
    wb.save(book)
    fill(book, "PI-4", **{"Rating this month": "Amber", "Barriers and risks": BARRIERS})
    code, _, err = run_in(tmp_path, "import", str(book), "--month", "2019-09")
    assert code == 0, err
    update = recorded(tmp_path / "plans" / "oldham-2019", "2019-09", "PI-4")
    assert (update.rag and update.rag.value, update.barriers) == ("amber", BARRIERS)
    assert update.support_needed is None


def test_the_export_shows_support_needed_after_the_history(tmp_path: Path) -> None:
    folder = copy(tmp_path, "oldham-2019", SHIPPED / "oldham-2019")
    args = ["update", "PI-4", "--month", "2019-08", "--support-needed", SUPPORT, str(folder)]
    assert run_in(tmp_path, *args)[0] == 0
    code, _, err = run_in(tmp_path, "export", "--month", "2019-08", "--output", "t.xlsx")
    assert code == 0, err
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["Tracker"]
    headings = [c.value for c in ws[1]]
    assert headings[-2:] == ["Aug 2019", "Support needed"]
    assert headings.index("Barriers and risks") == headings.index("Progress this month") + 1
    pi4 = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 4).value == "PI-4")
    sp1 = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 4).value == "SP-1")
    assert ws.cell(pi4, len(headings)).value == SUPPORT
    assert ws.cell(sp1, len(headings)).value in (None, "")


@pytest.mark.parametrize("plan", [OLDHAM, BRADFORD], ids=lambda p: p[0])
def test_month_lists_the_fields_and_leaves_optional_ones_out_of_entries(
    tmp_path: Path, plan: tuple[str, Path, str, str]
) -> None:
    name, source, _, month = plan
    folder = copy(tmp_path, name, source)
    following = f"{int(month[:4]) + (month[5:] == '12')}-{int(month[5:]) % 12 + 1:02d}"
    code, _, err = run_in(tmp_path, "month", following, str(folder))
    assert code == 0, err
    text = (folder / "progress" / f"{following}.yaml").read_text(encoding="utf-8")
    header = text[: text.index("\nmonth:")]
    for officer in OFFICER_FIELDS:
        assert f"#   {officer.name}: " in header, officer.name
    entries = text[text.index("\nupdates:") :]
    assert "support_needed:" not in entries and "barriers:" not in entries
    assert "narrative:" in entries
    assert run_in(tmp_path, "validate", str(folder))[0] == 0


def test_an_exempt_update_withholds_support_needed() -> None:
    update = Update.model_validate(
        {
            "action": "SP-1",
            "status": "in_progress",
            "rag": "amber",
            "narrative": "SECRET narrative",
            "barriers": "SECRET barriers",
            "support_needed": "SECRET support",
            "updated_on": "2019-08-30",
            "exempt": 2,
        }
    )
    shown = public_update(update)
    assert shown.support_needed is None and shown.barriers is None
    assert "SECRET" not in json.dumps(shown.model_dump(mode="json"))
    assert (shown.rag, shown.status) == (update.rag, update.status)
    for officer in OFFICER_FIELDS:  # free text never stays public
        assert not (officer.kind is Kind.text and officer.public_when_exempt), officer.name


def test_every_officer_field_is_a_field_of_the_update_model() -> None:
    names = [f.name for f in OFFICER_FIELDS]
    assert len(set(names)) == len(names)
    assert set(names) <= set(Update.model_fields)
    assert set(Update.model_fields) - set(names) == {"action", "exempt"}
    keys = [f.key for f in OFFICER_FIELDS if f.heading]
    assert keys[:5] == ["rating", "status", "narrative", "barriers", "updated_on"]  # as in 0.2


PROBE = """
import json
from dataclasses import replace
from g2g.plan import officer_fields as table
extra = table.OfficerField(
    "probe_note", table.Kind.text, "Probe heading", 21, option="probe-note",
    help="PROBE-HELP", tracker=table.TrackerPlace.end, optional=True, paper=True,
)
table.OFFICER_FIELDS = (*table.OFFICER_FIELDS, extra)
from g2g.engine.returns import RETURN_FIELDS, UPDATE_FILLED, UPDATE_HEADINGS
from g2g.output.returns import UPDATE_WIDTHS
from g2g.output.export import TRACKER_END
from g2g.plan.exempt import STAYS_PUBLIC
from g2g.plan.model_progress import Update
from g2g.cycle.update import UpdateRequest
from g2g.engine.derive import paper_notes
from types import SimpleNamespace
from typer.testing import CliRunner
from g2g.cli.app import app
help = CliRunner().invoke(app, ["update", "--help"], terminal_width=200).stdout
request = UpdateRequest(action="SP-1", month="2019-09")
request.put(extra, "x")
print(json.dumps({
    "heading": list(UPDATE_HEADINGS.values())[-1],
    "filled": "probe_note" in UPDATE_FILLED,
    "width": UPDATE_WIDTHS["probe_note"],
    "export": [f.name for f in TRACKER_END],
    "public": "probe_note" in STAYS_PUBLIC[Update],
    "option": "--probe-note" in help and "PROBE-HELP" in help,
    "request": request.get(extra),
    "paper": paper_notes(SimpleNamespace(barriers=None, support_needed="S", probe_note="P")),
}))
"""


def test_a_row_added_to_the_table_reaches_every_consumer() -> None:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(PROBE)],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen == {
        "heading": "Probe heading",
        "filled": True,
        "width": 21,
        "export": ["support_needed", "probe_note"],
        "public": False,
        "option": True,
        "request": "x",
        "paper": {"support_needed": "S", "probe_note": "P"},
    }


@pytest.mark.parametrize("plan", [OLDHAM, BRADFORD], ids=lambda p: p[0])
def test_the_papers_tracker_shows_barriers_and_support_needed(
    tmp_path: Path, plan: tuple[str, Path, str, str]
) -> None:
    name, source, action, month = plan
    folder = copy(tmp_path, name, source)
    args = ("report", str(folder), "--month", month, "--format", "markdown")
    before = run_in(tmp_path, *args)[1]
    assert BARRIERS not in before and SUPPORT not in before
    code, _, err = run_in(
        tmp_path,
        "update", action, "--month", month, "--barriers", BARRIERS,
        "--support-needed", SUPPORT, str(folder),
    )  # fmt: skip
    assert (code, err) == (0, "")
    code, paper, err = run_in(tmp_path, *args)
    assert code == 0, err
    rows = [line for line in paper.splitlines() if BARRIERS in line or SUPPORT in line]
    assert len(rows) == 1  # the tracker's row of the action, and no other line
    cell = rows[0]
    assert f"**{action}**" in cell
    assert f"<br>Barriers and risks: {BARRIERS}<br>Support needed: {SUPPORT} |" in cell
    # the rest of the paper is as it was: the two fields reach the tracker alone
    changed = [line for line in paper.splitlines() if line not in before.splitlines()]
    assert changed == [cell]
