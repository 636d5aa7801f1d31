"""Record one action's monthly update (``g2g update``), or a batch of them
(:func:`record_updates`, which ``g2g import`` uses for the updates a return holds).

The update is made under the progress file's lock: the plan is read afresh, the entry is edited
with ruamel.yaml's round-trip machinery (only the entry's lines change), the new text is read
back through g2g's own reader to check every value means what was asked, the whole plan is
validated, and only then is the file replaced atomically. An update that would add an error to
the plan is refused and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from g2g.cycle.common import errors_of, existing_progress, introduced, progress_path, with_progress
from g2g.cycle.month import HINT_COMMENT, LiveAction, render_entry, render_progress
from g2g.diagnostics import Diagnostic, Severity
from g2g.engine.ratings import latest_before
from g2g.errors import CycleError, CycleUsageError, WriteError
from g2g.escape import control_problem
from g2g.io.atomic import atomic_write, file_lock
from g2g.io.yamledit import Edit, Edited, append_to_list, edit_mappings_in_list
from g2g.io.yamlread import PosDict, PosList, read_yaml, resolve_plain
from g2g.months import month_start
from g2g.plan.checks import MISSING_UPDATE
from g2g.plan.load import (
    Plan,
    ValidPlan,
    allowed_ratings,
    display_path,
    load_plan,
    loaded,
    valid_or_none,
)
from g2g.plan.model_base import ID_PATTERN, Rag, Status
from g2g.plan.model_plan import Action, Area, Objective
from g2g.plan.model_progress import Update
from g2g.plan.officer_fields import OFFICER_FIELDS, Kind, OfficerField
from g2g.plan.schema import choice_problem
from g2g.plan.validate import validate_plan
from g2g.words import did_you_mean

ORDER = tuple(Update.model_fields)
_ID = re.compile(ID_PATTERN)
E = TypeVar("E", bound=Enum)


@dataclass
class UpdateRequest:
    """One lead officer's update of one action for one month.

    Each officer field (:data:`g2g.plan.officer_fields.OFFICER_FIELDS`) is carried by the
    attribute its row names, or in :attr:`notes` (an optional free-text field); :meth:`get` and
    :meth:`put` reach either."""

    action: str
    month: str
    status: Status | None = None
    rag: Rag | None = None
    narrative: str | None = None
    values: dict[str, float | None] = field(default_factory=dict)
    updated_by: str | None = None
    updated_on: dt.date = field(default_factory=dt.date.today)
    notes: dict[str, str] = field(default_factory=dict)
    """The optional free-text fields given (barriers, support needed, ...), by field name."""

    def get(self, officer: OfficerField) -> Any:
        """The value asked for ``officer``'s field (None when not given)."""
        if officer.request is None:
            return self.notes.get(officer.name)
        return getattr(self, officer.request)

    def put(self, officer: OfficerField, value: Any) -> None:
        """Ask to record ``value`` in ``officer``'s field."""
        if officer.request is None:
            self.notes[officer.name] = value
        else:
            setattr(self, officer.request, value)

    def changes(self) -> dict[str, Any]:
        """The top-level keys to set, in file order (updated_on always)."""
        wanted = {f.name: self.get(f) for f in OFFICER_FIELDS if f.kind is not Kind.figures}
        wanted = {name: getattr(value, "value", value) for name, value in wanted.items()}
        order = [name for name in ORDER if name in wanted]
        return {name: wanted[name] for name in order if wanted[name] is not None}


@dataclass
class UpdateResult:
    """What was recorded and where."""

    path: str
    update: Update
    created_file: bool
    created_entry: bool
    whole_file: bool
    warnings: list[Diagnostic]
    replaced: dict[str, float | None] = field(default_factory=dict)
    """Figures of the entry that this update replaced: target -> the figure recorded before."""
    missing: tuple[str, int] | None = None
    """The latest reported month and how many other live actions have no update for it."""
    plan_errors: list[Diagnostic] = field(default_factory=list)
    """Errors the plan has after the update (none: a plan with errors is refused first)."""

    def lines(self, request: UpdateRequest) -> list[str]:
        """What ``g2g update`` says it did for ``request``: what was recorded where, a note
        when the file's layout could not be kept, the update's warnings, and how many other
        live actions have no update for the month yet."""
        recorded = self.update
        where = "new file " if self.created_file else ""
        parts = [f"status {recorded.status.value}"]
        parts.append(f"rag {recorded.rag.value}" if recorded.rag else "no rag yet")
        if request.narrative:
            parts.append("narrative")
        parts += [name.replace("_", " ") for name in request.notes]
        for target in request.values:
            number = recorded.values.get(target)
            shown = "not available" if number is None else f"{number:g}"
            if target in self.replaced:
                before = self.replaced[target]
                shown += f" (was {'not available' if before is None else f'{before:g}'})"
            parts.append(f"{target} {shown}")
        lines = [f"Recorded {recorded.action} in {where}{self.path}: {', '.join(parts)}."]
        if self.whole_file:
            lines.append(
                "Note: the file's layout could not be kept around the entry, so it was "
                "rewritten in standard YAML layout (values and comments are unchanged)."
            )
        lines += [diagnostic.format_text() for diagnostic in self.warnings]
        if self.missing is not None and self.missing[1]:
            month, count = self.missing
            noun = "action has" if count == 1 else "actions have"
            lines.append(
                f"{count} other live {noun} no update for {month} yet (g2g validate lists them)."
            )
        return lines

    def plan_errors_line(self) -> str | None:
        """The warning that the plan still has errors not made by this update; None when it
        has none."""
        if not self.plan_errors:
            return None
        count = len(self.plan_errors)
        return (
            f"the plan still has {count} error{'s' if count != 1 else ''} (not from this "
            f"update), first: {self.plan_errors[0].format_text()} - run g2g validate"
        )


# --- parsing command-line values ---------------------------------------------------------


def parse_choice(text: str, enum: type[E], what: str, allowed: list[str] | None = None) -> E:
    """An enum member from a word, forgiving case, spaces and hyphens; ValueError otherwise.

    ``allowed`` narrows the choices (a plan on the RAG scale allows no blue)."""
    key = re.sub(r"[\s-]+", "_", text.strip().lower())
    choices = allowed if allowed is not None else [str(m.value) for m in enum]
    if key in choices:
        return enum(key)
    raise ValueError(choice_problem(what, text, choices))


def rag_values(folder: Path) -> list[str]:
    """The ratings the plan in ``folder`` allows: red, amber, green, and blue on a BRAG plan."""
    plan = load_plan(folder)
    return allowed_ratings(plan.model)


NOT_AVAILABLE = ("null", "n/a", "na")
"""What ``--value TARGET=...`` accepts for "no figure this month" (recorded as null)."""

_THOUSANDS = re.compile(r"[-+]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
_DECIMAL_COMMA = re.compile(r"[-+]?[0-9]*,[0-9]+")


def parse_number(text: str) -> float | None:
    """A measured value as g2g's reader would read it; None for null/n/a (not available).

    Nothing after ``=`` is refused: an empty shell variable must not wipe a recorded figure.
    """
    cleaned = text.strip()
    if not cleaned:
        raise ValueError(
            "nothing after '=' - give the figure (e.g. 45), or write null (or n/a) to record on "
            "purpose that it is not available this month"
        )
    if cleaned.lower() in NOT_AVAILABLE or cleaned == "~":
        return None
    if cleaned.endswith("%"):
        raise ValueError(
            f"'{text}' - write {cleaned.rstrip('%').strip()} without the % sign (the target's "
            "unit says it is a percentage)"
        )
    if "," in cleaned:
        raise ValueError(f"'{text}' - {_comma_hint(cleaned)}")
    if len(cleaned) > 40:
        raise ValueError(f"'{cleaned[:20]}...' is too large to be a measured value")
    try:
        value = resolve_plain(cleaned)
    except ValueError:
        raise ValueError(
            f"'{text}' has a leading zero - write {cleaned.lstrip('+-0') or '0'}"
        ) from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(
            f"'{text}' is not a number - write a number such as 42 or 42.5, or null when the "
            "figure is not available"
        )
    if not math.isfinite(value) or abs(value) > 1e15:
        raise ValueError(f"'{text}' is too large to be a measured value")
    return value


def _comma_hint(cleaned: str) -> str:
    """What to write instead of a number with a comma: a decimal comma keeps its decimals."""
    if _THOUSANDS.fullmatch(cleaned):
        plain = cleaned.replace(",", "")
        if cleaned.count(",") == 1 and "." not in cleaned:
            decimal = cleaned.replace(",", ".")
            return (
                f"write {plain} without the comma (or {decimal} if the comma is a decimal "
                "point: g2g writes decimals with a point)"
            )
        return f"write the number without commas: {plain}"
    if _DECIMAL_COMMA.fullmatch(cleaned):
        decimal = cleaned.replace(",", ".")
        if decimal.startswith((".", "-.", "+.")):
            decimal = decimal.replace(".", "0.", 1)
        return f"write the decimal with a point: {decimal}"
    return "write one number with a point for decimals and no commas, e.g. 1234.5"


def parse_value_option(text: str) -> tuple[str, float | None]:
    """``TARGET=NUMBER`` from ``--value``; ValueError with a plain message when malformed."""
    target, sep, number = text.partition("=")
    target = target.strip()
    if not sep:
        raise ValueError(
            f"--value '{text}' has no '=' - write --value TARGET=NUMBER, for example "
            "--value SP-1-audits=45"
        )
    if not _ID.fullmatch(target):
        raise ValueError(
            f"--value '{text}': '{target}' is not a target id - write --value TARGET=NUMBER with "
            "the target's id from plan.yaml"
        )
    try:
        return target, parse_number(number)
    except ValueError as exc:
        raise ValueError(f"--value {target}: {exc}") from None


def clean_note(text: str) -> str:
    """A narrative as it will be stored: trailing spaces and surrounding blank lines removed."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    cleaned = "\n".join(lines).strip("\n")
    if not cleaned.strip():
        raise ValueError("the note is empty - write what happened this month")
    problem = control_problem(cleaned)
    if problem is not None:
        raise ValueError(f"the note {problem}")
    return cleaned


def update_date_problem(day: dt.date, month: str, today: dt.date) -> str | None:
    """Why an update dated ``day`` cannot be recorded for ``month``, or None: a day in the
    future (a day's grace for time zones), or more than a year before the month it reports
    (1900 for 2019-08 is a typo). Validate only warns about a date before the month
    (update-date-before-month); a command that records the update refuses these."""
    if day > today + dt.timedelta(days=1):
        return f"{day} is in the future (today is {today}) - give the day the update was given"
    if day < month_start(month) - dt.timedelta(days=366):
        return (
            f"{day} is more than a year before {month}, the month the update reports - give "
            "the day the update was given"
        )
    return None


# --- finding the plan and the action -----------------------------------------------------


def find_action(plan: ValidPlan, action_id: str) -> Action:
    """The action of ``plan`` with that id; CycleError (exit 1) with a hint otherwise."""
    actions = {a.id: a for _, _, a in plan.model.actions()}
    if action_id in actions:
        return actions[action_id]
    hint = did_you_mean(action_id, sorted(actions))
    raise CycleError(
        f"'{action_id}' is not an action of {plan.path}{hint} - use an action id from plan.yaml"
    )


def plan_with_action(folders: list[Path], action_id: str) -> Path:
    """The one plan folder among ``folders`` that has the action."""
    owners: list[Path] = []
    known: list[str] = []
    for folder in folders:
        plan = valid_or_none(load_plan(folder))
        if plan is None:
            continue
        ids = [a.id for _, _, a in plan.model.actions()]
        known.extend(ids)
        if action_id in ids:
            owners.append(folder)
    if len(owners) == 1:
        return owners[0]
    if owners:
        raise CycleUsageError(
            f"action '{action_id}' is in several plans ({', '.join(map(str, owners))}) - give "
            "the plan folder",
        )
    if len(folders) == 1:
        unread = load_plan(folders[0])
        plan = valid_or_none(unread)
        if plan is None:
            raise CycleError(
                f"{unread.path}: the plan cannot be read - fix it first (see g2g validate)",
                diagnostics=errors_of(validate_plan(unread)),
            )
        find_action(plan, action_id)
    hint = did_you_mean(action_id, sorted(set(known)))
    raise CycleError(
        f"'{action_id}' is not an action of any plan given{hint} - use an action id from plan.yaml"
    )


def _check_targets(action: Action, plan: ValidPlan, values: dict[str, float | None]) -> None:
    owners = {t.id: a.id for _, _, a in plan.model.actions() for t in a.targets}
    linked = {t.id: t.kpi for t in action.targets if t.kpi}
    own = [t.id for t in action.targets]
    for target in values:
        if target in linked:
            raise CycleError(
                f"target '{target}' takes its figures from measure '{linked[target]}' - record "
                "the figure in measures.yaml, not with g2g update"
            )
        if target in own:
            continue
        if target in owners:
            raise CycleError(
                f"target '{target}' belongs to action {owners[target]}, not {action.id} - "
                f"record it with g2g update {owners[target]}"
            )
        hint = did_you_mean(target, own)
        choices = ", ".join(own) if own else "none - it has no targets"
        raise CycleError(
            f"'{target}' is not a target of {action.id}{hint} - its targets are: {choices}"
        )


# --- recording ---------------------------------------------------------------------------


def _entries(text: str) -> list[Any]:
    data = read_yaml("<progress>", text.encode("utf-8")).data
    updates = data.get("updates") if isinstance(data, PosDict) else None
    return list(updates) if isinstance(updates, PosList) else []


def _read_existing(path: Path, shown: str) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CycleError(f"{shown}: cannot read the file: {exc.strerror}") from None
    document = read_yaml(shown, raw)
    if document.data is None and document.diagnostics:
        raise CycleError(
            f"{shown} cannot be read as YAML - fix it first", diagnostics=document.diagnostics
        )
    if document.data is not None and not isinstance(document.data, PosDict):
        raise CycleError(
            f"{shown} does not hold a progress file (month: and updates:) - fix it first"
        )
    return raw.decode("utf-8")  # a BOM stays: the editor gives it back (g2g.io.yamledit)


def _matches(entry: Any, request: UpdateRequest) -> bool:
    """Whether the entry read back by g2g's reader holds exactly what was asked."""
    if not isinstance(entry, PosDict):
        return False
    for key, value in request.changes().items():
        expected = value.isoformat() if isinstance(value, dt.date) else value
        if entry.get(key) != expected:
            return False
    values = entry.get("values") or {}
    return all(
        key in values and values[key] == number and type(values[key]) is not bool
        for key, number in request.values.items()
    )


def _edited_text(
    plan: ValidPlan, path: Path, shown: str, requests: list[UpdateRequest]
) -> tuple[str, bool, set[str], bool, dict[str, dict[str, float | None]]]:
    """The file's new text; whether the file is new; the actions whose entries are new; whether
    the file was rewritten rather than spliced; the figures each update replaces."""
    updates = plan.updates(private=True)
    placed = {a.id: (area, o, a) for area, o, a in plan.model.actions()}
    lives = [_live(plan, placed, updates, request) for request in requests]
    created_file = not path.exists()
    text = "" if created_file else _read_existing(path, shown)
    if not text.strip():  # no file yet, or an empty one: start it as g2g month would
        text = render_progress(
            plan.model, requests[0].month, lives[:1], modeline=_has_schema(plan), by_update=True
        )
    indexes = _entry_indexes(text)
    missing = [live for live in lives if live.action.id not in indexes]
    created = {live.action.id for live in missing}
    if missing:
        month = requests[0].month
        text = append_to_list(text, "updates", render_entry(missing[0], month))
        if len(missing) > 1:  # the rest in one block: one parse, not one per entry
            block: list[str] = []
            for live in missing[1:]:
                block += [*([""] if block else []), *render_entry(live, month)]
            text = append_to_list(text, "updates", block)
        indexes = _entry_indexes(text)
    edits: dict[int, Edit] = {}
    replaced: dict[str, dict[str, float | None]] = {}
    entries = _entries(text)
    for request in requests:
        index = indexes.get(request.action)
        if index is None:
            raise CycleError(
                f"{shown}: could not add an entry for {request.action} - please report this"
            )
        old_values = entries[index].get("values") if isinstance(entries[index], PosDict) else None
        replaced[request.action] = {
            target: old_values[target]
            for target, number in request.values.items()
            if isinstance(old_values, PosDict)
            and old_values.get(target) is not None  # a blank from g2g month is no figure
            and old_values[target] != number
        }
        values = {"values": dict(request.values)} if request.values else {}
        edits[index] = Edit(request.changes(), values)
    edited: Edited = edit_mappings_in_list(text, "updates", edits, ORDER)
    edited = replace(edited, text=_drop_filled_hints(edited.text, indexes, requests))
    entries = _entries(edited.text)
    for request in requests:
        index = indexes[request.action]
        if index >= len(entries) or not _matches(entries[index], request):
            raise CycleError(
                f"{shown}: the edited file would not read back as the update given - nothing "
                "was written; please report this"
            )
    return edited.text, created_file, created, edited.whole_file, replaced


def _drop_filled_hints(text: str, indexes: dict[str, int], requests: list[UpdateRequest]) -> str:
    """``text`` without g2g month's hint comments on the status and rag lines an update filled:
    "# as in 2019-08 - change it if the action moved on" is no longer true once it is."""
    entries = _entries(text)
    lines = text.split("\n")
    changed = False
    for request in requests:
        index = indexes.get(request.action)
        entry = entries[index] if index is not None and index < len(entries) else None
        if not isinstance(entry, PosDict):
            continue
        filled = [k for k, v in (("status", request.status), ("rag", request.rag)) if v]
        for key in filled:
            if key not in entry.key_pos:
                continue
            number = entry.key_pos[key][0] - 1
            kept = HINT_COMMENT.sub("", lines[number])
            if kept != lines[number]:
                lines[number] = kept
                changed = True
    return "\n".join(lines) if changed else text


def _entry_indexes(text: str) -> dict[str, int]:
    """Each action's entry index (the first, when an action has two)."""
    out: dict[str, int] = {}
    for index, entry in enumerate(_entries(text)):
        if isinstance(entry, PosDict):
            out.setdefault(str(entry.get("action")), index)
    return out


def _live(
    plan: Plan,
    placed: dict[str, tuple[Area, Objective, Action]],
    updates: dict[str, dict[str, Update]],
    request: UpdateRequest,
) -> LiveAction:
    if request.action not in placed:
        raise CycleError(f"'{request.action}' is not an action of {plan.path}")
    area, objective, action = placed[request.action]
    previous = latest_before(updates, action.id, request.month)
    return LiveAction(area, objective, action, previous)


def _has_schema(plan: Plan) -> bool:
    from g2g.cycle.common import PROGRESS_SCHEMA_FILE, SCHEMA_DIR

    return (plan.folder / SCHEMA_DIR / PROGRESS_SCHEMA_FILE).is_file()


def _target_file(folder: Path, month: str) -> Path:
    plan = load_plan(folder)
    source = existing_progress(plan, month)
    if source is not None:
        return Path(source.path)
    return progress_path(folder, month)


def record_update(
    folder: Path,
    request: UpdateRequest,
    *,
    lock_timeout: float = 10.0,
    today: dt.date | None = None,
) -> UpdateResult:
    """Record ``request`` in ``folder``'s progress file for its month, or raise CycleError."""
    batch = record_updates(folder, [request], lock_timeout=lock_timeout, today=today)
    result = batch.outcomes[0]
    assert result.update is not None
    return UpdateResult(
        batch.path,
        result.update,
        batch.created_file,
        result.kind is OutcomeKind.created,
        batch.whole_file,
        batch.warnings,
        batch.replaced.get(request.action, {}),
        batch.missing,
        batch.plan_errors,
    )


class OutcomeKind(Enum):
    """What recording one request did (or, in a dry run, would do)."""

    created = "created"
    """The month had no entry for the action: one was added."""
    filled = "filled"
    """The month had an entry with nothing recorded yet (as g2g month writes it): it was filled."""
    replaced = "replaced"
    """The month already held an update for the action: it was changed."""
    unchanged = "unchanged"
    """The month already held exactly this update: nothing to do."""
    conflict = "conflict"
    """The month already held a different update and replacing was not allowed: not recorded."""


@dataclass
class Outcome:
    """One request's outcome, with the update as recorded (None when nothing was recorded)."""

    action: str
    kind: OutcomeKind
    update: Update | None
    previous: Update | None


@dataclass
class BatchResult:
    """What a batch of updates to one month's file did."""

    path: str
    outcomes: list[Outcome]
    written: bool
    created_file: bool
    whole_file: bool
    warnings: list[Diagnostic]
    replaced: dict[str, dict[str, float | None]] = field(default_factory=dict)
    """By action: figures of the entry that the update replaced (target -> figure before)."""
    missing: tuple[str, int] | None = None
    """The latest reported month and how many other live actions have no update for it."""
    plan_errors: list[Diagnostic] = field(default_factory=list)
    """Errors the plan had before the batch and still has (the batch added none)."""

    @property
    def conflicts(self) -> list[Outcome]:
        """The requests refused because an update was already recorded."""
        return [o for o in self.outcomes if o.kind is OutcomeKind.conflict]


def is_recorded(update: Update | None) -> bool:
    """Whether an entry holds an update (a rating, any free text or a figure), rather than
    the blank entry g2g month writes (status only)."""
    if update is None:
        return False
    return bool(
        update.rag
        or any(getattr(update, f.name) for f in OFFICER_FIELDS if f.kind is Kind.text)
        or any(v is not None for v in update.values.values())
    )


def same_update(update: Update, request: UpdateRequest) -> bool:
    """Whether ``update`` already holds everything ``request`` asks to record (who gave it and
    when are not compared)."""
    asked: list[tuple[object, object]] = [
        (request.get(f), getattr(update, f.name))
        for f in OFFICER_FIELDS
        if f.kind is not Kind.figures and f.kind is not Kind.day
    ]
    if any(want is not None and want != have for want, have in asked):
        return False
    return all(
        target in update.values and update.values[target] == value
        for target, value in request.values.items()
    )


def record_updates(
    folder: Path,
    requests: list[UpdateRequest],
    *,
    replace: bool = True,
    skip_same: bool = False,
    partial: bool = False,
    dry_run: bool = False,
    lock_timeout: float = 10.0,
    today: dt.date | None = None,
) -> BatchResult:
    """Record several updates of one month in ``folder``'s progress file: one lock, one check of
    the whole plan, one atomic write (the path ``g2g update`` takes, for a batch).

    With ``skip_same``, a request that the month already holds exactly (see :func:`same_update`)
    is left alone (unchanged; without it the entry is written again, its date with it). One that
    would
    change an update already recorded (see :func:`is_recorded`) is a conflict unless
    ``replace``; conflicts stop the whole batch (nothing written) unless ``partial``, which
    records the others. ``dry_run`` does every check and writes nothing. Raises CycleError when
    the batch cannot be recorded (an unknown action or target, or an edit that would make the
    plan invalid: then nothing is written).
    """
    _check_batch(requests)
    month = requests[0].month
    path = _target_file(folder, month)
    shown = display_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with file_lock(path, lock_timeout):
            unread = load_plan(folder)
            plan = valid_or_none(unread)
            if plan is None:
                raise CycleError(
                    f"{unread.path} has errors - fix them before recording updates "
                    "(see g2g validate)",
                    diagnostics=errors_of(unread.diagnostics),
                )
            outcomes = _outcomes(plan, month, requests, replace, skip_same)
            todo = [r for r, o in zip(requests, outcomes, strict=True) if _writes(o)]
            conflicted = any(o.kind is OutcomeKind.conflict for o in outcomes)
            if not todo or (conflicted and not partial):
                return BatchResult(shown, outcomes, False, False, False, [])
            text, created_file, _, whole, replaced = _edited_text(plan, path, shown, todo)
            before = validate_plan(plan, today)
            after_plan = with_progress(plan, shown, text)
            after = validate_plan(after_plan, today)
            new = introduced(before, after)
            _refuse_invalid(plan, shown, new, after)
            if not dry_run:
                atomic_write(path, text.encode("utf-8"), overwrite=not created_file)
    except WriteError as exc:
        raise CycleError(str(exc)) from None
    except FileExistsError:
        raise CycleError(
            f"{shown} appeared while the update was being made - run it again"
        ) from None
    except OSError as exc:
        raise CycleError(
            f"{shown}: cannot write the file: {exc.strerror or exc} - it is unchanged"
        ) from None
    _read_back(after_plan, shown, outcomes)
    warnings = [d for d in new if d.severity is Severity.warning and d.code != MISSING_UPDATE]
    return BatchResult(
        shown,
        outcomes,
        not dry_run,
        created_file,
        whole,
        warnings,
        replaced,
        _missing(after_plan, after),
        errors_of(after),
    )


def _check_batch(requests: list[UpdateRequest]) -> None:
    """Refuse an empty batch, one of several months, or one that names an action twice."""
    if not requests:
        raise CycleUsageError("nothing to record")
    months = {r.month for r in requests}
    if len(months) != 1:
        raise CycleUsageError("one batch records one month - record each month separately")
    actions = [r.action for r in requests]
    twice = sorted({a for a in actions if actions.count(a) > 1})
    if twice:
        raise CycleError(f"{', '.join(twice)} given more than once - give each action once")


def _outcomes(
    plan: ValidPlan, month: str, requests: list[UpdateRequest], replace: bool, skip_same: bool
) -> list[Outcome]:
    """What each request would do to the month (its targets checked), in the requests' order."""
    current = plan.updates(private=True).get(month, {})
    outcomes: list[Outcome] = []
    for request in requests:
        _check_targets(find_action(plan, request.action), plan, request.values)
        previous = current.get(request.action)
        kind = _outcome_kind(previous, request, replace, skip_same)
        outcomes.append(Outcome(request.action, kind, None, previous))
    return outcomes


def _writes(outcome: Outcome) -> bool:
    """Whether the outcome's request is written (not left unchanged, not a conflict)."""
    return outcome.kind not in (OutcomeKind.unchanged, OutcomeKind.conflict)


def _refuse_invalid(
    plan: ValidPlan, shown: str, new: list[Diagnostic], after: list[Diagnostic]
) -> None:
    """Refuse an edit that brings in errors, or leaves the plan with errors it had."""
    problems = errors_of(new)
    if problems:
        raise CycleError(
            f"not recorded: the update would make the plan invalid - {shown} is unchanged",
            diagnostics=problems,
        )
    remaining = errors_of(after)
    if remaining:  # errors the update does not mend: nothing is written
        raise CycleError(
            f"{plan.path}: the plan has errors - fix them before recording updates "
            f"(see g2g validate); {shown} is unchanged",
            diagnostics=remaining,
        )


def _read_back(after_plan: Plan, shown: str, outcomes: list[Outcome]) -> None:
    """Give each written outcome its update as read back from the written file."""
    written = _written_updates(after_plan, shown)
    for outcome in outcomes:
        if _writes(outcome):
            outcome.update = written.get(outcome.action)
            if outcome.update is None:
                raise CycleError(
                    f"{shown}: the update was written but cannot be read back - run g2g validate"
                )


def _missing(plan: Plan, diagnostics: list[Diagnostic]) -> tuple[str, int] | None:
    """The latest reported month and how many live actions have no update for it."""
    months = [progress.month for progress in plan.loaded_progress]
    if not months:
        return None
    return max(months), sum(1 for d in diagnostics if d.code == MISSING_UPDATE)


def _outcome_kind(
    previous: Update | None, request: UpdateRequest, replace: bool, skip_same: bool
) -> OutcomeKind:
    if previous is None:
        return OutcomeKind.created
    if skip_same and same_update(previous, request):
        return OutcomeKind.unchanged
    if not is_recorded(previous):
        return OutcomeKind.filled
    return OutcomeKind.replaced if replace else OutcomeKind.conflict


def _written_updates(plan: Plan, shown: str) -> dict[str, Update]:
    for source, progress in loaded(plan.progress):
        if source.path == shown:
            return {u.action: u for u in progress.updates}
    return {}
