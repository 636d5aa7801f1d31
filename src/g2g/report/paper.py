"""The board paper's view model: every number, sort, date and sentence of the paper.

:func:`build_paper` turns a plan and the RAG engine's result for a month into plain frozen
dataclasses of strings and numbers; templates (see :mod:`g2g.report.render`) only lay them out.
The content is modelled on the Oldham Council Overview and Scrutiny Board paper of 10 September
2019 and committee-report practice: heading and provenance, purpose and summary, the RAG
definitions in force, the area summary (Table 1 of that paper), progress against each inspection
recommendation, exceptions, what falls due in the next 12 weeks, each measurable target, the
service figures and the finance position (when the plan has ``measures.yaml`` and
``finance.yaml``), and the full tracker as an appendix.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from g2g.diagnostics import Diagnostic, Severity
from g2g.engine.derive import CHALLENGE_KEY
from g2g.engine.kpi import linked_judgements
from g2g.engine.month import MonthRating, evaluate
from g2g.engine.ratings import Rating, Trend, is_rated, months_with_updates, worse
from g2g.engine.rollup import share_words
from g2g.months import month_end
from g2g.plan.exempt import public_measures, public_period
from g2g.plan.governance import PaperClock, plan_clock, this_papers_clock
from g2g.plan.history import Baseline, NoHistory
from g2g.plan.load import ValidPlan
from g2g.plan.model_base import OverallRule, RagScale, ReportedRating
from g2g.plan.model_finance import FinanceFile
from g2g.plan.model_plan import Board, Meeting, PlanFile, RagPolicy
from g2g.plan.model_progress import Update
from g2g.plan.narrative import NarrativeFile
from g2g.report.accepted import AcceptedWarnings, build_accepted
from g2g.report.figures import FinanceSection, Performance, build_finance, build_performance
from g2g.report.governance import ReportingLine, build_reporting_line
from g2g.report.labels import (
    RagLabel,
    as_sentence,
    join_words,
    label,
    long_day,
    long_month,
    rollup_label,
)
from g2g.report.narrative import (
    NOT_FOR_PUBLICATION,
    AppendixView,
    FrontSheet,
    Narrative,
    ProseView,
    build_narrative,
    find_narrative,
    narrative_paragraphs,
)
from g2g.report.since import BesideNarrative, SinceLastPaper, build_beside, build_since
from g2g.report.sources import answered, findings_heading, source_sentences
from g2g.report.tables import (
    AreaTable,
    DueSoon,
    Exceptions,
    FindingTable,
    TrackerArea,
    attention,
    build_area_table,
    build_due_soon,
    build_exceptions,
    build_finding_tables,
    build_tracker,
)
from g2g.report.targets import Targets, build_targets
from g2g.version import __version__
from g2g.words import plural

LOOKAHEAD_DAYS = 84
"""The milestone tracker looks 12 weeks past the end of the reported month."""

# --- heading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Provenance:
    """Where the paper came from, so a reader can reproduce it."""

    version: str
    files: tuple[str, ...]
    commit: str | None
    validation: str
    sentence: str
    made: dt.datetime | None = None
    """When the paper was made (UTC, whole seconds): the Word paper's created and modified
    dates. ``SOURCE_DATE_EPOCH`` fixes it, as reproducible builds do; None leaves it out."""


SOURCE_DATE_ENV = "SOURCE_DATE_EPOCH"
"""Environment variable (seconds since 1970, the reproducible-builds convention) that fixes the
time a paper is said to be made, so that two runs give the same file."""


def paper_time() -> dt.datetime:
    """The time a paper is made: now (UTC, whole seconds), or ``SOURCE_DATE_EPOCH`` when it is
    set to a whole number of seconds."""
    fixed = os.environ.get(SOURCE_DATE_ENV, "").strip()
    if fixed.isdigit() and len(fixed) <= 12:
        return dt.datetime.fromtimestamp(int(fixed), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Heading:
    """The front of the paper."""

    council: str
    service: str | None
    board: str | None
    board_chair: str | None
    meeting_date: str | None
    title: str
    plan_title: str
    month: str
    month_label: str
    review: str
    portfolio_holder: str | None
    officer_contact: str | None
    provenance: Provenance
    document_title: str
    """The title of the HTML document (browser tab, PDF metadata)."""
    front: FrontSheet | None = None
    """Agenda item, author, key decision, wards, status and version, from the meeting's
    narrative file (None without one)."""


def git_commit(folder: Path) -> str | None:
    """The git commit of the repository holding ``folder``, with a note when the plan folder has
    uncommitted changes; None when git or a repository is not there."""
    try:
        head = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--short=12", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(folder), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if not head:
        return None
    return f"{head} (with uncommitted changes in the plan folder)" if dirty else head


def validation_summary(diagnostics: Sequence[Diagnostic]) -> str:
    """The validation result in words (the paper is only made from a valid plan)."""
    errors = sum(1 for d in diagnostics if d.severity is Severity.error)
    accepted = sum(1 for d in diagnostics if d.severity is Severity.acknowledged)
    warnings = len(diagnostics) - errors - accepted
    noted = f" ({accepted} acknowledged by the plan)" if accepted else ""
    if errors:
        return f"invalid, {plural(errors, 'error')}"
    if warnings:
        return f"valid, with {plural(warnings, 'warning')}{noted}"
    if accepted:
        return f"valid, with {plural(accepted, 'acknowledged warning')}"
    return "valid, no problems found"


def _provenance(
    files: Sequence[str], commit: str | None, validation: str, made: dt.datetime | None = None
) -> Provenance:
    listed = ", ".join(files)
    where = f"; git commit {commit}" if commit else ""
    sentence = (
        f"Produced by g2g {__version__} from {plural(len(files), 'plan file')} ({listed})"
        f"{where}. Validation: {validation}."
    )
    return Provenance(__version__, tuple(files), commit, validation, sentence, made)


def _heading(
    model: PlanFile,
    month: str,
    board: Board | None,
    meeting: dt.date | None,
    provenance: Provenance,
    updates: Mapping[str, Mapping[str, Update]],
    narrative: Narrative | None = None,
) -> Heading:
    settings = model.plan
    review = len([m for m in months_with_updates(updates) if m <= month])
    review_text = f"monthly review {review}" if updates.get(month) else "no updates"
    title = f"{settings.title}: progress update"
    if narrative is not None and narrative.title:
        title = narrative.title
    document_title = f"{title}, {long_month(month)}"
    if board is not None:
        document_title += f" - {board.name}"
    return Heading(
        council=settings.council,
        service=settings.service,
        board=board.name if board else None,
        board_chair=board.chair if board else None,
        meeting_date=long_day(meeting) if meeting else None,
        title=title,
        plan_title=settings.title,
        month=month,
        month_label=long_month(month),
        review=review_text,
        portfolio_holder=settings.portfolio_holder,
        officer_contact=settings.officer_contact,
        provenance=provenance,
        document_title=document_title,
        front=narrative.front if narrative else None,
    )


# --- purpose, summary and definitions --------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """Purpose and summary: the overall rating and the sentences around it."""

    purpose: str
    ask: str
    inspections: tuple[str, ...]
    overall: RagLabel
    overall_sentence: str
    rule_sentence: str
    direction: str
    attention: str
    late_paper: str | None = None
    """Said when this paper was published later than five clear working days before its
    meeting (from :func:`g2g.plan.governance.paper_clock`)."""
    plan_changes: str | None = None
    """What moved in the plan since the last paper, in one sentence (or that it could not be
    checked); None when the paper does not look (see :mod:`g2g.report.since`)."""


@dataclass(frozen=True)
class Definition:
    """One rating and what it means."""

    label: RagLabel
    meaning: str


@dataclass(frozen=True)
class Definitions:
    """The RAG definitions in force and how the plan's policy applies them."""

    ratings: tuple[Definition, ...]
    policy: tuple[str, ...]

    @property
    def whose(self) -> str:
        """Whose ratings the paper shows (the first policy sentence), which stays in the body
        when the definitions are an appendix."""
        return self.policy[0]


RAG_MEANINGS = {
    # Oldham's rules (Oldham Council, Overview and Scrutiny Board paper, 10 September 2019,
    # section 5.3).
    Rating.red: "The activity is behind schedule, or below the required rate of improvement.",
    Rating.amber: "The activity is being delivered, or is awaiting sign-off and completion.",
    Rating.green: "The activity is on track, or has been completed.",
    Rating.blue: "The activity has been completed.",
    Rating.not_reported: (
        "No rating was recorded for the month. A rating is never carried forward from an "
        "earlier month."
    ),
}


def _late_plan_sentence(model: PlanFile, as_of: dt.date) -> tuple[str, ...]:
    """The sentence a plan that missed its deadline with Ofsted gets (none when on time, not
    submitted, or submitted after ``as_of``): from :func:`g2g.plan.governance.plan_clock`, as
    validate's clock-plan-late warning."""
    clock = plan_clock(model)
    if clock is None or not clock.late or clock.submitted is None or clock.submitted > as_of:
        return ()
    basis = "stated" if clock.stated else "70 working days after the report was published"
    return (
        f"The plan was submitted to Ofsted on {long_day(clock.submitted)}, "
        f"{plural(clock.late_by, 'working day')} after its deadline of "
        f"{long_day(clock.deadline)} ({basis}).",
    )


def late_paper_sentence(clock: PaperClock | None) -> str | None:
    """The sentence a paper published later than five clear working days before its meeting
    gets (None when on time or its publication date is not given): from
    :func:`g2g.plan.governance.paper_clock`, as validate's clock-paper-late warning."""
    if clock is None or not clock.late:
        return None
    if clock.published >= clock.meeting:
        when = "on the day of the meeting" if clock.published == clock.meeting else "after it"
        gap = f"{when}, not five clear working days before it"
    else:
        gap = f"{plural(clock.clear_days, 'clear working day')} before the meeting"
    return (
        f"This paper was published on {long_day(clock.published)}, {gap}: papers must be "
        f"published at least five clear working days before the meeting on "
        f"{long_day(clock.meeting)}, so by {long_day(clock.latest)}."
    )


def _counts_phrase(result: MonthRating) -> str:
    totals = result.totals
    colours = (Rating.red, Rating.amber, Rating.green, Rating.blue)
    # A stable sort: the most common first, ties in order of severity.
    shown = sorted((r for r in colours if totals.of(r)), key=lambda r: -totals.of(r))
    if not shown:
        return f"none of its {plural(totals.total, 'action')} has a rating"
    first, *rest = shown
    verb = "is" if totals.of(first) == 1 else "are"
    text = f"{totals.of(first)} of its {plural(totals.total, 'action')} {verb} {first.word}"
    others = [f"{totals.of(r)} {r.word}" for r in rest]
    if totals.not_reported:
        others.append(f"{totals.not_reported} not reported")
    text += f", {join_words(others)}" if others else ""
    if totals.not_started:
        text += f" ({plural(totals.not_started, 'more action')} not started yet)"
    return text


def evidence_view(result: MonthRating) -> tuple[str, str]:
    """The month's ratings as recorded (as reported, under another policy) and on the
    evidence, e.g. ("As recorded: 5 Green, 6 Amber, 1 Red.", "On the evidence: 3 Green,
    6 Amber, 3 Red."). On the evidence each action's rating is the one its dates and figures
    give where they contradict the recorded rating (the challenges), and its reported rating
    otherwise; not reported actions stay not reported."""
    colours = [Rating.green, Rating.amber, Rating.red]
    if result.scale is RagScale.brag:
        colours.insert(0, Rating.blue)
    in_force = [a for a in result.actions if a.reported.in_force]
    shown = [a.reported for a in in_force]
    evidence = [
        worse(a.reported, a.challenged_by)
        if a.challenged_by is not None and is_rated(a.reported)
        else a.reported
        for a in in_force
    ]

    def words(ratings: Sequence[Rating]) -> str:
        parts = [f"{ratings.count(r)} {r.word}" for r in colours]
        missing = ratings.count(Rating.not_reported)
        if missing:
            parts.append(f"{missing} not reported")
        return ", ".join(parts)

    name = "As recorded" if result.reported_policy is ReportedRating.recorded else "As reported"
    if shown == evidence:
        return f"{name}: {words(shown)}.", "On the evidence: the same; no rating is challenged."
    return f"{name}: {words(shown)}.", f"On the evidence: {words(evidence)}."


def _rated_sentence(result: MonthRating) -> str:
    """`` Of its 12 live actions, 11 are rated for the month.`` (nothing when none is live)."""
    totals = result.totals
    if not totals.live:
        return ""
    verb = "is" if totals.rated == 1 else "are"
    return (
        f" Of its {plural(totals.live, 'live action')}, {totals.rated} {verb} rated for the month."
    )


def _rule_sentence(policy: RagPolicy) -> str:
    if policy.overall is OverallRule.worst:
        return "The overall rating is the worst rating of any action."
    if policy.overall is OverallRule.majority:
        blue = (
            " Blue (complete) actions count with Green, so the rating is Blue only when every "
            "rated action is complete."
            if policy.scale is RagScale.brag
            else ""
        )
        return (
            "The overall rating is the most common rating among the actions rated or complete; "
            f"a tie goes to the worse rating.{blue}"
        )
    shares = policy.thresholds
    return (
        f"The overall rating is Red when at least {shares.red_share:.0%} of actions rated or "
        f"complete are Red, Green when at least {shares.green_share:.0%} are Green"
        f"{' or Blue' if policy.scale is RagScale.brag else ''}, and Amber otherwise."
    )


def _direction(result: MonthRating) -> str:
    before = result.previous_month
    overall = result.overall
    nothing = overall.rating is Rating.not_reported or (
        overall.rating is Rating.not_enough and not result.totals.rated
    )
    if before is None and nothing:
        return "No action has a rating yet, so there is no direction of travel."
    if overall.rating is Rating.not_enough:
        return "Too few actions are rated this month to give a direction of travel."
    if before is not None and overall.previous is Rating.not_enough:
        return (
            f"Too few actions were rated in {long_month(before)} to compare with, so there is "
            "no direction of travel."
        )
    if before is None or overall.previous is None:
        return (
            "This is the first month with progress updates, so there is no direction of travel yet."
        )
    previous = overall.previous.word
    if overall.trend is Trend.unchanged:
        text = f"The overall rating is unchanged since {long_month(before)} ({previous})."
    elif overall.trend is Trend.improved:
        text = f"The overall rating has improved since {long_month(before)}, from {previous}."
    elif overall.trend is Trend.worsened:
        text = f"The overall rating has worsened since {long_month(before)}, from {previous}."
    elif overall.trend is Trend.not_comparable:
        text = (
            f"In {long_month(before)} the overall rating was {previous}; no direction of travel "
            "is given, because the change does not hold on the actions rated in both months."
        )
    else:
        text = f"In {long_month(before)} the overall rating was {previous}."
    moved = [c for c in result.changes if c.trend in (Trend.improved, Trend.worsened)]
    if not result.changes:
        return f"{text} No action's rating changed."
    improved = sum(1 for c in moved if c.trend is Trend.improved)
    worsened = len(moved) - improved
    other = len(result.changes) - len(moved)
    parts = [f"{improved} improved", f"{worsened} worsened"]
    if other:
        parts.append(f"{other} newly rated or no longer reported")
    changed = plural(len(result.changes), "action")
    return f"{text} {changed} changed rating: {join_words(parts)}."


def _summary(model: PlanFile, result: MonthRating, board: Board | None, as_of: dt.date) -> Summary:
    settings = model.plan
    audience = f"the {board.name}" if board else "the board"
    month = long_month(result.month)
    purpose = (
        f"To update {audience} on progress in {month} against the {settings.title}, the plan "
        f"{settings.council} made in answer to {answered(model)}."
    )
    ask = (
        f"{audience[0].upper()}{audience[1:]} is asked to note the progress reported and to "
        "challenge the exceptions: the Red ratings, the ratings the plan's own rules question, "
        "and anything overdue or not reported."
    )
    overall = result.overall.rating
    totals = result.totals
    share = share_words(settings.rag_policy.coverage)
    if overall is Rating.not_enough and result.no_updates:
        sentence = (
            f"No updates at all are recorded for {month}: none of the plan's "
            f"{plural(totals.live, 'live action')} has been reported, so the plan has no overall "
            "rating this month."
        )
    elif overall is Rating.not_enough:
        sentence = (
            f"Not enough has been reported for {month} to rate the plan: {totals.rated} of its "
            f"{plural(totals.live, 'live action')} {'has' if totals.rated == 1 else 'have'} a "
            "rating, and an overall rating needs "
            f"{share} of them. {as_sentence(result.complete_sentence)}"
        )
    elif overall is Rating.not_reported:
        sentence = f"No action has a rating for {month}, so the plan has no overall rating."
    else:
        recorded, evidence = evidence_view(result)
        sentence = (
            f"The plan is rated {overall.word} overall for {month}: {_counts_phrase(result)}. "
            f"{as_sentence(result.complete_sentence)}{_rated_sentence(result)} {recorded} "
            f"{evidence}"
        )
    return Summary(
        purpose=purpose,
        ask=ask,
        inspections=(
            *source_sentences(settings.council, model, as_of),
            *_late_plan_sentence(model, as_of),
        ),
        overall=rollup_label(overall, totals),
        overall_sentence=sentence,
        rule_sentence=_rule_sentence(settings.rag_policy),
        direction=_direction(result),
        attention=attention(result, "The exceptions section below lists"),
    )


def _definitions(policy: RagPolicy) -> Definitions:
    ratings = [Rating.red, Rating.amber, Rating.green]
    if policy.scale is RagScale.brag:
        ratings.append(Rating.blue)
    ratings.append(Rating.not_reported)
    meanings = dict(RAG_MEANINGS)
    if policy.scale is RagScale.brag:
        meanings[Rating.green] = "The activity is on track."
    reported = {
        ReportedRating.recorded: (
            policy.source or "The ratings shown are those recorded by each action's lead officer."
        ),
        ReportedRating.derived: (
            "The ratings shown are derived by the rules above from each action's dates, status "
            "and figures."
        ),
        ReportedRating.worse: (
            "The rating shown for each action is the worse of the one its lead officer "
            "recorded and the one the rules above derive from its dates, status and figures."
        ),
    }[policy.reported]
    share = share_words(policy.coverage)
    keys = (
        Definition(
            RagLabel("none", "Not enough reported (N of M)", "⚪", "○"),
            f"A summary row (the plan, an area, a recommendation) with too few of its live "
            f"actions rated for the month: it has no colour and no direction of travel until "
            f"{share} of them are rated. N of M counts the live actions rated, of those live.",
        ),
        Definition(
            RagLabel("green", "Green, challenged: the evidence gives Red", "🟢", "●"),
            CHALLENGE_KEY,
        ),
    )
    return Definitions(
        ratings=(*(Definition(label(r), meanings[r]) for r in ratings), *keys),
        policy=(
            reported,
            "Each rating is checked against the action's dates, status and figures: an action "
            "past its due date and not complete, not started after its start date, whose "
            "measure is below its trajectory, or whose next milestone is out of reach at the "
            "rate achieved so far, cannot be Green. Where such evidence contradicts a recorded "
            "rating, it is listed as a challenge. An action in progress whose figures are on or "
            "ahead of its trajectory is on track (Green); where nothing yet shows a Green is "
            "earned, evidence is requested, which is not a challenge.",
            f"A measure may fall short of its trajectory by up to {policy.tolerance:g}% of the "
            "expected value and still be Amber; further short is Red.",
            _rule_sentence(policy),
        ),
    )


# --- the paper -------------------------------------------------------------------------------


class Layout(StrEnum):
    """How long the paper is: ``committee`` keeps the body to what a committee reads (the
    per-recommendation, per-target and trend detail goes to appendices, with a contents list);
    ``full`` prints every section in the body, as g2g did before."""

    committee = "committee"
    full = "full"


DETAIL = ("findings", "targets", "trends", "governance", "rag_definitions")
"""The detail a committee paper moves to appendices: the table for each inspection finding, the
chart and table for each measurable target, the service figures over time, the reporting line
and the RAG definitions with how ratings are checked (the summary says where they are)."""

_FULL_PARTS = (
    "purpose_section",
    "key_messages",
    "improvement_journey",
    "transformation",
    "summary",
    "areas",
    "findings",
    "exceptions",
    "since",
    "due",
    "targets",
    "performance",
    "finance",
    "governance",
    "barriers",
    "conclusion",
    "recommendations",
    "implications",
    "background_papers",
    "appendices",
    "appendix",
    "document_control",
)


@dataclass(frozen=True)
class PaperLayout:
    """The paper's parts in the order printed. Each part is a block of the HTML and Markdown
    templates and a method of the Word writer, which loop over ``parts``."""

    name: Layout
    parts: tuple[str, ...]
    detail: tuple[str, ...] = ()
    """The parts printed as g2g's own appendices (after the officers' appendices)."""
    new_pages: frozenset[str] = frozenset()
    """Body sections that start a new printed page (appendices always do)."""


LAYOUTS = {
    Layout.full: PaperLayout(
        Layout.full, _FULL_PARTS, new_pages=frozenset({"exceptions", "targets", "performance"})
    ),
    Layout.committee: PaperLayout(
        Layout.committee,
        (
            "purpose_section",
            "contents",
            *(k for k in _FULL_PARTS[1:-1] if k not in DETAIL),
            *DETAIL,
            "document_control",
        ),
        detail=DETAIL,
    ),
}
"""The two layouts: one declaration of the paper's order, for every format."""

SECTION_ORDER = tuple(k for k in _FULL_PARTS if k not in ("purpose_section", "appendix"))
"""The paper's top-level numbered sections in the order of the full layout (the order of
Oldham Council's Overview and Scrutiny Board paper of 10 September 2019, with g2g's exceptions,
due dates and targets after the plan's summary). A layout numbers those in its body."""

SECTION_TITLES = {
    "summary": "The improvement plan",
    "areas": "Summary by plan area",
    "findings": "Progress against the inspection recommendations",
    "exceptions": "Exceptions",
    "since": "Changes to the plan since the last paper",
    "due": "Due in the next 12 weeks",
    "targets": "Measurable targets",
    "performance": "Service performance",
    "trends": "Service figures over time",
    "finance": "Finance",
    "governance": "Reporting line",
    "rag_definitions": "RAG definitions in force",
    "implications": "Implications",
    "background_papers": "Background papers",
    "appendices": "Appendices",
    "document_control": "Document control",
}
"""The headings of the sections g2g writes (the officers' narrative may retitle the summary,
the areas and the finance section)."""

ANCHORS = {
    "findings": "recommendations",
    "recommendations": "recommendations-to-meeting",
    "appendix": "appendix",
}
"""Each part's id in the HTML where it is not the key with hyphens for underscores."""

_OWN_TITLE = {"summary": "improvement_plan", "areas": "plan_progress", "finance": "finance"}


def anchor(key: str) -> str:
    """The HTML id of a part's section (the contents list links to it)."""
    return ANCHORS.get(key, key.replace("_", "-"))


@dataclass(frozen=True)
class ContentsEntry:
    """One line of the contents list: the section's number and title, and its id."""

    text: str
    anchor: str
    appendix: bool = False


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
        own = self.prose(_OWN_TITLE.get(key, key))
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

    ``commit`` is printed in the provenance line as given (see :func:`git_commit`);
    ``diagnostics`` are the plan's validation findings; ``charts`` draws the SVG charts (HTML
    needs them, Markdown does not); ``since_last`` is the plan as the last paper saw it (from
    :func:`g2g.plan.history.last_paper_baseline`), or why it is not known: the paper then says
    what changed since, or that it could not check; ``made`` is when the paper is made
    (default :func:`paper_time`); ``layout`` is how long the paper is (:class:`Layout`).
    Raises ``g2g.errors.MonthError`` for a month outside the plan.
    """
    model = plan.model
    updates = plan.updates(private=private)
    last_paper = board.previous_paper(month) if board is not None else None
    since = last_paper.month if last_paper is not None else None
    result = evaluate(model, updates, month, since=since)
    previous = evaluate(model, updates, result.previous_month) if result.previous_month else None
    provenance = _provenance(
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
        heading=_heading(model, month, board, meeting, provenance, updates, narrative),
        summary=replace(
            _since_last_paper(
                _summary(model, result, board, meeting or month_end(month)),
                board,
                last_paper,
                result,
            ),
            late_paper=late_paper_sentence(this_papers_clock(model, month, board, meeting)),
        ),
        definitions=_definitions(model.plan.rag_policy),
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


def _since_last_paper(
    summary: Summary, board: Board | None, last: Meeting | None, result: MonthRating
) -> Summary:
    """Say which paper the changes are counted from when it is the board's last paper rather
    than the month before (a six-monthly committee sees six months' change)."""
    if board is None or last is None or last.month is None:
        return summary
    if last.month != result.previous_month:
        return summary
    sentence = (
        f"The changes in this paper are counted from {long_month(last.month)}, the month "
        f"reported in the last paper to the {board.name} ({long_day(last.date)})."
    )
    return replace(summary, direction=f"{sentence} {summary.direction}")


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


def _present(paper: Paper, key: str) -> bool:
    n = paper.narrative
    if key in ("key_messages", "improvement_journey", "transformation", "barriers", "conclusion"):
        return paper.prose(key) is not None
    if key == "performance":
        return paper.performance is not None
    if key == "finance":
        return paper.finance is not None
    if key == "governance":
        return paper.reporting_line is not None
    if key == "findings":
        return bool(paper.findings)
    if key == "trends":
        groups = paper.performance.groups if paper.performance else ()
        return any(g.trends or g.distribution for g in groups)
    if key == "since":
        return paper.since is not None
    if key == "recommendations":
        return n is not None and bool(n.recommendations)
    if key == "implications":
        return n is not None and bool(n.implications)
    if key == "background_papers":
        return n is not None and bool(n.background_papers)
    return True


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
