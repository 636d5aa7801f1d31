"""Reading the cells of a CSV file or an .xlsx workbook with where each one is.

``g2g import`` reads service figures from files the council's performance team and the DfE
send: a CSV file or a workbook. This module knows files and cells, not plans: it gives each
sheet's rows of values with their positions, so every refusal can say ``FILE:ROW:COLUMN``
(CSV) or ``FILE:Sheet!B12`` (a workbook). Nothing is evaluated: a formula is read as a
formula (its text), never as its cached result, and merged ranges are listed so the reader can
refuse them.

Every file is checked against its limits before it is read (:data:`CSV_LIMIT`,
:data:`XLSX_LIMIT`): its size, and for a workbook its zip directory (how many parts, how many
bytes they unpack to), so a zip bomb is refused by its table of contents.
"""

from __future__ import annotations

import csv
import datetime as dt
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from g2g.io.limits import FIGURES_CSV, FIGURES_XLSX, MB, Limit, TooLarge, check_zip

CSV_LIMIT = FIGURES_CSV
"""The limits of a figure file (.csv), as :mod:`g2g.io.limits` declares them."""
XLSX_LIMIT = FIGURES_XLSX
"""The limits of a figure workbook (.xlsx), as :mod:`g2g.io.limits` declares them."""


class TableError(ValueError):
    """A file that cannot be read as a table; ``str()`` says why and what would be right."""


@dataclass(frozen=True)
class Cell:
    """One cell: its value and how it was written."""

    value: Any
    """Text, a number, a date/datetime, a bool, or None when blank (CSV: text or None)."""
    formula: str | None = None
    """The formula the cell holds (never evaluated), e.g. ``=SUM(B2:B5)``."""
    percent: bool = False
    """A number the workbook formats as a percentage (0.55 shown as 55%)."""


@dataclass
class Sheet:
    """One sheet of cells; row and column numbers are 1-based."""

    file: str
    """The file as messages show it."""
    name: str | None
    """The sheet's name; None for a CSV file."""
    rows: list[list[Cell]] = field(default_factory=list)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    """Merged ranges as (first row, first column, last row, last column)."""
    hidden: bool = False
    """A workbook's hidden sheet: listed, its cells not read."""

    def where(self, row: int, column: int | None = None) -> str:
        """``FILE:ROW:COLUMN`` for a CSV file, ``FILE:Sheet!B12`` for a workbook."""
        if self.name is None:
            return f"{self.file}:{row}" if column is None else f"{self.file}:{row}:{column}"
        cell = f"{column_letter(column)}{row}" if column is not None else f"{row}:{row}"
        return f"{self.file}:{sheet_ref(self.name)}!{cell}"

    def cell(self, row: int, column: int) -> Cell:
        """The cell at ``row``, ``column`` (blank beyond the end of its row)."""
        cells = self.rows[row - 1] if 0 < row <= len(self.rows) else []
        return cells[column - 1] if 0 < column <= len(cells) else Cell(None)


def sheet_ref(name: str) -> str:
    """A sheet's name as Excel writes it in a reference: quoted when it is more than letters,
    digits and underscores (``'CSC scorecard'``)."""
    if name.replace("_", "").isalnum():
        return name
    return "'" + name.replace("'", "''") + "'"


def column_letter(column: int) -> str:
    """Excel's letters for a 1-based column number: 1 is A, 28 is AB."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def range_text(first_row: int, first_col: int, last_row: int, last_col: int) -> str:
    """``B3:D3`` for a range."""
    return f"{column_letter(first_col)}{first_row}:{column_letter(last_col)}{last_row}"


def _size(path: Path, limit: Limit) -> int:
    try:
        info = path.stat()
    except OSError as exc:
        raise TableError(f"cannot read it: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise TableError("it is not a regular file (a folder, device or pipe) - give a file")
    if info.st_size > limit.max_bytes:
        raise TableError(
            f"the file is {info.st_size / MB:,.1f} MB, over the limit of "
            f"{limit.max_bytes // MB} MB for a {limit.kind} - save a smaller one"
        )
    return info.st_size


# --- CSV -----------------------------------------------------------------------------------


def csv_rows(path: Path) -> Iterator[list[str]]:
    """The rows of a CSV file (UTF-8, a byte-order mark allowed), one at a time.

    Raises TableError for a file over its limits, not UTF-8, or not CSV.
    """
    _size(path, CSV_LIMIT)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            for number, row in enumerate(reader, start=1):
                if CSV_LIMIT.max_rows is not None and number > CSV_LIMIT.max_rows:
                    raise TableError(
                        f"the file has more than {CSV_LIMIT.max_rows:,} rows, the limit for a "
                        f"{CSV_LIMIT.kind} - split it"
                    )
                if CSV_LIMIT.max_columns is not None and len(row) > CSV_LIMIT.max_columns:
                    raise TableError(
                        f"row {number} has {len(row):,} columns, over the limit of "
                        f"{CSV_LIMIT.max_columns:,} - remove the columns g2g does not need"
                    )
                yield row
    except UnicodeDecodeError:
        raise TableError(
            "it is not UTF-8 text - save it from Excel as 'CSV UTF-8 (Comma delimited)'"
        ) from None
    except csv.Error as exc:
        raise TableError(f"it is not a CSV file g2g can read ({exc}) - save it as CSV") from None
    except OSError as exc:
        raise TableError(f"cannot read it: {exc.strerror or exc}") from None


def read_csv(path: Path, shown: str) -> Sheet:
    """A whole CSV file as one sheet of text cells (blank cells are None)."""
    sheet = Sheet(shown, None)
    for row in csv_rows(path):
        sheet.rows.append([Cell(v if v.strip() else None) for v in row])
    return sheet


# --- XLSX ----------------------------------------------------------------------------------


def _check_zip(path: Path, limit: Limit) -> None:
    """Refuse (TableError) a workbook over ``limit`` by its size and zip directory, with the
    one zip guard of every input (:func:`g2g.io.limits.check_zip`)."""
    import zipfile

    _size(path, limit)
    try:
        check_zip(path, limit)
    except TooLarge as exc:
        raise TableError(str(exc)) from None
    except (zipfile.BadZipFile, OSError):
        raise TableError(
            "it is not an .xlsx workbook or it is damaged - save it again from Excel as .xlsx"
        ) from None


def is_workbook_with_sheet(path: Path, sheet: str) -> bool | None:
    """Whether ``path`` is a zip whose workbook lists a sheet named ``sheet`` (a cheap look at
    its directory and workbook.xml, without loading the cells); None when it is not a
    workbook that can be read."""
    import re
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("xl/workbook.xml")
            if info.file_size > 4 * MB:
                return None
            text = archive.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
    return re.search(rf'<(?:\w+:)?sheet\b[^>]*\bname="{re.escape(sheet)}"', text) is not None


def read_xlsx(path: Path, shown: str) -> list[Sheet]:
    """The sheets of a workbook, formulas as formulas (never their cached results); a hidden
    sheet is listed without its cells."""
    _check_zip(path, XLSX_LIMIT)
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, data_only=False, read_only=False)
    except Exception:  # openpyxl meets hostile bytes: any failure is a damaged file
        raise TableError(
            "it is not an .xlsx workbook or it is damaged - save it again from Excel as .xlsx"
        ) from None
    sheets: list[Sheet] = []
    try:
        for ws in book.worksheets:
            if ws.sheet_state != "visible":
                sheets.append(Sheet(shown, ws.title, hidden=True))
                continue
            rows = XLSX_LIMIT.max_rows or ws.max_row  # None would be no limit
            columns = XLSX_LIMIT.max_columns or ws.max_column
            if ws.max_row > rows or ws.max_column > columns:
                raise TableError(
                    f"sheet '{ws.title}' reaches row {ws.max_row:,} and column "
                    f"{ws.max_column:,}, over the limit of {rows:,} rows and {columns:,} columns "
                    "- delete what is below or beside the table"
                )
            sheet = Sheet(shown, ws.title)
            for row in ws.iter_rows():
                sheet.rows.append([_cell(c) for c in row])
            for merged in ws.merged_cells.ranges:
                sheet.merged.append(
                    (merged.min_row, merged.min_col, merged.max_row, merged.max_col)
                )
            sheets.append(sheet)
    finally:
        book.close()
    return sheets


def _cell(cell: Any) -> Cell:
    value = cell.value
    if cell.data_type == "f" or (value is not None and type(value).__name__ == "ArrayFormula"):
        text = getattr(value, "text", value)
        return Cell(None, formula=str(text) if text is not None else "=")
    if isinstance(value, str) and not value.strip():
        value = None
    if isinstance(value, dt.time):
        value = value.isoformat()
    percent = isinstance(value, int | float) and "%" in str(cell.number_format or "")
    return Cell(value, percent=percent)
