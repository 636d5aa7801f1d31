"""One home for the words g2g writes.

Dates, months, numbers and measured values as people write them; plurals; the "did you mean"
hint; text made one line.
"""

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
    """A number to one decimal place, with thousands commas: ``1,234.6``, ``12``."""
    rounded = round(value, 1)
    if rounded == int(rounded):
        return f"{int(rounded):,}"
    return f"{rounded:,.1f}"


def format_value(value: float, unit: str) -> str:
    """A measured value with its unit: ``24%``, ``17``, ``21 days``, ``£1,200k``.

    ``unit`` is the unit's name as plans write it (a ``g2g.plan.model_base.Unit`` is one).
    """
    number = format_number(value)
    match unit:
        case "percent":
            return f"{number}%"
        case "days" | "weeks":
            return f"{number} {unit if number != '1' else unit[:-1]}"
        case "rate_per_10000":
            return f"{number} per 10,000"
        case "gbp":
            return f"-£{number[1:]}" if number.startswith("-") else f"£{number}"
        case "gbp_thousands":
            return f"-£{number[1:]}k" if number.startswith("-") else f"£{number}k"
        case _:
            return number


def did_you_mean(word: str, choices: list[str]) -> str:
    """A " (did you mean 'x'?)" hint, or empty when nothing is close."""
    import difflib  # only when a word is wrong: not on every command's start

    lowered = {c.lower().replace(" ", "_").replace("-", "_"): c for c in choices}
    key = word.lower().replace(" ", "_").replace("-", "_")
    if key in lowered:
        return f" (did you mean '{lowered[key]}'?)"
    close = difflib.get_close_matches(key, list(lowered), n=1, cutoff=0.6)
    if not close:
        # "lead_oficer" for "lead": a choice the word starts with, or that starts with the word
        close = [c for c in lowered if len(c) >= 3 and (key.startswith(c) or c.startswith(key))]
        close.sort(key=len, reverse=True)
    return f" (did you mean '{lowered[close[0]]}'?)" if close else ""


def one_line(text: str) -> str:
    """Text with its whitespace runs (line breaks included) made single spaces."""
    return " ".join(text.split())
