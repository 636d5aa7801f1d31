"""The board paper's view model, :class:`Paper`, and :func:`build_paper`, which assembles it.

:func:`build_paper` turns a plan and the RAG engine's result for a month into plain frozen
dataclasses of strings and numbers; templates (see :mod:`g2g.report.render`) only lay them out.
The content is modelled on the Oldham Council Overview and Scrutiny Board paper of 10 September
2019 and committee-report practice. Each part is built in its own module: the heading and
provenance (:mod:`~g2g.report.heading`), purpose, summary and RAG definitions
(:mod:`~g2g.report.summary`), the area summary, findings, exceptions, due dates and tracker
(:mod:`~g2g.report.tables`), targets, service figures and finance, changes since the last paper
and the officers' narrative. This module puts them together, states the exempt information the
paper relies on, and numbers the sections, paragraphs and appendices of the layout
(:mod:`~g2g.report.layout`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from g2g.diagnostics import Diagnostic
from g2g.engine.kpi import linked_judgements
from g2g.engine.month import evaluate
from g2g.months import month_end
from g2g.plan.exempt import public_measures, public_period
from g2g.plan.governance import this_papers_clock
from g2g.plan.history import Baseline, NoHistory
from g2g.plan.load import ValidPlan
from g2g.plan.model_finance import FinanceFile
from g2g.plan.model_plan import Board
from g2g.plan.model_progress import Update
from g2g.plan.narrative import NarrativeFile
from g2g.report.accepted import AcceptedWarnings, build_accepted
from g2g.report.figures import FinanceSection, Performance, build_finance, build_performance
from g2g.report.governance import ReportingLine, build_reporting_line
from g2g.report.heading import (
    Heading,
    build_heading,
    build_provenance,
    paper_time,
    validation_summary,
)
from g2g.report.labels import join_words, long_month
from g2g.report.layout import (
    LAYOUTS,
    OWN_TITLE,
    SECTION_ORDER,
    SECTION_TITLES,
    ContentsEntry,
    Layout,
    PaperLayout,
    anchor,
)
from g2g.report.narrative import (
    NOT_FOR_PUBLICATION,
    AppendixView,
    Narrative,
    ProseView,
    build_narrative,
    find_narrative,
    narrative_paragraphs,
)
from g2g.report.since import BesideNarrative, SinceLastPaper, build_beside, build_since
from g2g.report.sources import findings_heading
from g2g.report.summary import (
    Definitions,
    Summary,
    build_definitions,
    build_summary,
    counted_from_last_paper,
    late_paper_sentence,
)
from g2g.report.tables import (
    AreaTable,
    DueSoon,
    Exceptions,
    FindingTable,
    TrackerArea,
    build_area_table,
    build_due_soon,
    build_exceptions,
    build_finding_tables,
    build_tracker,
)
from g2g.report.targets import Targets, build_targets


@dataclass(frozen=True)
class Exemption:
    """What the front sheet says about exempt information: the paragraphs of Part 1 of
    Schedule 12A relied on, and the public interest test (paragraph 10 of Part 2)."""

    paragraphs: str
    """"Paragraphs 1 and 3 of Part 1 of Schedule 12A to the Local Government Act 1972"."""
    public_interest: str
    """The public interest test in the words councils use."""


PUBLIC_INTEREST = (
    "The information marked exempt is exempt information under Schedule 12A to the Local "
    "Government Act 1972 because, in all the circumstances of the case, the public interest in "
    "maintaining the exemption outweighs the public interest in disclosing the information "
    "(paragraph 10 of Part 2 of Schedule 12A)."
)


def _exempt_paragraphs(
    plan: ValidPlan,
    month: str,
    updates: dict[str, dict[str, Update]],
    narrative: NarrativeFile | None,
) -> set[int]:
    """The paragraphs of Schedule 12A met by what this paper reports (private or public)."""
    found = {u.exempt for u in updates.get(month, {}).values() if u.exempt is not None}
    if plan.loaded_measures is not None:
        found |= {m.exempt for m in plan.loaded_measures.measures if m.exempt is not None}
    if plan.loaded_finance is not None:
        periods = [p for p in plan.loaded_finance.periods if p.month <= month]
        if periods:
            period = max(periods, key=lambda p: p.month)
            found |= {x.exempt for x in (*period.lines, period.total) if x.exempt is not None}
    if narrative is not None:
        found |= narrative_paragraphs(narrative)
    return found


def build_exemption(paragraphs: set[int]) -> Exemption | None:
    """The front sheet's statement, or None when nothing in the paper is exempt."""
    if not paragraphs:
        return None
    ordered = sorted(paragraphs)
    words = join_words([str(p) for p in ordered])
    noun = "Paragraph" if len(ordered) == 1 else "Paragraphs"
    return Exemption(
        f"{noun} {words} of Part 1 of Schedule 12A to the Local Government Act 1972",
        PUBLIC_INTEREST,
    )


@dataclass(frozen=True)
class Paper:
    """Everything the templates lay out."""

    heading: Heading
    summary: Summary
    definitions: Definitions
    areas: AreaTable
    findings: tuple[FindingTable, ...]
    findings_heading: str
    exceptions: Exceptions
    due: DueSoon
    targets: Targets
    tracker: tuple[TrackerArea, ...]
    month: str
    month_label: str
    performance: Performance | None = None
    """Service performance: present when the plan has measures (``measures.yaml``)."""
    finance: FinanceSection | None = None
    """The finance table: present when the plan has a budget position (``finance.yaml``)."""
    reporting_line: ReportingLine | None = None
    """Who reports to whom, chairs and next meetings: present when the plan has governance
    data (task groups, reports_to, chair histories, meetings or a scrutiny board)."""
    narrative: Narrative | None = None
    """The officers' words for the meeting (``narrative/<board>-<date>.yaml``), if any."""
    numbers: dict[str, str] = field(default_factory=dict)
    """The number of each top-level section printed, by its key (e.g. ``areas``: "5")."""
    private: bool = False
    """The private paper: exempt content included, NOT FOR PUBLICATION on every page."""
    marking: str | None = None
    """"NOT FOR PUBLICATION" on the private paper (printed on every page), else None."""
    accepted: AcceptedWarnings | None = None
    """The warnings the plan accepts (``acknowledged:``), listed in the document control; None
    when it accepts none."""
    beside: BesideNarrative | None = None
    """The milestones out of reach, set beside the officers' account of progress (only when
    the paper has that account: the ``plan_progress`` section of the narrative)."""
    since: SinceLastPaper | None = None
    """Changes to the plan since the last paper (:mod:`g2g.report.since`); None when the paper
    was made without looking (the library's default)."""
    exemption: Exemption | None = None
    """The paragraphs of Schedule 12A relied on and the public interest test, on the front
    sheet; None when nothing the paper reports is exempt."""
    layout: PaperLayout = field(default_factory=lambda: LAYOUTS[Layout.committee])
    """The parts printed, in order (:data:`LAYOUTS`)."""
    appendix_titles: dict[str, str] = field(default_factory=dict)
    """The heading of each of g2g's own appendices in this layout, by part ("Appendix 3:
    Progress against the inspection recommendations"), and of the tracker when the narrative
    does not name it."""
    contents: tuple[ContentsEntry, ...] = ()
    """The contents list (the committee layout): every section and appendix, linked."""

    @property
    def parts(self) -> tuple[str, ...]:
        """The parts printed, in order."""
        return self.layout.parts

    def new_page(self, key: str) -> bool:
        """Whether part ``key`` starts a new printed page (appendices always do)."""
        return key in self.layout.new_pages or key in self.layout.detail

    def apart(self, key: str) -> bool:
        """Whether part ``key`` is one of g2g's appendices in this layout (not in the body)."""
        return key in self.layout.detail and key in self.appendix_titles

    @property
    def definitions_pointer(self) -> str | None:
        """Where the RAG definitions are, when they are an appendix."""
        if not self.apart("rag_definitions"):
            return None
        where = self.appendix_titles["rag_definitions"].split(":")[0]
        return f"What each rating means, and how the ratings are checked, is set out in {where}."

    @property
    def trends_apart(self) -> bool:
        """Whether the service figures over time are an appendix (not in the body)."""
        return "trends" in self.layout.detail

    def title(self, key: str) -> str:
        """The heading of section ``key`` without its number: the appendix label when it is
        one of g2g's appendices, else the officers' title where they give one, else g2g's."""
        if key in self.appendix_titles:
            return self.appendix_titles[key]
        if key == "recommendations" and self.narrative is not None:
            return self.narrative.recommendations_intro
        if key == "findings":
            return self.findings_heading
        own = self.prose(OWN_TITLE.get(key, key))
        if own is not None:
            return own.title
        return SECTION_TITLES.get(key, key)

    @property
    def own_appendices(self) -> tuple[str, ...]:
        """The appendices g2g adds, listed after the officers' in the Appendices section: the
        tracker when the narrative does not list it, then the detail of the committee
        layout."""
        listed = list(self.appendix_titles.values())
        theirs = self.narrative.appendices if self.narrative is not None else ()
        if not theirs and "appendix" not in self.appendix_titles:
            listed.insert(0, self.tracker_title)
        return tuple(listed)

    @property
    def tracker_title(self) -> str:
        """The tracker appendix's heading."""
        named = self.tracker_appendix
        if named is not None:
            return named.label
        return self.appendix_titles.get(
            "appendix", f"Appendix: the full tracker, {self.month_label}"
        )

    def prose(self, key: str) -> ProseView | None:
        """The officers' section ``key`` when the narrative has it."""
        return self.narrative.section(key) if self.narrative else None

    def analysis(self, group: str) -> ProseView | None:
        """The officers' analysis beside a group of service figures, if any."""
        if self.narrative is None:
            return None
        found = self.narrative.analysis.get(group)
        return found if found is not None and found.shown else None

    @property
    def printed_appendices(self) -> tuple[AppendixView, ...]:
        """The appendices printed in the paper (text files), not the tracker or withheld."""
        if self.narrative is None:
            return ()
        return tuple(a for a in self.narrative.appendices if a.blocks and not a.withheld)

    @property
    def tracker_appendix(self) -> AppendixView | None:
        """The appendix that is the tracker, when the narrative names one."""
        if self.narrative is None:
            return None
        return next((a for a in self.narrative.appendices if a.tracker and not a.withheld), None)


def build_paper(
    plan: ValidPlan,
    month: str,
    *,
    board: Board | None = None,
    meeting: dt.date | None = None,
    commit: str | None = None,
    diagnostics: Sequence[Diagnostic] = (),
    charts: bool = True,
    private: bool = False,
    since_last: Baseline | NoHistory | None = None,
    made: dt.datetime | None = None,
    layout: Layout = Layout.committee,
) -> Paper:
    """The board paper of a valid plan for ``month`` (``g2g.as_valid`` gives one, or raises
    ``PlanInvalid``).

    ``commit`` is printed in the provenance line as given (see
    :func:`g2g.report.heading.git_commit`); ``diagnostics`` are the plan's validation findings;
    ``charts`` draws the SVG charts (HTML needs them, Markdown does not); ``since_last`` is the
    plan as the last paper saw it (from :func:`g2g.plan.history.last_paper_baseline`), or why it
    is not known: the paper then says what changed since, or that it could not check; ``made`` is
    when the paper is made (default :func:`paper_time`); ``layout`` is how long the paper is
    (:class:`Layout`). Raises ``g2g.errors.MonthError`` for a month outside the plan.
    """
    model = plan.model
    updates = plan.updates(private=private)
    last_paper = board.previous_paper(month) if board is not None else None
    since = last_paper.month if last_paper is not None else None
    result = evaluate(model, updates, month, since=since)
    previous = evaluate(model, updates, result.previous_month) if result.previous_month else None
    provenance = build_provenance(
        plan.files, commit, validation_summary(diagnostics), made or paper_time()
    )
    measures = plan.measures.model if plan.measures else None
    finance = plan.finance.model if plan.finance else None
    measure_notes: tuple[str, ...] = ()
    finance_section = build_finance(finance, month) if finance else None
    if not private:
        if measures is not None:
            measures, measure_notes = public_measures(measures)
        if finance is not None:
            finance_section = _public_finance_section(finance, month)
    tolerance = model.plan.rag_policy.tolerance
    judged = linked_judgements(model, (c for a in result.actions for c in a.derivation.targets))
    found = find_narrative(plan, board.id if board else None, meeting, month)
    narrative = None
    if found is not None:
        meeting = meeting or found.meeting
        narrative = build_narrative(
            plan, found, private=private, portfolio_holder=model.plan.portfolio_holder
        )
    paper = Paper(
        heading=build_heading(model, month, board, meeting, provenance, updates, narrative),
        summary=replace(
            counted_from_last_paper(
                build_summary(model, result, board, meeting or month_end(month)),
                board,
                last_paper,
                result,
            ),
            late_paper=late_paper_sentence(this_papers_clock(model, month, board, meeting)),
        ),
        definitions=build_definitions(model.plan.rag_policy),
        areas=build_area_table(result, previous),
        findings=build_finding_tables(model, result, previous),
        findings_heading=findings_heading(model),
        exceptions=build_exceptions(result, previous, by_lead=model.plan.rag_policy.source is None),
        due=build_due_soon(model, result, updates),
        targets=build_targets(model, result, updates, charts),
        tracker=build_tracker(model, result, private=private),
        month=month,
        month_label=long_month(month),
        performance=_performance_notes(
            build_performance(measures, month, tolerance, charts, judged) if measures else None,
            measure_notes,
        ),
        finance=finance_section,
        reporting_line=build_reporting_line(model, meeting or month_end(month), month_end(month)),
        narrative=narrative,
        private=private,
        marking=NOT_FOR_PUBLICATION if private else None,
        accepted=build_accepted(plan, diagnostics, private=private),
        since=build_since(since_last, model) if since_last is not None else None,
        beside=(
            build_beside(result, model)
            if narrative is not None and narrative.section("plan_progress") is not None
            else None
        ),
        exemption=build_exemption(_exempt_paragraphs(plan, month, updates, found)),
        layout=LAYOUTS[layout],
    )
    if paper.since is not None and paper.since.summary:
        paper = replace(paper, summary=replace(paper.summary, plan_changes=paper.since.summary))
    return number_paper(paper)


def _performance_notes(section: Performance | None, notes: tuple[str, ...]) -> Performance | None:
    """The service figures with the notices for measures the public paper leaves out."""
    if section is None or not notes:
        return section
    return replace(section, rules=(*section.rules, *notes))


def _public_finance_section(finance: FinanceFile, month: str) -> FinanceSection | None:
    """The public paper's finance table: the position at ``month`` after complementary
    suppression (g2g.plan.exempt.public_period), with the sentence saying what was done; a
    position withheld as a whole is a sentence, not an earlier period's table."""
    raw = build_finance(finance, month)
    found = [p for p in finance.periods if p.month <= month]
    if raw is None or not found:
        return raw
    shown, note = public_period(max(found, key=lambda p: p.month))
    if note is None:
        return raw
    if shown is None:
        return replace(
            raw, intro=f"{raw.intro} {note}", caption="", rows=(), total=None, summary=""
        )
    section = build_finance(finance.model_copy(update={"periods": [shown]}), month)
    assert section is not None
    return replace(section, notes=(*section.notes, note))


def _has_prose(key: str) -> Callable[[Paper], bool]:
    return lambda paper: paper.prose(key) is not None


def _has_trends(paper: Paper) -> bool:
    groups = paper.performance.groups if paper.performance else ()
    return any(g.trends or g.distribution for g in groups)


_PROSE_PARTS = ("key_messages", "improvement_journey", "transformation", "barriers", "conclusion")

_SHOWN: dict[str, Callable[[Paper], bool]] = {
    **{key: _has_prose(key) for key in _PROSE_PARTS},
    "performance": lambda paper: paper.performance is not None,
    "finance": lambda paper: paper.finance is not None,
    "governance": lambda paper: paper.reporting_line is not None,
    "findings": lambda paper: bool(paper.findings),
    "trends": _has_trends,
    "since": lambda paper: paper.since is not None,
    "recommendations": lambda paper: (
        paper.narrative is not None and bool(paper.narrative.recommendations)
    ),
    "implications": lambda paper: (
        paper.narrative is not None and bool(paper.narrative.implications)
    ),
    "background_papers": lambda paper: (
        paper.narrative is not None and bool(paper.narrative.background_papers)
    ),
}
"""Whether the paper has something to print in a part that can be empty; every other part is
always printed."""


def _present(paper: Paper, key: str) -> bool:
    shown = _SHOWN.get(key)
    return shown is None or shown(paper)


def _numbered(view: ProseView, number: str, start: int) -> tuple[ProseView, int]:
    blocks = []
    count = start
    for block in view.blocks:
        if block.is_list:
            blocks.append(block)
        else:
            count += 1
            blocks.append(replace(block, number=f"{number}.{count}"))
    return replace(view, blocks=tuple(blocks)), count


def number_paper(paper: Paper) -> Paper:
    """Number the top-level sections of the paper's body and the officers' paragraphs, so
    members can cite them ("paragraph 5.3"); label g2g's own appendices after the officers'
    ("Appendix 3"); list the contents (committee layout)."""
    layout = paper.layout
    keys = [
        k
        for k in layout.parts
        if k in SECTION_ORDER and k not in layout.detail and _present(paper, k)
    ]
    numbers = {key: str(index) for index, key in enumerate(keys, start=1)}
    paper = replace(paper, numbers=numbers, appendix_titles=_appendix_titles(paper))
    narrative = paper.narrative
    if narrative is not None:
        sections = dict(narrative.sections)
        own = {"improvement_plan": "summary", "plan_progress": "areas", "finance": "finance"}
        for key, view in sections.items():
            where = own.get(key, key)
            if where in numbers and view.blocks:
                sections[key] = _numbered(view, numbers[where], 0)[0]
        analysis = dict(narrative.analysis)
        if "performance" in numbers:
            count = 0
            groups = [g.name for g in paper.performance.groups] if paper.performance else []
            for group in groups:
                if group in analysis:
                    analysis[group], count = _numbered(
                        analysis[group], numbers["performance"], count
                    )
        paper = replace(paper, narrative=replace(narrative, sections=sections, analysis=analysis))
    if "contents" in layout.parts:
        paper = replace(paper, contents=_contents(paper))
    return paper


def _appendix_titles(paper: Paper) -> dict[str, str]:
    """The labels of g2g's own appendices, numbered on from the officers' appendices (Appendix
    3 after Appendix 1 and 2; letters when theirs are not numbered, or there are none; then the
    tracker is the first when the narrative does not list it)."""
    detail = [k for k in paper.layout.detail if _present(paper, k)]
    if not detail:
        return {}
    theirs = [a.id for a in paper.narrative.appendices] if paper.narrative else []
    keys = list(detail)
    if paper.tracker_appendix is None and paper.tracker:
        keys.insert(0, "appendix")
    titles = dict(SECTION_TITLES)
    titles["findings"] = paper.findings_heading
    titles["appendix"] = f"The full tracker, {paper.month_label}"
    if theirs and all(i.isdigit() for i in theirs):
        first = max(int(i) for i in theirs) + 1
        marks = [str(first + n) for n in range(len(keys))]
    else:
        marks = [chr(ord("A") + len(theirs) + n) for n in range(len(keys))]
    return {k: f"Appendix {m}: {titles[k]}" for k, m in zip(keys, marks, strict=True)}


def _contents(paper: Paper) -> tuple[ContentsEntry, ...]:
    """Every numbered section of the body, then every appendix printed, with its id."""
    entries: list[ContentsEntry] = []
    for key in paper.parts:
        if key in paper.numbers:
            text = f"{paper.numbers[key]}. {paper.title(key)}"
            entries.append(ContentsEntry(text, anchor(key)))
        if key == "appendices":
            entries.extend(
                ContentsEntry(a.label, f"appendix-{a.id}", appendix=True)
                for a in paper.printed_appendices
            )
        elif key == "appendix" and paper.tracker:
            entries.append(ContentsEntry(paper.tracker_title, anchor(key), appendix=True))
        elif key in paper.appendix_titles:
            entries.append(ContentsEntry(paper.title(key), anchor(key), appendix=True))
    return tuple(entries)
