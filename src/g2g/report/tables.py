"""The paper's tables: the area summary (Table 1 of seed 002), progress against each inspection
finding, the exceptions and changes since last month, what falls due in the next 12 weeks, and
the full tracker of the appendix."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from g2g.engine.derive import ActionRating
from g2g.engine.month import MonthRating
from g2g.engine.ratings import ExceptionKind, Rating, Trend, months_with_updates, status_word
from g2g.engine.rollup import RollupRow
from g2g.months import due_date, month_end
from g2g.plan.models import (
    Action,
    FindingKind,
    PlanFile,
    RagScale,
    Status,
    Target,
    Update,
    format_value,
)
from g2g.report.labels import (
    Block,
    Prose,
    RagLabel,
    as_sentence,
    change_phrase,
    event_date_words,
    event_name,
    join_words,
    label,
    long_day,
    long_month,
    plural,
    prose,
    timescale_words,
)
from g2g.words import format_day, format_month

LOOKAHEAD_DAYS = 84
"""The milestone tracker looks 12 weeks past the end of the reported month."""

# --- area summary and recommendations --------------------------------------------------------


@dataclass(frozen=True)
class SummaryRow:
    """One row of a roll-up table."""

    key: str
    name: str
    counts: tuple[int, ...]
    total: int
    rating: RagLabel
    change: str


@dataclass(frozen=True)
class AreaTable:
    """The area summary: Table 1 of seed 002, with the change since the previous month."""

    caption: str
    columns: tuple[RagLabel, ...]
    change_heading: str
    rows: tuple[SummaryRow, ...]
    total: SummaryRow


def _columns(result: MonthRating) -> tuple[Rating, ...]:
    columns = [Rating.green, Rating.amber, Rating.red]
    if result.scale is RagScale.brag:
        columns.insert(0, Rating.blue)
    if result.totals.not_reported:
        columns.append(Rating.not_reported)
    return tuple(columns)


def _count_changes(now: RollupRow, before: RollupRow | None, columns: Sequence[Rating]) -> str:
    if before is None:
        return ""
    moves = []
    for rating in columns:
        difference = now.counts.of(rating) - before.counts.of(rating)
        if difference:
            direction = "up" if difference > 0 else "down"
            moves.append(f"{rating.word} {direction} {abs(difference)}")
    return ", ".join(moves)


def _summary_row(
    row: RollupRow, before: RollupRow | None, columns: Sequence[Rating], compared: bool
) -> SummaryRow:
    change = change_phrase(row.trend, row.previous, compared)
    moves = _count_changes(row, before, columns)
    if moves:
        change = f"{change}; {moves}"
    return SummaryRow(
        key=row.key,
        name=row.name,
        counts=tuple(row.counts.of(r) for r in columns),
        total=row.counts.total,
        rating=label(row.rating),
        change=change,
    )


def build_area_table(result: MonthRating, previous: MonthRating | None) -> AreaTable:
    columns = _columns(result)
    compared = previous is not None
    before = {r.key: r for r in previous.by_area} if previous else {}
    rows = tuple(_summary_row(r, before.get(r.key), columns, compared) for r in result.by_area)
    overall = result.overall
    total_row = RollupRow(
        key="total",
        name="Total",
        counts=result.totals,
        rating=overall.rating,
        reason=overall.reason,
        previous=overall.previous,
        trend=overall.trend,
        actions=tuple(a.action for a in result.actions),
    )
    previous_total = None
    if previous is not None:
        previous_total = RollupRow(
            "total", "Total", previous.totals, previous.overall.rating, "", None, Trend.new, ()
        )
    month = long_month(result.month)
    since = (
        f"Change since {format_month(previous.month)}" if previous else "Change since last month"
    )
    return AreaTable(
        caption=f"Table 1: Areas of the plan mapped to RAG rating, {month}",
        columns=tuple(label(c) for c in columns),
        change_heading=since,
        rows=rows,
        total=_summary_row(total_row, previous_total, columns, compared),
    )


@dataclass(frozen=True)
class ActionRef:
    """An action named in a table, with its rating."""

    id: str
    title: str
    rating: RagLabel


@dataclass(frozen=True)
class FindingRow:
    """Progress against one inspection finding."""

    id: str
    kind: str
    text: str
    actions: tuple[ActionRef, ...]
    counts: str
    rating: RagLabel
    change: str


@dataclass(frozen=True)
class FindingTable:
    """The findings of one inspection."""

    caption: str
    rows: tuple[FindingRow, ...]


def _counts_words(row: RollupRow) -> str:
    order = (Rating.red, Rating.amber, Rating.green, Rating.blue, Rating.not_reported)
    parts = [f"{row.counts.of(r)} {r.word}" for r in order if row.counts.of(r)]
    return ", ".join(parts) if parts else "No actions"


def build_finding_tables(
    model: PlanFile, result: MonthRating, previous: MonthRating | None
) -> tuple[FindingTable, ...]:
    rows = {r.key: r for r in result.by_recommendation}
    actions = {a.action: a for a in result.actions}
    tables = []
    for inspection in model.inspections:
        if not inspection.findings:
            continue  # a visit that made no findings has no table, not an empty one
        found = []
        for finding in inspection.findings:
            row = rows[finding.id]
            kind = (
                "Recommendation"
                if finding.kind is FindingKind.recommendation
                else "Area for improvement"
            )
            refs = tuple(
                ActionRef(a, actions[a].title, label(actions[a].reported)) for a in row.actions
            )
            found.append(
                FindingRow(
                    id=finding.id,
                    kind=kind,
                    text=finding.text,
                    actions=refs,
                    counts=_counts_words(row),
                    rating=label(row.rating),
                    change=change_phrase(row.trend, row.previous, previous is not None),
                )
            )
        caption = (
            f"Progress against the findings of the {event_name(inspection)} "
            f"of {event_date_words(inspection.start)}, "
            f"{long_month(result.month)}"
        )
        tables.append(FindingTable(caption, tuple(found)))
    return tuple(tables)


# --- exceptions and changes ------------------------------------------------------------------


def attention(result: MonthRating, lead: str) -> str:
    """``lead`` followed by what the exceptions are, e.g. "2 actions rated Red"."""
    kinds = [e.kind for e in result.exceptions]
    counts = {kind: kinds.count(kind) for kind in ExceptionKind}
    if not result.exceptions:
        return "No action is Red, challenged, overdue or without a rating this month."
    parts = []
    if counts[ExceptionKind.red]:
        parts.append(f"{plural(counts[ExceptionKind.red], 'action')} rated Red")
    if counts[ExceptionKind.challenge]:
        parts.append(
            f"{plural(counts[ExceptionKind.challenge], 'rating')} that the plan's own rules "
            "challenge"
        )
    if counts[ExceptionKind.overdue]:
        overdue = counts[ExceptionKind.overdue]
        parts.append(
            f"{plural(overdue, 'action')} past {'its' if overdue == 1 else 'their'} due date"
        )
    if counts[ExceptionKind.not_reported]:
        parts.append(f"{plural(counts[ExceptionKind.not_reported], 'action')} not reported")
    return f"{lead} {join_words(parts)}."


@dataclass(frozen=True)
class ExceptionRow:
    """One action the board should look at, and why."""

    kind: str
    kind_key: str
    action: str
    title: str
    lead: str
    rating: RagLabel
    reason: str


@dataclass(frozen=True)
class ChangeRow:
    """One action whose rating changed since the previous month."""

    action: str
    title: str
    before: RagLabel
    after: RagLabel
    change: str


@dataclass(frozen=True)
class Exceptions:
    """Reds, challenges, overdue and not reported; and the changes since last month."""

    summary: str
    rows: tuple[ExceptionRow, ...]
    changes_summary: str
    changes: tuple[ChangeRow, ...]
    previous_month: str | None


def build_exceptions(result: MonthRating) -> Exceptions:
    actions = {a.action: a for a in result.actions}
    rows = tuple(
        ExceptionRow(
            kind=e.kind.word,
            kind_key=e.kind.value,
            action=e.action,
            title=e.title,
            lead=actions[e.action].lead,
            rating=label(actions[e.action].reported),
            reason=as_sentence(e.reason),
        )
        for e in result.exceptions
    )
    before = result.previous_month
    if before is None:
        changes_summary = "There is no earlier month with updates to compare with."
    elif not result.changes:
        changes_summary = f"No action's rating changed since {long_month(before)}."
    else:
        changes_summary = (
            f"{plural(len(result.changes), 'action')} changed rating since {long_month(before)}."
        )
    changes = tuple(
        ChangeRow(
            c.action,
            c.title,
            label(c.before),
            label(c.after),
            change_phrase(c.trend, c.before, True),
        )
        for c in result.changes
    )
    return Exceptions(
        attention(result, "This month's exceptions are"),
        rows,
        changes_summary,
        changes,
        long_month(before) if before else None,
    )


# --- due in the next 12 weeks ----------------------------------------------------------------


@dataclass(frozen=True)
class DueRow:
    """Something that falls due soon: an action's due date or a target's milestone."""

    date: str
    kind: str
    action: str
    title: str
    what: str
    lead: str
    position: str


@dataclass(frozen=True)
class DueSoon:
    """The milestone tracker: what falls due in the 12 weeks after the reported month."""

    caption: str
    window: str
    rows: tuple[DueRow, ...]


def _latest_value(
    target: Target, action: str, updates: Mapping[str, Mapping[str, Update]], month: str
) -> tuple[str, float] | None:
    for found in reversed(months_with_updates(updates)):
        if found > month:
            continue
        update = updates[found].get(action)
        value = update.values.get(target.id) if update else None
        if value is not None:
            return found, value
    return None


def build_due_soon(
    model: PlanFile,
    result: MonthRating,
    updates: Mapping[str, Mapping[str, Update]],
) -> DueSoon:
    start = month_end(result.month) + dt.timedelta(days=1)
    end = month_end(result.month) + dt.timedelta(days=LOOKAHEAD_DAYS)
    ratings = {a.action: a for a in result.actions}
    found: list[tuple[dt.date, int, int, DueRow]] = []
    for order, (_, _, action) in enumerate(model.actions()):
        rating = ratings[action.id]
        due = action.timescale.due
        complete = rating.derivation.status is Status.complete
        if due and start <= due_date(due) <= end and not complete:
            day = due_date(due)
            position = _action_position(rating)
            row = DueRow(
                format_day(day),
                "Action due",
                action.id,
                action.title,
                "Completion of the action",
                action.lead,
                position,
            )
            found.append((day, 0, order, row))
        for target in action.targets:
            for milestone in target.milestones:
                day = month_end(milestone.month)
                if not start <= day <= end:
                    continue
                latest = _latest_value(target, action.id, updates, result.month)
                position = (
                    f"{format_value(latest[1], target.unit)} in {format_month(latest[0])}"
                    if latest
                    else "No figure reported yet"
                )
                what = f"{target.measure}: {format_value(milestone.value, target.unit)}"
                row = DueRow(
                    f"End {format_month(milestone.month)}",
                    "Milestone",
                    action.id,
                    action.title,
                    what,
                    action.lead,
                    position,
                )
                found.append((day, 1, order, row))
    found.sort(key=lambda item: item[:3])
    return DueSoon(
        caption=(
            f"Due in the 12 weeks from {long_day(start)} to {long_day(end)}: action due dates and "
            "target milestones"
        ),
        window=f"{long_day(start)} to {long_day(end)}",
        rows=tuple(row for *_, row in found),
    )


def _action_position(rating: ActionRating) -> str:
    status = rating.derivation.status
    words = rating.reported.word
    return f"{words}, {status_word(status)}" if status else words


# --- the tracker (appendix) ------------------------------------------------------------------


@dataclass(frozen=True)
class TrackerRow:
    """One action in the full tracker."""

    id: str
    title: str
    description: Prose
    lead: str
    timescale: str
    addresses: str
    evidence: Prose
    update: Prose
    status: str
    rating: RagLabel
    direction: str


@dataclass(frozen=True)
class TrackerObjective:
    """An objective and its actions."""

    id: str
    text: str
    rows: tuple[TrackerRow, ...]


@dataclass(frozen=True)
class TrackerArea:
    """One plan area of the tracker."""

    id: str
    name: str
    caption: str
    objectives: tuple[TrackerObjective, ...]


def _tracker_row(action: Action, rating: ActionRating, month: str, compared: bool) -> TrackerRow:
    update = prose(rating.narrative)
    if not update:
        note = rating.recorded_note or f"no narrative in the {format_month(month)} update"
        update = (Block(False, (as_sentence(note),)),)
    status = rating.derivation.status
    status_text = status_word(status).capitalize() if status else "No status reported"
    if rating.derivation.status_month not in (None, month):
        status_text += f" (as at {format_month(rating.derivation.status_month or month)})"
    return TrackerRow(
        id=action.id,
        title=action.title,
        description=prose(action.description),
        lead=action.lead,
        timescale=timescale_words(action.timescale),
        addresses=", ".join(action.addresses),
        evidence=prose(action.evidence_of_success),
        update=update,
        status=status_text,
        rating=label(rating.reported),
        direction=change_phrase(rating.trend, rating.previous, compared),
    )


def build_tracker(model: PlanFile, result: MonthRating) -> tuple[TrackerArea, ...]:
    ratings = {a.action: a for a in result.actions}
    compared = result.previous_month is not None
    month = long_month(result.month)
    return tuple(
        TrackerArea(
            id=area.id,
            name=area.name,
            caption=f"Tracker: {area.name}, {month}",
            objectives=tuple(
                TrackerObjective(
                    objective.id,
                    objective.text,
                    tuple(
                        _tracker_row(a, ratings[a.id], result.month, compared)
                        for a in objective.actions
                    ),
                )
                for objective in area.objectives
                if objective.actions
            ),
        )
        for area in model.areas
    )
