"""The Word document a board paper is written into, and its house style.

A council's template (checked by :func:`g2g.report.wordtemplate.open_template`) keeps its
styles, numbering, theme, page set-up, headers, footers and core properties, and nothing else:
its body, comments, pictures, custom XML and links to outside files are left out, and a style
the paper needs and the template lacks is added with a warning. Without a template the paper
uses python-docx's blank document with 2 cm margins and compact type and spacing. Either way every
section is A4, the language is British English, the core and app properties say what the paper
is, the private paper has NOT FOR PUBLICATION at the top of every page's header, the footer
numbers the pages, and Word fields (PAGE, NUMPAGES, TOC) are written here.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
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
from docx.shared import Cm, Mm, Pt
from docx.styles import BabelFish

from g2g.report.paper import Paper
from g2g.report.wordtemplate import open_template

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


def new_document(template: Path | None, warn: Warn | None = None) -> Any:
    """The document to write the paper into: the template emptied of its body, with the styles
    the paper needs (``warn`` is told of each one added), or a blank document with the paper's
    own margins and spacing; A4 either way."""
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
    return doc


def finished(doc: Any, paper: Paper) -> bytes:
    """The written document as the bytes of a .docx file: every section (landscape ones
    too) A4, British English, the paper's properties, and nothing of the template but its
    styles, numbering, theme, page set-up, headers and footers."""
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
        if not footer.is_linked_to_previous and _has_pageadd_field(footer._element):
            continue
        paragraphs = footer.paragraphs
        if paragraphs and not "".join(p.text for p in paragraphs) and len(footer._element) == 1:
            paragraph = paragraphs[0]
        else:
            paragraph = footer.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run("Page ")
        add_field(paragraph, "PAGE")
        paragraph.add_run(" of ")
        add_field(paragraph, "NUMPAGES")


def _has_pageadd_field(element: Any) -> bool:
    """Whether a header or footer holds a PAGE field (complex or simple)."""
    codes = [t.text or "" for t in element.iter(qn("w:instrText"))]
    codes += [f.get(qn("w:instr"), "") for f in element.iter(qn("w:fldSimple"))]
    return any(code.split()[:1] == ["PAGE"] for code in codes)


TOC_PLACEHOLDER = (
    "Right-click here and choose Update Field to list the contents (Word fills it in when "
    "the field is updated; the headings are also in the Navigation Pane)."
)
"""What the contents field shows until Word or LibreOffice updates it."""


def add_field(paragraph: Any, code: str, shown_text: str = "1", *, dirty: bool = False) -> None:
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
