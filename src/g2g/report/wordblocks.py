"""The Word writer's building blocks: styles (with the template's fallbacks), headings,
paragraphs, the officers' Markdown blocks and prose, and charts as pictures.

A chart is a PNG (:mod:`g2g.report.raster`) in its own paragraph, at its print width or the
text width if narrower, with the HTML chart's text alternative as its alternative text (Word's
``descr``) and a short title; the section that draws it follows it with the same figures as a
table.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx.oxml.ns import qn
from docx.shared import Emu, Inches

from g2g.plan.markdown import MdBlock
from g2g.report.charts import BarSpec, ChartSpec
from g2g.report.labels import Prose
from g2g.report.narrative import ProseView
from g2g.report.paper import Paper
from g2g.report.raster import PRINT_WIDTH_INCHES, chart_png

CHART_NOTE = (
    "The HTML and PDF versions of this paper chart these figures; the Word version gives them "
    "as a table."
)
"""Said where a chart's figures are given without its image (a paper built without charts)."""


class WordBlocks:
    """Writes paragraphs, prose and pictures into the document ``doc`` for ``paper``."""

    def __init__(self, doc: Any, paper: Paper) -> None:
        self.doc = doc
        self.paper = paper
        self.styles = {s.name for s in doc.styles}

    # --- small pieces ------------------------------------------------------------------------

    def style(self, name: str, fallback: str = "Normal") -> str | None:
        """``name`` if the template has that style, else ``fallback`` if it has that, else None."""
        if name in self.styles:
            return name
        return fallback if fallback in self.styles else None

    def heading(self, text: str, level: int) -> None:
        """Add a heading at ``level``."""
        self.doc.add_heading(text, level=level)

    def number(self, key: str) -> str:
        """The section number of ``key`` with its full stop ("3. "); empty when unnumbered."""
        found = self.paper.numbers.get(key)
        return f"{found}. " if found else ""

    def para(self, text: str, *, bold: bool = False, style: str | None = None) -> Any:
        """Add a paragraph of ``text`` and return it."""
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
        """Add the blocks of officers' Markdown: paragraphs, lists and headings."""
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
        """Add a Markdown item's runs (bold, italic, links written out) to ``paragraph``."""
        for run in item:
            added = paragraph.add_run(run.text)
            added.bold = run.strong or None
            added.italic = run.em or None
            if run.href:
                paragraph.add_run(f" ({run.href})")

    def prose_view(self, view: ProseView) -> None:
        """Add a piece of prose, or the note that it is withheld."""
        if view.withheld:
            self.para(view.withheld, bold=True)
            return
        if view.exempt:
            self.para(view.exempt, bold=True)
        self.blocks(view.blocks)

    def plain_prose(self, cell: Any, prose: Prose) -> None:
        """Write prose into a table cell, its first block in the cell's own paragraph."""
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
