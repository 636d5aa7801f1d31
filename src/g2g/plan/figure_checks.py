"""The meaning checks of the service figures (``measures.yaml``) and the budget lines
(``finance.yaml``): ids, units, ranges, the measures targets take with ``kpi:``, and totals
and variances that add up."""

from __future__ import annotations

from typing import Any

from g2g.diagnostics import Diagnostic
from g2g.plan.goalposts import check_measure_polarity
from g2g.plan.load import Plan
from g2g.plan.model_base import Unit, is_number
from g2g.plan.model_finance import BudgetLine, FinanceFile
from g2g.plan.model_measures import Measure, MeasuresFile
from g2g.plan.model_plan import PlanFile
from g2g.plan.sink import Sink, action_locs, unique
from g2g.words import did_you_mean, one_line

NON_NEGATIVE_UNITS = {Unit.count, Unit.days, Unit.weeks, Unit.rate_per_10000}
"""Units whose figures cannot be below 0."""


def _fmt(value: float) -> str:
    return f"{value:g}"


def range_problem(unit: Unit, value: float) -> str | None:
    """What is wrong with ``value`` in ``unit`` (a percentage above 100, a negative count), or
    None."""
    if unit is Unit.percent and not 0 <= value <= 100:
        return f"{_fmt(value)} is not a percentage - a percentage lies between 0 and 100"
    if unit in NON_NEGATIVE_UNITS and value < 0:
        return f"{_fmt(value)} is negative - a {unit.value.replace('_', ' ')} cannot be below 0"
    return None


def check_measures(plan: Plan, model: PlanFile) -> list[Diagnostic]:
    """The meaning checks of ``measures.yaml`` against the plan: references, units, figures."""
    source = plan.measures
    measures: MeasuresFile | None = source.model if source else None
    known: dict[str, Unit] = {}
    exempt: set[str] = set()
    out: list[Diagnostic] = []
    if source is not None and measures is not None:
        sink = Sink(source.path, source.data)
        ids = unique(
            sink,
            "measure",
            ((m.id, ("measures", i, "id")) for i, m in enumerate(measures.measures)),
        )
        known = {m.id: m.unit for m in measures.measures if m.id in ids}
        exempt = {m.id for m in measures.measures if m.exempt is not None}
        _check_codes(measures, sink)
        for i, measure in enumerate(measures.measures):
            _check_measure(measure, i, sink)
        out.extend(sink.out)
    if source is not None and measures is None:
        return out  # the measures file has schema errors: its ids cannot be trusted yet
    out.extend(_check_kpis(plan, model, known, exempt))
    return out


def _check_measure(measure: Measure, i: int, sink: Sink) -> None:
    """One measure: its polarity, and its figures, comparators' figures and target in range."""
    check_measure_polarity(measure, ("measures", i), sink)
    series: list[tuple[tuple[int | str, ...], dict[str, float | str | None]]] = [
        (("measures", i, "values"), measure.values)
    ]
    series += [
        (("measures", i, "comparators", n, "values"), c.values)
        for n, c in enumerate(measure.comparators)
    ]
    for loc, values in series:
        for month, value in values.items():
            problem = range_problem(measure.unit, value) if is_number(value) else None
            if problem:
                sink.error((*loc, month), problem, code="value-out-of-range")
    if measure.target is not None:
        problem = range_problem(measure.unit, measure.target)
        if problem:
            sink.error(("measures", i, "target"), problem, code="value-out-of-range")


def _check_kpis(
    plan: Plan, model: PlanFile, known: dict[str, Unit], exempt: set[str]
) -> list[Diagnostic]:
    """Each target's ``kpi:``: a known measure (``known``, with its unit) in the target's unit,
    and a warning where that measure is ``exempt``."""
    plan_sink = Sink(plan.path, plan.data)
    for action, loc in action_locs(model):
        for n, target in enumerate(action.targets):
            if target.kpi is None:
                continue
            kloc = (*loc, "targets", n, "kpi")
            if target.kpi not in known:
                hint = did_you_mean(target.kpi, sorted(known))
                where = "in measures.yaml" if plan.measures else "(the plan has no measures.yaml)"
                plan_sink.error(
                    kloc,
                    f"kpi '{target.kpi}' is not a measure {where}{hint} - use the id of a "
                    "measure in measures.yaml",
                    code="unknown-measure",
                )
            elif known[target.kpi] is not target.unit:
                plan_sink.error(
                    kloc,
                    f"target '{target.id}' is in {target.unit.value} but measure "
                    f"'{target.kpi}' is in {known[target.kpi].value} - give both the same unit",
                    code="kpi-unit-mismatch",
                )
            elif target.kpi in exempt:
                plan_sink.warning(
                    kloc,
                    f"target '{target.id}' takes its figures from measure '{target.kpi}', which "
                    "is exempt: public outputs show the target with no figure and judge it "
                    "without one, so its rating there can differ from the private paper's - "
                    "publish the measure, or accept this warning (acknowledged:)",
                    code="exempt-measure-target",
                )
    return plan_sink.out


def _check_codes(measures: MeasuresFile, sink: Sink) -> None:
    """A measure's ``codes:`` name it in figure files: each may name one measure only."""
    owner: dict[str, str] = {}
    for measure in measures.measures:
        for name in (measure.id, measure.name):
            owner.setdefault(one_line(name).casefold(), measure.id)
    for i, measure in enumerate(measures.measures):
        for n, code in enumerate(measure.codes):
            key = one_line(code).casefold()
            other = owner.setdefault(key, measure.id)
            if other != measure.id:
                sink.error(
                    ("measures", i, "codes", n),
                    f"'{code}' already names measure '{other}' - give each code to one measure, "
                    "so g2g import knows whose figure a row is",
                    code="measure-code-repeated",
                )


def check_finance(path: str, data: Any, finance: FinanceFile) -> list[Diagnostic]:
    """The meaning checks of ``finance.yaml``: each period's lines add up to its totals."""
    sink = Sink(path, data)
    slack = finance.rounding
    previous: str | None = None
    for p, period in enumerate(finance.periods):
        ploc: tuple[int | str, ...] = ("periods", p)
        if previous is not None and period.month <= previous:
            sink.error(
                (*ploc, "month"),
                f"period {period.month} is not after the one before ({previous}) - list "
                "periods in month order, one per month",
                code="finance-period-order",
            )
        previous = period.month
        for n, line in enumerate(period.lines):
            _check_variance(sink, (*ploc, "lines", n), line, slack)
        _check_variance(sink, (*ploc, "total"), period.total, slack)
        if not period.lines:
            continue
        # each figure in the source is rounded, so a sum may drift by up to the rounding a line
        total_slack = slack * len(period.lines)
        for column in ("revised_budget", "forecast", "outturn", "use_of_reserves", "variance"):
            figures = [getattr(line, column) for line in period.lines]
            stated = getattr(period.total, column)
            if stated is None or any(f is None for f in figures):
                continue  # only what the source gives can be added up
            summed = sum(figures)
            if abs(summed - stated) > total_slack:
                sink.error(
                    (*ploc, "total", column),
                    f"total {column.replace('_', ' ')} {_fmt(stated)} is not the sum of the "
                    f"lines ({_fmt(summed)}) - correct the total or the lines",
                    code="finance-total",
                )
    return sink.out


def _check_variance(sink: Sink, loc: tuple[int | str, ...], line: BudgetLine, slack: float) -> None:
    spend = line.forecast if line.forecast is not None else line.outturn
    if spend is None or line.revised_budget is None:
        return  # a pressure or variance published on its own: nothing to check it against
    what = "forecast" if line.forecast is not None else "outturn"
    expected = spend - line.revised_budget + line.use_of_reserves
    if abs(expected - line.variance) > slack:
        sink.error(
            (*loc, "variance"),
            f"variance {_fmt(line.variance)} for {line.name} does not equal {what} less budget "
            f"plus reserves ({_fmt(spend)} - {_fmt(line.revised_budget)} "
            f"{'-' if line.use_of_reserves < 0 else '+'} {_fmt(abs(line.use_of_reserves))} = "
            f"{_fmt(expected)}) - correct the figures",
            code="finance-variance",
        )
