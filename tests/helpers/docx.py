"""The Word paper read back as the zip of XML parts it is (zipfile and ElementTree, never
python-docx, which wrote it), and a council's Word template with something hidden in every place
Word keeps hidden things."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches
from PIL import Image

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def parts(path: Path) -> dict[str, ET.Element]:
    """The XML parts of a .docx by name (every one must parse)."""
    with zipfile.ZipFile(path) as package:
        assert package.testzip() is None
        return {
            name: ET.fromstring(package.read(name))
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        }


def styles(found: dict[str, ET.Element]) -> dict[str, str]:
    """Style id to style name."""
    out = {}
    for style in found["word/styles.xml"].iter(f"{W}style"):
        name = style.find(f"{W}name")
        shown = name.get(f"{W}val", "") if name is not None else ""
        # Word's built-in names are stored in lower case ("heading 1"); it shows "Heading 1".
        out[style.get(f"{W}styleId", "")] = shown[:1].upper() + shown[1:]
    return out


def text_of(element: ET.Element) -> str:
    """The text of an element's runs, joined."""
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def outline(path: Path) -> list[str]:
    """The document's body as lines: '[Style] text' per paragraph, '[Picture] alternative text'
    per picture, '| a | b |' per table row (header rows that repeat on each page start with
    '|H')."""
    found = parts(path)
    names = styles(found)
    body = found["word/document.xml"].find(f"{W}body")
    assert body is not None
    lines: list[str] = []
    for element in body:
        if element.tag == f"{W}p":
            style = element.find(f"{W}pPr/{W}pStyle")
            name = names.get(style.get(f"{W}val", ""), "") if style is not None else "Normal"
            text = text_of(element)
            if text:
                lines.append(f"[{name}] {text}")
            for picture in element.iter(f"{WP}docPr"):
                lines.append(f"[Picture] {picture.get('descr', '')}")
        elif element.tag == f"{W}tbl":
            for row in element.findall(f"{W}tr"):
                header = row.find(f"{W}trPr/{W}tblHeader") is not None
                cells = [
                    " / ".join(text_of(p) for p in cell.findall(f"{W}p") if text_of(p))
                    for cell in row.findall(f"{W}tc")
                ]
                lines.append(("|H " if header else "| ") + " | ".join(cells) + " |")
    return lines


ATTACHED_TEMPLATE = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
)


# What a council's template hides, each planted so the test can look for it in the paper.
HIDDEN = {
    "body": "TEMPLATE-BODY-TEXT-4411",
    "comment": "TEMPLATE-COMMENT-9d2e",
    "title": "TEMPLATE-TITLE-77ab",
    "author": "TEMPLATE-AUTHOR-c3f0",
    "keywords": "TEMPLATE-KEYWORDS-5e5e",
    "custom_xml": "TEMPLATE-CUSTOM-XML-0b0b",
    "custom_property": "TEMPLATE-CUSTOM-PROPERTY-1c1c",
    "variable": "TEMPLATE-DOCVAR-2d2d",
    "footnote": "TEMPLATE-FOOTNOTE-3e3e",
    "link": "http://tracker.invalid/opened.png",
    "template_link": "http://tracker.invalid/council.dotx",
}


COUNCIL_HEADER = "Oldham Council - OFFICIAL"
COUNCIL_FOOTER = "Children's Services, Civic Centre"


def _picture() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 10, 10)).save(out, format="PNG")
    out.seek(0)
    return out


def build_template(
    folder: Path, *, page_number: bool = True, drop_styles: tuple[str, ...] = ()
) -> Path:
    """A council's template: its own Heading 1 font, header, footer (with or without a page
    number), core properties, and hidden content in every place Word keeps it."""
    doc = Document()
    doc.styles["Heading 1"].font.name = "Council Sans"
    for name in drop_styles:
        doc.styles[name].delete()
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)  # US Letter
    section.header.paragraphs[0].text = COUNCIL_HEADER
    footer = section.footer.paragraphs[0]
    footer.text = COUNCIL_FOOTER
    if page_number:
        run = footer.add_run()
        for kind, code in (("begin", None), (None, " PAGE "), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.text = code
            run._r.append(element)
    body = doc.add_paragraph(HIDDEN["body"])
    doc.add_comment(body.runs, text=HIDDEN["comment"], author="Reviewer")
    doc.add_picture(_picture(), width=Inches(1))
    # a picture linked from outside, which Word fetches on opening
    link = doc.part.relate_to(HIDDEN["link"], RT.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), link)
    run = OxmlElement("w:r")
    shown = OxmlElement("w:t")
    shown.text = "a link"
    run.append(shown)
    hyperlink.append(run)
    doc.add_paragraph()._p.append(hyperlink)
    # the attached template, an outside file Word reaches for
    settings = doc.settings
    attached = doc.part._settings_part.relate_to(
        HIDDEN["template_link"], ATTACHED_TEMPLATE, is_external=True
    )
    element = OxmlElement("w:attachedTemplate")
    element.set(qn("r:id"), attached)
    settings.element.insert(0, element)
    variables = OxmlElement("w:docVars")
    variable = OxmlElement("w:docVar")
    variable.set(qn("w:name"), "Secret")
    variable.set(qn("w:val"), HIDDEN["variable"])
    variables.append(variable)
    settings.element.append(variables)
    props = doc.core_properties
    props.title, props.author, props.keywords = (
        HIDDEN["title"],
        HIDDEN["author"],
        HIDDEN["keywords"],
    )
    buffer = io.BytesIO()
    doc.save(buffer)
    return _add_hidden_parts(buffer.getvalue(), folder / "council.docx")


def _add_hidden_parts(data: bytes, target: Path) -> Path:
    """Zip edits python-docx cannot make: custom XML with text in it, custom properties."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["customXml/item1.xml"] = f"<data>{HIDDEN['custom_xml']}</data>".encode()
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    parts["word/footnotes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>"
        f'<w:footnote w:id="1"><w:p><w:r><w:t>{HIDDEN["footnote"]}</w:t></w:r></w:p>'
        "</w:footnote></w:footnotes>"
    ).encode()
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>',
    )
    parts["docProps/custom.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-'
        'properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        f'name="Secret"><vt:lpwstr>{HIDDEN["custom_property"]}</vt:lpwstr></property>'
        "</Properties>"
    ).encode()
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>',
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.custom-properties+xml"/><Override PartName="/word/footnotes.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes'
        b'+xml"/></Types>',
    )
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name, content in parts.items():
            out.writestr(name, content)
    return target
