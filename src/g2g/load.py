"""Find plan folders, read their files and check them against the models.

A plan folder holds ``plan.yaml`` and a ``progress/`` folder of monthly files
(``progress/2019-08.yaml``). A path given to a command may be a plan folder, a folder of plan
folders (like the shipped ``plans/``), or a file inside a plan folder (which selects that plan).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from g2g.diagnostics import Diagnostic, error
from g2g.models import FinanceFile, MeasuresFile, PlanFile, ProgressFile, Update, is_number
from g2g.schema import validate_model
from g2g.yamlread import PosDict, locate, read_yaml

PLAN_FILE = "plan.yaml"
PROGRESS_DIR = "progress"
MEASURES_FILE = "measures.yaml"
FINANCE_FILE = "finance.yaml"
YAML_SUFFIXES = (".yaml", ".yml")


class UsageError(Exception):
    """The command was given something it cannot work on (exit code 2)."""


M = TypeVar("M", bound=BaseModel)


@dataclass
class Source(Generic[M]):
    """One file as read and schema-checked: its values with positions and its model."""

    path: str
    data: Any
    model: M | None


ProgressSource = Source[ProgressFile]


@dataclass
class Plan:
    """One plan folder, read and checked against the models (not yet for meaning)."""

    folder: Path
    path: str
    data: Any
    model: PlanFile | None
    progress: list[ProgressSource] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    measures: Source[MeasuresFile] | None = None
    finance: Source[FinanceFile] | None = None

    @property
    def files(self) -> list[str]:
        """Display paths of every file read."""
        extra = [s.path for s in (self.measures, self.finance) if s is not None]
        return [self.path, *extra, *(p.path for p in self.progress)]

    def updates(self) -> dict[str, dict[str, Update]]:
        """Valid updates by month, then by action id (the first one wins on a duplicate).

        A target that takes its figures from a measure (``kpi:``) gets the measure's figure for
        the month in the action's update, so everything downstream reads values one way. A
        suppressed figure (c, :, ...) becomes null: not available, never zero.
        """
        out: dict[str, dict[str, Update]] = {}
        for source in self.progress:
            if source.model is None:
                continue
            month = out.setdefault(source.model.month, {})
            for update in source.model.updates:
                month.setdefault(update.action, update)
        self._fill_kpi_figures(out)
        return dict(sorted(out.items()))

    def _fill_kpi_figures(self, updates: dict[str, dict[str, Update]]) -> None:
        measures = self.measures.model if self.measures else None
        if self.model is None or measures is None:
            return
        series = {m.id: m.values for m in measures.measures}
        for _, _, action in self.model.actions():
            linked = [(t.id, series[t.kpi]) for t in action.targets if t.kpi in series]
            for month, by_action in updates.items():
                update = by_action.get(action.id)
                if update is None or not linked:
                    continue
                figures = {
                    target: (float(v) if is_number(v) else None)
                    for target, values in linked
                    if month in values
                    for v in [values[month]]
                }
                if figures:
                    by_action[action.id] = update.model_copy(
                        update={"values": {**update.values, **figures}}
                    )


def display_path(path: Path) -> str:
    """A path as people should see it: relative to the working directory where possible."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _is_yaml(path: Path) -> bool:
    return path.suffix.lower() in YAML_SUFFIXES


def find_plan_folders(paths: list[Path]) -> list[Path]:
    """The plan folders named by ``paths``; raises UsageError for a path that names none."""
    folders: list[Path] = []
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder - give a plan folder or plan file")
        if path.is_file():
            folder = _owning_folder(path)
            if folder is None:
                raise UsageError(
                    f"{path}: not inside a plan folder (no {PLAN_FILE} beside it or above it) "
                    f"- give a folder that holds {PLAN_FILE}"
                )
            folders.append(folder)
        elif (path / PLAN_FILE).is_file():
            folders.append(path)
        else:
            found = sorted(p.parent for p in path.rglob(PLAN_FILE) if p.is_file())
            if not found:
                raise UsageError(
                    f"{path}: no {PLAN_FILE} in this folder or below it - give a plan folder, "
                    "or create one with 'g2g init'"
                )
            folders.extend(found)
    unique: dict[Path, None] = {}
    for folder in folders:
        unique.setdefault(folder.resolve(), None)
    return [Path(display_path(f)) for f in unique]


def _owning_folder(path: Path) -> Path | None:
    for parent in [path.parent, *path.parent.parents]:
        if (parent / PLAN_FILE).is_file():
            return parent
    return None


def progress_files(folder: Path) -> list[Path]:
    """The progress files of a plan folder, in name order."""
    directory = folder / PROGRESS_DIR
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.rglob("*") if p.is_file() and _is_yaml(p))


def read_file(path: Path) -> tuple[str, bytes | None, list[Diagnostic]]:
    """The display path and bytes of a file, or a diagnostic when it cannot be read."""
    shown = display_path(path)
    try:
        return shown, path.read_bytes(), []
    except OSError as exc:
        return shown, None, [error(shown, 1, 1, f"cannot read the file: {exc.strerror}")]


def load_plan(folder: Path) -> Plan:
    """Read and schema-check a plan folder's files."""
    plan_path, raw, problems = read_file(folder / PLAN_FILE)
    data: Any = None
    model: PlanFile | None = None
    if raw is not None:
        document = read_yaml(plan_path, raw)
        problems.extend(document.diagnostics)
        data = document.data
        if data is not None or not document.diagnostics:
            model, found = validate_model(PlanFile, data, plan_path, empty=document.empty)
            problems.extend(found)
    plan = Plan(folder, plan_path, data, model, diagnostics=problems)
    for path in progress_files(folder):
        plan.progress.append(load_source(path, ProgressFile, plan.diagnostics))
    if (folder / MEASURES_FILE).is_file():
        plan.measures = load_source(folder / MEASURES_FILE, MeasuresFile, plan.diagnostics)
    if (folder / FINANCE_FILE).is_file():
        plan.finance = load_source(folder / FINANCE_FILE, FinanceFile, plan.diagnostics)
    return plan


def load_source(path: Path, model: type[M], problems: list[Diagnostic]) -> Source[M]:
    """Read one file and check it against ``model``, adding its problems to ``problems``."""
    shown, raw, found = read_file(path)
    problems.extend(found)
    if raw is None:
        return Source(shown, None, None)
    document = read_yaml(shown, raw)
    problems.extend(document.diagnostics)
    if document.data is None and document.diagnostics:
        return Source(shown, None, None)
    checked, schema_problems = validate_model(model, document.data, shown, empty=document.empty)
    problems.extend(schema_problems)
    return Source(shown, document.data, checked)


def load_plans(paths: list[Path]) -> list[Plan]:
    """Every plan named by ``paths``, read and schema-checked."""
    return [load_plan(folder) for folder in find_plan_folders(paths)]


def position(data: Any, *loc: int | str, key: bool = False) -> tuple[int, int]:
    """Line and column of a value in data read by g2g.yamlread (1, 1 when unknown)."""
    if not isinstance(data, PosDict):
        return (1, 1)
    return locate(data, tuple(loc), key=key)
