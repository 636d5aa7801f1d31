"""The RAG engine: rate every action of a plan for a month, roll the ratings up, compare months.

A library: it never prints. Every result is a frozen dataclass of plain values (strings,
numbers, enums, tuples), shared by ``g2g rag`` and the board paper.

For a month M each action gets three ratings:

* **recorded** - the rating in M's progress update, or ``not_reported`` when M has none (never
  carried forward; the last known rating is shown beside it with its month and age);
* **derived** - what the plan's dates, statuses and figures say, by the rules Oldham wrote down
  (Oldham Council, Overview and Scrutiny Board paper, 10 September 2019, section 5.3), each
  with its reason in words (see :func:`g2g.engine.derive.derive`);
* **reported** - the one boards see, chosen by ``plan.rag_policy.reported``: the recorded one
  (the default, as councils do), the derived one, or the worse of the two.

A **challenge** is raised whenever the recorded rating is better than the derived one, whatever
the policy, so that scrutiny can ask whether a Green is earned.

Ratings are rolled up by plan area (the shape of Table 1 of that paper), objective, inspection
finding and lead officer, and into one overall rating (see :func:`overall_rating`). Direction of
travel compares each action and each roll-up with the previous reported month: the latest month
before M that has any updates."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from g2g.engine.derive import ActionRating, rate_in_plan
from g2g.engine.grouping import Grouping
from g2g.engine.ratings import (
    ExceptionKind,
    Rating,
    RuleKind,
    Trend,
    Updates,
    check_plan_month,
    is_rated,
    latest_month,
    months_with_updates,
    previous_month,
    trend,
)
from g2g.engine.rollup import (
    Counts,
    EvidenceNote,
    ExceptionItem,
    Overall,
    RatingChange,
    RollupRow,
    count_ratings,
    covered,
    overall_rating,
    share_words,
)
from g2g.months import months_between
from g2g.plan.lifecycle import Stage
from g2g.plan.model_base import NotStartedPolicy, RagScale, ReportedRating
from g2g.plan.model_plan import PlanFile, RagPolicy
from g2g.words import format_month, part_of


@dataclass(frozen=True)
class MonthRating:
    """Every rating of one plan for one month: the engine's result."""

    plan: str
    """The plan id."""
    title: str
    """The plan title."""
    month: str
    """The month rated, YYYY-MM."""
    previous_month: str | None
    """The previous reported month compared with; None when there is none."""
    scale: RagScale
    """rag, or brag where Blue marks completion."""
    reported_policy: ReportedRating
    """Which rating is reported: recorded, derived or worse."""
    overall: Overall
    """The whole plan's rating."""
    totals: Counts
    """Counts over every action of the plan."""
    actions: tuple[ActionRating, ...]
    """Every action, in plan order."""
    by_area: tuple[RollupRow, ...]
    """One row per plan area (Table 1 of the Oldham paper of 10 September 2019)."""
    by_objective: tuple[RollupRow, ...]
    """One row per objective."""
    by_recommendation: tuple[RollupRow, ...]
    """One row per inspection finding; an action answering two counts in both."""
    by_lead: tuple[RollupRow, ...]
    """One row per lead officer, in order of first appearance."""
    changes: tuple[RatingChange, ...]
    """Actions whose reported rating changed since the previous reported month."""
    exceptions: tuple[ExceptionItem, ...]
    """Reds, challenges, overdue and not reported, in that order."""
    notes: tuple[EvidenceNote, ...] = ()
    """Requests for evidence: ratings nothing contradicts but nothing yet shows (never
    challenges, never counted as exceptions)."""
    by_task_group: tuple[RollupRow, ...] = ()
    """One row per task group (plan.task_groups, in order), then ``No task group`` for the
    actions in areas no task group holds; empty when the plan has no task groups."""
    plan_moves: tuple[str, ...] = ()
    """Due dates and targets moved without a revision record since the last paper, one
    sentence each (``g2g rag`` looks them up in git; see :mod:`g2g.plan.history`)."""
    no_updates: bool = False
    """True when no update at all is recorded for the month (no lead officer has reported)."""
    coverage: float = 0.5
    """The plan's ``rag_policy.coverage``: a roll-up shows a colour only when more than this
    share of its live actions is rated."""

    @property
    def complete_sentence(self) -> str:
        """``N of M actions complete`` (M: the actions in force in the month)."""
        total = self.totals.total
        return f"{self.totals.complete} of {total} {'action' if total == 1 else 'actions'} complete"

    def rows(self, by: Grouping) -> tuple[RollupRow, ...]:
        """The roll-up rows for ``by``; for ``action``, one row per action."""
        if by is Grouping.action:
            return tuple(_action_row(a) for a in self.actions)
        return {
            Grouping.area: self.by_area,
            Grouping.objective: self.by_objective,
            Grouping.recommendation: self.by_recommendation,
            Grouping.lead: self.by_lead,
            Grouping.task_group: self.by_task_group,
        }[by]


def _complete(members: Sequence[ActionRating]) -> int:
    return sum(1 for a in members if a.lifecycle.stage is Stage.complete)


def _action_row(action: ActionRating) -> RollupRow:
    return RollupRow(
        key=action.action,
        name=action.title,
        counts=_counts([action]),
        rating=action.reported,
        reason=action.derivation.reason,
        previous=action.previous,
        trend=action.trend,
        actions=(action.action,),
    )


def _counts(members: Sequence[ActionRating]) -> Counts:
    live = [a for a in members if a.lifecycle.stage is Stage.live]
    return count_ratings(
        (a.reported for a in members),
        _complete(members),
        live=len(live),
        rated=sum(1 for a in live if is_rated(a.reported)),
        challenged=sum(1 for a in members if a.challenged_by is not None),
    )


def rollup_rating(members: Sequence[ActionRating], policy: RagPolicy) -> tuple[Rating, str]:
    """A roll-up's rating and reason: by ``policy.overall`` (see :func:`overall_rating`) when
    more than ``policy.coverage`` of its live actions are rated for the month (see
    :func:`covered`), else :attr:`Rating.not_enough` - no colour."""
    counts = _counts(members)
    if not covered(counts.rated, counts.live, policy.coverage):
        return Rating.not_enough, (
            f"not enough reported: {part_of(counts.rated, counts.live, 'live action')} "
            f"rated; a colour needs "
            f"{share_words(policy.coverage)} of them rated"
        )
    return overall_rating([a.reported for a in members], policy)


def rollup_trend(
    members: Sequence[ActionRating],
    earlier: Mapping[str, ActionRating] | None,
    policy: RagPolicy,
) -> tuple[Rating | None, Trend]:
    """A roll-up's rating in the month compared with (``earlier``: its actions' ratings then,
    None when there is no month to compare with), and the direction of travel.

    Like is compared with like. When either month's rating is not a colour the trend is that
    of :func:`trend` between the two, except that a month with not enough reported (see
    :func:`rollup_rating`) is never compared: ``not_comparable``. When both are colours, the
    trend between them is stated only when the same rule applied to the actions rated in both
    months alone moves the same way; otherwise (or when no action is rated in both) it is
    ``not_comparable``, so a roll-up never "improves" because fewer actions were rated."""
    now, _ = rollup_rating(members, policy)
    if earlier is None:
        return None, Trend.not_comparable if now is Rating.not_enough else trend(None, now)
    before_members = [earlier[a.action] for a in members if a.action in earlier]
    before, _ = rollup_rating(before_members, policy)
    if not before_members:
        before = Rating.not_started
    if Rating.not_enough in (now, before):
        return before, Trend.not_comparable
    found = trend(before, now)
    if not (is_rated(before) and is_rated(now)):
        return before, found
    both = [a for a in members if is_rated(a.reported) and a.action in earlier]
    both = [a for a in both if is_rated(earlier[a.action].reported)]
    if not both:
        return before, Trend.not_comparable
    like_now, _ = overall_rating([a.reported for a in both], policy)
    like_before, _ = overall_rating([earlier[a.action].reported for a in both], policy)
    return before, found if trend(like_before, like_now) is found else Trend.not_comparable


def _row(
    key: str,
    name: str,
    members: Sequence[ActionRating],
    policy: RagPolicy,
    earlier: Mapping[str, ActionRating] | None,
) -> RollupRow:
    rating, reason = rollup_rating(members, policy)
    previous, direction = rollup_trend(members, earlier, policy)
    return RollupRow(
        key=key,
        name=name,
        counts=_counts(members),
        rating=rating,
        reason=reason,
        previous=previous,
        trend=direction,
        actions=tuple(a.action for a in members),
    )


def _rollups(
    plan: PlanFile, actions: Sequence[ActionRating], compare: Mapping[str, ActionRating] | None
) -> dict[Grouping, tuple[RollupRow, ...]]:
    policy = plan.plan.rag_policy
    by_area = tuple(
        _row(area.id, area.name, [a for a in actions if a.area == area.id], policy, compare)
        for area in plan.areas
    )
    by_objective = tuple(
        _row(o.id, o.text, [a for a in actions if a.objective == o.id], policy, compare)
        for area in plan.areas
        for o in area.objectives
    )
    by_finding = tuple(
        _row(f.id, f.text, [a for a in actions if f.id in a.addresses], policy, compare)
        for _, f in plan.findings()
    )
    leads = dict.fromkeys(a.lead for a in actions)
    by_lead = tuple(
        _row(lead, lead, [a for a in actions if a.lead == lead], policy, compare) for lead in leads
    )
    return {
        Grouping.area: by_area,
        Grouping.objective: by_objective,
        Grouping.recommendation: by_finding,
        Grouping.lead: by_lead,
        Grouping.task_group: _by_task_group(plan, actions, compare),
    }


NO_TASK_GROUP = "No task group"
"""The ``rag --by task_group`` row for actions in areas no task group holds."""


def area_task_groups(plan: PlanFile) -> dict[str, str]:
    """Each plan area's task group id: the first task group listing the area in its ``areas``,
    else the area's own ``task_group`` (a task group's id or name). Areas no task group holds
    are left out."""
    groups = plan.plan.task_groups
    held: dict[str, str] = {}
    for group in groups:
        for area_id in group.areas:
            held.setdefault(area_id, group.id)
    by_name = {g.name: g.id for g in groups}
    ids = {g.id for g in groups}
    for area in plan.areas:
        named = area.task_group
        if area.id in held or named is None:
            continue
        if named in ids:
            held[area.id] = named
        elif named in by_name:
            held[area.id] = by_name[named]
    return held


def _by_task_group(
    plan: PlanFile, actions: Sequence[ActionRating], compare: Mapping[str, ActionRating] | None
) -> tuple[RollupRow, ...]:
    groups = plan.plan.task_groups
    if not groups:
        return ()
    policy = plan.plan.rag_policy
    held = area_task_groups(plan)
    rows = [
        _row(g.id, g.name, [a for a in actions if held.get(a.area) == g.id], policy, compare)
        for g in groups
    ]
    loose = [a for a in actions if a.area not in held]
    if loose:
        rows.append(_row("", NO_TASK_GROUP, loose, policy, compare))
    return tuple(rows)


# --- exceptions ---------------------------------------------------------------------------


def not_reported_reason(action: ActionRating, policy: ReportedRating) -> str:
    """Why an action has no reported rating, with its last known rating and its age."""
    if policy is ReportedRating.derived:
        return f"the rules give no rating: {action.derivation.reason}"
    last = action.last_known
    if last is None:
        return f"{action.recorded_note}, and no earlier rating"
    months = "month" if last.age == 1 else "months"
    return (
        f"{action.recorded_note}; last known {last.rating.word} in {format_month(last.month)} "
        f"({last.age} {months} old)"
    )


def _red_reason(action: ActionRating) -> str:
    derived = action.derivation
    if derived.rating is Rating.red:
        prefix = "recorded Red; " if action.recorded is Rating.red else ""
        return f"{prefix}{derived.reason}"
    if derived.rating is None:
        return f"recorded Red; the rules give no rating: {derived.reason}"
    return f"recorded Red; the rules give {derived.rating.word}: {derived.reason}"


def _exceptions(actions: Sequence[ActionRating], policy: ReportedRating) -> list[ExceptionItem]:
    found: list[ExceptionItem] = []
    for a in actions:
        if a.reported is Rating.red:
            found.append(ExceptionItem(ExceptionKind.red, a.action, a.title, _red_reason(a)))
        if a.challenge:
            found.append(ExceptionItem(ExceptionKind.challenge, a.action, a.title, a.challenge))
        if a.derivation.overdue:
            reason = next(r.reason for r in a.derivation.rules if r.rule is RuleKind.overdue)
            found.append(ExceptionItem(ExceptionKind.overdue, a.action, a.title, reason))
        if a.reported is Rating.not_reported:
            reason = not_reported_reason(a, policy)
            found.append(ExceptionItem(ExceptionKind.not_reported, a.action, a.title, reason))
    order = list(ExceptionKind)
    return sorted(found, key=lambda item: order.index(item.kind))


# --- the month and the history ------------------------------------------------------------


def _rate_all(plan: PlanFile, updates: Updates, month: str) -> list[ActionRating]:
    rated = [rate_in_plan(plan, *found, updates, month) for found in plan.actions()]
    if plan.plan.rag_policy.not_started is NotStartedPolicy.hide:
        rated = [a for a in rated if a.lifecycle.stage is not Stage.not_started]
    return rated


def evaluate(
    plan: PlanFile, updates: Updates, month: str, *, since: str | None = None
) -> MonthRating:
    """Every rating of ``plan`` for ``month``, compared with the previous reported month, or
    with ``since`` (YYYY-MM, before ``month``: the month of the last paper to the board, so a
    six-monthly committee sees six months' change).

    Raises :class:`g2g.errors.MonthError` when ``month`` is malformed or outside the plan period.
    """
    check_plan_month(plan, month)
    policy = plan.plan.rag_policy
    before = previous_month(updates, month)
    if since is not None and since < month and since >= plan.plan.period.start:
        before = since
    actions = _rate_all(plan, updates, month)
    earlier: dict[str, ActionRating] | None = None
    if before is not None:
        earlier = {a.action: a for a in _rate_all(plan, updates, before)}
        gone = Rating.not_started
        actions = [
            dataclasses.replace(
                a,
                previous=earlier[a.action].reported if a.action in earlier else gone,
                trend=trend(
                    earlier[a.action].reported if a.action in earlier else gone, a.reported
                ),
            )
            for a in actions
        ]
    rating, reason = rollup_rating(actions, policy)
    if not updates.get(month) and any(a.lifecycle.stage is Stage.live for a in actions):
        reason = f"no updates at all are recorded for {format_month(month)}; {reason}"
    previous, direction = rollup_trend(actions, earlier, policy)
    rollups = _rollups(plan, actions, earlier)
    changes = tuple(
        RatingChange(a.action, a.title, a.previous, a.reported, a.trend)
        for a in actions
        if a.previous is not None and a.trend is not Trend.unchanged
    )
    return MonthRating(
        plan=plan.plan.id,
        title=plan.plan.title,
        month=month,
        previous_month=before,
        scale=policy.scale,
        reported_policy=policy.reported,
        overall=Overall(rating, policy.overall, reason, previous, direction),
        totals=_counts(actions),
        actions=tuple(actions),
        by_area=rollups[Grouping.area],
        by_objective=rollups[Grouping.objective],
        by_recommendation=rollups[Grouping.recommendation],
        by_lead=rollups[Grouping.lead],
        changes=changes,
        exceptions=tuple(_exceptions(actions, policy.reported)),
        notes=tuple(EvidenceNote(a.action, a.title, a.evidence) for a in actions if a.evidence),
        by_task_group=rollups[Grouping.task_group],
        no_updates=not updates.get(month),
        coverage=policy.coverage,
    )


@dataclass(frozen=True)
class History:
    """A plan's ratings month by month."""

    plan: str
    """The plan id."""
    title: str
    """The plan title."""
    months: tuple[str, ...]
    """The months rated, in order."""
    ratings: tuple[MonthRating, ...]
    """One result per month, in the same order."""


def history_months(plan: PlanFile, updates: Updates, until: str | None = None) -> list[str]:
    """The months a history covers: every month from the first with updates to ``until``.

    ``until`` defaults to the latest month with updates. Months in between without updates are
    kept (every action then shows not reported) so a missed monthly review is visible. With no
    updates at all the history is just ``until`` (or empty). Raises
    :class:`g2g.errors.MonthError` for a bad ``until``.
    """
    last = until or latest_month(updates)
    if last is None:
        return []
    check_plan_month(plan, last)
    reported = [m for m in months_with_updates(updates) if m <= last]
    first = max(reported[0], plan.plan.period.start) if reported else last
    return months_between(first, last)


def history(plan: PlanFile, updates: Updates, until: str | None = None) -> History:
    """The plan rated for each month of :func:`history_months`."""
    months = history_months(plan, updates, until)
    ratings = tuple(evaluate(plan, updates, month) for month in months)
    return History(plan.plan.id, plan.plan.title, tuple(months), ratings)


# --- plain data ---------------------------------------------------------------------------


def as_data(value: Any) -> Any:
    """Engine results as JSON-ready data: dataclasses become dicts in field order, enums their
    values, dates ISO strings, tuples lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: as_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [as_data(item) for item in value]
    if isinstance(value, dict):
        return {str(k): as_data(v) for k, v in value.items()}
    return value
