"""Meaning checks of the plan's governance: boards, their meetings and chairs, task groups.

Every reference resolves (a board's or task group's ``reports_to``, a task group's areas), the
reporting line has no loop, meetings are in date order and not on the same day twice, and a
chair's span is in order. Stable codes (documented in docs/format.md) start ``governance-``.

The statutory clocks of the governance calendar are read here too, for the checks, ``g2g due``
and the paper alike: the plan's submission deadline (:func:`plan_clock`) and a board paper's
latest publication date (:func:`paper_clock`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from g2g.months import due_date
from g2g.plan.model_base import PlanStatus, first_day
from g2g.plan.model_plan import Board, Meeting, MeetingStatus, PlanFile
from g2g.words import did_you_mean, one_line

if TYPE_CHECKING:
    from g2g.plan.sink import Sink


def _day(value: str) -> str:
    return value if len(value) == 10 else f"{value}-01"


MEETING_DAY = "governance-meeting-day"
"""The code of the warning for a meeting on a weekend, Christmas Day, Boxing Day or New Year's
Day: a board can meet then (some councils meet on a Saturday), but a typo is likelier."""

_HOLIDAYS = {(12, 25): "Christmas Day", (12, 26): "Boxing Day", (1, 1): "New Year's Day"}


def _unusual_day(day: dt.date) -> str | None:
    """What makes ``day`` an unusual day for a board to meet, in words; None for a weekday
    that is not one of the fixed public holidays above."""
    holiday = _HOLIDAYS.get((day.month, day.day))
    if holiday is not None:
        return holiday
    if day.weekday() >= 5:
        return "a Saturday" if day.weekday() == 5 else "a Sunday"
    return None


def check_governance(model: PlanFile, sink: Sink) -> None:
    """Governance, status and clock problems of a plan definition, added to ``sink``."""
    _check_status(model, sink)
    _check_clocks(model, sink)
    board_ids = [b.id for b in model.plan.boards]
    for i, board in enumerate(model.plan.boards):
        _check_board(board, ("plan", "boards", i), board_ids, sink)
    _check_loops(model, sink)
    _check_task_groups(model, board_ids, sink)
    _check_area_task_groups(model, sink)


def _check_board(
    board: Board, loc: tuple[int | str, ...], board_ids: list[str], sink: Sink
) -> None:
    """One board: whom it reports to, its meetings' days and order, its chairs' spans."""
    if board.reports_to is not None:
        if board.reports_to == board.id:
            sink.error(
                (*loc, "reports_to"),
                f"board '{board.id}' reports to itself - name the board it reports to, or "
                "leave reports_to out at the top of the line",
                code="governance-reports-to-self",
            )
        elif board.reports_to not in board_ids:
            sink.error(
                (*loc, "reports_to"),
                f"'{board.reports_to}' is not a board of the plan"
                f"{did_you_mean(board.reports_to, board_ids)} - use the id of one of "
                "plan.boards",
                code="governance-unknown-board",
            )
    _check_meetings(board, loc, sink)
    for j, chair in enumerate(board.chairs):
        if chair.start and chair.end and due_date(chair.end).isoformat() < _day(chair.start):
            sink.error(
                (*loc, "chairs", j, "end"),
                f"the chair's end ({chair.end}) is before its start ({chair.start}) - end "
                "must be on or after start",
                code="governance-chair-order",
            )


def _check_meetings(board: Board, loc: tuple[int | str, ...], sink: Sink) -> None:
    """A board's meetings: a warning for each on an unusual day, then an error for each out of
    date order or on the same day as the one before."""
    for j, meeting in enumerate(board.meetings):
        unusual = _unusual_day(meeting.date)
        if unusual is not None:
            sink.warning(
                (*loc, "meetings", j, "date"),
                f"board '{board.id}' meets on {meeting.date}, {unusual} - check the date; "
                "if the board does meet then, acknowledge this warning (code "
                f"{MEETING_DAY})",
                code=MEETING_DAY,
            )
    for j in range(1, len(board.meetings)):
        before, meeting = board.meetings[j - 1], board.meetings[j]
        if meeting.date == before.date:
            sink.error(
                (*loc, "meetings", j, "date"),
                f"board '{board.id}' meets on {meeting.date} twice - give each meeting once",
                code="governance-meeting-twice",
            )
        elif meeting.date < before.date:
            sink.error(
                (*loc, "meetings", j, "date"),
                f"meeting {meeting.date} comes after {before.date} in the list - list "
                "meetings in date order",
                code="governance-meeting-order",
            )


def _check_task_groups(model: PlanFile, board_ids: list[str], sink: Sink) -> None:
    """Each task group: an id of its own, a known board to report to, known areas."""
    area_ids = [a.id for a in model.areas]
    seen: dict[str, int] = {}
    for i, group in enumerate(model.plan.task_groups):
        loc = ("plan", "task_groups", i)
        if group.id in seen:
            sink.error(
                (*loc, "id"),
                f"task group id '{group.id}' is used twice - give each task group its own id",
                code="governance-duplicate-task-group",
            )
        seen.setdefault(group.id, i)
        if group.reports_to is not None and group.reports_to not in board_ids:
            sink.error(
                (*loc, "reports_to"),
                f"'{group.reports_to}' is not a board of the plan"
                f"{did_you_mean(group.reports_to, board_ids)} - use the id of one of plan.boards",
                code="governance-unknown-board",
            )
        for n, ref in enumerate(group.areas):
            if ref not in area_ids:
                sink.error(
                    (*loc, "areas", n),
                    f"'{ref}' is not an area of the plan{did_you_mean(ref, area_ids)} - use the "
                    "id of one of the plan's areas",
                    code="governance-unknown-area",
                )


def _check_area_task_groups(model: PlanFile, sink: Sink) -> None:
    """Each area's ``task_group``, in a plan that lists task groups: a known task group (by id
    or name) whose areas, if it lists any, include the area."""
    task_groups = model.plan.task_groups
    if not task_groups:
        return
    groups = {g.id: g for g in task_groups}
    names = {g.name: g for g in task_groups}
    for i, area in enumerate(model.areas):
        if area.task_group is None:
            continue
        named = groups.get(area.task_group) or names.get(area.task_group)
        if named is None:
            sink.warning(
                ("areas", i, "task_group"),
                f"task group '{area.task_group}' is not one of plan.task_groups"
                f"{did_you_mean(area.task_group, list(groups))} - use a task group's id",
                code="governance-unknown-task-group",
            )
        elif named.areas and area.id not in named.areas:
            sink.warning(
                ("areas", i, "task_group"),
                f"area '{area.id}' names task group '{named.id}', whose areas do not list "
                "it - add the area to the task group's areas, or correct task_group",
                code="governance-task-group-mismatch",
            )


def _check_loops(model: PlanFile, sink: Sink) -> None:
    """A reporting line that comes back to where it started is reported once, at its first
    board."""
    parent = {b.id: b.reports_to for b in model.plan.boards}
    index = {b.id: i for i, b in enumerate(model.plan.boards)}
    reported: set[str] = set()
    for board in model.plan.boards:
        path: list[str] = []
        current: str | None = board.id
        while current is not None and current in parent and current not in path:
            path.append(current)
            current = parent[current]
        if current is None or current not in path or current == parent.get(current):
            continue
        loop = path[path.index(current) :]
        if reported & set(loop):
            continue
        reported.update(loop)
        first = min(loop, key=lambda b: index[b])
        sink.error(
            ("plan", "boards", index[first], "reports_to"),
            f"the reporting line goes round in a loop ({' -> '.join([*loop, loop[0]])}) - one "
            "board must be at the top, with no reports_to",
            code="governance-reporting-loop",
        )


def _check_status(model: PlanFile, sink: Sink) -> None:
    settings = model.plan
    for j in range(1, len(settings.history)):
        if first_day(settings.history[j].date) < first_day(settings.history[j - 1].date):
            sink.error(
                ("plan", "history", j, "date"),
                f"status change {settings.history[j].date} comes after "
                f"{settings.history[j - 1].date} in the list - list the plan's history in date "
                "order",
                code="plan-history-order",
            )
    if settings.status is not None and settings.history:
        last = settings.history[-1].status
        if last is not settings.status:
            sink.warning(
                ("plan", "status"),
                f"status is {settings.status.value} but the last change in history is "
                f"{last.value} - add the change to history, or correct status",
                code="plan-status-history",
            )
    status = settings.current_status()
    if status is PlanStatus.superseded and settings.superseded_by is None:
        sink.warning(
            ("plan", "status") if settings.status else ("plan", "history"),
            "the plan is superseded but superseded_by is not given - add superseded_by: "
            "<the id of the plan that replaced it>",
            code="plan-superseded-by-missing",
        )
    if settings.superseded_by is not None:
        if settings.superseded_by == settings.id:
            sink.error(
                ("plan", "superseded_by"),
                "a plan cannot supersede itself - give the id of the plan that replaced it",
                code="plan-superseded-by-self",
            )
        elif status is not PlanStatus.superseded:
            sink.warning(
                ("plan", "superseded_by"),
                f"superseded_by is given but the plan's status is {status.value} - set "
                "status: superseded, or remove superseded_by",
                code="plan-superseded-by-status",
            )


@dataclass(frozen=True)
class PlanClock:
    """The plan's submission deadline with Ofsted, and how its submission stands against it."""

    event: str
    """The id of the inspection whose report started the clock (the latest with a deadline)."""
    deadline: dt.date
    stated: bool
    """True when the deadline is the inspection's ``plan_due``; False when counted (70 working
    days after the report's publication)."""
    submitted: dt.date | None
    """The plan's ``submitted`` date, when given."""

    @property
    def basis(self) -> str:
        """How the deadline was reached, in words."""
        return "deadline stated" if self.stated else "70 working days after the report"

    @property
    def late(self) -> bool:
        """Whether the plan was submitted after its deadline."""
        return self.submitted is not None and self.submitted > self.deadline

    @property
    def late_by(self) -> int:
        """Working days from the day after the deadline up to and including the submission
        day (0 when on time or not submitted)."""
        if self.submitted is None or not self.late:
            return 0
        from g2g.plan.clocks import working_days_between

        return working_days_between(self.deadline, self.submitted + dt.timedelta(days=1))


def plan_clock(model: PlanFile) -> PlanClock | None:
    """The plan submission clock: the latest inspection with a deadline
    (:meth:`g2g.plan.model_plan.Inspection.plan_deadline`) and the plan's ``submitted`` date;
    None when no inspection sets one. ``validate`` (clock-plan-late), ``g2g due`` and the board
    paper all use it."""
    running = [(x, d) for x in model.inspections if (d := x.plan_deadline()) is not None]
    if not running:
        return None
    inspection, deadline = running[-1]
    return PlanClock(inspection.id, deadline, inspection.plan_due is not None, model.plan.submitted)


@dataclass(frozen=True)
class PaperClock:
    """A meeting's paper against the five-clear-working-days rule."""

    board: str
    """The board's id."""
    board_name: str
    meeting: dt.date
    published: dt.date
    """The paper's ``paper_published`` date."""
    latest: dt.date
    """The last day that leaves five clear working days before the meeting."""

    @property
    def late(self) -> bool:
        """Whether fewer than five clear working days were left before the meeting. (A paper
        published on a weekend or bank holiday after ``latest`` can still leave five.)"""
        from g2g.plan.clocks import CLEAR_DAYS

        return self.clear_days < CLEAR_DAYS

    @property
    def clear_days(self) -> int:
        """Working days strictly between publication and the meeting (0 when published on or
        after the meeting day)."""
        from g2g.plan.clocks import working_days_between

        return working_days_between(self.published, self.meeting)


def paper_clock(board: Board, meeting: Meeting) -> PaperClock | None:
    """The clock of one meeting's paper; None when its publication date is not given.
    ``validate`` (clock-paper-late) and the board paper's sentence both use it."""
    from g2g.plan.clocks import latest_publication

    if meeting.paper_published is None:
        return None
    name = one_line(board.name)
    latest = latest_publication(meeting.date)
    return PaperClock(board.id, name, meeting.date, meeting.paper_published, latest)


def this_papers_clock(
    model: PlanFile, month: str, board: Board | None, meeting: dt.date | None
) -> PaperClock | None:
    """The clock of the paper being made for ``month``: the meeting of ``board`` on ``meeting``
    (with no date, the board's meeting that hears ``month``); with no board, a meeting of any
    board on ``meeting`` that hears ``month``. None when there is no such meeting or its paper's
    publication date is not given."""
    boards = [board] if board is not None else list(model.plan.boards)
    for candidate in boards:
        for held in candidate.meetings:
            if held.status is MeetingStatus.cancelled:
                continue
            if meeting is not None:
                chosen = held.date == meeting and (board is not None or held.month == month)
            else:
                chosen = board is not None and held.month == month
            if chosen:
                return paper_clock(candidate, held)
    return None


def _check_clocks(model: PlanFile, sink: Sink) -> None:
    from g2g.plan.clocks import CLEAR_DAYS

    settings = model.plan
    # A plan not yet submitted cannot be late: its deadline (70 working days, counted against
    # the bank holidays, whose library takes longer to import than typer) is not needed.
    clock = plan_clock(model) if settings.submitted is not None else None
    if clock is not None and clock.late:
        stated = "stated" if clock.stated else "70 working days after publication"
        sink.warning(
            ("plan", "submitted"),
            f"the plan was submitted on {clock.submitted}, after its deadline of "
            f"{clock.deadline} ({stated}, '{clock.event}') - check the submitted date and the "
            "deadline",
            code="clock-plan-late",
        )
    for b, board in enumerate(settings.boards):
        for m, meeting in enumerate(board.meetings):
            paper = paper_clock(board, meeting)
            if paper is not None and paper.late:
                sink.warning(
                    ("plan", "boards", b, "meetings", m, "paper_published"),
                    f"the paper for {board.id}'s meeting of {meeting.date} was published on "
                    f"{paper.published}, after {paper.latest}, the last day that leaves "
                    f"{CLEAR_DAYS} clear working days - check the date, or move the meeting",
                    code="clock-paper-late",
                )
