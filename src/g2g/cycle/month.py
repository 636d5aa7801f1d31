"""``g2g month``: start a month's progress file with an entry for every live action."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from g2g.cycle.common import (
    PROGRESS_SCHEMA_FILE,
    SCHEMA_DIR,
    WIDTH,
    comment_lines,
    errors_of,
    existing_progress,
    field_doc_line,
    introduced,
    load_valid_plan,
    progress_path,
    with_progress,
)
from g2g.engine.ratings import check_plan_month, latest_before
from g2g.errors import CycleError, CycleUsageError, MonthError, PlanSkipped, WriteError
from g2g.io.atomic import atomic_write, file_lock
from g2g.io.yamledit import reindent
from g2g.io.yamlemit import scalar
from g2g.months import month_end, month_start
from g2g.plan.load import display_path
from g2g.plan.model_base import Status
from g2g.plan.model_plan import Action, Area, Milestone, Objective, PlanFile, Target
from g2g.plan.model_progress import Update
from g2g.plan.officer_fields import OFFICER_FIELDS, Kind
from g2g.plan.validate import validate_plan
from g2g.words import one_line

if TYPE_CHECKING:
    from g2g.plan.load import LaterPlan

# --- g2g month ---------------------------------------------------------------------------


@dataclass
class LiveAction:
    """An action to report in a month, with its latest earlier update (month, update)."""

    area: Area
    objective: Objective
    action: Action
    previous: tuple[str, Update] | None


@dataclass
class MonthPlan:
    """What a month's file will hold, and what was left out and why."""

    live: list[LiveAction] = field(default_factory=list)
    completed: list[str] = field(default_factory=list)
    not_started: list[str] = field(default_factory=list)


def plan_month(model: PlanFile, updates: dict[str, dict[str, Update]], month: str) -> MonthPlan:
    """The actions live in ``month``: started by then and not completed in an earlier month."""
    out = MonthPlan()
    for area, objective, action in model.actions():
        start = action.timescale.start
        previous = latest_before(updates, action.id, month)
        if start and start > month:
            out.not_started.append(action.id)
        elif previous and previous[1].status is Status.complete:
            out.completed.append(action.id)
        else:
            out.live.append(LiveAction(area, objective, action, previous))
    return out


def prefilled_status(live: LiveAction, month: str) -> Status:
    """Last month's status, else in_progress for an action that began earlier, else not_started."""
    if live.previous:
        return live.previous[1].status
    start = live.action.timescale.start
    return Status.in_progress if start and start < month else Status.not_started


def _short(text: str, limit: int) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _target_note(target: Target, month: str, previous: tuple[str, Update] | None) -> str:
    parts = [f"{_short(target.measure, 50)} ({target.unit.value})"]
    upcoming: Milestone | None = next((m for m in target.milestones if m.month >= month), None)
    if upcoming:
        parts.append(f"target {upcoming.value:g} by {upcoming.month}")
    last = previous[1].values.get(target.id) if previous else None
    if previous and last is not None:
        parts.append(f"last {last:g} in {previous[0]}")
    return "; ".join(parts)


FILE_ORDER = tuple(f for name in Update.model_fields for f in OFFICER_FIELDS if f.name == name)
"""The officer fields in the order an entry holds them (the model's)."""

HINT_COMMENT = re.compile(
    r"[ \t]+#[ \t]*(?:as in [0-9]{4}-[0-9]{2} - change it if the action moved on"
    r"|no earlier update - change it if this is wrong"
    r"|[0-9]{4}-[0-9]{2}: [a-z ]+ - write red, amber or green"
    r"|first rating - write red, amber or green)[ \t]*(?=\r?$)"
)
"""The hint comments render_entry puts on the status and rag lines; g2g update removes them
from the lines it fills, where they would no longer be true."""


def render_entry(live: LiveAction, month: str) -> list[str]:
    """One action's blank entry, as lines with the list's dash at column 0."""
    action = live.action
    previous = live.previous
    status = prefilled_status(live, month)
    lines = comment_lines(f"{action.id} {one_line(action.title)} - lead: {one_line(action.lead)}")
    if previous:
        was_rag = previous[1].rag.value if previous[1].rag else "not rated"
        status_note = f"as in {previous[0]} - change it if the action moved on"
        rag_note = f"{previous[0]}: {was_rag} - write red, amber or green"
    else:
        status_note = "no earlier update - change it if this is wrong"
        rag_note = "first rating - write red, amber or green"
    lines.append(f"- action: {scalar(action.id)}")
    for officer in FILE_ORDER:
        if officer.optional:
            continue
        if officer.kind is Kind.status:
            lines.append(f"  {officer.name}: {status.value}  # {status_note}")
        elif officer.kind is Kind.rating:
            lines.append(f"  {officer.name}:  # {rag_note}")
        elif officer.kind is Kind.figures:
            # A target linked to a measure (kpi:) takes its figures from measures.yaml.
            recorded = [t for t in action.targets if not t.kpi]
            if recorded:
                lines.append(f"  {officer.name}:")
                for target in recorded:
                    note = _target_note(target, month, previous)
                    lines.append(f"    {scalar(target.id)}:  # {note}")
        else:
            lines.append(f"  {officer.name}:")
    return lines


def render_progress(
    model: PlanFile,
    month: str,
    entries: list[LiveAction],
    *,
    modeline: bool,
    by_update: bool = False,
) -> str:
    """The text of a month's progress file with a blank entry for each of ``entries``.

    ``by_update`` words the header for a file that ``g2g update`` starts with one entry.
    """
    out: list[str] = []
    if modeline:
        out.append(f"# yaml-language-server: $schema=../{SCHEMA_DIR}/{PROGRESS_SCHEMA_FILE}")
    name = month_start(month).strftime("%B %Y")
    first = entries[0].action.id if entries else "ACTION"
    out += comment_lines(f"Progress for {name}: {one_line(model.plan.title)} ({model.plan.id}).")
    if by_update:
        made = (
            "Made by g2g update, which adds an entry for each action it records; entries can "
            "also be added by hand. Each entry holds:"
        )
    else:
        made = (
            f"Made by g2g month {month}: one entry per live action (started by {name} and not "
            "completed in an earlier month). Each lead officer fills in their entry:"
        )
    out += comment_lines(made)
    for officer in FILE_ORDER:
        key = officer.name
        wrapped = textwrap.wrap(f"{key}: {field_doc_line(Update, key)}", width=WIDTH - 6)
        out += [f"#   {wrapped[0]}", *(f"#     {line}" for line in wrapped[1:])]
    out += comment_lines("or records it with one command, for example:")
    out.append(
        f'#   g2g update {first} --month {month} --rag amber --note "What happened" --by "Name"'
    )
    out += comment_lines("Then check the plan with: g2g validate <plan folder>")
    out += ["", f"month: {month}", "updates:" if entries else "updates: []"]
    for index, live in enumerate(entries):
        if index:
            out.append("")
        out += reindent(render_entry(live, month), 2, 4)
    return "\n".join(out) + "\n"


@dataclass
class MonthResult:
    """A month's file: where it goes, its text and what it holds."""

    path: Path
    text: str
    contents: MonthPlan


def prepare_month(
    folder: Path, month: str, *, later: LaterPlan | None = None, several: bool = False
) -> MonthResult:
    """A month's file made and checked, not yet written; CycleError when it cannot be.

    Among ``several`` plans, a plan whose period leaves the month out, or that was closed or
    superseded by the month's end (or ended when ``later`` began, g2g.plan.portfolio), raises
    PlanSkipped with its one-line note; on its own, the period is a CycleError as before and
    an ended plan one too."""
    from g2g.plan.portfolio import ended_note

    plan = load_valid_plan(folder, f"starting {month}")
    model = plan.model
    period = model.plan.period
    shown_folder = display_path(folder)
    if not period.start <= month <= period.end:
        if several:
            try:
                check_plan_month(model, month)
            except MonthError as exc:
                raise PlanSkipped(f"{shown_folder}: {exc}") from None
        raise CycleUsageError(
            f"{month} is outside the plan period {period.start} to {period.end} - give a month "
            "inside it, or widen plan.period in plan.yaml",
        )
    note = ended_note(model.plan, month_end(month), later)
    if note is not None:
        message = f"{shown_folder}: {model.plan.id} {note} - skipped for {month}"
        if several:
            raise PlanSkipped(message)
        raise CycleUsageError(f"{message}; a plan no longer in force takes no new month")
    target = progress_path(folder, month)
    present = existing_progress(plan, month)
    if present is not None or target.exists():
        shown = present.path if present is not None else display_path(target)
        raise CycleUsageError(
            f"{shown} already holds {month} - g2g month never replaces a month; record updates "
            f"with g2g update ACTION --month {month}",
        )
    contents = plan_month(model, plan.updates(private=True), month)
    modeline = (folder / SCHEMA_DIR / PROGRESS_SCHEMA_FILE).is_file()
    text = render_progress(model, month, contents.live, modeline=modeline)
    shown = display_path(target)
    problems = errors_of(
        introduced(validate_plan(plan), validate_plan(with_progress(plan, shown, text)))
    )
    if problems:
        raise CycleError(
            f"{shown}: the new file would not be valid - please report this", diagnostics=problems
        )
    return MonthResult(target, text, contents)


def create_months(
    folders: list[Path],
    month: str,
    lock_timeout: float = 10.0,
    notes: list[str] | None = None,
) -> list[MonthResult]:
    """Write ``month``'s progress file in every plan folder; all are checked before any is.

    Among several plans, one whose period leaves the month out or that is no longer in force
    is skipped and its one-line note added to ``notes`` (see :func:`prepare_month`)."""
    from g2g.plan.portfolio import later_plans

    several = len(folders) > 1
    later = later_plans(folders)
    checked: list[MonthResult] = []
    for folder in folders:
        try:
            checked.append(prepare_month(folder, month, later=later.get(folder), several=several))
        except PlanSkipped as exc:
            if notes is not None:
                notes.append(str(exc))
    for result in checked:
        target = result.path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with file_lock(target, lock_timeout):
                atomic_write(target, result.text.encode("utf-8"), overwrite=False)
        except FileExistsError:
            raise CycleUsageError(
                f"{display_path(target)} already exists - nothing replaced"
            ) from None
        except WriteError as exc:
            raise CycleError(str(exc)) from None
        except OSError as exc:
            raise CycleError(
                f"{display_path(target)}: cannot write: {exc.strerror or exc}"
            ) from None
    return checked
