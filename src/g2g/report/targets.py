"""The paper's measurable targets: for each target with figures, a chart of its trajectory
against the measured values, the chart's text alternative and the same figures as a table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from g2g.engine.derive import ActionRating
from g2g.engine.month import MonthRating
from g2g.engine.ratings import months_with_updates
from g2g.engine.targets import expected_at
from g2g.months import months_between
from g2g.plan.model_base import ComparatorKind, Polarity, Unit
from g2g.plan.model_plan import PlanFile, Target
from g2g.plan.model_progress import Update
from g2g.report.charts import ChartSpec, Series
from g2g.report.labels import as_sentence, long_month
from g2g.words import format_month, format_value, plural


@dataclass(frozen=True)
class FigureRow:
    """One month of a target's figures table."""

    month: str
    milestone: str
    trajectory: str
    measured: str


@dataclass(frozen=True)
class TargetSection:
    """One measurable target: its chart, the chart's text alternative and its figures."""

    id: str
    action: str
    action_title: str
    measure: str
    unit: str
    polarity: str
    judgement: str
    alt: str
    caption: str
    rows: tuple[FigureRow, ...]
    comparators: tuple[str, ...]
    chart: ChartSpec
    svg: str
    """The chart as inline SVG ("" when charts were not drawn, as in Markdown)."""
    notes: tuple[str, ...] = ()
    """Where a figure comes from when the plan's source does not state it (the baseline's
    ``note``)."""


@dataclass(frozen=True)
class PendingTarget:
    """A target with no figure reported yet."""

    action: str
    measure: str
    trajectory: str


@dataclass(frozen=True)
class Targets:
    """The measurable targets of the plan."""

    sections: tuple[TargetSection, ...]
    pending: tuple[PendingTarget, ...]
    intro: str


UNIT_WORDS = {
    Unit.percent: "Percent",
    Unit.count: "Number",
    Unit.days: "Days",
    Unit.weeks: "Weeks",
    Unit.rate_per_10000: "Rate per 10,000",
    Unit.gbp: "Pounds (£)",
    Unit.gbp_thousands: "Thousands of pounds (£000)",
    Unit.score: "Score",
}

COMPARATOR_WORDS = {
    ComparatorKind.statistical_neighbours: "Statistical neighbours",
    ComparatorKind.england: "England",
    ComparatorKind.region: "Region",
    ComparatorKind.other: "Comparator",
}


def polarity_words(polarity: Polarity | None) -> str:
    """Which way is better, as a sentence; says so when the plan does not."""
    if polarity is None:
        return "No polarity is set, so changes are shown without calling them better or worse."
    return f"A {'higher' if polarity is Polarity.higher else 'lower'} value is better."


def _trajectory_words(target: Target) -> str:
    if not target.milestones:
        return "No trajectory set"
    return ", ".join(
        f"{format_value(m.value, target.unit)} by {format_month(m.month)}"
        for m in target.milestones
    )


def _measured(
    target: Target, action: str, updates: Mapping[str, Mapping[str, Update]], month: str
) -> list[tuple[str, float]]:
    points = []
    for found in months_with_updates(updates):
        if found > month:
            break
        update = updates[found].get(action)
        value = update.values.get(target.id) if update else None
        if value is not None:
            points.append((found, value))
    return points


def _chart_spec(target: Target, measured: list[tuple[str, float]], month: str) -> ChartSpec:
    baseline = target.baseline
    dated = baseline is not None and baseline.month is not None
    firsts = [m for m, _ in measured] + [m.month for m in target.milestones]
    lasts = [month, *(m.month for m in target.milestones)]
    if dated and baseline is not None and baseline.month is not None:
        firsts.append(baseline.month)
    months = months_between(min(firsts), max(lasts))
    index = {m: i for i, m in enumerate(months)}
    path = [(index[m.month], m.value) for m in target.milestones]
    if dated and baseline is not None and baseline.month is not None:
        path.insert(0, (index[baseline.month], baseline.value))
    references = [
        Series(
            f"{COMPARATOR_WORDS[c.kind]}: {format_value(c.value, target.unit)}",
            ((0, c.value),),
        )
        for c in target.comparators
    ]
    if baseline is not None and not dated:
        references.insert(
            0,
            Series(
                f"Baseline: {format_value(baseline.value, target.unit)}", ((0, baseline.value),)
            ),
        )
    return ChartSpec(
        months=tuple(format_month(m) for m in months),
        trajectory=Series("Trajectory", tuple(path)) if path else None,
        measured=Series("Measured", tuple((index[m], v) for m, v in measured)),
        references=tuple(references),
        reported=index.get(month),
        y_label=UNIT_WORDS[target.unit],
        y_max=100.0 if target.unit is Unit.percent else None,
    )


def _figure_rows(target: Target, measured: list[tuple[str, float]]) -> tuple[FigureRow, ...]:
    values = dict(measured)
    milestones = {m.month: m.value for m in target.milestones}
    baseline = target.baseline
    months = set(values) | set(milestones)
    if baseline is not None and baseline.month is not None:
        months.add(baseline.month)
    rows = []
    if baseline is not None and baseline.month is None:
        rows.append(FigureRow("Baseline", "", format_value(baseline.value, target.unit), ""))
    for month in sorted(months):
        expectation, _ = expected_at(target, month)
        trajectory = format_value(expectation.value, target.unit) if expectation else "Not set"
        if baseline is not None and baseline.month == month and month not in milestones:
            trajectory = f"{format_value(baseline.value, target.unit)} (baseline)"
        rows.append(
            FigureRow(
                month=format_month(month),
                milestone=format_value(milestones[month], target.unit)
                if month in milestones
                else "",
                trajectory=trajectory,
                measured=format_value(values[month], target.unit) if month in values else "",
            )
        )
    return tuple(rows)


def _judgement(target: Target, rating: ActionRating) -> str:
    for check in rating.derivation.targets:
        if check.target == target.id:
            reason = as_sentence(check.reason.removeprefix(f"{target.measure}: "))
            if check.rating is None:
                return reason
            return f"{reason} Rating from this figure: {check.rating.word}."
    return ""


def _alt(target: Target, measured: list[tuple[str, float]], comparators: Sequence[str]) -> str:
    values = ", ".join(f"{format_value(v, target.unit)} in {format_month(m)}" for m, v in measured)
    text = f"Line chart of {target.measure}. Trajectory: {_trajectory_words(target)}."
    text += f" Measured: {values}."
    if comparators:
        text += f" Compared with: {'; '.join(comparators)}."
    return text


def _comparator_words(target: Target) -> tuple[str, ...]:
    words = []
    for c in target.comparators:
        name = c.name or COMPARATOR_WORDS[c.kind]
        when = f" ({format_month(c.month)})" if c.month else ""
        words.append(f"{name}: {format_value(c.value, target.unit)}{when}")
    return tuple(words)


def build_targets(
    model: PlanFile,
    result: MonthRating,
    updates: Mapping[str, Mapping[str, Update]],
    draw: bool,
) -> Targets:
    """The measurable targets' table: each target's figure against its trajectory."""
    from g2g.report.charts import render_svg

    ratings = {a.action: a for a in result.actions}
    sections = []
    pending = []
    for _, _, action in model.actions():
        for target in action.targets:
            measured = _measured(target, action.id, updates, result.month)
            if not measured:
                pending.append(PendingTarget(action.id, target.measure, _trajectory_words(target)))
                continue
            spec = _chart_spec(target, measured, result.month)
            comparators = _comparator_words(target)
            sections.append(
                TargetSection(
                    id=target.id,
                    action=action.id,
                    action_title=action.title,
                    measure=target.measure,
                    unit=UNIT_WORDS[target.unit],
                    polarity=polarity_words(target.polarity),
                    judgement=_judgement(target, ratings[action.id]),
                    alt=_alt(target, measured, comparators),
                    caption=f"Figures for {target.measure} ({action.id})",
                    rows=_figure_rows(target, measured),
                    comparators=comparators,
                    chart=spec,
                    # One measured point is not a trend: it is shown as figures, not a chart.
                    svg=render_svg(spec) if draw and len(measured) >= 2 else "",
                    notes=baseline_notes(target),
                )
            )
    intro = (
        f"{plural(len(sections), 'target')} with figures reported up to "
        f"{long_month(result.month)}: each chart shows the trajectory the plan sets against the "
        "measured values, and the table beneath it gives the same figures."
    )
    return Targets(tuple(sections), tuple(pending), intro)


def baseline_notes(target: Target) -> tuple[str, ...]:
    """The baseline's note as the paper prints it: "Baseline 24% (Apr 2019): the encoder's
    reading of ..."; empty when the baseline has none."""
    baseline = target.baseline
    if baseline is None or not baseline.note:
        return ()
    when = f" ({format_month(baseline.month)})" if baseline.month else ""
    value = format_value(baseline.value, target.unit)
    return (f"Baseline {value}{when}: {baseline.note.rstrip('.')}.",)
