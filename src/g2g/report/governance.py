"""The paper's reporting line as data: who reports to whom, who chairs, when each next meets.

Python computes, templates lay out: :func:`build_reporting_line` gives one row per task group
and board, in the order a reader follows the line (task groups, then each board after the
groups and boards that report to it, then scrutiny alongside), each with what it reports to,
its chair (or lead) on the paper's date and its next meeting after the paper's month. A table,
not a picture, so that it reads the same to a screen reader and on paper. ``None`` when the plan
has no governance data beyond a flat list of boards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from g2g.plan.model_plan import Board, PlanFile
from g2g.words import format_day


@dataclass(frozen=True)
class LineRow:
    """One task group or board on the reporting line."""

    name: str
    """Its name, as printed."""
    kind: str
    """``Task group``, ``Board`` or ``Scrutiny``."""
    reports_to: str
    """The name of what it reports to; ``-`` for the top of the line, ``alongside`` words for
    scrutiny, which holds the line to account from outside it."""
    chair: str
    """Its chair on the paper's date (a task group's lead); ``not given`` when the plan names
    none."""
    next_meeting: str
    """Its next meeting after the paper's month, in words with any note; ``none set`` when the
    plan records none (task groups: ``-``, the plan records no task group meetings)."""


@dataclass(frozen=True)
class ReportingLine:
    """The reporting line table."""

    as_of: str
    """The date chairs are given at, in words."""
    after: str
    """The day after which next meetings are looked for, in words."""
    rows: tuple[LineRow, ...]


NOT_GIVEN = "not given"


def _has_line(model: PlanFile) -> bool:
    settings = model.plan
    return bool(settings.task_groups) or any(
        b.reports_to or b.chairs or b.meetings or b.scrutiny for b in settings.boards
    )


def _board_order(boards: list[Board]) -> list[Board]:
    """Boards in the line, each after every board that reports to it (depth from the bottom),
    keeping plan order among boards at the same depth; scrutiny boards last."""
    ids = {b.id: b for b in boards}

    def height(board: Board) -> int:
        # How many steps of reports_to lie above it (guarding against a loop).
        steps, seen, at = 0, {board.id}, board
        while at.reports_to in ids and at.reports_to not in seen:
            seen.add(at.reports_to)
            at = ids[at.reports_to]
            steps += 1
        return steps

    line = [b for b in boards if not b.scrutiny]
    line.sort(key=lambda b: -height(b))
    return line + [b for b in boards if b.scrutiny]


def _meeting_words(board: Board, after: dt.date) -> str:
    meeting = board.next_meeting(after)
    if meeting is None:
        return "none set"
    text = format_day(meeting.date)
    if meeting.note:
        text += f" ({' '.join(meeting.note.split())})"
    return text


def build_reporting_line(model: PlanFile, as_of: dt.date, after: dt.date) -> ReportingLine | None:
    """The reporting line at ``as_of`` (chairs) with next meetings after ``after`` (the end of
    the paper's month); ``None`` when the plan has no governance data to show."""
    if not _has_line(model):
        return None
    settings = model.plan
    names = {b.id: b.name for b in settings.boards}
    rows = [
        LineRow(
            name=group.name,
            kind="Task group",
            reports_to=names.get(group.reports_to or "", "-"),
            chair=group.lead or NOT_GIVEN,
            next_meeting="-",
        )
        for group in settings.task_groups
    ]
    for board in _board_order(list(settings.boards)):
        if board.scrutiny:
            reports_to = "alongside the line (scrutiny)"
        else:
            reports_to = names.get(board.reports_to or "", "-")
        rows.append(
            LineRow(
                name=board.name,
                kind="Scrutiny" if board.scrutiny else "Board",
                reports_to=reports_to,
                chair=board.chair_on(as_of) or NOT_GIVEN,
                next_meeting=_meeting_words(board, after),
            )
        )
    return ReportingLine(format_day(as_of), format_day(after), tuple(rows))
