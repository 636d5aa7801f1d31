"""An action's timescale text against its due date.

Plans copy the timescale as the plan document words it ("April 2019 - Sept 2020", "by the end
of January 2023"). When the due date is moved and the text is not, the text goes stale: a paper
or a return that prints it shows the old date as if it were the one in force. This module reads
the date a timescale text ends on (the last month, day or year it names) and says whether it
disagrees with the due date; ``g2g validate`` warns (``timescale-text-stale``), and the paper and
the returns print the due date with the text beside it (:func:`timescale_shown`).

Only what the text names is compared: a month and year with the due month, a month alone with
the due month's month, a year alone with its year. Text naming no date ("Quarterly updates",
"ongoing"), and financial years ("2019/20") or quarters, are never compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from g2g.months import due_date
from g2g.words import format_day, format_month, one_line

TIMESCALE_TEXT_STALE = "timescale-text-stale"
"""The code of the warning for a timescale text that names another date than the due date."""

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_NAMES = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept(?:ember)?|sep|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MENTION = re.compile(
    rf"\b(?P<month>{_NAMES})\b\.?(?:[ ,]*(?P<year>\d{{4}}|'?\d{{2}})(?![\d/]))?"
    r"|\b(?P<bare>(?:19|20)\d{2})\b(?![/\-]\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Named:
    """The date a timescale text ends on: a month (1-12), a year, or both."""

    month: int | None
    year: int | None

    def agrees(self, due: str) -> bool:
        """Whether the due date (YYYY-MM or YYYY-MM-DD) falls in what the text names."""
        day = due_date(due)
        return (self.month is None or self.month == day.month) and (
            self.year is None or self.year == day.year
        )

    def words(self) -> str:
        """What the text names, in words: "January 2023", "January", "2023"."""
        if self.month is not None and self.year is not None:
            return format_month(f"{self.year:04d}-{self.month:02d}")
        if self.month is not None:
            return format_month(f"2000-{self.month:02d}").split()[0]
        return str(self.year)


def named_end(text: str) -> Named | None:
    """The last month, month and year, or year a timescale text names; None when it names
    none."""
    last: Named | None = None
    end = 0
    for found in _MENTION.finditer(text):
        if found.group("bare"):
            last, end = Named(None, int(found.group("bare"))), found.end()
            continue
        year_text = found.group("year")
        if not year_text and not found.group("month")[0].isupper():
            continue  # "may", "march" as words, not months
        year = None
        if year_text:
            digits = year_text.lstrip("'")
            year = int(digits) if len(digits) == 4 else 2000 + int(digits)
        last, end = Named(_MONTHS[_key(found)], year), found.end()
    if last is not None and "ongoing" in text[end:].lower():
        return None  # "April 2019 - ongoing" ends on no date
    return last


def _key(found: re.Match[str]) -> str:
    name = found.group("month").lower()
    return "sept" if name.startswith("sept") else name[:3]


def stale_text(text: str | None, due: str | None) -> Named | None:
    """What a timescale text names when it disagrees with the due date; None when it agrees,
    names no date, or there is no text or due date to compare."""
    if not text or not due:
        return None
    named = named_end(text)
    if named is None or named.agrees(due):
        return None
    return named


def timescale_shown(text: str | None, due: str | None) -> str | None:
    """The timescale as a paper or a return prints it when its text is stale: the due date
    first, then the text, marked; None when the text is not stale (print it as it is)."""
    if stale_text(text, due) is None or due is None or text is None:
        return None
    words = one_line(text)
    day = format_day(due_date(due))
    return f"Due {day} (the plan's timescale text still says \u201c{words}\u201d)"
