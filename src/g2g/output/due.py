"""``g2g due`` output: the milestone tracker as a table, Markdown, CSV or JSON."""

from __future__ import annotations

import json
import textwrap
from dataclasses import asdict

from g2g.engine.due import CALENDAR_KINDS, DueItem, DueState, MilestoneCheck, Window
from g2g.escape import csv_text, md_cell, md_inline, terminal_text
from g2g.output.formats import TableFormat
from g2g.words import plural

# --- output ------------------------------------------------------------------------------


FIELDS = (
    "plan",
    "date",
    "state",
    "days",
    "kind",
    "action",
    "title",
    "target",
    "measure",
    "expected",
    "unit",
    "latest_value",
    "status",
    "rag",
    "lead",
    "area",
    "event",
    "slippage",
    "milestone_check",
    "judged_value",
    "met_late",
)
"""CSV and JSON columns: those of g2g 0.1 first, in their order; then, added at the end,
``event`` (the inspection or board a calendar item is about), ``slippage`` (a re-baselined
due date's slippage in words, from :func:`g2g.engine.goalposts.slippage`) and
``milestone_check`` (for a milestone whose month has passed: ``missed``,
``missed_within_tolerance``, ``no_figure_since``, ``no_figure_for_month`` or ``no_direction``,
from :class:`g2g.engine.due.MilestoneCheck`), ``judged_value`` (the figure for the milestone's
own month, which judges it) and ``met_late`` (a later figure that meets a milestone missed in its
month). ``state`` is ``overdue`` (an action past its due date, not complete), ``missed`` (a
milestone the figure for its month falls short of), ``passed`` (a milestone that cannot be
judged, or a calendar deadline gone by) or ``due``."""


def _days(count: int) -> str:
    return plural(count, "day")


def _when(item: DueItem) -> str:
    if item.days < 0 and item.state is DueState.overdue:
        return f"OVERDUE by {_days(-item.days)}"
    if item.state is DueState.missed:
        if item.milestone_check is MilestoneCheck.missed_within_tolerance:
            return f"missed within tolerance, {_days(-item.days)} ago"
        return f"MISSED, {_days(-item.days)} ago"
    if item.state is DueState.passed and item.kind in CALENDAR_KINDS:
        return f"PASSED {_days(-item.days)} ago"
    if item.state is DueState.passed:
        return f"passed {_days(-item.days)} ago, not judged"
    if item.days < 0:
        return "due by the end of the month reported"
    return "due today" if item.days == 0 else f"in {_days(item.days)}"


def _heading(window: Window, items: list[DueItem]) -> str:
    overdue = sum(1 for i in items if i.state is DueState.overdue)
    # a milestone missed within its tolerance is counted apart, as its row words it
    near = sum(
        1
        for i in items
        if i.state is DueState.missed
        and i.milestone_check is MilestoneCheck.missed_within_tolerance
    )
    missed = sum(1 for i in items if i.state is DueState.missed) - near
    passed = [i for i in items if i.state is DueState.passed]
    gone = sum(1 for i in passed if i.kind in CALENDAR_KINDS)
    unjudged = len(passed) - gone
    parts = [f"{overdue} overdue"]
    if missed:
        parts.append(f"{missed} {'milestone' if missed == 1 else 'milestones'} missed")
    if near:
        parts.append(f"{near} missed within tolerance")
    if unjudged:
        parts.append(f"{unjudged} passed and not judged")
    if gone:
        parts.append(f"{gone} {'deadline' if gone == 1 else 'deadlines'} passed")
    due = sum(1 for i in items if i.state is DueState.due)
    parts.append(f"{due} due in the window")
    return f"Due from {window.start.isoformat()} to {window.end.isoformat()}: {', '.join(parts)}"


def _rows(items: list[DueItem]) -> list[list[str]]:
    return [
        [
            i.date.isoformat(),
            _when(i),
            i.action or "-",
            i.what(),
            i.status.replace("_", " ")
            if i.status
            else ("calendar" if i.kind in CALENDAR_KINDS else "no update"),
            i.lead,
        ]
        for i in items
    ]


_HEADERS = ["Due", "When", "Action", "What", "Status", "Lead"]


def _table(plan: str, window: Window, items: list[DueItem]) -> str:
    lines = [f"{terminal_text(plan)}: {_heading(window, items)}"]
    if not items:
        return lines[0] + "\n  nothing falls due\n"
    shown = [[terminal_text(cell) for cell in row] for row in _rows(items)]
    # Long cells wrap onto more lines within their column: nothing is cut, so every figure of
    # "What" (target 80 by 2019-09; last 62 in 2019-08) stays readable.
    wrapped = [
        [_wrap(cell, _MAX_WIDTH.get(name, 40)) for cell, name in zip(row, _HEADERS, strict=True)]
        for row in shown
    ]
    widths = [
        max(len(line) for r in [[[h] for h in _HEADERS], *wrapped] for line in r[c])
        for c in range(len(_HEADERS))
    ]
    rule = [["-" * w] for w in widths]
    for row in [[[h] for h in _HEADERS], rule, *wrapped]:
        for n in range(max(len(cell) for cell in row)):
            parts = [cell[n] if n < len(cell) else "" for cell in row]
            lines.append("  ".join(p.ljust(w) for p, w in zip(parts, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


_MAX_WIDTH = {"What": 60, "Lead": 32, "Action": 16}
"""The widest a column of the due table grows before its text wraps."""


def _wrap(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` characters, words kept whole where they fit."""
    return textwrap.wrap(text, width=width, break_on_hyphens=False) or [""]


def _markdown(plan: str, window: Window, items: list[DueItem]) -> str:
    lines = [f"## {md_inline(plan)}: what falls due", "", _heading(window, items) + ".", ""]
    if not items:
        return "\n".join([*lines, "Nothing falls due.", ""])
    lines.append("| " + " | ".join(_HEADERS) + " |")
    lines.append("|" + "---|" * len(_HEADERS))
    for row in _rows(items):
        lines.append("| " + " | ".join(md_cell(c) for c in row) + " |")
    return "\n".join(lines) + "\n"


def _record(item: DueItem) -> dict[str, object]:
    data = asdict(item)
    data["date"] = item.date.isoformat()
    data["state"] = item.state.value
    data["milestone_check"] = item.milestone_check.value if item.milestone_check else None
    return {name: data[name] for name in FIELDS}


def format_due(
    results: list[tuple[str, list[DueItem]]], window: Window, output: TableFormat
) -> str:
    """The items of each plan (plan id, items) in the chosen format."""
    if output is TableFormat.json:
        records = [_record(i) for _plan, items in results for i in items]
        document = {
            "from": window.start.isoformat(),
            "to": window.end.isoformat(),
            "items": records,
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if output is TableFormat.csv:
        rows = (
            ["" if v is None else v for v in _record(item).values()]
            for _plan, items in results
            for item in items
        )
        return csv_text(FIELDS, rows)
    render = _markdown if output is TableFormat.markdown else _table
    return "\n".join(render(plan, window, items) for plan, items in results)
