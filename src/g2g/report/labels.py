"""Words and small values of the board paper: rating labels, prose blocks, dates, lists of
words, inspection names, changes of rating, timescales and the reasons councillors read.

Shared by the paper's view-model modules (:mod:`g2g.report.paper`, :mod:`~g2g.report.summary`,
:mod:`~g2g.report.tables` and the rest) and the overview.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from g2g.engine.derive import ActionRating, reported_mark
from g2g.engine.ratings import Rating, Trend
from g2g.engine.rollup import Counts, rating_cell
from g2g.months import due_date, month_start
from g2g.plan.model_plan import Inspection, Timescale
from g2g.plan.sources import SOURCE_KINDS, InspectionKind
from g2g.plan.timescale import timescale_shown
from g2g.words import format_day, format_month

# --- small values ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RagLabel:
    """A rating as the paper shows it: always the word, with the colour beside it."""

    key: str
    """CSS suffix: red, amber, green, blue or none."""
    word: str
    """The word: Red, Amber, Green, Blue or Not reported."""
    symbol: str
    """A coloured mark for plain text (Markdown)."""
    mark: str = ""
    """A shape that tells the ratings apart without colour (printed in black and white):
    Red ■, Amber ▲, Green ●, Blue ★, not reported ○."""


_SYMBOLS = {
    Rating.red: "🔴",
    Rating.amber: "🟠",
    Rating.green: "🟢",
    Rating.blue: "🔵",
    Rating.not_reported: "⚪",
    Rating.not_started: "⚪",
    Rating.closed: "⚪",
    Rating.not_enough: "⚪",
}


_MARKS = {
    Rating.red: "■",
    Rating.amber: "▲",
    Rating.green: "●",
    Rating.blue: "★",
    Rating.not_reported: "○",
    Rating.not_started: "○",
    Rating.closed: "○",
    Rating.not_enough: "○",
}


def label(rating: Rating) -> RagLabel:
    """The paper's label for a rating."""
    coloured = rating.in_force and rating not in (Rating.not_reported, Rating.not_enough)
    key = rating.value if coloured else "none"
    return RagLabel(key, rating.word, _SYMBOLS[rating], _MARKS[rating])


def rollup_label(rating: Rating, counts: Counts) -> RagLabel:
    """A roll-up's label: ``Not enough reported (3 of 12)`` with no colour when too few of its
    live actions are rated (see :func:`g2g.engine.month.rollup_rating`)."""
    found = label(rating)
    if rating is Rating.not_enough:
        return replace(found, word=rating_cell(rating, counts))
    return found


def action_label(action: ActionRating, month: str) -> RagLabel:
    """An action's reported rating as tables show it for ``month``.

    Marked in words when the evidence contradicts it: ``Green, challenged: the evidence gives
    Red`` (the colour stays the recorded one's; the words say what the evidence gives). A
    colour the lead officer did not record for ``month`` that rests on an earlier month's
    update (a derived rating of an action not reported) says which month's evidence it rests
    on: it is never shown as this month's."""
    found = label(action.reported)
    mark = reported_mark(action)
    if mark != found.word:
        return replace(found, word=mark)
    evidence = action.derivation.status_month
    if (
        action.recorded is Rating.not_reported
        and action.reported.in_force
        and action.reported is not Rating.not_reported
        and evidence is not None
        and evidence != month
    ):
        return replace(found, word=f"{found.word} (on the {format_month(evidence)} evidence)")
    return found


@dataclass(frozen=True)
class Block:
    """A paragraph (one item) or a bulleted list (one item per bullet)."""

    is_list: bool
    items: tuple[str, ...]


Prose = tuple[Block, ...]
"""Text as paragraphs and lists."""


def prose(text: str | None) -> Prose:
    """Plan text as paragraphs and lists: each line is a paragraph, a line starting with
    ``- `` is a list item (the convention of the plan files)."""
    blocks: list[Block] = []
    items: list[str] = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith(("- ", "• ")):
            items.append(line[2:].strip())
            continue
        if items:
            blocks.append(Block(True, tuple(items)))
            items = []
        blocks.append(Block(False, (line,)))
    if items:
        blocks.append(Block(True, tuple(items)))
    return tuple(blocks)


def long_day(day: dt.date) -> str:
    """A date in full, as committee papers write it: ``10 September 2019``."""
    return f"{day.day} {day:%B %Y}"


def long_month(month: str) -> str:
    """A YYYY-MM month in full: ``August 2019``."""
    return f"{month_start(month):%B %Y}"


def join_words(words: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


EVENT_WORDS = {kind: kind.words for kind in InspectionKind}


def event_date_words(value: dt.date | str) -> str:
    """An event date in full: ``7 March 2019``, or ``November 2021`` when only the month is
    known."""
    return long_day(value) if isinstance(value, dt.date) else long_month(value)


def event_when(inspection: Inspection) -> str:
    """When an inspection or visit is: ``7 March 2019 to 8 March 2019``, ``November 2021``."""
    start = event_date_words(inspection.start)
    if inspection.end is None or inspection.end == inspection.start:
        return start
    return f"{start} to {event_date_words(inspection.end)}"


def event_name(inspection: Inspection) -> str:
    """``ILACS inspection``, ``monitoring visit``: the framework (when given) and the kind; for
    a source that is not Ofsted's, the kind and its framework in brackets (``statutory direction
    (s497A Education Act 1996)``)."""
    event = EVENT_WORDS[inspection.kind]
    if not inspection.framework:
        return event
    if SOURCE_KINDS[inspection.kind].ofsted:
        return f"{inspection.framework} {event}"
    return f"{event} ({inspection.framework})"


def change_phrase(trend: Trend, previous: Rating | None, compared: bool) -> str:
    """The direction of travel of one rating in words."""
    if not compared:
        return "No earlier month"
    if trend is Trend.not_comparable:
        return "Not comparable"
    if trend is Trend.unchanged:
        return "Unchanged"
    if trend is Trend.closed:
        return "Closed"
    if previous is None or not previous.in_force or previous is Rating.not_reported:
        return "Newly rated"
    if trend is Trend.improved:
        return f"Improved from {previous.word}"
    if trend is Trend.worsened:
        return f"Worsened from {previous.word}"
    if trend is Trend.unreported:
        return f"Not reported (was {previous.word})"
    return "Newly rated"


def as_sentence(text: str) -> str:
    """Engine reasons as a sentence: capital first letter, full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


_RECURRENCE = {
    "weekly": "weekly",
    "monthly": "monthly",
    "quarterly": "quarterly",
    "biannually": "twice a year",
    "annually": "annually",
}


def timescale_words(timescale: Timescale) -> str:
    """An action's timescale: the plan's own words, else built from its dates. Words that name
    another date than the due date are never printed as the date: the due date comes first
    and the words beside it, marked out of date (:func:`g2g.plan.timescale.timescale_shown`)."""
    stale = timescale_shown(timescale.text, timescale.due)
    if stale is not None:
        return stale
    if timescale.text:
        return timescale.text
    start = format_month(timescale.start) if timescale.start else None
    if timescale.due:
        end = format_day(due_date(timescale.due))
        return f"{start} to {end}" if start else f"By {end}"
    if timescale.recurring:
        return f"Repeats {_RECURRENCE[timescale.recurring.value]}"
    return f"{start}, ongoing" if start else "Ongoing"


_PLAIN = (
    (
        re.compile(r"^recorded (\w+), but the evidence gives (\w+): "),
        r"{rated} \1, but its dates and figures point to \2: ",
    ),
    (
        re.compile(r"^recorded Red; the rules give no rating: "),
        "{rated} Red; its dates and figures give no rating on their own: ",
    ),
    (
        re.compile(r"^recorded Red; the rules give (\w+): "),
        r"{rated} Red; on its dates and figures alone it would be \1: ",
    ),
    (re.compile(r"^the rules give no rating: "), "its dates and figures give no rating: "),
    (re.compile(r"^recorded Red; "), "{rated} Red: "),
)


def councillor_words(reason: str, *, by_lead: bool = True) -> str:
    """An engine reason in the words a councillor would use: who rated it what, and what the
    dates and figures say (never "the rules give Amber"). ``by_lead`` False for a plan whose
    recorded ratings are not the lead officers' own (``rag_policy.source`` says whose): "it is
    recorded as Red", never "the lead officer rated it Red"."""
    rated = "the lead officer rated it" if by_lead else "it is recorded as"
    for pattern, words in _PLAIN:
        reason = pattern.sub(words.replace("{rated}", rated), reason, count=1)
    return reason
