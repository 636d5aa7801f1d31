"""The paper's action tracker for an action completed in an earlier month: "Complete since"
its month (complete is final, not a status "as at" an old month), and no claim of a missing
narrative in a month that needs no update. Bradford 2018 (FD-1, complete Dec 2018; PG-1,
complete Mar 2019) and Oldham 2015 (LAC-3, complete Oct 2015). And the service figures'
table of the same paper: a figure rated by an action target's trajectory says so beside the
measure's end target."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import FIXTURES, ROOT, run_in

PLANS = FIXTURES / "plans"


def tracker_cell(plan: Path, month: str, action: str) -> str:
    code, out, err = run_in(ROOT, "report", "--month", month, "--format", "markdown", str(plan))
    assert code == 0, err
    return next(x for x in out.splitlines() if f"| **{action}** " in x and "<br>(answers" in x)


@pytest.mark.parametrize(
    ("plan", "month", "action", "status"),
    [
        ("bradford-2018", "2019-03", "FD-1", "Complete since Dec 2018."),
        ("bradford-2018", "2019-01", "FD-1", "Complete since Dec 2018."),
        ("oldham-2015", "2016-01", "LAC-3", "Complete since Oct 2015."),
    ],
)
def test_a_complete_action_in_a_later_month(
    plan: str, month: str, action: str, status: str
) -> None:
    row = tracker_cell(PLANS / plan, month, action)
    assert f"| {status}<br>No update is needed after completion. | 🟢 Green |" in row
    assert "as at" not in row and "No narrative" not in row


def test_the_month_of_completion_keeps_its_update() -> None:
    row = tracker_cell(PLANS / "bradford-2018", "2019-03", "PG-1")
    assert "| Complete since Mar 2019.<br>" in row
    assert "No update is needed" not in row
    # a live action whose latest status is from an earlier month still says "as at"
    row = tracker_cell(PLANS / "bradford-2018", "2019-03", "LAC-1")
    assert "In progress (as at Feb 2019)" in row


def test_a_figure_rated_by_a_trajectory_says_so_in_the_paper() -> None:
    code, out, err = run_in(
        ROOT, "report", "--month", "2019-03", "--format", "markdown", str(PLANS / "bradford-2018")
    )
    assert code == 0, err
    row = next(
        x for x in out.splitlines() if x.startswith("| Average caseload per social worker |")
    )
    assert (
        "| 20.8 | Mar 2019 | 18 (rated against the improvement plan's trajectory) | 🟢 Green |"
        in row
    )
    row = next(x for x in out.splitlines() if x.startswith("| Children looked after |"))
    assert "| None set |" in row and "trajectory" not in row
