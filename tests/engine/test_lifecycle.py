"""An action's life, honest challenges, no default direction and moved goalposts: the engine
(g2g.plan.lifecycle, g2g.engine.derive/targets/goalposts/month) and property tests."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from g2g.engine.derive import rate_action
from g2g.engine.goalposts import due_in_force, slippage, value_in_force
from g2g.engine.month import evaluate
from g2g.engine.ratings import ExceptionKind, Rating
from g2g.engine.targets import check_target
from g2g.months import add_months
from g2g.plan.lifecycle import Stage, action_state
from g2g.plan.model_base import NotStartedPolicy
from g2g.plan.model_plan import Action, Closure, Milestone, PlanFile, Target, Timescale
from g2g.plan.model_progress import Update
from tests.helpers.rag import at, load, up

Updates = dict[str, dict[str, Update]]


def action(**fields: Any) -> Action:
    data: dict[str, Any] = {
        "id": "X-1",
        "title": "X",
        "description": "X",
        "lead": "Lead",
        "timescale": {"start": "2019-04", "due": "2020-03"},
        "evidence_of_success": "X",
    }
    data.update(fields)
    return Action.model_validate(data)


def merge(*parts: Updates) -> Updates:
    out: Updates = {}
    for part in parts:
        for month, found in part.items():
            out.setdefault(month, {}).update(found)
    return out


# --- the stages ---------------------------------------------------------------------------


def test_stages_from_updates_dates_and_closure() -> None:
    a = action(timescale={"start": "2019-09", "due": "2020-03"})
    assert action_state(a, {}, "2019-08").stage is Stage.not_started
    assert action_state(a, {}, "2019-09").stage is Stage.live
    # began early: an update that is not "not started" makes it live before its start
    early = at("2019-07", up("X-1", "in_progress"))
    assert action_state(a, early, "2019-08").stage is Stage.live
    done = merge(at("2019-10", up("X-1", "complete")), at("2019-11", up("X-1", "in_progress")))
    state = action_state(a, done, "2019-10")
    assert (state.stage, state.since, state.reason) == (
        Stage.complete,
        "2019-10",
        "complete since Oct 2019",
    )
    assert action_state(a, done, "2019-11").stage is Stage.live  # reopened
    by_date = action(completed="2019-12-02")
    assert action_state(by_date, {}, "2019-11").stage is Stage.live
    assert action_state(by_date, {}, "2020-01").since == "2019-12"
    closed = action(closed={"month": "2020-01", "reason": "Merged", "superseded_by": "X-2"})
    state = action_state(closed, done, "2020-02")
    assert (state.stage, state.replaced_by) == (Stage.superseded, "X-2")
    assert state.reason == "superseded by X-2 from Jan 2020: Merged"
    plain = action(closed={"month": "2020-01", "reason": "No longer needed"})
    assert action_state(plain, {}, "2020-01").stage is Stage.closed
    assert action_state(plain, {}, "2019-12").stage is Stage.live


def test_a_completed_action_counts_complete_in_every_later_month() -> None:
    plan, updates = load()
    for month in ("2019-09", "2019-12", "2020-03"):
        result = evaluate(plan, updates, month)
        b3 = next(a for a in result.actions if a.action == "B-3")
        assert b3.reported is Rating.green
        assert b3.lifecycle.since == "2019-08"
        assert "B-3" not in [e.action for e in result.exceptions]
        assert all(c.action != "B-3" for c in result.changes)


def test_closed_and_superseded_are_neither_rated_nor_not_reported() -> None:
    plan, updates = load()
    a3 = next(a for _, _, a in plan.actions() if a.id == "A-3")
    a3.closed = Closure.model_validate(
        {"month": "2019-08", "reason": "Folded into A-2", "superseded_by": "A-2"}
    )
    result = evaluate(plan, updates, "2019-08")
    rated = next(a for a in result.actions if a.action == "A-3")
    assert rated.reported is Rating.closed
    assert rated.trend.value == "closed"
    assert result.totals.closed == 1
    assert "A-3" not in [e.action for e in result.exceptions]


def test_not_started_can_be_left_out() -> None:
    plan, updates = load()
    plan.plan.rag_policy.not_started = NotStartedPolicy.hide
    result = evaluate(plan, updates, "2019-08")
    assert "B-2" not in [a.action for a in result.actions]
    assert "B-2" in [a.action for a in evaluate(plan, updates, "2019-09").actions]


# --- challenges and requests for evidence -------------------------------------------------


def test_a_green_with_nothing_to_show_is_a_request_not_a_challenge() -> None:
    plan, _ = load()
    result = rate_action(plan, "A-3", at("2019-08", up("A-3", rag_="green")), "2019-08")
    assert result.challenge is None
    assert result.evidence is not None
    assert result.evidence.startswith("recorded Green while in progress")
    month = evaluate(plan, at("2019-08", up("A-3", rag_="green")), "2019-08")
    assert [n.action for n in month.notes] == ["A-3"]
    assert ExceptionKind.challenge not in {e.kind for e in month.exceptions if e.action == "A-3"}


def test_an_on_track_green_is_neither_challenged_nor_questioned() -> None:
    plan, _ = load()
    updates = at("2019-08", up("B-1", rag_="green", values={"T-caseload": 18.5}))
    result = rate_action(plan, "B-1", updates, "2019-08")
    assert result.derivation.rating is Rating.green
    assert result.challenge is None and result.evidence is None


def test_out_of_reach_at_the_rate_so_far() -> None:
    target = Target.model_validate(
        {
            "id": "T",
            "measure": "Plans",
            "unit": "percent",
            "polarity": "higher",
            "milestones": [{"month": "2019-10", "value": 90}],
        }
    )
    # one figure, no baseline: a percentage cannot have started below 0%
    far = check_target(target, up("X", values={"T": 47}), "2019-08", 10, (), "2019-04")
    assert far.rating is Rating.red
    assert far.out_of_reach is not None and "out of reach" in far.out_of_reach
    near = check_target(target, up("X", values={"T": 80}), "2019-08", 10, (), "2019-04")
    assert near.rating is None and near.out_of_reach is None
    # two figures: the measured rate (10 points a month) reaches 90 from 70 in two months
    rising = check_target(
        target, up("X", values={"T": 70}), "2019-08", 10, [("2019-06", 50)], "2019-04"
    )
    assert rising.out_of_reach is None


def test_no_polarity_and_a_flat_trajectory_is_not_judged() -> None:
    target = Target.model_validate(
        {
            "id": "T",
            "measure": "M",
            "unit": "count",
            "milestones": [{"month": "2019-10", "value": 5}],
        }
    )
    check = check_target(target, up("X", values={"T": 9}), "2019-10", 10)
    assert check.rating is None
    assert "add polarity: higher or lower" in check.reason


# --- goalposts ----------------------------------------------------------------------------

REVISED = {
    "start": "2019-04",
    "due": "2019-12",
    "revisions": [
        {
            "was": "2019-09",
            "to": "2019-12",
            "agreed": "2019-11",
            "reason": "Recruitment slipped",
            "agreed_by": "G2G Board",
        }
    ],
}


def test_the_due_date_in_force_and_the_slippage() -> None:
    timescale = Timescale.model_validate(REVISED)
    assert due_in_force(timescale, "2019-10")[0] == "2019-09"
    assert due_in_force(timescale, "2019-11")[0] == "2019-12"
    assert slippage(timescale) == "due Sep 2019, revised to Dec 2019 (+3 months)"
    # as of a month: only the revisions agreed by then count
    assert slippage(timescale, "2019-10") is None
    assert slippage(timescale, "2019-11") == "due Sep 2019, revised to Dec 2019 (+3 months)"
    milestone = Milestone.model_validate(
        {
            "month": "2020-01",
            "value": 70,
            "revisions": [{"was": 80, "agreed": "2019-10", "reason": "R", "agreed_by": "B"}],
        }
    )
    assert (value_in_force(milestone, "2019-09"), value_in_force(milestone, "2019-10")) == (80, 70)


def test_slippage_counts_the_revisions_agreed_by_the_month() -> None:
    timescale = Timescale.model_validate(
        {
            "start": "2019-04",
            "due": "2020-03",
            "revisions": [
                {"was": "2019-09", "agreed": "2019-08", "reason": "R", "agreed_by": "B"},
                {"was": "2019-12", "agreed": "2019-11", "reason": "R", "agreed_by": "B"},
            ],
        }
    )
    assert slippage(timescale, "2019-07") is None
    assert slippage(timescale, "2019-09") == "due Sep 2019, revised to Dec 2019 (+3 months)"
    assert slippage(timescale, "2019-12") == "due Sep 2019, revised to Mar 2020 (+6 months)"
    assert slippage(timescale) == "due Sep 2019, revised to Mar 2020 (+6 months)"


def test_a_past_overdue_verdict_stands_after_the_date_moves() -> None:
    plan, _ = load()
    a1 = next(a for _, _, a in plan.actions() if a.id == "A-1")
    a1.timescale = Timescale.model_validate(REVISED)
    updates = merge(at("2019-10", up("A-1", rag_="amber")), at("2019-11", up("A-1", rag_="amber")))
    october = rate_action(plan, "A-1", updates, "2019-10")
    assert october.derivation.overdue
    assert "the date in force then; since revised to Dec 2019" in october.derivation.reason
    november = rate_action(plan, "A-1", updates, "2019-11")
    assert not november.derivation.overdue


def rebaselined(revisions: list[dict[str, Any]]) -> Target:
    """Baseline 50 in Apr 2019 rising to 60 by Jan 2020 (or 80, before a re-baseline)."""
    return Target.model_validate(
        {
            "id": "T",
            "measure": "Plans",
            "unit": "percent",
            "polarity": "higher",
            "baseline": {"value": 50, "month": "2019-04"},
            "milestones": [
                {"month": "2020-01", "value": 60 if revisions else 80, "revisions": revisions}
            ],
        }
    )


def test_a_past_target_verdict_stands_after_the_milestone_is_rebaselined() -> None:
    before = rebaselined([])
    after = rebaselined(
        [{"was": 80, "to": 60, "agreed": "2019-11", "reason": "R", "agreed_by": "B"}]
    )
    october = up("X", values={"T": 60})
    # October, before the re-baseline: 50 -> 80 over nine months expects 70; 60 is Red
    original = check_target(before, october, "2019-10", 10)
    assert original.expected == 70 and original.rating is Rating.red
    # the revision agreed in November leaves October's verdict as it was
    kept = check_target(after, october, "2019-10", 10)
    assert (kept.expected, kept.rating, kept.reason) == (
        original.expected,
        original.rating,
        original.reason,
    )
    # from November the revised value is in force: 50 -> 60 expects 57.8 in November
    november = check_target(after, up("X", values={"T": 60}), "2019-11", 10)
    assert november.expected is not None and round(november.expected, 1) == 57.8
    assert november.rating is Rating.green
    # the out-of-reach judgement uses the value in force too: 55 in October cannot reach 80
    # by January at the rate so far, but can reach the revised 60 in December
    slow = up("X", values={"T": 55})
    assert check_target(after, slow, "2019-10", 10, [("2019-07", 53)]).out_of_reach
    assert check_target(after, slow, "2019-12", 10, [("2019-07", 53)]).out_of_reach is None


# --- properties ---------------------------------------------------------------------------

MONTHS = [add_months("2019-04", n) for n in range(12)]
STATUSES = ["not_started", "in_progress", "awaiting_sign_off", "complete", "on_hold"]
RAGS = [None, "red", "amber", "green"]
ACTIONS = ["A-1", "A-2", "A-3", "B-1", "B-2", "B-3"]


@st.composite
def histories(draw: st.DrawFn) -> Updates:
    """Random progress: some months, some actions, random statuses, ratings and figures."""
    updates: Updates = {}
    for month in draw(st.lists(st.sampled_from(MONTHS), min_size=1, max_size=6, unique=True)):
        for action_id in draw(st.lists(st.sampled_from(ACTIONS), max_size=6, unique=True)):
            values: dict[str, float | None] = {}
            if action_id == "A-2" and draw(st.booleans()):
                values["T-audits"] = draw(st.integers(0, 100))
            if action_id == "B-1" and draw(st.booleans()):
                values["T-caseload"] = draw(st.integers(5, 40))
            update = up(action_id, draw(st.sampled_from(STATUSES)), draw(st.sampled_from(RAGS)))
            update.values.update(values)
            updates.setdefault(month, {})[action_id] = update
    return updates


def _plan() -> PlanFile:
    plan, _ = load()
    return plan


PLAN = _plan()


@settings(max_examples=60, deadline=None)
@given(histories())
def test_a_completed_action_never_becomes_not_reported(updates: Updates) -> None:
    for month in MONTHS:
        result = evaluate(PLAN, updates, month)
        for rated in result.actions:
            if rated.lifecycle.stage is Stage.complete:
                assert rated.reported in (Rating.green, Rating.blue)
                assert rated.action not in {
                    e.action for e in result.exceptions if e.kind is ExceptionKind.not_reported
                }
            if rated.reported is Rating.not_reported:
                assert rated.lifecycle.stage is Stage.live


@settings(max_examples=60, deadline=None)
@given(histories())
def test_a_challenge_always_names_a_contradicting_fact(updates: Updates) -> None:
    facts = ("due ", "not started, due to start", "behind", "out of reach", "missed")
    for month in MONTHS:
        for rated in evaluate(PLAN, updates, month).actions:
            if rated.challenge:
                assert any(fact in rated.challenge for fact in facts), rated.challenge
                assert rated.evidence is None
            if rated.evidence:
                # a request for evidence only where nothing contradicts the rating
                assert rated.challenge is None
                assert "ask for the evidence" in rated.evidence


@settings(max_examples=40, deadline=None)
@given(histories(), st.sampled_from(MONTHS[1:]))
def test_adding_a_later_action_never_changes_an_earlier_month(updates: Updates, start: str) -> None:
    plan = copy.deepcopy(PLAN)
    before = {m: evaluate(plan, updates, m) for m in MONTHS if m < start}
    extra = action(id="Z-9", timescale={"start": start, "due": "2020-03"}, addresses=["R1"])
    plan.areas[0].objectives[0].actions.append(extra)
    for month, earlier in before.items():
        after = evaluate(plan, updates, month)
        assert after.totals == earlier.totals.__class__(
            **{**earlier.totals.__dict__, "not_started": earlier.totals.not_started + 1}
        )
        assert after.overall == earlier.overall
        assert after.exceptions == earlier.exceptions
        assert after.changes == earlier.changes
        assert after.notes == earlier.notes
        assert [a for a in after.actions if a.action != "Z-9"] == list(earlier.actions)
        assert next(a for a in after.actions if a.action == "Z-9").reported is Rating.not_started
    plan.plan.rag_policy.not_started = NotStartedPolicy.hide
    hidden = copy.deepcopy(PLAN)
    hidden.plan.rag_policy.not_started = NotStartedPolicy.hide
    for month in before:
        assert evaluate(plan, updates, month) == evaluate(hidden, updates, month)
