"""Derived ratings: what the plan's dates, statuses and figures say about one action in one
month, each with its reason in words, and the reported rating boards see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from g2g.engine.ratings import (
    _RANK,
    Rating,
    RuleKind,
    Trend,
    Updates,
    is_rated,
    months_with_updates,
    status_word,
    worse,
    worst,
)
from g2g.engine.targets import TargetCheck, check_target
from g2g.months import due_date, month_end, months_between
from g2g.plan.models import (
    Action,
    Area,
    Objective,
    PlanFile,
    RagScale,
    ReportedRating,
    Status,
)
from g2g.words import format_day, format_month

# --- deriving one action's rating ---------------------------------------------------------


@dataclass(frozen=True)
class RuleResult:
    """One derivation rule as it applied to an action."""

    rule: RuleKind
    """Which rule."""
    rating: Rating | None
    """The rating the rule gives; None when it applies but raises no concern."""
    reason: str
    """Why, in words."""


@dataclass(frozen=True)
class Derivation:
    """The rating an action's dates, status and figures support for a month."""

    rating: Rating | None
    """The worst rating of the rules that apply (complete wins); None when no rule gives one."""
    reason: str
    """The reasons of the rules that gave the rating, and the targets left unjudged."""
    status: Status | None
    """The action's status: from the month's update, else from the latest earlier one."""
    status_month: str | None
    """The month the status comes from; None when no update gives one."""
    overdue: bool
    """True when the due date has passed and no update says the action is complete."""
    rules: tuple[RuleResult, ...]
    """Every rule that applied, in the order checked."""
    targets: tuple[TargetCheck, ...]
    """Every target judged (or not) against its trajectory."""


def _status_at(action_id: str, updates: Updates, month: str) -> tuple[Status | None, str | None]:
    for found in reversed(months_with_updates(updates)):
        if found <= month and action_id in updates[found]:
            return updates[found][action_id].status, found
    return None, None


def is_overdue_in(due: str, month: str) -> bool:
    """Whether an action due ``due`` is late in ``month``'s report.

    Late when the due day is before the last day of the month. The month's report is written
    at its end, so an action due by the end of the month (a YYYY-MM due, or the last day) still
    has the whole month and becomes late in the next month's report; an action due on an
    earlier day of the month is already late in that month's report.
    """
    return due_date(due) < month_end(month)


def derive(plan: PlanFile, action: Action, updates: Updates, month: str) -> Derivation:
    """The derived rating of ``action`` for ``month``, with its reason.

    Rules (DOMAIN.md; seed 002 section 5.3), each giving a rating and a reason:

    * complete -> Green (Blue on a BRAG plan); complete wins over every other rule;
    * due date passed (see :func:`is_overdue_in`) and not complete -> Red;
    * in progress, awaiting sign-off or on hold -> Amber;
    * not started after its start month (the plan's start when the action has none) -> Red;
      not started in or before its start month -> no concern;
    * each target with a figure for the month -> Green, Amber or Red (see :func:`check_target`).

    The status is the month's update, else the latest earlier update's (the reason says so; a
    completed action need not report every month). The derived rating is the worst of the
    ratings the rules give; None when none gives one.
    """
    status, status_month = _status_at(action.id, updates, month)
    stale = ""
    if status_month is not None and status_month != month:
        stale = f" (status from the {format_month(status_month)} update)"
    scale = plan.plan.rag_policy.scale
    rules: list[RuleResult] = []
    overdue = False
    if status is Status.complete:
        done = Rating.blue if scale is RagScale.brag else Rating.green
        rules.append(RuleResult(RuleKind.complete, done, f"complete{stale}"))
    else:
        overdue = _overdue_rule(action, status, month, rules)
        _status_rule(plan, action, status, month, stale, rules)
    update = updates.get(month, {}).get(action.id)
    tolerance = plan.plan.rag_policy.tolerance
    checks = tuple(check_target(t, update, month, tolerance) for t in action.targets)
    rules.extend(RuleResult(RuleKind.target, c.rating, c.reason) for c in checks if c.rating)
    rating, reason = _combine(rules, checks, complete=status is Status.complete)
    return Derivation(rating, reason, status, status_month, overdue, tuple(rules), checks)


def _overdue_rule(
    action: Action, status: Status | None, month: str, rules: list[RuleResult]
) -> bool:
    due = action.timescale.due
    if due is None or not is_overdue_in(due, month):
        return False
    if status is None:
        reason = f"due {format_day(due_date(due))}, and no update says it is complete"
    else:
        reason = f"due {format_day(due_date(due))}, not complete"
    rules.append(RuleResult(RuleKind.overdue, Rating.red, reason))
    return True


def _status_rule(
    plan: PlanFile,
    action: Action,
    status: Status | None,
    month: str,
    stale: str,
    rules: list[RuleResult],
) -> None:
    if status is None:
        rules.append(
            RuleResult(RuleKind.status, None, f"no update for {format_month(month)} or before")
        )
    elif status is Status.not_started:
        start = action.timescale.start or plan.plan.period.start
        if month > start:
            reason = f"not started, due to start {format_month(start)}{stale}"
            rules.append(RuleResult(RuleKind.not_started, Rating.red, reason))
        else:
            reason = f"not started, not due to start until {format_month(start)}{stale}"
            rules.append(RuleResult(RuleKind.not_started, None, reason))
    elif status is not Status.complete:
        rules.append(RuleResult(RuleKind.status, Rating.amber, f"{status_word(status)}{stale}"))


def _combine(
    rules: Sequence[RuleResult], checks: Sequence[TargetCheck], *, complete: bool
) -> tuple[Rating | None, str]:
    if complete:
        return rules[0].rating, rules[0].reason
    notes = [c.reason for c in checks if c.missing]
    rating = worst(r.rating for r in rules if r.rating is not None)
    if rating is None:
        reasons = [r.reason for r in rules if r.rule is not RuleKind.target]
        return None, "; ".join([*reasons, *notes]) or "no rule applies"
    reasons = [r.reason for r in rules if r.rating is rating]
    return rating, "; ".join([*reasons, *notes])


# --- one action's ratings -----------------------------------------------------------------


@dataclass(frozen=True)
class LastKnown:
    """The last rating recorded before the month, for an action not reported in it."""

    rating: Rating
    """The rating then."""
    month: str
    """The month it was recorded, YYYY-MM."""
    age: int
    """How many months before the reported month."""


@dataclass(frozen=True)
class ActionRating:
    """One action's ratings for one month."""

    action: str
    """The action id."""
    title: str
    """The action's short title."""
    area: str
    """The id of its plan area."""
    objective: str
    """The id of its objective."""
    lead: str
    """Its lead officer."""
    addresses: tuple[str, ...]
    """The ids of the findings it answers."""
    due: dt.date | None
    """The last day it may finish on; None for ongoing or recurring actions."""
    recorded: Rating
    """The lead officer's rating in the month's update, or not_reported."""
    recorded_note: str
    """Why there is no recorded rating ("" when there is one)."""
    last_known: LastKnown | None
    """The last earlier recorded rating, when the month has none."""
    derivation: Derivation
    """The rating the rules give, with reasons."""
    challenge: str | None
    """Why the recorded rating is better than the derived one; None when it is not."""
    reported: Rating
    """The rating boards see, by the plan's reported policy."""
    previous: Rating | None
    """The reported rating in the previous reported month; None when there is none."""
    trend: Trend
    """Direction of travel from ``previous`` to ``reported``."""
    narrative: str | None
    """The month's narrative, when its update gives one."""


def reported_rating(policy: ReportedRating, recorded: Rating, derived: Rating | None) -> Rating:
    """The rating boards see.

    recorded: the recorded rating (not_reported when there is none). derived: the derived one
    (not_reported when no rule gives one). worse: the worse of the two, and not_reported when
    the lead officer recorded none, so a missing update is never hidden behind a derived colour.
    """
    if policy is ReportedRating.derived:
        return derived if derived is not None else Rating.not_reported
    if policy is ReportedRating.worse and is_rated(recorded) and derived is not None:
        return worse(recorded, derived)
    return recorded


def _recorded(action_id: str, updates: Updates, month: str) -> tuple[Rating, str]:
    update = updates.get(month, {}).get(action_id)
    if update is None:
        return Rating.not_reported, f"no update for {format_month(month)}"
    if update.rag is None:
        return Rating.not_reported, f"the {format_month(month)} update gives no rating"
    return Rating(update.rag.value), ""


def _last_known(action_id: str, updates: Updates, month: str) -> LastKnown | None:
    for found in reversed(months_with_updates(updates)):
        update = updates[found].get(action_id)
        if found < month and update is not None and update.rag is not None:
            age = len(months_between(found, month)) - 1
            return LastKnown(Rating(update.rag.value), found, age)
    return None


def _challenge(recorded: Rating, derivation: Derivation) -> str | None:
    derived = derivation.rating
    if not is_rated(recorded) or derived is None or _RANK[recorded] >= _RANK[derived]:
        return None
    return f"recorded {recorded.word}, but the rules give {derived.word}: {derivation.reason}"


def rate_action(plan: PlanFile, action_id: str, updates: Updates, month: str) -> ActionRating:
    """One action's recorded, derived and reported ratings for ``month``, without direction of
    travel (``previous`` None, ``trend`` new; :func:`evaluate` fills them in).

    Raises KeyError for an action id the plan does not have.
    """
    for area, objective, action in plan.actions():
        if action.id == action_id:
            return _rate(plan, area, objective, action, updates, month)
    raise KeyError(action_id)


def _rate(
    plan: PlanFile, area: Area, objective: Objective, action: Action, updates: Updates, month: str
) -> ActionRating:
    recorded, note = _recorded(action.id, updates, month)
    derivation = derive(plan, action, updates, month)
    update = updates.get(month, {}).get(action.id)
    due = action.timescale.due
    return ActionRating(
        action=action.id,
        title=action.title,
        area=area.id,
        objective=objective.id,
        lead=action.lead,
        addresses=tuple(action.addresses),
        due=due_date(due) if due else None,
        recorded=recorded,
        recorded_note=note,
        last_known=None if is_rated(recorded) else _last_known(action.id, updates, month),
        derivation=derivation,
        challenge=_challenge(recorded, derivation),
        reported=reported_rating(plan.plan.rag_policy.reported, recorded, derivation.rating),
        previous=None,
        trend=Trend.new,
        narrative=update.narrative if update else None,
    )
