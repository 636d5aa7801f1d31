"""What the commands that write plan files share: a field's docstring as comment lines, where
a month's progress file is, a plan with one progress file replaced and the problems that would
add (so a write is checked before it is made), and loading a plan that must be valid.

``g2g init`` and ``g2g month`` write YAML text by hand rather than through a YAML library,
because the point of their files is the comments: each field is explained with the model's own
docstring, placeholders are marked TODO, and a month's file shows each action's last rating
beside the blank to fill in. Every generated file is read back and checked with the library
before it is written."""

from __future__ import annotations

import textwrap
from collections import Counter
from dataclasses import replace
from pathlib import Path

from pydantic import BaseModel

from g2g.diagnostics import Diagnostic, Severity
from g2g.errors import CycleError
from g2g.io.yamlread import read_yaml
from g2g.plan.fielddocs import field_doc
from g2g.plan.load import (
    PROGRESS_DIR,
    Plan,
    ProgressSource,
    ValidPlan,
    load_plan,
    loaded,
    progress_choices,
    valid_or_none,
)
from g2g.plan.model_progress import ProgressFile
from g2g.plan.schema import validate_model
from g2g.plan.validate import errors_of as errors_of  # one definition, re-exported for the cycle
from g2g.plan.validate import validate_plan
from g2g.words import one_line

WIDTH = 100
SCHEMA_DIR = "schemas"
PLAN_SCHEMA_FILE = "plan.schema.json"
PROGRESS_SCHEMA_FILE = "progress.schema.json"
TODO = "TODO"


# --- shared helpers ----------------------------------------------------------------------


def field_doc_line(model: type[BaseModel], name: str) -> str:
    """A field's docstring on one line (empty when it has none)."""
    return one_line(field_doc(model, name) or "")


def comment_lines(text: str, indent: int = 0, width: int = WIDTH) -> list[str]:
    """``text`` as wrapped ``# `` comment lines at ``indent``."""
    wrapped = textwrap.wrap(one_line(text), width=max(width - indent - 2, 30)) or [""]
    return [(" " * indent + "# " + line).rstrip() for line in wrapped]


def with_progress(plan: Plan, shown: str, text: str) -> Plan:
    """A copy of ``plan`` whose progress file ``shown`` holds ``text`` (added if new)."""
    document = read_yaml(shown, text.encode("utf-8"))
    problems = list(document.diagnostics)
    model: ProgressFile | None = None
    if document.data is not None or not document.diagnostics:
        model, found = validate_model(
            ProgressFile,
            document.data,
            shown,
            empty=document.empty,
            choices=progress_choices(plan.model),
        )
        problems.extend(found)
    sources = [s for s in plan.progress if s.path != shown]
    sources.append(ProgressSource(shown, document.data, model))
    sources.sort(key=lambda s: s.path)
    diagnostics = [d for d in plan.diagnostics if d.path != shown] + problems
    return replace(plan, progress=sources, diagnostics=diagnostics)


def _key(diagnostic: Diagnostic) -> tuple[str, Severity, str]:
    return (diagnostic.path, diagnostic.severity, diagnostic.message)


def introduced(before: list[Diagnostic], after: list[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics in ``after`` that ``before`` did not have (lines may have moved)."""
    old = Counter(_key(d) for d in before)
    out: list[Diagnostic] = []
    for diagnostic in after:
        if old[_key(diagnostic)]:
            old[_key(diagnostic)] -= 1
        else:
            out.append(diagnostic)
    return out


def progress_path(folder: Path, month: str) -> Path:
    """Where a month's progress file goes: progress/YYYY-MM.yaml."""
    return folder / PROGRESS_DIR / f"{month}.yaml"


def existing_progress(plan: Plan, month: str) -> ProgressSource | None:
    """The progress file that holds ``month``, by its month: key or by its name."""
    for source, progress in loaded(plan.progress):
        if progress.month == month:
            return source
    for source in plan.progress:
        if Path(source.path).name.startswith(month):
            return source
    return None


def load_valid_plan(folder: Path, purpose: str) -> ValidPlan:
    """Load a plan, refusing (CycleError, exit 1) when it has errors."""
    plan = load_plan(folder)
    problems = errors_of(validate_plan(plan))
    valid = valid_or_none(plan)
    if problems or valid is None:
        raise CycleError(
            f"{plan.path}: the plan has errors - fix them before {purpose} (see g2g validate)",
            diagnostics=problems,
        )
    return valid
