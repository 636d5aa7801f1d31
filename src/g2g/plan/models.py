"""Typed models of the plan files.

Two kinds of file make a plan folder:

* ``plan.yaml`` - the plan definition (settings, the sources and their findings, plan areas,
  objectives, actions, targets); validated by :class:`PlanFile`;
* ``progress/YYYY-MM.yaml`` - one month's progress updates; validated by :class:`ProgressFile`.

Every model forbids unknown keys so a typo is reported rather than ignored. Field docstrings
are the reference documentation (they flow into ``g2g schema`` and the README)."""

from __future__ import annotations

import datetime as dt
import math
import re
from enum import StrEnum
from typing import Annotated, TypeGuard

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
)

from g2g.months import DUE_PATTERN, MONTH_PATTERN, due_date, month_start

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"

Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
"""A stable identifier: letters, digits, '.', '_' and '-', starting with a letter or digit."""

Text = Annotated[str, Field(min_length=1)]
"""Free text that must not be empty."""


def _check_real_due(value: str) -> str:
    if len(value) == 10:
        dt.date.fromisoformat(value)  # raises ValueError for 2019-02-30
    return value


Month = Annotated[str, Field(pattern=MONTH_PATTERN)]
"""A calendar month written YYYY-MM, e.g. 2019-08."""

Due = Annotated[str, Field(pattern=DUE_PATTERN), AfterValidator(_check_real_due)]
"""A due date: YYYY-MM-DD for a day, or YYYY-MM meaning the end of that month."""

_DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH_RE = re.compile(MONTH_PATTERN)

FIRST_YEAR, LAST_YEAR = 1900, 2999
"""Dates and months lie in these years: anything else is a typing slip (0219, 9999)."""


def _check_year(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(
            f"is not a date g2g can use - the year must be from {FIRST_YEAR} to {LAST_YEAR}"
        )
    return value


Day = Annotated[dt.date, AfterValidator(_check_year)]
"""A day written YYYY-MM-DD, in the years 1900 to 2999."""

Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
"""A number written as a number: finite, not true/false, not text in quotes."""


def _event_date(value: object) -> object:
    """One clear error for an event date that is neither a day nor a month."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return _check_year(value)
    if isinstance(value, str):
        if _MONTH_RE.fullmatch(value):
            return value
        if _DAY_RE.fullmatch(value):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                pass
            else:
                return _check_year(day)
    raise ValueError(
        "is not a date - write YYYY-MM-DD, for example 2019-01-21, or YYYY-MM when only the "
        "month is known"
    )


EventDate = Annotated[dt.date | Month, BeforeValidator(_event_date)]
"""When an event happens: YYYY-MM-DD for a known day, or YYYY-MM when only the month is
known (e.g. "the focused visit in November 2021")."""


def first_day(value: dt.date | str) -> dt.date:
    """The first day an event date can mean: the day, or the first of the month."""
    return value if isinstance(value, dt.date) else month_start(value)


def last_day(value: dt.date | str) -> dt.date:
    """The last day an event date can mean: the day, or the last of the month."""
    return value if isinstance(value, dt.date) else due_date(value)


SUPPRESSION_CODES = ("c", ":", "z", "x", "u", "low", "..")
"""Codes published statistics use for a figure that is not available: c confidential or
suppressed, : not available, z not applicable, x not collected, u low reliability, low a small
number, .. not yet known. A figure with a code is never treated as zero."""

SUPPRESSION_WORDS = {
    "c": "Withheld (confidential)",
    ":": "Not available",
    "z": "Not applicable",
    "x": "Not collected",
    "u": "Not reliable enough to publish",
    "low": "Too few to publish",
    "..": "Not yet known",
}
"""What each suppression code means, as a board paper prints it in place of the figure."""


def _check_figure(value: object) -> object:
    codes = ", ".join(SUPPRESSION_CODES)
    if value is None or (isinstance(value, str) and value in SUPPRESSION_CODES):
        return value
    if isinstance(value, bool):
        raise ValueError(
            f"is not a number (true/false) - write a number, null, or a code ({codes})"
        )
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise ValueError(f"is not a finite number - write a number, null, or a code ({codes})")
        return value
    raise ValueError(f"is not a number - write a number, null, or a suppression code ({codes})")


Exempt = Annotated[StrictInt, Field(ge=1, le=7)]
"""A paragraph (1 to 7) of Part 1 of Schedule 12A to the Local Government Act 1972: the
information is exempt, so public outputs leave it out (see g2g.plan.exempt)."""

Figure = Annotated[float | str | None, BeforeValidator(_check_figure)]
"""A measured figure: a number, null when missing, or a suppression code such as c."""


def is_number(value: object) -> TypeGuard[float]:
    """Whether a figure is a usable number (not None, not a suppression code)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


class Strict(BaseModel):
    """Base of every plan model: unknown keys are errors, docstrings document fields (read by
    :mod:`g2g.plan.fielddocs` when they are shown, not while the models are built)."""

    model_config = ConfigDict(extra="forbid", frozen=False)


# --- enumerations -------------------------------------------------------------------------


class Rag(StrEnum):
    """A RAG rating. Blue is used only by plans whose policy scale is BRAG (blue = complete)."""

    red = "red"
    amber = "amber"
    green = "green"
    blue = "blue"


class Status(StrEnum):
    """Where an action stands in its delivery."""

    not_started = "not_started"
    in_progress = "in_progress"
    awaiting_sign_off = "awaiting_sign_off"
    complete = "complete"
    on_hold = "on_hold"


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
        from g2g.plan.sources import SOURCE_KINDS

        return SOURCE_KINDS[self].words


class EventStatus(StrEnum):
    """Whether an inspection or visit is still to come or has happened."""

    planned = "planned"
    held = "held"


class PlanStatus(StrEnum):
    """Where a plan stands in its life."""

    draft = "draft"
    submitted = "submitted"
    accepted = "accepted"
    live = "live"
    closed = "closed"
    superseded = "superseded"


ENDED_STATUSES = frozenset({PlanStatus.closed, PlanStatus.superseded})
"""Statuses of a plan no longer in force: commands over a folder of plans skip it."""


class Judgement(StrEnum):
    """An Ofsted overall effectiveness judgement."""

    outstanding = "outstanding"
    good = "good"
    requires_improvement = "requires_improvement"
    inadequate = "inadequate"


class Unit(StrEnum):
    """The unit a target's measure is expressed in."""

    percent = "percent"
    count = "count"  # type: ignore[assignment]  # shadows str.count, harmless
    days = "days"
    weeks = "weeks"
    rate_per_10000 = "rate_per_10000"
    gbp = "gbp"
    gbp_thousands = "gbp_thousands"
    score = "score"


class Polarity(StrEnum):
    """Which direction of a measure is better."""

    higher = "higher"
    lower = "lower"  # type: ignore[assignment]  # shadows str.lower, harmless


class Recurrence(StrEnum):
    """How often a recurring action repeats."""

    weekly = "weekly"
    monthly = "monthly"
    quarterly = "quarterly"
    biannually = "biannually"
    annually = "annually"


class RagScale(StrEnum):
    """The rating scale a plan uses."""

    rag = "rag"
    brag = "brag"


class ReportedRating(StrEnum):
    """Which rating a report shows for an action."""

    recorded = "recorded"
    derived = "derived"
    worse = "worse"


class OverallRule(StrEnum):
    """How the ratings of all actions roll up into one plan rating: ``worst``, ``majority`` (the
    most common rating, a tie going to the worse; on a BRAG plan Blue counts with Green) or
    ``thresholds`` (shares of Red and of Green or Blue)."""

    worst = "worst"
    majority = "majority"
    thresholds = "thresholds"


class NotStartedPolicy(StrEnum):
    """How reports show an action before its start month."""

    show = "show"
    hide = "hide"


class ComparatorKind(StrEnum):
    """Whom a figure is compared with."""

    statistical_neighbours = "statistical_neighbours"
    england = "england"
    region = "region"
    other = "other"


# --- plan settings ------------------------------------------------------------------------


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
        from g2g.plan.sources import SOURCE_KINDS, Clock

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


# --- progress -----------------------------------------------------------------------------


class Update(Strict):
    """One action's progress for one month."""

    action: Id
    """The id of the action updated."""
    status: Status
    """not_started, in_progress, awaiting_sign_off, complete or on_hold."""
    rag: Rag | None = None
    """The rating the lead officer recorded: red, amber, green (blue on a BRAG plan)."""
    narrative: str | None = None
    """What happened this month, in the lead officer's words."""
    barriers: str | None = None
    """What is holding the action back, and the risks to it, in the lead officer's words
    (optional; the update returns ask for it)."""
    support_needed: str | None = None
    """What the lead officer needs from the board to move the action on, in their words
    (optional)."""
    values: dict[Id, Number | None] = Field(default_factory=dict)
    """Measured values by target id; null when the figure is not available (never zero)."""
    updated_by: str | None = None
    """Who gave the update."""
    updated_on: Day | None = None
    """When the update was given, YYYY-MM-DD."""
    exempt: Exempt | None = None
    """The paragraph (1-7) of Part 1 of Schedule 12A when the update is exempt: public outputs
    keep its status, rating, figures and date, print a notice instead of its narrative and
    leave out every other field (barriers, support needed, who gave it)."""


class ProgressFile(Strict):
    """One month's progress updates: a file under ``progress/``."""

    month: Month
    """The month reported, YYYY-MM."""
    updates: list[Update] = Field(default_factory=list)
    """One entry per action updated this month."""


# --- service figures ----------------------------------------------------------------------


class MeasureComparator(Strict):
    """A comparator series for a measure, e.g. the statistical neighbour average."""

    kind: ComparatorKind = ComparatorKind.statistical_neighbours
    """statistical_neighbours, england, region or other."""
    name: str | None = None
    """A label when kind is other, or a fuller description."""
    values: dict[Month, Figure] = Field(default_factory=dict)
    """The comparator's figure by month (YYYY-MM: number, null or suppression code)."""


class DfeIndicator(Strict):
    """Where the DfE's open data publishes a measure: a column of its CSV files."""

    indicator: str = Field(min_length=1)
    """The indicator column, e.g. caseload_fte or rate_per_10000."""
    filters: dict[str, str] = Field(default_factory=dict)
    """Filter columns and the value each must hold, to pick one row per area in a file with
    several (e.g. population_count: Children looked after at 31 March each year)."""
    month: StrictInt | None = Field(default=None, ge=1, le=12)
    """The month of the year (1-12) the figure is as at, e.g. 9 for the workforce census at 30
    September. Default: 3 for a Financial or Reporting year (the year to 31 March), 8 for an
    Academic year, 12 for a Calendar year."""


class Measure(Strict):
    """A service figure (KPI) recorded month by month, such as referrals or caseloads."""

    id: Id
    """Identifier, unique in the plan; targets refer to it with kpi:."""
    name: Text
    """What is measured, as the board paper names it."""
    codes: list[Text] = Field(default_factory=list)
    """Other names g2g import knows it by: the council's own indicator codes or names in its
    scorecard, e.g. [CSC-07, "Re-referrals %"] (matched ignoring case and spacing)."""
    group: str | None = None
    """The section it belongs to on the board paper, e.g. Demand, Caseloads, Workforce."""
    unit: Unit
    """percent, count, days, weeks, rate_per_10000, gbp, gbp_thousands or score."""
    polarity: Polarity | None = None
    """higher (more is better) or lower (less is better). There is no default: without it a
    change is shown as a change ("1,066 -> 1,079"), never called improved or worsened, no
    rating is given against the target, and validate warns."""
    target: Number | None = None
    """The value aimed for, where there is one (e.g. an average caseload of 18)."""
    tolerance: Number | None = Field(default=None, ge=0, le=100)
    """How far (percent of the target) the figure may miss it and still be Amber; the plan's
    tolerance when not given."""
    values: dict[Month, Figure] = Field(default_factory=dict)
    """The figure by month (YYYY-MM: number, null, or a suppression code such as c)."""
    notes: dict[Month, Text] = Field(default_factory=dict)
    """A note on a month's figure (YYYY-MM: text), e.g. "provisional"."""
    comparators: list[MeasureComparator] = Field(default_factory=list)
    """Statistical neighbours, England or other series to compare with."""
    dfe: list[DfeIndicator] = Field(default_factory=list)
    """Where the DfE's open data publishes it, so g2g import records the council's figure and
    its comparators from the DfE's CSV files."""
    source: str | None = None
    """Where the figures come from, e.g. "Oldham O&S paper, 10 Sep 2019, section 6"."""
    exempt: Exempt | None = None
    """The paragraph (1-7) of Part 1 of Schedule 12A when the measure is exempt: public outputs
    leave it out (and its figures where a target takes them with kpi:) and the paper says so."""


class MeasuresFile(Strict):
    """Service figures: ``measures.yaml`` in a plan folder (optional)."""

    local_authority: Text | None = None
    """The council in the DfE's open data, by its code (E08000004, or the old code 353) or its
    name there (Oldham): g2g import takes its figures from a DfE file."""
    statistical_neighbours: list[Text] = Field(default_factory=list)
    """The council's statistical neighbours, by code or name as the DfE's open data gives
    them: g2g import records each one's figure as a comparator."""
    measures: list[Measure] = Field(default_factory=list)
    """The measures, in the order the board paper shows them."""


class BudgetLine(Strict):
    """One line of a budget monitoring table (amounts in the file's unit). Councils often
    publish only part of a line - a pressure with no budget, an outturn - so only the name and
    the variance are required, and a paper prints only what is given."""

    name: Text
    """The budget line, e.g. "Children in Care"."""
    revised_budget: Number | None = None
    """The revised budget for the year; left out when the source does not give it."""
    forecast: Number | None = None
    """The forecast outturn for the year; left out when the source does not give it."""
    outturn: Number | None = None
    """The actual spend for the year, once it has closed (e.g. the 2018/19 outturn)."""
    use_of_reserves: Number = 0
    """Reserves applied, written as a negative number (the paper's "(279)")."""
    variance: Number
    """Forecast (or outturn) less revised budget plus use of reserves: positive is an overspend
    (a "pressure"); the one figure a council always publishes."""
    exempt: Exempt | None = None
    """The paragraph (1-7) of Part 1 of Schedule 12A when the line is exempt: public outputs
    print it only inside one line, "Other lines (including withheld)", with another line, so
    it cannot be worked out from the total (which stays), and the paper says so."""


class FinancePeriod(Strict):
    """The budget monitoring position reported at one month."""

    month: Month
    """The month the position is reported at, YYYY-MM."""
    label: str | None = None
    """How the council names the period, e.g. "2019/20 Month 3"."""
    lines: list[BudgetLine] = Field(default_factory=list)
    """The budget lines; may be empty when only the total is known."""
    total: BudgetLine
    """The total row; checked against the sum of the lines."""


class FinanceFile(Strict):
    """Budget lines by month: ``finance.yaml`` in a plan folder (optional)."""

    unit: Unit = Unit.gbp_thousands
    """gbp or gbp_thousands."""
    rounding: Number = Field(default=1, ge=0)
    """How far a stated figure may differ from the arithmetic because the source rounds each
    figure (in the file's unit); Oldham's month 3 table differs by 1 in two places."""
    periods: list[FinancePeriod] = Field(default_factory=list)
    """The positions reported, in month order."""
