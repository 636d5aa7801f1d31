"""Tables in the Word paper: a caption, a header row repeated on every page, RAG cells that
carry the word and its shape as well as the colour, dates that never break, rows that do not
split across pages, and column widths fitted to the content (no word broken, smaller type down
to the tracker's 8 points when the longest words do not fit, and a landscape page of its own
for a table too wide even then).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt, RGBColor, Twips

from g2g.report.labels import RagLabel
from g2g.report.wordblocks import WordBlocks

_FILL = {"red": "B10E1E", "amber": "F5A623", "green": "00703C", "blue": "1D70B8", "none": "F3F2F1"}
_INK = {"red": "FFFFFF", "amber": "0B0C0C", "green": "FFFFFF", "blue": "FFFFFF", "none": "0B0C0C"}

Cell = str | RagLabel

TRACKER_PT = 8
"""The type size of the tracker's wide tables."""


class WordTables(WordBlocks):
    """The building blocks, and tables."""

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
            self.orientation(WD_ORIENT.LANDSCAPE)
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
            self.orientation(WD_ORIENT.PORTRAIT)
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

    def orientation(self, orientation: Any) -> None:
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
        """Add a row of ``values`` to ``table``, bold or with its first cell bold."""
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            if isinstance(value, RagLabel):
                rag_cell(cell, value)
            else:
                lines = [_keep_date_together(line) for line in str(value).split("\n")]
                strong = bold or (bold_first and index == 0)
                cell.paragraphs[0].add_run(lines[0]).bold = strong or None
                for line in lines[1:]:
                    cell.add_paragraph(line)


def fit_columns(table: Any, width: int, font_pt: float) -> None:
    """Set a table's column widths from its content, filling ``width`` (EMU), and keep each
    row on one page.

    Each column is at least as wide as its longest word (so no word breaks, as "Develop-ment"
    did in equal columns) and, beyond that, gets room in proportion to its typical text (the
    mean length of its cells). When the longest words alone do not fit, the columns share the
    width in proportion to them.
    """
    longest, lengths = _measure(table)
    total = Emu(width).twips
    # A table whose longest words do not fit at the paper's type size (the area table with its
    # counts, rating and change columns) is set a point or two smaller, down to the tracker's.
    size = font_pt
    while size > TRACKER_PT and sum(_least(longest, size)) >= total:
        size -= 1
    if size != font_pt:
        _type_size(table, size)
    _set_widths(table, [int(w) for w in _widths(longest, lengths, size, total)])


def _measure(table: Any) -> tuple[list[int], list[list[int]]]:
    """Each column's longest word and the lengths of its cells' text, in characters (cells
    spanning columns left out); each row is kept on one page on the way."""
    columns = len(table._tbl.tblGrid.gridCol_lst)
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
    return longest, lengths


def _type_size(table: Any, size: float) -> None:
    """Every run of the table at ``size`` points."""
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(size)


def _widths(
    longest: Sequence[int], lengths: Sequence[Sequence[int]], size: float, total: int
) -> list[float]:
    """The columns' widths in twips, filling ``total``: each holds its longest word, and the
    room to spare goes where the typical text is longer than that."""
    char = size * 20 * _CHAR_EM  # twips per character
    padding = _PADDING
    least = _least(longest, size)
    typical = [
        max(sum(found) / len(found), n) * char + padding if found else n * char + padding
        for found, n in zip(lengths, longest, strict=True)
    ]
    if sum(least) >= total:
        return [total * n / sum(least) for n in least]
    spare = total - sum(least)
    wants = [max(t - n, 0) for t, n in zip(typical, least, strict=True)]
    share = sum(wants)
    return [
        n + (spare * w / share if share else spare / len(least))
        for n, w in zip(least, wants, strict=True)
    ]


def _set_widths(table: Any, twips: Sequence[int]) -> None:
    """The grid's, every cell's and the table's widths, fixed (no autofit)."""
    grid = table._tbl.tblGrid
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


def rag_cell(cell: Any, rating: RagLabel) -> None:
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
