"""g2g due and the paper's 12-week section carry the plan's calendar: planned visits, the
plan's deadline with Ofsted, board meetings and their papers' publication deadlines."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.engine.due import (
    MEETING,
    PAPER_DEADLINE,
    PLAN_DEADLINE,
    VISIT,
    Window,
    due_items,
)
from g2g.plan.governance import plan_clock
from g2g.plan.load import load_plan
from g2g.plan.model_plan import PlanFile
from tests.helpers import FIXTURES, SHIPPED

runner = CliRunner()
BASIC = FIXTURES / "cycle" / "basic"
OLDHAM = SHIPPED / "oldham-2019"


def model_of(folder: Path) -> PlanFile:
    plan = load_plan(folder)
    assert plan.model is not None, plan.diagnostics
    return plan.model


def calendar(folder: Path, window: Window) -> list[tuple[str, str, str, str | None]]:
    plan = load_plan(folder)
    assert plan.model is not None
    found = due_items(plan.model.plan.id, plan.model, plan.updates(), window)
    return [
        (i.state.value, i.date.isoformat(), i.kind, i.event)
        for i in found
        if i.kind in (VISIT, PLAN_DEADLINE, MEETING, PAPER_DEADLINE)
    ]


def test_shipped_plan_lists_the_scrutiny_meeting_and_its_paper_deadline() -> None:
    found = calendar(OLDHAM, Window.of(dt.date(2019, 8, 15), 12))
    assert found == [
        ("due", "2019-09-02", PAPER_DEADLINE, "scrutiny"),
        ("due", "2019-09-10", MEETING, "scrutiny"),
    ]
    # Submitted on 11 June 2019, on its deadline: no plan deadline item.
    assert all(
        k != PLAN_DEADLINE for _, _, k, _ in calendar(OLDHAM, Window.of(dt.date(2019, 7, 1), 12))
    )


def test_cli_due_on_the_shipped_plan() -> None:
    result = runner.invoke(app, ["due", "--from", "2019-08-15", str(OLDHAM)])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    paper = next(line for line in lines if line.startswith("2019-09-02"))
    meeting = next(line for line in lines if line.startswith("2019-09-10"))
    assert (
        "in 18 days" in paper
        and "Paper deadline: Overview and Scrutiny Board of 2019-09-10" in paper
    )
    assert "Overview and Scrutiny Board meets" in meeting
    assert lines.index(paper) < lines.index(meeting)


def with_calendar(tmp_path: Path) -> Path:
    folder = tmp_path / "plan"
    shutil.copytree(BASIC, folder)
    path = folder / "plan.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "  period:\n",
        "  status: draft\n"
        "  boards:\n"
        "    - id: board\n"
        "      name: Improvement Board\n"
        "      meetings:\n"
        "        - {date: 2019-06-20, month: 2019-05}\n"
        "        - {date: 2019-07-02, month: 2019-06, paper_published: 2019-06-20}\n"
        "        - {date: 2019-07-16, status: cancelled, month: 2019-06}\n"
        "        - {date: 2019-08-01}\n"
        "  period:\n",
        1,
    )
    text = text.replace(
        "\nareas:\n",
        "\n  - id: fv-2019\n"
        "    kind: focused_visit\n"
        "    start: 2019-07-23\n"
        "    status: planned\n"
        "    focus: the front door and MASH\n"
        "  - id: mv-2019\n"
        "    kind: monitoring_visit\n"
        "    start: 2019-06-10\n"
        "    status: held\n"
        "\nareas:\n",
        1,
    )
    path.write_text(text, encoding="utf-8")
    return folder


def test_fixture_with_a_planned_visit_and_an_unsubmitted_plan(tmp_path: Path) -> None:
    folder = with_calendar(tmp_path)
    model = model_of(folder)
    clock = plan_clock(model)
    assert clock is not None and not clock.stated
    # 70 working days after 4 March 2019 (Good Friday, Easter Monday, two May bank holidays
    # left out): 14 June 2019.
    assert clock.deadline == dt.date(2019, 6, 14)
    found = calendar(folder, Window.of(dt.date(2019, 6, 17), 8))
    assert found == [
        # The 20 June meeting's paper was due by 12 June (five clear working days) and is not
        # published; the plan is not submitted and its deadline passed: passed (never
        # "overdue", which is for actions), first.
        ("passed", "2019-06-12", PAPER_DEADLINE, "board"),
        ("passed", "2019-06-14", PLAN_DEADLINE, "ilacs-2019"),
        ("due", "2019-06-20", MEETING, "board"),
        # The 2 July paper was published on 20 June, after this window's start.
        ("due", "2019-06-24", PAPER_DEADLINE, "board"),
        ("due", "2019-07-02", MEETING, "board"),
        ("due", "2019-07-23", VISIT, "fv-2019"),
        ("due", "2019-08-01", MEETING, "board"),  # no paper on the plan: no deadline
    ]
    # From 21 June the 2 July paper is published: no deadline; the cancelled 16 July meeting
    # never shows.
    later = calendar(folder, Window.of(dt.date(2019, 6, 21), 8))
    assert [d for _, d, k, _ in later if k == PAPER_DEADLINE] == []
    assert "2019-07-16" not in [d for _, d, _, _ in later]
    # The meeting of 20 June needed its paper by 12 June: passed, not published, overdue.
    earlier = calendar(folder, Window.of(dt.date(2019, 6, 10), 1))
    assert earlier == [
        ("due", "2019-06-12", PAPER_DEADLINE, "board"),
        ("due", "2019-06-14", PLAN_DEADLINE, "ilacs-2019"),
    ]  # the monitoring visit of 10 June is held: not listed


def test_calendar_in_every_format(tmp_path: Path) -> None:
    folder = with_calendar(tmp_path)
    args = ["due", "--from", "2019-07-01", "--weeks", "4", str(folder)]
    table = runner.invoke(app, args)
    assert table.exit_code == 0, table.stderr
    assert "Focused visit planned: the front door and MASH" in table.stdout
    assert "Plan due with Ofsted (70 working days after the report)" in table.stdout
    data = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    kinds = [(i["kind"], i["event"], i["state"]) for i in data["items"] if i["event"]]
    assert kinds == [
        ("plan_deadline", "ilacs-2019", "passed"),
        ("meeting", "board", "due"),
        ("visit", "fv-2019", "due"),
    ]  # the 1 August meeting is after the window's end (29 July)
    rows = list(csv.reader(io.StringIO(runner.invoke(app, [*args, "--format", "csv"]).stdout)))
    assert rows[0][:16] == [
        "plan", "date", "state", "days", "kind", "action", "title", "target", "measure",
        "expected", "unit", "latest_value", "status", "rag", "lead", "area",
    ]  # fmt: skip
    assert rows[0][16] == "event"
    visit = next(r for r in rows if r[4] == "visit")
    assert (visit[1], visit[5], visit[16]) == ("2019-07-23", "", "fv-2019")
    md = runner.invoke(app, [*args, "--format", "markdown"]).stdout
    assert "| 2019-07-23 | in 22 days | - | Focused visit planned: the front door and MASH |" in md


def test_paper_carries_the_calendar_and_a_late_plan(tmp_path: Path) -> None:
    folder = with_calendar(tmp_path)
    path = folder / "plan.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  status: draft\n", "  status: live\n  submitted: 2019-06-25\n", 1
    )
    path.write_text(text, encoding="utf-8")
    validated = runner.invoke(app, ["validate", str(folder)])
    assert "the plan was submitted on 2019-06-25, after its deadline of 2019-06-14" in (
        validated.stdout
    )
    out = tmp_path / "paper.md"
    result = runner.invoke(
        app,
        ["report", str(folder), "--month", "2019-06", "--format", "markdown", "--output", str(out)],
    )
    assert result.exit_code == 0, result.stderr
    paper = out.read_text(encoding="utf-8")
    # 14 June (Friday) to 25 June (Tuesday): 17, 18, 19, 20, 21, 24, 25 June.
    assert (
        "The plan was submitted to Ofsted on 25 June 2019, 7 working days after its deadline of "
        "14 June 2019 (70 working days after the report was published)."
    ) in paper
    assert "| 23 Jul 2019 | Visit planned | Focused visit: the front door and MASH |" in paper
    assert "| 1 Aug 2019 | Board meeting | Improvement Board meets |" in paper
    assert "Plan deadline" not in paper  # submitted
    # Looking at May, the plan was not yet submitted: no late-plan sentence.
    result = runner.invoke(
        app,
        ["report", str(folder), "--month", "2019-05", "--format", "markdown", "--output", str(out)],
    )
    assert result.exit_code == 0, result.stderr
    assert "The plan was submitted" not in out.read_text(encoding="utf-8")
