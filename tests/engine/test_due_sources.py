"""g2g due lists what the plan's sources set: a direction's review points, a report due, a
peer review planned; never "overdue", since they are not the council's dates to meet."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from g2g.engine.due import CALENDAR_KINDS, REVIEW, VISIT, DueState, Window, due_items
from g2g.plan.load import load_plan
from tests.helpers import FIXTURES, ROOT, run_in

WAKEFIELD = FIXTURES / "plans" / "wakefield-2018"
MINIMAL = FIXTURES / "valid" / "minimal"


def calendar(folder: Path, window: Window) -> list[tuple[str, str, str, str, str | None]]:
    plan = load_plan(folder)
    assert plan.model is not None, plan.diagnostics
    found = due_items(plan.model.plan.id, plan.model, plan.updates(), window)
    return [
        (i.state.value, i.date.isoformat(), i.kind, i.title, i.event)
        for i in found
        if i.kind in CALENDAR_KINDS
    ]


INTERIM = (
    "due",
    "2019-05-01",
    REVIEW,
    "Statutory direction review point: the Commissioner's interim review, reporting to the "
    "Minister",
    "direction-2018",
)
FINAL = (
    "due",
    "2019-11-01",
    REVIEW,
    "Statutory direction review point: the Commissioner's final review, reporting to the Minister",
    "direction-2018",
)


def test_a_directions_review_points_fall_due_in_their_window() -> None:
    assert calendar(WAKEFIELD, Window.of(dt.date(2019, 5, 1), 30)) == [INTERIM, FINAL]
    assert calendar(WAKEFIELD, Window.of(dt.date(2019, 5, 1), 12)) == [INTERIM]
    # a review point passed is not overdue: it is simply no longer listed
    assert calendar(WAKEFIELD, Window.of(dt.date(2019, 5, 2), 12)) == []
    assert calendar(WAKEFIELD, Window.of(dt.date(2019, 12, 1), 12)) == []


def test_review_points_are_never_overdue() -> None:
    plan = load_plan(WAKEFIELD)
    assert plan.model is not None
    items = due_items("w", plan.model, plan.updates(), Window.of(dt.date(2019, 12, 1), 12))
    assert all(i.kind != REVIEW for i in items)
    items = due_items("w", plan.model, plan.updates(), Window.of(dt.date(2019, 4, 1), 40))
    assert [i.state for i in items if i.kind == REVIEW] == [DueState.due, DueState.due]


PLANNED = """\
  - id: commissioner-2019
    kind: commissioner_report
    by: the DfE-appointed Commissioner
    start: 2019-11-29
  - id: lga-2020
    kind: peer_review
    start: 2020-01-14
    end: 2020-01-16
    focus: the front door
  - id: fv-2019
    kind: focused_visit
    start: 2019-12-03

areas:
"""


def _with_planned(tmp_path: Path, folder: Path) -> Path:
    target = tmp_path / folder.name
    shutil.copytree(folder, target)
    text = (target / "plan.yaml").read_text(encoding="utf-8")
    (target / "plan.yaml").write_text(text.replace("\nareas:\n", "\n" + PLANNED), "utf-8")
    return target


def test_a_report_to_come_is_due_and_a_visit_planned(tmp_path: Path) -> None:
    # the same planned sources on two plans: the three-source plan and the minimal 0.1 plan
    for folder in (WAKEFIELD, MINIMAL):
        target = _with_planned(tmp_path, folder)
        found = [c for c in calendar(target, Window.of(dt.date(2019, 11, 1), 6)) if c[2] == VISIT]
        assert found == [
            ("due", "2019-11-29", VISIT, "DfE Commissioner's report due", "commissioner-2019"),
            ("due", "2019-12-03", VISIT, "Focused visit planned", "fv-2019"),
        ]
        # (the minimal plan records no submission: its passed Ofsted deadline is listed too)
        later = [c for c in calendar(target, Window.of(dt.date(2020, 1, 1), 4)) if c[2] == VISIT]
        assert later == [
            ("due", "2020-01-14", VISIT, "LGA peer review planned: the front door", "lga-2020")
        ]


def test_due_through_the_cli_prints_the_review_points() -> None:
    code, out, err = run_in(
        ROOT,
        "due",
        "--no-cache",
        "--month",
        "2019-05",
        "--weeks",
        "30",
        "--format",
        "markdown",
        str(WAKEFIELD.relative_to(ROOT)),
    )
    assert (code, err) == (0, "")
    assert out == (
        "## wakefield-2018: what falls due\n"
        "\n"
        "Due from 2019-05-01 to 2019-11-27: 0 overdue, 4 due in the window.\n"
        "\n"
        "| Due | When | Action | What | Status | Lead |\n"
        "|---|---|---|---|---|---|\n"
        "| 2019-05-01 | due today | - | Statutory direction review point: the Commissioner's "
        "interim review, reporting to the Minister | calendar |  |\n"
        "| 2019-06-30 | in 60 days | PR-1 | Front door and risk (action due) | in progress | "
        "Service Director, Children's Social Care |\n"
        "| 2019-09-30 | in 152 days | PR-2 | Permanence tracking (action due) | in progress | "
        "Head of Service, Children in Care |\n"
        "| 2019-11-01 | in 184 days | - | Statutory direction review point: the Commissioner's "
        "final review, reporting to the Minister | calendar |  |\n"
    )
