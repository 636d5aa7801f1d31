"""Service figures as text: a rich table, GitHub markdown, CSV and JSON.

Like ``g2g rag``'s output, every rating is shown as its word, with its colour in tables.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from g2g.engine.kpi import MeasureStatus, month_label
from g2g.engine.month import as_data
from g2g.engine.ratings import Rating
from g2g.escape import md_inline, terminal_text
from g2g.output.rag import rating_text
from g2g.output.tabular import csv_table, md_table, plan_names, shown
from g2g.plan.model_base import Rag, Unit
from g2g.plan.model_finance import FinancePeriod
from g2g.words import format_value


@dataclass(frozen=True)
class PlanFigures:
    """One plan's service figures for a month."""

    plan: str
    """The plan id."""
    title: str
    """The plan title."""
    month: str
    """The month reported."""
    measures: tuple[MeasureStatus, ...]
    """Each measure's status."""
    finance: FinancePeriod | None
    """The latest budget monitoring position at or before the month."""
    finance_unit: Unit
    """The unit of the finance figures."""


_TRENDS = {
    "improved": "Improved",
    "worsened": "Worsened",
    "unchanged": "Unchanged",
    "new": "New",
    "unknown": "-",
    "changed": "Changed",
}

HEADER = ("Group", "Measure", "Figure", "As at", "Target", "RAG", "Trend", "Compared with")


def _rating(status: MeasureStatus) -> Rating | None:
    return Rating(status.rating.value) if isinstance(status.rating, Rag) else None


def rating_word(status: MeasureStatus) -> str:
    """The rating as a word: Green, Amber, Red, or "No target" / "Not available"."""
    rating = _rating(status)
    if rating is not None:
        return rating.word
    if status.value is None:
        return "Not available"
    return "Not rated" if status.target is not None or status.judged_by else "No target"


def _judged_word(status: MeasureStatus) -> str:
    """The rating word, naming the target whose trajectory gave it (``kpi:``): the figure was
    judged against the trajectory's value for the month, not against the Target column's end
    value, so a figure short of that end value can rightly be Green."""
    word = rating_word(status)
    if status.judged_by and _rating(status) is not None:
        return f"{word} (against {status.judged_by}'s trajectory)"
    return word


def _cells(status: MeasureStatus) -> list[str]:
    figure = (
        format_value(status.value, status.unit)
        if status.value is not None
        else (status.code or "-")
    )
    target = format_value(status.target, status.unit) if status.target is not None else "-"
    compared = "; ".join(
        f"{c.label} {format_value(c.value, status.unit)}" for c in status.comparators if c.value
    )
    return [
        status.group,
        status.name,
        figure,
        month_label(status.value_month) if status.value_month else "-",
        target,
        _judged_word(status),
        f"Changed: {status.change}" if status.direction == "changed" else _TRENDS[status.direction],
        compared or "-",
    ]


def _finance_rows(period: FinancePeriod, unit: Unit) -> list[list[str]]:
    rows = []
    for line in [*period.lines, period.total]:
        spend = line.forecast if line.forecast is not None else line.outturn
        rows.append(
            [
                line.name,
                "-" if line.revised_budget is None else format_value(line.revised_budget, unit),
                "-" if spend is None else format_value(spend, unit),
                "-"
                if line.use_of_reserves == 0 and line.revised_budget is None
                else format_value(line.use_of_reserves, unit),
                format_value(line.variance, unit),
            ]
        )
    return rows


FINANCE_HEADER = ("Budget line", "Revised budget", "Forecast", "Use of reserves", "Variance")


def renderables(items: Sequence[PlanFigures]) -> list[RenderableType]:
    """Rich tables: the measures, then the finance position."""
    out: list[RenderableType] = []
    for item, name in zip(items, plan_names(items), strict=True):
        heading = f"{name} - service figures, {month_label(item.month)}"
        out.append(Text(terminal_text(heading), "bold"))
        table = Table(box=box.SIMPLE_HEAD, show_edge=False)
        for name in HEADER:
            table.add_column(name, overflow="fold")
        for status in item.measures:
            cells = _cells(status)
            rating = _rating(status)
            # the word in its colour, with the trajectory that judged it (as in Markdown)
            style = rating_text(rating).style if rating else "italic"
            word = Text(terminal_text(cells[5]), style=style)
            table.add_row(*map(shown, cells[:5]), word, *map(shown, cells[6:]))
        if item.measures:
            out.append(table)
        else:
            out.append(Text("No service figures (the plan has no measures.yaml).", "italic"))
        if item.finance is not None:
            label = item.finance.label or month_label(item.finance.month)
            out.append(Text(terminal_text(f"Finance: {label}"), "bold"))
            finance = Table(box=box.SIMPLE_HEAD, show_edge=False)
            for index, name in enumerate(FINANCE_HEADER):
                finance.add_column(name, justify="left" if index == 0 else "right")
            for row in _finance_rows(item.finance, item.finance_unit):
                finance.add_row(*map(shown, row))
            out.append(finance)
    return out


def markdown(items: Sequence[PlanFigures]) -> str:
    """GitHub markdown: one section per plan."""
    lines: list[str] = []
    for item, name in zip(items, plan_names(items), strict=True):
        lines += [f"## {md_inline(name)} - service figures, {month_label(item.month)}", ""]
        lines += md_table(HEADER, [_cells(s) for s in item.measures])
        lines.append("")
        if item.finance is not None:
            label = item.finance.label or month_label(item.finance.month)
            lines += [f"### Finance: {md_inline(label)}", ""]
            lines += md_table(
                FINANCE_HEADER, _finance_rows(item.finance, item.finance_unit), right=4
            )
            lines.append("")
    return "\n".join(lines)


CSV_HEADER = (
    "plan",
    "month",
    "measure",
    "name",
    "group",
    "unit",
    "value",
    "value_month",
    "code",
    "target",
    "rating",
    "previous",
    "trend",
    "reason",
)


def kpi_csv(items: Sequence[PlanFigures]) -> str:
    """One row per measure, numbers unformatted."""
    rows = [
        [
            item.plan,
            item.month,
            s.id,
            s.name,
            s.group,
            s.unit.value,
            "" if s.value is None else f"{s.value:g}",
            s.value_month or "",
            s.code or "",
            "" if s.target is None else f"{s.target:g}",
            rating_word(s),
            "" if s.previous is None else f"{s.previous:g}",
            s.direction,
            s.reason,
        ]
        for item in items
        for s in item.measures
    ]
    return csv_table(CSV_HEADER, rows)


def json_text(items: Sequence[PlanFigures]) -> str:
    """The full results as JSON."""
    data = [
        {
            "plan": item.plan,
            "title": item.title,
            "month": item.month,
            "measures": as_data(list(item.measures)),
            "finance": item.finance.model_dump(mode="json") if item.finance else None,
            "finance_unit": item.finance_unit.value,
        }
        for item in items
    ]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
