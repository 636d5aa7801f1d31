"""The rating vocabulary: Rating, Trend, rule and exception kinds, a status in words, and the
months a plan has updates for. What ratings are rolled up by is :mod:`g2g.engine.grouping`.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from g2g.errors import MonthError
from g2g.months import is_month
from g2g.plan.lifecycle import Updates as Updates
from g2g.plan.lifecycle import months_with_updates as months_with_updates
from g2g.plan.model_base import Status
from g2g.plan.model_plan import PlanFile
from g2g.plan.model_progress import Update

# --- ratings ------------------------------------------------------------------------------


class Rating(StrEnum):
    """A reported RAG rating, or ``not_reported`` when there is none for the month.

    ``not_enough`` is for roll-ups only: too few of the group's live actions were rated for the
    month to give it a colour (see ``rag_policy.coverage``)."""

    red = "red"
    amber = "amber"
    green = "green"
    blue = "blue"
    not_reported = "not_reported"
    not_started = "not_started"
    closed = "closed"
    not_enough = "not_enough"

    @property
    def word(self) -> str:
        """The word printed beside the colour: a colour never carries meaning alone."""
        if self is Rating.not_enough:
            return "Not enough reported"
        return self.value.replace("_", " ").capitalize()

    @property
    def in_force(self) -> bool:
        """Whether the action counts in the month: not before its start, not closed."""
        return self not in (Rating.not_started, Rating.closed)


RANK = {Rating.blue: 0, Rating.green: 1, Rating.amber: 2, Rating.red: 3}
"""How bad each rating is: worse is higher. Blue (complete, on a BRAG plan) is the best;
not_reported has no rank."""


def is_rated(rating: Rating | None) -> bool:
    """Whether ``rating`` is a colour (not None, not reported, not started or closed)."""
    return rating is not None and rating in RANK


def worse(first: Rating, second: Rating) -> Rating:
    """The worse of two colours (Red > Amber > Green > Blue)."""
    return first if RANK[first] >= RANK[second] else second


def worst(ratings: Iterable[Rating]) -> Rating | None:
    """The worst colour among ``ratings`` (``not_reported`` ignored); None when there is none."""
    rated = [r for r in ratings if is_rated(r)]
    return max(rated, key=RANK.__getitem__) if rated else None


class Trend(StrEnum):
    """Direction of travel against the previous reported month.

    ``new`` when there is nothing to compare with (no previous month, or no rating then);
    ``unreported`` when a rating was given then but none is now; ``closed`` when the action
    was closed or superseded since; ``not_comparable`` (roll-ups only) when either month had
    too few actions rated for a colour, or the change does not hold on the actions rated in
    both months (see :func:`g2g.engine.month.rollup_trend`).
    """

    improved = "improved"
    worsened = "worsened"
    unchanged = "unchanged"
    new = "new"
    unreported = "unreported"
    closed = "closed"
    not_comparable = "not_comparable"

    @property
    def word(self) -> str:
        """The word printed in tables."""
        if self is Trend.not_comparable:
            return "Not comparable"
        return "No longer reported" if self is Trend.unreported else self.value.capitalize()


def trend(before: Rating | None, after: Rating) -> Trend:
    """How ``after`` compares with ``before`` (None: there was no previous month)."""
    if after is Rating.closed:
        return Trend.unchanged if before is Rating.closed else Trend.closed
    if after is Rating.not_started:
        return Trend.unchanged if before is Rating.not_started else Trend.new
    if before is None or not before.in_force:
        return Trend.new
    if not is_rated(before):
        return Trend.unchanged if not is_rated(after) else Trend.new
    if not is_rated(after):
        return Trend.unreported
    if RANK[after] < RANK[before]:
        return Trend.improved
    if RANK[after] > RANK[before]:
        return Trend.worsened
    return Trend.unchanged


class RuleKind(StrEnum):
    """The derivation rules (see :func:`g2g.engine.derive.derive`)."""

    complete = "complete"
    overdue = "overdue"
    status = "status"
    not_started = "not_started"
    target = "target"


class ExceptionKind(StrEnum):
    """What puts an action on the exceptions list, in the order boards read them."""

    red = "red"
    challenge = "challenge"
    overdue = "overdue"
    not_reported = "not_reported"

    @property
    def word(self) -> str:
        """The word printed before the exception."""
        return "Not reported" if self is ExceptionKind.not_reported else self.value.capitalize()


_STATUS_WORDS = {
    Status.not_started: "not started",
    Status.in_progress: "in progress",
    Status.awaiting_sign_off: "awaiting sign-off",
    Status.complete: "complete",
    Status.on_hold: "on hold",
}


def status_word(status: Status) -> str:
    """A status in words: ``awaiting sign-off``."""
    return _STATUS_WORDS[status]


# --- months -------------------------------------------------------------------------------


def month_index(month: str) -> int:
    """A month (YYYY-MM) as a count of months, so that two can be subtracted."""
    return int(month[:4]) * 12 + int(month[5:7])


def latest_month(updates: Updates) -> str | None:
    """The latest month with any update; None when there is none."""
    months = months_with_updates(updates)
    return months[-1] if months else None


def previous_month(updates: Updates, month: str) -> str | None:
    """The previous reported month: the latest month before ``month`` with any update."""
    earlier = [m for m in months_with_updates(updates) if m < month]
    return earlier[-1] if earlier else None


def latest_before(updates: Updates, action_id: str, month: str) -> tuple[str, Update] | None:
    """The latest update of an action in a month before ``month``, with its month."""
    found: tuple[str, Update] | None = None
    for earlier, by_action in sorted(updates.items()):
        if earlier >= month:
            break
        if action_id in by_action:
            found = (earlier, by_action[action_id])
    return found


def check_plan_month(plan: PlanFile, month: str) -> None:
    """Raise :class:`MonthError` unless ``month`` is a YYYY-MM month inside the plan period."""
    period = plan.plan.period
    if not is_month(month):
        raise MonthError(f"'{month}' is not a month - write it as YYYY-MM, e.g. {period.start}")
    if not period.start <= month <= period.end:
        raise MonthError(
            f"{month} is outside the plan period of '{plan.plan.title}' ({period.start} to "
            f"{period.end}) - give a month from {period.start} to {period.end}"
        )
