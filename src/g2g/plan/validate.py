"""The validate stage: load every plan named, check schema and meaning, collect diagnostics.

:func:`validate_plan` runs every check on one loaded plan; :func:`validate_paths` keeps every
loaded plan for commands that go on to use them (one council's plan is small). Runs over many
plans go one plan at a time instead, over the machine's cores and through the cache, keeping
only what was found (:func:`g2g.batch.each.check_paths`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from g2g.diagnostics import Diagnostic, Severity, sort_diagnostics
from g2g.errors import PlanInvalid
from g2g.io.cache import Cache
from g2g.io.files import find_plan_folders

if TYPE_CHECKING:
    from g2g.plan.load import Plan

# g2g.plan.load and g2g.plan.checks (pydantic models) are imported where a plan is really
# loaded: a re-run whose findings all come from the cache never needs them, and importing them
# would cost more than the rest of that run.


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
        return errors_of(self.diagnostics, strict=strict)


def errors_of(diagnostics: list[Diagnostic], *, strict: bool = False) -> list[Diagnostic]:
    """The diagnostics that make a run fail (warnings too when strict)."""
    if strict:
        return [d for d in diagnostics if d.severity is not Severity.acknowledged]
    return [d for d in diagnostics if d.severity is Severity.error]


def require_valid(diagnostics: list[Diagnostic], doing: str) -> None:
    """Raise :class:`PlanInvalid` carrying the errors among ``diagnostics``, if there are any
    (warnings do not stop a command). ``doing`` completes "cannot ...", e.g. "rate"."""
    errors = errors_of(diagnostics)
    if errors:
        noun = "error" if len(errors) == 1 else "errors"
        raise PlanInvalid(
            f"cannot {doing}: {len(errors)} {noun} in the plan files - fix them and run again "
            "('g2g validate' lists every problem)",
            errors,
        )


def validate_plan(plan: Plan, today: dt.date | None = None) -> list[Diagnostic]:
    """Every problem of one loaded plan, sorted."""
    from g2g.plan.acknowledge import acknowledge
    from g2g.plan.checks import check_plan
    from g2g.plan.load import valid_or_none

    valid = valid_or_none(plan)
    if valid is not None and len(valid.loaded_progress) == len(valid.progress):
        found = [*valid.diagnostics, *check_plan(valid, today)]
        return sort_diagnostics(acknowledge(valid, found))
    # Shape errors: the meaning checks still run on every part that passed the schema.
    from g2g.plan.partial import partial_plan

    partial = partial_plan(plan)
    if partial is None:
        return sort_diagnostics(plan.diagnostics)
    found = [d for d in check_plan(partial.plan, today) if partial.keeps(d)]
    return sort_diagnostics(acknowledge(partial.plan, [*plan.diagnostics, *found]))


def validate_paths(
    paths: list[Path], today: dt.date | None = None, cache: Cache | None = None
) -> ValidationResult:
    """Load and check the plans named by ``paths``; raises UsageError for a bad path."""
    from g2g.plan.load import Reader, load_plan

    plans = [load_plan(folder, Reader(cache)) for folder in find_plan_folders(paths)]
    found: list[Diagnostic] = []
    for plan in plans:
        found.extend(validate_plan(plan, today))
    return ValidationResult(plans, sort_diagnostics(found))
