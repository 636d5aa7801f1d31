"""Meaning checks of an action's life and of moved goalposts: closures, completion dates,
re-baselined due dates and milestone values (revisions), and targets or measures with no
polarity. Stable codes, documented in docs/format.md:

* ``polarity-missing`` (warning): a target or measure does not say which way is better;
* ``revision-order`` (error): revisions not in the order they were agreed;
* ``revision-chain`` (error): a revision's ``to`` is not the next revision's ``was`` (or the
  value in force, for the last one);
* ``revision-no-change`` (warning): a revision whose old and new values are the same;
* ``closed-unknown-action`` (error): ``superseded_by`` names no action of the plan, or itself;
* ``closed-outside-period`` (warning): closed before the action starts or outside the plan;
* ``completed-before-start`` (warning): a completion date before the action starts;
* ``timescale-text-stale`` (warning): the timescale text names a month or year other than the
  due date's (:mod:`g2g.plan.timescale`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from g2g.months import due_date, month_of
from g2g.plan.model_measures import Measure
from g2g.plan.model_plan import Action, DueRevision, PlanFile, Target, ValueRevision
from g2g.plan.timescale import TIMESCALE_TEXT_STALE, stale_text
from g2g.words import format_day, one_line

if TYPE_CHECKING:
    from g2g.plan.sink import Sink

POLARITY_MISSING = "polarity-missing"


def polarity_message(what: str, ident: str) -> str:
    """The polarity warning's words for a target or measure."""
    return (
        f"{what} '{ident}' has no polarity, so g2g cannot tell whether a rise is better or "
        "worse and shows changes without calling them improved or worsened - add polarity: "
        "higher (more is better) or polarity: lower (less is better)"
    )


def check_goalposts(model: PlanFile, sink: Sink) -> None:
    """Lifecycle, revision and polarity problems of a plan definition, added to ``sink``."""
    ids = {action.id for _, _, action in model.actions()}
    period = model.plan.period
    for a, area in enumerate(model.areas):
        for o, objective in enumerate(area.objectives):
            for n, action in enumerate(objective.actions):
                loc: tuple[int | str, ...] = ("areas", a, "objectives", o, "actions", n)
                start = action.timescale.start or period.start
                closure = action.closed
                if closure is not None:
                    cloc = (*loc, "closed")
                    if closure.superseded_by is not None and (
                        closure.superseded_by not in ids or closure.superseded_by == action.id
                    ):
                        sink.error(
                            (*cloc, "superseded_by"),
                            f"superseded_by '{closure.superseded_by}' is not another action of "
                            "the plan - give the id of the action that replaces it",
                            code="closed-unknown-action",
                        )
                    if not start <= closure.month <= period.end:
                        sink.warning(
                            (*cloc, "month"),
                            f"closed from {closure.month}, outside the action's run ({start} to "
                            f"{period.end}) - check the month",
                            code="closed-outside-period",
                        )
                if action.completed and month_of(due_date(action.completed)) < start:
                    sink.warning(
                        (*loc, "completed"),
                        f"completed {action.completed}, before the action starts ({start}) - "
                        "check the date",
                        code="completed-before-start",
                    )
                due = action.timescale.due
                if due is not None:
                    _check_revisions(
                        action.timescale.revisions, due, (*loc, "timescale", "revisions"), sink
                    )
                    _check_timescale_text(action, due, (*loc, "timescale", "text"), sink)
                for t, target in enumerate(action.targets):
                    tloc = (*loc, "targets", t)
                    _check_target(target, tloc, sink)


def _check_timescale_text(action: Action, due: str, loc: tuple[int | str, ...], sink: Sink) -> None:
    named = stale_text(action.timescale.text, due)
    if named is None:
        return
    text = one_line(action.timescale.text or "")
    earlier = [r for r in action.timescale.revisions if named.agrees(r.was)]
    why = f" (the due date before the revision agreed {earlier[-1].agreed})" if earlier else ""
    sink.warning(
        loc,
        f"{action.id}'s timescale text \u201c{text}\u201d names {named.words()}{why}, "
        f"but the action is due {format_day(due_date(due))} ({due}) - reword the "
        "text to match the due date (papers and returns print the due date and show the "
        "text beside it as out of date), or leave the text out",
        code=TIMESCALE_TEXT_STALE,
    )


def _check_target(target: Target, loc: tuple[int | str, ...], sink: Sink) -> None:
    if target.polarity is None:
        sink.warning((*loc, "id"), polarity_message("target", target.id), code=POLARITY_MISSING)
    for m, milestone in enumerate(target.milestones):
        _check_revisions(
            milestone.revisions, milestone.value, (*loc, "milestones", m, "revisions"), sink
        )


def check_measure_polarity(measure: Measure, loc: tuple[int | str, ...], sink: Sink) -> None:
    """The polarity warning for a measure with none."""
    if measure.polarity is None:
        sink.warning((*loc, "id"), polarity_message("measure", measure.id), code=POLARITY_MISSING)


def _same(first: str | float, second: str | float) -> bool:
    if isinstance(first, str) and isinstance(second, str):
        return due_date(first) == due_date(second)
    return first == second


def _check_revisions(
    revisions: Sequence[DueRevision | ValueRevision],
    current: str | float,
    loc: tuple[int | str, ...],
    sink: Sink,
) -> None:
    previous: str | None = None
    for r, revision in enumerate(revisions):
        rloc = (*loc, r)
        if previous is not None and revision.agreed < previous:
            sink.error(
                (*rloc, "agreed"),
                f"revision agreed {revision.agreed} is listed after one agreed {previous} - "
                "list revisions oldest first",
                code="revision-order",
            )
        previous = revision.agreed
        after = revisions[r + 1].was if r + 1 < len(revisions) else current
        if revision.to is not None and not _same(revision.to, after):
            sink.error(
                (*rloc, "to"),
                f"revision to {revision.to} does not match what follows it ({after}) - each "
                "revision's 'to' is the next revision's 'was', and the last one's is the value "
                "in force",
                code="revision-chain",
            )
        if _same(revision.was, after):
            sink.warning(
                (*rloc, "was"),
                f"revision from {revision.was} changes nothing (it stays {after}) - remove it or "
                "correct the value",
                code="revision-no-change",
            )
