"""What every plan model shares: the base model, the field types and the enumerations.

The files of a plan folder - ``plan.yaml`` (:mod:`g2g.plan.model_plan`), ``progress/*.yaml``
(:mod:`g2g.plan.model_progress`), ``measures.yaml`` (:mod:`g2g.plan.model_measures`) and
``finance.yaml`` (:mod:`g2g.plan.model_finance`) - are validated by models built on
:class:`Strict`: every model forbids unknown keys so a typo is reported rather than ignored.
Field docstrings are the reference documentation (they flow into ``g2g schema`` and
docs/format.md)."""

from __future__ import annotations

import datetime as dt
import math
import re
from enum import StrEnum
from typing import Annotated, TypeGuard

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictInt

from g2g.months import DUE_PATTERN, MONTH_PATTERN, due_date, month_start

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"

Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
"""A stable identifier: letters, digits, '.', '_' and '-', starting with a letter or digit."""

Text = Annotated[str, Field(min_length=1)]
"""Free text that must not be empty."""


def _check_real_due(value: str) -> str:
    if len(value) == 10:
        dt.date.fromisoformat(value)  # raises ValueError for 2019-02-30
    return value


Month = Annotated[str, Field(pattern=MONTH_PATTERN)]
"""A calendar month written YYYY-MM, e.g. 2019-08."""

Due = Annotated[str, Field(pattern=DUE_PATTERN), AfterValidator(_check_real_due)]
"""A due date: YYYY-MM-DD for a day, or YYYY-MM meaning the end of that month."""

_DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH_RE = re.compile(MONTH_PATTERN)

FIRST_YEAR, LAST_YEAR = 1900, 2999
"""Dates and months lie in these years: anything else is a typing slip (0219, 9999)."""


def _check_year(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(
            f"is not a date g2g can use - the year must be from {FIRST_YEAR} to {LAST_YEAR}"
        )
    return value


Day = Annotated[dt.date, AfterValidator(_check_year)]
"""A day written YYYY-MM-DD, in the years 1900 to 2999."""

Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
"""A number written as a number: finite, not true/false, not text in quotes."""


def _event_date(value: object) -> object:
    """One clear error for an event date that is neither a day nor a month."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return _check_year(value)
    if isinstance(value, str):
        if _MONTH_RE.fullmatch(value):
            return value
        if _DAY_RE.fullmatch(value):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                pass
            else:
                return _check_year(day)
    raise ValueError(
        "is not a date - write YYYY-MM-DD, for example 2019-01-21, or YYYY-MM when only the "
        "month is known"
    )


EventDate = Annotated[dt.date | Month, BeforeValidator(_event_date)]
"""When an event happens: YYYY-MM-DD for a known day, or YYYY-MM when only the month is
known (e.g. "the focused visit in November 2021")."""


def first_day(value: dt.date | str) -> dt.date:
    """The first day an event date can mean: the day, or the first of the month."""
    return value if isinstance(value, dt.date) else month_start(value)


def last_day(value: dt.date | str) -> dt.date:
    """The last day an event date can mean: the day, or the last of the month."""
    return value if isinstance(value, dt.date) else due_date(value)


SUPPRESSION_CODES = ("c", ":", "z", "x", "u", "low", "..")
"""Codes published statistics use for a figure that is not available: c confidential or
suppressed, : not available, z not applicable, x not collected, u low reliability, low a small
number, .. not yet known. A figure with a code is never treated as zero."""

SUPPRESSION_WORDS = {
    "c": "Withheld (confidential)",
    ":": "Not available",
    "z": "Not applicable",
    "x": "Not collected",
    "u": "Not reliable enough to publish",
    "low": "Too few to publish",
    "..": "Not yet known",
}
"""What each suppression code means, as a board paper prints it in place of the figure."""


def _check_figure(value: object) -> object:
    codes = ", ".join(SUPPRESSION_CODES)
    if value is None or (isinstance(value, str) and value in SUPPRESSION_CODES):
        return value
    if isinstance(value, bool):
        raise ValueError(
            f"is not a number (true/false) - write a number, null, or a code ({codes})"
        )
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise ValueError(f"is not a finite number - write a number, null, or a code ({codes})")
        return value
    raise ValueError(f"is not a number - write a number, null, or a suppression code ({codes})")


Exempt = Annotated[StrictInt, Field(ge=1, le=7)]
"""A paragraph (1 to 7) of Part 1 of Schedule 12A to the Local Government Act 1972: the
information is exempt, so public outputs leave it out (see g2g.plan.exempt)."""

Figure = Annotated[float | str | None, BeforeValidator(_check_figure)]
"""A measured figure: a number, null when missing, or a suppression code such as c."""


def is_number(value: object) -> TypeGuard[float]:
    """Whether a figure is a usable number (not None, not a suppression code)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


class Strict(BaseModel):
    """Base of every plan model: unknown keys are errors, docstrings document fields (read by
    :mod:`g2g.plan.fielddocs` when they are shown, not while the models are built)."""

    model_config = ConfigDict(extra="forbid", frozen=False)


# --- enumerations -------------------------------------------------------------------------


class Rag(StrEnum):
    """A RAG rating. Blue is used only by plans whose policy scale is BRAG (blue = complete)."""

    red = "red"
    amber = "amber"
    green = "green"
    blue = "blue"


def scale_ratings(scale: RagScale | None) -> tuple[Rag, ...]:
    """The ratings a plan's scale allows, in order: red, amber, green, and blue on a BRAG plan
    (all four when the scale is not known: a plan that cannot be read)."""
    return tuple(r for r in Rag if scale is not RagScale.rag or r is not Rag.blue)


class Status(StrEnum):
    """Where an action stands in its delivery."""

    not_started = "not_started"
    in_progress = "in_progress"
    awaiting_sign_off = "awaiting_sign_off"
    complete = "complete"
    on_hold = "on_hold"


class EventStatus(StrEnum):
    """Whether an inspection or visit is still to come or has happened."""

    planned = "planned"
    held = "held"


class PlanStatus(StrEnum):
    """Where a plan stands in its life."""

    draft = "draft"
    submitted = "submitted"
    accepted = "accepted"
    live = "live"
    closed = "closed"
    superseded = "superseded"


ENDED_STATUSES = frozenset({PlanStatus.closed, PlanStatus.superseded})
"""Statuses of a plan no longer in force: commands over a folder of plans skip it."""


class Judgement(StrEnum):
    """An Ofsted overall effectiveness judgement."""

    outstanding = "outstanding"
    good = "good"
    requires_improvement = "requires_improvement"
    inadequate = "inadequate"


class Unit(StrEnum):
    """The unit a target's measure is expressed in."""

    percent = "percent"
    count = "count"  # type: ignore[assignment]  # shadows str.count, harmless
    days = "days"
    weeks = "weeks"
    rate_per_10000 = "rate_per_10000"
    gbp = "gbp"
    gbp_thousands = "gbp_thousands"
    score = "score"


class Polarity(StrEnum):
    """Which direction of a measure is better."""

    higher = "higher"
    lower = "lower"  # type: ignore[assignment]  # shadows str.lower, harmless


class Recurrence(StrEnum):
    """How often a recurring action repeats."""

    weekly = "weekly"
    monthly = "monthly"
    quarterly = "quarterly"
    biannually = "biannually"
    annually = "annually"


class RagScale(StrEnum):
    """The rating scale a plan uses."""

    rag = "rag"
    brag = "brag"


class ReportedRating(StrEnum):
    """Which rating a report shows for an action."""

    recorded = "recorded"
    derived = "derived"
    worse = "worse"


class OverallRule(StrEnum):
    """How the ratings of all actions roll up into one plan rating: ``worst``, ``majority`` (the
    most common rating, a tie going to the worse; on a BRAG plan Blue counts with Green) or
    ``thresholds`` (shares of Red and of Green or Blue)."""

    worst = "worst"
    majority = "majority"
    thresholds = "thresholds"


class NotStartedPolicy(StrEnum):
    """How reports show an action before its start month."""

    show = "show"
    hide = "hide"


class ComparatorKind(StrEnum):
    """Whom a figure is compared with."""

    statistical_neighbours = "statistical_neighbours"
    england = "england"
    region = "region"
    other = "other"
