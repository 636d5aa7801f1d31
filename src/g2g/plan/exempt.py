"""Public and exempt from one source: what the public outputs may show.

Anything a council must not publish is marked ``exempt: N`` with its paragraph (1-7) of Part 1
of Schedule 12A to the Local Government Act 1972: a narrative section or appendix
(g2g.plan.narrative), an action's monthly update (its narrative), a measure, a budget line.
Every output is public unless asked for the private version (``g2g report --private``); the
functions here make the public view that outputs are built from, so exempt text never reaches
them:

* an exempt update keeps its status, rating and figures, and its narrative becomes the notice;
* an exempt measure is left out of the service figures (the paper says so);
* an exempt budget line is left out of the finance table, whose total stays (the paper says so);
  an exempt total withholds that month's whole position.
"""

from __future__ import annotations

from g2g.plan.models import FinanceFile, MeasuresFile, Update
from g2g.plan.narrative import withheld_sentence

__all__ = ["public_finance", "public_measures", "public_update", "withheld_sentence"]


def public_update(update: Update) -> Update:
    """The update as public outputs show it: an exempt narrative becomes the notice."""
    if update.exempt is None:
        return update
    notice = withheld_sentence("This update", update.exempt)
    return update.model_copy(update={"narrative": notice})


def public_measures(measures: MeasuresFile) -> tuple[MeasuresFile, tuple[str, ...]]:
    """The measures without the exempt ones, and a notice for each left out."""
    kept = [m for m in measures.measures if m.exempt is None]
    notes = tuple(
        withheld_sentence(f"One measure of the {m.group or 'service'} figures", m.exempt)
        for m in measures.measures
        if m.exempt is not None
    )
    if not notes:
        return measures, ()
    return measures.model_copy(update={"measures": kept}), notes


def public_finance(finance: FinanceFile) -> tuple[FinanceFile, tuple[str, ...]]:
    """The finance positions without exempt budget lines (totals kept), and a notice for each
    paragraph met (the notice names no line)."""
    paragraphs: set[int] = set()
    periods = []
    for period in finance.periods:
        kept = [line for line in period.lines if line.exempt is None]
        paragraphs.update(line.exempt for line in period.lines if line.exempt is not None)
        if period.total.exempt is not None:  # an exempt total: the whole position is withheld
            paragraphs.add(period.total.exempt)
            continue
        periods.append(period.model_copy(update={"lines": kept}))
    if not paragraphs:
        return finance, ()
    notes = tuple(
        withheld_sentence("A budget line included in the total but not shown", paragraph)
        for paragraph in sorted(paragraphs)
    )
    return finance.model_copy(update={"periods": periods}), notes
