"""Reading one cell of an update return: text, rating, status, date, figure.

``g2g import`` (g2g.cycle.returns) reads each cell a lead officer filled in through these
functions. Each refuses what it cannot accept with a :class:`CellValueError` whose message says
what is wrong and what to write (a formula, a rating the plan does not use, a day-first date
that could be two dates, a percentage typed as 0.55 in a count column) and whose ``kind`` picks
the problem's stable code.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from g2g.cycle.update import clean_note, parse_choice, parse_number
from g2g.escape import control_problem
from g2g.plan.model_base import Rag, Status, Unit
from g2g.words import did_you_mean, format_number

__all__ = [
    "CellValueError",
    "cell_note",
    "cell_text",
    "is_formula",
    "parse_day_cell",
    "parse_figure",
    "parse_rating",
    "parse_status",
]


_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})\s*$")


class CellValueError(ValueError):
    """A cell value that cannot be accepted; ``kind`` picks the problem's code."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def is_formula(cell: Any) -> bool:
    """Whether a spreadsheet cell holds a formula (never read as a value)."""
    return getattr(cell, "data_type", None) == "f"


def cell_text(cell: Any) -> str:
    """A cell's content as text ('' when blank); formulas are refused."""
    if is_formula(cell):
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


def cell_note(text: str) -> str:
    """A narrative or barriers cell's text as it will be stored (see clean_note); a control
    character is refused (g2g.escape.TEXT_CONTROL)."""
    problem = control_problem(text.replace("\r\n", "\n"))
    if problem is not None:
        raise CellValueError("control", problem)
    return clean_note(text)


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


def parse_day_cell(cell: Any) -> dt.date | None:
    """A date cell (a real date, or text written YYYY-MM-DD); None when blank."""
    value = cell.value
    if is_formula(cell):
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
    _refuse_day_first(text)
    raise CellValueError(
        "date", f"'{text}' is not a date - write it as YYYY-MM-DD, for example 2019-09-30"
    )


def _refuse_day_first(text: str) -> None:
    """Refuse a day-first date (30/09/2019) with the ISO date or dates it could mean."""
    match = _DAY_FIRST.match(text)
    if not match:
        return
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


def parse_figure(cell: Any, unit: Unit) -> float | None:
    """A target's figure: a number (55 for 55%); None when blank (not available)."""
    value = cell.value
    if is_formula(cell):
        raise CellValueError("formula", "holds a formula - type the figure itself, e.g. 42")
    if value is None:
        return None
    if isinstance(value, bool | dt.date | dt.datetime | dt.time):
        raise CellValueError(
            "number", f"'{cell_text(cell)}' is not a number - write a number such as 42 or 42.5"
        )
    if isinstance(value, int | float):
        number: float | None = _numeric_figure(cell, value, unit)
    else:
        number = _text_figure(str(value).strip())
    if number is None:
        return None
    if not math.isfinite(number) or abs(number) > 1e15:
        raise CellValueError(
            "number", "is too large to be a measured value - write a number such as 42"
        )
    if unit is Unit.percent and not 0 <= number <= 100:
        raise CellValueError(
            "number",
            f"{format_number(number)} is not a percentage from 0 to 100 - write 55 for 55%",
        )
    return int(number) if number.is_integer() else number


def _numeric_figure(cell: Any, value: float, unit: Unit) -> float:
    """A number cell's figure, scaled by 100 when Excel shows it as a percentage."""
    try:
        number = float(value)
    except OverflowError:  # an integer of hundreds of digits
        number = math.inf
    if "%" in str(getattr(cell, "number_format", "") or ""):
        if unit is not Unit.percent:
            raise CellValueError(
                "number",
                f"{format_number(number * 100)}% is a percentage, but this target is counted "
                f"in {unit.value} - write the plain number",
            )
        number = round(number * 100, 9)  # typed 55% in Excel: the cell holds 0.55
    return number


def _text_figure(text: str) -> float | None:
    """A text cell's figure; None when blank or written as not available."""
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
    return float(parsed)
