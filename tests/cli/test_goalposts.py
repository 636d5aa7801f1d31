"""Moved goalposts through the CLI: a re-baselined due date's slippage in ``g2g rag`` (line,
CSV, JSON) and ``g2g due``, and a re-baselined milestone value judged by the value in force."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, run_in

SLIPPED = "due Jul 2019, revised to Oct 2019 (+3 months)"


@pytest.fixture
def moved(tmp_path: Path) -> Path:
    """The basic plan with A-1's due date moved from Jul to Oct 2019 and T-audits' Oct 2019
    milestone lowered from 55% to 40%, both agreed in Jul 2019."""
    target = tmp_path / "moved"
    shutil.copytree(FIXTURES / "rag" / "basic", target)
    plan = target / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    due = "            timescale: {start: 2019-04, due: 2019-07}"
    milestone = "                  - {month: 2019-10, value: 55}"
    assert due in text and milestone in text
    text = text.replace(
        due,
        "            timescale:\n"
        "              start: 2019-04\n"
        "              due: 2019-10\n"
        "              revisions:\n"
        "                - {was: 2019-07, to: 2019-10, agreed: 2019-07, reason: Sickness,"
        " agreed_by: Board}",
    ).replace(
        milestone,
        "                  - month: 2019-10\n"
        "                    value: 40\n"
        "                    revisions:\n"
        "                      - {was: 55, to: 40, agreed: 2019-07, reason: Tool late,"
        " agreed_by: Board}",
    )
    plan.write_text(text, encoding="utf-8")
    return target


def rows(folder: Path, *args: str) -> dict[str, dict[str, str]]:
    code, out, err = run_in(folder, *args, "--format", "csv", ".")
    assert code == 0, err
    return {row.get("action", ""): row for row in csv.DictReader(io.StringIO(out))}


def test_rag_shows_the_slippage_in_its_lines_csv_and_json(moved: Path) -> None:
    found = rows(moved, "rag", "--by", "action", "--month", "2019-08")
    assert found["A-1"]["slippage"] == SLIPPED
    assert found["A-2"]["slippage"] == ""
    code, out, _ = run_in(
        moved, "rag", "--by", "action", "--month", "2019-08", "--format", "csv", "."
    )
    assert code == 0
    header = out.splitlines()[0].split(",")
    assert header[-3:] == ["evidence_requested", "slippage", "challenged_by"]
    code, out, _ = run_in(moved, "rag", "--by", "action", "--month", "2019-08", ".")
    assert code == 0
    line = next(x for x in out.splitlines() if x.strip().startswith("A-1 Appraisals -"))
    assert line.rstrip().endswith(f"({SLIPPED})")
    code, out, _ = run_in(moved, "rag", "--month", "2019-08", "--format", "json", ".")
    assert code == 0
    actions = {a["action"]: a for a in json.loads(out)[0]["actions"]}
    assert actions["A-1"]["slippage"] == SLIPPED and actions["A-2"]["slippage"] is None


def test_a_revised_milestone_value_is_judged_from_the_month_it_was_agreed(moved: Path) -> None:
    # June, before the re-baseline: 13% in Apr to 55% in Oct expects 27%; 20% is Red
    june = rows(moved, "rag", "--by", "action", "--month", "2019-06")["A-2"]
    assert june["derived"] == "Red"
    assert "20% against 27% expected for Jun 2019, on the way to 55%" in june["derived_reason"]
    # July, the revision in force: 13% to 40% expects 26.5%; 30% is on track against it
    july = rows(moved, "rag", "--by", "action", "--month", "2019-07")["A-2"]
    assert "30% against 26.5% expected for Jul 2019, on the way to 40%" in july["derived_reason"]
    assert "- on track" in july["derived_reason"]


def test_due_shows_the_slippage_and_the_milestone_value_in_force(moved: Path) -> None:
    code, out, err = run_in(moved, "due", "--month", "2019-08", "--weeks", "20", ".")
    assert code == 0, err
    # the table wraps long cells onto the next line
    line = next(x for x in out.splitlines() if " A-1 " in x)
    assert f"Action {SLIPPED}:" in line
    code, out, err = run_in(
        moved, "due", "--month", "2019-08", "--weeks", "20", "--format", "markdown", "."
    )
    assert code == 0, err
    assert f"Action {SLIPPED}: Appraisals" in out
    assert "Audits judged Good or Outstanding: 40% expected" in out
    code, out, err = run_in(
        moved, "due", "--month", "2019-06", "--weeks", "30", "--format", "csv", "."
    )
    assert code == 0, err
    found = list(csv.DictReader(io.StringIO(out)))
    a1 = next(r for r in found if r["action"] == "A-1")
    # in June the move was not yet agreed: the date then in force, and no slippage
    assert (a1["date"], a1["slippage"]) == ("2019-07-31", "")
    audits = next(r for r in found if r["target"] == "T-audits" and r["date"] == "2019-10-31")
    # in June the milestone in force was still 55%
    assert float(audits["expected"]) == 55


def test_rag_shows_no_slippage_before_the_move_was_agreed(moved: Path) -> None:
    june = rows(moved, "rag", "--by", "action", "--month", "2019-06")["A-1"]
    assert june["slippage"] == ""
    july = rows(moved, "rag", "--by", "action", "--month", "2019-07")["A-1"]
    assert july["slippage"] == SLIPPED


def paper(folder: Path, month: str) -> str:
    code, out, err = run_in(folder, "report", "--format", "markdown", "--month", month, ".")
    assert code == 0, err
    return out


def test_the_paper_shows_the_slippage_wherever_it_lists_the_action(moved: Path) -> None:
    august = paper(moved, "2019-08")
    tracker = next(x for x in august.splitlines() if "**A-1** Appraisals<br>" in x)
    assert f"Apr 2019 to 31 Oct 2019 ({SLIPPED})" in tracker
    due = next(x for x in august.splitlines() if "| Action due |" in x and "**A-1**" in x)
    assert f"Completion of the action: {SLIPPED}" in due
    # the evidence request (recorded Green, in progress, no figures) carries it too
    note = next(x for x in august.splitlines() if x.startswith("- **A-1** Appraisals:"))
    assert note.endswith("Due Jul 2019, revised to Oct 2019 (+3 months).")
    november = paper(moved, "2019-11")
    overdue = next(x for x in november.splitlines() if x.startswith("| Overdue | **A-1**"))
    assert "Due 31 Oct 2019, not complete. Due Jul 2019, revised to Oct 2019 (+3 months)." in (
        overdue
    )
    # a paper for a month before the move was agreed shows the date then in force, no slippage
    june = paper(moved, "2019-06")
    assert "revised" not in june
    tracker = next(x for x in june.splitlines() if "**A-1** Appraisals<br>" in x)
    assert "Apr 2019 to 31 Jul 2019 |" in tracker
