"""``g2g returns``: the monthly update return of each lead officer, as an .xlsx workbook.

Sheets, in order:

* **Instructions** - whose return it is, for which month and plan, how to fill it in, the words
  allowed, and how to send it back;
* **Updates** - a row per live action: what the lead needs to see (locked, grey) and the cells
  they fill (unlocked, pale yellow): rating and status as drop-downs, then progress, barriers,
  date and support needed (a column for each officer field of :data:`RETURN_FIELDS`);
* **Figures** - a row per target: last figure, the value the trajectory expects this month, the
  next milestone, and the figure to fill in (number validation);
* **g2g** (hidden) - the metadata the import reads: plan, month, lead, each row's action (and
  target) id with the values its cells were sent with, and a checksum of all of it.

The sheets are protected without a password (Review > Unprotect Sheet lifts it) so that only the
cells to fill can be typed in by accident; sorting, filtering, hiding rows and adding columns stay
allowed, since the import finds columns by heading and rows by action id. Every sheet prints on
A4 landscape, one page wide, with the heading row repeated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from g2g.engine.ratings import Rating
from g2g.engine.returns import (
    FIGURE_HEADINGS,
    FIGURES_SHEET,
    FORMAT,
    INSTRUCTIONS_SHEET,
    META_SHEET,
    RETURN_FIELDS,
    STATUS_CHOICES,
    UNIT_WORDS,
    UPDATE_FILLED,
    UPDATE_HEADINGS,
    UPDATES_SHEET,
    FigureColumn,
    ReturnBook,
    ReturnRow,
    UpdateColumn,
    metadata_checksum,
    metadata_rows,
    original_figure,
    original_update,
    rating_choices,
)
from g2g.output.xlsx import (
    BOX,
    FILL_IN_FILL,
    LOCKED_FILL,
    WRAP,
    a4_landscape,
    heading_row,
    put,
    put_rating,
)
from g2g.plan.model_base import Rag, RagScale, Unit
from g2g.plan.officer_fields import Kind
from g2g.version import __version__
from g2g.words import format_month, format_value

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from g2g.plan.model_progress import Update

HEADING_ROW = 3
"""The row of column headings on the Updates and Figures sheets (title above it)."""

UPDATE_WIDTHS: dict[str, float] = {
    UpdateColumn.action: 9,
    UpdateColumn.title: 22,
    UpdateColumn.lead: 18,
    UpdateColumn.description: 40,
    UpdateColumn.evidence: 36,
    UpdateColumn.due: 14,
    UpdateColumn.targets: 32,
    UpdateColumn.last_rating: 12,
    UpdateColumn.last_note: 40,
    **{f.key: f.width for f in RETURN_FIELDS},
}
FIGURE_WIDTHS = {
    FigureColumn.action: 9,
    FigureColumn.target: 24,
    FigureColumn.measure: 44,
    FigureColumn.unit: 16,
    FigureColumn.last: 18,
    FigureColumn.expected: 18,
    FigureColumn.next: 20,
    FigureColumn.value: 14,
}
EDITABLE = Protection(locked=False)


def _protect(ws: Worksheet) -> None:
    """Protect the sheet without a password; sorting, filtering, resizing, hiding rows and
    adding columns stay allowed (False means "not protected" in openpyxl's terms)."""
    protection = ws.protection
    protection.sheet = True
    protection.sort = False
    protection.autoFilter = False
    protection.formatColumns = False
    protection.formatRows = False
    protection.insertColumns = False
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False


def _who(book: ReturnBook) -> str:
    return book.lead if book.lead is not None else "every lead officer"


def _title(ws: Worksheet, book: ReturnBook, what: str) -> None:
    cell = put(ws, 1, 1, f"{what}: {_who(book)} - {format_month(book.month)}")
    cell.font = Font(bold=True, size=14)
    put(ws, 2, 1, f"{book.title} ({book.council}, plan {book.plan})").font = Font(italic=True)


def _value_text(value: float | None, unit: Unit) -> str:
    return "" if value is None else format_value(value, unit)


def _targets_text(row: ReturnRow) -> str:
    lines = []
    for line in row.figures:
        expected = (
            f"expected {format_value(line.expected, line.unit)} this month"
            if line.expected is not None
            else "no expected value this month"
        )
        last = (
            f"last {format_value(line.last[1], line.unit)} ({format_month(line.last[0])})"
            if line.last
            else "no figure yet"
        )
        lines.append(f"{line.target}: {line.measure} - {last}; {expected}")
    return "\n".join(lines) if lines else "No targets to report here"


# --- the sheets ---------------------------------------------------------------------------


def _asks() -> str:
    """What the cells to fill ask for, in words: "the rating, ... and the date of your update"."""
    asks = [f.ask or f.heading or f.name for f in RETURN_FIELDS]
    return f"{', '.join(asks[:-1])}, and {asks[-1]}" if len(asks) > 1 else "".join(asks)


def _instructions(ws: Worksheet, book: ReturnBook) -> None:
    ratings = ", ".join(word for _, word in rating_choices(book.scale))
    statuses = ", ".join(word for _, word in STATUS_CHOICES)
    month = format_month(book.month)
    lines: list[tuple[str, bool]] = [
        (f"Monthly update return: {_who(book)}", True),
        (f"{book.title} - {book.council}", False),
        (f"Month: {month} (plan {book.plan}, return for {book.month})", False),
        ("", False),
        ("What to do", True),
        (
            f"1. On the {UPDATES_SHEET} sheet, each row is an action you lead that is live in "
            f"{month}. Read the grey columns (the action, its evidence of success, when it is "
            "due, its targets, and last month's rating and update).",
            False,
        ),
        (f"2. Fill in the pale yellow cells: {_asks()}.", False),
        (f"   Rating: one of {ratings} (pick it from the drop-down).", False),
        (f"   Status: one of {statuses} (pick it from the drop-down).", False),
        ("   Date: write it as YYYY-MM-DD, for example 2019-09-30 (not 30/09/2019).", False),
        (
            f"3. On the {FIGURES_SHEET} sheet, each row is a target of one of your actions. "
            "Write this month's figure in the yellow cell as a plain number: 55 for 55%, "
            "never 55% or fifty. Leave it empty when the figure is not available: empty "
            "means not available, never zero.",
            False,
        ),
        (
            "4. Save the file as it is (.xlsx) and send it back. Keep the sheet names and the "
            "column headings. You may sort, filter, hide rows, widen columns or add columns "
            "of your own: they are ignored.",
            False,
        ),
        ("", False),
        ("Please do not", True),
        (
            "- change the Action or Target ids, or the hidden sheet named g2g: they tell g2g "
            "which action each row is, and which month and plan the return is for;",
            False,
        ),
        ("- type formulas into the cells: they are not imported.", False),
        ("", False),
        (
            "The grey cells are locked so they are not changed by accident; the sheets have no "
            "password (Review > Unprotect Sheet).",
            False,
        ),
        (
            f"Made by g2g {__version__}. The performance officer imports it with: "
            f"g2g import FILE.xlsx --month {book.month}",
            False,
        ),
    ]
    ws.column_dimensions["A"].width = 110
    for index, (text, bold) in enumerate(lines, start=1):
        cell = put(ws, index, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True, size=14 if index == 1 else 12)
    a4_landscape(ws)
    _protect(ws)


def _column(key: str) -> int:
    return list(UPDATE_HEADINGS).index(key) + 1


def _figure_column(key: FigureColumn) -> int:
    return list(FIGURE_HEADINGS).index(key) + 1


def _updates(ws: Worksheet, book: ReturnBook) -> None:
    _title(ws, book, "Updates")
    heading_row(
        ws,
        HEADING_ROW,
        list(UPDATE_HEADINGS.values()),
        [UPDATE_WIDTHS[k] for k in UPDATE_HEADINGS],
    )
    ratings = rating_choices(book.scale)
    words = dict(ratings)
    validations = _update_validations(ratings)
    for validation in validations.values():
        ws.add_data_validation(validation)
    for offset, row in enumerate(book.rows):
        _update_row(ws, HEADING_ROW + 1 + offset, row, book.scale, words)
    if book.rows:
        last_row = HEADING_ROW + len(book.rows)

        def span(key: str) -> str:
            letter = get_column_letter(_column(key))
            return f"{letter}{HEADING_ROW + 1}:{letter}{last_row}"

        for field in RETURN_FIELDS:
            if field.kind in validations:
                validations[field.kind].add(span(field.key))
        last_letter = get_column_letter(len(UPDATE_HEADINGS))
        ws.auto_filter.ref = f"A{HEADING_ROW}:{last_letter}{last_row}"
    else:
        put(ws, HEADING_ROW + 1, 2, f"No live actions for {_who(book)} in {book.month}.")
    ws.freeze_panes = f"C{HEADING_ROW + 1}"
    a4_landscape(ws, f"{HEADING_ROW}:{HEADING_ROW}")
    _protect(ws)


def _update_validations(ratings: tuple[tuple[Rag, str], ...]) -> dict[Kind, DataValidation]:
    """The drop-down lists and date check of the Updates sheet, by the kind of field."""
    rating_list = DataValidation(
        type="list",
        formula1='"' + ",".join(word for _, word in ratings) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Rating",
        error="Pick a rating from the list: " + ", ".join(word for _, word in ratings),
        promptTitle="Rating this month",
        prompt="Pick " + ", ".join(word for _, word in ratings),
        showInputMessage=True,
    )
    status_list = DataValidation(
        type="list",
        formula1='"' + ",".join(word for _, word in STATUS_CHOICES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Status",
        error="Pick a status from the list",
    )
    date_check = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="DATE(2000,1,1)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Date",
        error="Write the date as YYYY-MM-DD, for example 2019-09-30",
    )
    return {Kind.rating: rating_list, Kind.status: status_list, Kind.day: date_check}


_DAY_KEYS = tuple(f.key for f in RETURN_FIELDS if f.kind is Kind.day)
"""The Updates columns that hold a date."""


def _update_row(
    ws: Worksheet, r: int, row: ReturnRow, scale: RagScale, words: dict[Rag, str]
) -> None:
    """One action's row of the Updates sheet, at row ``r``."""
    original = original_update(row, scale)
    last = row.last
    cells: dict[str, object] = {
        UpdateColumn.action: row.action,
        UpdateColumn.title: row.title,
        UpdateColumn.lead: row.lead,
        UpdateColumn.description: row.description,
        UpdateColumn.evidence: row.evidence,
        UpdateColumn.due: row.due,
        UpdateColumn.targets: _targets_text(row),
        UpdateColumn.last_note: (last[1].narrative or "") if last else "No earlier update",
        **{key: text or None for key, text in original.items()},
    }
    for key in UPDATE_HEADINGS:
        column = _column(key)
        if key is UpdateColumn.last_rating:
            cell = _last_rating(ws, r, column, last, words)
        else:
            cell = put(ws, r, column, cells[key])
        cell.alignment = WRAP
        cell.border = BOX
        if key in UPDATE_FILLED:
            cell.protection = EDITABLE
            cell.fill = FILL_IN_FILL
        elif key is not UpdateColumn.last_rating or not (last and last[1].rag):
            cell.fill = LOCKED_FILL
    for key in _DAY_KEYS:
        ws.cell(row=r, column=_column(key)).number_format = "yyyy-mm-dd"


def _last_rating(
    ws: Worksheet, r: int, column: int, last: tuple[str, Update] | None, words: dict[Rag, str]
) -> Any:
    """The last rating given and its month, coloured as the rating; "Not rated" without one."""
    rag = last[1].rag if last else None
    cell = put_rating(ws, r, column, Rating(rag.value) if rag else None)
    if rag is None:
        cell.value = "Not rated"
    if last and rag:
        cell.value = f"{words.get(rag, rag.value.capitalize())} ({format_month(last[0])})"
    return cell


def _figure_validation(unit: Unit) -> DataValidation:
    if unit is Unit.percent:
        return DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2="100",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Percentage",
            error="Write a percentage from 0 to 100 as a plain number: 55 for 55%",
        )
    return DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="-1000000000000",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Number",
        error="Write a number, for example 42 or 42.5 - leave it empty when not available",
    )


def _figures(ws: Worksheet, book: ReturnBook) -> None:
    _title(ws, book, "Figures")
    heading_row(
        ws,
        HEADING_ROW,
        list(FIGURE_HEADINGS.values()),
        [FIGURE_WIDTHS[k] for k in FIGURE_HEADINGS],
    )
    lines = [line for row in book.rows for line in row.figures]
    validations: dict[bool, DataValidation] = {}
    value_column = _figure_column(FigureColumn.value)
    for offset, line in enumerate(lines):
        r = HEADING_ROW + 1 + offset
        cells: dict[FigureColumn, object] = {
            FigureColumn.action: line.action,
            FigureColumn.target: line.target,
            FigureColumn.measure: line.measure,
            FigureColumn.unit: UNIT_WORDS[line.unit],
            FigureColumn.last: (
                f"{_value_text(line.last[1], line.unit)} ({format_month(line.last[0])})"
                if line.last
                else "No figure yet"
            ),
            FigureColumn.expected: (
                _value_text(line.expected, line.unit)
                if line.expected is not None
                else "Not judged: " + line.expected_note
            ),
            FigureColumn.next: (
                f"{_value_text(line.next_milestone[1], line.unit)} by "
                f"{format_month(line.next_milestone[0])}"
                if line.next_milestone
                else "No milestone ahead"
            ),
            FigureColumn.value: original_figure(line),
        }
        for key in FIGURE_HEADINGS:
            cell = put(ws, r, _figure_column(key), cells[key])
            cell.alignment = WRAP
            cell.border = BOX
            if key is FigureColumn.value:
                cell.protection = EDITABLE
                cell.fill = FILL_IN_FILL
                cell.number_format = "General"
            else:
                cell.fill = LOCKED_FILL
        percent = line.unit is Unit.percent
        if percent not in validations:
            validations[percent] = _figure_validation(line.unit)
            ws.add_data_validation(validations[percent])
        validations[percent].add(f"{get_column_letter(value_column)}{r}")
    if lines:
        last_letter = get_column_letter(len(FIGURE_HEADINGS))
        ws.auto_filter.ref = f"A{HEADING_ROW}:{last_letter}{HEADING_ROW + len(lines)}"
    else:
        put(ws, HEADING_ROW + 1, 3, "No targets to report in this return.")
    ws.freeze_panes = f"C{HEADING_ROW + 1}"
    a4_landscape(ws, f"{HEADING_ROW}:{HEADING_ROW}")
    _protect(ws)


def _metadata(ws: Worksheet, book: ReturnBook) -> None:
    rows = metadata_rows(book)
    lead = book.lead or ""
    header = [
        ("format", FORMAT),
        ("plan", book.plan),
        ("month", book.month),
        ("lead", lead),
        ("checksum", metadata_checksum(book.plan, book.month, lead, rows)),
        ("written by", f"g2g {__version__}"),
    ]
    for index, (key, value) in enumerate(header, start=1):
        put(ws, index, 1, key)
        put(ws, index, 2, value)
    for column, text in enumerate(("sheet", "action", "target", "original"), start=1):
        put(ws, 8, column, text)
    for offset, values in enumerate(rows, start=9):
        for column, text in enumerate(values, start=1):
            put(ws, offset, column, text)
    ws.sheet_state = "hidden"
    _protect(ws)


def return_workbook(book: ReturnBook) -> Workbook:
    """The return as a workbook, not yet saved."""
    wb = Workbook()
    instructions = wb.active
    assert instructions is not None
    instructions.title = INSTRUCTIONS_SHEET
    _instructions(instructions, book)
    _updates(wb.create_sheet(UPDATES_SHEET), book)
    _figures(wb.create_sheet(FIGURES_SHEET), book)
    _metadata(wb.create_sheet(META_SHEET), book)
    wb.active = 0
    wb.properties.title = f"Update return {book.month}: {_who(book)}"
    wb.properties.creator = f"g2g {__version__}"
    return wb
