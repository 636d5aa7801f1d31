"""What changed in a plan's definition between two versions: actions added, closed or removed,
due dates and milestone values moved (each said to be recorded as a revision or not),
milestones and targets added or removed, findings added or dropped. Pure: two PlanFile models
in, a list of plain records out (``g2g changes`` reads the versions from git).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from g2g.engine.goalposts import months_slipped
from g2g.months import due_date
from g2g.plan.model_plan import Action, PlanFile, Target
from g2g.words import format_day, format_month, format_value, one_line, plural


class ChangeKind(StrEnum):
    """What kind of change."""

    action_added = "action-added"
    action_removed = "action-removed"
    action_closed = "action-closed"
    due_moved = "due-moved"
    start_moved = "start-moved"
    target_added = "target-added"
    target_removed = "target-removed"
    milestone_moved = "milestone-moved"
    milestone_added = "milestone-added"
    milestone_removed = "milestone-removed"
    finding_added = "finding-added"
    finding_dropped = "finding-dropped"


@dataclass(frozen=True)
class PlanChange:
    """One change to the plan's definition."""

    kind: ChangeKind
    """What kind of change."""
    id: str
    """The action, target or finding it concerns."""
    text: str
    """The change in words."""
    unrecorded: bool = False
    """True for a due date or target value moved without a revision record (a flag)."""
    fact: str = ""
    """The change in words without the instruction to the plan's keepers, for a board paper;
    empty when it is ``text``."""

    @property
    def said(self) -> str:
        """The change as a board paper states it."""
        return self.fact or self.text


def _when(due: str) -> str:
    return format_month(due) if len(due) == 7 else format_day(due_date(due))


def _actions(plan: PlanFile) -> dict[str, Action]:
    return {a.id: a for _, _, a in plan.actions()}


def plan_changes(old: PlanFile | None, new: PlanFile) -> list[PlanChange]:
    """The changes from ``old`` (None: the plan is new) to ``new``, in plan order."""
    out: list[PlanChange] = []
    before = _actions(old) if old else {}
    after = _actions(new)
    for ident, action in after.items():
        if ident not in before:
            out.append(PlanChange(ChangeKind.action_added, ident, f"{ident} added: {action.title}"))
            continue
        out.extend(_action_changes(before[ident], action))
    for ident, action in before.items():
        if ident not in after:
            out.append(
                PlanChange(
                    ChangeKind.action_removed,
                    ident,
                    f"{ident} removed: {action.title} (closing it with 'closed:' keeps its "
                    "history in the papers already tabled)",
                )
            )
    old_findings = {f.id: f for _, f in old.findings()} if old else {}
    new_findings = {f.id: f for _, f in new.findings()}
    for ident in new_findings.keys() - old_findings.keys():
        out.append(PlanChange(ChangeKind.finding_added, ident, f"finding {ident} added"))
    for ident, finding in old_findings.items():
        if ident not in new_findings:
            text = one_line(finding.text)
            out.append(
                PlanChange(ChangeKind.finding_dropped, ident, f"finding {ident} dropped: {text}")
            )
    return out


def _action_changes(old: Action, new: Action) -> list[PlanChange]:
    out: list[PlanChange] = []
    ident = new.id
    if new.closed is not None and old.closed is None:
        closure = new.closed
        replaced = f", superseded by {closure.superseded_by}" if closure.superseded_by else ""
        out.append(
            PlanChange(
                ChangeKind.action_closed,
                ident,
                f"{ident} closed from {format_month(closure.month)}{replaced}: {closure.reason}",
            )
        )
    was, now = old.timescale.due, new.timescale.due
    if was and now and due_date(was) != due_date(now):
        recorded = [
            r
            for r in new.timescale.revisions
            if due_date(r.was) == due_date(was)
            and (r.to is None or due_date(r.to) == due_date(now))
        ]
        moved = months_slipped(was, now)
        sign = "+" if moved >= 0 else "-"
        shift = f"{sign}{plural(abs(moved), 'month')}"
        text = f"{ident} due moved from {_when(was)} to {_when(now)} ({shift})"
        fact = ""
        if recorded:
            r = recorded[-1]
            text += f": revision agreed {format_month(r.agreed)} by {r.agreed_by} ({r.reason})"
        else:
            fact = f"{text} without a revision record: no one is recorded as agreeing it"
            text += " WITHOUT a revision record - add one under timescale.revisions"
        out.append(
            PlanChange(ChangeKind.due_moved, ident, text, unrecorded=not recorded, fact=fact)
        )
    elif was != now and (was is None or now is None):
        text = f"{ident} due changed from {was or 'none'} to {now or 'none'}"
        out.append(PlanChange(ChangeKind.due_moved, ident, text, unrecorded=bool(was and not now)))
    if old.timescale.start != new.timescale.start:
        text = f"{ident} start moved from {old.timescale.start} to {new.timescale.start}"
        out.append(PlanChange(ChangeKind.start_moved, ident, text))
    old_targets = {t.id: t for t in old.targets}
    for target in new.targets:
        if target.id not in old_targets:
            out.append(PlanChange(ChangeKind.target_added, target.id, f"target {target.id} added"))
        else:
            out.extend(_target_changes(old_targets[target.id], target))
    for tid in old_targets.keys() - {t.id for t in new.targets}:
        out.append(PlanChange(ChangeKind.target_removed, tid, f"target {tid} of {ident} removed"))
    return out


def _target_changes(old: Target, new: Target) -> list[PlanChange]:
    out: list[PlanChange] = []
    before = {m.month: m for m in old.milestones}
    after = {m.month: m for m in new.milestones}
    for month, milestone in after.items():
        if month not in before:
            value = format_value(milestone.value, new.unit)
            text = f"{new.id} milestone added: {value} by {format_month(month)}"
            out.append(PlanChange(ChangeKind.milestone_added, new.id, text))
            continue
        was = before[month].value
        if was != milestone.value:
            recorded = [r for r in milestone.revisions if r.was == was]
            text = (
                f"{new.id} milestone for {format_month(month)} moved from "
                f"{format_value(was, new.unit)} to {format_value(milestone.value, new.unit)}"
            )
            fact = ""
            if recorded:
                r = recorded[-1]
                text += f": revision agreed {format_month(r.agreed)} by {r.agreed_by} ({r.reason})"
            else:
                fact = f"{text} without a revision record: no one is recorded as agreeing it"
                text += " WITHOUT a revision record - add one under the milestone's revisions"
            out.append(
                PlanChange(
                    ChangeKind.milestone_moved, new.id, text, unrecorded=not recorded, fact=fact
                )
            )
    for month, milestone in before.items():
        if month not in after:
            value = format_value(milestone.value, new.unit)
            text = f"{new.id} milestone removed: {value} by {format_month(month)}"
            out.append(PlanChange(ChangeKind.milestone_removed, new.id, text, unrecorded=True))
    return out
