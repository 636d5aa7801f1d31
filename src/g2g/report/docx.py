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

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

from g2g.plan.markdown import MdBlock
from g2g.report.charts import BarSpec, ChartSpec
from g2g.report.labels import Prose, RagLabel
from g2g.report.narrative import ProseView
from g2g.report.paper import Paper
from g2g.report.raster import PRINT_WIDTH_INCHES, chart_png

_FILL = {"red": "B10E1E", "amber": "F5A623", "green": "00703C", "blue": "1D70B8", "none": "F3F2F1"}
_INK = {"red": "FFFFFF", "amber": "0B0C0C", "green": "FFFFFF", "blue": "FFFFFF", "none": "0B0C0C"}

CHART_NOTE = (
    "The HTML and PDF versions of this paper chart these figures; the Word version gives them "
    "as a table."
)
"""Said where a chart's figures are given without its image (a paper built without charts)."""

Cell = str | RagLabel


def write_docx(paper: Paper, template: Path | None = None) -> bytes:
    """The paper as the bytes of a .docx file (``template``: a council's Word document whose
    styles, page set-up, headers and footers are used)."""
    try:
        doc = Document(str(template)) if template is not None else Document()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError) as exc:
        raise ValueError(f"it is not a Word document ({exc})") from None
    if template is not None:
        body = doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
    _Writer(doc, paper).write()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


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
        run.add_picture(io.BytesIO(chart_png(spec)), width=Inches(PRINT_WIDTH_INCHES))
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

    def table(
        self,
        caption: str,
        header: Sequence[str],
        rows: Sequence[Sequence[Cell]],
        *,
        footer: Sequence[Cell] | None = None,
    ) -> Any:
        if caption:
            self.para(caption, bold=True, style="Caption")
        table = self.doc.add_table(rows=1, cols=len(header))
        grid = self.style("Table Grid", "")
        if grid:
            table.style = grid
        head = table.rows[0]
        _repeat_header(head)
        for cell, text in zip(head.cells, header, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        for values in rows:
            self.row(table, values)
        if footer is not None:
            self.row(table, footer, bold=True)
        self.doc.add_paragraph()
        return table

    def row(self, table: Any, values: Sequence[Cell], *, bold: bool = False) -> None:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            if isinstance(value, RagLabel):
                _rag_cell(cell, value)
            else:
                lines = str(value).split("\n")
                cell.paragraphs[0].add_run(lines[0]).bold = bold or None
                for line in lines[1:]:
                    cell.add_paragraph(line)

    # --- the paper ---------------------------------------------------------------------------

    def write(self) -> None:
        p = self.paper
        self.header_footer()
        self.front()
        for key in ("key_messages", "improvement_journey", "transformation"):
            self.prose_section(key)
        self.summary()
        self.areas()
        self.findings()
        self.exceptions()
        self.due()
        self.targets()
        self.performance()
        self.finance()
        self.governance()
        self.prose_section("barriers")
        self.prose_section("conclusion")
        self.closing()
        self.appendices()
        if p.tracker:
            self.tracker()
        self.document_control()

    def header_footer(self) -> None:
        section = self.doc.sections[0]
        if self.paper.marking:
            header = section.header.paragraphs[0]
            header.text = ""
            run = header.add_run(self.paper.marking)
            run.bold = True
            header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer = section.footer.paragraphs[0]
        footer.text = ""
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("Page ")
        _field(footer, "PAGE")
        footer.add_run(" of ")
        _field(footer, "NUMPAGES")

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
        self.table("", ["Item", "Detail"], facts)
        self.heading("Purpose of the report", 1)
        n = p.narrative
        if n and n.purpose and n.purpose.blocks:
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
        self.heading("RAG definitions in force", 2)
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
        header = ["Plan area", *(f"Rated {c.word}" for c in a.columns), "Total", "Rating"]
        header.append(a.change_heading)

        def cells(row: Any) -> list[Cell]:
            return [row.name, *map(str, row.counts), str(row.total), row.rating, row.change]

        self.table(a.caption, header, [cells(r) for r in a.rows], footer=cells(a.total))

    def findings(self) -> None:
        if not self.paper.findings:
            return
        self.heading(f"{self.number('findings')}{self.paper.findings_heading}", 1)
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
        self.heading(f"{self.number('targets')}Measurable targets", 1)
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
            for t in g.trends:
                self.heading(f"{t.name}: figures over time", 3)
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
                self.heading(d.heading, 3)
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
        self.heading(f"{self.number('governance')}Reporting line", 1)
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

    def closing(self) -> None:
        n = self.paper.narrative
        if n is None:
            return
        if n.recommendations:
            number = self.paper.numbers.get("recommendations", "")
            self.heading(f"{self.number('recommendations')}{n.recommendations_intro}", 1)
            for index, text in enumerate(n.recommendations, start=1):
                paragraph = self.doc.add_paragraph()
                paragraph.add_run(f"{number}.{index}\t").bold = True
                paragraph.add_run(text)
        if n.implications:
            self.heading(f"{self.number('implications')}Implications", 1)
            for item in n.implications:
                self.heading(item.title, 2)
                self.prose_view(item)
        if n.background_papers:
            self.heading(f"{self.number('background_papers')}Background papers", 1)
            for title, where in n.background_papers:
                self.para(f"{title}: {where}" if where else title, style="List Bullet")

    def appendices(self) -> None:
        n = self.paper.narrative
        self.heading(f"{self.number('appendices')}Appendices", 1)
        if n is None or not n.appendices:
            self.para(f"Appendix: the full tracker, {self.paper.month_label}", style="List Bullet")
            return
        for a in n.appendices:
            text = a.label
            if a.withheld:
                text += f". {a.withheld}"
            elif a.attached:
                text += f" (attached: {a.file})"
            if a.exempt:
                text += f" {a.exempt}"
            self.para(text, style="List Bullet")
        for a in self.paper.printed_appendices:
            self.doc.add_page_break()
            self.heading(a.label, 1)
            if a.exempt:
                self.para(a.exempt, bold=True)
            self.blocks(a.blocks)

    def tracker(self) -> None:
        landscape = self.doc.add_section()
        landscape.orientation = WD_ORIENT.LANDSCAPE
        landscape.page_width, landscape.page_height = landscape.page_height, landscape.page_width
        ta = self.paper.tracker_appendix
        self.heading(ta.label if ta else f"Appendix: the full tracker, {self.paper.month_label}", 1)
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
            table = self.table(area.caption, header, [])
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
                    cells[5].paragraphs[0].add_run(f"{r.status}.")
                    self.plain_prose(cells[5], r.update)
                    _rag_cell(cells[6], r.rating)
                    cells[7].paragraphs[0].add_run(r.direction)
            for row in table.rows:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        for run in paragraph.runs:
                            run.font.size = Pt(8)

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
        self.table("", ["Item", "Detail"], facts)
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


def _repeat_header(row: Any) -> None:
    """Mark a table row as a header row Word repeats at the top of each page."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


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


def _field(paragraph: Any, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) in a paragraph."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = f" {code} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, separate, shown, end):
        run._r.append(element)


def _action_cell(action: str, title: str) -> str:
    """The Action column of the due table: the action, or "Plan calendar" for a calendar
    item (a visit, a deadline, a meeting)."""
    return f"{action} {title}" if action else "Plan calendar"
