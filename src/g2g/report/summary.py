"""The paper's purpose and summary and its RAG definitions: the overall rating in words, the
counts behind it, the ratings as recorded and on the evidence, the rule that rolls them up, the
direction of travel since the month (or the paper) before, the late-plan and late-paper
sentences, and what each rating means under the plan's policy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from g2g.engine.derive import CHALLENGE_KEY
from g2g.engine.month import MonthRating
from g2g.engine.ratings import Rating, Trend, is_rated, worse
from g2g.engine.rollup import share_words
from g2g.plan.governance import PaperClock, plan_clock
from g2g.plan.model_base import OverallRule, RagScale, ReportedRating
from g2g.plan.model_plan import Board, Meeting, PlanFile, RagPolicy
from g2g.report.labels import (
    RagLabel,
    as_sentence,
    join_words,
    label,
    long_day,
    long_month,
    rollup_label,
)
from g2g.report.sources import answered, source_sentences
from g2g.report.tables import attention
from g2g.words import plural


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
    """The direction of travel since the month before, and how many actions changed rating."""
    reason = _no_direction(result)
    if reason is not None:
        return reason
    before, previous = result.previous_month, result.overall.previous
    if before is None or previous is None:
        return (
            "This is the first month with progress updates, so there is no direction of travel yet."
        )
    text = _overall_change(long_month(before), previous.word, result.overall.trend)
    return f"{text} {_rating_changes(result)}"


def _no_direction(result: MonthRating) -> str | None:
    """Why there is no direction of travel when too little is rated, this month or the one
    before (None when enough is)."""
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
    return None


def _overall_change(before: str, previous: str, trend: Trend) -> str:
    """The overall rating's move since the month ``before``, which was rated ``previous``."""
    if trend is Trend.unchanged:
        return f"The overall rating is unchanged since {before} ({previous})."
    if trend is Trend.improved:
        return f"The overall rating has improved since {before}, from {previous}."
    if trend is Trend.worsened:
        return f"The overall rating has worsened since {before}, from {previous}."
    if trend is Trend.not_comparable:
        return (
            f"In {before} the overall rating was {previous}; no direction of travel "
            "is given, because the change does not hold on the actions rated in both months."
        )
    return f"In {before} the overall rating was {previous}."


def _rating_changes(result: MonthRating) -> str:
    """How many actions' ratings changed, and how."""
    if not result.changes:
        return "No action's rating changed."
    moved = [c for c in result.changes if c.trend in (Trend.improved, Trend.worsened)]
    improved = sum(1 for c in moved if c.trend is Trend.improved)
    worsened = len(moved) - improved
    other = len(result.changes) - len(moved)
    parts = [f"{improved} improved", f"{worsened} worsened"]
    if other:
        parts.append(f"{other} newly rated or no longer reported")
    changed = plural(len(result.changes), "action")
    return f"{changed} changed rating: {join_words(parts)}."


def build_summary(
    model: PlanFile, result: MonthRating, board: Board | None, as_of: dt.date
) -> Summary:
    """Purpose and summary: the overall rating for the month and the sentences around it."""
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


def build_definitions(policy: RagPolicy) -> Definitions:
    """The ratings the policy uses, what each means, and how the policy applies them."""
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


def counted_from_last_paper(
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
