"""Read plan folders and check their files against the models: each folder is a :class:`Plan`
with its diagnostics, and a :class:`ValidPlan` (whose model is never None) when its ``plan.yaml``
loaded. The folders are found by :mod:`g2g.io.files`, read through :class:`Reader` (and the
cache) and checked by :mod:`g2g.plan.schema`; the meaning checks come later
(:mod:`g2g.plan.validate`).

A plan folder holds ``plan.yaml`` and a ``progress/`` folder of monthly files
(``progress/2019-08.yaml``). A path given to a command may be a plan folder, a folder of plan
folders (like the shipped ``plans/``), or a file inside a plan folder (which selects that plan).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from g2g.diagnostics import Diagnostic
from g2g.errors import PlanInvalid, UsageError
from g2g.io.cache import Cache, ParsedEntry, content_hash, parsed_document, parsed_entry
from g2g.io.files import (
    FINANCE_FILE,
    MEASURES_FILE,
    PLAN_FILE,
    PROGRESS_DIR,
    YAML_SUFFIXES,
    display_path,
    find_plan_folders,
    leads_outside,
    narrative_files,
    plan_file_paths,
    progress_files,
    read_file,
)
from g2g.io.yamlread import PosDict, YamlDocument, locate, read_yaml
from g2g.plan.exempt import public_update
from g2g.plan.model_base import is_number, scale_ratings
from g2g.plan.model_finance import FinanceFile
from g2g.plan.model_measures import MeasuresFile
from g2g.plan.model_plan import PlanFile
from g2g.plan.model_progress import ProgressFile, Update
from g2g.plan.narrative import NarrativeFile
from g2g.plan.schema import validate_model

__all__ = [
    "FINANCE_FILE",
    "MEASURES_FILE",
    "PLAN_FILE",
    "PROGRESS_DIR",
    "YAML_SUFFIXES",
    "Plan",
    "Reader",
    "Source",
    "UsageError",
    "ValidPlan",
    "allowed_ratings",
    "as_valid",
    "display_path",
    "find_plan_folders",
    "load_plan",
    "load_plans",
    "load_source",
    "loaded",
    "plan_file_paths",
    "position",
    "progress_files",
    "read_file",
    "valid_or_none",
]

M = TypeVar("M", bound=BaseModel)


@dataclass
class Source(Generic[M]):
    """One file as read and schema-checked: its values with positions and its model."""

    path: str
    data: Any
    model: M | None


ProgressSource = Source[ProgressFile]


@dataclass(frozen=True)
class LaterPlan:
    """The later plan of the same council that ends a plan recording no status (found by
    :func:`g2g.plan.portfolio.later_plans`)."""

    id: str
    start: str
    """Its first month, YYYY-MM: the plan it ends is ended from that month's first day."""


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
    narratives: list[Source[NarrativeFile]] = field(default_factory=list)
    """The officers' narrative files, one per meeting (``narrative/``)."""
    later: LaterPlan | None = None
    """For a plan that records no status, the later plan of the same council among the plans
    of the same run, which ends it (g2g.plan.portfolio); set by commands over several plans."""

    @property
    def loaded_progress(self) -> list[ProgressFile]:
        """The models of the progress files that loaded, in order."""
        return [model for _, model in loaded(self.progress)]

    @property
    def loaded_measures(self) -> MeasuresFile | None:
        """The model of ``measures.yaml``; None when there is none or it did not load."""
        return self.measures.model if self.measures is not None else None

    @property
    def loaded_finance(self) -> FinanceFile | None:
        """The model of ``finance.yaml``; None when there is none or it did not load."""
        return self.finance.model if self.finance is not None else None

    @property
    def loaded_narratives(self) -> list[NarrativeFile]:
        """The models of the narrative files that loaded, in order."""
        return [model for _, model in loaded(self.narratives)]

    @property
    def files(self) -> list[str]:
        """Display paths of every file read."""
        extra = [s.path for s in (self.measures, self.finance) if s is not None]
        narratives = [n.path for n in self.narratives]
        return [self.path, *extra, *(p.path for p in self.progress), *narratives]


@dataclass
class Reader:
    """Reads a plan folder's files into position-annotated values, through the cache when
    there is one.

    ``contents`` holds bytes already read (by a caller that hashed them first), so no file is
    read twice. Call :meth:`finish` when the folder is read, to keep what was parsed.
    """

    cache: Cache | None = None
    contents: dict[Path, bytes] = field(default_factory=dict)
    digests: dict[Path, str] = field(default_factory=dict)
    """Content hashes of ``contents`` already computed, so no file is hashed twice."""
    create: bool = True
    """Whether to start a cache entry for a folder that has none (False: only keep an existing
    entry current). ``g2g validate`` passes False: see g2g.io.cache."""
    folder: Path | None = None
    _known: dict[str, ParsedEntry] | None = None
    _used: dict[str, ParsedEntry] = field(default_factory=dict)
    _parsed_any: bool = False

    def read(self, path: Path) -> YamlDocument:
        """One file's values and the problems met reading it (data None when unreadable)."""
        raw = self.contents.pop(path, None)
        if raw is None or (self.folder is not None and leads_outside(path, self.folder)):
            shown, raw, problems = read_file(path, self.folder)
            if raw is None:
                return YamlDocument(shown, None, problems)
        else:
            shown = display_path(path)
        if self.cache is None or self.folder is None:
            return read_yaml(shown, raw)
        if self._known is None:
            self._known = self.cache.parsed_files(self.folder)
        digest = self.digests.pop(path, None) or content_hash(raw)
        entry = self._known.get(digest)
        if entry is None:
            entry = parsed_entry(read_yaml(shown, raw))
            self._parsed_any = True
        self._used[digest] = entry
        return parsed_document(shown, entry)

    def finish(self) -> None:
        """Keep the folder's files in the cache if anything had to be parsed or was dropped."""
        if self.cache is None or self.folder is None:
            return
        if not (self._known or self.create):
            return
        if self._parsed_any or set(self._used) != set(self._known or {}):
            self.cache.store_parsed_files(self.folder, self._used)


@dataclass
class ValidPlan(Plan):
    """A plan whose ``plan.yaml`` loaded: its model is never None. Made only by
    :func:`valid_or_none` (and :func:`as_valid`, which raises instead of giving None), the one
    place that checks; :func:`load_plan` gives one whenever ``plan.yaml`` loaded."""

    model: PlanFile

    def updates(self, *, private: bool = False) -> dict[str, dict[str, Update]]:
        """Valid updates by month, then by action id (the first one wins on a duplicate).

        Public by default: an update marked exempt (Schedule 12A) has its narrative replaced
        by the notice (g2g.plan.exempt); ``private`` keeps it.

        A target that takes its figures from a measure (``kpi:``) gets the measure's figure for
        the month in the action's update, so everything downstream reads values one way. A
        suppressed figure (c, :, ...) becomes null: not available, never zero.
        """
        out: dict[str, dict[str, Update]] = {}
        for progress in self.loaded_progress:
            month = out.setdefault(progress.month, {})
            for update in progress.updates:
                month.setdefault(update.action, update if private else public_update(update))
        self._fill_kpi_figures(out, private)
        return dict(sorted(out.items()))

    def _fill_kpi_figures(self, updates: dict[str, dict[str, Update]], private: bool) -> None:
        """Measure figures into the updates of the targets that take them (``kpi:``). In the
        public view a target that takes its figures from an exempt measure has none: its
        figures are the measure's, and the measure is withheld (g2g.plan.exempt)."""
        measures = self.loaded_measures
        if measures is None:
            return
        series = {m.id: m.values for m in measures.measures}
        exempt = {m.id for m in measures.measures if m.exempt is not None and not private}
        for _, _, action in self.model.actions():
            linked = [
                (t.id, series[t.kpi])
                for t in action.targets
                if t.kpi in series and t.kpi not in exempt
            ]
            withheld = {t.id for t in action.targets if t.kpi in exempt}
            for month, by_action in updates.items():
                update = by_action.get(action.id)
                if update is None or not (linked or withheld):
                    continue
                figures = {
                    target: (float(v) if is_number(v) else None)
                    for target, values in linked
                    if month in values
                    for v in [values[month]]
                }
                kept = {k: v for k, v in update.values.items() if k not in withheld}
                if figures or len(kept) != len(update.values):
                    by_action[action.id] = update.model_copy(update={"values": {**kept, **figures}})


def valid_or_none(plan: Plan) -> ValidPlan | None:
    """``plan`` as a :class:`ValidPlan`; None when its ``plan.yaml`` did not load."""
    if isinstance(plan, ValidPlan):
        return plan
    if plan.model is None:
        return None
    return ValidPlan(**{f.name: getattr(plan, f.name) for f in fields(plan)})


def as_valid(plan: Plan) -> ValidPlan:
    """``plan`` as a :class:`ValidPlan`; PlanInvalid when its ``plan.yaml`` did not load."""
    valid = valid_or_none(plan)
    if valid is None:
        raise PlanInvalid(
            f"{plan.path}: the plan did not load - fix the problems above", plan.diagnostics
        )
    return valid


def loaded(sources: Iterable[Source[M]]) -> list[tuple[Source[M], M]]:
    """Each of ``sources`` whose file loaded, with its model, in order."""
    return [(source, source.model) for source in sources if source.model is not None]


def allowed_ratings(model: PlanFile | None) -> list[str]:
    """The ratings a plan allows: red, amber and green, and blue on a BRAG plan (all four when
    the plan cannot be read)."""
    return [r.value for r in scale_ratings(model.plan.rag_policy.scale if model else None)]


def progress_choices(model: PlanFile | None) -> dict[str, list[str]]:
    """The plan's own allowed values for fields of its progress files (for messages)."""
    return {"rag": allowed_ratings(model)}


def load_plan(folder: Path, reader: Reader | None = None) -> Plan:
    """Read and schema-check a plan folder's files (through ``reader``'s cache, if any): a
    :class:`ValidPlan` when its ``plan.yaml`` loaded, else a :class:`Plan` whose diagnostics say
    why."""
    reader = reader or Reader()
    reader.folder = folder
    document = reader.read(folder / PLAN_FILE)
    problems = list(document.diagnostics)
    data = document.data
    model: PlanFile | None = None
    if data is not None or not document.diagnostics:
        model, found = validate_model(PlanFile, data, document.path, empty=document.empty)
        read_at = {(d.line, d.column) for d in document.diagnostics}
        problems.extend(d for d in found if (d.line, d.column) not in read_at)
    plan = Plan(folder, document.path, data, model, diagnostics=problems)
    if (folder / MEASURES_FILE).is_file():
        plan.measures = load_source(folder / MEASURES_FILE, MeasuresFile, plan.diagnostics, reader)
    if (folder / FINANCE_FILE).is_file():
        plan.finance = load_source(folder / FINANCE_FILE, FinanceFile, plan.diagnostics, reader)
    choices = progress_choices(model)
    for path in progress_files(folder):
        plan.progress.append(
            load_source(path, ProgressFile, plan.diagnostics, reader, choices=choices)
        )
    for path in narrative_files(folder):
        plan.narratives.append(load_source(path, NarrativeFile, plan.diagnostics, reader))
    reader.finish()
    return valid_or_none(plan) or plan


def load_source(
    path: Path,
    model: type[M],
    problems: list[Diagnostic],
    reader: Reader | None = None,
    *,
    choices: dict[str, list[str]] | None = None,
) -> Source[M]:
    """Read one file and check it against ``model``, adding its problems to ``problems``."""
    document = (reader or Reader()).read(path)
    problems.extend(document.diagnostics)
    if document.data is None and document.diagnostics:
        return Source(document.path, None, None)
    checked, schema_problems = validate_model(
        model, document.data, document.path, empty=document.empty, choices=choices
    )
    # A value the reader already refused (a leading zero) is not reported a second time.
    read_at = {(d.line, d.column) for d in document.diagnostics}
    problems.extend(d for d in schema_problems if (d.line, d.column) not in read_at)
    return Source(document.path, document.data, checked)


def load_plans(paths: list[Path], cache: Cache | None = None) -> list[Plan]:
    """Every plan named by ``paths``, read and schema-checked."""
    return [load_plan(folder, Reader(cache)) for folder in find_plan_folders(paths)]


def position(data: Any, *loc: int | str, key: bool = False) -> tuple[int, int]:
    """Line and column of a value in data read by g2g.io.yamlread (1, 1 when unknown)."""
    if not isinstance(data, PosDict):
        return (1, 1)
    return locate(data, tuple(loc), key=key)
