"""The paper's section "Changes to the plan since the last paper": the agreed revisions and
every due date or target moved without a revision record, between the plan as the last paper
saw it (:mod:`g2g.plan.history`) and the plan this paper is made from. It states the facts
``g2g changes`` states (:func:`g2g.engine.changes.plan_changes`), in a member's words; without
history it says that the changes could not be checked, and why.
"""

from __future__ import annotations

from dataclasses import dataclass

from g2g.engine.changes import PlanChange, plan_changes
from g2g.engine.month import MonthRating
from g2g.plan.history import Baseline, NoHistory
from g2g.plan.model_plan import PlanFile
from g2g.report.labels import join_words, long_month
from g2g.report.targets import baseline_notes
from g2g.words import plural

TITLE = "Changes to the plan since the last paper"


@dataclass(frozen=True)
class SinceLastPaper:
    """What the section prints."""

    checked: bool
    """True when there are changes to list; False when the changes could not be checked or
    there are none (``intro`` says which)."""
    intro: str
    """Which versions were compared, or why they could not be."""
    flagged: tuple[str, ...]
    """Due dates and targets moved without a revision record, one sentence each."""
    other: tuple[str, ...]
    """Agreed revisions and the other changes (actions added or closed, milestones added)."""
    summary: str
    """The one sentence the paper's summary carries."""


def build_since(found: Baseline | NoHistory, now: PlanFile) -> SinceLastPaper | None:
    """The section from the last paper's plan (or why there is none) and the plan now; None
    for the first paper on the plan (nothing to compare, so no section)."""
    if isinstance(found, NoHistory):
        if found.first:
            return None
        return SinceLastPaper(
            False,
            f"g2g could not check what changed in the plan since the last paper: {found.reason}. "
            "Due dates or targets moved since then without a revision record would not show "
            "here.",
            (),
            (),
            "Changes to the plan since the last paper could not be checked "
            f"({found.reason.split(' (')[0]}).",
        )
    changes = plan_changes(found.model, now)
    flagged = tuple(_sentence(c) for c in changes if c.unrecorded)
    other = tuple(_sentence(c) for c in changes if not c.unrecorded)
    intro = (
        "This section compares the plan this paper is made from with "
        f"{found.described}, {found.basis}."
    )
    if not changes:
        intro += " Nothing in the plan's actions, dates, targets or findings has changed."
    if not changes:
        summary = (
            "The plan's actions, dates, targets and findings have not changed since the last paper."
        )
    elif flagged:
        moved = plural(len(flagged), "due date or target was", "due dates or targets were")
        them = "it" if len(flagged) == 1 else "them"
        ids = join_words(sorted({c.id for c in changes if c.unrecorded}))
        summary = (
            f"Since the last paper, {moved} moved without a revision record ({ids}): no one "
            f"is recorded as agreeing {them}. The section on changes to the plan lists "
            f"{them}."
        )
    else:
        summary = (
            f"Since the last paper the plan has {plural(len(other), 'change')}, each recorded "
            "as agreed where it moves a date or target."
        )
    return SinceLastPaper(bool(changes), intro, flagged, other, summary)


def _sentence(change: PlanChange) -> str:
    text = change.said
    return text if text.endswith(".") else text + "."


@dataclass(frozen=True)
class BesideNarrative:
    """What the evidence says beside the officers' account of progress: the milestones that
    cannot be reached at the rate achieved so far, whatever the narrative expects."""

    lead: str
    """The sentence before the list."""
    items: tuple[str, ...]
    """One per target, naming the action, its rating and the milestone."""


def build_beside(result: MonthRating, model: PlanFile) -> BesideNarrative | None:
    """The out-of-reach milestones of the month, for the paper to set beside the officers'
    account (None when every coming milestone can still be reached). A judgement that rests
    on a baseline the source does not state says so (the baseline's ``note``)."""
    targets = {t.id: t for _, _, a in model.actions() for t in a.targets}
    items = []
    for action in result.actions:
        for check in action.derivation.targets:
            if check.out_of_reach:
                target = targets.get(check.target)
                notes = " ".join(baseline_notes(target)) if target is not None else ""
                items.append(
                    f"{action.action} {action.title} (rated {action.reported.word}): "
                    f"{check.measure}: {check.out_of_reach}.{' ' + notes if notes else ''}"
                )
    if not items:
        return None
    lead = (
        "Beside the officers' account above: the plan's own figures for "
        f"{long_month(result.month)} say that {plural(len(items), 'milestone')} cannot be "
        "reached at the rate achieved so far, so the ratings that rest on them cannot be "
        "expected to improve on that evidence alone:"
    )
    return BesideNarrative(lead, tuple(items))
