"""The overview paper: many councils' plans side by side, one row per plan.

Regional improvement alliances and national bodies read many plans at once. ``g2g report`` on
a folder of plans makes this paper instead of one plan's: each plan's overall rating with its
direction of travel, its actions' ratings counted, and its exceptions counted. Each row is
computed from one plan by :func:`plan_row` (called by :func:`g2g.batch.jobs.summarise_plan`, in a
worker process when there are many), so only the small rows are kept; :func:`build_overview`
orders and totals them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from g2g.engine.month import MonthRating
from g2g.engine.ratings import ExceptionKind, Rating
from g2g.plan.load import ValidPlan
from g2g.report.labels import RagLabel, label, rollup_label
from g2g.version import __version__
from g2g.words import format_month


@dataclass(frozen=True)
class PlanRow:
    """One plan's line of the overview."""

    council: str
    """The council, as the plan names it."""
    plan: str
    """The plan id."""
    title: str
    """The plan's title."""
    month_label: str
    """The month rated, e.g. ``Aug 2019``."""
    overall: RagLabel
    """The plan's overall rating."""
    trend: str
    """Direction of travel of the overall rating: Improved, Worsened, Unchanged, New."""
    green: int
    """Actions rated Green."""
    amber: int
    """Actions rated Amber."""
    red: int
    """Actions rated Red."""
    blue: int
    """Actions rated Blue (complete, on a BRAG plan)."""
    not_reported: int
    """Live actions without a rating this month (never a complete, closed or not yet started
    one)."""
    not_started: int
    """Actions before their start month (not in ``actions``), as the engine counts them
    (:attr:`g2g.engine.rollup.Counts.not_started`); 0 where the plan hides them."""
    actions: int
    """The actions in force this month: live or complete (the sum of the rating columns; not
    those yet to start, nor closed or superseded ones)."""
    challenges: int
    """Ratings the plan's rules challenge (too good for the dates, status or figures)."""
    overdue: int
    """Actions past their due date and not complete."""
    files: int
    """How many files the plan has."""
    rated: str = ""
    """``N of M``: the plan's live actions rated for the month, of its live actions."""


def plan_row(plan: ValidPlan, rated: MonthRating) -> PlanRow:
    """The overview's row for one valid plan rated for a month."""
    kinds = Counter(item.kind for item in rated.exceptions)
    totals = rated.totals
    return PlanRow(
        council=plan.model.plan.council,
        plan=rated.plan,
        title=rated.title,
        month_label=format_month(rated.month),
        overall=rollup_label(rated.overall.rating, totals),
        trend=rated.overall.trend.word,
        green=totals.green,
        amber=totals.amber,
        red=totals.red,
        blue=totals.blue,
        not_reported=totals.not_reported,
        not_started=totals.not_started,
        actions=totals.total,
        challenges=kinds[ExceptionKind.challenge],
        overdue=kinds[ExceptionKind.overdue],
        files=len(plan.files),
        rated=totals.coverage,
    )


@dataclass(frozen=True)
class OverallCount:
    """How many plans have one overall rating."""

    label: RagLabel
    plans: int


@dataclass(frozen=True)
class Overview:
    """Everything the overview paper shows, computed; the template only lays it out."""

    title: str
    month_label: str
    """The month every plan was rated for, or "each plan's latest month"."""
    meeting_date: str | None
    summary: str
    """One sentence: how many plans, and how many of them are Red, Amber, Green overall."""
    counts: tuple[OverallCount, ...]
    """Plans by overall rating, worst first (only ratings some plan has)."""
    rows: tuple[PlanRow, ...]
    """One per plan: Red overall first, then Amber, Green, Blue; by council within."""
    has_blue: bool
    """Whether any plan uses the Blue (complete) rating, so the table needs its column."""
    provenance: str
    """Where the paper came from."""
    version: str


_ORDER = {"red": 0, "amber": 1, "green": 2, "blue": 3, "none": 4}


def build_overview(
    rows: Sequence[PlanRow], *, month: str | None, meeting: dt.date | None
) -> Overview:
    """The overview paper of the plans whose rows are given."""
    ordered = tuple(sorted(rows, key=lambda r: (_ORDER[r.overall.key], r.council, r.plan)))
    by_rating = Counter(row.overall.key for row in rows)
    # "none": no overall rating, whether no action or too few are rated (never "Not reported"
    # for a plan that is under its coverage threshold)
    unrated = RagLabel("none", "without an overall rating", "⚪", "○")
    counts = tuple(
        OverallCount(label(rating) if rating.in_force else unrated, by_rating[key])
        for rating in (Rating.red, Rating.amber, Rating.green, Rating.blue, Rating.closed)
        for key in [label(rating).key]
        if by_rating[key]
    )
    plans = f"{len(rows)} plan{'s' if len(rows) != 1 else ''}"
    coloured = ", ".join(f"{c.plans} {c.label.word}" for c in counts if c.label is not unrated)
    rest = "".join(f"{c.plans} {c.label.word}" for c in counts if c.label is unrated)
    parts = "; ".join([*([f"{coloured} overall"] if coloured else []), *([rest] if rest else [])])
    summary = f"{plans}: {parts}." if parts else f"{plans}."
    files = sum(row.files for row in rows)
    files_text = f"{files} file{'s' if files != 1 else ''}"
    return Overview(
        title="Improvement plans: overview",
        month_label=format_month(month) if month else "each plan's latest month",
        meeting_date=f"{meeting.day} {meeting:%B %Y}" if meeting else None,
        summary=summary,
        counts=counts,
        rows=ordered,
        has_blue=any(row.blue for row in rows),
        provenance=f"Made by g2g {__version__} from {plans} ({files_text}).",
        version=__version__,
    )
