"""Reading figure files: the three shapes ``g2g import`` recognises by their content (see
g2g.cycle.figures) - a long table, a wide scorecard, and DfE open data - into the series and
entries of a :class:`FileRead`, every refused cell a located :class:`FigureProblem`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from g2g.cycle.cells import CellValueError
from g2g.cycle.figure_values import (
    CODES,
    DFE_AREA_COLUMNS,
    DFE_COLUMNS,
    DFE_DEFAULT_MONTH,
    HEADING_ROWS,
    MONTH_NAMES,
    FigureProblem,
    figure_month,
    match_key,
    parse_month,
)
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
from g2g.plan.load import (
    ValidPlan,
    display_path,
)
from g2g.plan.model_measures import Measure, MeasuresFile
from g2g.words import format_number, one_line

__all__ = ["FileRead", "ReadFigure", "SeriesKey", "figure_file_kind", "read_figure_file"]

# --- what a file holds ---------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesKey:
    """Which series of a measure a figure belongs to: its own values, or a comparator."""

    kind: str | None = None
    """None for the measure's own figure; else a comparator kind (england, region...)."""
    name: str | None = None

    def label(self) -> str:
        """The series' kind and name as a heading shows them; empty for the measure's own values."""
        if self.kind is None:
            return ""
        return self.name or self.kind.replace("_", " ").capitalize()


@dataclass
class ReadFigure:
    """One figure read from a file, not yet matched to a plan's measure."""

    label: str
    """The measure as the file names it (or, for DfE, the measure's id)."""
    month: str
    cell: Cell
    where: str
    note: str | None = None
    source: str | None = None
    series: SeriesKey = SeriesKey()
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
    entries: list[ReadFigure] = field(default_factory=list)
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
    return one_line(str(value))


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
        return [one_line(c).lower() for c in row]
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
            ReadFigure(
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
    seen = _wide_month_columns(sheet, header, months, out)
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
        _read_wide_row(sheet, header, number, label_columns, good, seen, out)


def _wide_month_columns(
    sheet: Sheet, header: int, months: list[tuple[int, str | None, str | None]], out: FileRead
) -> dict[str, int]:
    """Each month's first column; a problem for a date written as text or a repeated month."""
    for column, _, problem in months:
        if problem:
            _problem(out, sheet.where(header, column), "date-as-text", problem)
    seen: dict[str, int] = {}
    for column, month in ((c, m) for c, m, _ in months if m):
        if month in seen:
            _problem(
                out,
                sheet.where(header, column),
                "repeated",
                f"{month} is also the heading of column {seen[month]} - keep one column per month",
            )
        seen.setdefault(month, column)
    return seen


def _read_wide_row(
    sheet: Sheet,
    header: int,
    number: int,
    label_columns: list[int],
    good: list[tuple[int, str]],
    seen: dict[str, int],
    out: FileRead,
) -> None:
    """One scorecard row's figures, each month from its first column only."""
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
        return
    for column, month, cell in filled:
        if month in seen and seen[month] != column:
            continue
        out.entries.append(
            ReadFigure(
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
    key = match_key(wanted)
    return key in (match_key(c) for c in area.codes if c) or key == match_key(area.name)


def _dfe_month(identifier: str, period: str, mapping_month: int | None) -> tuple[str | None, str]:
    """The month a DfE row's period gives a figure, or None and why not."""
    ident = match_key(identifier)
    months = {name: number for name, number in MONTH_NAMES.items() if len(name) > 3}
    months["may"] = 5
    if ident in months:
        if not re.fullmatch(r"\d{4}", period):
            return None, f"time_period '{period}' is not a year - a {identifier} period is YYYY"
        return figure_month(int(period), months[ident]), ""
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
    return figure_month(year, mapping_month or DFE_DEFAULT_MONTH[ident]), ""


_Wanted = tuple[ValidPlan, MeasuresFile, Measure, int]
"""A measure that says it is published in the file: its plan, measures file, and mapping's index."""
_Row = tuple[int, list[str], _Area]
"""A DfE row g2g reads: its line number, its fields, and the area it is about."""


def _read_dfe(path: Path, header: list[str], plans: list[ValidPlan], out: FileRead) -> None:
    """Read the rows of a DfE file that the plans' measures (``dfe:``) and areas need."""
    index = {name: i for i, name in enumerate(header)}
    wanted = _dfe_wanted(plans, index)
    if not _dfe_columns(header, wanted, out) or not _dfe_areas_named(wanted, out):
        return
    rows = _dfe_rows(path, index, wanted, out)
    bad_periods: set[tuple[int, str]] = set()
    for item in wanted:
        _read_dfe_measure(item, index, rows, bad_periods, out)


def _field(index: dict[str, int], row: list[str], name: str) -> str:
    """A DfE row's field by its column's name; '' when the file has no such column."""
    i = index.get(name)
    return row[i].strip() if i is not None and i < len(row) else ""


def _dfe_wanted(plans: list[ValidPlan], index: dict[str, int]) -> list[_Wanted]:
    """Every mapping (``dfe:``) of the plans' measures whose indicator is a column of the file."""
    wanted: list[_Wanted] = []
    for plan in plans:
        measures = plan.measures.model if plan.measures else None
        if measures is None:
            continue
        for measure in measures.measures:
            for n, mapping in enumerate(measure.dfe):
                if mapping.indicator.lower() in index:
                    wanted.append((plan, measures, measure, n))
    return wanted


def _dfe_columns(header: list[str], wanted: list[_Wanted], out: FileRead) -> bool:
    """Note the columns no measure maps; False (and a problem) when no measure is wanted."""
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
        return False
    if others:
        out.notes.append(f"{out.file}: columns no measure maps ignored: {', '.join(others)}")
    return True


def _dfe_areas_named(wanted: list[_Wanted], out: FileRead) -> bool:
    """Whether every measures.yaml names its local_authority (a problem for the first not)."""
    for plan, measures, _, _ in wanted:
        if measures.local_authority is None:
            _problem(
                out,
                plan.measures.path if plan.measures else out.file,
                "no-area",
                "measures.yaml names no local_authority - add local_authority: and the "
                "council's code or name as the DfE's files give it (e.g. E08000004 or Oldham)",
            )
            return False
    return True


def _dfe_rows(
    path: Path, index: dict[str, int], wanted: list[_Wanted], out: FileRead
) -> list[_Row]:
    """The national, regional and wanted local authority rows; a note of other levels."""
    rows: list[_Row] = []
    skipped: set[str] = set()
    all_areas = [
        a
        for _, measures, _, _ in wanted
        for a in [measures.local_authority or "", *measures.statistical_neighbours]
    ]
    for number, row in enumerate(csv_rows(path), start=1):
        if number == 1:
            continue
        level = match_key(_field(index, row, "geographic_level"))
        area = _Area(
            level,
            (_field(index, row, "new_la_code"), _field(index, row, "old_la_code")),
            _field(index, row, "la_name"),
            _field(index, row, "region_code"),
            _field(index, row, "region_name"),
        )
        if level == "local authority" and not any(_area_matches(a, area) for a in all_areas):
            continue
        if level not in ("national", "regional", "local authority"):
            skipped.add(_field(index, row, "geographic_level"))
            continue
        rows.append((number, row, area))
    if skipped:
        out.notes.append(
            f"{out.file}: rows at {', '.join(sorted(skipped))} level ignored (g2g reads national, "
            "regional and local authority rows)"
        )
    return rows


def _read_dfe_measure(
    item: _Wanted,
    index: dict[str, int],
    rows: list[_Row],
    bad_periods: set[tuple[int, str]],
    out: FileRead,
) -> None:
    """One mapping's figures: the council's own, England, its region and its neighbours."""
    plan, measures, measure, n = item
    mapping = measure.dfe[n]
    picked = [
        (number, row, area)
        for number, row, area in rows
        if all(
            match_key(_field(index, row, k.lower())) == match_key(v) or (k.lower() not in index)
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
        return
    own = [p for p in picked if _area_matches(measures.local_authority or "", p[2])]
    if not own:
        out.notes.append(
            f"{out.file}: no row for {measures.local_authority} - {plan.folder.name}'s "
            f"local_authority; its figures for {measure.id} are not in this file"
        )
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
    for number, row, series in _dfe_chosen(picked, own, neighbours):
        _dfe_entry(item, index, number, row, series, bad_periods, out)


def _dfe_chosen(
    picked: list[_Row], own: list[_Row], neighbours: dict[str, list[_Row]]
) -> list[tuple[int, list[str], SeriesKey]]:
    """The council's own figure, England, its region, then each neighbour in the plan's order."""
    regions = {p[2].region_code for p in own}
    chosen: list[tuple[int, list[str], SeriesKey]] = []
    for number, row, _ in own:
        chosen.append((number, row, SeriesKey()))
    for number, row, area in picked:
        if area.level == "national":
            chosen.append((number, row, SeriesKey("england")))
    for number, row, area in picked:
        if area.level == "regional" and area.region_code in regions:
            chosen.append((number, row, SeriesKey("region", area.region_name or None)))
    for name, found in neighbours.items():
        for number, row, area in found:
            if area.level == "local authority":
                chosen.append((number, row, SeriesKey("statistical_neighbours", area.name or name)))
    return chosen


def _dfe_entry(
    item: _Wanted,
    index: dict[str, int],
    number: int,
    row: list[str],
    series: SeriesKey,
    bad_periods: set[tuple[int, str]],
    out: FileRead,
) -> None:
    """One row's figure for the mapping, or a note or problem when its period cannot be read."""
    plan, _, measure, n = item
    mapping = measure.dfe[n]
    column = index[mapping.indicator.lower()] + 1
    period = _field(index, row, "time_period")
    identifier = _field(index, row, "time_identifier")
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
        return
    raw = row[column - 1] if column - 1 < len(row) else ""
    out.entries.append(
        ReadFigure(
            measure.id,
            month,
            Cell(raw.strip() or None),
            f"{out.file}:{number}:{column}",
            series=series,
            dfe_measure=f"{plan.folder}/{measure.id}",
            source=None,
        )
    )
