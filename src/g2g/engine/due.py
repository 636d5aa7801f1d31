"""What falls due: the milestone tracker (Bradford's "key milestones in the next 12 weeks").

Two kinds of item fall due:

* an action's due date (``timescale.due``; a YYYY-MM due date means the end of that month);
* a milestone of one of its targets (the end of the milestone's month).

Only actions still live (or not yet started) count: complete, closed and superseded ones are
left out (one engine function, :func:`g2g.plan.lifecycle.action_state`, decides). Overdue
items come first: an action whose due date in force is before the start date, or a milestone
passed before the start date that the latest recorded value does not reach. Then the items
due within the window, in date order. "Latest" means up to the start date's month (or the
month given), so a historical plan can be looked at as it stood then."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from g2g.engine.goalposts import due_in_force
from g2g.engine.targets import direction
from g2g.months import due_date, month_end, month_of
from g2g.plan.lifecycle import Stage, action_state, months_with_updates
from g2g.plan.models import Action, Area, PlanFile, Polarity, Target, Update

ACTION_DUE = "action"
_UNIT_SUFFIX = {
    "percent": "%",
    "days": " days",
    "weeks": " weeks",
    "rate_per_10000": " per 10,000",
    "gbp": " GBP",
    "gbp_thousands": " GBP thousands",
}
MILESTONE = "milestone"


class DueState(StrEnum):
    """Whether an item is overdue or due within the window."""

    overdue = "overdue"
    due = "due"


@dataclass(frozen=True)
class DueItem:
    """One thing that falls due: an action's due date or a target's milestone."""

    plan: str
    date: dt.date
    state: DueState
    kind: str
    action: str
    title: str
    area: str
    lead: str
    target: str | None
    measure: str | None
    expected: float | None
    unit: str | None
    latest_value: float | None
    status: str | None
    rag: str | None
    days: int
    """Days from the start date to the due date: negative when overdue."""
    latest_month: str | None = None
    """The month of ``latest_value``."""

    def what(self) -> str:
        """A short description: the action, or the target's measure and expected value."""
        if self.kind == ACTION_DUE:
            return f"{self.title} (action due)"
        unit = _UNIT_SUFFIX.get(self.unit or "", "")
        latest = (
            "no value yet" if self.latest_value is None else f"latest {self.latest_value:g}{unit}"
        )
        return f"{self.measure}: {self.expected:g}{unit} expected ({latest})"


@dataclass(frozen=True)
class Window:
    """The days looked at: from ``start`` to ``end`` inclusive."""

    start: dt.date
    end: dt.date

    @classmethod
    def of(cls, start: dt.date, weeks: int) -> Window:
        """``weeks`` weeks from ``start``."""
        return cls(start, start + dt.timedelta(weeks=weeks))


def _latest_updates(
    updates: Mapping[str, Mapping[str, Update]], last_month: str
) -> tuple[dict[str, Update], dict[str, tuple[str, float]]]:
    """Each action's latest update and each target's latest recorded value (with its month)
    up to ``last_month``: one pass over the updates, so ``due`` stays linear in the plan."""
    latest: dict[str, Update] = {}
    values: dict[str, tuple[str, float]] = {}
    for month in sorted(updates):
        if month > last_month:
            break
        for action_id, update in updates[month].items():
            latest[action_id] = update
            for target_id, value in update.values.items():
                if value is not None:
                    values[target_id] = (month, value)
    return latest, values


def _reached(target: Target, value: float | None, expected: float) -> bool:
    polarity, _ = direction(target)
    if value is None or polarity is None:
        return False
    return value >= expected if polarity is Polarity.higher else value <= expected


def due_items(
    plan_id: str,
    model: PlanFile,
    updates: Mapping[str, Mapping[str, Update]],
    window: Window,
    as_of: str | None = None,
) -> list[DueItem]:
    """What falls due in ``window`` and what is overdue at its start, overdue first.

    ``as_of`` is the month whose position counts (default: the window's first month); the
    board paper passes its reported month. Actions complete, closed or superseded by then are
    left out (see :func:`action_state`); the due date is the one in force then (see
    :func:`due_in_force`). The board paper's "due in the next 12 weeks" and ``g2g due`` both
    come from here.
    """
    last_month = as_of or month_of(window.start)
    latest_updates, latest_values = _latest_updates(updates, last_month)
    items: list[DueItem] = []
    months = months_with_updates(updates)
    for area, _objective, action in model.actions():
        latest = latest_updates.get(action.id)
        state = action_state(action, updates, last_month, months)
        if state.stage in (Stage.complete, Stage.closed, Stage.superseded):
            continue
        base = _Base(plan_id, area, action, latest)
        when, _ = due_in_force(action.timescale, last_month)
        if when:
            day = due_date(when)
            if day <= window.end:
                items.append(base.item(day, window, ACTION_DUE))
        for target in action.targets:
            for milestone in target.milestones:
                day = month_end(milestone.month)
                latest_month, latest_value = latest_values.get(target.id, (None, None))
                passed = day < window.start
                if passed and _reached(target, latest_value, milestone.value):
                    continue
                if passed or day <= window.end:
                    item = base.item(day, window, MILESTONE, target, milestone.value, latest_value)
                    items.append(dataclasses.replace(item, latest_month=latest_month))
    order = {DueState.overdue: 0, DueState.due: 1}
    return sorted(items, key=lambda i: (order[i.state], i.date))


@dataclass
class _Base:
    plan: str
    area: Area
    action: Action
    latest: Update | None

    def item(
        self,
        day: dt.date,
        window: Window,
        kind: str,
        target: Target | None = None,
        expected: float | None = None,
        latest_value: float | None = None,
    ) -> DueItem:
        return DueItem(
            plan=self.plan,
            date=day,
            state=DueState.overdue if day < window.start else DueState.due,
            kind=kind,
            action=self.action.id,
            title=" ".join(self.action.title.split()),
            area=" ".join(self.area.name.split()),
            lead=" ".join(self.action.lead.split()),
            target=target.id if target else None,
            measure=" ".join(target.measure.split()) if target else None,
            expected=expected,
            unit=target.unit.value if target else None,
            latest_value=latest_value,
            status=self.latest.status.value if self.latest else None,
            rag=self.latest.rag.value if self.latest and self.latest.rag else None,
            days=(day - window.start).days,
        )
