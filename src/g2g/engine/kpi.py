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
  "improved", worse is "worsened", equal is "unchanged"; with nothing before it, "new". A
  measure without a polarity has no default direction: a change is "changed" and shown as the
  two figures ("1,066 -> 1,079"), and it is not rated against its target.
* A measure that an action's target takes its figures from (``kpi:``) is judged once, by the
  RAG engine against that target's trajectory (:class:`g2g.engine.targets.TargetCheck`), and
  every section shows that judgement rather than a second one against the measure's target.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from g2g.engine.targets import TargetCheck
from g2g.plan.model_base import (
    SUPPRESSION_WORDS,
    Figure,
    Polarity,
    Rag,
    Unit,
    is_number,
)
from g2g.plan.model_measures import Measure, MeasuresFile
from g2g.plan.model_plan import PlanFile
from g2g.words import format_month as month_label
from g2g.words import format_value

__all__ = ["month_label"]


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
    polarity: Polarity | None
    """Which direction is better; None when the plan does not say."""
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
    """improved, worsened, unchanged or new (or "unknown" without a figure); "changed" when
    the measure has no polarity, so the change is not called better or worse."""
    comparators: tuple[ComparatorFigure, ...]
    """Comparators beside the figure."""
    change: str = ""
    """The change from the previous figure as figures, e.g. "1,066 -> 1,079" ("" without
    both)."""
    judged_by: str | None = None
    """The plan target whose trajectory judgement the rating is (``kpi:``), when there is one."""


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


def measure_status(
    measure: Measure,
    month: str,
    plan_tolerance: float,
    judged: TargetCheck | None = None,
) -> MeasureStatus:
    """Where one measure stands at ``month``; ``judged`` is the engine's judgement of the plan
    target that takes its figures from this measure, which then gives the rating."""
    value_month, raw = _latest(measure.values, month)
    value = float(raw) if is_number(raw) else None
    code = raw if isinstance(raw, str) else None
    previous_month, previous = (None, None)
    if value_month is not None:
        previous_month, previous = _previous_number(measure.values, value_month)
    rating: Rag | None = None
    if value is None:
        reason = (
            f"{SUPPRESSION_WORDS.get(code, 'not available').lower()} for {month_label(value_month)}"
            if value_month and code
            else "no figure yet"
            if value_month is None
            else f"no figure for {month_label(value_month)}"
        )
    elif judged is not None:
        if judged.rating is not None:
            rating = Rag(judged.rating.value)
        reason = f"judged against the improvement plan's trajectory: {judged.reason}"
    elif measure.target is None:
        when = month_label(value_month or month)
        reason = f"{format_value(value, measure.unit)} ({when}); no target set"
    elif measure.polarity is None:
        when = month_label(value_month or month)
        reason = (
            f"{format_value(value, measure.unit)} ({when}) against a target of "
            f"{format_value(measure.target, measure.unit)}; not rated, as the measure has no "
            "polarity - add polarity: higher or lower"
        )
    else:
        tolerance = plan_tolerance if measure.tolerance is None else measure.tolerance
        rating, reason = rate_against_target(
            value, measure.target, measure.polarity, tolerance, measure.unit
        )
        reason = f"{reason} ({month_label(value_month or month)})"
    change = ""
    if value is not None and previous is not None:
        change = f"{format_value(previous, measure.unit)} -> {format_value(value, measure.unit)}"
    direction = _direction(measure.polarity, value, previous)
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
        change=change,
        judged_by=judged.target if judged is not None else None,
    )


def _direction(polarity: Polarity | None, value: float | None, previous: float | None) -> str:
    """Which way the figure moved since the previous one, in a word."""
    if value is None:
        return "unknown"
    if previous is None:
        return "new"
    if value == previous:
        return "unchanged"
    if polarity is None:
        return "changed"
    return "improved" if _better(polarity, value, previous) else "worsened"


def _comparator(
    kind: str, name: str | None, values: dict[str, Figure], month: str
) -> ComparatorFigure:
    label = name or kind.replace("_", " ").capitalize()
    when, raw = _latest(values, month)
    return ComparatorFigure(label, float(raw) if is_number(raw) else None, when)


def service_figures(
    measures: MeasuresFile,
    month: str,
    plan_tolerance: float,
    judged: Mapping[str, TargetCheck] | None = None,
) -> list[MeasureStatus]:
    """Every measure's status at ``month``, in file order. ``judged`` maps a measure id to the
    engine's judgement of the plan target linked to it (see :func:`linked_judgements`)."""
    found = judged or {}
    return [measure_status(m, month, plan_tolerance, found.get(m.id)) for m in measures.measures]


def linked_judgements(plan: PlanFile, checks: Iterable[TargetCheck]) -> dict[str, TargetCheck]:
    """The month's target judgements by the id of the measure each target takes its figures
    from (``kpi:``); the first target wins when two use one measure."""
    by_target = {c.target: c for c in checks}
    out: dict[str, TargetCheck] = {}
    for _, _, action in plan.actions():
        for target in action.targets:
            if target.kpi and target.id in by_target:
                out.setdefault(target.kpi, by_target[target.id])
    return out


def latest_measure_month(measures: MeasuresFile) -> str | None:
    """The latest month any measure has a figure for."""
    months = [m for measure in measures.measures for m in measure.values]
    return max(months) if months else None
