"""The paper's service figures: the service-performance section (measures by group, a trend
chart per measure against its comparators and target, the caseload distribution) and the finance
table (the shape of the 2019/20 month 3 table in the Oldham Council Overview and Scrutiny Board
paper of 10 September 2019).

Each measure's figure, RAG and direction of travel come from the KPI engine
(:func:`g2g.engine.kpi.service_figures`); this module only words and lays out its results, and lists
the figures month by month for the charts and tables.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from g2g.engine.kpi import MeasureStatus, month_label, service_figures
from g2g.engine.ratings import Rating
from g2g.engine.targets import TargetCheck
from g2g.months import months_between
from g2g.plan.model_base import SUPPRESSION_WORDS, Figure, Rag, Unit, is_number
from g2g.plan.model_finance import BudgetLine, FinanceFile, FinancePeriod
from g2g.plan.model_measures import Measure, MeasuresFile
from g2g.plan.narrative import exempt_label
from g2g.report.charts import BarSeries, BarSpec, ChartSpec, Series
from g2g.report.labels import RagLabel, as_sentence, join_words, label, long_month
from g2g.report.targets import COMPARATOR_WORDS, UNIT_WORDS, polarity_words
from g2g.words import format_value, plural

DISTRIBUTION_MONTHS = 3
"""The caseload distribution shows at most this many months (the latest ones)."""

_NO_RATING = "\u26aa"

# --- service performance ---------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureRow:
    """One measure in its group's table."""

    id: str
    name: str
    figure: str
    """The latest figure at or before the month, or why there is none ("Not available (c)")."""
    as_at: str
    """The month the figure is for, e.g. "Aug 2019"."""
    target: str
    rating: RagLabel
    """Green, Amber or Red; "No target", or "Not rated" (a target but no figure), with the grey
    badge."""
    reason: str
    """The rating (or its absence) as a sentence."""
    direction: str
    comparators: str
    source: str


@dataclass(frozen=True)
class TrendRow:
    """One month of a measure's figures table."""

    month: str
    cells: tuple[str, ...]
    """The figure, then each comparator, then the target (when there is one)."""


@dataclass(frozen=True)
class MeasureTrend:
    """A measure's figures over the months: chart, text alternative and table."""

    id: str
    name: str
    meta: str
    """Unit and polarity in words."""
    summary: str
    """The rating in words, and which legend entry names which comparator."""
    alt: str
    caption: str
    columns: tuple[str, ...]
    """Headings after "Month": "Figure", each comparator, then "Target"."""
    rows: tuple[TrendRow, ...]
    chart: ChartSpec
    svg: str
    """The chart as inline SVG ("" when charts were not drawn, as in Markdown)."""


@dataclass(frozen=True)
class DistributionRow:
    """One percentage measure of the caseload distribution."""

    key: str
    """The bar group's label in the chart: "1", "2"..."""
    name: str
    cells: tuple[str, ...]
    """The figure in each month shown."""
    change: str


@dataclass(frozen=True)
class Distribution:
    """The caseload distribution: the percentage measures of the group, month by month."""

    heading: str
    intro: str
    caption: str
    months: tuple[str, ...]
    rows: tuple[DistributionRow, ...]
    alt: str
    chart: BarSpec
    svg: str


@dataclass(frozen=True)
class MeasureGroup:
    """The measures of one group (Demand, Caseloads, Workforce...)."""

    name: str
    anchor: str
    """An HTML id for the group's heading."""
    caption: str
    rows: tuple[MeasureRow, ...]
    trends: tuple[MeasureTrend, ...]
    distribution: Distribution | None


@dataclass(frozen=True)
class Performance:
    """The service-performance section."""

    intro: str
    rules: tuple[str, ...]
    attention: str
    groups: tuple[MeasureGroup, ...]


def figure_text(raw: Figure, unit: Unit) -> str:
    """One recorded figure as the paper prints it: a suppression code is its meaning in words
    ("Withheld (confidential)"), null is "Not available", never zero."""
    if is_number(raw):
        return format_value(float(raw), unit)
    if isinstance(raw, str):
        return SUPPRESSION_WORDS.get(raw, "Not available")
    return "Not available"


def _rating_label(status: MeasureStatus) -> RagLabel:
    if status.rating is not None:
        return label(Rating(status.rating.value))
    word = "No target" if status.target is None else "Not rated"
    return RagLabel("none", word, _NO_RATING, "○")


def _latest_text(status: MeasureStatus) -> str:
    if status.value is not None:
        return format_value(status.value, status.unit)
    if status.value_month is None:
        return "No figure yet"
    return SUPPRESSION_WORDS.get(status.code or "", "Not available")


def _direction_text(status: MeasureStatus) -> str:
    before = (
        f"{format_value(status.previous, status.unit)} in {month_label(status.previous_month)}"
        if status.previous is not None and status.previous_month
        else ""
    )
    if status.direction == "improved":
        return f"Improved from {before}"
    if status.direction == "worsened":
        return f"Worsened from {before}"
    if status.direction == "unchanged":
        return f"Unchanged from {before}"
    if status.direction == "new":
        return "First figure"
    if status.direction == "changed":
        return f"Changed: {status.change} (no polarity set, so not called better or worse)"
    return "Not known: no figure" if status.value_month is None else "Not known: not available"


def _comparators_text(status: MeasureStatus) -> str:
    parts = []
    for c in status.comparators:
        if c.month is None:
            continue
        shown = format_value(c.value, status.unit) if c.value is not None else "not available"
        parts.append(f"{c.label}: {shown} ({month_label(c.month)})")
    return "; ".join(parts) if parts else "None given"


def _target_text(status: MeasureStatus) -> str:
    """The measure's target; where an action target's trajectory rates the figure (``kpi:``),
    saying so, since the figure is rated against the trajectory's value for the month, not
    against this end value (20.8 is rightly Green against 21 expected, short of 18)."""
    text = format_value(status.target, status.unit) if status.target is not None else "None set"
    if status.judged_by and status.rating is not None:
        text += " (rated against the improvement plan's trajectory)"
    return text


def _measure_row(measure: Measure, status: MeasureStatus) -> MeasureRow:
    return MeasureRow(
        id=status.id,
        name=_marked(status.name, measure.exempt),
        figure=_latest_text(status),
        as_at=month_label(status.value_month) if status.value_month else "No figure",
        target=_target_text(status),
        rating=_rating_label(status),
        reason=as_sentence(status.reason),
        direction=_direction_text(status),
        comparators=_comparators_text(status),
        source=measure.source or "Not stated",
    )


def _upto(values: dict[str, Figure], month: str) -> dict[str, Figure]:
    return {m: v for m, v in sorted(values.items()) if m <= month}


def _legend_names(measure: Measure) -> list[str]:
    """Chart legend names of the comparators: words for their kind, never plan text (the
    chart draws no plan text), numbered when two share a kind."""
    words = [COMPARATOR_WORDS[c.kind] for c in measure.comparators]
    return [
        f"{word} {words[:i].count(word) + 1}" if words.count(word) > 1 else word
        for i, word in enumerate(words)
    ]


def _trend(measure: Measure, status: MeasureStatus, month: str, draw: bool) -> MeasureTrend | None:
    """The trend of a measure with two or more figures, or a figure and a comparator."""
    from g2g.report.charts import render_svg

    own = _upto(measure.values, month)
    compared = [_upto(c.values, month) for c in measure.comparators]
    numbers = [m for m, v in own.items() if is_number(v)]
    comparable = any(is_number(v) for series in compared for v in series.values())
    if not numbers or (len(numbers) < 2 and not comparable):
        return None
    unit = measure.unit
    names = [c.label for c in status.comparators]
    legend = _legend_names(measure)
    all_months = sorted(set(own).union(*compared))
    months = months_between(all_months[0], month)
    index = {m: i for i, m in enumerate(months)}

    def points(values: dict[str, Figure]) -> tuple[tuple[int, float], ...]:
        # A figure that is not available breaks the line rather than being drawn as zero.
        return tuple((index[m], float(v) if is_number(v) else math.nan) for m, v in values.items())

    target = measure.target
    spec = ChartSpec(
        months=tuple(month_label(m) for m in months),
        trajectory=None,
        measured=Series("Figure", points(own)),
        references=(),
        reported=index[month],
        y_label=UNIT_WORDS[unit],
        y_max=100.0 if unit is Unit.percent else None,
        comparisons=tuple(
            Series(name, points(series))
            for name, series in zip(legend, compared, strict=True)
            if any(is_number(v) for v in series.values())
        ),
        goal=Series(f"Target: {format_value(target, unit)}", ((0, target),))
        if target is not None
        else None,
    )
    columns = ["Figure", *names]
    if target is not None:
        columns.append("Target")
    rows = _trend_rows(own, compared, all_months, target, unit)
    span = (
        f"{month_label(months[0])} to {month_label(month)}"
        if len(months) > 1
        else month_label(month)
    )
    alt = f"Line chart of {measure.name}, {span}. Figures: {_listed(own, unit)}."
    if target is not None:
        alt += f" Target: {format_value(target, unit)}."
    for name, series in zip(names, compared, strict=True):
        if series:
            alt += f" {name}: {_listed(series, unit)}."
    keys = [
        f"\u201c{shown}\u201d is {name}"
        for shown, name, series in zip(legend, names, compared, strict=True)
        if shown != name and any(is_number(v) for v in series.values())
    ]
    summary = as_sentence(status.reason)
    if status.direction in ("improved", "worsened", "unchanged", "changed"):
        summary += f" {_direction_text(status)}."
    if keys:
        summary += f" In the chart, {join_words(keys)}."
    return MeasureTrend(
        id=measure.id,
        name=_marked(measure.name, measure.exempt),
        meta=f"Unit: {UNIT_WORDS[unit]}. {polarity_words(measure.polarity)}",
        summary=summary,
        alt=alt,
        caption=f"Figures for {measure.name}",
        columns=tuple(columns),
        rows=tuple(rows),
        chart=spec,
        svg=render_svg(spec) if draw else "",
    )


def _trend_rows(
    own: dict[str, Figure],
    compared: Sequence[dict[str, Figure]],
    months: Sequence[str],
    target: float | None,
    unit: Unit,
) -> list[TrendRow]:
    """The trend's table: a row a month, the measure's figure then each comparator's (blank
    where there is none), and the target."""
    rows = []
    for when in months:
        cells = [figure_text(own[when], unit) if when in own else ""]
        cells += [figure_text(s[when], unit) if when in s else "" for s in compared]
        if target is not None:
            cells.append(format_value(target, unit))
        rows.append(TrendRow(month_label(when), tuple(cells)))
    return rows


def _listed(values: dict[str, Figure], unit: Unit) -> str:
    """The figures in words for a text alternative: ``38.3% in Aug 2019, ...``."""
    return ", ".join(f"{figure_text(v, unit)} in {month_label(m)}" for m, v in values.items())


def is_caseload_group(name: str) -> bool:
    """Whether a group holds caseloads, so the paper shows their distribution."""
    return "caseload" in name.casefold()


def _distribution(
    group: str, measures: Sequence[Measure], month: str, draw: bool
) -> Distribution | None:
    """The percentage measures of a caseload group, in the latest months they have figures."""
    from g2g.report.charts import render_bar_svg

    shares = [m for m in measures if m.unit is Unit.percent]
    found = sorted(
        {when for m in shares for when, v in _upto(m.values, month).items() if is_number(v)}
    )
    if not found:
        return None
    months = found[-DISTRIBUTION_MONTHS:]
    labels = [month_label(m) for m in months]
    rows = []
    for number, measure in enumerate(shares, start=1):
        cells = tuple(
            figure_text(measure.values[m], measure.unit) if m in measure.values else "No figure"
            for m in months
        )
        first, last = measure.values.get(months[0]), measure.values.get(months[-1])
        if len(months) < 2:
            change = "Only one month"
        elif is_number(first) and is_number(last):
            difference = float(last) - float(first)
            points = format_value(abs(difference), Unit.count)
            unit = "percentage point" if abs(difference) == 1 else "percentage points"
            change = (
                f"No change since {labels[0]}"
                if difference == 0
                else f"{'Up' if difference > 0 else 'Down'} {points} {unit} since {labels[0]}"
            )
        else:
            change = f"Not comparable: no figure for both {labels[0]} and {labels[-1]}"
        rows.append(DistributionRow(str(number), measure.name, cells, change))
    series = tuple(
        BarSeries(
            month_label(m),
            tuple(float(v) if is_number(v := s.values.get(m)) else None for s in shares),
        )
        for m in months
    )
    value_labels = tuple(
        tuple(
            format_value(float(v), Unit.percent) if is_number(v := s.values.get(m)) else ""
            for s in shares
        )
        for m in months
    )
    spec = BarSpec(
        categories=tuple(row.key for row in rows),
        series=series,
        value_labels=value_labels,
        y_label=UNIT_WORDS[Unit.percent],
        y_max=100.0,
    )
    described = "; ".join(
        f"{row.key}, {row.name}: "
        + ", ".join(f"{cell} in {when}" for cell, when in zip(row.cells, labels, strict=True))
        for row in rows
    )
    when = join_words(labels)
    return Distribution(
        heading="Caseload distribution",
        intro=(
            f"The percentage measures of the {group} group in {when}. The chart numbers its "
            "bars as the table numbers its rows."
        ),
        caption=f"Caseload distribution: the percentage measures of the {group} group, {when}",
        months=tuple(labels),
        rows=tuple(rows),
        alt=f"Bar chart of the percentage measures of the {group} group in {when}. {described}.",
        chart=spec,
        svg=render_bar_svg(spec) if draw else "",
    )


def _attention(statuses: Sequence[MeasureStatus]) -> str:
    reds = [s for s in statuses if s.rating is not None and s.rating.value == "red"]
    if not reds:
        return "No measure is rated Red."
    listed = "; ".join(
        f"{s.name} ({format_value(s.value, s.unit)} against a target of "
        f"{format_value(s.target, s.unit)})"
        for s in reds
        if s.value is not None and s.target is not None
    )
    return f"Measures rated Red: {listed}."


def build_performance(
    measures: MeasuresFile,
    month: str,
    plan_tolerance: float,
    draw: bool,
    judged: Mapping[str, TargetCheck] | None = None,
) -> Performance | None:
    """The service-performance section; None when the plan records no measures. ``judged``:
    the engine's target judgements by linked measure id (one judgement everywhere)."""
    if not measures.measures:
        return None
    statuses = service_figures(measures, month, plan_tolerance, judged)
    by_group: dict[str, list[tuple[Measure, MeasureStatus]]] = {}
    for measure, status in zip(measures.measures, statuses, strict=True):
        by_group.setdefault(status.group, []).append((measure, status))
    groups = []
    for number, (name, members) in enumerate(by_group.items(), start=1):
        trends = [_trend(m, s, month, draw) for m, s in members]
        groups.append(
            MeasureGroup(
                name=name,
                anchor=f"figures-group-{number}",
                caption=f"{name}: figures at or before {long_month(month)}",
                rows=tuple(_measure_row(m, s) for m, s in members),
                trends=tuple(t for t in trends if t is not None),
                distribution=_distribution(name, [m for m, _ in members], month, draw)
                if is_caseload_group(name)
                else None,
            )
        )
    rated = [
        f"{count} {Rating(rating.value).word}"
        for rating in (Rag.red, Rag.amber, Rag.green, Rag.blue)
        if (count := sum(1 for s in statuses if s.rating is rating))
    ]
    unrated = sum(
        1 for s in statuses if s.target is not None and s.rating is None and not s.judged_by
    )
    if unrated:
        rated.append(f"{unrated} not rated, for want of a figure or a polarity")
    judged_count = sum(1 for s in statuses if s.judged_by and s.rating is None)
    if judged_count:
        rated.append(
            f"{judged_count} not yet judged against the trajectory of the target it serves"
        )
    with_target = sum(1 for s in statuses if s.target is not None)
    intro = (
        f"{plural(len(statuses), 'service measure')} in {plural(len(groups), 'group')} "
        f"({join_words([g.name for g in groups])}), each with its latest figure at or before "
        f"{long_month(month)} and the month that figure is for. "
    )
    intro += (
        f"{plural(with_target, 'measure has', 'measures have')} a target: {join_words(rated)}."
        if with_target
        else "No measure has a target, so none is rated."
    )
    rules = (
        "A measure with a target is Green when its figure meets the target, Amber when it "
        "misses by no more than its tolerance (a percentage of the target: the measure's own, "
        f"else the plan's {plan_tolerance:g}%), and Red when it misses by more.",
        "The direction of travel compares the figure with the one before it, taking account of "
        "whether a higher or a lower value is better.",
        "A figure that is suppressed or not available (published statistics use codes such as "
        "c) is shown as not available, never as zero. Measures with two or more figures, or a "
        "comparator, have a chart of their figures over the months, with the same figures in a "
        "table.",
    )
    return Performance(intro, rules, _attention(statuses), tuple(groups))


# --- finance ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FinanceRow:
    """One budget line, its amounts as the council prints them ("(279)" for -279)."""

    name: str
    revised_budget: str
    forecast: str
    use_of_reserves: str
    variance: str


@dataclass(frozen=True)
class FinanceSection:
    """The finance table: the latest budget monitoring position at or before the month."""

    intro: str
    caption: str
    unit: str
    """The amounts' unit for the column headings: "£000" or "£"."""
    rows: tuple[FinanceRow, ...]
    total: FinanceRow | None
    summary: str
    notes: tuple[str, ...]


def amount(value: float) -> str:
    """An amount as a council's finance table prints it: 24,681; a negative one in brackets,
    (279)."""
    magnitude = abs(value)
    text = f"{magnitude:,.0f}" if float(magnitude).is_integer() else f"{magnitude:,.2f}"
    return f"({text})" if value < 0 and text.strip("0.,") else text


NOT_GIVEN = "not given"
"""What a finance cell says when the council did not publish the figure (never a false 0)."""


def _maybe(value: float | None) -> str:
    return NOT_GIVEN if value is None else amount(value)


def _marked(name: str, exempt: int | None) -> str:
    """A row's name with the private paper's mark when it is exempt (the public paper never
    holds an exempt row: g2g.plan.exempt leaves it out first)."""
    return name if exempt is None else f"{name} ({exempt_label(exempt)})"


def _finance_row(line: BudgetLine) -> FinanceRow:
    forecast = line.forecast if line.forecast is not None else line.outturn
    return FinanceRow(
        name=_marked(line.name, line.exempt),
        revised_budget=_maybe(line.revised_budget),
        forecast=_maybe(forecast),
        use_of_reserves=(
            NOT_GIVEN
            if line.use_of_reserves == 0 and line.revised_budget is None
            else amount(line.use_of_reserves)
        ),
        variance=amount(line.variance),
    )


def _finance_summary(total: BudgetLine, unit: Unit) -> str:
    if total.revised_budget is None or (total.forecast is None and total.outturn is None):
        if total.variance > 0:
            return f"{total.name}: a forecast pressure of {format_value(total.variance, unit)}."
        if total.variance < 0:
            return f"{total.name}: a forecast underspend of {format_value(-total.variance, unit)}."
        return f"{total.name}: a balanced forecast."
    budget = format_value(total.revised_budget, unit)
    spent = total.forecast if total.forecast is not None else total.outturn
    assert spent is not None
    forecast = format_value(spent, unit)
    if total.use_of_reserves < 0:
        reserves = f", after {format_value(-total.use_of_reserves, unit)} drawn from reserves"
    elif total.use_of_reserves > 0:
        reserves = f", with use of reserves of {format_value(total.use_of_reserves, unit)}"
    else:
        reserves = ""
    if total.variance > 0:
        position = f"a forecast overspend of {format_value(total.variance, unit)}"
    elif total.variance < 0:
        position = f"a forecast underspend of {format_value(-total.variance, unit)}"
    else:
        position = "a balanced forecast"
    return (
        f"{total.name}: {position} against a revised budget of {budget} "
        f"(forecast {forecast}{reserves})."
    )


def _period_at(finance: FinanceFile, month: str) -> FinancePeriod | None:
    found = [p for p in finance.periods if p.month <= month]
    return max(found, key=lambda p: p.month) if found else None


def build_finance(finance: FinanceFile, month: str) -> FinanceSection | None:
    """The finance table for ``month``; None when the plan records no budget position."""
    if not finance.periods:
        return None
    unit = finance.unit
    thousands = unit is Unit.gbp_thousands
    unit_heading = "£000" if thousands else "£"
    unit_words = "GBP thousands (£000)" if thousands else "GBP (£)"
    period = _period_at(finance, month)
    if period is None:
        first = min(p.month for p in finance.periods)
        return FinanceSection(
            intro=(
                f"No budget monitoring position is recorded at or before {long_month(month)}; "
                f"the first is for {long_month(first)}."
            ),
            caption="",
            unit=unit_heading,
            rows=(),
            total=None,
            summary="",
            notes=(),
        )
    name = period.label or long_month(period.month)
    which = (
        f"{period.label}, reported for {long_month(period.month)}"
        if period.label
        else f"the one reported for {long_month(period.month)}"
    )
    intro = (
        f"The latest budget monitoring position at or before {long_month(month)} is {which}. "
        f"Amounts are in {unit_words}."
    )
    return FinanceSection(
        intro=intro,
        caption=f"{name}: budget monitoring, {unit_words}",
        unit=unit_heading,
        rows=tuple(_finance_row(line) for line in period.lines),
        total=_finance_row(period.total),
        summary=_finance_summary(period.total, unit),
        notes=(
            "Amounts in brackets are negative. Use of reserves is shown negative, as reserves "
            "drawn on. The variance is the forecast less the revised budget, plus the use of "
            "reserves: a positive variance is a forecast overspend, one in brackets an "
            "underspend.",
        ),
    )
