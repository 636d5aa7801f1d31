"""The fields a lead officer fills in each month, declared once.

Each :class:`OfficerField` says, for one field of :class:`g2g.plan.model_progress.Update`,
everything the rest of g2g needs to know about it: the heading and width of its column in the
update return (``g2g returns`` writes it, ``g2g import`` reads it back), how a value is read (its
:class:`Kind`: each kind has one parser, in :mod:`g2g.cycle.cells` for a return's cells and in
:mod:`g2g.cycle.update` for the command line), where :class:`g2g.cycle.update.UpdateRequest`
carries it, the ``g2g update`` option made for it, its place in the exported tracker and
whether an exempt update keeps it public (:data:`g2g.plan.exempt.STAYS_PUBLIC`). What the field
means is its docstring in the model, which the field reference and ``g2g month``'s file header
print.

The return writer, the return reader, the export, ``g2g update``'s options, ``g2g month``'s
scaffold, the board paper's tracker and the public view of an exempt update all loop over
:data:`OFFICER_FIELDS`. Adding a
field takes the model's field (with its docstring), a line here, a test and ``make docs``.

The table is append-only: a field's place here is its column's place in the return and in the
export, so a new field goes at the end and a return written by an earlier g2g is still read.

Light on purpose (no pydantic): the command line builds ``g2g update``'s options from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "OFFICER_FIELDS",
    "Kind",
    "OfficerField",
    "TrackerPlace",
    "officer_field",
]


class Kind(StrEnum):
    """How a field's value is read; each kind has one parser per source (cell, option)."""

    rating = "rating"
    """A word of the plan's rating scale: red, amber, green (blue on a BRAG plan)."""
    status = "status"
    """A status word: not started, in progress, awaiting sign-off, complete, on hold."""
    text = "text"
    """Free text, kept as written (trailing spaces trimmed; no control characters)."""
    figures = "figures"
    """Measured values by target (the return's Figures sheet, ``--value TARGET=NUMBER``)."""
    person = "person"
    """Who gave the update, on one line."""
    day = "day"
    """A date, YYYY-MM-DD."""


class TrackerPlace(StrEnum):
    """Where the exported tracker (``g2g export --format xlsx``) shows a field."""

    with_ratings = "with_ratings"
    """After the month's ratings and challenge, before the RAG history (since g2g 0.2)."""
    end = "end"
    """After the RAG history, so that the columns of earlier g2g keep their places."""


@dataclass(frozen=True)
class OfficerField:
    """One field a lead officer fills in for an action each month."""

    name: str
    """The field of the Update model: the key in ``progress/YYYY-MM.yaml``."""
    kind: Kind
    """How a value is read (:class:`Kind`)."""
    heading: str | None = None
    """The heading of its column on the return's Updates sheet; None: not a column there."""
    width: int = 32
    """The width of that column, in characters."""
    ask: str = ""
    """How the return's instructions ask for it: "any barriers or risks"."""
    column: str | None = None
    """Its key in the return's hidden metadata (default: ``name``); never change it, or
    returns already sent no longer read back."""
    request: str | None = None
    """The :class:`g2g.cycle.update.UpdateRequest` attribute that carries it; None: carried in
    ``UpdateRequest.notes`` under ``name`` (an optional free-text field)."""
    option: str | None = None
    """The ``g2g update`` option made from this row; None: the command has its own option for
    it (e.g. ``--note`` and ``--note-file`` for the narrative)."""
    help: str = ""
    """The option's help."""
    tracker: TrackerPlace | None = None
    """Its column in the exported tracker, if it has one (headed by ``heading``)."""
    paper: bool = False
    """Shown in the board paper's tracker, after the month's progress and headed by
    ``heading`` (free text only; an exempt update's text stays in the private paper)."""
    optional: bool = False
    """Left out of ``g2g month``'s blank entries (listed in the file's header only)."""
    public_when_exempt: bool = False
    """Shown by public outputs when the update is exempt. Free text never is: leave it False."""

    @property
    def key(self) -> str:
        """Its key in the return's hidden metadata."""
        return self.column or self.name

    @property
    def flag(self) -> str:
        """The ``g2g update`` option, e.g. ``--barriers`` (empty when it has none)."""
        return f"--{self.option}" if self.option else ""


OFFICER_FIELDS: tuple[OfficerField, ...] = (
    OfficerField(
        "rag",
        Kind.rating,
        "Rating this month",
        12,
        ask="the rating",
        column="rating",
        request="rag",
        public_when_exempt=True,
    ),
    OfficerField(
        "status",
        Kind.status,
        "Status",
        16,
        ask="the status",
        request="status",
        public_when_exempt=True,
    ),
    OfficerField(
        "narrative",
        Kind.text,
        "Progress this month",
        48,
        ask="what happened this month",
        request="narrative",
        tracker=TrackerPlace.with_ratings,
    ),
    OfficerField(
        "barriers",
        Kind.text,
        "Barriers and risks",
        32,
        ask="any barriers or risks",
        option="barriers",
        help="What is holding the action back, and the risks to it.",
        tracker=TrackerPlace.with_ratings,
        paper=True,
        optional=True,
    ),
    OfficerField("values", Kind.figures, request="values", public_when_exempt=True),
    OfficerField("updated_by", Kind.person, request="updated_by"),
    OfficerField(
        "updated_on",
        Kind.day,
        "Date of update (YYYY-MM-DD)",
        14,
        ask="the date of your update",
        request="updated_on",
        public_when_exempt=True,
    ),
    OfficerField(
        "support_needed",
        Kind.text,
        "Support needed",
        32,
        ask="any support you need from the board",
        option="support-needed",
        help="What the lead officer needs from the board to move the action on.",
        tracker=TrackerPlace.end,
        paper=True,
        optional=True,
    ),
)
"""Every field an officer fills in, in the order their columns were added (append-only)."""


def officer_field(name: str) -> OfficerField:
    """The row of field ``name``; KeyError when there is none."""
    for row in OFFICER_FIELDS:
        if row.name == name:
            return row
    raise KeyError(name)
