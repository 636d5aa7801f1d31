"""Which parts a board paper prints and in what order: the two layouts (committee and full),
the numbered sections, their titles and HTML anchors, and the contents list's entries. One
declaration of the paper's order, followed by the HTML, Markdown and Word papers alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Layout(StrEnum):
    """How long the paper is: ``committee`` keeps the body to what a committee reads (the
    per-recommendation, per-target and trend detail goes to appendices, with a contents list);
    ``full`` prints every section in the body, as g2g did before."""

    committee = "committee"
    full = "full"


DETAIL = ("findings", "targets", "trends", "governance", "rag_definitions")
"""The detail a committee paper moves to appendices: the table for each inspection finding, the
chart and table for each measurable target, the service figures over time, the reporting line
and the RAG definitions with how ratings are checked (the summary says where they are)."""

_FULL_PARTS = (
    "purpose_section",
    "key_messages",
    "improvement_journey",
    "transformation",
    "summary",
    "areas",
    "findings",
    "exceptions",
    "since",
    "due",
    "targets",
    "performance",
    "finance",
    "governance",
    "barriers",
    "conclusion",
    "recommendations",
    "implications",
    "background_papers",
    "appendices",
    "appendix",
    "document_control",
)


@dataclass(frozen=True)
class PaperLayout:
    """The paper's parts in the order printed. Each part is a block of the HTML and Markdown
    templates and a method of the Word writer, which loop over ``parts``."""

    name: Layout
    parts: tuple[str, ...]
    detail: tuple[str, ...] = ()
    """The parts printed as g2g's own appendices (after the officers' appendices)."""
    new_pages: frozenset[str] = frozenset()
    """Body sections that start a new printed page (appendices always do)."""


LAYOUTS = {
    Layout.full: PaperLayout(
        Layout.full, _FULL_PARTS, new_pages=frozenset({"exceptions", "targets", "performance"})
    ),
    Layout.committee: PaperLayout(
        Layout.committee,
        (
            "purpose_section",
            "contents",
            *(k for k in _FULL_PARTS[1:-1] if k not in DETAIL),
            *DETAIL,
            "document_control",
        ),
        detail=DETAIL,
    ),
}
"""The two layouts: one declaration of the paper's order, for every format."""

SECTION_ORDER = tuple(k for k in _FULL_PARTS if k not in ("purpose_section", "appendix"))
"""The paper's top-level numbered sections in the order of the full layout (the order of
Oldham Council's Overview and Scrutiny Board paper of 10 September 2019, with g2g's exceptions,
due dates and targets after the plan's summary). A layout numbers those in its body."""

SECTION_TITLES = {
    "summary": "The improvement plan",
    "areas": "Summary by plan area",
    "findings": "Progress against the inspection recommendations",
    "exceptions": "Exceptions",
    "since": "Changes to the plan since the last paper",
    "due": "Due in the next 12 weeks",
    "targets": "Measurable targets",
    "performance": "Service performance",
    "trends": "Service figures over time",
    "finance": "Finance",
    "governance": "Reporting line",
    "rag_definitions": "RAG definitions in force",
    "implications": "Implications",
    "background_papers": "Background papers",
    "appendices": "Appendices",
    "document_control": "Document control",
}
"""The headings of the sections g2g writes (the officers' narrative may retitle the summary,
the areas and the finance section)."""

ANCHORS = {
    "findings": "recommendations",
    "recommendations": "recommendations-to-meeting",
    "appendix": "appendix",
}
"""Each part's id in the HTML where it is not the key with hyphens for underscores."""

OWN_TITLE = {"summary": "improvement_plan", "areas": "plan_progress", "finance": "finance"}
"""The narrative section whose title a part takes when the officers give one."""


def anchor(key: str) -> str:
    """The HTML id of a part's section (the contents list links to it)."""
    return ANCHORS.get(key, key.replace("_", "-"))


@dataclass(frozen=True)
class ContentsEntry:
    """One line of the contents list: the section's number and title, and its id."""

    text: str
    anchor: str
    appendix: bool = False
