"""``g2g import``: read lead officers' update returns back and record them.

A return (written by ``g2g returns``, see :mod:`g2g.engine.returns`) is read with openpyxl.
Columns are found by their headings and rows by their action (and target) ids, so a lead may
sort, filter, hide rows or add columns; a workbook re-saved by Excel, LibreOffice or Google
Sheets reads the same. The hidden ``g2g`` sheet says which plan, month and lead the return is
for and what each cell to fill held when it was sent, with a checksum: a cell left as sent is
not an update, so a return that comes back untouched imports as nothing.

Each cell that cannot be accepted is a :class:`CellProblem`, ``RETURN.xlsx:Sheet!C12: what is
wrong - what would be right``. A return with problems imports nothing unless the good rows are
asked for. Everything accepted is recorded through :func:`g2g.cycle.update.record_updates` - the
path ``g2g update`` takes: the whole plan checked first, one atomic write per month's file,
under its lock, every byte outside the edited entries kept - and an update already recorded for
the month is never replaced unless asked.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from g2g.cycle.update import (
    BatchResult,
    Outcome,
    OutcomeKind,
    UpdateRequest,
    clean_note,
    parse_choice,
    parse_number,
    record_updates,
)
from g2g.engine.returns import (
    FIGURE_HEADINGS,
    FIGURES_SHEET,
    FORMAT,
    META_SHEET,
    UPDATE_HEADINGS,
    UPDATES_SHEET,
    FigureColumn,
    UpdateColumn,
    heading_key,
    metadata_checksum,
    rating_choices,
)
from g2g.errors import CycleError
from g2g.plan.load import Plan, display_path
from g2g.plan.models import Action, Rag, Status, Unit
from g2g.plan.schema import did_you_mean
from g2g.words import format_number

if TYPE_CHECKING:
    from openpyxl.workbook import Workbook


@dataclass(frozen=True, order=True)
class CellProblem:
    """A cell of a return that could not be accepted."""

    file: str
    sheet: str
    cell: str
    message: str
    """What is wrong, then after " - " what would be right."""
    code: str = ""

    def format_text(self) -> str:
        """``RETURN.xlsx:Sheet!C12: message``."""
        where = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        return f"{self.file}:{where}: {self.message}" if where else f"{self.file}: {self.message}"


# Stable codes of the problems, documented in docs/format.md ("Update returns").
CODES = {
    "unreadable": "return-unreadable",
    "not-a-return": "return-not-a-return",
    "changed-metadata": "return-changed-metadata",
    "other-plan": "return-other-plan",
    "other-month": "return-other-month",
    "no-headings": "return-no-headings",
    "unknown-action": "return-unknown-action",
    "other-lead": "return-other-lead",
    "repeated-row": "return-repeated-row",
    "no-action-id": "return-no-action-id",
    "unknown-target": "return-unknown-target",
    "rating": "return-rating",
    "status": "return-status",
    "number": "return-number",
    "date": "return-date",
    "formula": "return-formula",
    "text": "return-text",
    "already-recorded": "return-already-recorded",
}


@dataclass
class Origin:
    """Where an action's update came from: the file and its Action cell."""

    file: str
    sheet: str
    cell: str


@dataclass
class ReturnRead:
    """One return, read and checked (nothing recorded yet)."""

    file: str
    plan: str | None = None
    month: str | None = None
    lead: str | None = None
    requests: list[UpdateRequest] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    bad_actions: set[str] = field(default_factory=set)
    unchanged: list[str] = field(default_factory=list)
    origins: dict[str, Origin] = field(default_factory=dict)


# --- reading cells -----------------------------------------------------------------------


_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})\s*$")


class CellValueError(ValueError):
    """A cell value that cannot be accepted; ``kind`` picks the problem's code."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def _is_formula(cell: Any) -> bool:
    return getattr(cell, "data_type", None) == "f"


def cell_text(cell: Any) -> str:
    """A cell's content as text ('' when blank); formulas are refused."""
    if _is_formula(cell):
        raise CellValueError(
            "formula", "holds a formula - type the text or number itself, not a formula"
        )
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return format_number(value)
    return str(value)


def parse_rating(text: str, allowed: tuple[tuple[Rag, str], ...]) -> Rag | None:
    """A rating from its word, forgiving case; None for a blank cell."""
    cleaned = text.strip()
    if not cleaned:
        return None
    words = ", ".join(word for _, word in allowed)
    for rag, word in allowed:
        if cleaned.lower() in (word.lower(), rag.value):
            return rag
    if cleaned.lower() == Rag.blue.value:
        raise CellValueError(
            "rating", f"'{cleaned}' is not used on this plan (its scale is RAG) - pick {words}"
        )
    hint = did_you_mean(cleaned.lower(), [rag.value for rag, _ in allowed])
    raise CellValueError("rating", f"'{cleaned}' is not a rating{hint} - pick one of {words}")


def parse_status(text: str) -> Status | None:
    """A status from its words (``Awaiting sign-off``) or its value; None for a blank cell."""
    if not text.strip():
        return None
    try:
        return parse_choice(text, Status, "status")
    except ValueError as exc:
        raise CellValueError("status", str(exc).replace("use one of", "pick one of")) from None


def parse_day(cell: Any) -> dt.date | None:
    """A date cell (a real date, or text written YYYY-MM-DD); None when blank."""
    value = cell.value
    if _is_formula(cell):
        raise CellValueError("formula", "holds a formula - type the date as YYYY-MM-DD")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    match = _DAY_FIRST.match(text)
    if match:
        first, second, year = match.groups()
        year = year if len(year) == 4 else "20" + year
        options = []
        for day, month in ((first, second), (second, first)):
            try:
                options.append(dt.date(int(year), int(month), int(day)).isoformat())
            except ValueError:
                continue
        options = list(dict.fromkeys(options))
        if len(options) == 2:
            right = f"write it as YYYY-MM-DD: {options[0]} or {options[1]}"
            raise CellValueError("date", f"'{text}' could be either of two dates - {right}")
        if options:
            raise CellValueError("date", f"'{text}' - write the date as YYYY-MM-DD: {options[0]}")
    raise CellValueError(
        "date", f"'{text}' is not a date - write it as YYYY-MM-DD, for example 2019-09-30"
    )


def parse_figure(cell: Any, unit: Unit) -> float | None:
    """A target's figure: a number (55 for 55%); None when blank (not available)."""
    value = cell.value
    if _is_formula(cell):
        raise CellValueError("formula", "holds a formula - type the figure itself, e.g. 42")
    if value is None:
        return None
    if isinstance(value, bool | dt.date | dt.datetime | dt.time):
        raise CellValueError(
            "number", f"'{cell_text(cell)}' is not a number - write a number such as 42 or 42.5"
        )
    if isinstance(value, int | float):
        number = float(value)
        if "%" in str(getattr(cell, "number_format", "") or ""):
            if unit is not Unit.percent:
                raise CellValueError(
                    "number",
                    f"{format_number(number * 100)}% is a percentage, but this target is counted "
                    f"in {unit.value} - write the plain number",
                )
            number = round(number * 100, 9)  # typed 55% in Excel: the cell holds 0.55
    else:
        text = str(value).strip()
        if not text:
            return None
        try:
            parsed = parse_number(text)
        except ValueError as exc:
            message = str(exc)
            if "is not a number" in message:
                message = (
                    f"'{text}' is not a number - write it in figures, for example 42 or 42.5 "
                    "(leave the cell empty when the figure is not available)"
                )
            raise CellValueError("number", message) from None
        if parsed is None:
            return None
        number = float(parsed)
    if not math.isfinite(number):
        raise CellValueError("number", "is not a finite number - write a number such as 42")
    if unit is Unit.percent and not 0 <= number <= 100:
        raise CellValueError(
            "number",
            f"{format_number(number)} is not a percentage from 0 to 100 - write 55 for 55%",
        )
    return int(number) if number.is_integer() else number


# --- reading a workbook ------------------------------------------------------------------


def _open(path: Path) -> Workbook:
    from openpyxl import load_workbook

    return load_workbook(path, data_only=False, read_only=False)


@dataclass
class _Meta:
    plan: str
    month: str
    lead: str | None
    originals: dict[tuple[str, str, str], dict[str, Any]]


def _read_meta(wb: Workbook, out: ReturnRead) -> _Meta | None:
    def problem(cell: str, kind: str, message: str) -> None:
        out.problems.append(CellProblem(out.file, META_SHEET, cell, message, CODES[kind]))

    if META_SHEET not in wb.sheetnames:
        out.problems.append(
            CellProblem(
                out.file,
                "",
                "",
                f"has no hidden '{META_SHEET}' sheet, so it is not a return made by g2g "
                "returns (or the sheet was deleted) - import the return as it was sent, or send "
                "the lead a fresh one",
                CODES["not-a-return"],
            )
        )
        return None
    ws = wb[META_SHEET]
    header: dict[str, tuple[str, str]] = {}
    table_row = 0
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row):
        key = str(row[0].value or "").strip()
        if key == "sheet":
            table_row = int(row[0].row or 0)
            break
        if key and len(row) > 1:
            header[key] = (str(row[1].value or ""), row[1].coordinate)
    rows: list[list[str]] = []
    if table_row:
        for row in ws.iter_rows(min_row=table_row + 1, max_row=ws.max_row, max_col=4):
            values = [str(c.value) if c.value is not None else "" for c in row]
            if any(values):
                rows.append(values + [""] * (4 - len(values)))
    form, where = header.get("format", ("", "B1"))
    if form != FORMAT:
        problem(
            where,
            "not-a-return",
            f"the return's format is '{form}', not {FORMAT} - write it again with this g2g's "
            "g2g returns",
        )
        return None
    plan, _ = header.get("plan", ("", "B2"))
    month, _ = header.get("month", ("", "B3"))
    lead, _ = header.get("lead", ("", "B4"))
    stored, where = header.get("checksum", ("", "B5"))
    if stored != metadata_checksum(plan, month, lead, rows):
        problem(
            where,
            "changed-metadata",
            "the hidden g2g sheet was changed after the return was written, so the cells as "
            "sent are not known - send the lead a fresh return (g2g returns) and import that",
        )
        return None
    originals: dict[tuple[str, str, str], dict[str, Any]] = {}
    for sheet, action, target, original in rows:
        try:
            originals[(sheet, action, target)] = json.loads(original)
        except ValueError:
            originals[(sheet, action, target)] = {}
    return _Meta(plan, month, lead or None, originals)


def _find_table(
    wb: Workbook, name: str, headings: dict[Any, str]
) -> tuple[Any, int, dict[Any, int]]:
    """The sheet, its heading row and each known column's index (1-based), by heading.

    The sheet named ``name``, else any sheet whose heading row has the Action heading and at
    least half of the others (a renamed sheet). ``(None, 0, {})`` when there is none.
    """
    wanted = {heading_key(text): key for key, text in headings.items()}
    order = [ws for ws in wb.worksheets if ws.title == name]
    order += [ws for ws in wb.worksheets if ws.title not in (name, META_SHEET)]
    for ws in order:
        for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 30)):
            found = {
                wanted[heading_key(c.value)]: c.column
                for c in row
                if c.value is not None and heading_key(c.value) in wanted
            }
            action_key = next(iter(headings))
            if action_key in found and len(found) * 2 >= len(headings):
                return ws, int(row[0].row or 0), found
    return None, 0, {}


def _rows(ws: Any, heading_row: int) -> Iterator[tuple[Any, ...]]:
    yield from ws.iter_rows(min_row=heading_row + 1, max_row=ws.max_row)


def _cell(row: tuple[Any, ...], column: int | None) -> Any:
    if column is None or column > len(row):
        return None
    return row[column - 1]


def _value_of(cell: Any) -> Any:
    return None if cell is None else cell.value


@dataclass
class _Context:
    plan: Plan
    actions: dict[str, Action]
    meta: _Meta
    today: dt.date


def _lead(text: str) -> str:
    return " ".join(text.split())


def _check_action(
    out: ReturnRead, ctx: _Context, sheet: str, cell: Any, seen: set[str]
) -> Action | None:
    action_id = cell_text(cell).strip()
    plan_id = ctx.meta.plan
    where = cell.coordinate

    def problem(kind: str, message: str) -> None:
        out.problems.append(CellProblem(out.file, sheet, where, message, CODES[kind]))

    action = ctx.actions.get(action_id)
    if action is None:
        hint = did_you_mean(action_id, sorted(ctx.actions))
        problem(
            "unknown-action",
            f"'{action_id}' is not an action of plan {plan_id}{hint} - keep the Action ids as "
            "the return was sent",
        )
        return None
    lead = ctx.meta.lead
    if lead is not None and _lead(action.lead) != lead:
        problem(
            "other-lead",
            f"{action_id} is led by {_lead(action.lead)}, not {lead} whose return this is - "
            "its update belongs in that lead's return",
        )
        return None
    if action_id in seen:
        problem("repeated-row", f"{action_id} has a second row here - give each action one row")
        return None
    seen.add(action_id)
    return action


def _read_updates(wb: Workbook, out: ReturnRead, ctx: _Context) -> dict[str, UpdateRequest]:
    ws, heading_row, columns = _find_table(wb, UPDATES_SHEET, UPDATE_HEADINGS)
    if ws is None:
        out.problems.append(
            CellProblem(
                out.file,
                UPDATES_SHEET,
                "",
                "has no row of headings with 'Action' - keep the headings as the return was sent",
                CODES["no-headings"],
            )
        )
        return {}
    sheet = ws.title
    allowed = rating_choices(ctx.plan.model.plan.rag_policy.scale) if ctx.plan.model else ()
    seen: set[str] = set()
    requests: dict[str, UpdateRequest] = {}
    filled = [
        UpdateColumn.rating,
        UpdateColumn.status,
        UpdateColumn.narrative,
        UpdateColumn.barriers,
        UpdateColumn.updated_on,
    ]
    for row in _rows(ws, heading_row):
        id_cell = _cell(row, columns[UpdateColumn.action])
        cells = {key: _cell(row, columns.get(key)) for key in filled}
        if id_cell is None or not cell_text(id_cell).strip():
            if any(_value_of(c) not in (None, "") for c in cells.values()):
                where = next(c for c in cells.values() if _value_of(c) not in (None, ""))
                out.problems.append(
                    CellProblem(
                        out.file,
                        sheet,
                        where.coordinate,
                        "this row has no action id, so it cannot be matched to an action - "
                        "put the update on its action's row",
                        CODES["no-action-id"],
                    )
                )
            continue
        action = _check_action(out, ctx, sheet, id_cell, seen)
        if action is None:
            continue
        original = ctx.meta.originals.get((UPDATES_SHEET, action.id, ""), {})
        request = UpdateRequest(action=action.id, month=ctx.meta.month)
        request.updated_by = _lead(action.lead)
        request.updated_on = ctx.today
        changed = False
        bad = False

        def problem(cell: Any, exc: CellValueError, action: Action = action) -> None:
            nonlocal bad
            bad = True
            out.problems.append(
                CellProblem(out.file, sheet, cell.coordinate, str(exc), CODES[exc.kind])
            )
            out.bad_actions.add(action.id)

        for key, cell in cells.items():
            if cell is None:
                continue
            try:
                text = cell_text(cell) if key is not UpdateColumn.updated_on else ""
                sent = str(original.get(key.value, ""))
                if key is UpdateColumn.updated_on:
                    day = parse_day(cell)
                    if day is not None:
                        request.updated_on = day
                        changed = True
                    continue
                if _normal(text) != _normal(sent):
                    changed = True
                if key is UpdateColumn.rating:
                    request.rag = parse_rating(text, allowed)
                elif key is UpdateColumn.status:
                    request.status = parse_status(text)
                elif text.strip():
                    note = clean_note(text)
                    if key is UpdateColumn.narrative:
                        request.narrative = note
                    else:
                        request.barriers = note
            except CellValueError as exc:
                problem(cell, exc)
        out.origins[action.id] = Origin(out.file, sheet, id_cell.coordinate)
        requests[action.id] = request
        if not changed and not bad:
            out.unchanged.append(action.id)
    return requests


def _normal(text: str) -> str:
    return " ".join(text.split()).lower()


def _read_figures(
    wb: Workbook, out: ReturnRead, ctx: _Context, requests: dict[str, UpdateRequest]
) -> set[str]:
    """Figures into ``requests``; the actions whose figures changed."""
    changed: set[str] = set()
    ws, heading_row, columns = _find_table(wb, FIGURES_SHEET, FIGURE_HEADINGS)
    if ws is None:
        return changed
    sheet = ws.title
    seen: set[tuple[str, str]] = set()
    for row in _rows(ws, heading_row):
        id_cell = _cell(row, columns[FigureColumn.action])
        target_cell = _cell(row, columns.get(FigureColumn.target))
        value_cell = _cell(row, columns.get(FigureColumn.value))
        if id_cell is None or not cell_text(id_cell).strip():
            continue
        action_id = cell_text(id_cell).strip()
        action = ctx.actions.get(action_id)
        if action_id not in out.origins:  # no good row for the action on the Updates sheet
            if action_id not in out.bad_actions:
                found = _check_action(out, ctx, sheet, id_cell, set())
                if found is not None:
                    out.problems.append(
                        CellProblem(
                            out.file,
                            sheet,
                            id_cell.coordinate,
                            f"{action_id} has figures but no row on the {UPDATES_SHEET} sheet - "
                            "keep its row there",
                            CODES["unknown-action"],
                        )
                    )
                out.bad_actions.add(action_id)
            continue
        if action is None:
            continue
        target_id = cell_text(target_cell).strip() if target_cell is not None else ""
        targets = {t.id: t for t in action.targets if not t.kpi}
        target = targets.get(target_id)
        if target is None:
            hint = did_you_mean(target_id, sorted(targets))
            choices = ", ".join(targets) or "none"
            out.problems.append(
                CellProblem(
                    out.file,
                    sheet,
                    target_cell.coordinate if target_cell is not None else id_cell.coordinate,
                    f"'{target_id}' is not a target of {action_id}{hint} - its targets are: "
                    f"{choices}",
                    CODES["unknown-target"],
                )
            )
            out.bad_actions.add(action_id)
            continue
        if (action_id, target_id) in seen:
            out.problems.append(
                CellProblem(
                    out.file,
                    sheet,
                    target_cell.coordinate if target_cell is not None else id_cell.coordinate,
                    f"{target_id} has a second row here - give each target one row",
                    CODES["repeated-row"],
                )
            )
            out.bad_actions.add(action_id)
            continue
        seen.add((action_id, target_id))
        if value_cell is None:
            continue
        try:
            number = parse_figure(value_cell, target.unit)
        except CellValueError as exc:
            out.problems.append(
                CellProblem(out.file, sheet, value_cell.coordinate, str(exc), CODES[exc.kind])
            )
            out.bad_actions.add(action_id)
            continue
        sent = ctx.meta.originals.get((FIGURES_SHEET, action_id, target_id), {}).get("value")
        if number != sent:
            changed.add(action_id)
            requests[action_id].values[target_id] = number
        elif number is not None:
            requests[action_id].values[target_id] = number
    return changed


def read_return(
    path: Path, plans: dict[str, Plan], month: str, today: dt.date | None = None
) -> ReturnRead:
    """Read and check one return against the plans (by id) and the month being imported."""
    shown = display_path(path)
    out = ReturnRead(shown)
    try:
        wb = _open(path)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        reason = getattr(exc, "strerror", None) or "it is not an .xlsx workbook or it is damaged"
        out.problems.append(
            CellProblem(
                shown,
                "",
                "",
                f"cannot be read: {reason} - save it as an Excel workbook (.xlsx) and import it "
                "again",
                CODES["unreadable"],
            )
        )
        return out
    try:
        meta = _read_meta(wb, out)
        if meta is None:
            return out
        out.plan, out.month, out.lead = meta.plan, meta.month, meta.lead
        plan = plans.get(meta.plan)
        if plan is None or plan.model is None:
            given = ", ".join(sorted(plans)) or "none"
            out.problems.append(
                CellProblem(
                    shown,
                    META_SHEET,
                    "B2",
                    f"this return is for plan {meta.plan}, which is not among the plans given "
                    f"({given}) - give that plan's folder",
                    CODES["other-plan"],
                )
            )
            return out
        if meta.month != month:
            out.problems.append(
                CellProblem(
                    shown,
                    META_SHEET,
                    "B3",
                    f"this return is for {meta.month}, not {month} - import it with --month "
                    f"{meta.month}, or send the lead the {month} return",
                    CODES["other-month"],
                )
            )
            return out
        actions = {a.id: a for _, _, a in plan.model.actions()}
        ctx = _Context(plan, actions, meta, today or dt.date.today())
        requests = _read_updates(wb, out, ctx)
        changed = _read_figures(wb, out, ctx, requests)
        unchanged = set(out.unchanged) - changed
        out.unchanged = [a for a in out.unchanged if a in unchanged]
        out.requests = [
            r for a, r in requests.items() if a not in unchanged and a not in out.bad_actions
        ]
        for action_id in out.bad_actions:
            if action_id in out.unchanged:
                out.unchanged.remove(action_id)
        out.problems.sort()
    finally:
        wb.close()
    return out


# --- importing ---------------------------------------------------------------------------


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    reads: list[ReturnRead]
    batches: list[BatchResult]
    problems: list[CellProblem]
    """Every cell not accepted, conflicts with recorded updates included."""
    imported: bool
    """False when nothing was recorded because of problems (without good rows)."""
    origins: dict[str, Origin]


def import_returns(
    paths: list[Path],
    plans: dict[str, tuple[Path, Plan]],
    month: str,
    *,
    replace: bool = False,
    good_rows: bool = False,
    dry_run: bool = False,
    lock_timeout: float = 10.0,
    today: dt.date | None = None,
) -> ImportResult:
    """Read every return, then record what they hold, one batch per plan.

    ``plans`` maps plan ids to their folder and loaded plan. Raises CycleError when a batch
    cannot be recorded (it would make the plan invalid); then nothing of that plan is written.
    """
    loaded = {plan_id: plan for plan_id, (_, plan) in plans.items()}
    reads = [read_return(path, loaded, month, today) for path in paths]
    problems = [p for read in reads for p in read.problems]
    origins: dict[str, Origin] = {}
    repeated: set[str] = set()
    by_plan: dict[str, list[UpdateRequest]] = {}
    for read in reads:
        for request in read.requests:
            key = f"{read.plan}/{request.action}"
            if key in origins:
                first = origins[key]
                here = read.origins[request.action]
                problems.append(
                    CellProblem(
                        here.file,
                        here.sheet,
                        here.cell,
                        f"{request.action} is also updated in {first.file} - keep one of the two "
                        "returns' rows for it",
                        CODES["repeated-row"],
                    )
                )
                repeated.add(key)
                continue
            origins[key] = read.origins[request.action]
            by_plan.setdefault(str(read.plan), []).append(request)
    if problems and not good_rows:
        return ImportResult(reads, [], sorted(problems), False, origins)
    batches: list[BatchResult] = []
    for plan_id, requests in by_plan.items():
        requests = [r for r in requests if f"{plan_id}/{r.action}" not in repeated]
        if not requests:
            continue
        folder = plans[plan_id][0]
        batch = record_updates(
            folder,
            requests,
            replace=replace,
            skip_same=True,
            partial=good_rows,
            dry_run=dry_run,
            lock_timeout=lock_timeout,
            today=today,
        )
        for outcome in batch.conflicts:
            origin = origins[f"{plan_id}/{outcome.action}"]
            problems.append(
                CellProblem(
                    origin.file,
                    origin.sheet,
                    origin.cell,
                    f"{outcome.action} already has an update recorded for {month}"
                    f"{_recorded(outcome)} that this row would change - import with --replace "
                    "to overwrite it, or leave the row as it was sent",
                    CODES["already-recorded"],
                )
            )
        batches.append(batch)
    imported = any(b.written for b in batches) or (dry_run and not problems)
    return ImportResult(reads, batches, sorted(problems), imported, origins)


def _recorded(outcome: Outcome) -> str:
    previous = outcome.previous
    if previous is None:
        return ""
    parts = []
    if previous.rag:
        parts.append(previous.rag.value.capitalize())
    if previous.updated_by:
        parts.append(f"by {previous.updated_by}")
    if previous.updated_on:
        parts.append(f"on {previous.updated_on.isoformat()}")
    return f" ({', '.join(parts)})" if parts else ""


def describe(outcome: Outcome, origin: Origin | None, dry_run: bool) -> str | None:
    """One line saying what an import did for one action; None when it did nothing."""
    if outcome.kind in (OutcomeKind.unchanged, OutcomeKind.conflict) or outcome.update is None:
        return None
    update = outcome.update
    verb = {
        OutcomeKind.created: "record" if dry_run else "recorded",
        OutcomeKind.filled: "record" if dry_run else "recorded",
        OutcomeKind.replaced: "replace the earlier update with" if dry_run else "replaced",
    }[outcome.kind]
    parts = [f"status {update.status.value.replace('_', ' ')}"]
    parts.append(f"rating {update.rag.value.capitalize()}" if update.rag else "no rating")
    if update.narrative:
        parts.append("progress note")
    if update.barriers:
        parts.append("barriers")
    for target, value in update.values.items():
        if value is not None:
            parts.append(f"{target} {format_number(value)}")
    source = f" (from {origin.file})" if origin else ""
    prefix = "would " if dry_run else ""
    return f"{outcome.action}: {prefix}{verb} {', '.join(parts)}{source}"


def plans_by_id(folders: list[Path]) -> dict[str, tuple[Path, Plan]]:
    """The plans in ``folders`` by id; CycleError when two share an id."""
    from g2g.cycle.common import load_valid_plan

    out: dict[str, tuple[Path, Plan]] = {}
    for folder in folders:
        plan = load_valid_plan(folder, "importing returns")
        assert plan.model is not None
        plan_id = plan.model.plan.id
        if plan_id in out:
            raise CycleError(
                f"two plans given have the id {plan_id} ({out[plan_id][0]}, {folder}) - give "
                "one of them",
                usage=True,
            )
        out[plan_id] = (folder, plan)
    return out
