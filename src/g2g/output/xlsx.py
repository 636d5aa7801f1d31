"""Writing .xlsx workbooks safely, with openpyxl: what every workbook g2g writes shares.

* Text is always a text cell. openpyxl stores a string that begins with ``=`` as a formula, so
  every string is written with ``data_type = "s"``, and one that a spreadsheet would take for a
  formula when it is edited (``= + - @``, tab, carriage return: :func:`g2g.escape.starts_formula`)
  also gets the quote-prefix style, the workbook's own form of a leading apostrophe. No plan
  text ever becomes a live formula.
* Characters that XML cannot carry are dropped and text is cut at Excel's 32,767 characters, so
  a workbook never fails to save.
* A RAG rating is written as its word in a cell filled with its colour: the colour never
  carries the meaning alone.
* Workbooks are saved atomically (:func:`g2g.io.atomic.atomic_write`).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from g2g.engine.ratings import Rating
from g2g.escape import starts_formula
from g2g.io.atomic import atomic_write

if TYPE_CHECKING:
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

MAX_CELL_TEXT = 32767
"""The most characters an Excel cell holds."""

# Fill and font colours (hex RGB) for each rating; font colours keep AA contrast on the fill.
RAG_COLOURS: dict[Rating, tuple[str, str]] = {
    Rating.red: ("C00000", "FFFFFF"),
    Rating.amber: ("FFC000", "000000"),
    Rating.green: ("00B050", "000000"),
    Rating.blue: ("0070C0", "FFFFFF"),
}

HEADING_FILL = PatternFill("solid", fgColor="1F3864")
HEADING_FONT = Font(bold=True, color="FFFFFF")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
FILL_IN_FILL = PatternFill("solid", fgColor="FFF2CC")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")


def clean_text(text: str) -> str:
    """``text`` as a cell can hold it: no XML-illegal characters, at most 32,767 characters."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - 1] + "…"
    return text


DATE_FORMAT = "d mmm yyyy"
"""How a date cell shows its date: ``30 Sep 2019``, as g2g writes dates everywhere."""


def put(ws: Worksheet, row: int, column: int, value: object) -> Any:
    """Write ``value`` at (row, column): numbers as numbers, dates as Excel dates, None as
    blank, anything else as text that can never be a formula. Returns the cell."""
    cell: Any = ws.cell(row=row, column=column)
    if value is None:
        cell.value = None
    elif isinstance(value, bool):
        put_text(cell, "yes" if value else "no")
    elif isinstance(value, int | float):
        cell.value = value
    elif isinstance(value, dt.date):
        # An Excel date, so the column sorts and filters as dates; shown as people write it.
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        put_text(cell, str(value))
    return cell


def put_text(cell: Any, text: str) -> None:
    """Write ``text`` into ``cell`` as a text cell (see the module's notes)."""
    text = clean_text(text)
    cell.value = text
    cell.data_type = "s"
    if starts_formula(text):
        cell.quotePrefix = True


def put_rating(
    ws: Worksheet, row: int, column: int, rating: Rating | None, text: str | None = None
) -> Any:
    """A rating's word (or ``text``: the word with a mark, e.g. "Green, challenged: the
    evidence gives Red"), in a cell filled with its colour (no fill when not rated)."""
    word = text if text is not None else rating.word if rating is not None else ""
    cell = put(ws, row, column, word)
    if rating is not None and rating in RAG_COLOURS:
        fill, font = RAG_COLOURS[rating]
        cell.fill = PatternFill("solid", fgColor=fill)
        cell.font = Font(bold=True, color=font)
    return cell


def heading_row(ws: Worksheet, row: int, headings: list[str], widths: list[float]) -> None:
    """A row of headings in white on dark blue, wrapped, with the given column widths."""
    for column, (text, width) in enumerate(zip(headings, widths, strict=True), start=1):
        cell = put(ws, row, column, text)
        cell.fill = HEADING_FILL
        cell.font = HEADING_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = BOX
        ws.column_dimensions[get_column_letter(column)].width = width


def a4_landscape(ws: Worksheet, title_rows: str | None = None) -> None:
    """Print on A4 landscape, fitted to one page wide, repeating ``title_rows`` (e.g. "3:3")."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    setup = ws.sheet_properties.pageSetUpPr
    if setup is None:
        setup = ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    setup.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    if title_rows:
        ws.print_title_rows = title_rows


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as .xlsx bytes."""
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def save_workbook(wb: Workbook, path: Path) -> None:
    """Save ``wb`` to ``path`` atomically (a crash leaves the old file or the new one)."""
    atomic_write(path, workbook_bytes(wb))
