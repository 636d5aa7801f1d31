"""Derived ratings: what the plan's dates, statuses and figures say about one action in one
month, each with its reason in words, and the reported rating boards see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from g2g.engine.goalposts import due_in_force, slippage
from g2g.engine.ratings import (
    RANK,
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
from g2g.engine.targets import Point, TargetCheck, check_target
from g2g.months import due_date, month_end, months_between
from g2g.plan.lifecycle import Lifecycle, Stage, action_state
from g2g.plan.model_base import RagScale, ReportedRating, Status
from g2g.plan.model_plan import Action, Area, Objective, PlanFile, Target
from g2g.plan.model_progress import Update
from g2g.plan.officer_fields import OFFICER_FIELDS
from g2g.words import format_day, format_month

LIVE = Lifecycle(Stage.live, None, "live")
"""A live action's lifecycle, the default of a derivation."""

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
    contradicts: bool = False
    """True when the rule rests on evidence that contradicts a better rating (a due date or
    start date passed, a figure behind its trajectory, a milestone out of reach); False when it
    only reflects the status (no evidence either way)."""


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
    """True when the due date in force in the month has passed and the action is not
    complete."""
    rules: tuple[RuleResult, ...]
    """Every rule that applied, in the order checked."""
    targets: tuple[TargetCheck, ...]
    """Every target judged (or not) against its trajectory."""
    lifecycle: Lifecycle = LIVE
    """The action's stage in the month (see :func:`g2g.plan.lifecycle.action_state`)."""


def _status_at(
    action_id: str, updates: Updates, month: str, months: Sequence[str]
) -> tuple[Status | None, str | None]:
    for found in reversed(months):
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


def measured_points(
    target: Target,
    action_id: str,
    updates: Updates,
    month: str,
    months: Sequence[str] | None = None,
) -> list[Point]:
    """The figures measured for ``target`` before ``month``, oldest first (``months``:
    ``months_with_updates(updates)`` when the caller has it)."""
    points: list[Point] = []
    for found in months_with_updates(updates) if months is None else months:
        if found >= month:
            break
        update = updates[found].get(action_id)
        value = update.values.get(target.id) if update is not None else None
        if value is not None:
            points.append((found, value))
    return points


def derive(plan: PlanFile, action: Action, updates: Updates, month: str) -> Derivation:
    """The derived rating of ``action`` for ``month``, with its reason.

    Rules (Oldham Council, Overview and Scrutiny Board paper, 10 September 2019, section 5.3),
    each giving a rating and a reason:

    * complete (see :func:`action_state`) -> Green (Blue on a BRAG plan); complete wins;
    * due date in force in the month passed (see :func:`is_overdue_in`) and not complete
      -> Red;
    * not started after its start month (the plan's start when the action has none) -> Red;
      not started in or before its start month -> no concern;
    * each target with a figure for the month -> Green, Amber or Red (see :func:`check_target`),
      Red when a coming milestone is out of reach at the rate achieved so far;
    * in progress or awaiting sign-off -> Amber ("being delivered"), but Green ("on track")
      when every target judged this month is on or ahead of its trajectory; on hold -> Amber.

    The overdue, not-started and target rules rest on evidence that contradicts a better
    rating; the status rule does not. The status is the month's update, else the latest
    earlier update's (the reason says so). The derived rating is the worst of the ratings the
    rules give; None when none gives one.
    """
    months = months_with_updates(updates)
    state = action_state(action, updates, month, months)
    status, status_month = _status_at(action.id, updates, month, months)
    stale = ""
    if status_month is not None and status_month != month:
        stale = f" (status from the {format_month(status_month)} update)"
    scale = plan.plan.rag_policy.scale
    rules: list[RuleResult] = []
    overdue = False
    update = updates.get(month, {}).get(action.id)
    tolerance = plan.plan.rag_policy.tolerance
    start = action.timescale.start or plan.plan.period.start
    checks = tuple(
        check_target(
            t,
            update,
            month,
            tolerance,
            measured_points(t, action.id, updates, month, months),
            start,
        )
        for t in action.targets
    )
    if state.stage is Stage.complete:
        done = Rating.blue if scale is RagScale.brag else Rating.green
        rules.append(RuleResult(RuleKind.complete, done, state.reason))
        return Derivation(
            done, state.reason, status, status_month, False, tuple(rules), checks, state
        )
    if not state.in_force:
        return Derivation(None, state.reason, status, status_month, False, (), checks, state)
    overdue = _overdue_rule(action, status, month, rules)
    rules.extend(
        RuleResult(RuleKind.target, c.rating, c.reason, c.rating is not Rating.green)
        for c in checks
        if c.rating
    )
    judged = [c for c in checks if c.rating is not None]
    on_track = bool(judged) and all(c.rating is Rating.green for c in judged)
    _status_rule(plan, action, status, month, stale, rules, on_track)
    rating, reason = _combine(rules, checks)
    return Derivation(rating, reason, status, status_month, overdue, tuple(rules), checks, state)


def _overdue_rule(
    action: Action, status: Status | None, month: str, rules: list[RuleResult]
) -> bool:
    due, note = due_in_force(action.timescale, month)
    if due is None or not is_overdue_in(due, month):
        return False
    if status is None:
        reason = f"due {format_day(due_date(due))}{note}, and no update says it is complete"
    else:
        reason = f"due {format_day(due_date(due))}{note}, not complete"
    rules.append(RuleResult(RuleKind.overdue, Rating.red, reason, True))
    return True


def _status_rule(
    plan: PlanFile,
    action: Action,
    status: Status | None,
    month: str,
    stale: str,
    rules: list[RuleResult],
    on_track: bool,
) -> None:
    if status is None:
        rules.append(
            RuleResult(RuleKind.status, None, f"no update for {format_month(month)} or before")
        )
    elif status is Status.not_started:
        start = action.timescale.start or plan.plan.period.start
        if month > start:
            reason = f"not started, due to start {format_month(start)}{stale}"
            rules.append(RuleResult(RuleKind.not_started, Rating.red, reason, True))
        else:
            reason = f"not started, not due to start until {format_month(start)}{stale}"
            rules.append(RuleResult(RuleKind.not_started, None, reason))
    elif status in (Status.in_progress, Status.awaiting_sign_off) and on_track:
        reason = f"{status_word(status)}{stale}, its figures on track"
        rules.append(RuleResult(RuleKind.status, Rating.green, reason))
    elif status is not Status.complete:
        rules.append(RuleResult(RuleKind.status, Rating.amber, f"{status_word(status)}{stale}"))


def _combine(
    rules: Sequence[RuleResult], checks: Sequence[TargetCheck]
) -> tuple[Rating | None, str]:
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
    notes: dict[str, str]
    """The update's other text for the paper's tracker: the text of each officer field marked
    ``paper`` (:data:`g2g.plan.officer_fields.OFFICER_FIELDS`) that it fills in, by field
    name, in the table's order (``{"barriers": "..."}``)."""
    exempt: int | None = None
    """The paragraph of Part 1 of Schedule 12A when the month's update is exempt."""
    evidence: str | None = None
    """A request for evidence: the recorded rating is better than the rules support, but
    nothing contradicts it (an in-progress Green with no figures judged and no completion).
    Shown apart from the challenges and never counted as one."""
    slippage: str | None = None
    """A re-baselined due date's slippage in words, e.g. "due Sep 2019, revised to Dec 2019
    (+3 months)", counting the revisions agreed by the month (see
    :func:`g2g.engine.goalposts.slippage`); None when never revised by then."""
    challenged_by: Rating | None = None
    """The rating the evidence gives when it contradicts the recorded one (the worst of the
    contradicting rules); None when there is no challenge."""

    @property
    def lifecycle(self) -> Lifecycle:
        """The action's stage in the month."""
        return self.derivation.lifecycle


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


def _challenge(
    recorded: Rating, derivation: Derivation
) -> tuple[str | None, str | None, Rating | None]:
    """The challenge (evidence contradicts the recorded rating) or the evidence request (the
    rules give a worse rating, but only for want of evidence); at most one is set. The third
    item is the rating the contradicting evidence gives, with a challenge."""
    derived = derivation.rating
    if not is_rated(recorded) or derived is None or RANK[recorded] >= RANK[derived]:
        return None, None, None
    against = [
        r
        for r in derivation.rules
        if r.contradicts
        and is_rated(r.rating)
        and r.rating is not None
        and RANK[r.rating] > RANK[recorded]
    ]
    if against:
        worst_found = worst(r.rating for r in against if r.rating is not None)
        facts = "; ".join(r.reason for r in against)
        assert worst_found is not None
        return (
            f"recorded {recorded.word}, but the evidence gives {worst_found.word}: {facts}",
            None,
            worst_found,
        )
    unjudged = [c.reason for c in derivation.targets if c.rating is None]
    why = "no figures judged against a trajectory and no completion"
    if unjudged:
        why += f" ({'; '.join(unjudged)})"
    request = (
        f"recorded {recorded.word} while {derivation.reason}: {why} - ask for the evidence "
        f"that it is {recorded.word}"
    )
    return None, request, None


def rate_action(plan: PlanFile, action_id: str, updates: Updates, month: str) -> ActionRating:
    """One action's recorded, derived and reported ratings for ``month``, without direction of
    travel (``previous`` None, ``trend`` new; :func:`g2g.engine.month.evaluate` fills them in).

    Raises KeyError for an action id the plan does not have.
    """
    for area, objective, action in plan.actions():
        if action.id == action_id:
            return rate_in_plan(plan, area, objective, action, updates, month)
    raise KeyError(action_id)


def rate_in_plan(
    plan: PlanFile, area: Area, objective: Objective, action: Action, updates: Updates, month: str
) -> ActionRating:
    """The rating of ``action``, found in ``area`` and ``objective``, at ``month``."""
    recorded, note = _recorded(action.id, updates, month)
    derivation = derive(plan, action, updates, month)
    update = updates.get(month, {}).get(action.id)
    due = action.timescale.due
    state = derivation.lifecycle
    challenge: str | None = None
    evidence: str | None = None
    challenged_by: Rating | None = None
    if state.stage is Stage.complete:
        done = derivation.rating or Rating.green
        if not is_rated(recorded):
            recorded, note = done, ""
        reported = done  # the policy's colour in every month from completion
    elif not state.in_force:
        recorded, note = (
            Rating.not_started if state.stage is Stage.not_started else Rating.closed,
            state.reason,
        )
        reported = recorded
    else:
        challenge, evidence, challenged_by = _challenge(recorded, derivation)
        reported = reported_rating(plan.plan.rag_policy.reported, recorded, derivation.rating)
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
        last_known=None
        if is_rated(recorded) or not state.in_force
        else _last_known(action.id, updates, month),
        derivation=derivation,
        challenge=challenge,
        reported=reported,
        previous=None,
        trend=Trend.new,
        narrative=update.narrative if update else None,
        notes=paper_notes(update),
        exempt=update.exempt if update else None,
        evidence=evidence,
        slippage=slippage(action.timescale, month),
        challenged_by=challenged_by,
    )


def paper_notes(update: Update | None) -> dict[str, str]:
    """The text of each field of the paper's tracker that ``update`` fills in, by name."""
    if update is None:
        return {}
    found = ((f.name, getattr(update, f.name)) for f in OFFICER_FIELDS if f.paper)
    return {name: text for name, text in found if text}


def recorded_mark(action: ActionRating) -> str:
    """The recorded rating as every table prints it: its word, and for a rating the evidence
    contradicts, what the evidence gives, ``Green, challenged: the evidence gives Red``."""
    if action.challenged_by is None:
        return action.recorded.word
    return f"{action.recorded.word}, challenged: the evidence gives {action.challenged_by.word}"


def reported_mark(action: ActionRating) -> str:
    """The reported rating in words, marked as :func:`recorded_mark` when it is the recorded
    rating that the evidence contradicts (under the worse or derived policy the reported
    rating already is the evidence's, and is printed plain)."""
    if action.challenged_by is not None and action.reported is action.recorded:
        return recorded_mark(action)
    return action.reported.word


CHALLENGE_KEY = (
    "Challenged: the action's dates or figures contradict the recorded rating (a due date "
    "passed, a figure behind its trajectory, or a milestone out of reach); the evidence's "
    "rating is given beside it."
)
"""The key printed under every table that marks a challenged rating."""
