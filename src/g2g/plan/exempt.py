"""Public and exempt from one source: what the public outputs may show.

Anything a council must not publish is marked ``exempt: N`` with its paragraph (1-7) of Part 1
of Schedule 12A to the Local Government Act 1972: a narrative section, implication, analysis or
appendix (g2g.plan.narrative), an action's monthly update, a measure, a budget line. Every
output is public unless asked for the private version (``g2g report --private``); the
functions here make the public view that outputs are built from, so exempt text never reaches
them.

Exempt information is defined by the fields that STAY public (:data:`STAYS_PUBLIC`); every
other field of an exempt item - present or added later - is withheld by default:

* an exempt update keeps its action, status, rating, figures and date; its narrative becomes
  the notice and every other field (barriers, who gave it, ...) is emptied;
* an exempt section, implication or analysis keeps only its place: its text becomes the
  notice and its own title gives way to the usual heading;
* an exempt appendix keeps its id (and whether it is the tracker): its title and file go;
* an exempt measure is left out of the service figures (the paper says so, naming nothing);
* an exempt budget line cannot be worked out from the finance table (complementary
  suppression, :func:`public_period`): it is shown only inside one line "Other lines
  (including withheld)" together with at least one other line, chosen so that no withheld
  figure is the difference of printed ones; when no such line exists, the period's position is
  withheld as a whole. An exempt total withholds that period's whole position.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TypeVar

from pydantic import BaseModel

from g2g.plan.model_finance import BudgetLine, FinanceFile, FinancePeriod
from g2g.plan.model_measures import MeasuresFile
from g2g.plan.model_progress import Update
from g2g.plan.narrative import Appendix, Section, exempt_phrase, withheld_sentence
from g2g.plan.officer_fields import OFFICER_FIELDS

__all__ = [
    "OTHER_LINES",
    "STAYS_PUBLIC",
    "public_appendix",
    "public_copy",
    "public_finance",
    "public_measures",
    "public_period",
    "public_section",
    "public_update",
    "withheld_sentence",
]

M = TypeVar("M", bound=BaseModel)

STAYS_PUBLIC: Mapping[type, frozenset[str]] = {
    Update: frozenset(
        {"action", "exempt", *(f.name for f in OFFICER_FIELDS if f.public_when_exempt)}
    ),
    Section: frozenset({"exempt"}),
    Appendix: frozenset({"id", "tracker", "exempt"}),
}
"""The fields of an exempt item that public outputs may show. Everything else is withheld, so
a field added to a model later is withheld until someone decides here that it may be shown.
An update's officer fields say themselves whether they stay public
(:data:`g2g.plan.officer_fields.OFFICER_FIELDS`, ``public_when_exempt``; never free text).
Measures and budget lines keep no field: they are left out (budget lines through complementary
suppression)."""

WITHHELD_TITLE = "Not for publication"
"""What an exempt appendix is called in a public output (its own title is withheld)."""

OTHER_LINES = "Other lines (including withheld)"
"""The finance table's line that combines an exempt budget line with the line(s) chosen to
protect it."""

FINANCE_FIGURES = ("revised_budget", "forecast", "outturn", "use_of_reserves", "variance")
"""The figures of a budget line a public table prints (forecast, or outturn when there is none)."""


def _stays(model: type[BaseModel]) -> frozenset[str]:
    for kind in model.__mro__:
        found = STAYS_PUBLIC.get(kind)
        if found is not None:
            return found
    return frozenset()


def public_copy(item: M, notices: Mapping[str, str]) -> M:
    """``item`` with every field not in :data:`STAYS_PUBLIC` withheld: a field named in
    ``notices`` gets that text, any other its default (None for an optional field). A required
    field with no notice is an error in the caller, raised here rather than published."""
    stays = _stays(type(item))
    withheld: dict[str, object] = {}
    for name, info in type(item).model_fields.items():
        if name in stays:
            continue
        if name in notices:
            withheld[name] = notices[name]
        elif info.is_required():
            raise TypeError(f"{type(item).__name__}.{name} is withheld but has no notice")
        else:
            withheld[name] = info.get_default(call_default_factory=True)
    return item.model_copy(update=withheld)


def public_update(update: Update) -> Update:
    """The update as public outputs show it: an exempt one keeps its action, status, rating,
    figures and date, its narrative becomes the notice and every other field is emptied."""
    if update.exempt is None:
        return update
    notice = withheld_sentence("This update", update.exempt)
    return public_copy(update, {"narrative": notice})


def public_section(section: Section, what: str) -> Section:
    """An exempt section (or implication, or analysis) as public outputs show it: the notice
    in place of its text, and no title of its own (the usual heading stands)."""
    if section.exempt is None:
        return section
    return public_copy(section, {"text": withheld_sentence(what, section.exempt)})


def public_appendix(appendix: Appendix) -> Appendix:
    """An exempt appendix as public outputs show it: its id, and no title or file."""
    if appendix.exempt is None:
        return appendix
    return public_copy(appendix, {"title": WITHHELD_TITLE})


def public_measures(measures: MeasuresFile) -> tuple[MeasuresFile, tuple[str, ...]]:
    """The measures without the exempt ones, and a notice for each paragraph met (naming no
    measure and no group)."""
    kept = [m for m in measures.measures if m.exempt is None]
    paragraphs = sorted({m.exempt for m in measures.measures if m.exempt is not None})
    if not paragraphs:
        return measures, ()
    count = len(measures.measures) - len(kept)
    what = "One service measure" if count == 1 else f"{count} service measures"
    verb = "is" if count == 1 else "are"
    notes = tuple(
        f"{what} {verb} not shown: not for publication {exempt_phrase(p)}. Members can read "
        "it in the private version of this paper, which is circulated to them separately."
        for p in paragraphs
    )
    return measures.model_copy(update={"measures": kept}), notes


# --- finance: complementary suppression ---------------------------------------------------


def _given(line: BudgetLine, figure: str) -> bool:
    return getattr(line, figure) is not None


def _unsafe(hidden: list[BudgetLine]) -> str | None:
    """A figure that only one hidden line gives: the combined line (and the total less the
    printed lines) would print it exactly."""
    for figure in FINANCE_FIGURES:
        if sum(1 for line in hidden if _given(line, figure)) == 1:
            return figure
    return None


def _protection(partner: BudgetLine, figures: Iterable[str]) -> tuple[int, float]:
    """How well a line protects: fewer zero figures first (a zero partner would leave the
    combined figure equal to the withheld one), then larger figures."""
    values = [abs(float(getattr(partner, f) or 0)) for f in figures]
    return (sum(1 for v in values if v == 0), -sum(values))


def _combined(hidden: list[BudgetLine]) -> BudgetLine:
    def total(figure: str) -> float | None:
        given = [float(getattr(line, figure)) for line in hidden if _given(line, figure)]
        return sum(given) if given else None

    return BudgetLine(
        name=OTHER_LINES,
        revised_budget=total("revised_budget"),
        forecast=total("forecast"),
        outturn=total("outturn"),
        use_of_reserves=total("use_of_reserves") or 0,
        variance=total("variance") or 0,
    )


def public_period(period: FinancePeriod) -> tuple[FinancePeriod | None, str | None]:
    """One budget position as a public table may print it, and the sentence saying what was
    done (None when nothing is exempt). None for the period when it is withheld as a whole.

    Complementary suppression: the exempt lines and the fewest other lines needed (one, where
    one will do) are printed as one line, :data:`OTHER_LINES`, after the lines printed as they
    are, so that every figure of it sums two or more lines and no withheld figure equals the
    total less the printed lines. The line chosen is the one with the fewest zero figures, then
    the largest, so the combined figure is not close to the withheld one. When no choice
    protects every figure (the exempt line is the only one, or the only one giving a figure),
    the whole position is withheld."""
    exempt = [line for line in period.lines if line.exempt is not None]
    if period.total.exempt is not None:
        return None, withheld_sentence(
            f"The budget monitoring position for {period.label or period.month}",
            period.total.exempt,
        )
    if not exempt:
        return period, None
    numbers = sorted({line.exempt or 0 for line in exempt})
    paragraphs = ("paragraphs " if len(numbers) > 1 else "paragraph ") + " and ".join(
        str(p) for p in numbers
    )
    hidden = list(exempt)
    others = [line for line in period.lines if line.exempt is None]
    while (figure := _unsafe(hidden)) is not None:
        taken = {id(line) for line in hidden}
        candidates = [line for line in others if id(line) not in taken and _given(line, figure)]
        if not candidates:
            return None, (
                f"The budget monitoring position for {period.label or period.month} is not "
                f"published: it includes a budget line that is not for publication by virtue of "
                f"{paragraphs} of Part 1 of Schedule 12A of the Local Government Act "
                "1972, which could otherwise be worked out from the total. Members can read it "
                "in the private version of this paper, which is circulated to them separately."
            )
        given = [f for f in FINANCE_FIGURES if any(_given(e, f) for e in exempt)]
        hidden.append(min(candidates, key=lambda line: _protection(line, given)))
    partners = len(hidden) - len(exempt)
    with_ = (
        f" together with {partners} other line{'s' if partners != 1 else ''}" if partners else ""
    )
    one = "A budget line" if len(exempt) == 1 else f"{len(exempt)} budget lines"
    verb = "is" if len(exempt) == 1 else "are"
    sentence = (
        f"{one} not for publication by virtue of {paragraphs} of Part 1 of Schedule "
        f"12A of the Local Government Act 1972 {verb} shown only within “{OTHER_LINES}”{with_}, "
        "so that no withheld figure can be worked out from the total and the lines printed. "
        "Members can read every line in the private version of this paper, which is "
        "circulated to them separately."
    )
    taken = {id(line) for line in hidden}
    lines = [line for line in period.lines if id(line) not in taken]
    lines.append(_combined(hidden))
    return period.model_copy(update={"lines": lines}), sentence


def public_finance(finance: FinanceFile) -> tuple[FinanceFile, dict[str, str]]:
    """The finance positions as public outputs may print them (:func:`public_period` for each;
    a period withheld as a whole is left out) and, by the month of each period changed, the
    sentence saying what was done."""
    periods: list[FinancePeriod] = []
    notes: dict[str, str] = {}
    for period in finance.periods:
        shown, note = public_period(period)
        if shown is not None:
            periods.append(shown)
        if note is not None:
            notes[period.month] = note
    if not notes:
        return finance, {}
    return finance.model_copy(update={"periods": periods}), notes


# --- figures a public text must not repeat ------------------------------------------------

NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+(?!\d)|\d+)(\.\d+)?\s*([km]\b)?", re.IGNORECASE)
"""A number as officers write one in prose: 9,500, 9500, 9.5, £9.5m, £471k."""


def withheld_figures(
    finance: FinanceFile | None, measures: MeasuresFile | None
) -> dict[float, str]:
    """Every figure public outputs withhold, with what it is: the figures of each budget line
    printed only inside :data:`OTHER_LINES` (the exempt lines and their partners - a partner's
    figure in prose would give the exempt one by subtraction), of a position withheld as a
    whole, and of exempt measures. Zeros are left out (they withhold nothing)."""
    found: dict[float, str] = {}

    def add(value: object, what: str) -> None:
        if isinstance(value, int | float) and not isinstance(value, bool) and value:
            found.setdefault(abs(float(value)), what)

    for period in finance.periods if finance else []:
        shown, _ = public_period(period)
        kept = {id(line) for line in shown.lines} if shown is not None else set()
        hidden = [line for line in period.lines if id(line) not in kept]
        if shown is None:
            hidden.append(period.total)
        for line in hidden:
            what = (
                f"a figure of the budget line '{line.name}' ({period.month}), which the public "
                "paper withholds"
            )
            for figure in FINANCE_FIGURES:
                add(getattr(line, figure), what)
    for measure in measures.measures if measures else []:
        if measure.exempt is not None:
            for value in measure.values.values():
                add(value, f"a figure of the exempt measure '{measure.id}'")
    return found


def repeated_figures(text: str, withheld: Mapping[float, str], thousands: bool) -> list[str]:
    """What ``text`` repeats of ``withheld`` (numbers of 100 or more, or with decimals, so a
    count of 7 staff is not mistaken for a withheld 7): one description per figure met. With
    ``thousands`` (amounts in £000) "£9.5m" is 9,500 and "£9,500,000" too."""
    found: list[str] = []
    for match in NUMBER.finditer(text):
        whole, decimals, suffix = match.group(1), match.group(2) or "", match.group(3) or ""
        value = float(whole.replace(",", "") + decimals)
        candidates = [value]
        if thousands:
            if suffix.lower() == "m":
                candidates.append(value * 1000)
            elif not suffix and value >= 100_000:
                candidates.append(value / 1000)
        for candidate in candidates:
            if (candidate >= 100 or decimals) and candidate in withheld:
                described = f"{match.group(0).strip()} ({withheld[candidate]})"
                if described not in found:
                    found.append(described)
    return found
