"""Targets against their trajectories: the value expected in a month, and whether the latest
figure is on track.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from g2g.engine.ratings import Rating, _index
from g2g.plan.models import (
    Polarity,
    Target,
    Unit,
    Update,
    format_value,
)
from g2g.words import format_month

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
