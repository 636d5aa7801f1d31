"""The paper's tables: the area summary (Table 1 of the Oldham Council Overview and Scrutiny
Board paper, 10 September 2019), progress against each inspection finding, the exceptions and
changes since last month, what falls due in the next 12 weeks, and the full tracker of the
appendix."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from g2g.engine.derive import ActionRating, reported_mark
from g2g.engine.due import (
    ACTION_DUE,
    CALENDAR_KINDS,
    MEETING,
    PAPER_DEADLINE,
    REVIEW,
    VISIT,
    DueItem,
    DueState,
    MilestoneCheck,
    Window,
    due_items,
)
from g2g.engine.goalposts import due_in_force
from g2g.engine.month import MonthRating
from g2g.engine.ratings import ExceptionKind, Rating, Trend, status_word
from g2g.engine.rollup import RollupRow, share_words
from g2g.months import month_end, month_of
from g2g.plan.lifecycle import Stage
from g2g.plan.model_base import RagScale, Unit, first_day
from g2g.plan.model_plan import Action, Area, PlanFile
from g2g.plan.model_progress import Update
from g2g.plan.narrative import exempt_label
from g2g.plan.officer_fields import OFFICER_FIELDS
from g2g.plan.sources import FINDING_KINDS, SOURCE_KINDS
from g2g.report.labels import (
    Block,
    Prose,
    RagLabel,
    action_label,
    as_sentence,
    change_phrase,
    councillor_words,
    event_date_words,
    event_name,
    join_words,
    label,
    long_day,
    long_month,
    prose,
    rollup_label,
    timescale_words,
)
from g2g.words import format_day, format_month, format_value, one_line, part_of, plural

LOOKAHEAD_WEEKS = 12
"""The milestone tracker looks 12 weeks past the end of the reported month (as ``g2g due``)."""

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
    rated: str = ""
    """``N of M``: the group's live actions rated for the month, of its live actions."""
    challenged: int = 0
    """How many of its actions' recorded ratings the evidence contradicts."""


@dataclass(frozen=True)
class AreaTable:
    """The area summary: Table 1 of the Oldham paper of 10 September 2019, with the change
    since the previous month."""

    caption: str
    columns: tuple[RagLabel, ...]
    change_heading: str
    rows: tuple[SummaryRow, ...]
    total: SummaryRow
    notes: tuple[str, ...] = ()
    """The key to the table's Rated and Challenged columns, printed under it."""


def _columns(result: MonthRating) -> tuple[Rating, ...]:
    columns = [Rating.green, Rating.amber, Rating.red]
    if result.scale is RagScale.brag:
        columns.insert(0, Rating.blue)
    if result.totals.not_reported:
        columns.append(Rating.not_reported)
    # Not started and closed actions are shown but are outside the total (see the caption).
    columns.extend(r for r in (Rating.not_started, Rating.closed) if result.totals.of(r))
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
        rating=rollup_label(row.rating, row.counts),
        change=change,
        rated=row.counts.coverage,
        challenged=row.counts.challenged,
    )


def build_area_table(result: MonthRating, previous: MonthRating | None) -> AreaTable:
    """The month's roll-up by plan area, compared with the previous month when given."""
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
    caption = f"Table 1: Areas of the plan mapped to RAG rating, {month}"
    if result.totals.not_started or result.totals.closed:
        caption += " (the total counts the actions in force: not those yet to start or closed)"
    return AreaTable(
        caption=caption,
        columns=tuple(label(c) for c in columns),
        change_heading=since,
        rows=rows,
        total=_summary_row(total_row, previous_total, columns, compared),
        notes=table_key(result),
    )


def table_key(result: MonthRating) -> tuple[str, ...]:
    """The key under the area table: what Rated and Challenged count, and the coverage rule."""
    share = share_words(result.coverage)
    notes = [
        f"Rated: the live actions (those running in {long_month(result.month)}: started, and "
        "neither complete nor closed) with a rating for the month, of all live actions. A row "
        f"shows a colour only when {share} of its live actions are rated; otherwise it shows "
        "\u201cNot enough reported\u201d and no change.",
        "Challenged: actions whose recorded rating the evidence contradicts (a due date "
        "passed, a figure behind its trajectory, or a milestone out of reach); each is marked "
        "in the tables with the rating the evidence gives, and listed in the exceptions.",
    ]
    if result.no_updates:
        notes.insert(0, f"No updates at all are recorded for {long_month(result.month)}.")
    return tuple(notes)


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
    order = (
        Rating.red,
        Rating.amber,
        Rating.green,
        Rating.blue,
        Rating.not_reported,
        Rating.not_started,
        Rating.closed,
    )
    parts = [f"{row.counts.of(r)} {r.word}" for r in order if row.counts.of(r)]
    if not parts:
        return "No actions"
    text = ", ".join(parts)
    if row.counts.live:
        text += f"; {part_of(row.counts.rated, row.counts.live, 'live action')} rated"
    if row.counts.challenged:
        text += f"; {row.counts.challenged} challenged"
    return text


def build_finding_tables(
    model: PlanFile, result: MonthRating, previous: MonthRating | None
) -> tuple[FindingTable, ...]:
    """One table for each kind of finding: each finding's actions and their ratings."""
    rows = {r.key: r for r in result.by_recommendation}
    actions = {a.action: a for a in result.actions}
    hidden: dict[str, list[Action]] = {}
    for _, _, action in model.actions():
        if action.id not in actions:
            for finding_id in action.addresses:
                hidden.setdefault(finding_id, []).append(action)
    tables = []
    for inspection in model.inspections:
        if not inspection.findings:
            continue  # a visit that made no findings has no table, not an empty one
        found = []
        for finding in inspection.findings:
            row = rows[finding.id]
            kind = FINDING_KINDS[finding.kind].label
            refs = tuple(
                ActionRef(a, actions[a].title, action_label(actions[a], result.month))
                for a in row.actions
            )
            rating, counts = rollup_label(row.rating, row.counts), _counts_words(row)
            waiting = hidden.get(finding.id, ())
            if not refs and waiting:
                # answered only by actions the plan hides before their start: they do answer
                # it, and they have not started (never "Not reported", never "no action")
                not_started = label(Rating.not_started)
                refs = tuple(ActionRef(a.id, a.title, not_started) for a in waiting)
                rating, counts = not_started, f"{len(waiting)} {Rating.not_started.word}"
            found.append(
                FindingRow(
                    id=finding.id,
                    kind=kind,
                    text=finding.text,
                    actions=refs,
                    counts=counts,
                    rating=rating,
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
    notes: tuple[NoteRow, ...] = ()
    """Requests for evidence: shown apart from the exceptions, never counted as challenges."""


@dataclass(frozen=True)
class NoteRow:
    """A request for evidence about one action's rating."""

    action: str
    title: str
    reason: str


def _with_slippage(sentence: str, slipped: str | None) -> str:
    """A sentence about an action followed by its due date's slippage, when re-baselined."""
    return f"{sentence} {as_sentence(slipped)}" if slipped else sentence


def _was_label(then: ActionRating | None, month: str | None, before: Rating) -> RagLabel:
    """The rating an action had in ``month`` (the month compared with), marked as that
    month's tables marked it when the evidence contradicted it."""
    if then is not None and month is not None and then.reported is before:
        return action_label(then, month)
    return label(before)


def build_exceptions(
    result: MonthRating, previous: MonthRating | None = None, *, by_lead: bool = True
) -> Exceptions:
    """The exceptions section; ``by_lead`` False when the recorded ratings are not the lead
    officers' own (see :func:`g2g.report.labels.councillor_words`). ``previous`` (the month
    compared with) marks a rating it was that the evidence contradicted then."""
    actions = {a.action: a for a in result.actions}
    then = {a.action: a for a in previous.actions} if previous is not None else {}
    rows = tuple(
        ExceptionRow(
            kind=e.kind.word,
            kind_key=e.kind.value,
            action=e.action,
            title=e.title,
            lead=actions[e.action].lead,
            rating=action_label(actions[e.action], result.month),
            reason=_with_slippage(
                as_sentence(councillor_words(e.reason, by_lead=by_lead)),
                actions[e.action].slippage,
            ),
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
            _was_label(then.get(c.action), previous.month if previous else None, c.before),
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
        tuple(
            NoteRow(
                n.action,
                n.title,
                _with_slippage(
                    as_sentence(councillor_words(n.reason, by_lead=by_lead)),
                    actions[n.action].slippage,
                ),
            )
            for n in result.notes
        ),
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


def _calendar_row(model: PlanFile, item: DueItem, month: str) -> DueRow:
    """A row for an item of the plan's calendar: a planned visit, the plan's deadline with
    Ofsted, a board meeting or the last day to publish its paper (``month``: the paper's own
    month, whose meeting hears "this paper")."""
    overdue = item.state is not DueState.due  # a deadline gone by: passed, never "overdue"
    when = format_day(item.date)
    if item.kind in (VISIT, REVIEW):
        inspection = next(x for x in model.inspections if x.id == item.event)
        info = SOURCE_KINDS[inspection.kind]
        if item.kind == REVIEW:
            # the review point's own words, after the source it belongs to; a review known
            # only by its month is shown as the month, as a visit is
            known = [r.date for r in inspection.reviews if first_day(r.date) == item.date]
            on = format_month(known[0]) if known and isinstance(known[0], str) else when
            return DueRow(on, "Review point", "", "", item.title, "", "Planned")
        what = f"{event_name(inspection)[:1].upper()}{event_name(inspection)[1:]}"
        if inspection.focus:
            what += f": {' '.join(inspection.focus.split())}"
        on = format_month(inspection.start) if isinstance(inspection.start, str) else when
        kind = "Report due" if info.document else "Visit planned"
        return DueRow(on, kind, "", "", what, "", "Planned")
    boards = {b.id: b for b in model.plan.boards}
    if item.kind in (MEETING, PAPER_DEADLINE):
        board = boards[item.event or ""]
        name = one_line(board.name)
        meeting = next(m for m in board.meetings if _meets(m.date, item))
        if item.kind == MEETING:
            what = f"{name} meets"
            if meeting.month == month:
                what += " to hear this paper"
            elif meeting.month:
                what += f" to hear the paper on {long_month(meeting.month)}"
            chair = board.chair_on(meeting.date)
            return DueRow(when, "Board meeting", "", "", what, chair or "", "Planned")
        what = (
            f"Last day to publish the paper for the {name} meeting of "
            f"{long_day(meeting.date)} (five clear working days before it)"
        )
        kind = "Paper deadline passed" if overdue else "Paper deadline"
        position = "This paper" if meeting.month == month else "Not yet published"
        return DueRow(when, kind, "", "", what, "", position)
    inspection = next(x for x in model.inspections if x.id == item.event)
    basis = (
        "the deadline stated"
        if inspection.plan_due is not None
        else f"70 working days after the report was published on {long_day(inspection.published)}"
        if inspection.published
        else "70 working days after the report"
    )
    what = f"The plan to be sent to Ofsted ({basis})"
    kind = "Plan deadline passed" if overdue else "Plan deadline"
    return DueRow(when, kind, "", "", what, "", "No submission recorded in the plan")


def _meets(day: dt.date, item: DueItem) -> bool:
    """Whether the meeting on ``day`` is the one ``item`` is about (the meeting itself, or the
    meeting whose paper's deadline it is)."""
    from g2g.plan.clocks import latest_publication

    return day == item.date if item.kind == MEETING else latest_publication(day) == item.date


def build_due_soon(
    model: PlanFile,
    result: MonthRating,
    updates: Mapping[str, Mapping[str, Update]],
) -> DueSoon:
    """What is overdue and what falls due in the 12 weeks after the month: the same items, in
    the same order, as ``g2g due`` over the same window (:func:`g2g.engine.due.due_items`)."""
    start = month_end(result.month) + dt.timedelta(days=1)
    window = Window.of(start, LOOKAHEAD_WEEKS)
    ratings = {a.action: a for a in result.actions}
    rows = []
    for item in due_items(result.plan, model, updates, window, as_of=result.month):
        overdue = item.state is DueState.overdue
        rating = ratings.get(item.action)
        if item.kind in CALENDAR_KINDS:
            rows.append(_calendar_row(model, item, result.month))
            continue
        if item.kind == ACTION_DUE:
            when = format_day(item.date)
            kind = "Action overdue" if overdue else "Action due"
            what = "Completion of the action"
            if item.slippage:
                what += f": {item.slippage}"
            position = _action_position(rating, result.month) if rating else "Not rated"
        else:
            when = f"End {format_month(month_of(item.date))}"
            unit = Unit(item.unit) if item.unit else Unit.count
            expected = item.expected if item.expected is not None else 0.0
            what = f"{item.measure}: {format_value(expected, unit)}"
            kind, position = _milestone_words(item, unit, result.month)
        rows.append(DueRow(when, kind, item.action, item.title, what, item.lead, position))
    return DueSoon(
        caption=(
            f"Overdue, then due in the 12 weeks from {long_day(window.start)} to "
            f"{long_day(window.end)}: action due dates, target milestones and the plan's calendar"
        ),
        window=f"{long_day(window.start)} to {long_day(window.end)}",
        rows=tuple(rows),
    )


def _milestone_words(item: DueItem, unit: Unit, month: str) -> tuple[str, str]:
    """The kind and position cells of a milestone row: "missed" only when a figure from its
    month or later falls short (:class:`g2g.engine.due.MilestoneCheck`)."""
    latest = (
        None
        if item.latest_value is None
        else f"{format_value(item.latest_value, unit)} in "
        f"{format_month(item.latest_month or month)}"
    )
    check = item.milestone_check
    own = format_month(month_of(item.date))
    late = f"; met late: {item.met_late}" if item.met_late else ""
    if check in (MilestoneCheck.missed, MilestoneCheck.missed_within_tolerance):
        judged = format_value(item.judged_value or 0.0, unit)
        if check is MilestoneCheck.missed_within_tolerance:
            return "Milestone missed within tolerance", f"{judged} in {own}{late}"
        return "Milestone missed", f"{judged} in {own}{late}"
    if check is MilestoneCheck.no_figure_for_month:
        since = f"No figure for {own}, so not judged"
        return "Milestone passed", f"{since} (latest {latest}){late}" if latest else since
    if check is MilestoneCheck.no_figure_since:
        since = f"No figure for {format_month(month_of(item.date))} or after"
        return "Milestone passed", f"{since} (latest {latest})" if latest else since
    if check is MilestoneCheck.no_direction:
        why = "not judged: the plan does not say whether higher or lower is better"
        return "Milestone passed", f"{latest}; {why}" if latest else f"No figure; {why}"
    return "Milestone", latest or "No figure reported yet"


def _action_position(rating: ActionRating, month: str) -> str:
    """The rating and status; a status from an earlier month's update says which month."""
    status = rating.derivation.status
    words = reported_mark(rating)
    if not status:
        return words
    text = f"{words}, {status_word(status)}"
    then = rating.derivation.status_month
    if then is not None and then != month:
        text += f" (as at {format_month(then)})"
    return text


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


def _timescale(action: Action, month: str, slipped: str | None) -> str:
    """The timescale in words with the due date in force in ``month`` (a paper for an earlier
    month never shows a date agreed after it), and the rating's slippage of a re-baselined
    due date."""
    due, _ = due_in_force(action.timescale, month)
    words = timescale_words(action.timescale.model_copy(update={"due": due}))
    return f"{words} ({slipped})" if slipped else words


def _headed(heading: str, text: str) -> Prose:
    """An officer field's text under its heading: "Barriers and risks: ..." (a list goes under
    a line of its own)."""
    blocks = prose(text)
    if blocks and not blocks[0].is_list:
        first = Block(False, (f"{heading}: {blocks[0].items[0]}", *blocks[0].items[1:]))
        return (first, *blocks[1:])
    return (Block(False, (f"{heading}:",)), *blocks)


def _tracker_row(
    action: Action, rating: ActionRating, month: str, compared: bool, private: bool
) -> TrackerRow:
    life = rating.lifecycle
    done = life.stage is Stage.complete and life.since is not None
    update = prose(rating.narrative)
    if private and rating.exempt is not None:  # the private paper marks an exempt update
        update = (Block(False, (f"{exempt_label(rating.exempt)}.",)), *update)
    if not update:
        note = rating.recorded_note
        if not note and done and rating.derivation.status_month != month:
            # complete in an earlier month: no update is due, so none is missing
            note = "no update is needed after completion"
        update = (
            Block(
                False, (as_sentence(note or f"no narrative in the {format_month(month)} update"),)
            ),
        )
    for field in OFFICER_FIELDS:
        if field.paper and field.name in rating.notes:
            update = (*update, *_headed(field.heading or field.name, rating.notes[field.name]))
    status = rating.derivation.status
    status_text = status_word(status).capitalize() if status else "No status reported"
    if done:
        # complete is final: "since" its month, not a possibly stale status "as at" it
        status_text = f"Complete since {format_month(life.since or month)}"
    elif rating.derivation.status_month not in (None, month):
        status_text += f" (as at {format_month(rating.derivation.status_month or month)})"
    return TrackerRow(
        id=action.id,
        title=action.title,
        description=prose(action.description),
        lead=action.lead,
        timescale=_timescale(action, month, rating.slippage),
        addresses=", ".join(action.addresses),
        evidence=prose(action.evidence_of_success),
        update=update,
        status=status_text,
        rating=action_label(rating, month),
        direction=change_phrase(rating.trend, rating.previous, compared),
    )


def build_tracker(
    model: PlanFile, result: MonthRating, *, private: bool = False
) -> tuple[TrackerArea, ...]:
    """The tracker's areas, objectives and actions: every action the month rates (one the plan
    hides before its start, ``rag_policy.not_started: hide``, is left out, and so is an
    objective or area left with none). ``private``: an exempt update carries its mark."""
    ratings = {a.action: a for a in result.actions}
    compared = result.previous_month is not None
    month = long_month(result.month)

    def objectives(area: Area) -> tuple[TrackerObjective, ...]:
        found = []
        for objective in area.objectives:
            rows = tuple(
                _tracker_row(a, ratings[a.id], result.month, compared, private)
                for a in objective.actions
                if a.id in ratings
            )
            if rows:
                found.append(TrackerObjective(objective.id, objective.text, rows))
        return tuple(found)

    areas = ((area, objectives(area)) for area in model.areas)
    return tuple(
        TrackerArea(
            id=area.id,
            name=area.name,
            caption=f"Tracker: {area.name}, {month}",
            objectives=found,
        )
        for area, found in areas
        if found
    )
