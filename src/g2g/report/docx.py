"""The board paper as a Word document (python-docx), from the same view model as the HTML.

Committee systems (modern.gov and the like) take Word. The document uses Word's own styles, so
a council's template (``--docx-template council.docx``) restyles it: Title, Heading 1-3 for the
sections, Normal for paragraphs, List Bullet and List Number for lists, and real tables (style
"Table Grid" when the template has it) whose header rows repeat on every page and whose RAG
cells carry the word and its shape as well as the colour. Page numbers are Word fields in the
footer; the private paper has NOT FOR PUBLICATION in the header of every page.

This module walks the paper's parts in the order of its layout and writes each section; the
document and its house style are :mod:`g2g.report.wordsetup`'s, the paragraphs, prose and chart
pictures :mod:`g2g.report.wordblocks`'s and the tables :mod:`g2g.report.wordtables`'s.

Charts are PNG images (:mod:`g2g.report.raster`, drawn from the same chart data as the HTML
paper's SVG), each with the HTML chart's text alternative as its alternative text (``descr``)
and followed by the same figures as a table. A chart is drawn where the HTML paper draws one:
the paper must be built with charts (``build_paper(..., charts=True)``); without them the
figures are tables only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.shared import Pt

from g2g.report.paper import Paper
from g2g.report.wordblocks import CHART_NOTE
from g2g.report.wordsetup import (
    TOC_PLACEHOLDER,
    Warn,
    add_field,
    finished,
    mark_pages,
    new_document,
    number_pages,
)
from g2g.report.wordtables import TRACKER_PT, Cell, WordTables, rag_cell


def write_docx(paper: Paper, template: Path | None = None, warn: Warn | None = None) -> bytes:
    """The paper as the bytes of a .docx file.

    ``template`` is a council's Word document: its styles, numbering, theme, page set-up,
    headers, footers and core properties are kept, and nothing else of it (its text, comments,
    pictures, custom XML, thumbnail and links to outside files are left out). A style the paper
    needs and the template lacks is the paper's own, and ``warn`` is told.
    """
    doc = new_document(template, warn)
    _Writer(doc, paper).write()
    return finished(doc, paper)


class _Writer(WordTables):
    """Writes each part of the paper, in the order of its layout."""

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
            self.orientation(WD_ORIENT.PORTRAIT)
        else:
            self.doc.add_page_break()

    def contents(self) -> None:
        """The contents list: a Word TOC field over headings 1-3, with links; Word fills it
        in when the field is updated (LibreOffice when it opens the file)."""
        if not self.paper.contents:
            return
        self.para("Contents", bold=True)
        paragraph = self.doc.add_paragraph()
        add_field(
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
        """The front sheet: the council, the title, the table of facts, and the purpose."""
        p = self.paper
        h = p.heading
        if p.marking:
            self.para(p.marking, bold=True)
        self.para(f"{h.council}{', ' + h.service if h.service else ''}", bold=True)
        if h.board:
            self.para(f"Report to the {h.board}")
        self.doc.add_heading(h.title, level=0)
        self.table("", None, _front_facts(p), columns=2)
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
                    rag_cell(cells[6], r.rating)
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


def _action_cell(action: str, title: str) -> str:
    """The Action column of the due table: the action, or "Plan calendar" for a calendar
    item (a visit, a deadline, a meeting)."""
    return f"{action} {title}" if action else "Plan calendar"


def _front_facts(p: Paper) -> list[tuple[str, str]]:
    """The front sheet's table of facts: the meeting, the month, who is responsible, the
    narrative's front sheet and what is exempt."""
    h = p.heading
    front = h.front
    facts: list[tuple[str, str]] = []
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
    return facts
