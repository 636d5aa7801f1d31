"""The one YYYY-MM vocabulary: the month pattern, first and last days, adding and counting
months, and due dates written as a month or a day. Used by the models, the engine and the CLI
alike.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re

MONTH_PATTERN = r"^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])$"
"""A YYYY-MM month in the years 1900-2999, anchored for JSON Schema and pydantic; in Python
use :func:`is_month` (``fullmatch``: ``$`` alone would let a trailing newline through)."""
DUE_PATTERN = r"^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])(-[0-9]{2})?$"
"""A due date: a YYYY-MM month or a YYYY-MM-DD day."""


@functools.lru_cache(maxsize=4096)
def month_start(month: str) -> dt.date:
    """The first day of a YYYY-MM month."""
    year, mon = int(month[:4]), int(month[5:7])
    return dt.date(year, mon, 1)


def month_end(month: str) -> dt.date:
    """The last day of a YYYY-MM month."""
    year, mon = int(month[:4]), int(month[5:7])
    return dt.date(year, mon, calendar.monthrange(year, mon)[1])


def due_date(due: str) -> dt.date:
    """The last day an action may finish on: the day itself, or the end of the month."""
    return dt.date.fromisoformat(due) if len(due) == 10 else month_end(due)


def month_of(day: dt.date) -> str:
    """The YYYY-MM month a date falls in."""
    return f"{day.year:04d}-{day.month:02d}"


def add_months(month: str, count: int) -> str:
    """The month ``count`` months after (or before, when negative) ``month``."""
    index = int(month[:4]) * 12 + int(month[5:7]) - 1 + count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_between(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` inclusive (empty when last < first)."""
    out: list[str] = []
    current = first
    while current <= last:
        out.append(current)
        current = add_months(current, 1)
    return out


_MONTH_RE = re.compile(MONTH_PATTERN)


def is_month(text: str) -> bool:
    """Whether ``text`` is a well-formed YYYY-MM month."""
    return _MONTH_RE.fullmatch(text) is not None


_DAY_RE = re.compile(r"(19|2[0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}")


def parse_day(text: str) -> dt.date | None:
    """``text`` as a YYYY-MM-DD day in the years 1900-2999 (the whole text: no trailing
    newline, no ISO week or basic forms); None when it is not one."""
    if not _DAY_RE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
