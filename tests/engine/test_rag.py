"""The RAG engine (g2g.engine): derivation rules, trajectories, roll-ups, policies, direction."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from g2g.engine.derive import (
    ActionRating,
    Derivation,
    LastKnown,
    is_overdue_in,
    rate_action,
    reported_rating,
)
from g2g.engine.derive import (
    derive as derive_rating,
)
from g2g.engine.grouping import Grouping
from g2g.engine.month import MonthRating, as_data, evaluate, history
from g2g.engine.ratings import (
    ExceptionKind,
    Rating,
    RuleKind,
    Trend,
    latest_month,
    previous_month,
    trend,
)
from g2g.engine.rollup import Counts, RollupRow, overall_rating
from g2g.engine.targets import TargetCheck, check_target, expected_at
from g2g.errors import MonthError
from g2g.plan.model_base import OverallRule, RagScale, ReportedRating, Status, Unit
from g2g.plan.model_plan import PlanFile, RagPolicy, Target, Thresholds
from g2g.words import format_day, format_month, format_value
from tests.helpers.rag import Updates, at, load, up

R, A, G, B, N = Rating.red, Rating.amber, Rating.green, Rating.blue, Rating.not_reported


def target(**fields: Any) -> Target:
    """A target with sensible defaults."""
    data: dict[str, Any] = {
        "id": "T",
        "measure": "Audits judged Good",
        "unit": "percent",
        "polarity": "higher",
    }
    data.update(fields)
    return Target.model_validate(data)


def action_of(plan: PlanFile, action_id: str) -> Any:
    return next(act for _, _, act in plan.actions() if act.id == action_id)


def by_id(result: MonthRating) -> dict[str, ActionRating]:
    return {a.action: a for a in result.actions}


# --- words --------------------------------------------------------------------------------


def test_dates_months_and_values_read_as_people_write_them() -> None:
    assert format_day(dt.date(2019, 9, 30)) == "30 Sep 2019"
    assert format_day(dt.date(2019, 9, 3)) == "3 Sep 2019"
    assert format_month("2019-08") == "Aug 2019"
    assert format_value(24, Unit.percent) == "24%"
    assert format_value(40.666, Unit.percent) == "40.7%"
    assert format_value(17, Unit.count) == "17"
    assert format_value(21, Unit.days) == "21 days"
    assert format_value(35657, Unit.gbp_thousands) == "£35,657k"
    assert format_value(1200.5, Unit.gbp) == "£1,200.5"
    assert format_value(45.2, Unit.rate_per_10000) == "45.2 per 10,000"


def test_rating_and_trend_words() -> None:
    assert [r.word for r in Rating] == [
        "Red",
        "Amber",
        "Green",
        "Blue",
        "Not reported",
        "Not started",
        "Closed",
        "Not enough reported",
    ]
    assert Trend.unreported.word == "No longer reported"
    assert Trend.not_comparable.word == "Not comparable"
    assert Trend.improved.word == "Improved"


# --- trajectories -------------------------------------------------------------------------

TRAJECTORY = [{"month": "2019-10", "value": 55}, {"month": "2020-03", "value": 85}]


def test_no_milestones_cannot_be_judged() -> None:
    expectation, why = expected_at(target(), "2019-08")
    assert expectation is None
    assert why == "no trajectory is set"


def test_before_first_milestone_without_baseline_cannot_be_judged() -> None:
    expectation, why = expected_at(target(milestones=TRAJECTORY), "2019-08")
    assert expectation is None
    assert "no dated baseline before its first milestone (Oct 2019)" in why


def test_before_first_milestone_with_undated_baseline_cannot_be_judged() -> None:
    t = target(milestones=TRAJECTORY, baseline={"value": 13})
    assert expected_at(t, "2019-08")[0] is None


def test_before_first_milestone_interpolates_from_a_dated_baseline() -> None:
    t = target(milestones=TRAJECTORY, baseline={"value": 13, "month": "2019-04"})
    expectation, _ = expected_at(t, "2019-08")
    assert expectation is not None
    assert expectation.value == pytest.approx(41)  # 13 + (55 - 13) * 4 / 6
    assert not expectation.on_milestone
    assert (expectation.next_month, expectation.next_value) == ("2019-10", 55)


def test_at_the_baseline_month_the_baseline_is_expected() -> None:
    t = target(milestones=TRAJECTORY, baseline={"value": 13, "month": "2019-04"})
    expectation, _ = expected_at(t, "2019-04")
    assert expectation is not None
    assert expectation.value == 13
    assert not expectation.on_milestone


def test_before_the_baseline_month_cannot_be_judged() -> None:
    t = target(milestones=TRAJECTORY, baseline={"value": 13, "month": "2019-06"})
    expectation, why = expected_at(t, "2019-05")
    assert expectation is None
    assert "before its baseline month (Jun 2019)" in why


def test_exactly_on_a_milestone() -> None:
    expectation, _ = expected_at(target(milestones=TRAJECTORY), "2019-10")
    assert expectation is not None
    assert expectation.value == 55
    assert expectation.on_milestone
    assert (expectation.next_month, expectation.next_value) == ("2020-03", 85)


def test_linear_between_milestones_by_month() -> None:
    expectation, _ = expected_at(target(milestones=TRAJECTORY), "2020-01")
    assert expectation is not None
    assert expectation.value == pytest.approx(73)  # 55 + 30 * 3 / 5
    assert not expectation.on_milestone


def test_interpolation_crosses_a_year_end() -> None:
    t = target(milestones=[{"month": "2019-11", "value": 10}, {"month": "2020-02", "value": 40}])
    expectation, _ = expected_at(t, "2020-01")
    assert expectation is not None
    assert expectation.value == pytest.approx(30)


def test_on_and_after_the_last_milestone_its_value_holds() -> None:
    on_last, _ = expected_at(target(milestones=TRAJECTORY), "2020-03")
    after, _ = expected_at(target(milestones=TRAJECTORY), "2020-09")
    assert on_last is not None and after is not None
    assert on_last.value == after.value == 85
    assert on_last.on_milestone and not on_last.after_last
    assert after.after_last and not after.on_milestone
    assert after.next_month is None


# --- judging a target ---------------------------------------------------------------------

AUDITS = {"milestones": TRAJECTORY, "baseline": {"value": 13, "month": "2019-04"}}


def check(value: float | None, month: str = "2019-08", **fields: Any) -> TargetCheck:
    spec = {**AUDITS, **fields}
    return check_target(target(**spec), up("X", values={"T": value}), month, 10)


def test_below_trajectory_beyond_tolerance_is_red_with_the_reason_in_words() -> None:
    result = check(24)
    assert result.rating is R
    assert result.expected == pytest.approx(41)
    assert result.reason == (
        "Audits judged Good: 24% against 41% expected for Aug 2019, on the way to 55% by "
        "Oct 2019 - behind by more than the 10% tolerance; at the rate achieved since Apr 2019 "
        "(13%), 2.8 percentage points a month, which reaches 29.5% by Oct 2019 against the 55% "
        "milestone - out of reach"
    )
    assert result.out_of_reach is not None


def test_shortfall_within_tolerance_is_amber_and_the_boundary_stays_amber() -> None:
    # Expected 55 on the Oct milestone: tolerance 10% of 55 is 5.5.
    assert check(50, "2019-10").rating is A
    assert check(49.5, "2019-10").rating is A
    assert check(49.4, "2019-10").rating is R
    assert "the 55% milestone for Oct 2019" in check(50, "2019-10").reason


def test_on_or_above_trajectory_is_green() -> None:
    assert check(41).rating is G
    assert check(60).rating is G
    assert check(60).reason.endswith("- on track")


def test_after_the_last_milestone_the_reason_says_so() -> None:
    result = check(80, "2020-06")
    assert result.rating is A
    assert "85% expected for Jun 2020 (its last milestone)" in result.reason
    assert "on the way" not in result.reason


def test_lower_is_better() -> None:
    milestones = [{"month": "2019-06", "value": 20}, {"month": "2019-09", "value": 18}]
    spec: dict[str, Any] = {"milestones": milestones, "polarity": "lower", "unit": "count"}
    t = target(**spec)
    # Aug: 20 - 2 * 2 / 3 = 18.67 expected.
    assert check_target(t, up("X", values={"T": 18}), "2019-08", 10).rating is G
    assert check_target(t, up("X", values={"T": 19.5}), "2019-08", 10).rating is A
    red = check_target(t, up("X", values={"T": 21}), "2019-08", 10)
    assert red.rating is R
    assert red.reason.endswith("(lower is better)")


def test_target_tolerance_overrides_the_plan() -> None:
    assert check(50, "2019-10", tolerance=5).rating is R
    assert check(50, "2019-10", tolerance=5).tolerance == 5
    assert check(50, "2019-10").tolerance == 10


def test_missing_measurement_is_not_judged() -> None:
    result = check_target(target(**AUDITS), up("X"), "2019-08", 10)
    assert result.rating is None
    assert result.missing
    assert result.reason == "Audits judged Good: no figure for Aug 2019, so not judged"
    no_update = check_target(target(**AUDITS), None, "2019-08", 10)
    assert no_update.rating is None and no_update.missing


def test_a_null_value_means_not_available_never_zero() -> None:
    result = check(None)
    assert result.rating is None  # a zero would be Red
    assert result.value is None
    assert result.missing
    assert "figure not available for Aug 2019, so not judged" in result.reason
    assert check(0).rating is R


def test_a_target_that_cannot_be_judged_yet_is_not_missing() -> None:
    result = check_target(target(milestones=TRAJECTORY), up("X", values={"T": 5}), "2019-08", 10)
    assert result.rating is None
    assert not result.missing
    assert "so not judged yet" in result.reason


# --- derivation rules ---------------------------------------------------------------------


def derive(action_id: str, updates: Updates, month: str = "2019-08") -> Derivation:
    plan, _ = load()
    return derive_rating(plan, action_of(plan, action_id), updates, month)


def test_complete_is_green() -> None:
    result = derive("B-3", at("2019-08", up("B-3", "complete")))
    assert result.rating is G
    assert result.reason == "complete since Aug 2019"
    assert not result.overdue


def test_complete_is_blue_on_a_brag_plan() -> None:
    plan, _ = load()
    plan.plan.rag_policy.scale = RagScale.brag
    result = derive_rating(
        plan, action_of(plan, "B-3"), at("2019-08", up("B-3", "complete")), "2019-08"
    )
    assert result.rating is B


def test_complete_wins_over_a_passed_due_date_and_a_red_target() -> None:
    result = derive("A-2", at("2020-06", up("A-2", "complete", values={"T-audits": 10})), "2020-06")
    assert result.rating is G
    assert [c.rating for c in result.targets] == [R]


def test_due_date_passed_and_not_complete_is_red() -> None:
    result = derive("A-1", at("2019-08", up("A-1", "in_progress")))
    assert result.rating is R
    assert result.overdue
    assert result.reason == "due 31 Jul 2019, not complete"


def test_an_action_due_at_the_end_of_the_month_is_not_late_in_that_month() -> None:
    # A-1 is due 2019-07 (31 Jul): the July report still gives it the whole month.
    result = derive("A-1", at("2019-07", up("A-1", "in_progress")), "2019-07")
    assert result.rating is A
    assert not result.overdue


def test_a_due_day_earlier_in_the_month_is_late_in_that_month() -> None:
    # B-3 is due 2019-08-15.
    result = derive("B-3", at("2019-08", up("B-3", "in_progress")))
    assert result.rating is R
    assert result.reason == "due 15 Aug 2019, not complete"
    assert is_overdue_in("2019-08-15", "2019-08")
    assert not is_overdue_in("2019-08-31", "2019-08")
    assert not is_overdue_in("2019-08", "2019-08")
    assert is_overdue_in("2019-08", "2019-09")


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("in_progress", "in progress"),
        ("awaiting_sign_off", "awaiting sign-off"),
        ("on_hold", "on hold"),
    ],
)
def test_being_delivered_is_amber(status: str, words: str) -> None:
    result = derive("A-3", at("2019-08", up("A-3", status)))
    assert result.rating is A
    assert result.reason == words


def test_not_started_after_its_start_month_is_red() -> None:
    result = derive("B-2", at("2019-10", up("B-2", "not_started")), "2019-10")
    assert result.rating is R
    assert result.reason == "not started, due to start Sep 2019"


@pytest.mark.parametrize("month", ["2019-08", "2019-09"])
def test_not_started_in_or_before_its_start_month_raises_no_concern(month: str) -> None:
    result = derive("B-2", at(month, up("B-2", "not_started")), month)
    assert result.rating is None
    expected = (
        "not started: starts Sep 2019"
        if month < "2019-09"
        else "not started, not due to start until Sep 2019"
    )
    assert result.reason == expected


def test_not_started_without_a_start_uses_the_plan_start() -> None:
    plan, _ = load()
    action = action_of(plan, "A-3")
    action.timescale.start = None
    updates = at("2019-05", up("A-3", "not_started"))
    assert derive_rating(plan, action, updates, "2019-05").rating is R
    assert (
        derive_rating(plan, action, at("2019-04", up("A-3", "not_started")), "2019-04").rating
        is None
    )


def test_the_worst_rule_wins() -> None:
    red = derive("A-2", at("2019-08", up("A-2", values={"T-audits": 24})))
    assert red.rating is R
    assert red.reason.startswith("Audits judged Good or Outstanding: 24% against 41%")
    # In progress with its figure ahead of the trajectory: on track, so Green (seed 002 5.3).
    green = derive("A-2", at("2019-08", up("A-2", values={"T-audits": 45})))
    assert green.rating is G
    assert green.reason.endswith("in progress, its figures on track")
    assert [r.rule for r in green.rules] == [RuleKind.target, RuleKind.status]
    amber = derive("A-2", at("2019-08", up("A-2", values={"T-audits": 40})))
    assert amber.rating is A
    assert "behind, within the 10% tolerance" in amber.reason


def test_a_missing_measurement_is_said_in_the_reason() -> None:
    result = derive("A-2", at("2019-08", up("A-2")))
    assert result.rating is A
    assert result.reason == (
        "in progress; Audits judged Good or Outstanding: no figure for Aug 2019, so not judged"
    )
    assert result.targets[0].missing


def test_without_an_update_the_status_comes_from_the_last_one_and_says_so() -> None:
    result = derive("A-3", at("2019-06", up("A-3", "on_hold")))
    assert result.rating is A
    assert result.status is Status.on_hold
    assert result.status_month == "2019-06"
    assert result.reason == "on hold (status from the Jun 2019 update)"


def test_without_any_update_only_the_due_date_can_be_judged() -> None:
    overdue = derive("A-1", {})
    assert overdue.rating is R
    assert overdue.reason == "due 31 Jul 2019, and no update says it is complete"
    nothing = derive("A-3", {})
    assert nothing.rating is None
    assert nothing.reason == "no update for Aug 2019 or before"


def test_a_completed_action_stays_complete_in_later_months() -> None:
    result = derive("A-1", at("2019-06", up("A-1", "complete")))
    assert result.rating is G
    assert not result.overdue


# --- recorded, reported, challenges -------------------------------------------------------


def test_recorded_rating_is_never_carried_forward() -> None:
    plan, updates = load()
    result = rate_action(plan, "A-3", updates, "2019-08")
    assert result.recorded is N
    assert result.recorded_note == "no update for Aug 2019"
    assert result.last_known == LastKnown(A, "2019-07", 1)
    assert result.reported is N


def test_last_known_rating_and_its_age() -> None:
    plan, updates = load()
    del updates["2019-07"]
    result = rate_action(plan, "A-3", updates, "2019-09")
    assert result.last_known == LastKnown(R, "2019-06", 3)
    assert rate_action(plan, "A-2", updates, "2019-08").last_known is None


def test_an_update_without_a_rating_is_not_reported() -> None:
    plan, updates = load()
    updates["2019-08"]["B-3"] = up("B-3", "in_progress")
    result = rate_action(plan, "B-3", updates, "2019-08")
    assert result.recorded is N
    assert result.recorded_note == "the Aug 2019 update gives no rating"
    assert result.last_known == LastKnown(A, "2019-07", 1)


def test_an_action_before_its_start_is_not_started_never_not_reported() -> None:
    plan, updates = load()
    result = rate_action(plan, "B-2", updates, "2019-07")
    assert result.recorded is Rating.not_started
    assert result.reported is Rating.not_started
    assert result.recorded_note == "not started: starts Sep 2019"
    assert result.last_known is None


def test_a_challenge_when_the_recorded_rating_is_better_than_the_derived() -> None:
    plan, updates = load()
    green = rate_action(plan, "A-1", updates, "2019-08")
    assert green.recorded is G and green.derivation.rating is R
    assert green.challenge == (
        "recorded Green, but the evidence gives Red: due 31 Jul 2019, not complete"
    )
    assert rate_action(plan, "B-1", updates, "2019-08").challenge is None  # Amber = Amber


def test_no_challenge_when_recorded_is_worse_or_there_is_nothing_to_compare() -> None:
    plan, _ = load()
    red = rate_action(plan, "A-3", at("2019-08", up("A-3", rag_="red")), "2019-08")
    assert red.challenge is None
    unrated = rate_action(plan, "B-2", at("2019-08", up("B-2", "not_started", "amber")), "2019-08")
    assert unrated.derivation.rating is None
    assert unrated.challenge is None
    assert unrated.reported is Rating.not_started


def test_unknown_action_raises_key_error() -> None:
    plan, updates = load()
    with pytest.raises(KeyError):
        rate_action(plan, "NOPE", updates, "2019-08")


@pytest.mark.parametrize(
    ("policy", "recorded", "derived", "expected"),
    [
        (ReportedRating.recorded, G, R, G),
        (ReportedRating.recorded, N, R, N),
        (ReportedRating.derived, G, R, R),
        (ReportedRating.derived, G, None, N),
        (ReportedRating.worse, G, R, R),
        (ReportedRating.worse, R, A, R),
        (ReportedRating.worse, A, None, A),
        (ReportedRating.worse, N, R, N),
    ],
)
def test_reported_rating_policy(
    policy: ReportedRating, recorded: Rating, derived: Rating | None, expected: Rating
) -> None:
    assert reported_rating(policy, recorded, derived) is expected


def test_reported_policy_applies_to_the_month() -> None:
    plan, updates = load()
    plan.plan.rag_policy.reported = ReportedRating.worse
    result = by_id(evaluate(plan, updates, "2019-08"))
    assert result["A-1"].reported is R  # recorded Green, overdue
    assert result["A-1"].challenge  # challenges are shown whatever the policy
    assert result["B-1"].reported is A
    assert result["A-3"].reported is N


# --- overall ------------------------------------------------------------------------------


def policy(rule: str, red_share: float = 0.2, green_share: float = 0.8) -> RagPolicy:
    return RagPolicy(
        overall=OverallRule(rule),
        thresholds=Thresholds(red_share=red_share, green_share=green_share),
    )


def test_overall_worst() -> None:
    rating, reason = overall_rating([G, A, R, N], policy("worst"))
    assert rating is R
    assert reason == "worst: 1 of 3 actions rated or complete is Red"


def test_overall_majority_of_rated_actions() -> None:
    rating, reason = overall_rating([G] + [A] * 22 + [R] * 2, policy("majority"))
    assert rating is A
    assert reason == "majority: 22 of 25 actions rated or complete are Amber"
    # not reported actions do not vote, however many
    assert overall_rating([N, N, N, G, G, A], policy("majority"))[0] is G


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [([G, A], A), ([A, R, G], R), ([A, A, R, R, G], R), ([B, A], A)],
)
def test_overall_majority_ties_go_to_the_worse(ratings: list[Rating], expected: Rating) -> None:
    rating, reason = overall_rating(ratings, policy("majority"))
    assert rating is expected
    assert "tie" in reason and reason.endswith(f"the worse, {expected.word}")


@pytest.mark.parametrize(
    ("ratings", "expected", "reason"),
    [
        ([G, A, B], G, "majority: 2 of 3 actions rated or complete are Green or Blue"),
        ([B, G], G, "majority: 2 of 2 actions rated or complete are Green or Blue"),
        ([B, B, A], G, "majority: 2 of 3 actions rated or complete are Green or Blue"),
        ([B, B], B, "majority: all 2 actions rated or complete are Blue"),
        ([B, A, A], A, "majority: 2 of 3 actions rated or complete are Amber"),
    ],
)
def test_majority_counts_blue_with_green(
    ratings: list[Rating], expected: Rating, reason: str
) -> None:
    # completed actions shown Blue (BRAG) or Green (RAG) give the same roll-up
    rating, why = overall_rating(ratings, policy("majority"))
    assert (rating, why) == (expected, reason)
    as_rag = [G if r is B else r for r in ratings]
    assert overall_rating(as_rag, policy("majority"))[0] is (G if expected is B else expected)


@pytest.mark.parametrize(
    ("ratings", "expected", "reason"),
    [
        # issue 22: "Majority: 6 of 12" described a plurality
        (
            [A] * 6 + [G] * 4 + [R] * 2,
            A,
            "most common: 6 of 12 actions rated or complete are Amber, no rating has a majority",
        ),
        ([A] * 7 + [G] * 5, A, "majority: 7 of 12 actions rated or complete are Amber"),
        (
            [A, A, G, G],
            A,
            "most common: Green and Amber tie at 2 of 4 actions rated or complete; the tie "
            "goes to the worse, Amber",
        ),
    ],
)
def test_majority_is_said_only_of_more_than_half(
    ratings: list[Rating], expected: Rating, reason: str
) -> None:
    assert overall_rating(ratings, policy("majority")) == (expected, reason)


def test_overall_thresholds() -> None:
    rules = policy("thresholds", red_share=0.25, green_share=0.75)
    assert overall_rating([R, G, G, G], rules)[0] is R  # 25% red reaches the share
    assert overall_rating([R, G, G, G, G], rules)[0] is G  # 20% red, 80% green
    assert overall_rating([B, B, G, A], rules)[0] is G  # blue counts as green
    rating, reason = overall_rating([A, G, G, R, G, A, A, G, G], rules)
    assert rating is A
    assert "neither share reached" in reason


def test_overall_with_nothing_rated_is_not_reported() -> None:
    for rule in ("worst", "majority", "thresholds"):
        assert overall_rating([N, N], policy(rule)) == (N, "no action has a rating")


# --- a month: roll-ups --------------------------------------------------------------------


def counts(row: RollupRow) -> tuple[int, int, int, int, int, int]:
    c = row.counts
    return (c.green, c.amber, c.red, c.blue, c.not_reported, c.total)


def test_roll_up_by_area_has_the_table_1_shape() -> None:
    plan, updates = load()
    result = evaluate(plan, updates, "2019-08")
    rows = {row.name: row for row in result.by_area}
    assert list(rows) == ["Standards of Practice", "Practice Improvement"]
    assert counts(rows["Standards of Practice"]) == (1, 1, 0, 0, 1, 3)
    # B-2 starts in Sep 2019: not started, so outside the total (and never not reported).
    assert counts(rows["Practice Improvement"]) == (1, 1, 0, 0, 0, 2)
    assert rows["Practice Improvement"].counts.not_started == 1
    assert rows["Standards of Practice"].rating is A  # Green/Amber tie goes to Amber
    assert rows["Standards of Practice"].actions == ("A-1", "A-2", "A-3")
    # 4 live (B-3 is complete, B-2 not started), 3 of them rated; A-2 and B-1 challenged
    assert result.totals == Counts(
        green=2,
        amber=2,
        red=0,
        blue=0,
        not_reported=1,
        total=5,
        not_started=1,
        complete=1,
        live=4,
        rated=3,
        challenged=len([e for e in result.exceptions if e.kind is ExceptionKind.challenge]),
    )
    assert result.totals.challenged == 2
    assert result.complete_sentence == "1 of 5 actions complete"
    assert result.rows(Grouping.area) == result.by_area


def test_roll_up_by_objective_and_lead() -> None:
    plan, updates = load()
    result = evaluate(plan, updates, "2019-08")
    assert [(r.key, counts(r)) for r in result.by_objective] == [
        ("SP-O1", (1, 1, 0, 0, 1, 3)),
        ("PI-O1", (1, 1, 0, 0, 0, 2)),
    ]
    assert [(r.key, r.name) for r in result.rows(Grouping.lead)] == [
        ("Head of Service", "Head of Service"),
        ("Director", "Director"),
    ]


def test_roll_up_by_recommendation_counts_an_action_in_each_it_answers() -> None:
    plan, updates = load()
    result = evaluate(plan, updates, "2019-08")
    rows = {r.key: r for r in result.by_recommendation}
    assert rows["R1"].actions == ("A-1", "A-2", "A-3")
    assert rows["R2"].actions == ("A-2", "B-1")  # A-2 answers R1 and R2
    assert counts(rows["R2"]) == (0, 2, 0, 0, 0, 2)
    assert rows["R2"].name == "The internal audit of practice"
    # 5 actions in force (B-2 not started), A-2 counted twice
    assert sum(r.counts.total for r in result.by_recommendation) == 6


def test_roll_up_by_action() -> None:
    plan, updates = load()
    rows = evaluate(plan, updates, "2019-08").rows(Grouping.action)
    assert [(r.key, r.rating) for r in rows] == [
        ("A-1", G),
        ("A-2", A),
        ("A-3", N),
        ("B-1", A),
        ("B-2", Rating.not_started),
        ("B-3", G),
    ]


def test_group_ratings_follow_the_overall_rule() -> None:
    plan, updates = load()
    plan.plan.rag_policy.overall = OverallRule.worst
    plan.plan.rag_policy.reported = ReportedRating.derived
    result = evaluate(plan, updates, "2019-08")
    # PI: B-1 on track (Green), B-2 not started (no rating), B-3 complete (Green).
    assert [r.rating for r in result.by_area] == [R, G]
    assert result.overall.rating is R
    assert result.overall.rule is OverallRule.worst


# --- a month: direction of travel, changes, exceptions ------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (None, A, Trend.new),
        (N, A, Trend.new),
        (N, N, Trend.unchanged),
        (A, N, Trend.unreported),
        (R, A, Trend.improved),
        (G, B, Trend.improved),
        (G, A, Trend.worsened),
        (A, A, Trend.unchanged),
    ],
)
def test_trend(before: Rating | None, after: Rating, expected: Trend) -> None:
    assert trend(before, after) is expected


def test_direction_of_travel_over_several_months() -> None:
    plan, updates = load()
    june = evaluate(plan, updates, "2019-06")
    assert june.previous_month is None
    assert {a.trend for a in june.actions} == {Trend.new}
    assert june.changes == ()
    july = by_id(evaluate(plan, updates, "2019-07"))
    assert (july["A-3"].previous, july["A-3"].trend) == (R, Trend.improved)
    assert (july["B-1"].previous, july["B-1"].trend) == (G, Trend.worsened)
    assert july["A-1"].trend is Trend.unchanged
    august = by_id(evaluate(plan, updates, "2019-08"))
    assert august["A-1"].trend is Trend.improved
    assert august["A-3"].trend is Trend.unreported
    assert august["B-2"].trend is Trend.unchanged  # not started then and now


def test_changes_since_the_previous_reported_month() -> None:
    plan, updates = load()
    result = evaluate(plan, updates, "2019-08")
    assert result.previous_month == "2019-07"
    assert [(c.action, c.before, c.after, c.trend) for c in result.changes] == [
        ("A-1", A, G, Trend.improved),
        ("A-3", A, N, Trend.unreported),
        ("B-3", A, G, Trend.improved),
    ]


def test_previous_month_skips_months_without_updates() -> None:
    plan, updates = load()
    del updates["2019-07"]
    updates["2019-07"] = {}  # an empty progress file is not a reported month
    result = evaluate(plan, updates, "2019-08")
    assert result.previous_month == "2019-06"
    assert by_id(result)["A-3"].previous is R
    assert previous_month(updates, "2019-06") is None
    assert latest_month(updates) == "2019-08"
    assert latest_month({"2019-09": {}}) is None


def test_roll_up_direction_of_travel() -> None:
    plan, updates = load()
    plan.plan.rag_policy.overall = OverallRule.worst
    july = evaluate(plan, updates, "2019-07")
    areas = {r.key: r for r in july.by_area}
    assert (areas["SP"].previous, areas["SP"].rating, areas["SP"].trend) == (R, A, Trend.improved)
    assert areas["PI"].trend is Trend.unchanged
    assert (july.overall.previous, july.overall.trend) == (R, Trend.improved)
    august = evaluate(plan, updates, "2019-08")
    assert august.overall.trend is Trend.unchanged
    first = evaluate(plan, updates, "2019-06")
    assert first.overall.previous is None and first.overall.trend is Trend.new
    assert all(r.trend is Trend.new for r in first.by_area)


def test_exceptions_in_board_order_each_with_its_reason() -> None:
    plan, updates = load()
    updates["2019-08"]["B-1"] = up("B-1", rag_="red", values={"T-caseload": 18.5})
    result = evaluate(plan, updates, "2019-08")
    found = [(e.kind, e.action, e.reason) for e in result.exceptions]
    assert found == [
        (
            ExceptionKind.red,
            "B-1",
            "recorded Red; the rules give Green: Average caseload: 18.5 against 18.7 expected "
            "for Aug 2019, on the way to 18 by Sep 2019 - on track (lower is better); in "
            "progress, its figures on track",
        ),
        (
            ExceptionKind.challenge,
            "A-1",
            "recorded Green, but the evidence gives Red: due 31 Jul 2019, not complete",
        ),
        (ExceptionKind.challenge, "A-2", by_id(result)["A-2"].challenge),
        (ExceptionKind.overdue, "A-1", "due 31 Jul 2019, not complete"),
        (
            ExceptionKind.not_reported,
            "A-3",
            "no update for Aug 2019; last known Amber in Jul 2019 (1 month old)",
        ),
    ]


def test_a_derived_red_is_its_own_reason_under_the_derived_policy() -> None:
    plan, updates = load()
    plan.plan.rag_policy.reported = ReportedRating.derived
    result = evaluate(plan, updates, "2019-08")
    reds = {e.action: e.reason for e in result.exceptions if e.kind is ExceptionKind.red}
    assert reds["A-1"] == "due 31 Jul 2019, not complete"
    not_reported = [e for e in result.exceptions if e.kind is ExceptionKind.not_reported]
    # B-2 has not started (it starts in Sep): never "not reported"; A-3 has no update at all
    # in Aug, but its status from Jul gives Amber.
    assert not_reported == []
    assert by_id(result)["B-2"].reported is Rating.not_started


# --- months and history -------------------------------------------------------------------


@pytest.mark.parametrize("month", ["2019-13", "19-08", "2019-8", "August"])
def test_a_malformed_month_is_refused(month: str) -> None:
    plan, updates = load()
    with pytest.raises(MonthError, match="is not a month - write it as YYYY-MM"):
        evaluate(plan, updates, month)


@pytest.mark.parametrize("month", ["2019-03", "2020-04"])
def test_a_month_outside_the_plan_is_refused(month: str) -> None:
    plan, updates = load()
    with pytest.raises(MonthError, match=r"outside the plan period .* \(2019-04 to 2020-03\)"):
        evaluate(plan, updates, month)


def test_a_month_without_updates_is_all_not_reported() -> None:
    plan, updates = load()
    result = evaluate(plan, updates, "2019-10")
    # B-3 was completed in Aug: complete (Green) in every later month, never not reported.
    assert result.totals.not_reported == 5
    assert result.totals.green == 1 and result.totals.complete == 1
    assert by_id(result)["B-3"].reported is G
    # issue 22: the one completed action is no colour for the plan: 0 of 5 live actions rated
    assert result.overall.rating is Rating.not_enough
    assert result.no_updates
    assert result.overall.reason == (
        "no updates at all are recorded for Oct 2019; not enough reported: 0 of 5 live "
        "actions rated; a colour needs more than half of them rated"
    )
    assert result.overall.trend is Trend.not_comparable
    assert result.previous_month == "2019-08"
    assert by_id(result)["B-3"].derivation.rating is G  # complete in Aug, still complete


def test_history_covers_every_month_from_the_first_with_updates() -> None:
    plan, updates = load()
    del updates["2019-07"]
    item = history(plan, updates)
    assert item.months == ("2019-06", "2019-07", "2019-08")
    assert [m.month for m in item.ratings] == list(item.months)
    # the missed month shows: every live action not reported; B-2 has not started yet
    assert item.ratings[1].totals.not_reported == 5
    assert item.ratings[1].totals.not_started == 1
    assert item.ratings[2].previous_month == "2019-06"


def test_history_until_a_month_and_without_updates() -> None:
    plan, updates = load()
    assert history(plan, updates, "2019-07").months == ("2019-06", "2019-07")
    assert history(plan, {}, "2019-09").months == ("2019-09",)
    assert history(plan, {}).months == ()
    with pytest.raises(MonthError):
        history(plan, updates, "2021-01")


def test_results_as_plain_data_in_field_order() -> None:
    plan, updates = load()
    data = as_data(evaluate(plan, updates, "2019-08"))
    assert list(data)[:4] == ["plan", "title", "month", "previous_month"]
    assert data["overall"]["rating"] == "amber"
    first = data["actions"][0]
    assert first["due"] == "2019-07-31"
    assert first["addresses"] == ["R1"]
    assert first["derivation"]["rules"][0] == {
        "rule": "overdue",
        "rating": "red",
        "reason": "due 31 Jul 2019, not complete",
        "contradicts": True,
    }
    json.dumps(data)  # JSON-ready throughout
