"""The RAG engine: rate every action of a plan for a month, roll the ratings up, compare months.

A library: it never prints. Every result is a frozen dataclass of plain values (strings,
numbers, enums, tuples), shared by ``g2g rag`` and the board paper.

For a month M each action gets three ratings:

* **recorded** - the rating in M's progress update, or ``not_reported`` when M has none (never
  carried forward; the last known rating is shown beside it with its month and age);
* **derived** - what the plan's dates, statuses and figures say, by the rules Oldham wrote down
  (seed 002, section 5.3), each with its reason in words (see :func:`derive`);
* **reported** - the one boards see, chosen by ``plan.rag_policy.reported``: the recorded one
  (the default, as councils do), the derived one, or the worse of the two.

A **challenge** is raised whenever the recorded rating is better than the derived one, whatever
the policy, so that scrutiny can ask whether a Green is earned.

Ratings are rolled up by plan area (the shape of Table 1 of seed 002), objective, inspection
finding and lead officer, and into one overall rating (see :func:`overall_rating`). Direction of
travel compares each action and each roll-up with the previous reported month: the latest month
before M that has any updates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum, StrEnum
from itertools import pairwise
from typing import Any

from g2g.models import (
    Action,
    Area,
    Objective,
    OverallRule,
    PlanFile,
    Polarity,
    RagPolicy,
    RagScale,
    ReportedRating,
    Status,
    Target,
    Unit,
    Update,
    due_date,
    is_month,
    month_end,
    month_start,
    months_between,
)

Updates = Mapping[str, Mapping[str, Update]]
"""Progress updates by month (YYYY-MM), then by action id, as ``g2g.load.Plan.updates()``."""

# --- ratings ------------------------------------------------------------------------------


class Rating(StrEnum):
    """A reported RAG rating, or ``not_reported`` when there is none for the month."""

    red = "red"
    amber = "amber"
    green = "green"
    blue = "blue"
    not_reported = "not_reported"

    @property
    def word(self) -> str:
        """The word printed beside the colour: a colour never carries meaning alone."""
        return "Not reported" if self is Rating.not_reported else self.value.capitalize()


# Worse is higher. Blue (complete, on a BRAG plan) is the best; not_reported has no rank.
_RANK = {Rating.blue: 0, Rating.green: 1, Rating.amber: 2, Rating.red: 3}


def is_rated(rating: Rating | None) -> bool:
    """Whether ``rating`` is a colour (not None, not ``not_reported``)."""
    return rating is not None and rating is not Rating.not_reported


def worse(first: Rating, second: Rating) -> Rating:
    """The worse of two colours (Red > Amber > Green > Blue)."""
    return first if _RANK[first] >= _RANK[second] else second


def worst(ratings: Iterable[Rating]) -> Rating | None:
    """The worst colour among ``ratings`` (``not_reported`` ignored); None when there is none."""
    rated = [r for r in ratings if is_rated(r)]
    return max(rated, key=_RANK.__getitem__) if rated else None


class Trend(StrEnum):
    """Direction of travel against the previous reported month.

    ``new`` when there is nothing to compare with (no previous month, or no rating then);
    ``unreported`` when a rating was given then but none is now.
    """

    improved = "improved"
    worsened = "worsened"
    unchanged = "unchanged"
    new = "new"
    unreported = "unreported"

    @property
    def word(self) -> str:
        """The word printed in tables."""
        return "No longer reported" if self is Trend.unreported else self.value.capitalize()


def trend(before: Rating | None, after: Rating) -> Trend:
    """How ``after`` compares with ``before`` (None: there was no previous month)."""
    if before is None:
        return Trend.new
    if not is_rated(before):
        return Trend.unchanged if not is_rated(after) else Trend.new
    if not is_rated(after):
        return Trend.unreported
    if _RANK[after] < _RANK[before]:
        return Trend.improved
    if _RANK[after] > _RANK[before]:
        return Trend.worsened
    return Trend.unchanged


class Grouping(StrEnum):
    """What the ratings are rolled up by."""

    area = "area"
    objective = "objective"
    recommendation = "recommendation"
    lead = "lead"
    action = "action"


class RuleKind(StrEnum):
    """The derivation rules (see :func:`derive`)."""

    complete = "complete"
    overdue = "overdue"
    status = "status"
    not_started = "not_started"
    target = "target"


class ExceptionKind(StrEnum):
    """What puts an action on the exceptions list, in the order boards read them."""

    red = "red"
    challenge = "challenge"
    overdue = "overdue"
    not_reported = "not_reported"

    @property
    def word(self) -> str:
        """The word printed before the exception."""
        return "Not reported" if self is ExceptionKind.not_reported else self.value.capitalize()


class MonthError(ValueError):
    """A month that is malformed or outside the plan period; the message says what is right."""


# --- words --------------------------------------------------------------------------------


def format_day(day: dt.date) -> str:
    """A date as people write it: ``30 Sep 2019``."""
    return f"{day.day} {day:%b %Y}"


@functools.lru_cache(maxsize=4096)
def format_month(month: str) -> str:
    """A YYYY-MM month as people write it: ``Aug 2019``."""
    return f"{month_start(month):%b %Y}"


def _number(value: float) -> str:
    rounded = round(value, 1)
    if rounded == int(rounded):
        return f"{int(rounded):,}"
    return f"{rounded:,.1f}"


def format_value(value: float, unit: Unit) -> str:
    """A measured value with its unit: ``24%``, ``17``, ``21 days``, ``£1,200k``."""
    number = _number(value)
    match unit:
        case Unit.percent:
            return f"{number}%"
        case Unit.days | Unit.weeks:
            return f"{number} {unit.value}"
        case Unit.rate_per_10000:
            return f"{number} per 10,000"
        case Unit.gbp:
            return f"-£{number[1:]}" if value < 0 else f"£{number}"
        case Unit.gbp_thousands:
            return f"-£{number[1:]}k" if value < 0 else f"£{number}k"
        case _:
            return number


_STATUS_WORDS = {
    Status.not_started: "not started",
    Status.in_progress: "in progress",
    Status.awaiting_sign_off: "awaiting sign-off",
    Status.complete: "complete",
    Status.on_hold: "on hold",
}


def status_word(status: Status) -> str:
    """A status in words: ``awaiting sign-off``."""
    return _STATUS_WORDS[status]


# --- months -------------------------------------------------------------------------------


def _index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7])


def months_with_updates(updates: Updates) -> list[str]:
    """The months that have at least one update, in order."""
    return sorted(month for month, found in updates.items() if found)


def latest_month(updates: Updates) -> str | None:
    """The latest month with any update; None when there is none."""
    months = months_with_updates(updates)
    return months[-1] if months else None


def previous_month(updates: Updates, month: str) -> str | None:
    """The previous reported month: the latest month before ``month`` with any update."""
    earlier = [m for m in months_with_updates(updates) if m < month]
    return earlier[-1] if earlier else None


def check_month(plan: PlanFile, month: str) -> None:
    """Raise :class:`MonthError` unless ``month`` is a YYYY-MM month inside the plan period."""
    period = plan.plan.period
    if not is_month(month):
        raise MonthError(f"'{month}' is not a month - write it as YYYY-MM, e.g. {period.start}")
    if not period.start <= month <= period.end:
        raise MonthError(
            f"{month} is outside the plan period of '{plan.plan.title}' ({period.start} to "
            f"{period.end}) - give a month from {period.start} to {period.end}"
        )


# --- targets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expectation:
    """Where a target's trajectory stands in a month."""

    value: float
    """The value expected in the month."""
    on_milestone: bool
    """True when the month is a milestone's own month."""
    after_last: bool
    """True when the month is after the last milestone, whose value then holds."""
    next_month: str | None
    """The next milestone's month after this one; None after the last."""
    next_value: float | None
    """The next milestone's value; None after the last."""


def expected_at(target: Target, month: str) -> tuple[Expectation | None, str]:
    """The trajectory's value for ``month``, or None with the reason it cannot be judged.

    The trajectory is linear by month between milestones. Before the first milestone it runs
    from the baseline when the baseline has a month (and cannot be judged before that month);
    without a dated baseline it cannot be judged yet. After the last milestone its value holds.
    """
    points = [(m.month, m.value) for m in target.milestones]
    milestone_months = {m.month for m in target.milestones}
    if not points:
        return None, "no trajectory is set"
    first = points[0][0]
    if month < first:
        baseline = target.baseline
        if baseline is None or baseline.month is None or baseline.month >= first:
            return None, f"no dated baseline before its first milestone ({format_month(first)})"
        if month < baseline.month:
            return None, f"before its baseline month ({format_month(baseline.month)})"
        points.insert(0, (baseline.month, baseline.value))
    last_month, last_value = points[-1]
    if month >= last_month:
        return Expectation(last_value, month == last_month, month > last_month, None, None), ""
    for (start, low), (end, high) in pairwise(points):
        if start <= month < end:
            share = (_index(month) - _index(start)) / (_index(end) - _index(start))
            expected = low + (high - low) * share
            return Expectation(expected, month in milestone_months, False, end, high), ""
    raise AssertionError("unreachable: month lies between two points")  # pragma: no cover


@dataclass(frozen=True)
class TargetCheck:
    """One target judged against its trajectory for the month."""

    target: str
    """The target id."""
    measure: str
    """What is measured, as the plan words it."""
    unit: Unit
    """The measure's unit."""
    polarity: Polarity
    """Which direction is better."""
    value: float | None
    """The value recorded in the month's update; None when absent or not available."""
    expected: float | None
    """The trajectory's value for the month; None when it cannot be judged."""
    tolerance: float
    """Percent of the expected value a shortfall may reach and still be Amber."""
    rating: Rating | None
    """Green on or better than the trajectory, Amber short within tolerance, Red beyond it;
    None when not judged."""
    missing: bool
    """True when the trajectory could be judged but the month has no figure."""
    reason: str
    """The judgement in words."""


def check_target(
    target: Target, update: Update | None, month: str, default_tolerance: float
) -> TargetCheck:
    """Judge one target's figure in ``month`` against its trajectory (see :func:`expected_at`).

    A shortfall (below the trajectory, or above it when lower is better) of at most the
    tolerance - a percentage of the expected value - is Amber, a larger one Red; on or better
    than the trajectory is Green. A missing figure, or one recorded as not available (null),
    is never taken as zero: the target is then not judged.
    """
    tolerance = default_tolerance if target.tolerance is None else target.tolerance
    expectation, why = expected_at(target, month)
    value = update.values.get(target.id) if update is not None else None

    def result(rating: Rating | None, reason: str, *, missing: bool = False) -> TargetCheck:
        expected = expectation.value if expectation else None
        return TargetCheck(
            target.id,
            target.measure,
            target.unit,
            target.polarity,
            value,
            expected,
            tolerance,
            rating,
            missing,
            f"{target.measure}: {reason}",
        )

    if expectation is None:
        return result(None, f"{why}, so not judged yet")
    if update is None or target.id not in update.values:
        return result(None, f"no figure for {format_month(month)}, so not judged", missing=True)
    if value is None:
        return result(
            None, f"figure not available for {format_month(month)}, so not judged", missing=True
        )
    rating = _judge(target.polarity, value, expectation.value, tolerance)
    return result(rating, _target_reason(target, value, expectation, month, rating, tolerance))


def _judge(polarity: Polarity, value: float, expected: float, tolerance: float) -> Rating:
    shortfall = expected - value if polarity is Polarity.higher else value - expected
    if shortfall <= 0:
        return Rating.green
    # A small epsilon so a shortfall of exactly the tolerance stays Amber despite float error.
    allowed = abs(expected) * tolerance / 100 + 1e-9
    return Rating.amber if shortfall <= allowed else Rating.red


def _target_reason(
    target: Target,
    value: float,
    expectation: Expectation,
    month: str,
    rating: Rating,
    tolerance: float,
) -> str:
    unit = target.unit
    expected = format_value(expectation.value, unit)
    if expectation.on_milestone:
        against = f"the {expected} milestone for {format_month(month)}"
    elif expectation.after_last:
        against = f"{expected} expected for {format_month(month)} (its last milestone)"
    else:
        against = f"{expected} expected for {format_month(month)}"
    text = f"{format_value(value, unit)} against {against}"
    if expectation.next_month is not None and expectation.next_value is not None:
        next_value = format_value(expectation.next_value, unit)
        text += f", on the way to {next_value} by {format_month(expectation.next_month)}"
    verdicts = {
        Rating.green: "on track",
        Rating.amber: f"behind, within the {tolerance:g}% tolerance",
        Rating.red: f"behind by more than the {tolerance:g}% tolerance",
    }
    text += f" - {verdicts[rating]}"
    if target.polarity is Polarity.lower:
        text += " (lower is better)"
    return text


# --- deriving one action's rating ---------------------------------------------------------


@dataclass(frozen=True)
class RuleResult:
    """One derivation rule as it applied to an action."""

    rule: RuleKind
    """Which rule."""
    rating: Rating | None
    """The rating the rule gives; None when it applies but raises no concern."""
    reason: str
    """Why, in words."""


@dataclass(frozen=True)
class Derivation:
    """The rating an action's dates, status and figures support for a month."""

    rating: Rating | None
    """The worst rating of the rules that apply (complete wins); None when no rule gives one."""
    reason: str
    """The reasons of the rules that gave the rating, and the targets left unjudged."""
    status: Status | None
    """The action's status: from the month's update, else from the latest earlier one."""
    status_month: str | None
    """The month the status comes from; None when no update gives one."""
    overdue: bool
    """True when the due date has passed and no update says the action is complete."""
    rules: tuple[RuleResult, ...]
    """Every rule that applied, in the order checked."""
    targets: tuple[TargetCheck, ...]
    """Every target judged (or not) against its trajectory."""


def _status_at(action_id: str, updates: Updates, month: str) -> tuple[Status | None, str | None]:
    for found in reversed(months_with_updates(updates)):
        if found <= month and action_id in updates[found]:
            return updates[found][action_id].status, found
    return None, None


def is_overdue_in(due: str, month: str) -> bool:
    """Whether an action due ``due`` is late in ``month``'s report.

    Late when the due day is before the last day of the month. The month's report is written
    at its end, so an action due by the end of the month (a YYYY-MM due, or the last day) still
    has the whole month and becomes late in the next month's report; an action due on an
    earlier day of the month is already late in that month's report.
    """
    return due_date(due) < month_end(month)


def derive(plan: PlanFile, action: Action, updates: Updates, month: str) -> Derivation:
    """The derived rating of ``action`` for ``month``, with its reason.

    Rules (DOMAIN.md; seed 002 section 5.3), each giving a rating and a reason:

    * complete -> Green (Blue on a BRAG plan); complete wins over every other rule;
    * due date passed (see :func:`is_overdue_in`) and not complete -> Red;
    * in progress, awaiting sign-off or on hold -> Amber;
    * not started after its start month (the plan's start when the action has none) -> Red;
      not started in or before its start month -> no concern;
    * each target with a figure for the month -> Green, Amber or Red (see :func:`check_target`).

    The status is the month's update, else the latest earlier update's (the reason says so; a
    completed action need not report every month). The derived rating is the worst of the
    ratings the rules give; None when none gives one.
    """
    status, status_month = _status_at(action.id, updates, month)
    stale = ""
    if status_month is not None and status_month != month:
        stale = f" (status from the {format_month(status_month)} update)"
    scale = plan.plan.rag_policy.scale
    rules: list[RuleResult] = []
    overdue = False
    if status is Status.complete:
        done = Rating.blue if scale is RagScale.brag else Rating.green
        rules.append(RuleResult(RuleKind.complete, done, f"complete{stale}"))
    else:
        overdue = _overdue_rule(action, status, month, rules)
        _status_rule(plan, action, status, month, stale, rules)
    update = updates.get(month, {}).get(action.id)
    tolerance = plan.plan.rag_policy.tolerance
    checks = tuple(check_target(t, update, month, tolerance) for t in action.targets)
    rules.extend(RuleResult(RuleKind.target, c.rating, c.reason) for c in checks if c.rating)
    rating, reason = _combine(rules, checks, complete=status is Status.complete)
    return Derivation(rating, reason, status, status_month, overdue, tuple(rules), checks)


def _overdue_rule(
    action: Action, status: Status | None, month: str, rules: list[RuleResult]
) -> bool:
    due = action.timescale.due
    if due is None or not is_overdue_in(due, month):
        return False
    if status is None:
        reason = f"due {format_day(due_date(due))}, and no update says it is complete"
    else:
        reason = f"due {format_day(due_date(due))}, not complete"
    rules.append(RuleResult(RuleKind.overdue, Rating.red, reason))
    return True


def _status_rule(
    plan: PlanFile,
    action: Action,
    status: Status | None,
    month: str,
    stale: str,
    rules: list[RuleResult],
) -> None:
    if status is None:
        rules.append(
            RuleResult(RuleKind.status, None, f"no update for {format_month(month)} or before")
        )
    elif status is Status.not_started:
        start = action.timescale.start or plan.plan.period.start
        if month > start:
            reason = f"not started, due to start {format_month(start)}{stale}"
            rules.append(RuleResult(RuleKind.not_started, Rating.red, reason))
        else:
            reason = f"not started, not due to start until {format_month(start)}{stale}"
            rules.append(RuleResult(RuleKind.not_started, None, reason))
    elif status is not Status.complete:
        rules.append(RuleResult(RuleKind.status, Rating.amber, f"{status_word(status)}{stale}"))


def _combine(
    rules: Sequence[RuleResult], checks: Sequence[TargetCheck], *, complete: bool
) -> tuple[Rating | None, str]:
    if complete:
        return rules[0].rating, rules[0].reason
    notes = [c.reason for c in checks if c.missing]
    rating = worst(r.rating for r in rules if r.rating is not None)
    if rating is None:
        reasons = [r.reason for r in rules if r.rule is not RuleKind.target]
        return None, "; ".join([*reasons, *notes]) or "no rule applies"
    reasons = [r.reason for r in rules if r.rating is rating]
    return rating, "; ".join([*reasons, *notes])


# --- one action's ratings -----------------------------------------------------------------


@dataclass(frozen=True)
class LastKnown:
    """The last rating recorded before the month, for an action not reported in it."""

    rating: Rating
    """The rating then."""
    month: str
    """The month it was recorded, YYYY-MM."""
    age: int
    """How many months before the reported month."""


@dataclass(frozen=True)
class ActionRating:
    """One action's ratings for one month."""

    action: str
    """The action id."""
    title: str
    """The action's short title."""
    area: str
    """The id of its plan area."""
    objective: str
    """The id of its objective."""
    lead: str
    """Its lead officer."""
    addresses: tuple[str, ...]
    """The ids of the findings it answers."""
    due: dt.date | None
    """The last day it may finish on; None for ongoing or recurring actions."""
    recorded: Rating
    """The lead officer's rating in the month's update, or not_reported."""
    recorded_note: str
    """Why there is no recorded rating ("" when there is one)."""
    last_known: LastKnown | None
    """The last earlier recorded rating, when the month has none."""
    derivation: Derivation
    """The rating the rules give, with reasons."""
    challenge: str | None
    """Why the recorded rating is better than the derived one; None when it is not."""
    reported: Rating
    """The rating boards see, by the plan's reported policy."""
    previous: Rating | None
    """The reported rating in the previous reported month; None when there is none."""
    trend: Trend
    """Direction of travel from ``previous`` to ``reported``."""
    narrative: str | None
    """The month's narrative, when its update gives one."""


def reported_rating(policy: ReportedRating, recorded: Rating, derived: Rating | None) -> Rating:
    """The rating boards see.

    recorded: the recorded rating (not_reported when there is none). derived: the derived one
    (not_reported when no rule gives one). worse: the worse of the two, and not_reported when
    the lead officer recorded none, so a missing update is never hidden behind a derived colour.
    """
    if policy is ReportedRating.derived:
        return derived if derived is not None else Rating.not_reported
    if policy is ReportedRating.worse and is_rated(recorded) and derived is not None:
        return worse(recorded, derived)
    return recorded


def _recorded(action_id: str, updates: Updates, month: str) -> tuple[Rating, str]:
    update = updates.get(month, {}).get(action_id)
    if update is None:
        return Rating.not_reported, f"no update for {format_month(month)}"
    if update.rag is None:
        return Rating.not_reported, f"the {format_month(month)} update gives no rating"
    return Rating(update.rag.value), ""


def _last_known(action_id: str, updates: Updates, month: str) -> LastKnown | None:
    for found in reversed(months_with_updates(updates)):
        update = updates[found].get(action_id)
        if found < month and update is not None and update.rag is not None:
            age = len(months_between(found, month)) - 1
            return LastKnown(Rating(update.rag.value), found, age)
    return None


def _challenge(recorded: Rating, derivation: Derivation) -> str | None:
    derived = derivation.rating
    if not is_rated(recorded) or derived is None or _RANK[recorded] >= _RANK[derived]:
        return None
    return f"recorded {recorded.word}, but the rules give {derived.word}: {derivation.reason}"


def rate_action(plan: PlanFile, action_id: str, updates: Updates, month: str) -> ActionRating:
    """One action's recorded, derived and reported ratings for ``month``, without direction of
    travel (``previous`` None, ``trend`` new; :func:`evaluate` fills them in).

    Raises KeyError for an action id the plan does not have.
    """
    for area, objective, action in plan.actions():
        if action.id == action_id:
            return _rate(plan, area, objective, action, updates, month)
    raise KeyError(action_id)


def _rate(
    plan: PlanFile, area: Area, objective: Objective, action: Action, updates: Updates, month: str
) -> ActionRating:
    recorded, note = _recorded(action.id, updates, month)
    derivation = derive(plan, action, updates, month)
    update = updates.get(month, {}).get(action.id)
    due = action.timescale.due
    return ActionRating(
        action=action.id,
        title=action.title,
        area=area.id,
        objective=objective.id,
        lead=action.lead,
        addresses=tuple(action.addresses),
        due=due_date(due) if due else None,
        recorded=recorded,
        recorded_note=note,
        last_known=None if is_rated(recorded) else _last_known(action.id, updates, month),
        derivation=derivation,
        challenge=_challenge(recorded, derivation),
        reported=reported_rating(plan.plan.rag_policy.reported, recorded, derivation.rating),
        previous=None,
        trend=Trend.new,
        narrative=update.narrative if update else None,
    )


# --- roll-ups -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """How many actions have each rating (the columns of Table 1)."""

    green: int = 0
    """Actions rated Green."""
    amber: int = 0
    """Actions rated Amber."""
    red: int = 0
    """Actions rated Red."""
    blue: int = 0
    """Actions rated Blue (complete, on a BRAG plan)."""
    not_reported: int = 0
    """Actions without a rating."""
    total: int = 0
    """All actions counted."""

    def of(self, rating: Rating) -> int:
        """The count for one rating."""
        value: int = getattr(self, rating.value)
        return value


def count_ratings(ratings: Iterable[Rating]) -> Counts:
    """Count ratings by colour."""
    found = Counter(ratings)
    return Counts(
        green=found[Rating.green],
        amber=found[Rating.amber],
        red=found[Rating.red],
        blue=found[Rating.blue],
        not_reported=found[Rating.not_reported],
        total=sum(found.values()),
    )


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole} rated actions ({part / whole:.0%})"


def overall_rating(ratings: Sequence[Rating], policy: RagPolicy) -> tuple[Rating, str]:
    """One rating for a set of action ratings, with the reason, by ``policy.overall``.

    Only rated actions count (not_reported is left out); with none the result is not_reported.

    * worst: the worst colour any action has.
    * majority: the most common colour; a tie goes to the worse colour.
    * thresholds: Red when the Red share reaches ``thresholds.red_share``; otherwise Green when
      the Green-or-Blue share reaches ``thresholds.green_share``; otherwise Amber.
    """
    rated = [r for r in ratings if is_rated(r)]
    if not rated:
        return Rating.not_reported, "no action has a rating"
    total = len(rated)
    if policy.overall is OverallRule.worst:
        found = worst(rated)
        assert found is not None
        return found, f"worst: {rated.count(found)} of {total} rated actions are {found.word}"
    if policy.overall is OverallRule.majority:
        return _majority(rated)
    reds = rated.count(Rating.red)
    greens = rated.count(Rating.green) + rated.count(Rating.blue)
    if reds / total >= policy.thresholds.red_share:
        return Rating.red, (
            f"thresholds: {_share(reds, total)} are Red, at least the "
            f"{policy.thresholds.red_share:.0%} red share"
        )
    if greens / total >= policy.thresholds.green_share:
        return Rating.green, (
            f"thresholds: {_share(greens, total)} are Green or Blue, at least the "
            f"{policy.thresholds.green_share:.0%} green share"
        )
    return Rating.amber, (
        f"thresholds: {reds} Red and {greens} Green or Blue of {total} rated actions, neither "
        f"share reached"
    )


def _majority(rated: Sequence[Rating]) -> tuple[Rating, str]:
    found = Counter(rated)
    top = max(found.values())
    leaders = sorted((r for r, n in found.items() if n == top), key=_RANK.__getitem__)
    chosen = leaders[-1]
    total = len(rated)
    if len(leaders) == 1:
        return chosen, f"majority: {top} of {total} rated actions are {chosen.word}"
    tied = " and ".join(r.word for r in leaders)
    return chosen, (
        f"majority: {tied} tie at {top} of {total} rated actions; the tie goes to the worse, "
        f"{chosen.word}"
    )


@dataclass(frozen=True)
class RollupRow:
    """The ratings of one group of actions (an area, objective, finding or lead officer)."""

    key: str
    """The group's id (area, objective or finding id; the lead officer's name; action id)."""
    name: str
    """The group's name or text."""
    counts: Counts
    """How many of its actions have each rating."""
    rating: Rating
    """The group's rating, by the plan's overall rule."""
    reason: str
    """Why the group has its rating."""
    previous: Rating | None
    """The group's rating in the previous reported month; None when there is none."""
    trend: Trend
    """Direction of travel from ``previous`` to ``rating``."""
    actions: tuple[str, ...]
    """The ids of its actions."""


@dataclass(frozen=True)
class Overall:
    """The whole plan's rating."""

    rating: Rating
    """The plan's rating, by ``rule``."""
    rule: OverallRule
    """The plan's overall rule: worst, majority or thresholds."""
    reason: str
    """Why, in words."""
    previous: Rating | None
    """The plan's rating in the previous reported month; None when there is none."""
    trend: Trend
    """Direction of travel."""


@dataclass(frozen=True)
class Change:
    """An action whose reported rating changed since the previous reported month."""

    action: str
    """The action id."""
    title: str
    """The action's title."""
    before: Rating
    """The reported rating then."""
    after: Rating
    """The reported rating now."""
    trend: Trend
    """Improved, worsened, new or unreported."""


@dataclass(frozen=True)
class ExceptionItem:
    """One line of the exceptions list: what boards must look at."""

    kind: ExceptionKind
    """Red, challenge, overdue or not reported."""
    action: str
    """The action id."""
    title: str
    """The action's title."""
    reason: str
    """Why, in words."""


@dataclass(frozen=True)
class MonthRating:
    """Every rating of one plan for one month: the engine's result."""

    plan: str
    """The plan id."""
    title: str
    """The plan title."""
    month: str
    """The month rated, YYYY-MM."""
    previous_month: str | None
    """The previous reported month compared with; None when there is none."""
    scale: RagScale
    """rag, or brag where Blue marks completion."""
    reported_policy: ReportedRating
    """Which rating is reported: recorded, derived or worse."""
    overall: Overall
    """The whole plan's rating."""
    totals: Counts
    """Counts over every action of the plan."""
    actions: tuple[ActionRating, ...]
    """Every action, in plan order."""
    by_area: tuple[RollupRow, ...]
    """One row per plan area (Table 1 of seed 002)."""
    by_objective: tuple[RollupRow, ...]
    """One row per objective."""
    by_recommendation: tuple[RollupRow, ...]
    """One row per inspection finding; an action answering two counts in both."""
    by_lead: tuple[RollupRow, ...]
    """One row per lead officer, in order of first appearance."""
    changes: tuple[Change, ...]
    """Actions whose reported rating changed since the previous reported month."""
    exceptions: tuple[ExceptionItem, ...]
    """Reds, challenges, overdue and not reported, in that order."""

    def rows(self, by: Grouping) -> tuple[RollupRow, ...]:
        """The roll-up rows for ``by``; for ``action``, one row per action."""
        if by is Grouping.action:
            return tuple(_action_row(a) for a in self.actions)
        return {
            Grouping.area: self.by_area,
            Grouping.objective: self.by_objective,
            Grouping.recommendation: self.by_recommendation,
            Grouping.lead: self.by_lead,
        }[by]


def _action_row(action: ActionRating) -> RollupRow:
    return RollupRow(
        key=action.action,
        name=action.title,
        counts=count_ratings([action.reported]),
        rating=action.reported,
        reason=action.derivation.reason,
        previous=action.previous,
        trend=action.trend,
        actions=(action.action,),
    )


def _row(
    key: str, name: str, members: Sequence[ActionRating], policy: RagPolicy, compare: bool
) -> RollupRow:
    rating, reason = overall_rating([a.reported for a in members], policy)
    previous: Rating | None = None
    if compare:
        previous, _ = overall_rating([a.previous or Rating.not_reported for a in members], policy)
    return RollupRow(
        key=key,
        name=name,
        counts=count_ratings(a.reported for a in members),
        rating=rating,
        reason=reason,
        previous=previous,
        trend=trend(previous, rating),
        actions=tuple(a.action for a in members),
    )


def _rollups(
    plan: PlanFile, actions: Sequence[ActionRating], compare: bool
) -> dict[Grouping, tuple[RollupRow, ...]]:
    policy = plan.plan.rag_policy
    by_area = tuple(
        _row(area.id, area.name, [a for a in actions if a.area == area.id], policy, compare)
        for area in plan.areas
    )
    by_objective = tuple(
        _row(o.id, o.text, [a for a in actions if a.objective == o.id], policy, compare)
        for area in plan.areas
        for o in area.objectives
    )
    by_finding = tuple(
        _row(f.id, f.text, [a for a in actions if f.id in a.addresses], policy, compare)
        for _, f in plan.findings()
    )
    leads = dict.fromkeys(a.lead for a in actions)
    by_lead = tuple(
        _row(lead, lead, [a for a in actions if a.lead == lead], policy, compare) for lead in leads
    )
    return {
        Grouping.area: by_area,
        Grouping.objective: by_objective,
        Grouping.recommendation: by_finding,
        Grouping.lead: by_lead,
    }


# --- exceptions ---------------------------------------------------------------------------


def not_reported_reason(action: ActionRating, policy: ReportedRating) -> str:
    """Why an action has no reported rating, with its last known rating and its age."""
    if policy is ReportedRating.derived:
        return f"the rules give no rating: {action.derivation.reason}"
    last = action.last_known
    if last is None:
        return f"{action.recorded_note}, and no earlier rating"
    months = "month" if last.age == 1 else "months"
    return (
        f"{action.recorded_note}; last known {last.rating.word} in {format_month(last.month)} "
        f"({last.age} {months} old)"
    )


def _red_reason(action: ActionRating) -> str:
    derived = action.derivation
    if derived.rating is Rating.red:
        prefix = "recorded Red; " if action.recorded is Rating.red else ""
        return f"{prefix}{derived.reason}"
    if derived.rating is None:
        return f"recorded Red; the rules give no rating: {derived.reason}"
    return f"recorded Red; the rules give {derived.rating.word}: {derived.reason}"


def _exceptions(actions: Sequence[ActionRating], policy: ReportedRating) -> list[ExceptionItem]:
    found: list[ExceptionItem] = []
    for a in actions:
        if a.reported is Rating.red:
            found.append(ExceptionItem(ExceptionKind.red, a.action, a.title, _red_reason(a)))
        if a.challenge:
            found.append(ExceptionItem(ExceptionKind.challenge, a.action, a.title, a.challenge))
        if a.derivation.overdue:
            reason = next(r.reason for r in a.derivation.rules if r.rule is RuleKind.overdue)
            found.append(ExceptionItem(ExceptionKind.overdue, a.action, a.title, reason))
        if a.reported is Rating.not_reported:
            reason = not_reported_reason(a, policy)
            found.append(ExceptionItem(ExceptionKind.not_reported, a.action, a.title, reason))
    order = list(ExceptionKind)
    return sorted(found, key=lambda item: order.index(item.kind))


# --- the month and the history ------------------------------------------------------------


def _rate_all(plan: PlanFile, updates: Updates, month: str) -> list[ActionRating]:
    return [_rate(plan, *found, updates, month) for found in plan.actions()]


def evaluate(plan: PlanFile, updates: Updates, month: str) -> MonthRating:
    """Every rating of ``plan`` for ``month``, compared with the previous reported month.

    Raises :class:`MonthError` when ``month`` is malformed or outside the plan period.
    """
    check_month(plan, month)
    policy = plan.plan.rag_policy
    before = previous_month(updates, month)
    actions = _rate_all(plan, updates, month)
    if before is not None:
        earlier = {a.action: a.reported for a in _rate_all(plan, updates, before)}
        actions = [
            dataclasses.replace(
                a, previous=earlier[a.action], trend=trend(earlier[a.action], a.reported)
            )
            for a in actions
        ]
    compare = before is not None
    rating, reason = overall_rating([a.reported for a in actions], policy)
    previous: Rating | None = None
    if compare:
        previous, _ = overall_rating([a.previous or Rating.not_reported for a in actions], policy)
    rollups = _rollups(plan, actions, compare)
    changes = tuple(
        Change(a.action, a.title, a.previous, a.reported, a.trend)
        for a in actions
        if a.previous is not None and a.trend is not Trend.unchanged
    )
    return MonthRating(
        plan=plan.plan.id,
        title=plan.plan.title,
        month=month,
        previous_month=before,
        scale=policy.scale,
        reported_policy=policy.reported,
        overall=Overall(rating, policy.overall, reason, previous, trend(previous, rating)),
        totals=count_ratings(a.reported for a in actions),
        actions=tuple(actions),
        by_area=rollups[Grouping.area],
        by_objective=rollups[Grouping.objective],
        by_recommendation=rollups[Grouping.recommendation],
        by_lead=rollups[Grouping.lead],
        changes=changes,
        exceptions=tuple(_exceptions(actions, policy.reported)),
    )


@dataclass(frozen=True)
class History:
    """A plan's ratings month by month."""

    plan: str
    """The plan id."""
    title: str
    """The plan title."""
    months: tuple[str, ...]
    """The months rated, in order."""
    ratings: tuple[MonthRating, ...]
    """One result per month, in the same order."""


def history_months(plan: PlanFile, updates: Updates, until: str | None = None) -> list[str]:
    """The months a history covers: every month from the first with updates to ``until``.

    ``until`` defaults to the latest month with updates. Months in between without updates are
    kept (every action then shows not reported) so a missed monthly review is visible. With no
    updates at all the history is just ``until`` (or empty). Raises :class:`MonthError` for a
    bad ``until``.
    """
    last = until or latest_month(updates)
    if last is None:
        return []
    check_month(plan, last)
    reported = [m for m in months_with_updates(updates) if m <= last]
    first = max(reported[0], plan.plan.period.start) if reported else last
    return months_between(first, last)


def history(plan: PlanFile, updates: Updates, until: str | None = None) -> History:
    """The plan rated for each month of :func:`history_months`."""
    months = history_months(plan, updates, until)
    ratings = tuple(evaluate(plan, updates, month) for month in months)
    return History(plan.plan.id, plan.plan.title, tuple(months), ratings)


# --- plain data ---------------------------------------------------------------------------


def as_data(value: Any) -> Any:
    """Engine results as JSON-ready data: dataclasses become dicts in field order, enums their
    values, dates ISO strings, tuples lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: as_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [as_data(item) for item in value]
    if isinstance(value, dict):
        return {str(k): as_data(v) for k, v in value.items()}
    return value
