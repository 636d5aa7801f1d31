"""The officers' narrative in the paper: sections of prose, recommendations, implications,
background papers, appendices, the front sheet and document control.

:func:`build_narrative` turns one meeting's :class:`~g2g.plan.narrative.NarrativeFile` into
view-model dataclasses. The public paper (the default) leaves out everything marked exempt and
puts in its place the sentence a council publishes ("Appendix B is not for publication by
virtue of paragraph 1 of Part 1 of Schedule 12A of the Local Government Act 1972"); the
private paper keeps it and marks it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from g2g.io.files import read_limited
from g2g.plan.exempt import public_appendix, public_section
from g2g.plan.load import ValidPlan
from g2g.plan.markdown import MdBlock, parse_markdown
from g2g.plan.narrative import (
    IMPLICATION_TITLES,
    SECTION_TITLES,
    Implications,
    NarrativeFile,
    Prose,
    Sections,
    exempt_label,
    exempt_phrase,
    prose_exempt,
    prose_text,
    withheld_sentence,
)
from g2g.words import one_line

NOT_FOR_PUBLICATION = "NOT FOR PUBLICATION"

TEXT_SUFFIXES = (".md", ".markdown", ".txt")
"""Appendix files whose text is printed in the paper; others are listed to go with it."""


@dataclass(frozen=True)
class ProseView:
    """A section of the officers' prose as the paper prints it."""

    key: str
    title: str
    blocks: tuple[MdBlock, ...] = ()
    withheld: str | None = None
    """In the public paper, the sentence that stands for an exempt section."""
    exempt: str | None = None
    """In the private paper, the mark on an exempt section ("Exempt: paragraph 1 ...")."""

    @property
    def shown(self) -> bool:
        """Whether the section has anything to print."""
        return bool(self.blocks or self.withheld)


@dataclass(frozen=True)
class AppendixView:
    """One appendix: listed, and printed when it is text or the tracker."""

    id: str
    title: str
    label: str
    """"Appendix 1: Ofsted's letter ..." as the list of appendices prints it."""
    file: str | None
    blocks: tuple[MdBlock, ...] = ()
    tracker: bool = False
    withheld: str | None = None
    exempt: str | None = None
    attached: bool = False
    """True for a file that is attached rather than printed (e.g. a PDF)."""


@dataclass(frozen=True)
class FrontSheet:
    """What democratic services need on the front of a committee report."""

    agenda_item: str | None
    author: str | None
    author_contact: str | None
    portfolio_holder: str | None
    key_decision: str
    wards: str
    status: str
    """"Public" or "Exempt: not for publication by virtue of paragraph N ..."."""
    version: str | None
    author_name: str | None = None
    """The report author's name alone (the Word paper's author property)."""


@dataclass(frozen=True)
class Narrative:
    """The officers' words for one meeting, as the paper prints them."""

    title: str | None
    purpose: ProseView | None
    sections: dict[str, ProseView]
    analysis: dict[str, ProseView]
    recommendations: tuple[str, ...]
    recommendations_intro: str
    implications: tuple[ProseView, ...]
    background_papers: tuple[tuple[str, str | None], ...]
    appendices: tuple[AppendixView, ...]
    front: FrontSheet
    private: bool
    """The private paper: everything, marked NOT FOR PUBLICATION on every page."""
    withheld: tuple[str, ...] = field(default_factory=tuple)
    """Every sentence that stands for exempt content in the public paper."""

    def section(self, key: str) -> ProseView | None:
        """A section to print, or None when the narrative has none."""
        found = self.sections.get(key)
        return found if found is not None and found.shown else None


def exempt_mark(paragraph: int) -> str:
    """The private paper's mark on exempt content."""
    return (
        f"{exempt_label(paragraph)} to the Local Government Act 1972: not for publication. "
        "Do not repeat it in open session."
    )


def find_narrative(
    plan: ValidPlan, board: str | None, meeting: dt.date | None, month: str
) -> NarrativeFile | None:
    """The narrative for the board's meeting on ``meeting``; without a date, the board's latest
    meeting that reports ``month``."""
    found = [n for n in plan.loaded_narratives if n.board == board]
    if meeting is not None:
        return next((n for n in found if n.meeting == meeting), None)
    same = [n for n in found if n.month == month]
    return max(same, key=lambda n: n.meeting) if same else None


def _view(key: str, default: str, value: Prose | None, private: bool, what: str) -> ProseView:
    """A section as the paper prints it: in the public paper an exempt one is its public view
    (g2g.plan.exempt.public_section: the usual heading and the notice, nothing of its own)."""
    title = _title(value, default)
    text = prose_text(value)
    if value is None or text is None:
        return ProseView(key, title)
    paragraph = prose_exempt(value)
    if paragraph is not None and not private:
        shown = public_section(value, what)
        return ProseView(key, _title(shown, default), withheld=shown.text)
    mark = exempt_mark(paragraph) if paragraph is not None else None
    return ProseView(key, title, parse_markdown(text), exempt=mark)


def _title(value: Prose | None, default: str) -> str:
    text = getattr(value, "title", None)
    return text if isinstance(text, str) and text.strip() else default


def _appendix_blocks(folder: Path, file: str | None) -> tuple[tuple[MdBlock, ...], bool]:
    if file is None:
        return (), False
    path = folder / file
    if path.suffix.lower() not in TEXT_SUFFIXES:
        return (), True
    try:
        return parse_markdown(read_limited(path).decode("utf-8")), False
    except (OSError, UnicodeDecodeError):
        return (), True


def narrative_paragraphs(narrative: NarrativeFile) -> set[int]:
    """The paragraphs of Schedule 12A the narrative's exempt parts rely on."""
    values: list[Prose | None] = [narrative.purpose]
    values += [getattr(narrative.sections, k) for k in Sections.model_fields]
    values += [getattr(narrative.implications, k) for k in Implications.model_fields]
    values += list(narrative.analysis.values())
    found = {p for v in values if (p := prose_exempt(v)) is not None}
    found |= {a.exempt for a in narrative.appendices if a.exempt is not None}
    return found if narrative.exempt is None else {*found, narrative.exempt}


def _has_exempt(narrative: NarrativeFile) -> bool:
    """Whether a part of the narrative (not the whole report) is exempt."""
    return bool(narrative_paragraphs(narrative.model_copy(update={"exempt": None})))


def _status(whole: int | None, private: bool, *, has_exempt: bool) -> str:
    if whole is not None:
        return f"Exempt: not for publication {exempt_phrase(whole)}"
    if not has_exempt:
        return "Public"
    if private:
        return (
            f"{NOT_FOR_PUBLICATION}: the private version for members, which holds information "
            "that is exempt under Schedule 12A of the Local Government Act 1972"
        )
    return "Public, with the exempt information left out (each place is marked)"


def build_narrative(
    plan: ValidPlan, narrative: NarrativeFile, *, private: bool, portfolio_holder: str | None
) -> Narrative:
    """The view of one meeting's narrative (public leaves exempt content out)."""
    sections: dict[str, ProseView] = {}
    for key in Sections.model_fields:
        value = getattr(narrative.sections, key)
        sections[key] = _view(
            key, SECTION_TITLES[key], value, private, f"The section “{SECTION_TITLES[key]}”"
        )
    analysis = {
        group: _view(group, f"Analysis: {group}", value, private, f"The analysis of {group}")
        for group, value in narrative.analysis.items()
    }
    implications = tuple(
        _view(
            key,
            IMPLICATION_TITLES[key],
            value,
            private,
            f"The section “{IMPLICATION_TITLES[key]}”",
        )
        for key in Implications.model_fields
        for value in [getattr(narrative.implications, key)]
        if value is not None
    )
    appendices: list[AppendixView] = []
    for item in narrative.appendices:
        label = f"Appendix {item.id}: {item.title}"
        if item.exempt is not None and not private:
            shown = public_appendix(item)
            sentence = withheld_sentence(f"Appendix {shown.id}", item.exempt)
            label = f"Appendix {shown.id} (exempt)"
            appendices.append(AppendixView(shown.id, shown.title, label, None, withheld=sentence))
            continue
        blocks, attached = _appendix_blocks(plan.folder, item.file)
        mark = exempt_mark(item.exempt) if item.exempt is not None else None
        appendices.append(
            AppendixView(
                item.id,
                item.title,
                label,
                item.file,
                blocks,
                item.tracker,
                exempt=mark,
                attached=attached,
            )
        )
    purpose = None
    if narrative.purpose is not None:
        purpose = _view(
            "purpose",
            "Purpose of the report",
            narrative.purpose,
            private,
            "The purpose of the report",
        )
    author = narrative.author
    contact = None
    if author is not None:
        contact = ", ".join(x for x in (author.email, author.phone) if x) or None
    status = _status(narrative.exempt, private, has_exempt=_has_exempt(narrative))
    key_decision = "Yes" if narrative.key_decision else "No"
    if narrative.key_decision and narrative.key_decision_reference:
        key_decision += f" (forward plan reference {narrative.key_decision_reference})"
    front = FrontSheet(
        agenda_item=narrative.agenda_item,
        author=(
            f"{author.name}, {author.role}"
            if author is not None and author.role
            else (author.name if author is not None else None)
        ),
        author_contact=contact,
        portfolio_holder=narrative.portfolio_holder or portfolio_holder,
        key_decision=key_decision,
        wards=", ".join(narrative.wards),
        status=status,
        version=narrative.version,
        author_name=author.name if author is not None else None,
    )
    views: Iterable[ProseView | AppendixView] = [
        *([purpose] if purpose else []),
        *sections.values(),
        *analysis.values(),
        *implications,
        *appendices,
    ]
    withheld = tuple(v.withheld for v in views if v.withheld)
    return Narrative(
        title=narrative.title,
        purpose=purpose,
        sections=sections,
        analysis=analysis,
        recommendations=tuple(one_line(r) for r in narrative.recommendations),
        recommendations_intro=narrative.recommendations_intro or "Recommendations",
        implications=implications,
        background_papers=tuple((b.title, b.where) for b in narrative.background_papers),
        appendices=tuple(appendices),
        front=front,
        private=private,
        withheld=withheld,
    )
