"""Goalposts: the due date and milestone values in force in a month, and the slippage of a
re-baselined date against the original.

A plan records a re-baselined due date or milestone value as a revision (``revisions:`` beside
the field: what it was, when it changed, why, who agreed it) rather than an overwrite. A verdict
on a month is judged by the value in force in that month: a revision agreed in month A applies
from A, so months before A keep the earlier value and their "overdue" verdicts stand.
"""

from __future__ import annotations

from collections.abc import Sequence

from g2g.months import due_date, month_of
from g2g.plan.model_plan import DueRevision, Milestone, Timescale, ValueRevision
from g2g.words import format_day, format_month


def _when(due: str) -> str:
    """A due date as written: a month (``Sep 2019``) or a day (``30 Sep 2019``)."""
    return format_month(due) if len(due) == 7 else format_day(due_date(due))


def _due_in_force(current: str, revisions: Sequence[DueRevision], month: str) -> str:
    for revision in sorted(revisions, key=lambda r: r.agreed):
        if month < revision.agreed:
            return revision.was
    return current


def _value_in_force(current: float, revisions: Sequence[ValueRevision], month: str) -> float:
    for revision in sorted(revisions, key=lambda r: r.agreed):
        if month < revision.agreed:
            return revision.was
    return current


def due_in_force(timescale: Timescale, month: str) -> tuple[str | None, str]:
    """The due date in force in ``month``, with a note in words when a later revision has since
    moved it (e.g. " (the date in force then; since revised to Dec 2019)"). A revision already
    in force gets no note here: its slippage is said by :func:`slippage`, the one wording every
    output uses beside the action."""
    due = timescale.due
    if due is None:
        return None, ""
    found = _due_in_force(due, timescale.revisions, month)
    if found != due:
        return found, f" (the date in force then; since revised to {_when(due)})"
    return due, ""


def value_in_force(milestone: Milestone, month: str) -> float:
    """A milestone's value in force in ``month``."""
    return _value_in_force(milestone.value, milestone.revisions, month)


def months_slipped(original: str, current: str) -> int:
    """How many months a due date moved: positive later, negative earlier."""
    first, now = month_of(due_date(original)), month_of(due_date(current))
    return (int(now[:4]) * 12 + int(now[5:7])) - (int(first[:4]) * 12 + int(first[5:7]))


def slippage(timescale: Timescale, month: str | None = None) -> str | None:
    """The slippage of a re-baselined due date against the original, e.g. "due Sep 2019,
    revised to Dec 2019 (+3 months)"; None when it was never revised. Given ``month``, only the
    revisions agreed by then count (against the date then in force), so a paper for an earlier
    month never shows a move agreed after it."""
    due = timescale.due
    if due is None:
        return None
    revisions = sorted(timescale.revisions, key=lambda r: r.agreed)
    if month is not None:
        revisions = [r for r in revisions if r.agreed <= month]
    if not revisions:
        return None
    original = revisions[0].was
    current = due if month is None else _due_in_force(due, timescale.revisions, month)
    moved = months_slipped(original, current)
    sign = "+" if moved >= 0 else "-"
    months = "month" if abs(moved) == 1 else "months"
    return f"due {_when(original)}, revised to {_when(current)} ({sign}{abs(moved)} {months})"
