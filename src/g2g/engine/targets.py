"""Targets against their trajectories: the value expected in a month, and whether the latest
figure is on track.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from g2g.engine.goalposts import value_in_force
from g2g.engine.ratings import Rating, month_index
from g2g.plan.model_base import Polarity, Unit
from g2g.plan.model_plan import Target
from g2g.plan.model_progress import Update
from g2g.words import format_month, format_number, format_value

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


def milestones_in_force(target: Target, month: str) -> list[tuple[str, float]]:
    """The target's milestones (month, value) with the values in force in ``month``: a
    milestone re-baselined after ``month`` keeps its earlier value (see
    :func:`g2g.engine.goalposts.value_in_force`), so a later re-baseline never changes the
    verdict on an earlier month."""
    return [(m.month, value_in_force(m, month)) for m in target.milestones]


def expected_at(target: Target, month: str) -> tuple[Expectation | None, str]:
    """The trajectory's value for ``month``, or None with the reason it cannot be judged.

    The trajectory is linear by month between milestones, whose values are those in force in
    ``month`` (a re-baselined milestone counts at its earlier value before the revision was
    agreed). Before the first milestone it runs from the baseline when the baseline has a month
    (and cannot be judged before that month); without a dated baseline it cannot be judged
    yet. After the last milestone its value holds.
    """
    points = milestones_in_force(target, month)
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
            share = (month_index(month) - month_index(start)) / (
                month_index(end) - month_index(start)
            )
            expected = low + (high - low) * share
            return Expectation(expected, month in milestone_months, False, end, high), ""
    raise AssertionError("unreachable: month lies between two points")  # pragma: no cover


def direction(target: Target) -> tuple[Polarity | None, str]:
    """The direction in which ``target`` is better, with a note when it is not the plan's own.

    The target's ``polarity`` when given; otherwise the way its trajectory runs (from the
    baseline, else the first milestone, to the last milestone), noted in words; None when
    neither says.
    """
    if target.polarity is not None:
        return target.polarity, ""
    values = [m.value for m in target.milestones]
    if target.baseline is not None:
        values.insert(0, target.baseline.value)
    if len(values) >= 2 and values[-1] != values[0]:
        rises = values[-1] > values[0]
        word = "rises" if rises else "falls"
        return (Polarity.higher if rises else Polarity.lower), (
            f" (no polarity set: its trajectory {word}, so {'higher' if rises else 'lower'} "
            "is taken as better)"
        )
    return None, ""


@dataclass(frozen=True)
class TargetCheck:
    """One target judged for the month: against its trajectory, and whether its next
    milestones can still be reached at the rate achieved so far. Computed once by the engine;
    every section and format shows this judgement."""

    target: str
    """The target id."""
    measure: str
    """What is measured, as the plan words it."""
    unit: Unit
    """The measure's unit."""
    polarity: Polarity | None
    """Which direction is better (the plan's, else the trajectory's); None when unknown."""
    value: float | None
    """The value recorded in the month's update; None when absent or not available."""
    expected: float | None
    """The trajectory's value for the month; None when it cannot be judged."""
    tolerance: float
    """Percent of the expected value a shortfall may reach and still be Amber."""
    rating: Rating | None
    """Green on or better than the trajectory, Amber short within tolerance, Red beyond it or
    with a milestone out of reach; None when not judged."""
    missing: bool
    """True when the trajectory could be judged but the month has no figure."""
    reason: str
    """The judgement in words."""
    out_of_reach: str | None = None
    """The fact that a coming milestone cannot be reached at the rate achieved so far; None
    when it can, or when that cannot be told."""


Point = tuple[str, float]
"""A measured value and its month."""


def check_target(
    target: Target,
    update: Update | None,
    month: str,
    default_tolerance: float,
    points: Sequence[Point] = (),
    start: str | None = None,
) -> TargetCheck:
    """Judge one target's figure in ``month`` against its trajectory (see :func:`expected_at`)
    and its coming milestones against the rate achieved so far (see :func:`reach`).

    A shortfall (below the trajectory, or above it when lower is better) of at most the
    tolerance - a percentage of the expected value - is Amber, a larger one Red; on or better
    than the trajectory is Green. Before the first milestone, with no dated baseline, a figure
    that already meets that milestone is Green. A missing figure, or one recorded as not
    available (null), is never taken as zero: the target is then not judged. ``points`` are the
    figures measured up to the month (oldest first); ``start`` is the month the action started.
    """
    tolerance = default_tolerance if target.tolerance is None else target.tolerance
    polarity, inferred = direction(target)
    expectation, why = expected_at(target, month)
    value = update.values.get(target.id) if update is not None else None

    def result(
        rating: Rating | None, reason: str, *, missing: bool = False, far: str | None = None
    ) -> TargetCheck:
        expected = expectation.value if expectation else None
        return TargetCheck(
            target.id,
            target.measure,
            target.unit,
            polarity,
            value,
            expected,
            tolerance,
            rating,
            missing,
            f"{target.measure}: {reason}",
            far,
        )

    if polarity is None:
        return result(
            None,
            "no polarity set and its trajectory does not say which way is better, so not "
            "judged - add polarity: higher or lower",
        )
    if update is None or target.id not in update.values:
        if expectation is None:
            return result(None, f"{why}, so not judged yet")
        return result(None, f"no figure for {format_month(month)}, so not judged", missing=True)
    if value is None:
        return result(
            None, f"figure not available for {format_month(month)}, so not judged", missing=True
        )
    far = reach(target, polarity, [*points, (month, value)], month, tolerance, start)
    if expectation is None:
        in_force = milestones_in_force(target, month)
        first = in_force[0] if in_force else None
        if first is not None and meets(polarity, value, first[1]):
            text = (
                f"{format_value(value, target.unit)} already meets the "
                f"{format_value(first[1], target.unit)} milestone for "
                f"{format_month(first[0])} - on track{inferred}"
            )
            return result(Rating.green, text)
        if far is not None:
            text = f"{format_value(value, target.unit)} in {format_month(month)}; {far}"
            return result(Rating.red, f"{text}{inferred}", far=text)
        return result(None, f"{why}, so not judged yet")
    rating = _judge(polarity, value, expectation.value, tolerance)
    text = _target_reason(target, polarity, value, expectation, month, rating, tolerance)
    if far is not None:
        return result(Rating.red, f"{text}; {far}{inferred}", far=f"{text}; {far}")
    return result(rating, f"{text}{inferred}")


def meets(polarity: Polarity, value: float, aim: float) -> bool:
    """Whether ``value`` is at ``aim`` or better, ``polarity`` saying which way is better."""
    return value >= aim if polarity is Polarity.higher else value <= aim


_FLOORED = {Unit.percent, Unit.count, Unit.days, Unit.weeks, Unit.rate_per_10000}


def reach(
    target: Target,
    polarity: Polarity,
    points: Sequence[Point],
    month: str,
    tolerance: float,
    start: str | None,
) -> str | None:
    """Why a coming milestone can no longer be reached at the rate achieved so far, or None.

    The rate is measured from the figures: from the dated baseline (or the first figure) to the
    latest figure, per month. With a single figure and no dated baseline the rate is bounded
    instead: a percentage, count, days or rate cannot have started below 0 (or a percentage
    above 100), so since the action's start it has moved at most that far per month. A
    milestone after ``month`` whose value the rate (at best) cannot reach, by more than the
    tolerance, is out of reach. Milestones the figure already meets are never out of reach.
    Milestone values are those in force in ``month``.
    """
    if not points:
        return None
    unit = target.unit
    baseline = target.baseline
    series = list(points)
    if baseline is not None and baseline.month is not None and baseline.month < series[0][0]:
        series.insert(0, (baseline.month, baseline.value))
    last_month, last = series[-1]
    good = 1 if polarity is Polarity.higher else -1
    achieved = _rate(series, unit, polarity, start)
    if achieved is None:
        return None
    rate, how = achieved
    for aim_month, aim_value in milestones_in_force(target, month):
        if aim_month <= month or meets(polarity, last, aim_value):
            continue
        ahead = month_index(aim_month) - month_index(last_month)
        projected = last + good * rate * ahead
        shortfall = (aim_value - projected) * good
        if shortfall > abs(aim_value) * tolerance / 100 + 1e-9:
            aim = f"the {format_value(aim_value, unit)} milestone"
            if rate <= 0:
                return (
                    f"{how}, it stays at {format_value(last, unit)}, short of {aim} for "
                    f"{format_month(aim_month)} - out of reach"
                )
            return (
                f"{how}, which reaches {format_value(projected, unit)} by "
                f"{format_month(aim_month)} against {aim} - out of reach"
            )
    return None


def _rate(
    series: Sequence[Point], unit: Unit, polarity: Polarity, start: str | None
) -> tuple[float, str] | None:
    """The improvement per month so far (never below 0) and how it was found, in words; None
    when it cannot be measured or bounded. See :func:`reach`."""
    last_month, last = series[-1]
    good = 1 if polarity is Polarity.higher else -1
    if len(series) >= 2:
        first_month, first = series[0]
        months = month_index(last_month) - month_index(first_month)
        if months <= 0:
            return None
        rate = max(0.0, (last - first) * good / months)
        since = f"{format_month(first_month)} ({format_value(first, unit)})"
        how = f"at the rate achieved since {since}, {_per_month(rate, unit)}"
        if rate <= 0:
            how = f"with no improvement since {since}"
        return rate, how
    bound = _bound(unit, polarity)
    if bound is None or start is None:
        return None
    months = month_index(last_month) - month_index(start)
    if months <= 0:
        return None
    rate = max(0.0, (last - bound) * good / months)
    how = (
        "with one figure so far, the fastest it can have improved since the action started "
        f"in {format_month(start)} is {_per_month(rate, unit)} (from "
        f"{format_value(bound, unit)})"
    )
    return rate, how


def _bound(unit: Unit, polarity: Polarity) -> float | None:
    if polarity is Polarity.higher:
        return 0.0 if unit in _FLOORED else None
    return 100.0 if unit is Unit.percent else None


def _per_month(rate: float, unit: Unit) -> str:
    if unit is Unit.percent:
        points = format_number(round(rate, 2))
        return f"{points} percentage {'point' if points == '1' else 'points'} a month"
    return f"{format_value(round(rate, 2), unit)} a month"


def milestone_verdict(rating: Rating, tolerance: float) -> str:
    """A milestone judged by the figure for its own month, in the words ``rag``, ``due`` and
    the paper share: ``met`` (Green), ``missed within the 10% tolerance`` (Amber) or
    ``missed, by more than the 10% tolerance`` (Red). "Overdue" is kept for actions."""
    if rating is Rating.green:
        return "met"
    if rating is Rating.amber:
        return f"missed within the {tolerance:g}% tolerance"
    return f"missed, by more than the {tolerance:g}% tolerance"


def judge(polarity: Polarity, value: float, expected: float, tolerance: float) -> Rating:
    """``value`` against ``expected``: Green on or better, Amber short by at most
    ``tolerance`` percent of ``expected``, Red further short (as ``rag`` judges a target)."""
    return _judge(polarity, value, expected, tolerance)


def _judge(polarity: Polarity, value: float, expected: float, tolerance: float) -> Rating:
    shortfall = expected - value if polarity is Polarity.higher else value - expected
    if shortfall <= 0:
        return Rating.green
    # A small epsilon so a shortfall of exactly the tolerance stays Amber despite float error.
    allowed = abs(expected) * tolerance / 100 + 1e-9
    return Rating.amber if shortfall <= allowed else Rating.red


def _target_reason(
    target: Target,
    polarity: Polarity,
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
    verdict = milestone_verdict(rating, tolerance) if expectation.on_milestone else verdicts[rating]
    text += f" - {verdict}"
    if polarity is Polarity.lower:
        text += " (lower is better)"
    return text
