"""The board paper as a Word document (python-docx), from the same view model as the HTML.

Committee systems (modern.gov and the like) take Word. The document uses Word's own styles, so
a council's template (``--docx-template council.docx``) restyles it: Title, Heading 1-3 for the
sections, Normal for paragraphs, List Bullet and List Number for lists, and real tables (style
"Table Grid" when the template has it) whose header rows repeat on every page and whose RAG
cells carry the word and its shape as well as the colour. Page numbers are Word fields in the
footer; the private paper has NOT FOR PUBLICATION in the header of every page.

Charts are PNG images (:mod:`g2g.report.raster`, drawn from the same SVG as the HTML paper's),
each with the HTML chart's text alternative as its alternative text (``descr``) and followed by
the same figures as a table. A chart is drawn where the HTML paper draws one: the paper must be
built with charts (``build_paper(..., charts=True)``); without them the figures are tables only.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Sequence
from copy import deepcopy as copy_element
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import parse_xml
from docx.shared import Cm, Emu, Inches, Mm, Pt, RGBColor, Twips
from docx.styles import BabelFish

from g2g.plan.markdown import MdBlock
from g2g.report.charts import BarSpec, ChartSpec
from g2g.report.labels import Prose, RagLabel
from g2g.report.narrative import ProseView
from g2g.report.paper import Paper
from g2g.report.raster import PRINT_WIDTH_INCHES, chart_png
from g2g.report.wordtemplate import open_template

_FILL = {"red": "B10E1E", "amber": "F5A623", "green": "00703C", "blue": "1D70B8", "none": "F3F2F1"}
_INK = {"red": "FFFFFF", "amber": "0B0C0C", "green": "FFFFFF", "blue": "FFFFFF", "none": "0B0C0C"}

CHART_NOTE = (
    "The HTML and PDF versions of this paper chart these figures; the Word version gives them "
    "as a table."
)
"""Said where a chart's figures are given without its image (a paper built without charts)."""

Cell = str | RagLabel

TRACKER_PT = 8
"""The type size of the tracker's wide tables."""


Warn = Callable[[str], None]
"""Where a warning about the template goes (one plain sentence each)."""

A4 = (Mm(210), Mm(297))
"""The page size of every section (width, height in portrait)."""

MARGIN = Cm(2)
"""The page margins of the paper made without a council's template (Word's UK default)."""

LANGUAGE = "en-GB"

R_NS = nsmap["r"]

# The styles the paper uses. A council's template that lacks one gets the paper's own
# definition of it (from python-docx's default template), with a warning.
PAPER_STYLES = (
    "Normal",
    "Title",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "List Bullet",
    "List Number",
    "Caption",
    "Table Grid",
)


def write_docx(paper: Paper, template: Path | None = None, warn: Warn | None = None) -> bytes:
    """The paper as the bytes of a .docx file.

    ``template`` is a council's Word document: its styles, numbering, theme, page set-up,
    headers, footers and core properties are kept, and nothing else of it (its text, comments,
    pictures, custom XML, thumbnail and links to outside files are left out). A style the paper
    needs and the template lacks is the paper's own, and ``warn`` is told.
    """
    doc = _document(template)
    if template is not None:
        _clear_body(doc)
        _add_missing_styles(doc, template.name, warn or (lambda _message: None))
    else:
        for section in doc.sections:
            section.left_margin = section.right_margin = MARGIN
            section.top_margin = section.bottom_margin = MARGIN
        _compact(doc)
    _a4(doc)
    _Writer(doc, paper).write()
    _a4(doc)
    _english(doc)
    _properties(doc, paper)
    _keep_only_the_paper(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _document(template: Path | None) -> Any:
    """The Word document the paper is written into: a council's template (checked against its
    limits and for damage, :func:`g2g.report.wordtemplate.open_template`), or python-docx's
    blank one."""
    return Document() if template is None else open_template(template)


def _compact(doc: Any) -> None:
    """The paper's own type and spacing (without a council's template): 10.5 pt single-spaced
    paragraphs 6 pt apart and 14 pt above a section's heading, not python-docx's 11 pt, 1.15
    lines, 10 pt apart and 24 pt above, so a committee paper stays short."""
    normal = doc.styles["Normal"].paragraph_format
    normal.space_after = Pt(6)
    normal.line_spacing = 1.0
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.styles["Heading 1"].paragraph_format.space_before = Pt(14)


def _clear_body(doc: Any) -> None:
    """Leave out the template's own text, tables and pictures (its last section's page set-up
    stays)."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _add_missing_styles(doc: Any, name: str, warn: Warn) -> None:
    """Give the document each style the paper uses that it lacks, copied from the paper's own
    (python-docx's default) styles, and say so."""
    have = {s.name for s in doc.styles}
    missing = [style for style in PAPER_STYLES if style not in have]
    if not missing:
        return
    own = Document().styles.element
    theirs = doc.styles.element
    ids = {s.get(qn("w:styleId")) for s in theirs.findall(qn("w:style"))}
    numbered = _numbering_ids(doc)

    def copy(style_id: str) -> None:
        if style_id in ids:
            return
        found = next(
            (s for s in own.findall(qn("w:style")) if s.get(qn("w:styleId")) == style_id), None
        )
        if found is None:
            return
        added = copy_element(found)
        for number in added.iter(qn("w:numPr")):
            num_id = number.find(qn("w:numId"))
            if num_id is None or num_id.get(qn("w:val")) not in numbered:
                number.getparent().remove(number)
        theirs.append(added)
        ids.add(style_id)
        for link in ("w:basedOn", "w:next", "w:link"):
            target = added.find(qn(link))
            if target is not None:
                copy(target.get(qn("w:val"), ""))

    by_name = {_style_name(s): s.get(qn("w:styleId")) for s in own.findall(qn("w:style"))}
    for style in missing:
        copy(by_name.get(style, ""))
    listed = ", ".join(f"'{m}'" for m in missing)
    warn(
        f"{name}: the template has no {listed} style{'s' if len(missing) > 1 else ''} - the "
        "paper uses its own (add "
        f"{'them' if len(missing) > 1 else 'it'} to the template to give "
        f"{'them' if len(missing) > 1 else 'it'} the council's look)"
    )


def _style_name(style: Any) -> str:
    """A style's name as Word shows it ("heading 1" is stored, "Heading 1" shown)."""
    name = style.find(qn("w:name"))
    stored = name.get(qn("w:val"), "") if name is not None else ""
    return str(BabelFish.internal2ui(stored))


def _numbering_ids(doc: Any) -> set[str]:
    """The list numbering ids the document defines."""
    try:
        numbering = doc.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return set()
    return {n.get(qn("w:numId")) for n in numbering.findall(qn("w:num"))}


def _a4(doc: Any) -> None:
    """Every section on A4, in its own orientation."""
    width, height = A4
    for section in doc.sections:
        landscape = section.orientation == WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = (height, width) if landscape else (width, height)


def _english(doc: Any) -> None:
    """British English: the default language of the styles and of every style that names one,
    and of the theme's fonts."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    if properties.find(qn("w:lang")) is None:
        properties.append(OxmlElement("w:lang"))
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), LANGUAGE)
    settings = doc.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), LANGUAGE)


def _properties(doc: Any, paper: Paper) -> None:
    """The core properties from the plan and the meeting (none of the template's): title,
    subject, author, dates, status; and the application properties, with nothing of the
    template's (company, manager, template name)."""
    h = paper.heading
    core = doc.core_properties
    for child in list(core._element):
        core._element.remove(child)
    author = (h.front.author_name if h.front else None) or h.officer_contact or h.council
    core.title = h.document_title
    subject = f"{h.council}: {h.plan_title}, progress to {h.month_label}"
    if h.board:
        subject += f", for the {h.board}"
        if h.meeting_date:
            subject += f" on {h.meeting_date}"
    core.subject = subject
    core.author = author
    core.last_modified_by = author
    core.category = "Committee report"
    core.language = LANGUAGE
    core.revision = 1
    if h.front and h.front.version:
        core.version = h.front.version
    core.content_status = (
        "Not for publication" if paper.private else (h.front.status if h.front else "Public")
    )
    made = h.provenance.made
    if made is not None:
        # Word reads these dates as UTC, without a time zone
        stamp = made.astimezone(dt.UTC).replace(tzinfo=None)
        core.created = stamp
        core.modified = stamp
    app = next(
        (part for part in doc.part.package.iter_parts() if part.partname == "/docProps/app.xml"),
        None,
    )
    if app is not None:
        app._blob = _app_xml(h.provenance.version)


def _app_xml(version: str) -> bytes:
    """docProps/app.xml naming g2g as the application."""
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'docPropsVTypes"><Application>g2g {xml_escape(version)}</Application>'
        "<DocSecurity>0</DocSecurity><LinksUpToDate>false</LinksUpToDate></Properties>"
    ).encode()


# The parts of a Word document the paper keeps from the template, by relationship type (the
# document's own pictures and headers and footers are kept because its text refers to them).
_KEPT = frozenset(
    {
        RT.STYLES,
        RT.NUMBERING,
        RT.THEME,
        RT.SETTINGS,
        RT.WEB_SETTINGS,
        RT.FONT_TABLE,
        RT.FOOTNOTES,
        RT.ENDNOTES,
    }
)
_PACKAGE_KEPT = frozenset({RT.OFFICE_DOCUMENT, RT.CORE_PROPERTIES, RT.EXTENDED_PROPERTIES})
_SETTINGS_DROPPED = ("w:docVars", "w:mailMerge", "w:attachedTemplate", "w:rsids")
_NOTE_KINDS = frozenset({"separator", "continuationSeparator", "continuationNotice"})


def _keep_only_the_paper(doc: Any) -> None:
    """Leave out what the template (or python-docx's blank document) carries that is not the
    paper and not its look: comments, the template's pictures and text, custom XML, a
    thumbnail, custom properties, glossary entries, document variables, footnotes, and every
    link to an outside file (Word would fetch one on opening)."""
    package = doc.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype not in _PACKAGE_KEPT:
            package.rels.pop(r_id)
    document = doc.part
    used = _referenced_ids(document.element)
    for r_id, rel in list(document.rels.items()):
        if rel.is_external or not (rel.reltype in _KEPT or r_id in used):
            document.rels.pop(r_id)
    for part in package.iter_parts():
        _drop_external_links(part)
    settings = doc.settings.element
    for tag in _SETTINGS_DROPPED:
        for found in settings.findall(qn(tag)):
            settings.remove(found)
    for rel in document.rels.values():
        if rel.reltype in (RT.FOOTNOTES, RT.ENDNOTES):
            _only_separators(rel.target_part)


def _only_separators(part: Any) -> None:
    """Leave a footnotes or endnotes part only the separator notes Word's settings refer to
    (the paper has no notes; the template's would be hidden text)."""
    element = getattr(part, "element", None)
    notes = element if element is not None else parse_xml(part.blob)
    for note in list(notes):
        if note.get(qn("w:type")) not in _NOTE_KINDS:
            notes.remove(note)
    if element is None:
        part._blob = serialize_part_xml(notes)


def _referenced_ids(element: Any) -> set[str]:
    """The relationship ids an XML part's text refers to."""
    prefix = f"{{{R_NS}}}"
    return {
        value
        for node in element.iter()
        for key, value in node.attrib.items()
        if key.startswith(prefix)
    }


def _drop_external_links(part: Any) -> None:
    """Remove a part's relationships to outside files, and what refers to them."""
    external = [r_id for r_id, rel in part.rels.items() if rel.is_external]
    if not external:
        return
    element = getattr(part, "element", None)
    if element is not None:
        gone = set(external)
        prefix = f"{{{R_NS}}}"
        for node in list(element.iter()):
            for key, value in list(node.attrib.items()):
                if not (key.startswith(prefix) and value in gone):
                    continue
                parent = node.getparent()
                if key == qn("r:link") or parent is None:
                    del node.attrib[key]
                elif node.tag == qn("w:hyperlink"):
                    for child in list(node):
                        node.addprevious(child)
                    parent.remove(node)
                else:
                    parent.remove(node)
                break
    for r_id in external:
        part.rels.pop(r_id)


class _Writer:
    def __init__(self, doc: Any, paper: Paper) -> None:
        self.doc = doc
        self.paper = paper
        self.styles = {s.name for s in doc.styles}

    # --- small pieces ------------------------------------------------------------------------

    def style(self, name: str, fallback: str = "Normal") -> str | None:
        if name in self.styles:
            return name
        return fallback if fallback in self.styles else None

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(text, level=level)

    def number(self, key: str) -> str:
        found = self.paper.numbers.get(key)
        return f"{found}. " if found else ""

    def para(self, text: str, *, bold: bool = False, style: str | None = None) -> Any:
        paragraph = self.doc.add_paragraph(style=self.style(style) if style else None)
        run = paragraph.add_run(text)
        run.bold = bold or None
        return paragraph

    def chart(self, spec: ChartSpec | BarSpec, alt: str, title: str) -> None:
        """The chart as a picture in its own paragraph, with the HTML chart's text alternative
        as its alternative text (Word's ``descr``) and a short title."""
        paragraph = self.doc.add_paragraph()
        run = paragraph.add_run()
        width = min(Inches(PRINT_WIDTH_INCHES), self.text_width())
        run.add_picture(io.BytesIO(chart_png(spec)), width=width)
        for inline in run._r.iter(qn("wp:inline")):
            properties = inline.find(qn("wp:docPr"))
            if properties is not None:
                properties.set("descr", alt)
                properties.set("title", title)

    def blocks(self, blocks: Sequence[MdBlock]) -> None:
        for block in blocks:
            if block.kind == "p":
                paragraph = self.doc.add_paragraph()
                if block.number:
                    paragraph.add_run(f"{block.number}\t").bold = True
                self.runs(paragraph, block.items[0])
            else:
                style = self.style("List Number" if block.kind == "ol" else "List Bullet")
                for item in block.items:
                    self.runs(self.doc.add_paragraph(style=style), item)

    @staticmethod
    def runs(paragraph: Any, item: Sequence[Any]) -> None:
        for run in item:
            added = paragraph.add_run(run.text)
            added.bold = run.strong or None
            added.italic = run.em or None
            if run.href:
                paragraph.add_run(f" ({run.href})")

    def prose_view(self, view: ProseView) -> None:
        if view.withheld:
            self.para(view.withheld, bold=True)
            return
        if view.exempt:
            self.para(view.exempt, bold=True)
        self.blocks(view.blocks)

    def plain_prose(self, cell: Any, prose: Prose) -> None:
        first = True
        for block in prose:
            for item in block.items:
                text = f"• {item}" if block.is_list else item
                if first:
                    cell.paragraphs[0].add_run(text)
                    first = False
                else:
                    cell.add_paragraph(text)

    def text_width(self) -> Emu:
        """The width between the margins of the section being written."""
        section = self.doc.sections[-1]
        return Emu(section.page_width - section.left_margin - section.right_margin)

    def table(
        self,
        caption: str,
        header: Sequence[str] | None,
        rows: Sequence[Sequence[Cell]],
        *,
        footer: Sequence[Cell] | None = None,
        columns: int | None = None,
        fit: bool = True,
    ) -> Any:
        """A table: ``header`` is its header row (repeated at the top of each page), None for
        a table of facts with no header (the front sheet)."""
        # A table too wide for a portrait page even at the tracker's type size (the area table
        # of a plan with a Not reported column) is set on a landscape page of its own, so that
        # no word in it breaks.
        wide = fit and header is not None and self._too_wide(header, rows, footer)
        if wide:
            self._orientation(WD_ORIENT.LANDSCAPE)
        if caption:
            caption_paragraph = self.para(caption, bold=True, style="Caption")
            caption_paragraph.paragraph_format.keep_with_next = True
        width = len(header) if header is not None else (columns or len(rows[0]))
        table = self.doc.add_table(rows=0, cols=width)
        grid = self.style("Table Grid", "")
        if grid:
            table.style = grid
        if header is not None:
            head = table.add_row()
            _repeat_header(head)
            for cell, text in zip(head.cells, header, strict=True):
                cell.paragraphs[0].add_run(text).bold = True
        for values in rows:
            self.row(table, values, bold_first=header is None)
        if footer is not None:
            self.row(table, footer, bold=True)
        if fit:
            self.fit(table)
        self.doc.add_paragraph()
        if wide:
            self._orientation(WD_ORIENT.PORTRAIT)
        return table

    def _too_wide(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[Cell]],
        footer: Sequence[Cell] | None,
    ) -> bool:
        """Whether the longest words of a table's columns do not fit the portrait text width
        even at the tracker's type size."""
        # in characters of the body's weight: a bold word (the header's) is 1.12 times as wide
        longest = [max((len(w) for w in h.split()), default=1) * 1.12 for h in header]
        for values in [*rows, *([footer] if footer is not None else [])]:
            for index, value in enumerate(values):
                text = f"{value.mark} {value.word}" if isinstance(value, RagLabel) else str(value)
                weight = 1.12 if values is footer or isinstance(value, RagLabel) else 1.0
                words = [len(w) * weight for w in text.split()]
                longest[index] = max(longest[index], *words, 1.0)
        section = self.doc.sections[-1]
        room = min(section.page_width, section.page_height) - section.left_margin
        room -= section.right_margin
        need = sum(n * TRACKER_PT * 20 * _CHAR_EM + _PADDING for n in longest)
        # a few per cent over is taken from the cells' air (fit_columns shares it out)
        return bool(need > Emu(room).twips * 1.03)

    def _orientation(self, orientation: Any) -> None:
        """Start a new section, on a new page, in ``orientation`` (its page size follows)."""
        section = self.doc.add_section()
        section.orientation = orientation
        short, long_ = sorted((section.page_width, section.page_height))
        landscape = orientation == WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = (long_, short) if landscape else (short, long_)

    def fit(self, table: Any, font_pt: float = 11) -> None:
        """Column widths from the table's content, and rows that do not split across pages."""
        fit_columns(table, self.text_width(), font_pt)

    def row(
        self, table: Any, values: Sequence[Cell], *, bold: bool = False, bold_first: bool = False
    ) -> None:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            if isinstance(value, RagLabel):
                _rag_cell(cell, value)
            else:
                lines = [_keep_date_together(line) for line in str(value).split("\n")]
                strong = bold or (bold_first and index == 0)
                cell.paragraphs[0].add_run(lines[0]).bold = strong or None
                for line in lines[1:]:
                    cell.add_paragraph(line)

    # --- the paper ---------------------------------------------------------------------------

    def write(self) -> None:
        """The paper's parts in the order of its layout (g2g.report.layout.LAYOUTS)."""
        self.header_footer()
        prose = ("key_messages", "improvement_journey", "transformation", "barriers", "conclusion")
        for key in self.paper.parts:
            if key in prose:
                self.prose_section(key)
                continue
            if key in self.paper.appendix_titles and key != "appendix":
                self.new_appendix_page()
            self.parts[key]()

    @property
    def parts(self) -> dict[str, Callable[[], None]]:
        """The method that writes each part of the paper."""
        return {
            "purpose_section": self.front,
            "contents": self.contents,
            "summary": self.summary,
            "areas": self.areas,
            "findings": self.findings,
            "exceptions": self.exceptions,
            "since": self.since,
            "due": self.due,
            "targets": self.targets,
            "performance": self.performance,
            "trends": self.trends,
            "rag_definitions": self.rag_definitions,
            "finance": self.finance,
            "governance": self.governance,
            "recommendations": self.recommendations,
            "implications": self.implications,
            "background_papers": self.background_papers,
            "appendices": self.appendices,
            "appendix": self.tracker,
            "document_control": self.document_control,
        }

    def new_appendix_page(self) -> None:
        """One of g2g's appendices starts a new page, in portrait after the tracker."""
        section = self.doc.sections[-1]
        if section.orientation == WD_ORIENT.LANDSCAPE:
            self._orientation(WD_ORIENT.PORTRAIT)
        else:
            self.doc.add_page_break()

    def contents(self) -> None:
        """The contents list: a Word TOC field over headings 1-3, with links; Word fills it
        in when the field is updated (LibreOffice when it opens the file)."""
        if not self.paper.contents:
            return
        self.para("Contents", bold=True)
        paragraph = self.doc.add_paragraph()
        _field(
            paragraph,
            'TOC \\o "1-3" \\h \\z \\u',
            TOC_PLACEHOLDER,
            dirty=True,
        )

    def header_footer(self) -> None:
        """The private marking in the header of every page, beside the template's own header;
        page numbers in the footer unless the template's footer numbers its pages."""
        if self.paper.marking:
            mark_pages(self.doc, self.paper.marking)
        number_pages(self.doc)

    def front(self) -> None:
        p = self.paper
        h = p.heading
        if p.marking:
            self.para(p.marking, bold=True)
        self.para(f"{h.council}{', ' + h.service if h.service else ''}", bold=True)
        if h.board:
            self.para(f"Report to the {h.board}")
        self.doc.add_heading(h.title, level=0)
        facts: list[tuple[str, str]] = []
        front = h.front
        if front and front.agenda_item:
            facts.append(("Agenda item", front.agenda_item))
        if h.meeting_date:
            facts.append(("Date of meeting", h.meeting_date))
        facts.append(("Month reported", f"{h.month_label} ({h.review})"))
        if h.board_chair:
            facts.append(("Chair", h.board_chair))
        holder = (front.portfolio_holder if front else None) or h.portfolio_holder
        if holder:
            facts.append(("Portfolio holder", holder))
        if front and front.author:
            contact = f" ({front.author_contact})" if front.author_contact else ""
            facts.append(("Report author", front.author + contact))
        elif h.officer_contact:
            facts.append(("Officer contact", h.officer_contact))
        if front:
            facts.extend(
                [
                    ("Key decision", front.key_decision),
                    ("Wards affected", front.wards),
                    ("Status", front.status),
                ]
            )
        if p.exemption:
            facts.append(("Exempt information", p.exemption.paragraphs))
            facts.append(("Public interest test", p.exemption.public_interest))
        self.table("", None, facts, columns=2)
        self.heading("Purpose of the report", 1)
        n = p.narrative
        if n and n.purpose and n.purpose.blocks:
            if n.purpose.exempt:
                self.para(n.purpose.exempt, bold=True)
            self.blocks(n.purpose.blocks)
        elif n and n.purpose and n.purpose.withheld:
            self.para(n.purpose.withheld, bold=True)
        else:
            self.para(p.summary.purpose)
        self.para(p.summary.ask)
        if p.summary.late_paper:
            self.para(p.summary.late_paper)

    def prose_section(self, key: str) -> None:
        view = self.paper.prose(key)
        if view is None:
            return
        self.heading(f"{self.number(key)}{view.title}", 1)
        self.prose_view(view)

    def summary(self) -> None:
        p = self.paper
        view = p.prose("improvement_plan")
        self.heading(f"{self.number('summary')}{view.title if view else 'The improvement plan'}", 1)
        if view:
            self.prose_view(view)
        self.heading("Background", 2)
        for sentence in p.summary.inspections:
            self.para(sentence)
        self.heading("Overall rating", 2)
        overall = p.summary.overall
        self.para(f"Overall: {overall.mark} {overall.word}", bold=True)
        self.para(f"{p.summary.overall_sentence} {p.summary.rule_sentence}")
        self.para(p.summary.direction)
        self.para(p.summary.attention)
        if p.summary.plan_changes:
            self.para(p.summary.plan_changes)
        if p.definitions_pointer:
            self.para(f"{p.definitions.whose} {p.definitions_pointer}")
        else:
            self.heading("RAG definitions in force", 2)
            self.definitions()

    def rag_definitions(self) -> None:
        """The RAG definitions as an appendix (the committee layout)."""
        if self.paper.definitions_pointer:
            self.heading(self.paper.title("rag_definitions"), 1)
            self.definitions()

    def definitions(self) -> None:
        p = self.paper
        self.table(
            "What each rating means",
            ["Rating", "Meaning"],
            [[d.label, d.meaning] for d in p.definitions.ratings],
        )
        for sentence in p.definitions.policy:
            self.para(sentence)

    def areas(self) -> None:
        p = self.paper
        a = p.areas
        view = p.prose("plan_progress")
        self.heading(f"{self.number('areas')}{view.title if view else 'Summary by plan area'}", 1)
        if view:
            self.prose_view(view)
        if p.beside is not None:
            self.para(p.beside.lead)
            for item in p.beside.items:
                self.para(item, style="List Bullet")
        header = ["Plan area", *(f"Rated {c.word}" for c in a.columns), "Total"]
        header += ["Rated this month", "Rating", "Challenged", a.change_heading]

        def cells(row: Any) -> list[Cell]:
            counts = [*map(str, row.counts), str(row.total), row.rated]
            return [row.name, *counts, row.rating, str(row.challenged), row.change]

        self.table(a.caption, header, [cells(r) for r in a.rows], footer=cells(a.total))
        for note in a.notes:
            self.para(note)

    def findings(self) -> None:
        if not self.paper.findings:
            return
        self.heading(f"{self.number('findings')}{self.paper.title('findings')}", 1)
        for t in self.paper.findings:
            rows: list[list[Cell]] = []
            for r in t.rows:
                kind = f" ({r.kind})" if r.kind != "Recommendation" else ""
                actions = "\n".join(
                    f"{a.id} {a.title}: {a.rating.mark} {a.rating.word}" for a in r.actions
                )
                rows.append(
                    [
                        f"{r.id} {r.text}{kind}",
                        actions or "No action answers it.",
                        r.rating,
                        f"{r.counts}; {r.change}",
                    ]
                )
            self.table(t.caption, ["Finding", "Actions answering it", "Overall", "Change"], rows)

    def since(self) -> None:
        c = self.paper.since
        if c is None:
            return
        self.heading(f"{self.number('since')}Changes to the plan since the last paper", 1)
        self.para(c.intro)
        if not c.checked:
            return
        self.heading("Moved without a revision record", 2)
        for line in c.flagged or (
            "None: every due date or target that moved has a revision record.",
        ):
            self.para(line, style="List Bullet" if c.flagged else None)
        self.heading("Agreed revisions and other changes", 2)
        for line in c.other or ("None.",):
            self.para(line, style="List Bullet" if c.other else None)

    def exceptions(self) -> None:
        e = self.paper.exceptions
        self.heading(f"{self.number('exceptions')}Exceptions", 1)
        self.para(e.summary)
        if e.rows:
            self.table(
                f"Exceptions for {self.paper.month_label}",
                ["Exception", "Action", "Lead officer", "Rating", "Why"],
                [[r.kind, f"{r.action} {r.title}", r.lead, r.rating, r.reason] for r in e.rows],
            )
        self.heading(f"Changes since {e.previous_month or 'the previous month'}", 2)
        self.para(e.changes_summary)
        if e.changes:
            self.table(
                f"Ratings changed since {e.previous_month}",
                ["Action", "Was", "Now", "Change"],
                [[f"{r.action} {r.title}", r.before, r.after, r.change] for r in e.changes],
            )

    def due(self) -> None:
        d = self.paper.due
        self.heading(f"{self.number('due')}Due in the next 12 weeks", 1)
        if not d.rows:
            self.para(f"Nothing falls due from {d.window}.")
            return
        self.table(
            d.caption,
            ["Due", "Type", "What", "Action", "Lead officer", "Latest position"],
            [
                [r.date, r.kind, r.what, _action_cell(r.action, r.title), r.lead, r.position]
                for r in d.rows
            ],
        )

    def targets(self) -> None:
        g = self.paper.targets
        self.heading(f"{self.number('targets')}{self.paper.title('targets')}", 1)
        self.para(g.intro)
        for t in g.sections:
            self.heading(f"{t.measure} ({t.action})", 2)
            self.para(f"Action {t.action}: {t.action_title}. Unit: {t.unit}. {t.polarity}")
            self.para(t.judgement or t.alt)
            if t.svg:
                self.chart(t.chart, t.alt, f"Chart: {t.measure}")
            elif len(t.rows) > 1:
                self.para(CHART_NOTE)
            self.table(
                t.caption,
                ["Month", "Milestone", "Trajectory", "Measured"],
                [[r.month, r.milestone, r.trajectory, r.measured] for r in t.rows],
            )
            if t.comparators:
                self.para("Compared with: " + "; ".join(t.comparators) + ".")
            for note in t.notes:
                self.para(note)
        if g.pending:
            self.heading("Targets with no figures reported yet", 2)
            self.table(
                f"Targets with no figures reported up to {self.paper.month_label}",
                ["Action", "Measure", "Trajectory"],
                [[x.action, x.measure, x.trajectory] for x in g.pending],
            )

    def performance(self) -> None:
        f = self.paper.performance
        if f is None:
            return
        self.heading(f"{self.number('performance')}Service performance", 1)
        for text in (f.intro, f.attention, *f.rules):
            self.para(text)
        for g in f.groups:
            self.heading(g.name, 2)
            view = self.paper.analysis(g.name)
            if view:
                self.prose_view(view)
            self.table(
                g.caption,
                ["Measure", "Figure", "As at", "Target", "RAG", "Direction of travel"],
                [[r.name, r.figure, r.as_at, r.target, r.rating, r.direction] for r in g.rows],
            )
            if not self.paper.trends_apart:
                self.over_time(g, 3)

    def trends(self) -> None:
        """The service figures over time, as an appendix (the committee layout)."""
        f = self.paper.performance
        if f is None or "trends" not in self.paper.appendix_titles:
            return
        self.heading(self.paper.title("trends"), 1)
        for g in f.groups:
            if g.trends or g.distribution:
                self.heading(f"{g.name} over time", 2)
                self.over_time(g, 3)

    def over_time(self, g: Any, level: int) -> None:
        """One group's figures over time: a chart and table per measure, and the
        distribution."""
        for t in g.trends:
            self.heading(f"{t.name}: figures over time", level)
            self.para(f"{t.meta} {t.summary}")
            if t.svg:
                self.chart(t.chart, t.alt, f"Chart: {t.name}")
            else:
                self.para(CHART_NOTE)
            self.table(
                t.caption,
                ["Month", *t.columns],
                [[r.month, *r.cells] for r in t.rows],
            )
        if g.distribution:
            d = g.distribution
            self.heading(d.heading, level)
            self.para(d.intro)
            if d.svg:
                self.chart(d.chart, d.alt, f"Chart: {d.heading}")
            self.table(
                d.caption,
                ["Measure", *d.months, "Change"],
                [[r.name, *r.cells, r.change] for r in d.rows],
            )

    def governance(self) -> None:
        line = self.paper.reporting_line
        if line is None:
            return
        self.heading(f"{self.number('governance')}{self.paper.title('governance')}", 1)
        self.para(
            f"Who each task group and board reports to, its chair on {line.as_of} (a task "
            f"group's lead) and its next meeting after {line.after}. Scrutiny holds the line to "
            "account from alongside it."
        )
        self.table(
            "The reporting line: task groups, boards and scrutiny",
            ["Group or board", "Kind", "Reports to", "Chair or lead", "Next meeting"],
            [[r.name, r.kind, r.reports_to, r.chair, r.next_meeting] for r in line.rows],
        )

    def finance(self) -> None:
        fin = self.paper.finance
        if fin is None:
            return
        view = self.paper.prose("finance")
        self.heading(f"{self.number('finance')}{view.title if view else 'Finance'}", 1)
        if view:
            self.prose_view(view)
        self.para(fin.intro)
        if fin.total is None:
            return
        self.para(fin.summary)
        for note in fin.notes:
            self.para(note)
        u = fin.unit

        def cells(r: Any) -> list[Cell]:
            return [r.name, r.revised_budget, r.forecast, r.use_of_reserves, r.variance]

        self.table(
            fin.caption,
            [
                "Budget line",
                f"Revised budget ({u})",
                f"Forecast ({u})",
                f"Use of reserves ({u})",
                f"Variance ({u})",
            ],
            [cells(r) for r in fin.rows],
            footer=cells(fin.total),
        )

    def recommendations(self) -> None:
        n = self.paper.narrative
        if n is not None and n.recommendations:
            number = self.paper.numbers.get("recommendations", "")
            self.heading(f"{self.number('recommendations')}{n.recommendations_intro}", 1)
            for index, text in enumerate(n.recommendations, start=1):
                paragraph = self.doc.add_paragraph()
                paragraph.add_run(f"{number}.{index}\t").bold = True
                paragraph.add_run(text)

    def implications(self) -> None:
        n = self.paper.narrative
        if n is not None and n.implications:
            self.heading(f"{self.number('implications')}Implications", 1)
            for item in n.implications:
                self.heading(item.title, 2)
                self.prose_view(item)

    def background_papers(self) -> None:
        n = self.paper.narrative
        if n is not None and n.background_papers:
            self.heading(f"{self.number('background_papers')}Background papers", 1)
            for title, where in n.background_papers:
                self.para(f"{title}: {where}" if where else title, style="List Bullet")

    def appendices(self) -> None:
        n = self.paper.narrative
        self.heading(f"{self.number('appendices')}Appendices", 1)
        for a in n.appendices if n is not None else ():
            text = a.label
            if a.withheld:
                text += f". {a.withheld}"
            elif a.attached:
                text += f" (attached: {a.file})"
            if a.exempt:
                text += f" {a.exempt}"
            self.para(text, style="List Bullet")
        for title in self.paper.own_appendices:
            self.para(title, style="List Bullet")
        for a in self.paper.printed_appendices:
            self.doc.add_page_break()
            self.heading(a.label, 1)
            if a.exempt:
                self.para(a.exempt, bold=True)
            self.blocks(a.blocks)

    def tracker(self) -> None:
        if not self.paper.tracker:
            return
        landscape = self.doc.add_section()
        landscape.orientation = WD_ORIENT.LANDSCAPE
        landscape.page_width, landscape.page_height = landscape.page_height, landscape.page_width
        self.heading(self.paper.tracker_title, 1)
        header = [
            "Action",
            "Description",
            "Lead officer",
            "Timescale",
            "Evidence of success",
            "Update",
            "RAG",
            "Direction of travel",
        ]
        for area in self.paper.tracker:
            if area is not self.paper.tracker[0]:
                self.doc.add_page_break()
            table = self.table(area.caption, header, [], fit=False)
            for objective in area.objectives:
                cells = table.add_row().cells
                merged = cells[0].merge(cells[-1])
                merged.paragraphs[0].add_run(f"Objective: {objective.text}").bold = True
                for r in objective.rows:
                    cells = table.add_row().cells
                    answers = f" (answers {r.addresses})" if r.addresses else ""
                    cells[0].paragraphs[0].add_run(f"{r.id} {r.title}{answers}")
                    self.plain_prose(cells[1], r.description)
                    cells[2].paragraphs[0].add_run(r.lead)
                    cells[3].paragraphs[0].add_run(r.timescale)
                    self.plain_prose(cells[4], r.evidence)
                    cells[5].paragraphs[0].add_run(f"{r.status}." + (" " if r.update else ""))
                    self.plain_prose(cells[5], r.update)
                    _rag_cell(cells[6], r.rating)
                    cells[7].paragraphs[0].add_run(r.direction)
            for row in table.rows:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        for run in paragraph.runs:
                            run.font.size = Pt(TRACKER_PT)
            self.fit(table, TRACKER_PT)

    def document_control(self) -> None:
        p = self.paper
        h = p.heading
        self.heading(f"{self.number('document_control')}Document control", 1)
        status = h.front.status if h.front else "Public"
        if p.private:
            status += ". This is the private version: it holds information that is not for "
            status += "publication."
        facts = [("Title", h.title)]
        if h.front and h.front.version:
            facts.append(("Version", h.front.version))
        facts += [
            ("Status", status),
            ("Produced by", f"g2g {h.provenance.version}"),
            ("Plan files", ", ".join(h.provenance.files)),
        ]
        if h.provenance.commit:
            facts.append(("Git commit", h.provenance.commit))
        facts.append(("Validation", h.provenance.validation))
        self.table("", None, facts, columns=2)
        if p.accepted is not None:
            if p.accepted.items:
                self.table(
                    "Warnings the plan accepts: they are not counted as problems, for the "
                    "reason given",
                    ["Rule", "Warning", "Reason accepted", "Accepted by"],
                    [(a.rule, a.warning, a.reason, a.by) for a in p.accepted.items],
                )
            if p.accepted.withheld:
                self.para(p.accepted.withheld)


def mark_pages(doc: Any, marking: str) -> None:
    """The private marking (NOT FOR PUBLICATION), bold and centred, at the top of the header
    of every page of every section, before what the template's header holds."""
    odd_and_even = doc.settings.odd_and_even_pages_header_footer
    for index, section in enumerate(doc.sections):
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        if odd_and_even:
            headers.append(section.even_page_header)
        for header in headers:
            if index and header.is_linked_to_previous:
                continue  # it shows the previous section's header, marked already
            paragraphs = header.paragraphs
            if paragraphs and not paragraphs[0].text and len(header._element) == 1:
                paragraph = paragraphs[0]  # a new header's one empty paragraph
            elif paragraphs:
                paragraph = paragraphs[0].insert_paragraph_before()
            else:
                paragraph = header.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(marking).bold = True


def number_pages(doc: Any) -> None:
    """'Page N of M' in the footer, unless the template's footer already has a page number;
    the template's footer text stays."""
    section = doc.sections[0]
    footers = [section.footer]
    if section.different_first_page_header_footer:
        footers.append(section.first_page_footer)
    if doc.settings.odd_and_even_pages_header_footer:
        footers.append(section.even_page_footer)
    for footer in footers:
        if not footer.is_linked_to_previous and _has_page_field(footer._element):
            continue
        paragraphs = footer.paragraphs
        if paragraphs and not "".join(p.text for p in paragraphs) and len(footer._element) == 1:
            paragraph = paragraphs[0]
        else:
            paragraph = footer.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run("Page ")
        _field(paragraph, "PAGE")
        paragraph.add_run(" of ")
        _field(paragraph, "NUMPAGES")


def _has_page_field(element: Any) -> bool:
    """Whether a header or footer holds a PAGE field (complex or simple)."""
    codes = [t.text or "" for t in element.iter(qn("w:instrText"))]
    codes += [f.get(qn("w:instr"), "") for f in element.iter(qn("w:fldSimple"))]
    return any(code.split()[:1] == ["PAGE"] for code in codes)


def fit_columns(table: Any, width: int, font_pt: float) -> None:
    """Set a table's column widths from its content, filling ``width`` (EMU), and keep each
    row on one page.

    Each column is at least as wide as its longest word (so no word breaks, as "Develop-ment"
    did in equal columns) and, beyond that, gets room in proportion to its typical text (the
    mean length of its cells). When the longest words alone do not fit, the columns share the
    width in proportion to them.
    """
    grid = table._tbl.tblGrid
    columns = len(grid.gridCol_lst)
    longest = [1] * columns
    lengths: list[list[int]] = [[] for _ in range(columns)]
    for tr in table._tbl.tr_lst:
        index = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            text = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.p_lst)
            if span == 1 and index < columns:
                words = re.split(r"[ \t\n]+", text.strip())  # a no-break space binds
                longest[index] = max(longest[index], *(len(w) for w in words), 1)
                lengths[index].append(len(text))
            index += span
        _keep_row_together(tr)
    total = Emu(width).twips
    # A table whose longest words do not fit at the paper's type size (the area table with its
    # counts, rating and change columns) is set a point or two smaller, down to the tracker's.
    size = font_pt
    while size > TRACKER_PT and sum(_least(longest, size)) >= total:
        size -= 1
    if size != font_pt:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(size)
    char = size * 20 * _CHAR_EM  # twips per character
    padding = _PADDING
    least = _least(longest, size)
    typical = [
        max(sum(found) / len(found), n) * char + padding if found else n * char + padding
        for found, n in zip(lengths, longest, strict=True)
    ]
    if sum(least) >= total:
        widths = [total * n / sum(least) for n in least]
    else:
        spare = total - sum(least)
        wants = [max(t - n, 0) for t, n in zip(typical, least, strict=True)]
        share = sum(wants)
        widths = [
            n + (spare * w / share if share else spare / columns)
            for n, w in zip(least, wants, strict=True)
        ]
    twips = [int(w) for w in widths]
    table.autofit = False
    for column, value in zip(grid.gridCol_lst, twips, strict=True):
        column.w = Twips(value)
    for tr in table._tbl.tr_lst:
        index = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Twips(sum(twips[index : index + span]))
            index += span
    properties = table._tbl.tblPr
    table_width = properties.find(qn("w:tblW"))
    if table_width is None:
        table_width = OxmlElement("w:tblW")
        properties.append(table_width)
    table_width.set(qn("w:w"), str(sum(twips)))
    table_width.set(qn("w:type"), "dxa")


_CHAR_EM = 0.62
"""The width of an average character of the paper's sans-serif type, in ems."""

_PADDING = 2 * 115 + 60
"""A cell's left and right margins and a little air, in twips."""


def _least(longest: Sequence[int], font_pt: float) -> list[float]:
    """Each column's narrowest width (twips) that holds its longest word (bold, in a header:
    1.12 times as wide) at ``font_pt``."""
    return [n * font_pt * 20 * _CHAR_EM * 1.12 + _PADDING for n in longest]


def _keep_row_together(tr: Any) -> None:
    """Word's 'allow row to break across pages' off for a row."""
    properties = tr.get_or_add_trPr()
    if properties.find(qn("w:cantSplit")) is None:
        keep = OxmlElement("w:cantSplit")
        header = properties.find(qn("w:tblHeader"))
        if header is not None:
            header.addprevious(keep)
        else:
            properties.append(keep)


def _repeat_header(row: Any) -> None:
    """Mark a table row as a header row Word repeats at the top of each page."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


_DATE = re.compile(r"^(?:\d{1,2}|End) [A-Z][a-z]{2} \d{4}$")
"""A cell that is one date as the paper writes it: ``30 Sep 2019``, ``End Mar 2023``."""


def _keep_date_together(text: str) -> str:
    """A date cell with no-break spaces, so a narrow column never breaks it over three lines
    ("30 / Sep / 2019"); the column is fitted to the whole date as one word."""
    return text.replace(" ", "\u00a0") if _DATE.match(text) else text


def _rag_cell(cell: Any, rating: RagLabel) -> None:
    """A RAG cell: the shape and the word, on the rating's colour."""
    cell.text = ""
    run = cell.paragraphs[0].add_run(f"{rating.mark} {rating.word}".strip())
    run.bold = True
    run.font.color.rgb = RGBColor.from_string(_INK.get(rating.key, "0B0C0C"))
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), _FILL.get(rating.key, "FFFFFF"))
    cell._tc.get_or_add_tcPr().append(shading)


TOC_PLACEHOLDER = (
    "Right-click here and choose Update Field to list the contents (Word fills it in when "
    "the field is updated; the headings are also in the Navigation Pane)."
)
"""What the contents field shows until Word or LibreOffice updates it."""


def _field(paragraph: Any, code: str, shown_text: str = "1", *, dirty: bool = False) -> None:
    """A Word field (PAGE, NUMPAGES, TOC) in a paragraph, showing ``shown_text`` until it is
    updated; ``dirty`` asks Word to update it when the document opens."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    if dirty:
        begin.set(qn("w:dirty"), "true")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = f" {code} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = shown_text
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, separate, shown, end):
        run._r.append(element)


def _action_cell(action: str, title: str) -> str:
    """The Action column of the due table: the action, or "Plan calendar" for a calendar
    item (a visit, a deadline, a meeting)."""
    return f"{action} {title}" if action else "Plan calendar"
