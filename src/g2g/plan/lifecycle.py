"""An action's life: the one place that decides what stage an action is at in a month.

Every output (``rag`` in all formats and ``--history``, the board paper, the overview, ``due``,
``month``) and validate's "no update this month" warning ask :func:`action_state`; none
decides it again. (It sits in the plan layer so that validate can use it too; the engine
imports it from here.) The stages:

* **not started** - the month is before the action's start month and no update up to the month
  says it has begun. It is never "not reported", and adding an action that starts later never
  changes what an earlier month shows.
* **live** - running: only a live action can be "not reported".
* **complete** - from the month an update first says ``complete`` (unless a later update up to
  the month reopens it), or from the plan's ``completed`` date. It counts as complete, in the
  policy's colour, in every later month.
* **closed** or **superseded** - from the month of ``closed:``; superseded when it names the
  action that replaces it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from g2g.months import due_date, month_of
from g2g.plan.model_base import Status
from g2g.plan.model_plan import Action
from g2g.plan.model_progress import Update
from g2g.words import format_month

Updates = Mapping[str, Mapping[str, Update]]
"""Progress updates by month (YYYY-MM), then by action id, as ``Plan.updates()``."""


def months_with_updates(updates: Updates) -> list[str]:
    """The months that have at least one update, in order."""
    return sorted(month for month, found in updates.items() if found)


class Stage(StrEnum):
    """Where an action is in its life in a month."""

    not_started = "not_started"
    live = "live"
    complete = "complete"
    closed = "closed"
    superseded = "superseded"

    @property
    def word(self) -> str:
        """The stage in words: ``Not started``."""
        return self.value.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Lifecycle:
    """An action's stage in a month, since when, and why."""

    stage: Stage
    """Not started, live, complete, closed or superseded."""
    since: str | None
    """The month the stage began (completed, closed, superseded; the start month for a live
    action with one); None when not known."""
    reason: str
    """The stage in words, e.g. "complete since Jun 2019"."""
    replaced_by: str | None = None
    """The action that supersedes it."""

    @property
    def in_force(self) -> bool:
        """Live or complete: the actions a month's counts are made of."""
        return self.stage in (Stage.live, Stage.complete)


_BY_DATE = "the plan's completion date"


def _completed_since(
    action: Action, updates: Updates, month: str, months: Sequence[str]
) -> tuple[str | None, str]:
    """The month the action became complete by ``month``, with where that comes from."""
    since: str | None = None
    for found in months:
        if found > month:
            break
        update = updates[found].get(action.id)
        if update is None:
            continue
        # a later update that is not complete reopens it
        since = (since or found) if update.status is Status.complete else None
    by_date = month_of(due_date(action.completed)) if action.completed else None
    if by_date is not None and by_date <= month and (since is None or by_date < since):
        return by_date, _BY_DATE
    return since, "its update"


def _started(action: Action, updates: Updates, month: str, months: Sequence[str]) -> bool:
    for found in months:
        if found > month:
            break
        update = updates[found].get(action.id)
        if update is not None and update.status is not Status.not_started:
            return True
    return False


def action_state(
    action: Action, updates: Updates, month: str, months: Sequence[str] | None = None
) -> Lifecycle:
    """The stage of ``action`` in ``month`` (see the module's rules; closure wins, then
    completion, then the start month). ``months`` is ``months_with_updates(updates)`` when the
    caller already has it (the engine asks for every action of a month: sorting the months
    once per action, not once per question)."""
    closure = action.closed
    if closure is not None and closure.month <= month:
        when = format_month(closure.month)
        if closure.superseded_by:
            reason = f"superseded by {closure.superseded_by} from {when}: {closure.reason}"
            return Lifecycle(Stage.superseded, closure.month, reason, closure.superseded_by)
        return Lifecycle(Stage.closed, closure.month, f"closed from {when}: {closure.reason}")
    if months is None:
        months = months_with_updates(updates)
    since, source = _completed_since(action, updates, month, months)
    if since is not None:
        by = " (by the plan's completion date)" if source == _BY_DATE else ""
        return Lifecycle(Stage.complete, since, f"complete since {format_month(since)}{by}")
    start = action.timescale.start
    if start is not None and month < start and not _started(action, updates, month, months):
        return Lifecycle(
            Stage.not_started, None, f"not started: starts {format_month(start)}", None
        )
    return Lifecycle(Stage.live, start, "live")
