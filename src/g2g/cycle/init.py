"""``g2g init``: scaffold a new plan that validates from the first minute."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from g2g.cycle.common import (
    PLAN_SCHEMA_FILE,
    SCHEMA_DIR,
    TODO,
    WIDTH,
    comment_lines,
    errors_of,
    field_doc_line,
)
from g2g.cycle.findings import parse_findings, parse_recommendations
from g2g.diagnostics import Diagnostic
from g2g.errors import CycleUsageError
from g2g.io.atomic import atomic_write
from g2g.io.yamlemit import folded, scalar
from g2g.io.yamlread import read_yaml
from g2g.months import add_months, month_of
from g2g.plan.load import PLAN_FILE, PROGRESS_DIR, Plan, display_path
from g2g.plan.model_base import Judgement, first_day
from g2g.plan.model_plan import (
    Action,
    Area,
    Finding,
    Inspection,
    Objective,
    Period,
    PlanFile,
    RagPolicy,
    Settings,
    Timescale,
)
from g2g.plan.schema import validate_model
from g2g.plan.sources import FINDING_KINDS, SOURCE_KINDS, Clock, FindingKind, InspectionKind
from g2g.plan.validate import validate_plan
from g2g.words import did_you_mean, plural

__all__ = [
    "InitOptions",
    "SourceOptions",
    "check_plan_text",
    "create_plan",
    "default_finding_kind",
    "default_plan_id",
    "parse_findings",
    "parse_judgement",
    "parse_recommendations",
    "render_plan",
]

# --- g2g init ----------------------------------------------------------------------------


def parse_judgement(text: str) -> Judgement:
    """A judgement from its id or its words ("Requires Improvement to be Good")."""
    key = re.sub(r"[^a-z]+", "_", text.lower()).strip("_")
    key = key.removesuffix("_to_be_good")
    try:
        return Judgement(key)
    except ValueError:
        choices = [j.value for j in Judgement]
        raise ValueError(
            f"'{text}' is not an Ofsted judgement{did_you_mean(key, choices)} - use one of: "
            + ", ".join(choices)
        ) from None


_PLACE_WORDS = {"council", "metropolitan", "borough", "district", "county", "city", "of", "the"}


def default_plan_id(council: str, year: int) -> str:
    """A plan id from the council's name and the inspection year, e.g. oldham-2019."""
    words = re.findall(r"[a-z0-9]+", council.lower())
    kept = [w for w in words if w not in _PLACE_WORDS] or words or ["plan"]
    return "-".join([*kept, str(year)])[:80]


@dataclass
class SourceOptions:
    """Another source the new plan answers besides its first (``g2g init --also``): an LGA
    peer review, a statutory direction, ..."""

    kind: InspectionKind
    start: dt.date | str
    """Its date, or first day on site; a YYYY-MM month when only the month is known."""
    findings: list[tuple[FindingKind, str]] = field(default_factory=list)
    """Its findings in order, each with its kind."""
    by: str | None = None

    def first_day(self) -> dt.date:
        """Its first day (the first of the month when only the month is known)."""
        return first_day(self.start)


def default_finding_kind(kind: InspectionKind) -> FindingKind:
    """The kind of a finding pasted without a heading for a source of ``kind``: a
    recommendation where the source makes them, else its first kind (a direction's
    requirement)."""
    allowed = SOURCE_KINDS[kind].findings
    return FindingKind.recommendation if FindingKind.recommendation in allowed else allowed[0]


def default_framework(kind: InspectionKind) -> str | None:
    """The inspection framework when none is given: ILACS for Ofsted's kinds, none for the
    others."""
    return "ILACS" if SOURCE_KINDS[kind].ofsted else None


def _numbered(
    findings: list[tuple[FindingKind, str]], prefix: str
) -> list[tuple[str, FindingKind, str]]:
    """Findings as (id, kind, text), kind by kind in the order of FINDING_KINDS, each kind
    numbered from 1 with its prefix: R1, R2, AFI-1, PA-1, REQ-1 (after ``prefix``)."""
    numbered: list[tuple[str, FindingKind, str]] = []
    for kind, info in FINDING_KINDS.items():
        texts = [t for k, t in findings if k is kind]
        numbered.extend((f"{prefix}{info.prefix}{n}", kind, t) for n, t in enumerate(texts, 1))
    return numbered


@dataclass
class InitOptions:
    """What ``g2g init`` needs to write a plan."""

    council: str
    inspection_start: dt.date | str
    """The first day on site, or a YYYY-MM month when only the month is known."""
    recommendations: list[str]
    areas_for_improvement: list[str] = field(default_factory=list)
    title: str | None = None
    plan_id: str | None = None
    service: str | None = None
    framework: str | None = "ILACS"
    inspection_kind: InspectionKind = InspectionKind.inspection
    inspection_end: dt.date | None = None
    judgement: Judgement | None = None
    published: dt.date | None = None
    focus: str | None = None
    start: str | None = None
    end: str | None = None
    schemas: bool = True
    priority_actions: list[str] = field(default_factory=list)
    """An area SEND inspection's priority actions."""
    requirements: list[str] = field(default_factory=list)
    """A statutory direction's requirements."""
    by: str | None = None
    """Who wrote or issued the first source, when not the kind's usual author."""
    also: list[SourceOptions] = field(default_factory=list)
    """The plan's other sources, in order."""

    def period(self) -> tuple[str, str]:
        """The plan's first and last month: by default from the month after publication."""
        if self.start:
            start = self.start
        elif self.published:
            start = add_months(month_of(self.published), 1)
        else:
            start = add_months(month_of(self.inspection_end or self.first_day()), 2)
        return start, self.end or add_months(start, 23)

    def resolved_id(self) -> str:
        """The plan id, given or made from the council and the inspection year."""
        return self.plan_id or default_plan_id(self.council, self.first_day().year)

    def findings(self) -> list[tuple[str, FindingKind, str]]:
        """Every finding of the first source as (id, kind, text): recommendations R1, R2, ...
        then areas for improvement AFI-1, AFI-2, ..., priority actions PA-1, ..., requirements
        REQ-1, ..."""
        pasted = [
            *((FindingKind.recommendation, t) for t in self.recommendations),
            *((FindingKind.area_for_improvement, t) for t in self.areas_for_improvement),
            *((FindingKind.priority_action, t) for t in self.priority_actions),
            *((FindingKind.requirement, t) for t in self.requirements),
        ]
        return _numbered(pasted, "")

    def sources(self) -> list[tuple[str, SourceOptions, list[tuple[str, FindingKind, str]]]]:
        """The other sources (``also``), each with its id and its numbered findings: the ids
        take the kind's prefix (LGA-R1, SD-REQ-1), with a number when a prefix repeats
        (LGA2-R1); source ids are the kind and month (peer-review-2019-02)."""
        used_ids = {self.inspection_id()}
        used_prefixes: dict[str, int] = {}
        result = []
        for source in self.also:
            base = SOURCE_KINDS[source.kind].prefix.rstrip("-")
            used_prefixes[base] = used_prefixes.get(base, 0) + 1
            count = used_prefixes[base]
            prefix = f"{base}-" if count == 1 else f"{base}{count}-"
            ident = f"{source.kind.value.replace('_', '-')}-{source.first_day():%Y-%m}"
            n, unique = 1, ident
            while unique in used_ids:
                n += 1
                unique = f"{ident}-{n}"
            used_ids.add(unique)
            result.append((unique, source, _numbered(source.findings, prefix)))
        return result

    def all_findings(self) -> list[tuple[str, FindingKind, str]]:
        """Every finding of every source, the first source's first."""
        return [*self.findings(), *(f for _, _, found in self.sources() for f in found)]

    def inspection_id(self) -> str:
        """The inspection's id: framework-year for an inspection (ilacs-2019), else the kind
        and month (focused-visit-2021-11)."""
        if self.inspection_kind is InspectionKind.inspection and self.framework:
            ident = f"{self.framework}-{self.first_day().year}"
        else:
            kind = self.inspection_kind.value.replace("_", "-")
            ident = f"{kind}-{self.first_day():%Y-%m}"
        ident = re.sub(r"[^A-Za-z0-9._-]+", "-", ident).strip("-._").lower()
        return ident or "inspection"

    def first_day(self) -> dt.date:
        """The inspection's first day (the first of the month when only the month is known)."""
        return first_day(self.inspection_start)

    def plan_deadline(self) -> dt.date | None:
        """The plan's deadline with Ofsted that g2g counts (70 working days after
        publication, after a requires improvement or inadequate judgement); None otherwise."""
        if SOURCE_KINDS[self.inspection_kind].clock is not Clock.ofsted_plan:
            return None
        if self.published is None or self.judgement not in (
            Judgement.requires_improvement,
            Judgement.inadequate,
        ):
            return None
        from g2g.plan.clocks import plan_deadline

        return plan_deadline(self.published)

    def resolved_title(self) -> str:
        """The plan title, given or made from the council's name."""
        return self.title or f"{self.council} children's services improvement plan"

    def findings_words(self) -> str:
        """What the new plan holds, in words: "3 recommendations and 2 areas for improvement
        from 2 sources, and one TODO action for each"."""
        found = self.all_findings()
        if not found:
            return "no findings and one enabling TODO action (add the findings when they are out)"
        counts = {kind: sum(1 for _, k, _ in found if k is kind) for kind in FINDING_KINDS}
        parts = [
            plural(count, FINDING_KINDS[kind].word, FINDING_KINDS[kind].plural)
            for kind, count in counts.items()
            if count or (kind is FindingKind.recommendation and len(found) == counts[kind])
        ]
        words = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
        if self.also:
            words += f" from {len(self.also) + 1} sources"
        return words + ", and one TODO action for each"


class _Writer:
    """Collects YAML lines, documenting each model field the first time it is written."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.documented: set[tuple[type[BaseModel], str]] = set()

    def raw(self, *lines: str) -> None:
        self.lines.extend(lines)

    def comment(self, indent: int, text: str) -> None:
        self.lines.extend(comment_lines(text, indent))

    def doc(self, indent: int, model: type[BaseModel], name: str) -> None:
        if (model, name) in self.documented:
            return
        self.documented.add((model, name))
        doc = field_doc_line(model, name)
        if doc:
            self.comment(indent, doc)

    def key(
        self,
        indent: int,
        model: type[BaseModel],
        name: str,
        value: str | None = None,
        *,
        dash: bool = False,
    ) -> None:
        """``name: value`` (value already YAML), its docstring above; a ``- `` item start."""
        self.doc(indent, model, name)
        prefix = " " * indent + ("- " if dash else "")
        self.lines.append(f"{prefix}{name}:" + (f" {value}" if value is not None else ""))

    def text(
        self, indent: int, model: type[BaseModel], name: str, value: str, *, dash: bool = False
    ) -> None:
        """A text field: folded over several lines when long, else one scalar."""
        block = folded(value, indent + 2 + (2 if dash else 0), WIDTH)
        if block is None:
            self.key(indent, model, name, scalar(value), dash=dash)
        else:
            self.key(indent, model, name, block[0], dash=dash)
            self.lines.extend(block[1:])

    def optional(self, indent: int, model: type[BaseModel], name: str, example: str) -> None:
        """A commented-out optional field with an example value."""
        self.doc(indent, model, name)
        self.lines.append(f"{' ' * indent}# {name}: {example}")


def render_plan(options: InitOptions) -> str:
    """The text of a new plan.yaml: valid, commented, with one TODO action per finding
    (recommendation or area for improvement), or one enabling TODO action when the visit made
    no findings."""
    w = _Writer()
    _plan_header(w, options)
    w.raw("", "plan:")
    _settings(w, options)
    w.raw("", "inspections:")
    _inspection(w, options)
    for ident, source, findings in options.sources():
        _other_source(w, ident, source, findings)
    w.raw("", "areas:")
    _areas(w, options)
    return "\n".join(w.lines) + "\n"


def _plan_header(w: _Writer, o: InitOptions) -> None:
    if o.schemas:
        w.raw(f"# yaml-language-server: $schema={SCHEMA_DIR}/{PLAN_SCHEMA_FILE}")
    if isinstance(o.inspection_start, dt.date):
        inspected = o.inspection_start.strftime("%d %B %Y").lstrip("0")
    else:
        inspected = f"{o.first_day():%B %Y}"
    event = o.framework or o.inspection_kind.words
    if o.inspection_kind is not InspectionKind.inspection:
        event = f"{o.framework} {o.inspection_kind.words}" if o.framework else event
    more = ""
    if o.also:
        names = [f"the {SOURCE_KINDS[s.kind].words}" for s in o.also]
        more = f", and answering {', '.join(names[:-1])}{' and ' if len(names) > 1 else ''}"
        more += names[-1]
    w.comment(0, f"{o.resolved_title()} ({o.council}), after the {event} of {inspected}{more}.")
    w.raw("#")
    w.comment(
        0,
        "Made by g2g init. This file is the plan: its settings, the inspection and its "
        "recommendations, and the plan areas, objectives and actions. Monthly progress goes in "
        "progress/YYYY-MM.yaml: start a month with g2g month YYYY-MM. Lines starting with # are "
        "comments that explain each field; g2g ignores them. After every change run: "
        "g2g validate <this folder>.",
    )
    w.raw("#")
    if o.also or o.priority_actions or o.requirements:
        placeholders = (
            f"{TODO}: the area, objective and actions below are placeholders, one action per "
            "finding of each source. Replace every TODO with the plan's own words, split or "
            "regroup the actions into the plan's areas and objectives, then delete this "
            "paragraph."
        )
    elif not o.findings():
        placeholders = (
            f"{TODO}: the visit was given no findings, so the area, objective and the one "
            "enabling action below are placeholders. Add the recommendations and areas for "
            "improvement under findings when Ofsted's letter is published, with an action that "
            "addresses each; replace every TODO with the plan's own words, then delete this "
            "paragraph."
        )
    elif not o.areas_for_improvement:
        placeholders = (
            f"{TODO}: the area, objective and actions below are placeholders, one action per "
            "recommendation. Replace every TODO with the plan's own words, split or regroup the "
            "actions into the plan's areas and objectives, then delete this paragraph."
        )
    else:
        placeholders = (
            f"{TODO}: the area, objective and actions below are placeholders, one action per "
            "recommendation and per area for improvement. Replace every TODO with the plan's "
            "own words, split or regroup the actions into the plan's areas and objectives, then "
            "delete this paragraph."
        )
    w.comment(0, placeholders)


def _settings(w: _Writer, o: InitOptions) -> None:
    start, end = o.period()
    w.key(2, Settings, "id", scalar(o.resolved_id()))
    w.text(2, Settings, "title", o.resolved_title())
    w.text(2, Settings, "council", o.council)
    if o.service:
        w.text(2, Settings, "service", o.service)
    else:
        w.optional(2, Settings, "service", "Children's Social Care")
    w.key(2, Settings, "period")
    w.key(4, Period, "start", start)
    w.key(4, Period, "end", end)
    w.optional(
        2, Settings, "portfolio_holder", "Cllr A. Name, Cabinet Member for Children's Services"
    )
    w.optional(2, Settings, "officer_contact", "A. Name, Director of Children's Services")
    w.optional(2, Settings, "status", "draft")
    w.optional(2, Settings, "version", "v1")
    deadline = o.plan_deadline()
    w.optional(2, Settings, "submitted", (deadline or o.first_day()).isoformat())
    w.doc(2, Settings, "history")
    w.raw(
        "  # history:",
        "  #   - status: draft",
        f"  #     date: {(deadline or o.first_day()).isoformat()}",
        "  #     note: submitted to Ofsted; draft pending Ofsted's confirmation",
    )
    w.doc(2, Settings, "boards")
    w.raw(
        "  # boards:",
        "  #   - id: improvement-board",
        "  #     name: Improvement Board",
        "  #     chairs:",
        "  #       - name: Chief Executive",
        "  #         end: 2019-03",
        "  #       - name: Independent Advisor",
        "  #         start: 2019-04",
        "  #     cadence: monthly",
        "  #     meetings:",
        "  #       - date: 2019-09-11",
        "  #         month: 2019-08",
        "  #   - id: steering",
        "  #     name: Partnership Steering Group",
        "  #     cadence: monthly",
        "  #     reports_to: improvement-board",
        "  #   - id: scrutiny",
        "  #     name: Overview and Scrutiny Committee",
        "  #     cadence: six_monthly",
        "  #     scrutiny: true",
    )
    w.doc(2, Settings, "task_groups")
    w.raw(
        "  # task_groups:",
        "  #   - id: practice",
        "  #     name: Practice Task Group",
        "  #     lead: Director of Children's Social Care",
        "  #     areas: [A1]",
        "  #     reports_to: steering",
    )
    w.key(2, Settings, "rag_policy")
    policy = RagPolicy()
    w.key(4, RagPolicy, "scale", policy.scale.value)
    w.key(4, RagPolicy, "reported", policy.reported.value)
    w.key(4, RagPolicy, "overall", policy.overall.value)
    w.key(4, RagPolicy, "tolerance", f"{policy.tolerance:g}")


def _inspection(w: _Writer, o: InitOptions) -> None:
    info = SOURCE_KINDS[o.inspection_kind]
    w.key(2, Inspection, "id", scalar(o.inspection_id()), dash=True)
    w.key(4, Inspection, "kind", o.inspection_kind.value)
    if o.framework:
        w.text(4, Inspection, "framework", o.framework)
    if o.by:
        w.text(4, Inspection, "by", o.by)
    elif not info.ofsted:
        w.optional(4, Inspection, "by", info.publisher or "the partner council")
    start = o.inspection_start
    w.key(4, Inspection, "start", start.isoformat() if isinstance(start, dt.date) else start)
    _optional_date(w, "end", o.inspection_end, o.first_day())
    if o.judgement:
        w.key(4, Inspection, "judgement", o.judgement.value)
    elif info.ofsted:
        w.doc(4, Inspection, "judgement")
        w.raw("    # judgement: " + " | ".join(j.value for j in Judgement))
    if o.focus:
        w.text(4, Inspection, "focus", o.focus)
    elif o.inspection_kind is not InspectionKind.inspection:
        w.optional(4, Inspection, "focus", "the front door and MASH")
    _optional_date(w, "published", o.published, o.inspection_end or o.first_day())
    _plan_due(w, o.plan_deadline())
    w.optional(4, Inspection, "status", "held")
    if info.clock is Clock.review_points:
        _reviews_example(w, o.first_day())
    _inspection_findings(w, o.findings())


def _plan_due(w: _Writer, deadline: dt.date | None) -> None:
    """The plan's due date g2g counts, commented out: given only when Ofsted stated another."""
    if deadline is None:
        return
    w.doc(4, Inspection, "plan_due")
    w.comment(
        4,
        f"g2g counts {deadline.isoformat()}: 70 working days after publication. Give "
        "plan_due only when Ofsted stated another date.",
    )
    w.raw(f"    # plan_due: {deadline.isoformat()}")


def _inspection_findings(w: _Writer, findings: list[tuple[str, FindingKind, str]]) -> None:
    """The inspection's findings; an empty list and how to fill it when there are none."""
    if not findings:
        w.key(4, Inspection, "findings", "[]")
        w.comment(
            4,
            "None yet: add each recommendation (kind: recommendation) and area for improvement "
            "(kind: area_for_improvement) as an item with id, kind and text, e.g. "
            "- {id: AFI-1, kind: area_for_improvement, text: ...}",
        )
        return
    w.key(4, Inspection, "findings")
    for ident, kind, text in findings:
        w.key(6, Finding, "id", ident, dash=True)
        w.key(8, Finding, "kind", kind.value)
        w.text(8, Finding, "text", text)


def _reviews_example(w: _Writer, day: dt.date) -> None:
    w.doc(4, Inspection, "reviews")
    w.raw(
        "    # reviews:",
        f"    #   - date: {add_months(month_of(day), 6)}",
        "    #     what: the Commissioner's review of progress",
    )


def _other_source(
    w: _Writer,
    ident: str,
    source: SourceOptions,
    findings: list[tuple[str, FindingKind, str]],
) -> None:
    """One of the plan's other sources (``g2g init --also``), with its findings."""
    info = SOURCE_KINDS[source.kind]
    w.raw("")
    w.key(2, Inspection, "id", scalar(ident), dash=True)
    w.key(4, Inspection, "kind", source.kind.value)
    if source.by:
        w.text(4, Inspection, "by", source.by)
    elif not info.ofsted:
        w.optional(4, Inspection, "by", info.publisher or "the partner council")
    start = source.start
    w.key(4, Inspection, "start", start.isoformat() if isinstance(start, dt.date) else start)
    if info.clock is Clock.review_points:
        _reviews_example(w, source.first_day())
    if not findings:
        w.key(4, Inspection, "findings", "[]")
        return
    w.key(4, Inspection, "findings")
    for finding_id, kind, text in findings:
        w.key(6, Finding, "id", finding_id, dash=True)
        w.key(8, Finding, "kind", kind.value)
        w.text(8, Finding, "text", text)


def _optional_date(w: _Writer, name: str, value: dt.date | None, example: dt.date) -> None:
    if value:
        w.key(4, Inspection, name, value.isoformat())
    else:
        w.optional(4, Inspection, name, example.isoformat())


def _areas(w: _Writer, o: InitOptions) -> None:
    start, end = o.period()
    w.comment(2, f"{TODO}: one placeholder area and objective hold every placeholder action.")
    w.key(2, Area, "id", "A1", dash=True)
    w.text(4, Area, "name", f"{TODO} - name of the plan area")
    w.optional(4, Area, "lead", "Director of Children's Social Care")
    w.key(4, Area, "objectives")
    w.key(6, Objective, "id", "A1-O1", dash=True)
    w.text(8, Objective, "text", f"{TODO} - the objective to create change")
    w.key(8, Objective, "actions")
    findings = o.all_findings()
    if not findings:
        _enabling_placeholder(w, start, end)
        return
    for number, (ident, kind, text) in enumerate(findings, start=1):
        if number > 1:
            w.raw("")
        _placeholder_action(w, number, (ident, kind, text), start, end)


def _enabling_placeholder(w: _Writer, start: str, end: str) -> None:
    w.comment(
        10,
        f"{TODO}: a placeholder for the plan's first action. It is enabling (it answers no "
        "finding); when the findings are added, give each action the ids it answers under "
        "addresses and remove enabling.",
    )
    w.key(10, Action, "id", "A1-1", dash=True)
    w.text(12, Action, "title", f"{TODO} - short name of the action")
    w.text(12, Action, "description", f"{TODO} - what will be done")
    w.text(12, Action, "lead", f"{TODO} - lead officer (a role, sometimes with a name)")
    w.key(12, Action, "timescale")
    w.key(14, Timescale, "start", start)
    w.key(14, Timescale, "due", end)
    w.text(14, Timescale, "text", f"{TODO} - the timescale as the plan words it")
    w.key(12, Action, "enabling", "true")
    w.text(12, Action, "evidence_of_success", f"{TODO} - how success will be shown")


def _placeholder_action(
    w: _Writer, number: int, finding: tuple[str, FindingKind, str], start: str, end: str
) -> None:
    ident, kind, text = finding
    first = number == 1
    w.comment(10, f'{TODO}: replace with the plan\'s action(s) for {ident}: "{text}"')
    w.key(10, Action, "id", f"A1-{number}", dash=True)
    w.text(12, Action, "title", f"{TODO} - short name of the action for {ident}")
    w.text(
        12,
        Action,
        "description",
        f"{TODO} - what will be done to answer {FINDING_KINDS[kind].word} {ident}",
    )
    w.text(12, Action, "lead", f"{TODO} - lead officer (a role, sometimes with a name)")
    w.key(12, Action, "timescale")
    w.key(14, Timescale, "start", start)
    w.key(14, Timescale, "due", end)
    if first:
        w.comment(
            14,
            "Instead of due, an action can be ongoing: true (no end date) or recurring: "
            "quarterly (weekly, monthly, quarterly, biannually or annually).",
        )
    w.text(14, Timescale, "text", f"{TODO} - the timescale as the plan words it")
    w.key(12, Action, "addresses", f"[{ident}]")
    if first:
        w.optional(12, Action, "enabling", "true")
    w.text(12, Action, "evidence_of_success", f"{TODO} - how success will be shown")
    if first:
        _target_example(w, number, start, end)


def _target_example(w: _Writer, number: int, start: str, end: str) -> None:
    w.doc(12, Action, "targets")
    w.comment(12, "For example (delete the # signs to use it; milestones are the trajectory):")
    first, second = (min(add_months(start, n), end) for n in (6, 12))
    w.raw(
        "            # targets:",
        f"            #   - id: A1-{number}-audits-good",
        "            #     measure: Audits judged Good or Outstanding",
        "            #     unit: percent",
        "            #     polarity: higher",
        "            #     milestones:",
        f"            #       - {{month: {first}, value: 55}}",
        f"            #       - {{month: {second}, value: 70}}",
    )


def check_plan_text(folder: Path, text: str) -> list[Diagnostic]:
    """Every problem of a plan.yaml text, checked as if it were ``folder``'s plan."""
    shown = display_path(folder / PLAN_FILE)
    document = read_yaml(shown, text.encode("utf-8"))
    model, found = validate_model(PlanFile, document.data, shown, empty=document.empty)
    plan = Plan(folder, shown, document.data, model, diagnostics=[*document.diagnostics, *found])
    return validate_plan(plan)


def create_plan(folder: Path, options: InitOptions) -> list[Path]:
    """Write a new plan folder; the files written. Refuses to replace an existing plan.yaml."""
    from g2g.plan.jsonschema import KINDS, schema_text

    target = folder / PLAN_FILE
    if target.exists():
        raise CycleUsageError(f"{target} already exists - g2g init never replaces a plan")
    text = render_plan(options)
    problems = errors_of(check_plan_text(folder, text))
    if problems:
        raise CycleUsageError(
            "the options given do not make a valid plan - correct them",
            diagnostics=problems,
        )
    try:
        (folder / PROGRESS_DIR).mkdir(parents=True, exist_ok=True)
        written = [target]
        atomic_write(target, text.encode("utf-8"), overwrite=False)
        if options.schemas:
            (folder / SCHEMA_DIR).mkdir(exist_ok=True)
            for kind in KINDS:
                path = folder / SCHEMA_DIR / f"{kind}.schema.json"
                atomic_write(path, schema_text(kind).encode("utf-8"))
                written.append(path)
    except FileExistsError:
        raise CycleUsageError(f"{target} already exists - g2g init never replaces a plan") from None
    except OSError as exc:
        raise CycleUsageError(f"{folder}: cannot write the plan: {exc.strerror or exc}") from None
    return written
