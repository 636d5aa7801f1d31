"""One home for the words g2g writes: dates, months and numbers as people write them."""

from __future__ import annotations

import datetime as dt
import functools

from g2g.months import month_start

# --- words --------------------------------------------------------------------------------


def format_day(day: dt.date) -> str:
    """A date as people write it: ``30 Sep 2019``."""
    return f"{day.day} {day:%b %Y}"


@functools.lru_cache(maxsize=4096)
def format_month(month: str) -> str:
    """A YYYY-MM month as people write it: ``Aug 2019``."""
    return f"{month_start(month):%b %Y}"


def plural(count: int, noun: str, plural_noun: str | None = None) -> str:
    """``1 action``, ``2 actions``."""
    return f"{count} {noun if count == 1 else plural_noun or noun + 's'}"


def part_of(part: int, whole: int, noun: str) -> str:
    """``1 of 1 live action``, ``0 of 3 live actions``: the noun agrees with the whole."""
    return f"{part} of {plural(whole, noun)}"


def format_number(value: float) -> str:
    rounded = round(value, 1)
    if rounded == int(rounded):
        return f"{int(rounded):,}"
    return f"{rounded:,.1f}"
