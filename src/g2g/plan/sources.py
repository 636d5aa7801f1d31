"""The sources of what a plan answers: one table of source kinds, one of finding kinds.

A plan answers more than Ofsted. A council may record, in one plan, an Ofsted inspection or
visit, a joint targeted area inspection, an area SEND inspection by Ofsted and the CQC (with
priority actions and areas for improvement), the Secretary of State's statutory direction under
section 497A of the Education Act 1996 (applied to children's social care by section 50 of the
Children Act 2004) and its review points, the report of the DfE Commissioner or improvement
adviser, an LGA peer review or a sector-led improvement partner's diagnostic, a scrutiny review
or internal audit. Each entry of ``inspections:`` in plan.yaml is one such source.

The kinds are the enumerations :class:`InspectionKind` and :class:`FindingKind`, declared here
beside their tables. Everything g2g says about a kind of source is declared once, in
:data:`SOURCE_KINDS`: its words
("LGA peer review"), who usually issues it, whether it is Ofsted's, the verb the paper uses for
its findings ("Ofsted made 9 recommendations; the LGA peer review identified 1 area for
improvement"), the kinds of finding it gives, whether it is a visit or a document, and the
statutory clock that applies. The model, the checks, ``due``, the paper and ``g2g init`` all loop
over this table; :data:`FINDING_KINDS` does the same for the kinds of finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FindingKind(StrEnum):
    """What a finding is: a recommendation, an area for improvement, a priority action (an area
    SEND inspection's) or a requirement (a statutory direction's). Their words are declared in
    :data:`g2g.plan.sources.FINDING_KINDS`."""

    recommendation = "recommendation"
    area_for_improvement = "area_for_improvement"
    priority_action = "priority_action"
    requirement = "requirement"


class InspectionKind(StrEnum):
    """The kind of source: an Ofsted inspection or visit, or another body's review, report or
    direction. What g2g says about each kind is declared once, in
    :data:`g2g.plan.sources.SOURCE_KINDS`."""

    inspection = "inspection"
    short_inspection = "short_inspection"
    monitoring_visit = "monitoring_visit"
    focused_visit = "focused_visit"
    joint_targeted_area_inspection = "joint_targeted_area_inspection"
    annual_conversation = "annual_conversation"
    send_area_inspection = "send_area_inspection"
    statutory_direction = "statutory_direction"
    commissioner_report = "commissioner_report"
    improvement_adviser_report = "improvement_adviser_report"
    peer_review = "peer_review"
    sector_led_diagnostic = "sector_led_diagnostic"
    scrutiny_review = "scrutiny_review"
    internal_audit = "internal_audit"

    @property
    def words(self) -> str:
        """The kind in words, e.g. "focused visit", "SEND area inspection", "LGA peer
        review"."""
        return SOURCE_KINDS[self].words


SourceKind = InspectionKind
"""The kind of a source (the enumeration keeps its g2g 0.1 name, InspectionKind)."""


class Clock(StrEnum):
    """The statutory clock a kind of source starts."""

    ofsted_plan = "ofsted_plan"
    """After a judgement of requires improvement or inadequate, the plan goes to Ofsted within
    70 working days of the report's publication (Education and Inspections Act 2006, s.137(3)),
    unless the ``plan_due`` it states says otherwise."""
    review_points = "review_points"
    """The dates the source sets of its own (``reviews``): a direction's reviews of progress,
    the date the Commissioner reports to the Secretary of State."""
    none = "none"
    """No statutory clock; any dates the source sets go under ``reviews``."""


CLOCK_WORDS = {
    Clock.ofsted_plan: "the plan to Ofsted 70 working days after the report is published, after "
    "a judgement of requires improvement or inadequate (or by the plan_due stated)",
    Clock.review_points: "its review points, the dates under reviews",
    Clock.none: "none (dates it sets go under reviews)",
}
"""Each clock in words, for the documentation."""


@dataclass(frozen=True)
class FindingKindInfo:
    """What g2g says about one kind of finding."""

    word: str
    """Singular, e.g. "area for improvement"."""
    plural: str
    """Plural, e.g. "areas for improvement"."""
    prefix: str
    """How ``g2g init`` numbers them: R1, AFI-1, PA-1, REQ-1."""
    required: bool
    """Whether an action must answer it (an error when none does) or only should (a
    warning)."""
    code: str
    """The code of validate's diagnostic when no action answers it."""
    heading: str
    """Its heading in a findings file pasted from a report (``g2g init``)."""

    @property
    def label(self) -> str:
        """The word with a capital, as the paper's tables show it."""
        return self.word[:1].upper() + self.word[1:]


FINDING_KINDS: dict[FindingKind, FindingKindInfo] = {
    FindingKind.recommendation: FindingKindInfo(
        "recommendation",
        "recommendations",
        "R",
        required=True,
        code="recommendation-unaddressed",
        heading="Recommendations",
    ),
    FindingKind.area_for_improvement: FindingKindInfo(
        "area for improvement",
        "areas for improvement",
        "AFI-",
        required=False,
        code="finding-unaddressed",
        heading="Areas for improvement",
    ),
    FindingKind.priority_action: FindingKindInfo(
        "priority action",
        "priority actions",
        "PA-",
        required=True,
        code="priority-action-unaddressed",
        heading="Priority actions",
    ),
    FindingKind.requirement: FindingKindInfo(
        "requirement",
        "requirements",
        "REQ-",
        required=True,
        code="requirement-unaddressed",
        heading="Requirements",
    ),
}
"""Every kind of finding, in the order the paper and ``g2g init`` list them."""


@dataclass(frozen=True)
class SourceKindInfo:
    """What g2g says about one kind of source."""

    words: str
    """The kind in words, e.g. "focused visit", "LGA peer review"."""
    publisher: str | None
    """Who usually issues it, where one body always does ("Ofsted", "the Department for
    Education"); a source's ``by`` names it otherwise."""
    ofsted: bool
    """Whether it is Ofsted's (the paper then says "Ofsted's focused visit")."""
    verb: str
    """What the paper says it did with its findings: "made", "identified", "set"."""
    findings: tuple[FindingKind, ...]
    """The kinds of finding it gives."""
    clock: Clock
    """The statutory clock that applies."""
    document: bool = False
    """True for a document (a direction, a report) rather than a visit: planned, it is "due"
    rather than "planned", and its ``start`` is its date."""
    prefix: str = ""
    """How ``g2g init`` prefixes the ids of its findings when it is not the plan's first
    source, e.g. LGA- (LGA-R1)."""

    @property
    def title(self) -> str:
        """The words with a capital, e.g. "LGA peer review"."""
        return self.words[:1].upper() + self.words[1:]

    @property
    def planned(self) -> str:
        """How the calendar calls it before it happens: "planned" or "due"."""
        return "due" if self.document else "planned"


_OFSTED = (FindingKind.recommendation, FindingKind.area_for_improvement)

SOURCE_KINDS: dict[InspectionKind, SourceKindInfo] = {
    InspectionKind.inspection: SourceKindInfo(
        "inspection", "Ofsted", True, "made", _OFSTED, Clock.ofsted_plan, prefix="OF-"
    ),
    InspectionKind.short_inspection: SourceKindInfo(
        "short inspection", "Ofsted", True, "made", _OFSTED, Clock.ofsted_plan, prefix="OF-"
    ),
    InspectionKind.monitoring_visit: SourceKindInfo(
        "monitoring visit", "Ofsted", True, "made", _OFSTED, Clock.ofsted_plan, prefix="MV-"
    ),
    InspectionKind.focused_visit: SourceKindInfo(
        "focused visit", "Ofsted", True, "made", _OFSTED, Clock.ofsted_plan, prefix="FV-"
    ),
    InspectionKind.joint_targeted_area_inspection: SourceKindInfo(
        "joint targeted area inspection",
        "Ofsted, the CQC, HMICFRS and HMI Probation",
        True,
        "made",
        _OFSTED,
        Clock.ofsted_plan,
        prefix="JTAI-",
    ),
    InspectionKind.annual_conversation: SourceKindInfo(
        "annual conversation", "Ofsted", True, "made", _OFSTED, Clock.ofsted_plan, prefix="AC-"
    ),
    InspectionKind.send_area_inspection: SourceKindInfo(
        "SEND area inspection",
        "Ofsted and the CQC",
        True,
        "made",
        (*_OFSTED, FindingKind.priority_action),
        Clock.ofsted_plan,
        prefix="SEND-",
    ),
    InspectionKind.statutory_direction: SourceKindInfo(
        "statutory direction",
        "the Secretary of State for Education",
        False,
        "set",
        (FindingKind.requirement,),
        Clock.review_points,
        document=True,
        prefix="SD-",
    ),
    InspectionKind.commissioner_report: SourceKindInfo(
        "DfE Commissioner's report",
        "the Department for Education",
        False,
        "made",
        _OFSTED,
        Clock.review_points,
        document=True,
        prefix="DFE-",
    ),
    InspectionKind.improvement_adviser_report: SourceKindInfo(
        "DfE improvement adviser's report",
        "the Department for Education",
        False,
        "made",
        _OFSTED,
        Clock.review_points,
        document=True,
        prefix="DFE-",
    ),
    InspectionKind.peer_review: SourceKindInfo(
        "LGA peer review",
        "the Local Government Association",
        False,
        "identified",
        _OFSTED,
        Clock.none,
        prefix="LGA-",
    ),
    InspectionKind.sector_led_diagnostic: SourceKindInfo(
        "sector-led improvement partner's diagnostic",
        None,
        False,
        "identified",
        _OFSTED,
        Clock.none,
        prefix="SLI-",
    ),
    InspectionKind.scrutiny_review: SourceKindInfo(
        "scrutiny review", None, False, "made", _OFSTED, Clock.none, document=True, prefix="SR-"
    ),
    InspectionKind.internal_audit: SourceKindInfo(
        "internal audit", None, False, "made", _OFSTED, Clock.none, document=True, prefix="IA-"
    ),
}
"""Every kind of source, in the order of :class:`InspectionKind`."""


def kind_table() -> str:
    """The kinds of source as a Markdown table, for docs/format.md (``make docs``)."""
    rows = [
        "| kind | in words | issued by | Ofsted's | findings | statutory clock |",
        "|---|---|---|---|---|---|",
    ]
    for kind, info in SOURCE_KINDS.items():
        findings = ", ".join(f"`{f.value}`" for f in info.findings)
        rows.append(
            f"| `{kind.value}` | {info.words} | {info.publisher or '(give `by`)'} | "
            f"{'yes' if info.ofsted else 'no'} | {findings} | {CLOCK_WORDS[info.clock]} |"
        )
    return "\n".join(rows) + "\n"
