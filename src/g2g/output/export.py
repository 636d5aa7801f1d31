"""``g2g export --format xlsx``: the whole tracker as a workbook, the shape councils circulate.

Sheets:

* **Summary** - Table 1 of the board paper for the month: each plan area's actions counted by
  rating, the total, and the overall rating with its reason;
* **Tracker** - one table with filters, a row per action: area, objective, lead, due, status,
  the month's reported, recorded and derived ratings, the challenge if any, the narrative and
  barriers, then one column per month with the reported rating (the RAG history), then the
  officer fields added since (support needed): the officer fields come from
  :data:`g2g.plan.officer_fields.OFFICER_FIELDS`;
* **Figures** - a row per target: its measure, unit, the month's figure and expected value.

Every rating is its word in a cell filled with its colour: colour never carries the meaning
alone. Text is never a formula (:mod:`g2g.output.xlsx`). Each sheet prints on A4 landscape.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from g2g.engine.derive import CHALLENGE_KEY, recorded_mark, reported_mark
from g2g.engine.month import History
from g2g.engine.ratings import Rating, status_word
from g2g.engine.rollup import rating_cell
from g2g.output.xlsx import BOX, WRAP, a4_landscape, heading_row, put, put_rating
from g2g.plan.model_plan import PlanFile
from g2g.plan.model_progress import Update
from g2g.plan.officer_fields import OFFICER_FIELDS, TrackerPlace
from g2g.version import __version__
from g2g.words import format_month, one_line

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


@dataclass(frozen=True)
class PlanExport:
    """One plan's part of the workbook: its model, its updates and its rating history (the
    last month of which is the month exported)."""

    model: PlanFile
    updates: dict[str, dict[str, Update]]
    history: History


COUNTED = (Rating.green, Rating.amber, Rating.red, Rating.blue, Rating.not_reported)


def _summary(ws: Worksheet, plans: Sequence[PlanExport]) -> None:
    ws.title = "Summary"
    row = 1
    ws.column_dimensions["A"].width = 36
    for item in plans:
        result = item.history.ratings[-1]
        show_blue = result.scale.value == "brag" or result.totals.blue > 0
        columns = [r for r in COUNTED if r is not Rating.blue or show_blue]
        put(ws, row, 1, f"{result.title} ({result.plan})").font = Font(bold=True, size=14)
        row += 1
        put(ws, row, 1, f"Actions by plan area and RAG rating, {format_month(result.month)}")
        row += 1
        heading_row(
            ws,
            row,
            ["Plan area", *(r.word for r in columns), "Total", "Rated", "Rating", "Challenged"],
            [36, *([14] * len(columns)), 10, 10, 22, 12],
        )
        row += 1
        end = len(columns) + 2
        for area in result.by_area:
            put(ws, row, 1, area.name).border = BOX
            for column, rating in enumerate(columns, start=2):
                put(ws, row, column, area.counts.of(rating)).border = BOX
            put(ws, row, end, area.counts.total).border = BOX
            put(ws, row, end + 1, area.counts.coverage).border = BOX
            put_rating(ws, row, end + 2, area.rating, rating_cell(area.rating, area.counts))
            put(ws, row, end + 3, area.counts.challenged).border = BOX
            row += 1
        put(ws, row, 1, "Total").font = Font(bold=True)
        for column, rating in enumerate(columns, start=2):
            put(ws, row, column, result.totals.of(rating)).font = Font(bold=True)
        put(ws, row, end, result.totals.total).font = Font(bold=True)
        put(ws, row, end + 1, result.totals.coverage).font = Font(bold=True)
        overall = result.overall.rating
        put_rating(ws, row, end + 2, overall, rating_cell(overall, result.totals))
        put(ws, row, end + 3, result.totals.challenged).font = Font(bold=True)
        row += 2
        put(ws, row, 1, "Overall rating")
        put_rating(ws, row, 2, overall, rating_cell(overall, result.totals))
        put(ws, row, 3, result.overall.reason)
        row += 1
        put(ws, row, 1, "Rated: live actions rated for the month, of all live actions")
        put(ws, row, 2, result.totals.coverage)
        row += 1
        put(ws, row, 1, "Challenged")
        put(ws, row, 2, CHALLENGE_KEY)
        row += 2
    a4_landscape(ws)


TRACKER_BEFORE = tuple(f for f in OFFICER_FIELDS if f.tracker is TrackerPlace.with_ratings)
"""The officer fields the Tracker sheet shows before the RAG history."""

TRACKER_END = tuple(f for f in OFFICER_FIELDS if f.tracker is TrackerPlace.end)
"""The officer fields shown after the RAG history, so earlier columns keep their places."""

TRACKER_HEADINGS: list[tuple[str | None, float]] = [
    ("Plan", 12),
    ("Area", 20),
    ("Objective", 28),
    ("Action", 9),
    ("Title", 28),
    ("Lead officer", 22),
    ("Due", 12),
    ("Status", 16),
    ("Reported rating", 12),
    ("Recorded rating", 12),
    ("Derived rating", 12),
    ("Why (derived)", 36),
    ("Challenge", 30),
    *((f.heading, f.width) for f in TRACKER_BEFORE),
]
"""The Tracker sheet's columns before the RAG history (one column a month follows them)."""


def _tracker(ws: Worksheet, plans: Sequence[PlanExport]) -> None:
    months = sorted({m for item in plans for m in item.history.months})
    headings = [h or "" for h, _ in TRACKER_HEADINGS] + [format_month(m) for m in months]
    headings += [f.heading or f.name for f in TRACKER_END]
    widths = [w for _, w in TRACKER_HEADINGS] + [11.0] * len(months)
    widths += [f.width for f in TRACKER_END]
    heading_row(ws, 1, headings, widths)
    row = 2
    for item in plans:
        result = item.history.ratings[-1]
        by_month = {r.month: {a.action: a for a in r.actions} for r in item.history.ratings}
        areas = {a.id: a.name for a in item.model.areas}
        objectives = {o.id: o.text for a in item.model.areas for o in a.objectives}
        current = item.updates.get(result.month, {})
        for action in result.actions:
            update = current.get(action.action)
            status = action.derivation.status
            cells: list[object] = [
                result.plan,
                areas.get(action.area, action.area),
                one_line(objectives.get(action.objective, action.objective)),
                action.action,
                action.title,
                action.lead,
                action.due,
                status_word(status) if status else "",
            ]
            for column, value in enumerate(cells, start=1):
                put(ws, row, column, value).alignment = WRAP
            column = len(cells) + 1
            put_rating(ws, row, column, action.reported, reported_mark(action))
            put_rating(ws, row, column + 1, action.recorded, recorded_mark(action))
            put_rating(ws, row, column + 2, action.derivation.rating)
            put(ws, row, column + 3, action.derivation.reason).alignment = WRAP
            put(ws, row, column + 4, action.challenge or "").alignment = WRAP
            end = len(TRACKER_HEADINGS) + len(months) + 1
            placed = [*enumerate(TRACKER_BEFORE, column + 5), *enumerate(TRACKER_END, end)]
            for at, officer in placed:
                text = (getattr(update, officer.name) or "") if update else ""
                put(ws, row, at, text).alignment = WRAP
            for offset, month in enumerate(months):
                then = by_month.get(month, {}).get(action.action)
                put_rating(
                    ws,
                    row,
                    len(TRACKER_HEADINGS) + 1 + offset,
                    then.reported if then else None,
                    reported_mark(then) if then else None,
                )
            row += 1
    last = get_column_letter(len(headings))
    ws.auto_filter.ref = f"A1:{last}{max(row - 1, 1)}"
    ws.freeze_panes = "F2"
    a4_landscape(ws, "1:1")


FIGURE_HEADINGS = [
    ("Plan", 12),
    ("Action", 9),
    ("Target", 26),
    ("Measure", 44),
    ("Unit", 12),
    ("Figure this month", 14),
    ("Expected this month", 14),
    ("Rating against trajectory", 14),
    ("Judgement", 50),
]


def _figures(ws: Worksheet, plans: Sequence[PlanExport]) -> None:
    heading_row(ws, 1, [h for h, _ in FIGURE_HEADINGS], [w for _, w in FIGURE_HEADINGS])
    row = 2
    for item in plans:
        result = item.history.ratings[-1]
        for action in result.actions:
            for check in action.derivation.targets:
                cells: list[object] = [
                    result.plan,
                    action.action,
                    check.target,
                    check.measure,
                    check.unit.value,
                    check.value,
                    round(check.expected, 2) if check.expected is not None else None,
                ]
                for column, value in enumerate(cells, start=1):
                    put(ws, row, column, value).alignment = WRAP
                put_rating(ws, row, 8, check.rating)
                put(ws, row, 9, check.reason).alignment = WRAP
                row += 1
    ws.auto_filter.ref = f"A1:I{max(row - 1, 1)}"
    ws.freeze_panes = "D2"
    a4_landscape(ws, "1:1")


def export_workbook(plans: Sequence[PlanExport]) -> Workbook:
    """The tracker workbook for ``plans`` (each with its history up to the month exported)."""
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    _summary(summary, plans)
    _tracker(wb.create_sheet("Tracker"), plans)
    _figures(wb.create_sheet("Figures"), plans)
    wb.properties.creator = f"g2g {__version__}"
    wb.properties.title = "Improvement plan tracker"
    return wb
