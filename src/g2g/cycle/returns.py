"""``g2g import``: read lead officers' update returns back (g2g.cycle.importing records them).

A return (written by ``g2g returns``, see :mod:`g2g.engine.returns`) is read with openpyxl.
Columns are found by their headings and rows by their action (and target) ids, so a lead may
sort, filter, hide rows or add columns; a workbook re-saved by Excel, LibreOffice or Google
Sheets reads the same. The hidden ``g2g`` sheet says which plan, month and lead the return is
for and what each cell to fill held when it was sent, with a checksum: a cell left as sent is
not an update, so a return that comes back untouched imports as nothing.

Each cell that cannot be accepted is a :class:`CellProblem`, ``RETURN.xlsx:Sheet!C12: what is
wrong - what would be right``. The columns an officer fills are the officer fields a return
carries (:data:`g2g.engine.returns.RETURN_FIELDS`), each read by its kind's parser. What is
accepted is returned as update requests; recording them (and refusing a return with problems
unless the good rows are asked for) is :mod:`g2g.cycle.importing`'s.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from g2g.cycle.cells import (
    CellValueError,
    cell_note,
    cell_text,
    parse_day_cell,
    parse_figure,
    parse_rating,
    parse_status,
)
from g2g.cycle.update import UpdateRequest, update_date_problem
from g2g.engine.returns import (
    FIGURE_HEADINGS,
    FIGURES_SHEET,
    FORMAT,
    META_SHEET,
    RETURN_FIELDS,
    UPDATE_HEADINGS,
    UPDATES_SHEET,
    FigureColumn,
    UpdateColumn,
    heading_key,
    metadata_checksum,
    rating_choices,
)
from g2g.io.limits import RETURN, TooLarge, check_zip
from g2g.plan.load import ValidPlan, display_path
from g2g.plan.model_base import Rag
from g2g.plan.model_plan import Action, Target
from g2g.plan.officer_fields import Kind, OfficerField
from g2g.words import did_you_mean, one_line

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
    "too-large": "return-too-large",
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
    "control": "return-control-character",
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


# --- reading a workbook ------------------------------------------------------------------


def _open(path: Path) -> Workbook:
    from openpyxl import load_workbook

    return load_workbook(path, data_only=False, read_only=False)


def _too_many_cells(wb: Workbook, out: ReturnRead) -> bool:
    """Whether a sheet is larger than g2g reads (reported): reading its rows would create a
    cell for every row and column up to its last."""
    rows, columns = RETURN.max_rows or 0, RETURN.max_columns or 0
    for ws in wb.worksheets:
        if ws.max_row > rows or ws.max_column > columns:
            out.problems.append(
                CellProblem(
                    out.file,
                    ws.title,
                    "",
                    f"the sheet reaches row {ws.max_row:,} and column {ws.max_column:,}, over "
                    f"the limit of {rows:,} rows and {columns:,} columns for a return - delete "
                    "what was added below or beside the table, or send the lead a fresh return",
                    CODES["too-large"],
                )
            )
    return bool(out.problems)


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
    header, rows = _meta_table(wb[META_SHEET])
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


def _meta_table(ws: Any) -> tuple[dict[str, tuple[str, str]], list[list[str]]]:
    """The hidden sheet's header (key: value and its cell) and its table of cells as sent."""
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
    return header, rows


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
    plan: ValidPlan
    actions: dict[str, Action]
    meta: _Meta
    today: dt.date


def _lead(text: str) -> str:
    return one_line(text)


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
    allowed = rating_choices(ctx.plan.model.plan.rag_policy.scale)
    seen: set[str] = set()
    requests: dict[str, UpdateRequest] = {}
    for row in _rows(ws, heading_row):
        id_cell = _cell(row, columns[UpdateColumn.action])
        cells = {f: _cell(row, columns.get(f.key)) for f in RETURN_FIELDS}
        if id_cell is None or not cell_text(id_cell).strip():
            _refuse_row_without_id(out, sheet, cells)
            continue
        action = _check_action(out, ctx, sheet, id_cell, seen)
        if action is None:
            continue
        request, changed, bad = _read_update_row(out, ctx, sheet, action, cells, allowed)
        out.origins[action.id] = Origin(out.file, sheet, id_cell.coordinate)
        requests[action.id] = request
        if not changed and not bad:
            out.unchanged.append(action.id)
    return requests


def _refuse_row_without_id(out: ReturnRead, sheet: str, cells: dict[OfficerField, Any]) -> None:
    """A row with no action id is a problem at its first filled cell (none when all blank)."""
    where = next((c for c in cells.values() if _value_of(c) not in (None, "")), None)
    if where is None:
        return
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


def _read_update_row(
    out: ReturnRead,
    ctx: _Context,
    sheet: str,
    action: Action,
    cells: dict[OfficerField, Any],
    allowed: tuple[tuple[Rag, str], ...],
) -> tuple[UpdateRequest, bool, bool]:
    """One action's row: its request, whether a cell changed, whether a cell was refused."""
    original = ctx.meta.originals.get((UPDATES_SHEET, action.id, ""), {})
    request = UpdateRequest(action=action.id, month=ctx.meta.month)
    request.updated_by = _lead(action.lead)
    request.updated_on = ctx.today
    changed = False
    bad = False
    for officer, cell in cells.items():
        if cell is None:
            continue
        try:
            changed = _read_update_cell(ctx, request, officer, cell, original, allowed) or changed
        except CellValueError as exc:
            bad = True
            out.problems.append(
                CellProblem(out.file, sheet, cell.coordinate, str(exc), CODES[exc.kind])
            )
            out.bad_actions.add(action.id)
    return request, changed, bad


def _read_update_cell(
    ctx: _Context,
    request: UpdateRequest,
    officer: OfficerField,
    cell: Any,
    original: dict[str, Any],
    allowed: tuple[tuple[Rag, str], ...],
) -> bool:
    """Put one cell's value into ``request``; whether it counts as a change to the return.

    A date counts whenever one is given; a text cell when it differs from the one sent.
    """
    if officer.kind is Kind.day:
        day = parse_day_cell(cell)
        implausible = update_date_problem(day, ctx.meta.month, ctx.today) if day else None
        if implausible is not None:
            raise CellValueError("date", implausible)
        if day is None:
            return False
        request.put(officer, day)
        return True
    text = cell_text(cell)
    changed = _normal(text) != _normal(str(original.get(officer.key, "")))
    value = _parse_cell(officer, text, allowed)
    if value is not None:
        request.put(officer, value)
    return changed


def _parse_cell(officer: OfficerField, text: str, allowed: tuple[tuple[Rag, str], ...]) -> Any:
    """The value of a text cell of the officer field; None when blank."""
    if officer.kind is Kind.rating:
        return parse_rating(text, allowed)
    if officer.kind is Kind.status:
        return parse_status(text)
    if officer.kind is Kind.text:
        return cell_note(text) if text.strip() else None
    if officer.kind is Kind.person:
        return one_line(cell_note(text)) if text.strip() else None
    raise CellValueError(
        "text", f"the {officer.heading} column cannot be read - please report this"
    )


def _normal(text: str) -> str:
    return one_line(text).lower()


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
            _refuse_figures_without_update(out, ctx, sheet, id_cell)
            continue
        if action is None:
            continue
        target = _figure_target(out, sheet, action, id_cell, target_cell, seen)
        if target is None or value_cell is None:
            continue
        try:
            number = parse_figure(value_cell, target.unit)
        except CellValueError as exc:
            out.problems.append(
                CellProblem(out.file, sheet, value_cell.coordinate, str(exc), CODES[exc.kind])
            )
            out.bad_actions.add(action_id)
            continue
        sent = ctx.meta.originals.get((FIGURES_SHEET, action_id, target.id), {}).get("value")
        if number != sent:
            changed.add(action_id)
            requests[action_id].values[target.id] = number
        elif number is not None:
            requests[action_id].values[target.id] = number
    return changed


def _refuse_figures_without_update(
    out: ReturnRead, ctx: _Context, sheet: str, id_cell: Any
) -> None:
    """Figures for an action with no good row on the Updates sheet: refuse them once."""
    action_id = cell_text(id_cell).strip()
    if action_id in out.bad_actions:
        return
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


def _figure_target(
    out: ReturnRead,
    sheet: str,
    action: Action,
    id_cell: Any,
    target_cell: Any,
    seen: set[tuple[str, str]],
) -> Target | None:
    """The row's target of ``action``; None (and a problem) when unknown or repeated."""
    target_id = cell_text(target_cell).strip() if target_cell is not None else ""
    where = target_cell.coordinate if target_cell is not None else id_cell.coordinate
    targets = {t.id: t for t in action.targets if not t.kpi}
    target = targets.get(target_id)
    if target is None:
        hint = did_you_mean(target_id, sorted(targets))
        choices = ", ".join(targets) or "none"
        out.problems.append(
            CellProblem(
                out.file,
                sheet,
                where,
                f"'{target_id}' is not a target of {action.id}{hint} - its targets are: {choices}",
                CODES["unknown-target"],
            )
        )
        out.bad_actions.add(action.id)
        return None
    if (action.id, target_id) in seen:
        out.problems.append(
            CellProblem(
                out.file,
                sheet,
                where,
                f"{target_id} has a second row here - give each target one row",
                CODES["repeated-row"],
            )
        )
        out.bad_actions.add(action.id)
        return None
    seen.add((action.id, target_id))
    return target


def read_return(
    path: Path, plans: dict[str, ValidPlan], month: str, today: dt.date | None = None
) -> ReturnRead:
    """Read and check one return against the plans (by id) and the month being imported."""
    shown = display_path(path)
    out = ReturnRead(shown)
    try:
        check_zip(path, RETURN)
        wb = _open(path)
    except TooLarge as exc:
        out.problems.append(CellProblem(shown, "", "", str(exc), CODES["too-large"]))
        return out
    except Exception as exc:  # openpyxl meets hostile bytes: any failure is a damaged file
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
        if _too_many_cells(wb, out):
            return out
        meta = _read_meta(wb, out)
        if meta is None:
            return out
        out.plan, out.month, out.lead = meta.plan, meta.month, meta.lead
        plan = plans.get(meta.plan)
        if plan is None:
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
