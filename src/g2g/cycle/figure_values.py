"""Service figures, cell by cell: the months a figure file names and the values it holds,
checked against each measure's unit (g2g.cycle.figures imports them).

A month is an ISO month or date, an Excel date, or a named month (``Sep 2019``); a date written
as text (``01/09/2019``) is refused with the months it could be. A value is a number in the
measure's unit (a percentage is written 55: ``55%`` typed as text and 0.55 are refused, with
what to write), a suppression code (``c``, ``:``, ``z``, ``x``, ``u``, ``low``, ``..``) kept as
a code, or not available. Every refusal is a :class:`g2g.cycle.cells.CellValueError` whose kind
picks the :data:`CODES` entry of the :class:`FigureProblem` it becomes. The vocabulary the
readers share (the problem codes, DfE open data's headings, the month names) is here too.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from g2g.cycle.cells import CellValueError
from g2g.cycle.update import parse_number
from g2g.io.tables import (
    Cell,
)
from g2g.plan.figure_checks import NON_NEGATIVE_UNITS
from g2g.plan.model_base import SUPPRESSION_CODES, Unit
from g2g.plan.model_measures import Measure
from g2g.words import format_number, one_line

__all__ = [
    "CODES",
    "MONTH_NAMES",
    "FigureProblem",
    "Value",
    "exact_number",
    "figure_month",
    "match_key",
    "parse_month",
    "parse_value",
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

MONTH_NAMES = {
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
        """The problem as g2g prints it: where, then what is wrong."""
        return f"{self.where}: {self.message}"


# --- reading months and values -------------------------------------------------------------


def figure_month(year: int, month: int) -> str | None:
    """``YYYY-MM`` for a year and month a figure file can mean; None for any other."""
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
        return figure_month(value.year, value.month)
    if not isinstance(value, str):
        return None
    text = one_line(value)
    found = _ISO_MONTH.match(text)
    if found:
        return figure_month(int(found.group(1)), int(found.group(2)))
    found = _NAMED_MONTH.match(text)
    if found and found.group(1).lower() in MONTH_NAMES:
        year = int(found.group(2))
        return figure_month(
            year + 2000 if year < 100 else year, MONTH_NAMES[found.group(1).lower()]
        )
    found = _TEXT_DATE.match(text)
    if found:
        day, month, year = (int(g) for g in found.groups())
        year = year + 2000 if year < 100 else year
        options = sorted(
            {m for d, m in ((day, month), (month, day)) if figure_month(year, m) and d}
        )
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


def exact_number(number: float) -> str:
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
    if isinstance(value, int | float):
        number: float | None = _numeric_value(value, cell.percent, measure, published=published)
    else:
        text = one_line(str(value))
        code = _code(text, published=published)
        if code is not None:
            return code
        number = _text_number(text, measure, published=published)
    if number is None:
        return None
    if not math.isfinite(number):
        raise CellValueError("number", "is not a finite number - write a number such as 42")
    problem = _range_problem(unit, number)
    if problem:
        raise CellValueError("number", problem)
    return _plain(number)


def _numeric_value(value: float, percent: bool, measure: Measure, *, published: bool) -> float:
    """A number cell's figure, scaled by 100 when Excel shows it as a percentage."""
    unit = measure.unit
    number = float(value)
    if percent:
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
                f"the cell shows {exact_number(number)}% ({exact_number(float(value))} "
                f"formatted as a percentage) - write {exact_number(float(value))} in a cell "
                "without the "
                "percentage format, or format the cell as a number",
            )
    elif unit is Unit.percent and 0 < number < 1 and not published:
        raise CellValueError(
            "number",
            f"{exact_number(number)} looks like a proportion, but {measure.id} is a "
            f"percentage - write {exact_number(round(number * 100, 9))} for "
            f"{exact_number(round(number * 100, 9))}%",
        )
    return number


def _code(text: str, *, published: bool) -> str | None:
    """The code a text cell holds (c, or low for DfE's obsolete ~); None when it is no code."""
    if text in SUPPRESSION_CODES:
        return text
    if published and text in DFE_OBSOLETE:
        return DFE_OBSOLETE[text]
    return None


def _text_number(text: str, measure: Measure, *, published: bool) -> float | None:
    """A figure written as text (not a code); None when written as not available."""
    unit = measure.unit
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
            f"{exact_number(round(number * 100, 9))} for "
            f"{exact_number(round(number * 100, 9))}%",
        )
    return number


def match_key(text: str) -> str:
    """A measure's id, name or code as it is matched: spacing and case do not count."""
    return one_line(text).casefold()
