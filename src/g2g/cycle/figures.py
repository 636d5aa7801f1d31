"""``g2g import`` of service figures: a long table, a wide scorecard or DfE open data.

A figure file is recognised by its content (:func:`layout_of`):

* **DfE open data** (CSV): the first row has ``time_period``, ``time_identifier`` and
  ``geographic_level`` - the layout of the DfE's explore education statistics service. The
  measures that say where the DfE publishes them (``dfe:`` in measures.yaml) take the
  council's own figure (``local_authority:``) as their value, and England's, the region's and
  each statistical neighbour's (``statistical_neighbours:``) as comparators, for the month the
  period ends (or the ``month:`` the mapping gives).
* **a long table** (CSV or a workbook's sheet): a row of headings with ``measure``, ``month``
  and ``value`` (``note`` and ``source`` optional), then a row per figure.
* **a wide scorecard** (CSV or a workbook's sheet): a row of headings with months (``2019-09``,
  an Excel date, or ``Sep 2019``), then a row per measure, named in any column left of the
  months by its id, its name or one of its ``codes:``.

Values are checked against each measure's unit (a percentage is written 55: ``55%`` typed as
text and 0.55 are refused, with what to write); suppression codes (``c``, ``:``, ``z``, ``x``,
``u``, ``low``, ``..``) are kept as codes, never turned into zero. Every refused cell is a
:class:`FigureProblem` located ``FILE:ROW:COLUMN`` or ``FILE:Sheet!B12``; with any, nothing is
written unless the good rows are asked for. A figure already recorded is replaced only when
asked; a figure the plan already holds is left alone, so importing a file twice changes nothing.
Each plan's measures.yaml is written once, atomically, under its lock, through
:func:`g2g.io.yamledit.edit_mappings_in_list` (every byte outside the edited measures kept), and
only when the plan stays valid.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from g2g.cycle.cells import CellValueError
from g2g.cycle.importing import ImportSummary, recorded_line
from g2g.cycle.update import parse_number
from g2g.errors import CycleError, WriteError
from g2g.io.atomic import atomic_write, file_lock
from g2g.io.tables import (
    Cell,
    Sheet,
    TableError,
    csv_rows,
    is_workbook_with_sheet,
    range_text,
    read_csv,
    read_xlsx,
)
from g2g.io.yamledit import Edit, edit_mappings_in_list
from g2g.io.yamlread import read_yaml
from g2g.plan.checks import NON_NEGATIVE_UNITS
from g2g.plan.load import (
    MEASURES_FILE,
    Plan,
    Source,
    ValidPlan,
    display_path,
    load_plan,
    valid_or_none,
)
from g2g.plan.models import SUPPRESSION_CODES, Measure, MeasuresFile, Unit, is_number
from g2g.plan.schema import did_you_mean, validate_model
from g2g.plan.validate import errors_of, validate_plan
from g2g.words import format_number, plural

__all__ = [
    "CODES",
    "FigureImport",
    "FigureProblem",
    "figure_file_kind",
    "import_figures",
]

Value = float | int | str | None
"""A figure as measures.yaml holds it: a number, a suppression code, or None (not available)."""

# Stable codes of the problems, documented in docs/format.md ("Service figures").
CODES = {
    "unreadable": "figures-unreadable",
    "not-figures": "figures-not-a-figure-file",
    "formula": "figures-formula",
    "merged": "figures-merged",
    "number": "figures-number",
    "month": "figures-month",
    "date-as-text": "figures-date-as-text",
    "unknown-measure": "figures-unknown-measure",
    "wrong-year": "figures-wrong-year",
    "repeated": "figures-repeated",
    "no-area": "figures-no-local-authority",
    "already-recorded": "figures-already-recorded",
}

DFE_COLUMNS = ("time_period", "time_identifier", "geographic_level")
"""The first columns of every DfE open data file (explore education statistics)."""
DFE_AREA_COLUMNS = (
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
)
"""The area columns of a DfE file at local authority level."""
DFE_OBSOLETE = {"~": "low"}
"""Obsolete DfE symbols and what they mean now: ``~`` was "rounds to 0 but is not 0" (low).
(``:``, the other obsolete one, is kept as ``:``: not available.)"""
DFE_DEFAULT_MONTH = {
    "calendar year": 12,
    "reporting year": 3,
    "financial year": 3,
    "academic year": 8,
}
"""The month a DfE year's figure is for, when its mapping gives none: the end of the period
(the children's social care collections report the year to 31 March)."""
NOT_AVAILABLE = ("n/a", "na", "null")
HEADING_ROWS = 30
"""How far down a sheet g2g looks for the row of headings."""

_MONTH_NAMES = {
    name.lower(): number
    for number, names in enumerate(
        (
            (),
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        )
    )
    for name in names
}
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[ T].*)?$")
_NAMED_MONTH = re.compile(r"^([A-Za-z]+)[\s\-/']+(\d{4}|\d{2})$")
_TEXT_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})$")


@dataclass(frozen=True, order=True)
class FigureProblem:
    """A cell (or file) of a figure file that could not be accepted."""

    where: str
    """``FILE:ROW:COLUMN``, ``FILE:Sheet!B12`` or the file."""
    message: str
    """What is wrong, then after " - " what would be right."""
    code: str = ""

    def format_text(self) -> str:
        return f"{self.where}: {self.message}"


# --- reading months and values -------------------------------------------------------------


def _month(year: int, month: int) -> str | None:
    if not 1 <= month <= 12 or not 1900 <= year <= 2999:
        return None
    return f"{year:04d}-{month:02d}"


def parse_month(cell: Cell) -> str | None:
    """The month a heading or a month cell names (YYYY-MM); None when it names none.

    Raises CellValueError for a date written as text (``01/09/2019``): it names a day, maybe two.
    """
    value = cell.value
    if cell.formula is not None:
        raise CellValueError(
            "formula", f"holds a formula ({cell.formula}) - write the month itself"
        )
    if isinstance(value, dt.datetime | dt.date):
        return _month(value.year, value.month)
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    found = _ISO_MONTH.match(text)
    if found:
        return _month(int(found.group(1)), int(found.group(2)))
    found = _NAMED_MONTH.match(text)
    if found and found.group(1).lower() in _MONTH_NAMES:
        year = int(found.group(2))
        return _month(year + 2000 if year < 100 else year, _MONTH_NAMES[found.group(1).lower()])
    found = _TEXT_DATE.match(text)
    if found:
        day, month, year = (int(g) for g in found.groups())
        year = year + 2000 if year < 100 else year
        options = sorted({m for d, m in ((day, month), (month, day)) if _month(year, m) and d})
        shown = " or ".join(f"{year:04d}-{m:02d}" for m in options) or "YYYY-MM"
        raise CellValueError(
            "date-as-text",
            f"'{text}' is a date written as text - write the month as {shown} (or Sep 2019), "
            "or make the cell a real date",
        )
    return None


def _range_problem(unit: Unit, number: float) -> str | None:
    if unit is Unit.percent and not 0 <= number <= 100:
        return f"{format_number(number)} is not a percentage - a percentage lies between 0 and 100"
    if unit in NON_NEGATIVE_UNITS and number < 0:
        return (
            f"{format_number(number)} is negative - a {unit.value.replace('_', ' ')} is 0 or more"
        )
    return None


def _exact(number: float) -> str:
    """A number as given, every decimal kept (format_number rounds to one place)."""
    return f"{number:,.12g}"


def _plain(number: float) -> float | int:
    return int(number) if float(number).is_integer() else number


def parse_value(cell: Cell, measure: Measure, *, published: bool = False) -> Value:
    """A figure for ``measure`` from one cell; raises CellValueError with what to write instead.

    ``published`` is for DfE open data, whose percentages are published as percentages: a
    value below 1 there is a small percentage, not a proportion.
    """
    unit = measure.unit
    value = cell.value
    if cell.formula is not None:
        raise CellValueError(
            "formula",
            f"holds a formula ({cell.formula}) - g2g never uses a formula's result: paste the "
            "figures as values (Paste Special > Values) and import again",
        )
    if value is None:
        return None
    if isinstance(value, bool | dt.date | dt.datetime):
        raise CellValueError(
            "number",
            f"'{value}' is not a figure - write the number, or a code such as c (suppressed) or : "
            "(not available)",
        )
    number: float
    if isinstance(value, int | float):
        number = float(value)
        if cell.percent:
            if unit is not Unit.percent:
                raise CellValueError(
                    "number",
                    f"{format_number(number * 100)}% is a percentage, but {measure.id} is in "
                    f"{unit.value} - write the plain number",
                )
            number = round(number * 100, 9)  # shown as 55% in Excel: the cell holds 0.55
            if not 0 <= number <= 100:
                raise CellValueError(
                    "number",
                    f"the cell shows {_exact(number)}% ({_exact(float(value))} formatted as a "
                    f"percentage) - write {_exact(float(value))} in a cell without the "
                    "percentage format, or format the cell as a number",
                )
        elif unit is Unit.percent and 0 < number < 1 and not published:
            raise CellValueError(
                "number",
                f"{_exact(number)} looks like a proportion, but {measure.id} is a "
                f"percentage - write {_exact(round(number * 100, 9))} for "
                f"{_exact(round(number * 100, 9))}%",
            )
    else:
        text = " ".join(str(value).split())
        if text in SUPPRESSION_CODES:
            return text
        if published and text in DFE_OBSOLETE:
            return DFE_OBSOLETE[text]
        if text.lower() in NOT_AVAILABLE:
            return None
        if text.endswith("%"):
            bare = text.rstrip("%").strip()
            if unit is Unit.percent:
                raise CellValueError("number", f"'{text}' - write {bare} without the % sign")
            raise CellValueError(
                "number",
                f"'{text}' is a percentage, but {measure.id} is in {unit.value} - write the "
                "plain number",
            )
        try:
            parsed = parse_number(text)
        except ValueError as exc:
            message = str(exc)
            if "is not a number" in message:
                codes = ", ".join(SUPPRESSION_CODES)
                message = (
                    f"'{text}' is not a figure - write a number such as 42 or 42.5, or a code "
                    f"({codes}) when it is not available"
                )
            raise CellValueError("number", message) from None
        if parsed is None:
            return None
        number = float(parsed)
        if unit is Unit.percent and 0 < number < 1 and not published:
            raise CellValueError(
                "number",
                f"{text} looks like a proportion, but {measure.id} is a percentage - write "
                f"{_exact(round(number * 100, 9))} for {_exact(round(number * 100, 9))}%",
            )
    if not math.isfinite(number):
        raise CellValueError("number", "is not a finite number - write a number such as 42")
    problem = _range_problem(unit, number)
    if problem:
        raise CellValueError("number", problem)
    return _plain(number)


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


# --- what a file holds ---------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """Which series of a measure a figure belongs to: its own values, or a comparator."""

    kind: str | None = None
    """None for the measure's own figure; else a comparator kind (england, region...)."""
    name: str | None = None

    def label(self) -> str:
        if self.kind is None:
            return ""
        return self.name or self.kind.replace("_", " ").capitalize()


@dataclass
class Entry:
    """One figure read from a file, not yet matched to a plan's measure."""

    label: str
    """The measure as the file names it (or, for DfE, the measure's id)."""
    month: str
    cell: Cell
    where: str
    note: str | None = None
    source: str | None = None
    series: Series = Series()
    strict: bool = True
    """A long table's row: a measure no plan has is a problem (a scorecard's is a note)."""
    dfe_measure: str | None = None
    """For DfE, the plan and measure id the mapping chose (``plan/measure``)."""
    label_where: str | None = None
    """Where the measure is named, when not ``where``."""
    month_where: str | None = None
    """Where the month is given, when not ``where``."""


@dataclass
class FileRead:
    """One figure file, read and checked for its layout (nothing matched to measures yet)."""

    file: str
    layout: str = ""
    entries: list[Entry] = field(default_factory=list)
    problems: list[FigureProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def figure_file_kind(path: Path) -> str:
    """``return`` for an update return written by ``g2g returns`` (a workbook with the hidden
    ``g2g`` sheet, or its Updates sheet), else ``figures``."""
    from g2g.engine.returns import META_SHEET, UPDATES_SHEET

    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return "figures"
    found = is_workbook_with_sheet(path, META_SHEET)
    # A workbook that cannot be read at all, or a return that lost its hidden sheet (it still
    # has the Updates sheet), goes the way of returns, which says what is wrong with it.
    if found is None or found or is_workbook_with_sheet(path, UPDATES_SHEET):
        return "return"
    return "figures"


def _problem(out: FileRead, where: str, kind: str, message: str) -> None:
    out.problems.append(FigureProblem(where, message, CODES[kind]))


def _text(cell: Cell) -> str:
    value = cell.value
    if value is None or cell.formula is not None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return format_number(value)
    return " ".join(str(value).split())


def read_figure_file(path: Path, plans: list[ValidPlan], month: str | None) -> FileRead:
    """Read one figure file (CSV or workbook) into entries, by the layout its content has."""
    shown = display_path(path)
    out = FileRead(shown)
    try:
        if path.suffix.lower() == ".csv":
            with_header = _first_row(path)
            if with_header is not None and all(c in with_header for c in DFE_COLUMNS):
                out.layout = "DfE open data"
                _read_dfe(path, with_header, plans, out)
                return _keep_month(out, month)
            sheets = [read_csv(path, shown)]
        else:
            sheets = read_xlsx(path, shown)
    except TableError as exc:
        _problem(out, shown, "unreadable", str(exc))
        return out
    layouts = []
    for sheet in sheets:
        if sheet.hidden:
            out.notes.append(f"{shown}:{sheet.name}: a hidden sheet - not read")
            continue
        layout = _read_sheet(sheet, out)
        if layout:
            layouts.append(layout)
        elif sheet.name is not None:
            out.notes.append(
                f"{shown}:{sheet.name}: no row of headings with months, or with measure, month "
                "and value - sheet ignored"
            )
    if not layouts:
        _problem(
            out,
            shown,
            "not-figures",
            "no row of headings g2g knows - a long table has the headings measure, month and "
            "value; a scorecard a heading per month (2019-09, Sep 2019 or a date); a DfE file "
            "begins time_period, time_identifier, geographic_level; a return has the hidden "
            "g2g sheet g2g returns wrote",
        )
    out.layout = " and ".join(dict.fromkeys(layouts))
    return _keep_month(out, month)


def _keep_month(out: FileRead, month: str | None) -> FileRead:
    if month is None:
        return out
    kept = [e for e in out.entries if e.month == month]
    left = sorted({e.month for e in out.entries if e.month != month})
    if left:
        out.notes.append(
            f"{out.file}: figures for {', '.join(left)} left out: --month {month} imports only "
            f"{month}"
        )
    out.entries = kept
    return out


def _first_row(path: Path) -> list[str] | None:
    for row in csv_rows(path):
        return [" ".join(c.split()).lower() for c in row]
    return None


def _read_sheet(sheet: Sheet, out: FileRead) -> str:
    """Find the heading row and read a long table or a scorecard; '' when neither."""
    for number, row in enumerate(sheet.rows[:HEADING_ROWS], start=1):
        names = [_text(c).lower() for c in row]
        if {"measure", "month", "value"} <= set(names):
            _read_long(sheet, number, names, out)
            return "long table"
        months: list[tuple[int, str | None, str | None]] = []
        for column, cell in enumerate(row, start=1):
            try:
                found = parse_month(cell)
            except CellValueError as exc:
                months.append((column, None, str(exc)))
                continue
            if found:
                months.append((column, found, None))
        if any(m for _, m, _ in months):
            _read_wide(sheet, number, months, out)
            return "scorecard"
    return ""


def _merged_problems(sheet: Sheet, rows: range, columns: Iterable[int], out: FileRead) -> None:
    wanted = set(columns)
    for first_row, first_col, last_row, last_col in sheet.merged:
        if last_row < rows.start or first_row >= rows.stop:
            continue
        if not wanted & set(range(first_col, last_col + 1)):
            continue
        _problem(
            out,
            sheet.where(first_row, first_col),
            "merged",
            f"cells {range_text(first_row, first_col, last_row, last_col)} are merged - unmerge "
            "them and give each figure or heading its own cell",
        )


def _read_long(sheet: Sheet, header: int, names: list[str], out: FileRead) -> None:
    column = {
        n: names.index(n) + 1 for n in ("measure", "month", "value", "note", "source") if n in names
    }
    used = set(column.values())
    extra = [n or f"column {i}" for i, n in enumerate(names, start=1) if i not in used and n]
    if extra:
        out.notes.append(
            f"{sheet.where(header)}: columns ignored: {', '.join(extra)} (a long table reads "
            "measure, month, value, note and source)"
        )
    if header > 1:
        out.notes.append(f"{sheet.where(header)}: rows above the headings ignored")
    _merged_problems(sheet, range(header, len(sheet.rows) + 1), used, out)
    for number in range(header + 1, len(sheet.rows) + 1):
        label_cell = sheet.cell(number, column["measure"])
        month_cell = sheet.cell(number, column["month"])
        value_cell = sheet.cell(number, column["value"])
        cells = (label_cell, month_cell, value_cell)
        if all(c.value is None and c.formula is None for c in cells):
            continue
        label = _text(label_cell)
        if label_cell.formula is not None or not label:
            _problem(
                out,
                sheet.where(number, column["measure"]),
                "formula" if label_cell.formula else "unknown-measure",
                "holds a formula - write the measure's id or name"
                if label_cell.formula
                else "no measure - write the measure's id or name, or delete the row",
            )
            continue
        try:
            month = parse_month(month_cell)
        except CellValueError as exc:
            _problem(out, sheet.where(number, column["month"]), exc.kind, str(exc))
            continue
        if month is None:
            shown = _text(month_cell)
            _problem(
                out,
                sheet.where(number, column["month"]),
                "month",
                f"'{shown}' is not a month - write it as YYYY-MM, e.g. 2019-09"
                if shown
                else "no month - write it as YYYY-MM, e.g. 2019-09",
            )
            continue
        extras = {}
        for name in ("note", "source"):
            if name in column:
                extras[name] = _text(sheet.cell(number, column[name])) or None
        out.entries.append(
            Entry(
                label,
                month,
                value_cell,
                sheet.where(number, column["value"]),
                note=extras.get("note"),
                source=extras.get("source"),
                label_where=sheet.where(number, column["measure"]),
                month_where=sheet.where(number, column["month"]),
            )
        )


def _read_wide(
    sheet: Sheet,
    header: int,
    months: list[tuple[int, str | None, str | None]],
    out: FileRead,
) -> None:
    first_month = min(c for c, _, _ in months)
    good = [(c, m) for c, m, _ in months if m]
    for column, _, problem in months:
        if problem:
            _problem(out, sheet.where(header, column), "date-as-text", problem)
    seen: dict[str, int] = {}
    for column, month in good:
        if month in seen:
            _problem(
                out,
                sheet.where(header, column),
                "repeated",
                f"{month} is also the heading of column {seen[month]} - keep one column per month",
            )
        seen.setdefault(month, column)
    month_columns = {c for c, _ in good}
    label_columns = list(range(1, first_month))
    used_columns = set(label_columns) | month_columns
    row_of_headings = sheet.rows[header - 1]
    extra = [
        _text(c) or f"column {i}"
        for i, c in enumerate(row_of_headings, start=1)
        if i > first_month and i not in month_columns and (_text(c) or c.formula)
    ]
    if extra:
        out.notes.append(f"{sheet.where(header)}: columns ignored: {', '.join(extra)}")
    if header > 1:
        out.notes.append(f"{sheet.where(header)}: rows above the headings ignored")
    _merged_problems(sheet, range(header, len(sheet.rows) + 1), used_columns, out)
    for number in range(header + 1, len(sheet.rows) + 1):
        labels = [
            (col, _text(sheet.cell(number, col)))
            for col in label_columns
            if _text(sheet.cell(number, col))
        ]
        figures = [(c, m, sheet.cell(number, c)) for c, m in good]
        filled = [f for f in figures if f[2].value is not None or f[2].formula is not None]
        if not labels:
            if filled:
                _problem(
                    out,
                    sheet.where(number, filled[0][0]),
                    "unknown-measure",
                    "figures on a row that names no measure - write the measure's id or name "
                    "left of the months",
                )
            continue
        if not filled:
            continue
        for column, month, cell in filled:
            if month in seen and seen[month] != column:
                continue
            out.entries.append(
                Entry(
                    " | ".join(t for _, t in labels),
                    month,
                    cell,
                    sheet.where(number, column),
                    strict=False,
                    label_where=sheet.where(number, labels[0][0]),
                    month_where=sheet.where(header, column),
                )
            )


# --- DfE open data -------------------------------------------------------------------------


@dataclass
class _Area:
    level: str
    codes: tuple[str, ...]
    name: str
    region_code: str
    region_name: str


def _area_matches(wanted: str, area: _Area) -> bool:
    key = _key(wanted)
    return key in (_key(c) for c in area.codes if c) or key == _key(area.name)


def _dfe_month(identifier: str, period: str, mapping_month: int | None) -> tuple[str | None, str]:
    """The month a DfE row's period gives a figure, or None and why not."""
    ident = _key(identifier)
    months = {name: number for name, number in _MONTH_NAMES.items() if len(name) > 3}
    months["may"] = 5
    if ident in months:
        if not re.fullmatch(r"\d{4}", period):
            return None, f"time_period '{period}' is not a year - a {identifier} period is YYYY"
        return _month(int(period), months[ident]), ""
    if ident not in DFE_DEFAULT_MONTH:
        return None, "skip"
    if ident in ("calendar year", "reporting year"):
        if not re.fullmatch(r"\d{4}", period):
            return None, f"time_period '{period}' is not a year - a {identifier} is YYYY, e.g. 2019"
        year = int(period)
    else:
        found = re.fullmatch(r"(\d{4})(\d{2})", period)
        if not found or (int(found.group(1)) + 1) % 100 != int(found.group(2)):
            return None, (
                f"time_period '{period}' is not a {identifier} - write the two years' digits, "
                "e.g. 201819 for 2018-19"
            )
        year = int(found.group(1)) + 1
    return _month(year, mapping_month or DFE_DEFAULT_MONTH[ident]), ""


def _read_dfe(path: Path, header: list[str], plans: list[ValidPlan], out: FileRead) -> None:
    """Read the rows of a DfE file that the plans' measures (``dfe:``) and areas need."""
    index = {name: i for i, name in enumerate(header)}
    wanted: list[tuple[ValidPlan, MeasuresFile, Measure, int]] = []
    for plan in plans:
        measures = plan.measures.model if plan.measures else None
        if measures is None:
            continue
        for measure in measures.measures:
            for n, mapping in enumerate(measure.dfe):
                if mapping.indicator.lower() in index:
                    wanted.append((plan, measures, measure, n))
    mapped = {m.dfe[n].indicator.lower() for _, _, m, n in wanted}
    known = set(DFE_COLUMNS) | set(DFE_AREA_COLUMNS)
    filters = {k.lower() for _, _, m, n in wanted for k in m.dfe[n].filters}
    others = [h for h in header if h not in known and h not in mapped and h not in filters]
    if not wanted:
        _problem(
            out,
            out.file,
            "unknown-measure",
            "no measure of the plans given says it is published in this file - add to a measure "
            "in measures.yaml: dfe: [{indicator: COLUMN}], with COLUMN one of "
            + ", ".join(others[:20]),
        )
        return
    if others:
        out.notes.append(f"{out.file}: columns no measure maps ignored: {', '.join(others)}")
    for plan, measures, _, _ in wanted:
        if measures.local_authority is None:
            _problem(
                out,
                plan.measures.path if plan.measures else out.file,
                "no-area",
                "measures.yaml names no local_authority - add local_authority: and the "
                "council's code or name as the DfE's files give it (e.g. E08000004 or Oldham)",
            )
            return

    def get(row: list[str], name: str) -> str:
        i = index.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    rows: list[tuple[int, list[str], _Area]] = []
    skipped: set[str] = set()
    all_areas = [
        a
        for _, measures, _, _ in wanted
        for a in [measures.local_authority or "", *measures.statistical_neighbours]
    ]
    for number, row in enumerate(csv_rows(path), start=1):
        if number == 1:
            continue
        level = _key(get(row, "geographic_level"))
        area = _Area(
            level,
            (get(row, "new_la_code"), get(row, "old_la_code")),
            get(row, "la_name"),
            get(row, "region_code"),
            get(row, "region_name"),
        )
        if level == "local authority" and not any(_area_matches(a, area) for a in all_areas):
            continue
        if level not in ("national", "regional", "local authority"):
            skipped.add(get(row, "geographic_level"))
            continue
        rows.append((number, row, area))
    if skipped:
        out.notes.append(
            f"{out.file}: rows at {', '.join(sorted(skipped))} level ignored (g2g reads national, "
            "regional and local authority rows)"
        )
    bad_periods: set[tuple[int, str]] = set()
    for plan, measures, measure, n in wanted:
        mapping = measure.dfe[n]
        column = index[mapping.indicator.lower()] + 1
        picked = [
            (number, row, area)
            for number, row, area in rows
            if all(
                _key(get(row, k.lower())) == _key(v) or (k.lower() not in index)
                for k, v in mapping.filters.items()
            )
        ]
        missing = [k for k in mapping.filters if k.lower() not in index]
        if missing:
            _problem(
                out,
                plan.measures.path if plan.measures else out.file,
                "unknown-measure",
                f"{measure.id}'s dfe filter {', '.join(missing)} is not a column of {out.file} - "
                "use a column the file has, or leave the filter out",
            )
            continue
        own = [p for p in picked if _area_matches(measures.local_authority or "", p[2])]
        if not own:
            out.notes.append(
                f"{out.file}: no row for {measures.local_authority} - {plan.folder.name}'s "
                f"local_authority; its figures for {measure.id} are not in this file"
            )
        regions = {p[2].region_code for p in own}
        neighbours = {
            name: [p for p in picked if _area_matches(name, p[2])]
            for name in measures.statistical_neighbours
        }
        for name, found in neighbours.items():
            if not found:
                out.notes.append(
                    f"{out.file}: no row for statistical neighbour {name} - give its code or "
                    "name as the file has it"
                )
        chosen: list[tuple[int, list[str], Series]] = []
        # the council's own figure, England, its region, then each neighbour in the plan's order
        for number, row, _ in own:
            chosen.append((number, row, Series()))
        for number, row, area in picked:
            if area.level == "national":
                chosen.append((number, row, Series("england")))
        for number, row, area in picked:
            if area.level == "regional" and area.region_code in regions:
                chosen.append((number, row, Series("region", area.region_name or None)))
        for name, found in neighbours.items():
            for number, row, area in found:
                if area.level == "local authority":
                    chosen.append(
                        (number, row, Series("statistical_neighbours", area.name or name))
                    )
        for number, row, series in chosen:
            period, identifier = get(row, "time_period"), get(row, "time_identifier")
            month, why = _dfe_month(identifier, period, mapping.month)
            if month is None:
                if why == "skip":
                    out.notes.append(
                        f"{out.file}:{number}: time_identifier '{identifier}' is not a year or "
                        "month g2g records - row ignored"
                    )
                elif (number, period) not in bad_periods:
                    bad_periods.add((number, period))
                    _problem(
                        out,
                        f"{out.file}:{number}:{index['time_period'] + 1}",
                        "wrong-year",
                        why,
                    )
                continue
            raw = row[column - 1] if column - 1 < len(row) else ""
            out.entries.append(
                Entry(
                    measure.id,
                    month,
                    Cell(raw.strip() or None),
                    f"{out.file}:{number}:{column}",
                    series=series,
                    dfe_measure=f"{plan.folder}/{measure.id}",
                    source=None,
                )
            )


# --- matching and recording ----------------------------------------------------------------


@dataclass
class Change:
    """One figure for one plan's measure, and what recording it does."""

    measure: str
    series: Series
    month: str
    value: Value
    where: str
    kind: str = "new"
    """new, replaced, unchanged or conflict."""
    previous: Value = None
    note: str | None = None
    source: str | None = None


@dataclass
class PlanFigures:
    """What an import records (or would) in one plan's measures.yaml."""

    folder: Path
    plan_id: str
    path: str
    changes: list[Change] = field(default_factory=list)
    written: bool = False


@dataclass
class FigureImport:
    """What an import of figure files did (or, in a dry run, would do)."""

    reads: list[FileRead]
    plans: list[PlanFigures]
    problems: list[FigureProblem]
    notes: list[str]
    imported: bool

    def summary(self, *, dry_run: bool, good_rows: bool) -> ImportSummary:
        """What ``g2g import`` says about this import of figures."""
        count = same = 0
        where: list[str] = []
        lines: list[str] = []
        for plan in self.plans:
            lines += describe(plan, dry_run)
            recorded = sum(1 for c in plan.changes if c.kind in ("new", "replaced"))
            same += sum(1 for c in plan.changes if c.kind == "unchanged")
            count += recorded
            if recorded and (plan.written or dry_run):
                where.append(plan.path)
        problems = len(self.problems)
        return ImportSummary(
            lines,
            refusal=(
                f"nothing imported: {plural(problems, 'problem')} - correct "
                f"{'it' if problems == 1 else 'them'} and import again, or give --good-rows to "
                "import the other figures"
                if self.problems and not good_rows
                else None
            ),
            recorded=recorded_line(
                count, plural(count, "figure"), ", ".join(where), dry_run=dry_run
            ),
            unchanged=f"{plural(same, 'figure')} already held what the file says."
            if same
            else None,
            left_out=(
                f"{plural(problems, 'problem')}: the figures they concern were not imported"
                if self.problems
                else None
            ),
        )


def _names(measure: Measure) -> set[str]:
    return {_key(measure.id), _key(measure.name), *(_key(c) for c in measure.codes)}


def _lookup(plan: ValidPlan) -> dict[str, Measure]:
    measures = plan.measures.model if plan.measures else None
    out: dict[str, Measure] = {}
    for measure in measures.measures if measures else []:
        for name in _names(measure):
            out.setdefault(name, measure)
    return out


def _series_values(measure: Measure, series: Series) -> dict[str, Value] | None:
    if series.kind is None:
        return dict(measure.values)
    for comparator in measure.comparators:
        if comparator.kind.value == series.kind and (
            comparator.name == series.name or series.kind == "england"
        ):
            return dict(comparator.values)
    return None


def _same(one: Value, two: Value) -> bool:
    if is_number(one) and is_number(two):
        return float(one) == float(two)
    return one == two


def _match(
    reads: list[FileRead], plans: list[tuple[Path, ValidPlan]], today: dt.date
) -> tuple[list[PlanFigures], list[FigureProblem], list[str]]:
    problems: list[FigureProblem] = []
    notes: list[str] = []
    results: list[PlanFigures] = []
    lookups = [(folder, plan, _lookup(plan)) for folder, plan in plans]
    matched: set[int] = set()
    this_month = f"{today.year:04d}-{today.month:02d}"
    for folder, plan, lookup in lookups:
        path = plan.measures.path if plan.measures else display_path(folder / MEASURES_FILE)
        result = PlanFigures(folder, plan.model.plan.id, path)
        taken: dict[tuple[str, Series, str], Change] = {}
        for read in reads:
            for entry in read.entries:
                if entry.dfe_measure is not None:
                    measure_id = entry.dfe_measure.rsplit("/", 1)[1]
                    if entry.dfe_measure.rsplit("/", 1)[0] != str(folder):
                        continue
                    measure = next(m for m in lookup.values() if m.id == measure_id)
                else:
                    found = lookup.get(_key(entry.label))
                    if found is None and " | " in entry.label:
                        found = next(
                            (
                                lookup[_key(p)]
                                for p in entry.label.split(" | ")
                                if _key(p) in lookup
                            ),
                            None,
                        )
                    if found is None:
                        continue
                    measure = found
                matched.add(id(entry))
                if entry.month > this_month:
                    problems.append(
                        FigureProblem(
                            entry.month_where or entry.where,
                            f"{entry.month} is after this month ({this_month}) - check the year "
                            "of the month heading or cell",
                            CODES["wrong-year"],
                        )
                    )
                    continue
                try:
                    value = parse_value(
                        entry.cell, measure, published=entry.dfe_measure is not None
                    )
                except CellValueError as exc:
                    problems.append(FigureProblem(entry.where, str(exc), CODES[exc.kind]))
                    continue
                if entry.cell.value is None and entry.cell.formula is None:
                    if entry.strict and entry.dfe_measure is None:
                        problems.append(
                            FigureProblem(
                                entry.where,
                                "no value - write the figure, or a code such as : (not "
                                "available) or c (suppressed)",
                                CODES["number"],
                            )
                        )
                    continue
                key = (measure.id, entry.series, entry.month)
                if key in taken:
                    first = taken[key]
                    label = entry.series.label() + " " if entry.series.kind else ""
                    if not _same(first.value, value) and entry.dfe_measure is not None:
                        problems.append(
                            FigureProblem(
                                entry.where,
                                f"{measure.id} {label}for {entry.month}: a second row of the "
                                f"file (the first is {first.where}) - add filters: to the "
                                "measure's dfe: mapping to pick one row per area (a column "
                                "whose value differs between the two rows)",
                                CODES["repeated"],
                            )
                        )
                    elif not _same(first.value, value):
                        problems.append(
                            FigureProblem(
                                entry.where,
                                f"{measure.id} {label}"
                                f"for {entry.month} is also given at {first.where} with "
                                f"{_shown(first.value)} - keep one of the two",
                                CODES["repeated"],
                            )
                        )
                    continue
                existing = _series_values(measure, entry.series) or {}
                change = Change(
                    measure.id,
                    entry.series,
                    entry.month,
                    value,
                    entry.where,
                    note=entry.note,
                    source=entry.source,
                )
                if entry.month in existing and existing[entry.month] is not None:
                    change.previous = existing[entry.month]
                    change.kind = "unchanged" if _same(existing[entry.month], value) else "conflict"
                elif entry.month in existing:
                    change.kind = "new"
                taken[key] = change
                result.changes.append(change)
        results.append(result)
    for read in reads:
        for entry in read.entries:
            if id(entry) in matched:
                continue
            names = sorted({m.id for _, _, lookup in lookups for m in lookup.values()})
            hint = did_you_mean(entry.label.split(" | ")[0], names)
            where = entry.label_where or entry.where
            if entry.strict:
                problems.append(
                    FigureProblem(
                        where,
                        f"'{entry.label}' is not a measure of "
                        f"{', '.join(r.plan_id for r in results) or 'the plans given'}{hint} - "
                        "write its id or name, or add the name to the measure's codes: in "
                        "measures.yaml",
                        CODES["unknown-measure"],
                    )
                )
            else:
                note = (
                    f"{where}: row '{entry.label}' names no measure of "
                    f"{', '.join(r.plan_id for r in results)}{hint} - ignored (add it to a "
                    "measure's codes: in measures.yaml to import it)"
                )
                if note not in notes:
                    notes.append(note)
        if read.entries and not any(id(e) in matched for e in read.entries):
            plans_named = ", ".join(r.plan_id for r in results) or "the plans given"
            problems.append(
                FigureProblem(
                    read.file,
                    f"no row names a measure of {plans_named} - check the file is for this "
                    "plan, or add the file's names for its measures to their codes: in "
                    "measures.yaml",
                    CODES["unknown-measure"],
                )
            )
    return results, problems, notes


def _shown(value: Value) -> str:
    if value is None:
        return "null (not available)"
    if isinstance(value, str):
        return value
    return _exact(value)


def import_figures(
    paths: list[Path],
    plans: dict[str, tuple[Path, ValidPlan]],
    month: str | None = None,
    *,
    replace: bool = False,
    good_rows: bool = False,
    dry_run: bool = False,
    lock_timeout: float = 10.0,
    today: dt.date | None = None,
) -> FigureImport:
    """Read every figure file, then record what they hold, one write per plan.

    ``month`` (optional) imports only that month's figures. Raises CycleError when a plan's
    measures.yaml cannot be written or would make the plan invalid; then that plan is unchanged.
    """
    today = today or dt.date.today()
    loaded = [plan for _, plan in plans.values()]
    reads = [read_figure_file(path, loaded, month) for path in paths]
    notes = [n for read in reads for n in read.notes]
    problems = [p for read in reads for p in read.problems]
    results, found, more = _match(reads, list(plans.values()), today)
    problems += found
    notes += more
    for result in results:
        for change in result.changes:
            if change.kind == "conflict" and replace:
                change.kind = "replaced"
            elif change.kind == "conflict":
                label = f" ({change.series.label()})" if change.series.kind else ""
                problems.append(
                    FigureProblem(
                        change.where,
                        f"{change.measure}{label} already has {_shown(change.previous)} for "
                        f"{change.month} in {result.path}, and this cell says "
                        f"{_shown(change.value)} - import with --replace to overwrite it, or "
                        "correct the cell",
                        CODES["already-recorded"],
                    )
                )
    problems = sorted(set(problems), key=_problem_order)
    if problems and not good_rows:
        return FigureImport(reads, results, problems, notes, False)
    bad = {p.where for p in problems}
    for result in results:
        result.changes = [c for c in result.changes if c.where not in bad]
        todo = [c for c in result.changes if c.kind in ("new", "replaced")]
        if todo:
            _record(result, todo, dry_run=dry_run, timeout=lock_timeout, today=today)
    imported = any(r.written for r in results) or (dry_run and not problems)
    return FigureImport(reads, results, problems, notes, imported)


def _problem_order(problem: FigureProblem) -> tuple[str, int, str, str]:
    """File, then row (as a number), then column, then message."""
    where = problem.where
    found = re.search(r"!([A-Z]+)(\d+)$", where)
    if found:
        return (where.split("!")[0], int(found.group(2)), found.group(1).rjust(3), problem.message)
    parts = where.rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return (parts[0], int(parts[1]), parts[2].rjust(5), problem.message)
    return (where, 0, "", problem.message)


MEASURE_ORDER = (
    "id",
    "name",
    "codes",
    "group",
    "unit",
    "polarity",
    "target",
    "tolerance",
    "values",
    "notes",
    "comparators",
    "dfe",
    "source",
    "exempt",
)


def _plain_data(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_data(v) for v in value]
    return value


def _record(
    result: PlanFigures, todo: list[Change], *, dry_run: bool, timeout: float, today: dt.date
) -> None:
    folder = result.folder
    path = folder / MEASURES_FILE
    shown = display_path(path)
    try:
        with file_lock(path, timeout):
            plan = load_plan(folder)
            measures = plan.loaded_measures
            if valid_or_none(plan) is None or plan.measures is None or measures is None:
                raise CycleError(
                    f"{shown} has errors - fix them before importing figures (see g2g validate)",
                    diagnostics=errors_of(plan.diagnostics),
                )
            raw = path.read_bytes().decode("utf-8")
            text = _edited(raw, plan.measures.data, measures, todo)
            after_plan = _with_measures(plan, shown, text)
            new = errors_of(validate_plan(after_plan, today))
            if new:  # only the errors the figures bring refuse them (rare: check before too)
                from g2g.cycle.common import introduced

                before = validate_plan(plan, today)
                new = errors_of(introduced(before, validate_plan(after_plan, today)))
            if new:
                raise CycleError(
                    f"not recorded: the figures would make the plan invalid - {shown} is unchanged",
                    diagnostics=new,
                )
            if not dry_run:
                atomic_write(path, text.encode("utf-8"))
                result.written = True
    except WriteError as exc:
        raise CycleError(f"{shown}: {exc} - it is unchanged") from None
    except OSError as exc:
        raise CycleError(f"{shown}: cannot write the file: {exc.strerror or exc}") from None


def _edited(raw: str, data: Any, model: MeasuresFile, todo: list[Change]) -> str:
    index = {m.id: i for i, m in enumerate(model.measures)}
    edits: dict[int, Edit] = {}
    comparators: dict[int, list[dict[str, Any]]] = {}
    for change in todo:
        i = index[change.measure]
        edit = edits.setdefault(i, Edit({}, {}))
        if change.series.kind is None:
            edit.nested.setdefault("values", {})[change.month] = change.value
        else:
            series = comparators.get(i)
            if series is None:
                series = _plain_data(list(data["measures"][i].get("comparators") or []))
                comparators[i] = series
            target = next(
                (
                    c
                    for c in series
                    if c.get("kind", "statistical_neighbours") == change.series.kind
                    and (c.get("name") == change.series.name or change.series.kind == "england")
                ),
                None,
            )
            if target is None:
                target = {"kind": change.series.kind}
                if change.series.name:
                    target["name"] = change.series.name
                target["values"] = {}
                series.append(target)
            values = target.setdefault("values", {})
            if values is None:
                target["values"] = values = {}
            values[change.month] = change.value
            edit.keys["comparators"] = series
        if change.note:
            edit.nested.setdefault("notes", {})[change.month] = change.note
        measure = model.measures[i]
        if change.source and measure.source is None:
            edit.keys["source"] = change.source
    return edit_mappings_in_list(raw, "measures", edits, MEASURE_ORDER).text


def _with_measures(plan: Plan, shown: str, text: str) -> Plan:
    document = read_yaml(shown, text.encode("utf-8"))
    problems = list(document.diagnostics)
    model: MeasuresFile | None = None
    if document.data is not None or not document.diagnostics:
        model, found = validate_model(MeasuresFile, document.data, shown, empty=document.empty)
        problems.extend(found)
    diagnostics = [d for d in plan.diagnostics if d.path != shown] + problems
    return replace(plan, measures=Source(shown, document.data, model), diagnostics=diagnostics)


def describe(result: PlanFigures, dry_run: bool) -> list[str]:
    """Lines saying what an import did (or would do) to one plan: one per measure and series."""
    lines: list[str] = []
    groups: dict[tuple[str, Series], list[Change]] = {}
    for change in result.changes:
        if change.kind in ("new", "replaced"):
            groups.setdefault((change.measure, change.series), []).append(change)
    for (measure, series), changes in groups.items():
        parts = []
        for change in sorted(changes, key=lambda c: c.month):
            if change.kind == "replaced":
                parts.append(
                    f"{change.month} {_shown(change.value)} (was {_shown(change.previous)})"
                )
            else:
                parts.append(f"{change.month} {_shown(change.value)}")
        label = f" {series.label()}" if series.kind else ""
        verb = "would record" if dry_run else "recorded"
        lines.append(f"{result.plan_id} {measure}{label}: {verb} {', '.join(parts)}")
    return lines
