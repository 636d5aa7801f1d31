"""A council's plans side by side: when a plan is no longer in force, for commands over several
plans.

A plan that records its life (``status`` or ``history``) is ended when they say: closed or
superseded (:meth:`g2g.plan.model_plan.Settings.ended_on`). A plan written for g2g 0.1 records
neither, so in a folder that holds a council's plans over the years (Oldham's 2015, 2019 and
2022 plans) it would look live for ever: ``g2g due`` would call its actions overdue by
thousands of days. So, among the plans of one run, a plan with neither ``status`` nor
``history`` is ended from the first day of the first month of the earliest **later plan of the
same council**: one whose ``council`` is written the same (ignoring case and spacing) and whose
period starts after this plan's period ends. A plan on its own keeps its g2g 0.1 output: there
is nothing later to end it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from g2g.io.cache import Cache
from g2g.months import due_date, is_month, month_start
from g2g.plan.model_base import PlanStatus
from g2g.plan.model_plan import Settings
from g2g.words import format_month, one_line

if TYPE_CHECKING:
    from g2g.plan.load import LaterPlan


@dataclass(frozen=True)
class _Identity:
    folder: Path
    id: str
    council: str
    start: str
    end: str
    recorded: bool
    """Whether the plan records its own life (status or history)."""


def _identity(folder: Path, data: Any) -> _Identity | None:
    """What the rule needs from a plan.yaml's values; None when they are not there (the plan
    is then reported by validate, not here)."""
    plan = data.get("plan") if isinstance(data, Mapping) else None
    if not isinstance(plan, Mapping):
        return None
    period = plan.get("period")
    if not isinstance(period, Mapping):
        return None
    ident, council = plan.get("id"), plan.get("council")
    start, end = period.get("start"), period.get("end")
    if not (isinstance(ident, str) and isinstance(council, str)):
        return None
    if not (isinstance(start, str) and isinstance(end, str) and is_month(start) and is_month(end)):
        return None
    recorded = plan.get("status") is not None or bool(plan.get("history"))
    return _Identity(folder, ident, one_line(council.casefold()), start, end, recorded)


_PLAN_KEY = re.compile(rb"^plan:[ \t]*(?:#[^\n]*)?\r?$", re.MULTILINE)
_TOP_LEVEL = re.compile(rb"^[^ \t#\r\n]", re.MULTILINE)


def _plan_section(raw: bytes) -> bytes | None:
    """The lines of a plan.yaml's top-level ``plan:`` block, from its key to the next top-level
    line (None when it is not written as a block at the start of a line). The rule needs only
    the plan's settings, a small part of the file: reading them alone spares a second reading
    of the whole plan, which each command reads again anyway. A command uses these values only
    when every plan is valid, and then the block reads as it does within the file."""
    key = _PLAN_KEY.search(raw)
    if key is None:
        return None
    after = _TOP_LEVEL.search(raw, key.end())
    return raw[key.start() : after.start() if after else len(raw)]


def later_plans(folders: Sequence[Path], cache: Cache | None = None) -> dict[Path, LaterPlan]:
    """For each plan folder that records no status, the later plan of the same council among
    ``folders`` that ends it (see the module's rule); empty for fewer than two plans."""
    if len(folders) < 2:
        return {}
    from g2g.io.files import read_file
    from g2g.io.yamlread import read_yaml
    from g2g.plan.load import PLAN_FILE, LaterPlan, Reader

    found: list[_Identity] = []
    for folder in folders:
        shown, raw, _ = read_file(folder / PLAN_FILE, folder)
        section = _plan_section(raw) if raw is not None else None
        document = read_yaml(shown, section) if section is not None else None
        if document is None or document.diagnostics or not isinstance(document.data, Mapping):
            # the section alone does not read (an alias to an anchor outside it, say): the file
            document = Reader(cache, folder=folder, create=False).read(folder / PLAN_FILE)
        identity = _identity(folder, document.data)
        if identity is not None:
            found.append(identity)
    result: dict[Path, LaterPlan] = {}
    for plan in found:
        if plan.recorded:
            continue
        later = [
            other
            for other in found
            if other.folder != plan.folder
            and other.council == plan.council
            and other.start > plan.end
        ]
        if later:
            first = min(later, key=lambda other: (other.start, other.id))
            result[plan.folder] = LaterPlan(first.id, first.start)
    return result


def ended_note(settings: Settings, day: dt.date, later: LaterPlan | None = None) -> str | None:
    """Why the plan is not in force on ``day``, to follow its id ("is superseded by
    oldham-2022", "is closed", "ended when oldham-2019 began (Apr 2019)"); None while it is."""
    if settings.ended_on(day):
        status = settings.status_on(day)
        if status is PlanStatus.superseded:
            by = f" by {settings.superseded_by}" if settings.superseded_by else ""
            return f"is superseded{by}"
        return f"is {status.value}"
    if later is None or settings.status is not None or settings.history:
        return None
    if day < month_start(later.start):
        return None
    return f"ended when {later.id} began ({format_month(later.start)})"


def past_period_note(settings: Settings, day: dt.date) -> str | None:
    """A note, to follow the plan's id, when its period ended before ``day`` but it still
    counts as live then (its ``status``, the last change of its ``history``, or a g2g 0.1 plan
    recording neither): the plan is probably done, and what ``g2g due`` calls overdue in it
    then is what it ended with. None otherwise."""
    if day <= due_date(settings.period.end):
        return None
    if settings.status_on(day) is not PlanStatus.live:
        return None
    return (
        f"'s period ended in {format_month(settings.period.end)} but it still counts as live - "
        "when the plan is done, record it (status: closed or superseded), or move period.end "
        "if it runs on"
    )
