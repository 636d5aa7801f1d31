"""The field reference of the plan format, generated from the models' docstrings.

docs/format.md embeds this text; a test keeps the two equal, so the documentation cannot drift
from the models.
"""

from __future__ import annotations

from pydantic import BaseModel

from g2g.plan import models, narrative

REFERENCE_ORDER: list[type[BaseModel]] = [
    models.PlanFile,
    models.Settings,
    models.Period,
    models.Board,
    models.Chair,
    models.Meeting,
    models.TaskGroup,
    models.RagPolicy,
    models.Thresholds,
    models.Inspection,
    models.Finding,
    models.Area,
    models.Objective,
    models.Action,
    models.Timescale,
    models.DueRevision,
    models.Closure,
    models.Target,
    models.Baseline,
    models.Milestone,
    models.ValueRevision,
    models.Comparator,
    models.ProgressFile,
    models.Update,
    models.MeasuresFile,
    models.Measure,
    models.MeasureComparator,
    models.FinanceFile,
    models.FinancePeriod,
    models.BudgetLine,
    narrative.NarrativeFile,
    narrative.Author,
    narrative.Sections,
    narrative.Section,
    narrative.Implications,
    narrative.BackgroundPaper,
    narrative.Appendix,
]


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split()).replace("|", "\\|").replace("``", "`")


def format_reference() -> str:
    """Markdown tables, one per model: key, whether it is required, what it means."""
    parts: list[str] = []
    for model in REFERENCE_ORDER:
        parts.append(f"### {model.__name__}\n\n{_one_line(model.__doc__)}\n")
        parts.append("| key | required | meaning |\n|---|---|---|")
        for name, field in model.model_fields.items():
            required = "yes" if field.is_required() else "no"
            parts.append(f"| `{name}` | {required} | {_one_line(field.description)} |")
        parts.append("")
    return "\n".join(parts)
