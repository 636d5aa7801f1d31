"""What falls due: the milestone tracker (Bradford's "key milestones in the next 12 weeks").

Items that fall due:

* an action's due date (``timescale.due``; a YYYY-MM due date means the end of that month);
* a milestone of one of its targets (the end of the milestone's month);
* and the plan's calendar: an inspection or visit planned in the window (its first day), or a
  report due (a source that is a document); the review points a source sets (a direction's
  reviews, the date the Commissioner reports); the plan's submission deadline with Ofsted until
  the plan records its submission, whatever its status (see :func:`submission_recorded`;
  ``plan_due``, else 70 working days after the report's publication -
  :meth:`g2g.plan.model_plan.Inspection.plan_deadline`); each board
  meeting in the window, and the last day its paper on the plan may be published (five clear
  working days before it - :func:`g2g.plan.clocks.latest_publication`), unless published.

Only actions still live (or not yet started) count: complete, closed and superseded ones are
left out (one engine function, :func:`g2g.plan.lifecycle.action_state`, decides). One
vocabulary with ``rag`` and the paper: overdue actions come first (an action whose due date in
force is before the start date, not complete - the only thing called overdue); then missed
milestones, judged by the figure for their own month as ``rag`` judges that month (missed
within tolerance, or missed; a later figure can show one met late, never rewrite the verdict);
then what has passed unjudged (a milestone with no figure for its month, or whose target does
not say which way is better) and calendar deadlines gone by; then the items due within the
window, each group in date order. "Latest" means up to the start date's month (or the month
given), so a historical plan can be looked at as it stood then."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from g2g.engine.derive import is_overdue_in
from g2g.engine.goalposts import due_in_force, slippage, value_in_force
from g2g.engine.ratings import Rating
from g2g.engine.targets import direction, judge, meets, milestone_verdict
from g2g.months import due_date, month_end, month_of
from g2g.plan.clocks import latest_publication
from g2g.plan.governance import plan_clock
from g2g.plan.lifecycle import Stage, action_state, months_with_updates
from g2g.plan.model_base import EventStatus, PlanStatus, Polarity, Unit, first_day
from g2g.plan.model_plan import Action, Area, MeetingStatus, PlanFile, Settings, Target
from g2g.plan.model_progress import Update
from g2g.plan.sources import SOURCE_KINDS
from g2g.words import format_month, format_value, one_line

ACTION_DUE = "action"
MEETING = "meeting"
PAPER_DEADLINE = "paper_deadline"
PLAN_DEADLINE = "plan_deadline"
REVIEW = "review"
VISIT = "visit"
CALENDAR_KINDS = frozenset({VISIT, REVIEW, PLAN_DEADLINE, MEETING, PAPER_DEADLINE})
"""Kinds of item from the plan's calendar rather than from an action: their ``action`` is
empty, ``title`` says what they are and ``event`` names the source (a visit or report to come,
a review point it sets, the plan deadline) or the board."""
_UNIT_SUFFIX = {
    "percent": "%",
    "days": " days",
    "weeks": " weeks",
    "rate_per_10000": " per 10,000",
    "gbp": " GBP",
    "gbp_thousands": " GBP thousands",
}
MILESTONE = "milestone"


class DueState(StrEnum):
    """Whether an item is overdue (an action), missed (a milestone), passed, or due within the
    window. One vocabulary with ``rag`` and the paper: "overdue" is only for an action past
    its due date and not complete; a milestone is met (and left out), missed within tolerance
    or missed (see :class:`MilestoneCheck`)."""

    overdue = "overdue"
    """An action whose due date in force has passed and which is not complete."""
    missed = "missed"
    """A milestone the figure for its own month falls short of (within tolerance or not)."""
    passed = "passed"
    """A milestone whose month has passed but which cannot be judged met or missed (see
    :class:`MilestoneCheck`), or a calendar deadline (the plan's with Ofsted, a paper's) that
    has passed: never called overdue."""
    due = "due"


class MilestoneCheck(StrEnum):
    """What is known of a milestone whose month has passed and which is not known to be met."""

    missed = "missed"
    """The figure for the milestone's own month falls short of it by more than the
    tolerance (Red in ``rag``)."""
    missed_within_tolerance = "missed_within_tolerance"
    """The figure for the milestone's own month falls short of it within the tolerance (Amber
    in ``rag``)."""
    no_figure_since = "no_figure_since"
    """No figure has been recorded in or since the milestone's month (the latest is older, or
    there is none), so whether it was met is not known."""
    no_figure_for_month = "no_figure_for_month"
    """No figure was recorded for the milestone's own month; a later one was, but a later
    figure never judges an earlier month (it can only show the milestone met late)."""
    no_direction = "no_direction"
    """The plan does not say which way is better (no polarity, and a trajectory that does not
    say), so the figure cannot be judged against it."""


@dataclass(frozen=True)
class DueItem:
    """One thing that falls due: an action's due date or a target's milestone."""

    plan: str
    date: dt.date
    state: DueState
    kind: str
    action: str
    title: str
    area: str
    lead: str
    target: str | None
    measure: str | None
    expected: float | None
    unit: str | None
    latest_value: float | None
    status: str | None
    rag: str | None
    days: int
    """Days from the start date to the due date: negative when overdue (or, with ``as_of``
    before the window's month, when due by the end of ``as_of`` and so not yet late)."""
    latest_month: str | None = None
    """The month of ``latest_value``."""
    event: str | None = None
    """For a calendar item: the id of the inspection or visit (visit, plan deadline) or of the
    board (meeting, paper deadline)."""
    slippage: str | None = None
    """For a re-baselined due date, its slippage in words (see
    :func:`g2g.engine.goalposts.slippage`); None otherwise."""
    milestone_check: MilestoneCheck | None = None
    """For a milestone whose month has passed, what is known of it (missed, or why it cannot be
    judged); None otherwise."""
    judged_value: float | None = None
    """For a milestone whose month has passed, the figure for its own month, which judges it;
    None when there is none."""
    met_late: str | None = None
    """For a passed milestone not met in its month, the first later figure that meets it, in
    words, e.g. "56% in Apr 2023"; it shows the milestone met late and never changes the
    verdict on its month."""
    tolerance: float | None = None
    """For a milestone, the tolerance it is judged with (percent of its value)."""

    def what(self) -> str:
        """A short description: the action, the target's measure and expected value, or the
        calendar item's title."""
        if self.kind in CALENDAR_KINDS:
            return self.title
        if self.kind == ACTION_DUE:
            if self.slippage:
                return f"Action {self.slippage}: {self.title}"
            return f"{self.title} (action due)"
        unit = _UNIT_SUFFIX.get(self.unit or "", "")
        latest = self._latest_words(unit)
        if self.met_late:
            latest += f"; met late: {self.met_late}"
        return f"{self.measure}: {self.expected:g}{unit} expected ({latest})"

    def _latest_words(self, unit: str) -> str:
        """A milestone's latest figure in words and, once its month has passed, what is known
        of it."""
        latest = (
            "no value yet" if self.latest_value is None else f"latest {self.latest_value:g}{unit}"
        )
        check = self.milestone_check
        own = month_of(self.date)
        if check in (MilestoneCheck.missed, MilestoneCheck.missed_within_tolerance):
            verdict = milestone_verdict(
                Rating.red if check is MilestoneCheck.missed else Rating.amber,
                self.tolerance if self.tolerance is not None else 0.0,
            )
            latest = f"{self.judged_value:g}{unit} in {own}: {verdict}"
        elif check is MilestoneCheck.no_figure_since:
            if self.latest_value is not None and self.latest_month:
                latest += f" in {self.latest_month}"
            latest = f"no figure for {own} or after; {latest}"
        elif check is MilestoneCheck.no_figure_for_month:
            latest = f"no figure for {own}, so not judged; {latest}"
            if self.latest_month:
                latest += f" in {self.latest_month}"
        elif check is MilestoneCheck.no_direction:
            latest += "; not judged: no polarity set"
        return latest


@dataclass(frozen=True)
class Window:
    """The days looked at: from ``start`` to ``end`` inclusive."""

    start: dt.date
    end: dt.date

    @classmethod
    def of(cls, start: dt.date, weeks: int) -> Window:
        """``weeks`` weeks from ``start``."""
        return cls(start, start + dt.timedelta(weeks=weeks))


Figures = dict[str, list[tuple[str, float]]]
"""Each target's recorded figures (month, value), oldest first."""


def _latest_updates(
    updates: Mapping[str, Mapping[str, Update]], last_month: str
) -> tuple[dict[str, Update], Figures]:
    """Each action's latest update and each target's recorded figures (month, value) up to
    ``last_month``: one pass over the updates, so ``due`` stays linear in the plan."""
    latest: dict[str, Update] = {}
    values: Figures = {}
    for month in sorted(updates):
        if month > last_month:
            break
        for action_id, update in updates[month].items():
            latest[action_id] = update
            for target_id, value in update.values.items():
                if value is not None:
                    values.setdefault(target_id, []).append((month, value))
    return latest, values


@dataclass(frozen=True)
class _Verdict:
    check: MilestoneCheck | None
    judged: float | None = None
    met_late: str | None = None


def _milestone_check(
    polarity: Polarity | None,
    aim: float,
    month: str,
    figures: list[tuple[str, float]],
    tolerance: float,
    unit: Unit,
) -> _Verdict:
    """What is known of a passed milestone (``aim`` for ``month``), judged by the figure for
    its own month, as ``rag`` judges that month: met (check None), missed within tolerance or
    missed. Without a figure for its month, an earlier figure that meets it counts (met early
    is met); otherwise it is not judged, and a later figure never judges it. A later figure
    that meets a milestone not met in its month shows it met late (``met_late``), and never
    changes the verdict."""
    if polarity is None:
        return _Verdict(MilestoneCheck.no_direction)
    own = next((v for m, v in figures if m == month), None)
    later = [(m, v) for m, v in figures if m > month]
    late = next(
        (
            f"{format_value(v, unit)} in {format_month(m)}"
            for m, v in later
            if meets(polarity, v, aim)
        ),
        None,
    )
    if own is not None:
        rating = judge(polarity, own, aim, tolerance)
        if rating is Rating.green:
            return _Verdict(None, own)
        check = (
            MilestoneCheck.missed_within_tolerance
            if rating is Rating.amber
            else MilestoneCheck.missed
        )
        return _Verdict(check, own, late)
    before = [v for m, v in figures if m < month]
    if before and meets(polarity, before[-1], aim):
        return _Verdict(None)
    if not later:
        return _Verdict(MilestoneCheck.no_figure_since)
    return _Verdict(MilestoneCheck.no_figure_for_month, None, late)


def due_items(
    plan_id: str,
    model: PlanFile,
    updates: Mapping[str, Mapping[str, Update]],
    window: Window,
    as_of: str | None = None,
) -> list[DueItem]:
    """What falls due in ``window`` and what is overdue at its start, overdue first.

    ``as_of`` is the month whose position counts (default: the window's first month); the
    board paper passes its reported month. An action is overdue by the rule its rating uses
    (:func:`g2g.engine.derive.is_overdue_in`): one due by the end of ``as_of`` is not late in
    that month's paper, though its day is before the window's start (its ``days`` is then
    negative and its state ``due``). Actions complete, closed or superseded by then are
    left out (see :func:`action_state`); the due date is the one in force then (see
    :func:`due_in_force`). The board paper's "due in the next 12 weeks" and ``g2g due`` both
    come from here.
    """
    last_month = as_of or month_of(window.start)
    latest_updates, figures = _latest_updates(updates, last_month)
    default_tolerance = model.plan.rag_policy.tolerance
    items: list[DueItem] = []
    months = months_with_updates(updates)
    for area, _objective, action in model.actions():
        latest = latest_updates.get(action.id)
        state = action_state(action, updates, last_month, months)
        if state.stage in (Stage.complete, Stage.closed, Stage.superseded):
            continue
        base = _Base(plan_id, area, action, latest)
        item = _action_item(base, window, last_month)
        if item is not None:
            items.append(item)
        for target in action.targets:
            tolerance = default_tolerance if target.tolerance is None else target.tolerance
            found = figures.get(target.id, [])
            items.extend(_milestone_items(base, target, window, last_month, found, tolerance))
    items.extend(calendar_items(plan_id, model, window))
    order = {DueState.overdue: 0, DueState.missed: 1, DueState.passed: 2, DueState.due: 3}
    return sorted(items, key=lambda i: (order[i.state], i.date))


def _action_item(base: _Base, window: Window, last_month: str) -> DueItem | None:
    """The action's due date in force, when it falls by the window's end; None otherwise."""
    action = base.action
    when, _ = due_in_force(action.timescale, last_month)
    if not when:
        return None
    day = due_date(when)
    if day > window.end:
        return None
    item = base.item(day, window, ACTION_DUE)
    slipped = slippage(action.timescale, last_month)
    item = dataclasses.replace(item, slippage=slipped)
    if item.state is DueState.overdue and not is_overdue_in(when, last_month):
        # due by the end of the month whose position counts (the paper's month):
        # that month's rating does not call it late, so neither does this list
        item = dataclasses.replace(item, state=DueState.due)
    return item


def _milestone_items(
    base: _Base,
    target: Target,
    window: Window,
    last_month: str,
    found: list[tuple[str, float]],
    tolerance: float,
) -> list[DueItem]:
    """The target's milestones in the window, and those passed before it that a figure does
    not show met (``found``: the target's figures, oldest first)."""
    polarity, _ = direction(target)
    latest_month, latest_value = found[-1] if found else (None, None)
    items: list[DueItem] = []
    for milestone in target.milestones:
        day = month_end(milestone.month)
        value = value_in_force(milestone, last_month)
        passed = day < window.start
        if not passed and day > window.end:
            continue
        item = base.item(day, window, MILESTONE, target, value, latest_value)
        item = dataclasses.replace(item, latest_month=latest_month, tolerance=tolerance)
        if passed:
            verdict = _milestone_check(
                polarity, value, milestone.month, found, tolerance, target.unit
            )
            if verdict.check is None:
                continue
            missed = verdict.check in (
                MilestoneCheck.missed,
                MilestoneCheck.missed_within_tolerance,
            )
            item = dataclasses.replace(
                item,
                state=DueState.missed if missed else DueState.passed,
                milestone_check=verdict.check,
                judged_value=verdict.judged,
                met_late=verdict.met_late,
            )
        items.append(item)
    return items


_SENT = frozenset({PlanStatus.submitted, PlanStatus.accepted})


def submission_recorded(settings: Settings, day: dt.date) -> bool:
    """Whether the plan records, by ``day``, that it went to Ofsted: a ``submitted`` date on or
    before it, or a status of submitted or accepted (in ``history`` on or before it; without a
    history, the plan's ``status``). Any other status - draft, live, or none at all (``g2g
    init``'s default, which reads as live) - records no submission, so the statutory deadline
    keeps showing until one is recorded."""
    if settings.submitted is not None:
        return settings.submitted <= day
    if settings.history:
        return any(c.status in _SENT and first_day(c.date) <= day for c in settings.history)
    return settings.status in _SENT


def calendar_items(plan_id: str, model: PlanFile, window: Window) -> list[DueItem]:
    """The plan's calendar in ``window``: planned inspections and visits, the plan's submission
    deadline (overdue when passed and the plan not submitted by the window's start), board
    meetings and their papers' publication deadlines (overdue when passed, the meeting still to
    come and the paper not published by the start)."""
    items = _visit_items(plan_id, model, window)
    items += _review_items(plan_id, model, window)
    settings = model.plan
    clock = plan_clock(model)
    sent = submission_recorded(settings, window.start) or settings.ended_on(window.start)
    if clock is not None and clock.deadline <= window.end and not sent:
        title = f"Plan due with Ofsted ({clock.basis})"
        items.append(
            _calendar_item(plan_id, window, clock.deadline, PLAN_DEADLINE, title, clock.event)
        )
    items += _board_items(plan_id, settings, window)
    return items


def _calendar_item(
    plan_id: str, window: Window, day: dt.date, kind: str, title: str, event: str
) -> DueItem:
    """One item of the plan's calendar: passed when before the window's start, else due."""
    return DueItem(
        plan=plan_id,
        date=day,
        state=DueState.passed if day < window.start else DueState.due,
        kind=kind,
        action="",
        title=title,
        area="",
        lead="",
        target=None,
        measure=None,
        expected=None,
        unit=None,
        latest_value=None,
        status=None,
        rag=None,
        days=(day - window.start).days,
        event=event,
    )


def _visit_items(plan_id: str, model: PlanFile, window: Window) -> list[DueItem]:
    """Inspections and visits planned in the window (their first day), not yet held."""
    items: list[DueItem] = []
    for inspection in model.inspections:
        first = inspection.first_day()
        if not window.start <= first <= window.end:
            continue
        # Without a status, an event is held once it started before the window: one starting
        # on its first day (a visit known only by its month, from a paper's month end) is
        # still to come.
        if inspection.status is EventStatus.held or (
            inspection.status is None and inspection.held_by(window.start - dt.timedelta(days=1))
        ):
            continue
        info = SOURCE_KINDS[inspection.kind]
        title = f"{info.title} {info.planned}"
        if inspection.focus:
            title += f": {' '.join(inspection.focus.split())}"
        items.append(_calendar_item(plan_id, window, first, VISIT, title, inspection.id))
    return items


def _review_items(plan_id: str, model: PlanFile, window: Window) -> list[DueItem]:
    """The dates a source sets of its own: a direction's review points, the date the
    Commissioner reports; shown while to come, never "overdue" (they are not the council's
    to meet)."""
    items: list[DueItem] = []
    for inspection in model.inspections:
        for review in inspection.reviews:
            day = first_day(review.date)
            if window.start <= day <= window.end:
                title = f"{SOURCE_KINDS[inspection.kind].title} review point"
                if review.what:
                    title += f": {' '.join(review.what.split())}"
                items.append(_calendar_item(plan_id, window, day, REVIEW, title, inspection.id))
    return items


def _board_items(plan_id: str, settings: Settings, window: Window) -> list[DueItem]:
    """Board meetings in the window and the last day to publish their papers on the plan,
    unless published by the window's start."""
    items: list[DueItem] = []
    for board in settings.boards:
        name = one_line(board.name)
        for meeting in board.meetings:
            if meeting.status is MeetingStatus.cancelled or meeting.date < window.start:
                continue
            if meeting.date <= window.end:
                items.append(
                    _calendar_item(
                        plan_id, window, meeting.date, MEETING, f"{name} meets", board.id
                    )
                )
            if meeting.month is None:
                continue
            published = meeting.paper_published
            if published is not None and published <= window.start:
                continue
            latest = latest_publication(meeting.date)
            if latest <= window.end:
                title = f"Paper deadline: {name} of {meeting.date} (last day to publish)"
                items.append(
                    _calendar_item(plan_id, window, latest, PAPER_DEADLINE, title, board.id)
                )
    return items


@dataclass
class _Base:
    plan: str
    area: Area
    action: Action
    latest: Update | None

    def item(
        self,
        day: dt.date,
        window: Window,
        kind: str,
        target: Target | None = None,
        expected: float | None = None,
        latest_value: float | None = None,
    ) -> DueItem:
        return DueItem(
            plan=self.plan,
            date=day,
            state=DueState.overdue if day < window.start else DueState.due,
            kind=kind,
            action=self.action.id,
            title=one_line(self.action.title),
            area=one_line(self.area.name),
            lead=one_line(self.action.lead),
            target=target.id if target else None,
            measure=one_line(target.measure) if target else None,
            expected=expected,
            unit=target.unit.value if target else None,
            latest_value=latest_value,
            status=self.latest.status.value if self.latest else None,
            rag=self.latest.rag.value if self.latest and self.latest.rag else None,
            days=(day - window.start).days,
        )
