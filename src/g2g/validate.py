"""The validate stage: load every plan named, check schema and meaning, collect diagnostics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from g2g.checks import check_plan
from g2g.diagnostics import Diagnostic, Severity, sort_diagnostics
from g2g.load import Plan, load_plans


@dataclass
class ValidationResult:
    """What a validation run found."""

    plans: list[Plan]
    diagnostics: list[Diagnostic]

    @property
    def files(self) -> int:
        """How many files were read."""
        return sum(len(plan.files) for plan in self.plans)

    def errors(self, *, strict: bool = False) -> list[Diagnostic]:
        """The diagnostics that make the run fail (warnings too when strict)."""
        if strict:
            return list(self.diagnostics)
        return [d for d in self.diagnostics if d.severity is Severity.error]


def validate_plan(plan: Plan, today: dt.date | None = None) -> list[Diagnostic]:
    """Every problem of one loaded plan, sorted."""
    return sort_diagnostics([*plan.diagnostics, *check_plan(plan, today)])


def validate_paths(paths: list[Path], today: dt.date | None = None) -> ValidationResult:
    """Load and check the plans named by ``paths``; raises UsageError for a bad path."""
    plans = load_plans(paths)
    found: list[Diagnostic] = []
    for plan in plans:
        found.extend(validate_plan(plan, today))
    return ValidationResult(plans, sort_diagnostics(found))
