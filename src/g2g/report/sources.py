"""The paper's words about the plan's sources: one sentence per source, the count of what each
source found ("Ofsted made 9 recommendations; the LGA peer review identified 1 area for
improvement"), and whose findings the plan answers.

A plan of Ofsted's sources only (every plan written for g2g 0.1) reads as it always did: each
sentence counts its own findings and the plan answers "Ofsted's findings". A plan that answers
another source too gives the sentences without counts, then one sentence with every source's
count, so a finding is never counted twice nor credited to the wrong body. The words come from
:data:`g2g.plan.sources.SOURCE_KINDS` and :data:`g2g.plan.sources.FINDING_KINDS`.
"""

from __future__ import annotations

import datetime as dt

from g2g.plan.model_base import Judgement
from g2g.plan.model_plan import Inspection, PlanFile
from g2g.plan.sources import FINDING_KINDS, SOURCE_KINDS
from g2g.report.labels import event_date_words, event_name, event_when, join_words, long_day
from g2g.words import plural

JUDGEMENTS = {
    Judgement.outstanding: "Outstanding",
    Judgement.good: "Good",
    Judgement.requires_improvement: "Requires Improvement to be Good",
    Judgement.inadequate: "Inadequate",
}


def only_ofsted(model: PlanFile) -> bool:
    """Whether every source that made findings is Ofsted's (always so in a g2g 0.1 plan)."""
    return all(SOURCE_KINDS[x.kind].ofsted for x in model.inspections if x.findings)


def found_words(inspection: Inspection) -> list[str]:
    """What a source found, kind by kind: ``["9 recommendations", "1 area for
    improvement"]``."""
    words = []
    for kind, info in FINDING_KINDS.items():
        count = sum(1 for f in inspection.findings if f.kind is kind)
        if count:
            words.append(plural(count, info.word, info.plural))
    return words


def source_sentence(council: str, inspection: Inspection, as_of: dt.date, count: bool) -> str:
    """One sentence per source, in the past tense once it has happened and in the future tense
    before (a paper never says a visit "took place" before it does); with ``count``, what it
    found."""
    info = SOURCE_KINDS[inspection.kind]
    name = event_name(inspection)
    when = event_when(inspection)
    focus = f", looking at {inspection.focus.rstrip('.')}" if inspection.focus else ""
    services = f"{council}'s children's services"
    subject = (
        f"Ofsted's {name} of" if info.ofsted else f"The {name} {'on' if info.document else 'of'}"
    )
    if not inspection.held_by(as_of):
        on = "in" if isinstance(inspection.start, str) else "on"
        if inspection.end is not None and inspection.end != inspection.start:
            on = "from"
        happens = "is due" if info.document else "will take place"
        return f"{subject} {services} {happens} {on} {when}{focus}."
    by = inspection.by or (None if info.ofsted else info.publisher)
    text = f"{subject} {services} ({when}{f', by {by}' if by else ''})"
    if inspection.judgement:
        text += f" judged them \u201c{JUDGEMENTS[inspection.judgement]}\u201d"
    else:
        text += " was issued" if info.document else " took place"
    text += focus
    found = found_words(inspection) if count else []
    if inspection.published and found:
        text += f"; its report, published {long_day(inspection.published)}, "
        text += f"{info.verb} {join_words(found)}"
    elif inspection.published and count:
        # as g2g 0.1 printed it (a plan of Ofsted's sources reads as it always did)
        text += f"; its report, published {long_day(inspection.published)}"
    elif inspection.published:
        text += f"; its report was published {long_day(inspection.published)}"
    elif found:
        text += f", with {join_words(found)}"
    if inspection.reviews:
        dates = [event_date_words(r.date) for r in inspection.reviews]
        text += f". Its review points: {join_words(dates)}"
    return text + "."


def source_subjects(model: PlanFile) -> list[tuple[str, Inspection]]:
    """Each source that made findings, as the paper names it when it counts them: "Ofsted"
    (its only source with findings), "Ofsted's focused visit" (one of several), "the LGA
    peer review"."""
    found = [x for x in model.inspections if x.findings]
    ofsted = [x for x in found if SOURCE_KINDS[x.kind].ofsted]
    named = []
    for source in found:
        info = SOURCE_KINDS[source.kind]
        if info.ofsted:
            name = "Ofsted" if len(ofsted) == 1 else f"Ofsted's {event_name(source)}"
        else:
            name = f"the {info.words}"
        named.append((name, source))
    return named


def count_sentence(model: PlanFile) -> str:
    """``The plan answers 13 findings: Ofsted made 9 recommendations; the LGA peer review
    identified 1 area for improvement; the statutory direction set 3 requirements.``"""
    clauses = [
        f"{name} {SOURCE_KINDS[source.kind].verb} {join_words(found_words(source))}"
        for name, source in source_subjects(model)
    ]
    total = sum(len(x.findings) for x in model.inspections)
    return f"The plan answers {plural(total, 'finding')}: {'; '.join(clauses)}."


def source_sentences(council: str, model: PlanFile, as_of: dt.date) -> tuple[str, ...]:
    """The paper's sentences about the plan's sources (see the module's docstring)."""
    ofsted = only_ofsted(model)
    sentences = [source_sentence(council, x, as_of, ofsted) for x in model.inspections]
    if not ofsted:
        sentences.append(count_sentence(model))
    return tuple(sentences)


def answered(model: PlanFile) -> str:
    """Whose findings the plan answers, for the paper's purpose: "Ofsted's findings", or "the
    findings of Ofsted, the LGA peer review and the statutory direction"."""
    if only_ofsted(model):
        return "Ofsted's findings"
    names = list(dict.fromkeys(name for name, _ in source_subjects(model)))
    return f"the findings of {join_words(names)}"


def findings_heading(model: PlanFile) -> str:
    """The heading of the paper's progress against the findings."""
    if only_ofsted(model):
        return "Progress against the inspection recommendations"
    return "Progress against the findings of each source"
