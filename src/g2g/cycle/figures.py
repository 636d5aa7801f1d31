"""``g2g import`` of service figures: a long table, a wide scorecard or DfE open data.

A figure file is recognised by its content (g2g.cycle.figure_files reads each shape, and
g2g.cycle.figure_values checks each month and value; this module matches the figures to the
plans' measures and records them):

* **DfE open data** (CSV): the first row has ``time_period``, ``time_identifier`` and
  ``geographic_level`` - the layout of the DfE's explore education statistics service. The
  measures that say where the DfE publishes them (``dfe:`` in measures.yaml) take the
  council's own figure (``local_authority:``) as their value, and England's, the region's and
  each statistical neighbour's (``statistical_neighbours:``) as comparators, for the month the
  period ends (or the ``month:`` the mapping gives).
* **a long table** (CSV or a workbook's sheet): a row of headings with ``measure``, ``month``
  and ``value`` (``note`` and ``source`` optional), then a row per figure.
* **a wide scorecard** (CSV or a workbook's sheet): a row of headings with months (``2019-09``,
  an Excel date, or ``Sep 2019``), then a row per measure, named in any column left of the
  months by its id, its name or one of its ``codes:``.

Values are checked against each measure's unit (a percentage is written 55: ``55%`` typed as
text and 0.55 are refused, with what to write); suppression codes (``c``, ``:``, ``z``, ``x``,
``u``, ``low``, ``..``) are kept as codes, never turned into zero. Every refused cell is a
:class:`FigureProblem` located ``FILE:ROW:COLUMN`` or ``FILE:Sheet!B12``; with any, nothing is
written unless the good rows are asked for. A figure already recorded is replaced only when
asked; a figure the plan already holds is left alone, so importing a file twice changes nothing.
Each plan's measures.yaml is written once, atomically, under its lock, through
:func:`g2g.io.yamledit.edit_mappings_in_list` (every byte outside the edited measures kept), and
only when the plan stays valid.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from g2g.cycle.cells import CellValueError
from g2g.cycle.figure_files import FileRead, ReadFigure, SeriesKey, read_figure_file
from g2g.cycle.figure_values import (
    CODES,
    FigureProblem,
    Value,
    exact_number,
    match_key,
    parse_value,
)
from g2g.cycle.importing import ImportSummary, recorded_line
from g2g.errors import CycleError, WriteError
from g2g.io.atomic import atomic_write, file_lock
from g2g.io.yamledit import Edit, edit_mappings_in_list
from g2g.io.yamlread import read_yaml
from g2g.plan.load import (
    MEASURES_FILE,
    Plan,
    Source,
    ValidPlan,
    display_path,
    load_plan,
    valid_or_none,
)
from g2g.plan.model_base import is_number
from g2g.plan.model_measures import Measure, MeasuresFile
from g2g.plan.schema import validate_model
from g2g.plan.validate import errors_of, validate_plan
from g2g.words import did_you_mean, plural

__all__ = ["FigureImport", "PlanImport", "import_figures", "import_lines"]

# --- matching and recording ----------------------------------------------------------------


@dataclass
class FigureChange:
    """One figure for one plan's measure, and what recording it does."""

    measure: str
    series: SeriesKey
    month: str
    value: Value
    where: str
    kind: str = "new"
    """new, replaced, unchanged or conflict."""
    previous: Value = None
    note: str | None = None
    source: str | None = None


@dataclass
class PlanImport:
    """What an import records (or would) in one plan's measures.yaml."""

    folder: Path
    plan_id: str
    path: str
    changes: list[FigureChange] = field(default_factory=list)
    written: bool = False


@dataclass
class FigureImport:
    """What an import of figure files did (or, in a dry run, would do)."""

    reads: list[FileRead]
    plans: list[PlanImport]
    problems: list[FigureProblem]
    notes: list[str]
    imported: bool

    def summary(self, *, dry_run: bool, good_rows: bool) -> ImportSummary:
        """What ``g2g import`` says about this import of figures."""
        count = same = 0
        where: list[str] = []
        lines: list[str] = []
        for plan in self.plans:
            lines += import_lines(plan, dry_run)
            recorded = sum(1 for c in plan.changes if c.kind in ("new", "replaced"))
            same += sum(1 for c in plan.changes if c.kind == "unchanged")
            count += recorded
            if recorded and (plan.written or dry_run):
                where.append(plan.path)
        problems = len(self.problems)
        return ImportSummary(
            lines,
            refusal=(
                f"nothing imported: {plural(problems, 'problem')} - correct "
                f"{'it' if problems == 1 else 'them'} and import again, or give --good-rows to "
                "import the other figures"
                if self.problems and not good_rows
                else None
            ),
            recorded=recorded_line(
                count, plural(count, "figure"), ", ".join(where), dry_run=dry_run
            ),
            unchanged=f"{plural(same, 'figure')} already held what the file says."
            if same
            else None,
            left_out=(
                f"{plural(problems, 'problem')}: the figures they concern were not imported"
                if self.problems
                else None
            ),
        )


def _names(measure: Measure) -> set[str]:
    return {match_key(measure.id), match_key(measure.name), *(match_key(c) for c in measure.codes)}


def _lookup(plan: ValidPlan) -> dict[str, Measure]:
    measures = plan.measures.model if plan.measures else None
    out: dict[str, Measure] = {}
    for measure in measures.measures if measures else []:
        for name in _names(measure):
            out.setdefault(name, measure)
    return out


def _series_values(measure: Measure, series: SeriesKey) -> dict[str, Value] | None:
    if series.kind is None:
        return dict(measure.values)
    for comparator in measure.comparators:
        if comparator.kind.value == series.kind and (
            comparator.name == series.name or series.kind == "england"
        ):
            return dict(comparator.values)
    return None


def _same(one: Value, two: Value) -> bool:
    if is_number(one) and is_number(two):
        return float(one) == float(two)
    return one == two


def _match(
    reads: list[FileRead], plans: list[tuple[Path, ValidPlan]], today: dt.date
) -> tuple[list[PlanImport], list[FigureProblem], list[str]]:
    problems: list[FigureProblem] = []
    notes: list[str] = []
    results: list[PlanImport] = []
    lookups = [(folder, plan, _lookup(plan)) for folder, plan in plans]
    matched: set[int] = set()
    this_month = f"{today.year:04d}-{today.month:02d}"
    for folder, plan, lookup in lookups:
        path = plan.measures.path if plan.measures else display_path(folder / MEASURES_FILE)
        result = PlanImport(folder, plan.model.plan.id, path)
        taken: dict[tuple[str, SeriesKey, str], FigureChange] = {}
        for read in reads:
            for entry in read.entries:
                measure = _entry_measure(entry, folder, lookup)
                if measure is None:
                    continue
                matched.add(id(entry))
                change = _entry_change(entry, measure, this_month, taken, problems)
                if change is not None:
                    taken[(measure.id, entry.series, entry.month)] = change
                    result.changes.append(change)
        results.append(result)
    _unmatched(reads, matched, lookups, results, problems, notes)
    return results, problems, notes


def _entry_measure(entry: ReadFigure, folder: Path, lookup: dict[str, Measure]) -> Measure | None:
    """The plan's measure an entry names (by id, name or code; DfE's by its mapping), or None."""
    if entry.dfe_measure is not None:
        measure_id = entry.dfe_measure.rsplit("/", 1)[1]
        if entry.dfe_measure.rsplit("/", 1)[0] != str(folder):
            return None
        return next(m for m in lookup.values() if m.id == measure_id)
    found = lookup.get(match_key(entry.label))
    if found is None and " | " in entry.label:
        found = next(
            (lookup[match_key(p)] for p in entry.label.split(" | ") if match_key(p) in lookup),
            None,
        )
    return found


def _entry_change(
    entry: ReadFigure,
    measure: Measure,
    this_month: str,
    taken: dict[tuple[str, SeriesKey, str], FigureChange],
    problems: list[FigureProblem],
) -> FigureChange | None:
    """What recording the entry does; None (a problem when it is one) when nothing is."""
    if entry.month > this_month:
        problems.append(
            FigureProblem(
                entry.month_where or entry.where,
                f"{entry.month} is after this month ({this_month}) - check the year "
                "of the month heading or cell",
                CODES["wrong-year"],
            )
        )
        return None
    try:
        value = parse_value(entry.cell, measure, published=entry.dfe_measure is not None)
    except CellValueError as exc:
        problems.append(FigureProblem(entry.where, str(exc), CODES[exc.kind]))
        return None
    if entry.cell.value is None and entry.cell.formula is None:
        if entry.strict and entry.dfe_measure is None:
            problems.append(
                FigureProblem(
                    entry.where,
                    "no value - write the figure, or a code such as : (not "
                    "available) or c (suppressed)",
                    CODES["number"],
                )
            )
        return None
    key = (measure.id, entry.series, entry.month)
    if key in taken:
        _repeated(entry, measure, taken[key], value, problems)
        return None
    existing = _series_values(measure, entry.series) or {}
    change = FigureChange(
        measure.id,
        entry.series,
        entry.month,
        value,
        entry.where,
        note=entry.note,
        source=entry.source,
    )
    if entry.month in existing and existing[entry.month] is not None:
        change.previous = existing[entry.month]
        change.kind = "unchanged" if _same(existing[entry.month], value) else "conflict"
    elif entry.month in existing:
        change.kind = "new"
    return change


def _repeated(
    entry: ReadFigure,
    measure: Measure,
    first: FigureChange,
    value: Value,
    problems: list[FigureProblem],
) -> None:
    """A second figure for a measure's series and month: a problem when the two differ."""
    label = entry.series.label() + " " if entry.series.kind else ""
    if not _same(first.value, value) and entry.dfe_measure is not None:
        problems.append(
            FigureProblem(
                entry.where,
                f"{measure.id} {label}for {entry.month}: a second row of the "
                f"file (the first is {first.where}) - add filters: to the "
                "measure's dfe: mapping to pick one row per area (a column "
                "whose value differs between the two rows)",
                CODES["repeated"],
            )
        )
    elif not _same(first.value, value):
        problems.append(
            FigureProblem(
                entry.where,
                f"{measure.id} {label}"
                f"for {entry.month} is also given at {first.where} with "
                f"{_shown(first.value)} - keep one of the two",
                CODES["repeated"],
            )
        )


def _unmatched(
    reads: list[FileRead],
    matched: set[int],
    lookups: list[tuple[Path, ValidPlan, dict[str, Measure]]],
    results: list[PlanImport],
    problems: list[FigureProblem],
    notes: list[str],
) -> None:
    """Entries that name no measure: a problem on a long table, a note on a scorecard; and a
    problem for a file none of whose entries names one."""
    for read in reads:
        for entry in read.entries:
            if id(entry) in matched:
                continue
            names = sorted({m.id for _, _, lookup in lookups for m in lookup.values()})
            hint = did_you_mean(entry.label.split(" | ")[0], names)
            where = entry.label_where or entry.where
            if entry.strict:
                problems.append(
                    FigureProblem(
                        where,
                        f"'{entry.label}' is not a measure of "
                        f"{', '.join(r.plan_id for r in results) or 'the plans given'}{hint} - "
                        "write its id or name, or add the name to the measure's codes: in "
                        "measures.yaml",
                        CODES["unknown-measure"],
                    )
                )
            else:
                note = (
                    f"{where}: row '{entry.label}' names no measure of "
                    f"{', '.join(r.plan_id for r in results)}{hint} - ignored (add it to a "
                    "measure's codes: in measures.yaml to import it)"
                )
                if note not in notes:
                    notes.append(note)
        if read.entries and not any(id(e) in matched for e in read.entries):
            plans_named = ", ".join(r.plan_id for r in results) or "the plans given"
            problems.append(
                FigureProblem(
                    read.file,
                    f"no row names a measure of {plans_named} - check the file is for this "
                    "plan, or add the file's names for its measures to their codes: in "
                    "measures.yaml",
                    CODES["unknown-measure"],
                )
            )


def _shown(value: Value) -> str:
    if value is None:
        return "null (not available)"
    if isinstance(value, str):
        return value
    return exact_number(value)


def import_figures(
    paths: list[Path],
    plans: dict[str, tuple[Path, ValidPlan]],
    month: str | None = None,
    *,
    replace: bool = False,
    good_rows: bool = False,
    dry_run: bool = False,
    lock_timeout: float = 10.0,
    today: dt.date | None = None,
) -> FigureImport:
    """Read every figure file, then record what they hold, one write per plan.

    ``month`` (optional) imports only that month's figures. Raises CycleError when a plan's
    measures.yaml cannot be written or would make the plan invalid; then that plan is unchanged.
    """
    today = today or dt.date.today()
    loaded = [plan for _, plan in plans.values()]
    reads = [read_figure_file(path, loaded, month) for path in paths]
    notes = [n for read in reads for n in read.notes]
    problems = [p for read in reads for p in read.problems]
    results, found, more = _match(reads, list(plans.values()), today)
    problems += found
    notes += more
    for result in results:
        for change in result.changes:
            if change.kind == "conflict" and replace:
                change.kind = "replaced"
            elif change.kind == "conflict":
                label = f" ({change.series.label()})" if change.series.kind else ""
                problems.append(
                    FigureProblem(
                        change.where,
                        f"{change.measure}{label} already has {_shown(change.previous)} for "
                        f"{change.month} in {result.path}, and this cell says "
                        f"{_shown(change.value)} - import with --replace to overwrite it, or "
                        "correct the cell",
                        CODES["already-recorded"],
                    )
                )
    problems = sorted(set(problems), key=_problem_order)
    if problems and not good_rows:
        return FigureImport(reads, results, problems, notes, False)
    bad = {p.where for p in problems}
    for result in results:
        result.changes = [c for c in result.changes if c.where not in bad]
        todo = [c for c in result.changes if c.kind in ("new", "replaced")]
        if todo:
            _record(result, todo, dry_run=dry_run, timeout=lock_timeout, today=today)
    imported = any(r.written for r in results) or (dry_run and not problems)
    return FigureImport(reads, results, problems, notes, imported)


def _problem_order(problem: FigureProblem) -> tuple[str, int, str, str]:
    """File, then row (as a number), then column, then message."""
    where = problem.where
    found = re.search(r"!([A-Z]+)(\d+)$", where)
    if found:
        return (where.split("!")[0], int(found.group(2)), found.group(1).rjust(3), problem.message)
    parts = where.rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return (parts[0], int(parts[1]), parts[2].rjust(5), problem.message)
    return (where, 0, "", problem.message)


MEASURE_ORDER = (
    "id",
    "name",
    "codes",
    "group",
    "unit",
    "polarity",
    "target",
    "tolerance",
    "values",
    "notes",
    "comparators",
    "dfe",
    "source",
    "exempt",
)


def _plain_data(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_data(v) for v in value]
    return value


def _record(
    result: PlanImport, todo: list[FigureChange], *, dry_run: bool, timeout: float, today: dt.date
) -> None:
    folder = result.folder
    path = folder / MEASURES_FILE
    shown = display_path(path)
    try:
        with file_lock(path, timeout):
            plan = load_plan(folder)
            measures = plan.loaded_measures
            if valid_or_none(plan) is None or plan.measures is None or measures is None:
                raise CycleError(
                    f"{shown} has errors - fix them before importing figures (see g2g validate)",
                    diagnostics=errors_of(plan.diagnostics),
                )
            raw = path.read_bytes().decode("utf-8")
            text = _edited(raw, plan.measures.data, measures, todo)
            after_plan = _with_measures(plan, shown, text)
            new = errors_of(validate_plan(after_plan, today))
            if new:  # only the errors the figures bring refuse them (rare: check before too)
                from g2g.cycle.common import introduced

                before = validate_plan(plan, today)
                new = errors_of(introduced(before, validate_plan(after_plan, today)))
            if new:
                raise CycleError(
                    f"not recorded: the figures would make the plan invalid - {shown} is unchanged",
                    diagnostics=new,
                )
            if not dry_run:
                atomic_write(path, text.encode("utf-8"))
                result.written = True
    except WriteError as exc:
        raise CycleError(f"{shown}: {exc} - it is unchanged") from None
    except OSError as exc:
        raise CycleError(f"{shown}: cannot write the file: {exc.strerror or exc}") from None


def _edited(raw: str, data: Any, model: MeasuresFile, todo: list[FigureChange]) -> str:
    index = {m.id: i for i, m in enumerate(model.measures)}
    edits: dict[int, Edit] = {}
    comparators: dict[int, list[dict[str, Any]]] = {}
    for change in todo:
        i = index[change.measure]
        edit = edits.setdefault(i, Edit({}, {}))
        if change.series.kind is None:
            edit.nested.setdefault("values", {})[change.month] = change.value
        else:
            series = comparators.get(i)
            if series is None:
                series = _plain_data(list(data["measures"][i].get("comparators") or []))
                comparators[i] = series
            target = next(
                (
                    c
                    for c in series
                    if c.get("kind", "statistical_neighbours") == change.series.kind
                    and (c.get("name") == change.series.name or change.series.kind == "england")
                ),
                None,
            )
            if target is None:
                target = {"kind": change.series.kind}
                if change.series.name:
                    target["name"] = change.series.name
                target["values"] = {}
                series.append(target)
            values = target.setdefault("values", {})
            if values is None:
                target["values"] = values = {}
            values[change.month] = change.value
            edit.keys["comparators"] = series
        if change.note:
            edit.nested.setdefault("notes", {})[change.month] = change.note
        measure = model.measures[i]
        if change.source and measure.source is None:
            edit.keys["source"] = change.source
    return edit_mappings_in_list(raw, "measures", edits, MEASURE_ORDER).text


def _with_measures(plan: Plan, shown: str, text: str) -> Plan:
    document = read_yaml(shown, text.encode("utf-8"))
    problems = list(document.diagnostics)
    model: MeasuresFile | None = None
    if document.data is not None or not document.diagnostics:
        model, found = validate_model(MeasuresFile, document.data, shown, empty=document.empty)
        problems.extend(found)
    diagnostics = [d for d in plan.diagnostics if d.path != shown] + problems
    return replace(plan, measures=Source(shown, document.data, model), diagnostics=diagnostics)


def import_lines(result: PlanImport, dry_run: bool) -> list[str]:
    """Lines saying what an import did (or would do) to one plan: one per measure and series."""
    lines: list[str] = []
    groups: dict[tuple[str, SeriesKey], list[FigureChange]] = {}
    for change in result.changes:
        if change.kind in ("new", "replaced"):
            groups.setdefault((change.measure, change.series), []).append(change)
    for (measure, series), changes in groups.items():
        parts = []
        for change in sorted(changes, key=lambda c: c.month):
            if change.kind == "replaced":
                parts.append(
                    f"{change.month} {_shown(change.value)} (was {_shown(change.previous)})"
                )
            else:
                parts.append(f"{change.month} {_shown(change.value)}")
        label = f" {series.label()}" if series.kind else ""
        verb = "would record" if dry_run else "recorded"
        lines.append(f"{result.plan_id} {measure}{label}: {verb} {', '.join(parts)}")
    return lines
