"""g2g - Getting to Good: improvement plans for children's services after an Ofsted inspection.

The public API, for using g2g from Python (the command line is built on the same functions)::

    from pathlib import Path
    import g2g

    result = g2g.validate_paths([Path("plans")])   # load and check every plan named
    plan = g2g.as_valid(result.plans[0])   # a ValidPlan; PlanInvalid if plan.yaml did not load
    rating = g2g.evaluate(plan.model, plan.updates(), "2019-08")

Names are imported on first use (PEP 562), so ``import g2g`` and ``g2g --help`` stay fast: the
models (pydantic) and the templates (Jinja) load only when a function that needs them is used.
Everything else in the package is internal and may change between versions.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from g2g.version import __version__

_EXPORTS: dict[str, str] = {
    # Load and check plans
    "load_plan": "g2g.plan.load",
    "Plan": "g2g.plan.load",
    "ValidPlan": "g2g.plan.load",
    "as_valid": "g2g.plan.load",
    "validate_paths": "g2g.plan.validate",
    "validate_plan": "g2g.plan.validate",
    "ValidationResult": "g2g.plan.validate",
    "check_paths": "g2g.batch.each",
    "Diagnostic": "g2g.diagnostics",
    "Severity": "g2g.diagnostics",
    # Rate
    "evaluate": "g2g.engine.month",
    "history": "g2g.engine.month",
    "MonthRating": "g2g.engine.month",
    "History": "g2g.engine.month",
    "Rating": "g2g.engine.ratings",
    # Report
    "build_paper": "g2g.report.paper",
    "render_paper": "g2g.report.render",
    "PaperFormat": "g2g.report.formats",
    # Errors
    "G2GError": "g2g.errors",
    "UsageError": "g2g.errors",
    "MonthError": "g2g.errors",
    "PlanInvalid": "g2g.errors",
    "PlanUnusable": "g2g.errors",
    "CycleError": "g2g.errors",
    "TemplateProblem": "g2g.errors",
    "WriteError": "g2g.errors",
}

__all__ = [
    "CycleError",
    "Diagnostic",
    "G2GError",
    "History",
    "MonthError",
    "MonthRating",
    "PaperFormat",
    "Plan",
    "PlanInvalid",
    "PlanUnusable",
    "Rating",
    "Severity",
    "TemplateProblem",
    "UsageError",
    "ValidPlan",
    "ValidationResult",
    "WriteError",
    "__version__",
    "as_valid",
    "build_paper",
    "check_paths",
    "evaluate",
    "history",
    "load_plan",
    "render_paper",
    "validate_paths",
    "validate_plan",
]

if TYPE_CHECKING:
    from g2g.batch.each import check_paths
    from g2g.diagnostics import Diagnostic, Severity
    from g2g.engine.month import History, MonthRating, evaluate, history
    from g2g.engine.ratings import Rating
    from g2g.errors import (
        CycleError,
        G2GError,
        MonthError,
        PlanInvalid,
        PlanUnusable,
        TemplateProblem,
        UsageError,
        WriteError,
    )
    from g2g.plan.load import Plan, ValidPlan, as_valid, load_plan
    from g2g.plan.validate import ValidationResult, validate_paths, validate_plan
    from g2g.report.formats import PaperFormat
    from g2g.report.paper import build_paper
    from g2g.report.render import render_paper


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'g2g' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
