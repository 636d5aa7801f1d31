"""The model of ``plan.yaml``, the plan definition: validated by :class:`PlanFile`.

It holds the settings (title, council, period, boards, RAG policy), the sources and their
findings, the plan areas, objectives, actions and targets, and the warnings accepted on purpose.
Field docstrings are the reference documentation."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StrictBool

from g2g.months import due_date, month_start
from g2g.plan.model_base import (
    ENDED_STATUSES,
    ComparatorKind,
    Day,
    Due,
    EventDate,
    EventStatus,
    Id,
    Judgement,
    Month,
    NotStartedPolicy,
    Number,
    OverallRule,
    PlanStatus,
    Polarity,
    RagScale,
    Recurrence,
    ReportedRating,
    Strict,
    Text,
    Unit,
    first_day,
    last_day,
)
from g2g.plan.sources import SOURCE_KINDS, Clock, FindingKind, InspectionKind


class Period(Strict):
    """The months the plan runs over."""

    start: Month
    """First month of the plan, YYYY-MM."""
    end: Month
    """Last month of the plan, YYYY-MM; must not be before start."""


class Board(Strict):
    """A board or committee that receives reports on the plan."""

    id: Id
    """Short identifier used with ``g2g report --board``."""
    name: Text
    """Full name, as printed on the paper, e.g. "Overview and Scrutiny Board"."""
    chair: str | None = None
    """Who chairs it, e.g. "Lead Member, Cllr Chadderton". With ``chairs`` given, this is the
    chair when none of the history covers a date."""
    chairs: list[Chair] = Field(default_factory=list)
    """The history of who chaired it, oldest first, each with start and end, e.g. the Chief
    Executive until an Independent Advisor takes over."""
    frequency: str | None = None
    """How often it receives the plan, in the council's words, e.g. "monthly" or
    "six-monthly" (kept from g2g 0.1; ``cadence`` is the same in a fixed vocabulary)."""
    cadence: Cadence | None = None
    """How often it meets: weekly, fortnightly, monthly, bimonthly, quarterly, six_monthly,
    annually or as_needed."""
    meetings: list[Meeting] = Field(default_factory=list)
    """Its meetings that take (or took) a paper on the plan, in date order."""
    reports_to: Id | None = None
    """The id of the board it reports to (e.g. the Steering Group reports to the Improvement
    Board); none for the top of the line."""
    scrutiny: StrictBool = False
    """True for a scrutiny committee, which holds the line to account from alongside rather
    than sitting in it."""

    def chair_on(self, day: dt.date) -> str | None:
        """Who chaired the board on ``day``: the chair history's entry that covers it, else
        ``chair``."""
        for entry in reversed(self.chairs):
            if entry.covers(day):
                return entry.name
        return self.chair

    def next_meeting(self, after: dt.date) -> Meeting | None:
        """The first meeting after ``after`` that is not cancelled."""
        later = [
            m for m in self.meetings if m.date > after and m.status is not MeetingStatus.cancelled
        ]
        return min(later, key=lambda m: m.date) if later else None

    def previous_paper(self, before: str) -> Meeting | None:
        """The last meeting that heard a paper on a plan month before ``before`` (YYYY-MM):
        what the paper for ``before`` is compared with."""
        earlier = [
            m
            for m in self.meetings
            if m.month is not None and m.month < before and m.status is not MeetingStatus.cancelled
        ]
        return max(earlier, key=lambda m: (m.month or "", m.date)) if earlier else None


class TaskGroup(Strict):
    """A task group (workstream) that delivers part of the plan and reports to a board."""

    id: Id
    """Identifier, unique among task groups; ``rag --by task_group`` groups by it."""
    name: Text
    """Name, e.g. "Front Door and MASH Task Group"."""
    lead: str | None = None
    """Who leads it."""
    areas: list[Id] = Field(default_factory=list)
    """Ids of the plan areas it holds."""
    reports_to: Id | None = None
    """The id of the board it reports to, e.g. the Partnership Steering Group."""
    cadence: Cadence | None = None
    """How often it reports: weekly, fortnightly, monthly, ... (see Board)."""


class Cadence(StrEnum):
    """How often a board or group meets (or receives the plan)."""

    weekly = "weekly"
    fortnightly = "fortnightly"
    monthly = "monthly"
    bimonthly = "bimonthly"
    quarterly = "quarterly"
    six_monthly = "six_monthly"
    annually = "annually"
    as_needed = "as_needed"


class MeetingStatus(StrEnum):
    """Whether a meeting is still to come, has been held, or was called off."""

    planned = "planned"
    held = "held"
    cancelled = "cancelled"


class Meeting(Strict):
    """One meeting of a board that receives (or is due to receive) a paper on the plan."""

    date: Day
    """The day of the meeting, YYYY-MM-DD."""
    month: Month | None = None
    """The plan month the paper to this meeting reports, YYYY-MM (e.g. the September meeting
    hears the August position); none when the meeting takes no paper on the plan."""
    status: MeetingStatus | None = None
    """planned, held or cancelled; when left out, a meeting before the report's date counts as
    held and one after it as planned."""
    note: str | None = None
    """Anything to say about it, e.g. "Report to follow" or "update on the Transformation
    Plan requested"."""
    paper_published: dt.date | None = None
    """When the paper for it was published, YYYY-MM-DD; checked against the latest date that
    leaves five clear working days before the meeting."""


class Chair(Strict):
    """Who chaired a board over a span of time (one entry of a board's chair history)."""

    name: Text
    """Who chairs it, as printed on papers, e.g. "Independent Advisor, Jane Smith"."""
    start: Due | None = None
    """From when: YYYY-MM-DD, or YYYY-MM for the first day of that month; none for "from the
    start"."""
    end: Due | None = None
    """Until when: YYYY-MM-DD, or YYYY-MM for the last day of that month; none while still in
    the chair."""

    def covers(self, day: dt.date) -> bool:
        """Whether this person chaired the board on ``day``."""
        first = None if self.start is None else _day_from(self.start)
        last = None if self.end is None else due_date(self.end)
        return (first is None or first <= day) and (last is None or day <= last)


def _day_from(value: str) -> dt.date:
    """A YYYY-MM (its first day) or YYYY-MM-DD date as a day."""
    return dt.date.fromisoformat(value) if len(value) == 10 else month_start(value)


class Thresholds(Strict):
    """Shares of actions that decide the overall rating under the thresholds rule."""

    red_share: Number = Field(default=0.2, ge=0, le=1)
    """Overall Red when at least this share of rated actions is Red."""
    green_share: Number = Field(default=0.8, ge=0, le=1)
    """Overall Green when at least this share of rated actions is Green (or Blue)."""


class RagPolicy(Strict):
    """How ratings are derived, reported and rolled up."""

    scale: RagScale = RagScale.rag
    """rag, or brag where Blue marks a completed action."""
    reported: ReportedRating = ReportedRating.recorded
    """Which rating reports show: the lead officer's recorded one, the derived one, or the worse."""
    overall: OverallRule = OverallRule.majority
    """How the overall plan rating is found: worst, majority, or thresholds."""
    thresholds: Thresholds = Field(default_factory=Thresholds)
    """Used when overall is thresholds."""
    tolerance: Number = Field(default=10.0, ge=0, le=100)
    """How far (percent of the expected value) a measure may fall short of its trajectory
    and still be Amber rather than Red."""
    not_started: NotStartedPolicy = NotStartedPolicy.show
    """How an action appears in the months before its start: show (as "Not started", never
    counted as not reported) or hide (left out of that month's tables)."""
    coverage: Number = Field(default=0.5, ge=0, le=1)
    """How many of a roll-up's live actions must be rated for the month before it shows a
    colour: more than this share of them (every one at 1). Below it the roll-up (the plan, an
    area, objective, recommendation, lead officer or task group) shows "Not enough reported
    (N of M)", with no colour and no trend. Live actions are those running in the month:
    not complete (a completed action counts as complete every month after), not yet started,
    closed or superseded. The default, 0.5, asks for more than half."""
    source: str | None = None
    """Where the recorded ratings come from, printed on the paper instead of "as recorded by
    each action's lead officer" when that is not so, e.g. "The per-action colours were lost
    from the source paper; they were assigned by the plan's encoder to match Table 1"."""


class StatusChange(Strict):
    """One step in a plan's life: the status it took and when."""

    status: PlanStatus
    """draft, submitted, accepted, live, closed or superseded."""
    date: EventDate
    """When: YYYY-MM-DD, or YYYY-MM when only the month is known."""
    note: str | None = None
    """What happened, e.g. "submitted to Ofsted; draft pending Ofsted's confirmation that it
    is fit for purpose"."""


class Settings(Strict):
    """Who the plan belongs to, what it covers and how it is rated."""

    id: Id
    """Short identifier of the plan, e.g. oldham-2019."""
    title: Text
    """Title printed on board papers."""
    council: Text
    """The council that owns the plan."""
    service: str | None = None
    """The service, e.g. "Children's Social Care"."""
    period: Period
    """The months the plan covers."""
    portfolio_holder: str | None = None
    """The cabinet member responsible, as printed on papers."""
    officer_contact: str | None = None
    """The officer to contact about the plan, as printed on papers."""
    status: PlanStatus | None = None
    """Where the plan stands now: draft, submitted, accepted, live, closed or superseded; left
    out, the plan is live. Commands over a folder of plans skip a closed or superseded plan
    (with a note) for months after it ended."""
    version: str | None = None
    """The plan's version as the council numbers it, e.g. "v3" or "2.1"."""
    superseded_by: Id | None = None
    """The id of the plan that replaced this one (with status superseded)."""
    submitted: dt.date | None = None
    """When the plan was sent to Ofsted, YYYY-MM-DD; checked against the plan submission
    deadline."""
    history: list[StatusChange] = Field(default_factory=list)
    """The plan's statuses over time, oldest first; the last is its status now."""
    boards: list[Board] = Field(default_factory=list)
    """Boards and committees that receive reports."""
    task_groups: list[TaskGroup] = Field(default_factory=list)
    """Task groups that deliver the plan's areas and report to a board."""
    rag_policy: RagPolicy = Field(default_factory=RagPolicy)
    """How ratings are derived, reported and rolled up."""

    def current_status(self) -> PlanStatus:
        """``status``, else the last status of ``history``, else live."""
        if self.status is not None:
            return self.status
        return self.history[-1].status if self.history else PlanStatus.live

    def status_on(self, day: dt.date) -> PlanStatus:
        """The plan's status on ``day``: the last change of ``history`` on or before it; with
        no history, ``status`` (an ended plan counts as ended from the day after its period);
        before the first change, draft."""
        if self.history:
            earlier = [c for c in self.history if first_day(c.date) <= day]
            return earlier[-1].status if earlier else PlanStatus.draft
        status = self.current_status()
        if status in ENDED_STATUSES and day <= due_date(self.period.end):
            return PlanStatus.live
        return status

    def ended_on(self, day: dt.date) -> bool:
        """Whether the plan was closed or superseded by ``day``."""
        return self.status_on(day) in ENDED_STATUSES


# --- inspections --------------------------------------------------------------------------


class Finding(Strict):
    """One numbered point of a source: a recommendation, area for improvement, priority action
    or requirement. It belongs to the one source it is listed under."""

    id: Id
    """Stable identifier that actions refer to, e.g. R1 or AFI-12."""
    kind: FindingKind = FindingKind.recommendation
    """recommendation, area_for_improvement, priority_action (an area SEND inspection's) or
    requirement (a statutory direction's); each kind of source gives only some of them."""
    text: Text
    """The words of the report, verbatim."""


class ReviewPoint(Strict):
    """A date a source sets of its own: a statutory direction's review of progress, the date
    the DfE Commissioner reports to the Secretary of State, a peer review's follow-up visit."""

    date: EventDate
    """When: YYYY-MM-DD, or YYYY-MM when only the month is known."""
    what: str | None = None
    """What happens then, e.g. "six-month review of progress by the Commissioner"."""


class Inspection(Strict):
    """A source of what the plan answers: an Ofsted inspection or visit, a joint targeted area
    inspection, an area SEND inspection, a statutory direction, a DfE Commissioner's or
    improvement adviser's report, an LGA peer review or sector-led diagnostic, a scrutiny
    review or an internal audit; or one on the plan's calendar (a visit or report to come)."""

    id: Id
    """Stable identifier, e.g. ilacs-2019."""
    kind: InspectionKind = InspectionKind.inspection
    """inspection (an ILACS standard inspection), short_inspection, monitoring_visit,
    focused_visit, joint_targeted_area_inspection, annual_conversation,
    send_area_inspection, statutory_direction, commissioner_report,
    improvement_adviser_report, peer_review, sector_led_diagnostic, scrutiny_review or
    internal_audit (the table of kinds in docs/format.md)."""
    framework: str | None = None
    """The framework, e.g. ILACS or SIF; for a direction, the power, e.g. "s497A Education
    Act 1996"."""
    by: str | None = None
    """Who wrote or issued it, e.g. "Local Government Association" or "Calderdale Council
    (sector-led improvement partner)"; left out, the kind's usual author (Ofsted, the
    Secretary of State)."""
    start: EventDate
    """First day on site, YYYY-MM-DD, or YYYY-MM when only the month is known; for a
    direction or a report, the day it is dated."""
    end: EventDate | None = None
    """Last day on site, YYYY-MM-DD or YYYY-MM; not before start."""
    status: EventStatus | None = None
    """planned or held; when left out, an event whose start is after the paper's date is
    planned and any other is held."""
    focus: str | None = None
    """What the visit looks at, e.g. "the front door and MASH" or "children in need or subject
    to a protection plan"."""
    judgement: Judgement | None = None
    """Overall effectiveness, where the event gives one."""
    published: Day | None = None
    """Date the report was published; not before the end of the visit."""
    plan_due: Day | None = None
    """The date the council must send Ofsted its plan, when it was stated (e.g. "by 11 June
    2019"); otherwise, after a judgement, g2g counts 70 working days from the report's
    ``published`` date."""
    findings: list[Finding] = Field(default_factory=list)
    """Recommendations, areas for improvement, priority actions or requirements, in the
    report's order; none for a visit that makes none (an annual conversation, a planned
    visit)."""
    reviews: list[ReviewPoint] = Field(default_factory=list)
    """Dates the source sets of its own, in date order: a direction's review points, the date
    the Commissioner's report is due. ``g2g due`` and the paper's calendar list them."""

    def first_day(self) -> dt.date:
        """The first day the event can have started."""
        return first_day(self.start)

    def last_day(self) -> dt.date:
        """The last day the event can have ended."""
        return last_day(self.end if self.end is not None else self.start)

    def held_by(self, day: dt.date) -> bool:
        """Whether the event has happened (at least started) by ``day``: its status when
        given, else whether it started on or before ``day``."""
        if self.status is not None:
            return self.status is EventStatus.held
        return self.first_day() <= day

    def plan_deadline(self) -> dt.date | None:
        """The date the plan is due with Ofsted: ``plan_due`` when stated, else 70 working
        days after publication when the judgement calls for a plan (requires improvement or
        inadequate); None otherwise."""
        if self.plan_due is not None:
            return self.plan_due
        if self.published is None or self.judgement not in (
            Judgement.requires_improvement,
            Judgement.inadequate,
        ):
            return None
        if SOURCE_KINDS[self.kind].clock is not Clock.ofsted_plan:
            return None
        from g2g.plan.clocks import plan_deadline

        return plan_deadline(self.published)


# --- targets and actions -----------------------------------------------------------------


class Revision(Strict):
    """A re-baselined date or value: what it was before, when and why it changed, and who
    agreed it. The value in force now is the field the revision sits beside."""

    agreed: Month
    """The month the change was agreed, YYYY-MM; verdicts on earlier months keep the old
    value."""
    reason: Text
    """Why it changed, in words."""
    agreed_by: Text
    """Who agreed it, e.g. "Getting to Good Board, 17 September 2019"."""


class DueRevision(Revision):
    """A re-baselined due date: the date before the change, when and why it changed, and who
    agreed it."""

    was: Due
    """The due date before this revision, YYYY-MM-DD or YYYY-MM."""
    to: Due | None = None
    """The due date it was changed to; optional, and when given it must be the next revision's
    ``was`` (or the due date in force, for the last revision)."""


class ValueRevision(Revision):
    """A re-baselined milestone value: the value before the change, when and why it changed,
    and who agreed it."""

    was: Number
    """The milestone's value before this revision."""
    to: Number | None = None
    """The value it was changed to; optional, and when given it must be the next revision's
    ``was`` (or the value in force, for the last revision)."""


class Milestone(Strict):
    """A point on a target's trajectory."""

    month: Month
    """The month by which the value should be reached."""
    value: Number
    """The value expected by then."""
    revisions: list[ValueRevision] = Field(default_factory=list)
    """Earlier values of this milestone, oldest first, when it was re-baselined."""


class Baseline(Strict):
    """Where a measure started."""

    value: Number
    """The value at the baseline."""
    month: Month | None = None
    """When the baseline was taken."""
    note: str | None = None
    """Where the baseline comes from when the plan's source does not state it, e.g. "the
    encoder's reading of the August 2019 update": printed beside the target in the paper, so
    a judgement that rests on it says so."""


class Comparator(Strict):
    """A figure to compare a measure with."""

    kind: ComparatorKind = ComparatorKind.statistical_neighbours
    """statistical_neighbours, england, region or other."""
    name: str | None = None
    """A label when kind is other, or a fuller description."""
    value: Number
    """The comparator's value."""
    month: Month | None = None
    """The month (or end of period) the value refers to."""


class Target(Strict):
    """A measurable target in an action's evidence of success."""

    id: Id
    """Identifier, unique in the plan; progress files record values against it."""
    measure: Text
    """What is measured, e.g. "Baseline audits of assessments judged Good or Outstanding"."""
    unit: Unit
    """percent, count, days, weeks, rate_per_10000, gbp, gbp_thousands or score."""
    polarity: Polarity | None = None
    """higher (more is better) or lower (less is better). There is no default: without it the
    target is judged only where its own trajectory rises or falls, and validate warns."""
    baseline: Baseline | None = None
    """Where the measure started."""
    milestones: list[Milestone] = Field(default_factory=list)
    """The trajectory: dated values, in month order."""
    comparators: list[Comparator] = Field(default_factory=list)
    """Statistical neighbours, England or other comparisons."""
    tolerance: Number | None = Field(default=None, ge=0, le=100)
    """Overrides the plan's tolerance for this target (percent of the expected value)."""
    kpi: Id | None = None
    """The id of a measure in measures.yaml whose monthly values are this target's measured
    values, so a figure is recorded once; progress files then record no value for it."""


class Timescale(Strict):
    """When an action runs. Give a due date, or ongoing: true, or a recurrence."""

    start: Month | None = None
    """Month the action starts, YYYY-MM."""
    due: Due | None = None
    """When it must be complete: YYYY-MM-DD, or YYYY-MM for the end of that month."""
    ongoing: StrictBool = False
    """True for an action with no end date ("April 2019 - ongoing")."""
    recurring: Recurrence | None = None
    """For a repeating action ("quarterly updates"): weekly, monthly, quarterly, biannually or
    annually."""
    text: str | None = None
    """The timescale as the plan document words it, e.g. "April 2019 - Sept 2020"."""
    revisions: list[DueRevision] = Field(default_factory=list)
    """Earlier due dates, oldest first, when the due date was re-baselined: reports show the
    slippage against the original, and months before a revision are judged by the date then in
    force."""


class Closure(Strict):
    """An action closed or superseded before it was completed."""

    month: Month
    """The first month the action no longer runs, YYYY-MM."""
    reason: Text
    """Why it was closed, in words."""
    superseded_by: Id | None = None
    """The action that replaces it, where one does."""


class Action(Strict):
    """The unit of the plan that is rated each month."""

    id: Id
    """Identifier, unique in the plan, e.g. SP-1."""
    title: Text
    """A short name for tables, e.g. "Quality of assessments"."""
    description: Text
    """The action as the plan words it."""
    lead: Text
    """The lead officer: a role, sometimes with a name."""
    timescale: Timescale
    """When it runs."""
    addresses: list[Id] = Field(default_factory=list)
    """Ids of the findings (recommendations, areas for improvement) it answers."""
    enabling: StrictBool = False
    """True for an enabling or cross-cutting action (governance, communications, an adviser's
    appointment) that answers no single finding: it needs no addresses."""
    evidence_of_success: Text
    """How success will be shown, as the plan words it."""
    targets: list[Target] = Field(default_factory=list)
    """Measurable targets with their trajectories."""
    completed: Due | None = None
    """When the action was completed, where the plan records it (YYYY-MM-DD or YYYY-MM); it
    counts as complete from that month, as from the month an update says complete."""
    closed: Closure | None = None
    """Set when the action was closed or superseded: from that month it is neither rated nor
    "not reported"."""


class Objective(Strict):
    """An "objective to create change" inside a plan area."""

    id: Id
    """Identifier, unique in the plan."""
    text: Text
    """The objective as the plan words it."""
    actions: list[Action] = Field(default_factory=list)
    """The actions that deliver it."""


class Area(Strict):
    """A plan area or theme, which groups objectives."""

    id: Id
    """Identifier, unique in the plan."""
    name: Text
    """Name, e.g. "Standards of Practice"."""
    lead: str | None = None
    """Who leads the area, where the plan names one."""
    task_group: str | None = None
    """The task group that delivers it, where the plan has one."""
    objectives: list[Objective] = Field(default_factory=list)
    """The objectives in the area."""


class Acknowledgement(Strict):
    """A warning the plan's owners have looked at and accepted, with the reason: it is listed
    as acknowledged and no longer fails ``g2g validate --strict``. Errors cannot be
    acknowledged."""

    code: Annotated[str, Field(min_length=1)]
    """The warning's code, as printed by ``g2g validate --format json`` (e.g. missing-update)."""
    action: Id | None = None
    """Only the warning about this action; leave out for every action."""
    month: Month | None = None
    """Only the warning about this month, YYYY-MM; leave out for every month."""
    reason: Text
    """Why the warning is accepted, in words a board member would follow."""
    by: Text | None = None
    """Who accepted it."""


class PlanFile(Strict):
    """The plan definition: ``plan.yaml`` in a plan folder."""

    plan: Settings
    """Title, council, period, boards and RAG policy."""
    inspections: list[Inspection] = Field(min_length=1)
    """The sources whose findings the plan answers - Ofsted's inspections and visits, and any
    other kind (a statutory direction, an LGA peer review, ...) - and those on its calendar."""
    areas: list[Area] = Field(min_length=1)
    """Plan areas, each with objectives and actions."""
    acknowledged: list[Acknowledgement] = Field(default_factory=list)
    """Warnings accepted on purpose, each with its code, reason and (optionally) the action
    and month it is about."""

    def actions(self) -> list[tuple[Area, Objective, Action]]:
        """Every action with the area and objective it belongs to, in plan order."""
        return [(a, o, act) for a in self.areas for o in a.objectives for act in o.actions]

    def findings(self) -> list[tuple[Inspection, Finding]]:
        """Every finding with its inspection, in plan order."""
        return [(i, f) for i in self.inspections for f in i.findings]
