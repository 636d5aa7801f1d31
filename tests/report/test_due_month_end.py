"""The paper's "Due in the next 12 weeks" says an action is overdue exactly when the month's
rating does: an action due by the end of the month reported is not late in that month's paper
(the month convention of :func:`g2g.engine.derive.is_overdue_in`), though its day falls before
the 12 weeks start. Checked in every month of bradford-2018 (VC-1, due Mar 2019) and
oldham-2015 (CL-2, due Nov 2015) and on the shipped plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from g2g.engine.due import DueState, Window, due_items
from g2g.engine.month import evaluate
from g2g.engine.ratings import ExceptionKind
from g2g.output.due import format_due
from g2g.output.formats import TableFormat
from g2g.plan.load import load_plan
from g2g.report.tables import build_due_soon
from tests.helpers import FIXTURES, ROOT, run_in

BRADFORD = FIXTURES / "plans" / "bradford-2018"
OLDHAM_2015 = FIXTURES / "plans" / "oldham-2015"
OLDHAM_2019 = ROOT / "plans" / "oldham-2019"

MONTHS = [
    *((BRADFORD, m) for m in ("2018-12", "2019-01", "2019-02", "2019-03")),
    *((OLDHAM_2015, m) for m in ("2015-09", "2015-10", "2015-11", "2015-12", "2016-01")),
    (OLDHAM_2019, "2019-08"),
]


def due_soon_kinds(folder: Path, month: str) -> tuple[dict[str, set[str]], set[str]]:
    """The paper's 12-week rows' kinds by action, and the actions the month's exceptions call
    overdue."""
    plan = load_plan(folder)
    assert plan.model is not None
    updates = plan.updates()
    result = evaluate(plan.model, updates, month)
    kinds: dict[str, set[str]] = {}
    for row in build_due_soon(plan.model, result, updates).rows:
        kinds.setdefault(row.action, set()).add(row.kind)
    overdue = {e.action for e in result.exceptions if e.kind is ExceptionKind.overdue}
    return kinds, overdue


@pytest.mark.parametrize(("folder", "month"), MONTHS)
def test_the_paper_calls_overdue_only_what_the_ratings_call_overdue(
    folder: Path, month: str
) -> None:
    kinds, overdue = due_soon_kinds(folder, month)
    assert {a for a, k in kinds.items() if "Action overdue" in k} == overdue


@pytest.mark.parametrize(
    ("folder", "month", "action", "kind"),
    [
        (BRADFORD, "2019-02", "VC-1", None),  # due 31 Mar: after the 12 weeks' start, listed
        (BRADFORD, "2019-03", "VC-1", "Action due"),  # its month: not yet late
        (BRADFORD, "2019-03", "WF-1", "Action overdue"),  # due 31 Jan 2019
        (OLDHAM_2015, "2015-11", "CL-2", "Action due"),  # due 30 Nov 2015, its month
        (OLDHAM_2015, "2015-12", "CL-2", "Action overdue"),
    ],
)
def test_an_action_due_in_the_month_reported_is_due_not_overdue(
    folder: Path, month: str, action: str, kind: str | None
) -> None:
    kinds, _ = due_soon_kinds(folder, month)
    if kind is None:
        assert kinds[action] & {"Action due", "Action overdue"} == {"Action due"}
    else:
        assert kind in kinds[action]
        other = {"Action due", "Action overdue"} - {kind}
        assert not kinds[action] & other


def test_the_engine_judges_by_the_month_whose_position_counts() -> None:
    plan = load_plan(BRADFORD)
    assert plan.model is not None
    model, updates = plan.model, plan.updates()
    window = Window.of(dt.date(2019, 4, 1), 12)

    def states(as_of: str | None) -> dict[str, DueState]:
        found = due_items("bradford-2018", model, updates, window, as_of=as_of)
        return {i.action: i.state for i in found if i.kind == "action"}

    # March's paper: VC-1 (due Mar 2019) is not yet late; from April's position it is
    assert states("2019-03")["VC-1"] is DueState.due
    assert states(None)["VC-1"] is DueState.overdue
    assert states("2019-03")["WF-1"] is DueState.overdue


def test_due_and_the_paper_through_the_cli() -> None:
    code, out, err = run_in(
        ROOT, "report", "--month", "2019-03", "--format", "markdown", str(BRADFORD)
    )
    assert code == 0, err
    row = next(x for x in out.splitlines() if "| 31 Mar 2019 |" in x and "**VC-1**" in x)
    assert row.startswith("| 31 Mar 2019 | Action due | Completion of the action |")
    assert "1 action past its due date" in out
    assert sum("| Action overdue |" in x for x in out.splitlines()) == 1
    # g2g due from 1 April (April's position): VC-1 is late by then
    code, out, err = run_in(ROOT, "due", "--month", "2019-04", "--format", "csv", str(BRADFORD))
    assert code == 0, err
    vc1 = next(x for x in out.splitlines() if ",action,VC-1," in x)
    assert ",overdue," in vc1


def test_due_output_does_not_call_an_item_due_in_the_month_looked_from_overdue() -> None:
    plan = load_plan(BRADFORD)
    assert plan.model is not None
    window = Window.of(dt.date(2019, 4, 1), 12)
    items = due_items("bradford-2018", plan.model, plan.updates(), window, as_of="2019-03")
    text = format_due([("bradford-2018", items)], window, TableFormat.markdown)
    vc1 = next(x for x in text.splitlines() if "| VC-1 |" in x)
    assert "due by the end of the month reported" in vc1 and "OVERDUE" not in vc1
    wf1 = next(x for x in text.splitlines() if "| WF-1 |" in x and "action due" in x)
    assert "OVERDUE by 60 days" in wf1
