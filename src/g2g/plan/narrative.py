"""The officers' narrative for one meeting: ``narrative/<board>-<YYYY-MM-DD>.yaml``.

A board paper is more than the scorecard: the officers write the key messages, the story of
the improvement journey, the analysis beside each group of figures, the conclusion and the
recommendations to the meeting. Each meeting's words live in the plan repository as one YAML
file per meeting, named by the board's id and the meeting date, with Markdown in its text
fields (paragraphs, bulleted and numbered lists, *emphasis*, **strong** and links to http(s)
addresses; raw HTML is shown as text, never as markup).

Anything a council must not publish can be marked ``exempt`` with its paragraph of Part 1 of
Schedule 12A to the Local Government Act 1972: the public paper leaves it out and says where
members can find it; the private paper (``g2g report --private``) has everything.

The models here are checked by :func:`g2g.plan.schema.validate_model` like the other plan
files; :func:`g2g.plan.narrative_checks.check_narrative` checks what the schema cannot see
(the board and groups exist, appendix files exist, the file name matches the meeting, links are
http(s)).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BeforeValidator, Field

from g2g.io.files import NARRATIVE_DIR, narrative_files
from g2g.plan.model_base import Exempt, Id, Month, Strict, Text

__all__ = ["NARRATIVE_DIR", "NarrativeFile", "markdown_texts", "narrative_files"]

SCHEDULE_12A: dict[int, str] = {
    1: "Information relating to any individual.",
    2: "Information which is likely to reveal the identity of an individual.",
    3: (
        "Information relating to the financial or business affairs of any particular person "
        "(including the authority holding that information)."
    ),
    4: (
        "Information relating to any consultations or negotiations, or contemplated "
        "consultations or negotiations, in connection with any labour relations matter arising "
        "between the authority or a Minister of the Crown and employees of, or office holders "
        "under, the authority."
    ),
    5: (
        "Information in respect of which a claim to legal professional privilege could be "
        "maintained in legal proceedings."
    ),
    6: (
        "Information which reveals that the authority proposes to give under any enactment a "
        "notice by virtue of which requirements are imposed on a person, or to make an order "
        "or direction under any enactment."
    ),
    7: (
        "Information relating to any action taken or to be taken in connection with the "
        "prevention, investigation or prosecution of crime."
    ),
}
"""The descriptions of exempt information in Part 1 of Schedule 12A to the Local Government
Act 1972 (as amended for England), by paragraph."""


def exempt_phrase(paragraph: int) -> str:
    """'by virtue of paragraph 1 of Part 1 of Schedule 12A of the Local Government Act 1972'."""
    return (
        f"by virtue of paragraph {paragraph} of Part 1 of Schedule 12A of the Local Government "
        "Act 1972"
    )


def exempt_label(paragraph: int) -> str:
    """The private paper's mark on an exempt item: "Exempt: paragraph 3 of Part 1 of Schedule
    12A"."""
    return f"Exempt: paragraph {paragraph} of Part 1 of Schedule 12A"


def withheld_sentence(what: str, paragraph: int) -> str:
    """The public outputs' sentence for exempt content."""
    return (
        f"{what} is not for publication {exempt_phrase(paragraph)}. Members can read it in the "
        "private version of this paper, which is circulated to them separately."
    )


class Section(Strict):
    """A section of the officers' prose, written as a mapping when it needs a title of its own
    or is exempt (otherwise the section is just its Markdown text)."""

    title: str | None = None
    """The heading printed; the section's usual heading when not given."""
    text: Text
    """The section's text, in Markdown (paragraphs, lists, emphasis, http(s) links)."""
    exempt: Exempt | None = None
    """The paragraph (1-7) of Part 1 of Schedule 12A that makes this section exempt: the public
    paper leaves it out (its own title too) and says so."""


def _as_section(value: object) -> object:
    """Plain Markdown text is a section with only its text."""
    return {"text": value} if isinstance(value, str) else value


Prose = Annotated[Section, BeforeValidator(_as_section)]
"""Markdown text, or a :class:`Section` mapping with a title or an exempt paragraph."""


class Sections(Strict):
    """The officers' sections of prose, each placed where the Oldham paper of 10 September 2019
    places it. Every section is optional; leave out the ones the council does not use."""

    key_messages: Prose | None = None
    """The findings or key messages, first after the front sheet (Oldham's "1. Findings")."""
    improvement_journey: Prose | None = None
    """How the council got here: the story of the improvement journey."""
    transformation: Prose | None = None
    """The transformation programme that supports the plan (investment, structures, models
    of practice)."""
    improvement_plan: Prose | None = None
    """The improvement plan itself (how it was made, its areas, Ofsted's view of it), before
    the inspection background and the RAG definitions."""
    plan_progress: Prose | None = None
    """Analysis of the ratings, printed beside the summary by plan area (Table 1)."""
    finance: Prose | None = None
    """Analysis of the finance position, printed beside the finance table."""
    barriers: Prose | None = None
    """Barriers to progress and matters escalated to the board."""
    conclusion: Prose | None = None
    """The conclusion, after the figures and before the recommendations."""


SECTION_TITLES: dict[str, str] = {
    "key_messages": "Key messages",
    "improvement_journey": "The improvement journey",
    "transformation": "Transformation to improve service quality",
    "improvement_plan": "The improvement plan",
    "plan_progress": "Progress against the plan",
    "finance": "Financial performance",
    "barriers": "Barriers and escalations",
    "conclusion": "Conclusion",
}
"""The heading each section gets when the narrative gives none."""


class Implications(Strict):
    """The implications sections committee reports carry. Each is Markdown text, or a mapping
    with ``text`` and ``exempt``."""

    financial: Prose | None = None
    """Financial implications (the finance officer's comments)."""
    legal: Prose | None = None
    """Legal implications (the legal officer's comments)."""
    risk: Prose | None = None
    """Risks and how they are managed."""
    equality: Prose | None = None
    """Equality implications (the public sector equality duty)."""
    hr: Prose | None = None
    """Human resources (workforce) implications."""
    corporate_parenting: Prose | None = None
    """Implications for the council as corporate parent of children in its care."""
    childrens_voice: Prose | None = None
    """How children's and young people's views were heard and used."""


IMPLICATION_TITLES: dict[str, str] = {
    "financial": "Financial implications",
    "legal": "Legal implications",
    "risk": "Risk",
    "equality": "Equality implications",
    "hr": "Human resources implications",
    "corporate_parenting": "Corporate parenting implications",
    "childrens_voice": "Children's voice",
}


class Author(Strict):
    """The report author: who to contact about the paper."""

    name: Text
    """The author's name, e.g. "Merlin Joseph"."""
    role: str | None = None
    """Their job title, e.g. "Interim Director of Children's Services"."""
    email: str | None = None
    """An email address for questions about the paper."""
    phone: str | None = None
    """A telephone number for questions about the paper."""


class BackgroundPaper(Strict):
    """A document relied on in writing the report (a public report must list them)."""

    title: Text
    """What the document is, e.g. "Ofsted ILACS inspection report, March 2019"."""
    where: str | None = None
    """Where it can be read: a web address or an office."""


class Appendix(Strict):
    """A document attached to the paper: a file in the plan repository, or the plan's tracker
    that g2g prints."""

    id: Text
    """How the paper names it: "1", "2", "A", "B"..."""
    title: Text
    """What it is, e.g. "Ofsted's letter on the improvement plan, 21 August 2019"."""
    file: str | None = None
    """The file attached, relative to the plan folder. A Markdown (.md) or text (.txt) file is
    printed in the paper; any other file (e.g. a PDF) is listed to go with it."""
    tracker: bool = False
    """True for the appendix that is the full improvement plan tracker printed by g2g."""
    exempt: Exempt | None = None
    """The paragraph (1-7) of Part 1 of Schedule 12A that makes the appendix exempt: the public
    paper names it by its id only."""


class NarrativeFile(Strict):
    """The officers' narrative and front sheet for one meeting:
    ``narrative/<board>-<YYYY-MM-DD>.yaml`` in a plan folder (optional)."""

    board: Id
    """The id of the board or committee (one of plan.boards)."""
    meeting: dt.date
    """The date of the meeting, YYYY-MM-DD; the file is named after it."""
    month: Month
    """The month whose figures the paper reports, YYYY-MM."""
    title: str | None = None
    """The paper's title; "<plan title>: progress update" when not given."""
    agenda_item: str | None = None
    """The item number on the meeting's agenda, e.g. "7"."""
    author: Author | None = None
    """The report author and how to contact them."""
    portfolio_holder: str | None = None
    """The cabinet member responsible; the plan's portfolio_holder when not given."""
    key_decision: bool = False
    """Whether the report asks for a key decision."""
    key_decision_reference: str | None = None
    """The forward plan reference of a key decision."""
    wards: list[Text] = Field(default_factory=lambda: ["All wards"])
    """The wards affected."""
    exempt: Exempt | None = None
    """The paragraph (1-7) of Part 1 of Schedule 12A when the whole report is exempt."""
    version: str | None = None
    """The version of the report, e.g. "1.0" or "final"."""
    purpose: Prose | None = None
    """The purpose of the report, on the front sheet; g2g's own sentence when not given."""
    sections: Sections = Field(default_factory=Sections)
    """The officers' sections of prose, by name."""
    analysis: dict[str, Prose] = Field(default_factory=dict)
    """Analysis beside each group of service figures, by the measure group's name (e.g. Demand,
    Caseloads)."""
    recommendations: list[Text] = Field(default_factory=list)
    """The recommendations to the meeting, one per entry."""
    recommendations_intro: str | None = None
    """What the meeting is asked to do with them, e.g. "For the committee to note"."""
    implications: Implications = Field(default_factory=Implications)
    """Financial, legal, risk, equality, HR, corporate parenting and children's voice."""
    background_papers: list[BackgroundPaper] = Field(default_factory=list)
    """The documents relied on in writing the report."""
    appendices: list[Appendix] = Field(default_factory=list)
    """The documents attached, in the order the paper lists them."""


def prose_text(value: Section | None) -> str | None:
    """The Markdown text of a section, if any."""
    return value.text if value is not None else None


def prose_exempt(value: Section | None) -> int | None:
    """The exempt paragraph of a section, or None."""
    return value.exempt if value is not None else None


def markdown_texts(model: NarrativeFile) -> list[tuple[tuple[int | str, ...], str]]:
    """Every Markdown text of a narrative with where it is written."""
    found: list[tuple[tuple[int | str, ...], str]] = []

    def add(loc: tuple[int | str, ...], value: Section | None) -> None:
        if value is not None:
            found.append(((*loc, "text"), value.text))

    add(("purpose",), model.purpose)
    for name in Sections.model_fields:
        add(("sections", name), getattr(model.sections, name))
    for name in Implications.model_fields:
        add(("implications", name), getattr(model.implications, name))
    for group, value in model.analysis.items():
        add(("analysis", group), value)
    for index, text in enumerate(model.recommendations):
        found.append((("recommendations", index), text))
    return found
