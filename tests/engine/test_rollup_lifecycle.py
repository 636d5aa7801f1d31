"""A roll-up (plan area, finding, objective, lead, task group, the plan) whose actions have not
started yet is "Not started", never "Not reported"; one whose actions are all closed is
"Closed". Only a live action without a rating makes a group "Not reported"."""

from __future__ import annotations

import pytest

from g2g.engine.month import evaluate
from g2g.engine.ratings import Rating
from g2g.engine.rollup import overall_rating
from g2g.plan.load import load_plan
from g2g.plan.model_plan import RagPolicy
from tests.helpers import FIXTURES, ROOT, run_in

OLDHAM_2015 = FIXTURES / "plans" / "oldham-2015"
POLICY = RagPolicy()


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ([Rating.not_started], Rating.not_started),
        ([Rating.not_started, Rating.closed], Rating.not_started),
        ([Rating.closed], Rating.closed),
        ([Rating.not_started, Rating.not_reported], Rating.not_reported),
        ([Rating.not_reported], Rating.not_reported),
        ([], Rating.not_reported),
        ([Rating.not_started, Rating.amber], Rating.amber),
    ],
)
def test_a_group_with_no_rated_action(ratings: list[Rating], expected: Rating) -> None:
    rating, reason = overall_rating(ratings, POLICY)
    assert rating is expected
    if expected is Rating.not_started:
        assert reason == "no action has started yet"
    if expected is Rating.closed:
        assert reason == "every action is closed"


def test_findings_answered_only_by_actions_not_yet_started() -> None:
    plan = load_plan(OLDHAM_2015)
    assert plan.model is not None
    september = evaluate(plan.model, plan.updates(), "2015-09")
    rows = {r.key: r for r in september.by_recommendation}
    # R10 is answered only by CL-1 (starts Nov 2015), R15 only by HP-7 (starts Oct 2015)
    assert rows["R10"].actions == ("CL-1",) and rows["R15"].actions == ("HP-7",)
    assert (rows["R10"].rating, rows["R15"].rating) == (Rating.not_started, Rating.not_started)
    assert not any(r.rating is Rating.not_reported for r in rows.values())
    october = evaluate(plan.model, plan.updates(), "2015-10")
    rows = {r.key: r for r in october.by_recommendation}
    assert rows["R10"].rating is Rating.not_started
    assert rows["R15"].rating is Rating.amber  # HP-7 live in its start month, recorded Amber


def test_rag_and_the_paper_never_call_a_not_started_finding_not_reported() -> None:
    code, out, err = run_in(
        ROOT,
        "rag",
        "--by",
        "recommendation",
        "--month",
        "2015-09",
        "--format",
        "csv",
        str(OLDHAM_2015),
    )
    assert code == 0, err
    r10 = next(x for x in out.splitlines() if ",recommendation,R10," in x)
    assert ",Not started,New," in r10 and "Not reported" not in r10
    code, out, err = run_in(
        ROOT, "report", "--month", "2015-09", "--format", "markdown", str(OLDHAM_2015)
    )
    assert code == 0, err
    for finding in ("R10", "R15"):
        row = next(x for x in out.splitlines() if x.startswith(f"| **{finding}** "))
        assert "⚪ Not started<br>1 Not started |" in row
        assert "Not reported" not in row
