"""Service figures (KPIs) for a month: each measure's latest figure, its RAG against its target
and its direction of travel. A library: plain data, no printing.

Rules, in words a scrutiny member can check:

* The figure shown for month M is the measure's latest figure at or before M, and the month it
  is for is always shown with it (figures arrive at different rhythms; none is carried forward
  silently). A suppression code (c, :, z...) or null is "not available", never zero.
* RAG needs a target: meeting it (on the right side, by polarity) is Green; missing it by no
  more than the tolerance (percent of the target: the measure's, else the plan's) is Amber;
  further is Red. With no target or no figure there is no rating.
* Direction of travel compares the figure with the one before it: better by polarity is
  "improved", worse is "worsened", equal is "unchanged"; with nothing before it, "new".
"""

from __future__ import annotations

from dataclasses import dataclass

from g2g.plan.models import (
    Figure,
    Measure,
    MeasuresFile,
    Polarity,
    Rag,
    Unit,
    format_value,
    is_number,
)
from g2g.words import format_month as month_label

__all__ = ["format_value", "month_label"]


@dataclass(frozen=True)
class ComparatorFigure:
    """A comparator's figure beside a measure."""

    label: str
    """e.g. "Statistical neighbours"."""
    value: float | None
    """The comparator's latest figure at or before the month, None when not available."""
    month: str | None
    """The month that figure is for."""


@dataclass(frozen=True)
class MeasureStatus:
    """Where one measure stands at a month."""

    id: str
    """The measure's id."""
    name: str
    """What is measured."""
    group: str
    """The board paper section, e.g. Demand or Caseloads ("Other" when not given)."""
    unit: Unit
    """The unit of the figures."""
    polarity: Polarity
    """Which direction is better."""
    value: float | None
    """The latest figure at or before the month; None when none or not available."""
    value_month: str | None
    """The month the figure is for."""
    code: str | None
    """The suppression code when the latest entry is not available (e.g. "c")."""
    target: float | None
    """The target, when there is one."""
    rating: Rag | None
    """Green, Amber or Red against the target; None without a target or a figure."""
    reason: str
    """The rating (or its absence) in words."""
    previous: float | None
    """The figure before the latest one."""
    previous_month: str | None
    """The month of the previous figure."""
    direction: str
    """improved, worsened, unchanged or new (or "unknown" without a figure)."""
    comparators: tuple[ComparatorFigure, ...]
    """Comparators beside the figure."""


def _latest(values: dict[str, Figure], month: str) -> tuple[str | None, Figure]:
    months = sorted(m for m in values if m <= month)
    if not months:
        return None, None
    return months[-1], values[months[-1]]


def _previous_number(values: dict[str, Figure], before: str) -> tuple[str | None, float | None]:
    for earlier in sorted((m for m in values if m < before), reverse=True):
        value = values[earlier]
        if is_number(value):
            return earlier, float(value)
    return None, None


def _better(polarity: Polarity, new: float, old: float) -> bool:
    return new > old if polarity is Polarity.higher else new < old


def rate_against_target(
    value: float, target: float, polarity: Polarity, tolerance: float, unit: Unit
) -> tuple[Rag, str]:
    """Green, Amber or Red for a figure against a target, with the reason in words."""
    shown, aimed = format_value(value, unit), format_value(target, unit)
    meets = value >= target if polarity is Polarity.higher else value <= target
    if meets:
        return Rag.green, f"{shown} meets the target of {aimed}"
    gap = abs(target - value)
    allowed = abs(target) * tolerance / 100
    side = "below" if polarity is Polarity.higher else "above"
    if gap <= allowed:
        return Rag.amber, f"{shown} is {side} the target of {aimed}, within the tolerance"
    return Rag.red, f"{shown} is {side} the target of {aimed}, beyond the {tolerance:g}% tolerance"


def measure_status(measure: Measure, month: str, plan_tolerance: float) -> MeasureStatus:
    """Where one measure stands at ``month``."""
    value_month, raw = _latest(measure.values, month)
    value = float(raw) if is_number(raw) else None
    code = raw if isinstance(raw, str) else None
    previous_month, previous = (None, None)
    if value_month is not None:
        previous_month, previous = _previous_number(measure.values, value_month)
    rating: Rag | None = None
    if value is None:
        reason = (
            f"not available for {month_label(value_month)} ({code})"
            if value_month and code
            else "no figure yet"
            if value_month is None
            else f"no figure for {month_label(value_month)}"
        )
    elif measure.target is None:
        when = month_label(value_month or month)
        reason = f"{format_value(value, measure.unit)} ({when}); no target set"
    else:
        tolerance = plan_tolerance if measure.tolerance is None else measure.tolerance
        rating, reason = rate_against_target(
            value, measure.target, measure.polarity, tolerance, measure.unit
        )
        reason = f"{reason} ({month_label(value_month or month)})"
    if value is None:
        direction = "unknown"
    elif previous is None:
        direction = "new"
    elif value == previous:
        direction = "unchanged"
    else:
        direction = "improved" if _better(measure.polarity, value, previous) else "worsened"
    comparators = tuple(
        _comparator(c.kind.value, c.name, c.values, month) for c in measure.comparators
    )
    return MeasureStatus(
        id=measure.id,
        name=measure.name,
        group=measure.group or "Other",
        unit=measure.unit,
        polarity=measure.polarity,
        value=value,
        value_month=value_month,
        code=code,
        target=measure.target,
        rating=rating,
        reason=reason,
        previous=previous,
        previous_month=previous_month,
        direction=direction,
        comparators=comparators,
    )


def _comparator(
    kind: str, name: str | None, values: dict[str, Figure], month: str
) -> ComparatorFigure:
    label = name or kind.replace("_", " ").capitalize()
    when, raw = _latest(values, month)
    return ComparatorFigure(label, float(raw) if is_number(raw) else None, when)


def service_figures(
    measures: MeasuresFile, month: str, plan_tolerance: float
) -> list[MeasureStatus]:
    """Every measure's status at ``month``, in file order."""
    return [measure_status(m, month, plan_tolerance) for m in measures.measures]


def latest_measure_month(measures: MeasuresFile) -> str | None:
    """The latest month any measure has a figure for."""
    months = [m for measure in measures.measures for m in measure.values]
    return max(months) if months else None
