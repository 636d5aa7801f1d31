"""``g2g import``: record what lead officers' update returns hold.

Every return is read first (g2g.cycle.returns, cell by cell through g2g.cycle.cells); a row
that two returns both update, and a row that would change an update already recorded, is a
problem of its own. Then, one batch per plan, everything accepted is recorded through
:func:`g2g.cycle.update.record_updates` - the path ``g2g update`` takes: the whole plan checked
first, one atomic write per month's file, under its lock, every byte outside the edited entries
kept. A return with problems imports nothing unless the good rows are asked for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from g2g.cycle.returns import CODES, CellProblem, Origin, ReturnRead, read_return
from g2g.cycle.update import BatchResult, Outcome, OutcomeKind, UpdateRequest, record_updates
from g2g.errors import CycleUsageError
from g2g.plan.load import ValidPlan
from g2g.plan.officer_fields import OFFICER_FIELDS, Kind
from g2g.words import format_number, plural

__all__ = [
    "ImportResult",
    "ImportSummary",
    "import_returns",
    "outcome_line",
    "plans_by_id",
    "recorded_line",
]


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    reads: list[ReturnRead]
    batches: list[BatchResult]
    problems: list[CellProblem]
    """Every cell not accepted, conflicts with recorded updates included."""
    imported: bool
    """False when nothing was recorded because of problems (without good rows)."""
    origins: dict[str, Origin]

    def summary(self, *, dry_run: bool, good_rows: bool) -> ImportSummary:
        """What ``g2g import`` says about this import of returns."""
        lines: list[str] = []
        changed = 0
        for batch in self.batches:
            for outcome in batch.outcomes:
                key = next(
                    (k for k in self.origins if k.endswith("/" + outcome.action)), outcome.action
                )
                line = outcome_line(outcome, self.origins.get(key), dry_run)
                if line:
                    lines.append(line)
                    changed += 1
            lines += [diagnostic.format_text() for diagnostic in batch.warnings]
        unchanged = sum(len(read.unchanged) for read in self.reads)
        same = sum(1 for b in self.batches for o in b.outcomes if o.kind is OutcomeKind.unchanged)
        where = ", ".join(sorted({b.path for b in self.batches if b.written or dry_run}))
        noun = "update" if changed == 1 else "updates"
        count = len(self.problems)
        return ImportSummary(
            lines,
            refusal=(
                # a problem may be a whole file (damaged, not a workbook), not a cell
                f"nothing imported: {plural(count, 'problem')} - correct "
                f"{'it' if count == 1 else 'them'} and import again, or give --good-rows to "
                "import the other rows"
                if self.problems and not good_rows
                else None
            ),
            recorded=recorded_line(changed, f"{changed} {noun}", where, dry_run=dry_run),
            unchanged=(
                f"{plural(unchanged, 'row was', 'rows were')} left as sent; {same} already "
                "held what the return says."
                if unchanged or same
                else None
            ),
            left_out=(
                f"{plural(count, 'cell')} could not be accepted; their rows were not imported"
                if self.problems
                else None
            ),
        )


@dataclass(frozen=True)
class ImportSummary:
    """What ``g2g import`` tells a person after an import of returns or figures, in the order
    it is told: ``lines``; then ``refusal`` as the error when nothing was imported because of
    problems; else ``recorded`` and ``unchanged``, and ``left_out`` as the error when problems
    kept some rows (with --good-rows) out."""

    lines: list[str]
    """One per update or series recorded (or, in a dry run, that would be), and warnings."""
    refusal: str | None
    recorded: str
    """What was (or would be) recorded where: "Recorded 3 updates in ...", "Nothing to record."."""
    unchanged: str | None
    """How many were left as sent or already held what the file says, when any were."""
    left_out: str | None


def recorded_line(count: int, what: str, where: str, *, dry_run: bool) -> str:
    """The line an import ends with: what was (or, in a dry run, would be) recorded where."""
    if dry_run:
        return (
            f"Dry run: {what} would be recorded{' in ' + where if where else ''}; nothing written."
        )
    if count:
        return f"Recorded {what} in {where}."
    return "Nothing to record."


def import_returns(
    paths: list[Path],
    plans: dict[str, tuple[Path, ValidPlan]],
    month: str,
    *,
    replace: bool = False,
    good_rows: bool = False,
    dry_run: bool = False,
    lock_timeout: float = 10.0,
    today: dt.date | None = None,
) -> ImportResult:
    """Read every return, then record what they hold, one batch per plan.

    ``plans`` maps plan ids to their folder and loaded plan. Raises CycleError when a batch
    cannot be recorded (it would make the plan invalid); then nothing of that plan is written.
    """
    loaded = {plan_id: plan for plan_id, (_, plan) in plans.items()}
    reads = [read_return(path, loaded, month, today) for path in paths]
    problems = [p for read in reads for p in read.problems]
    origins: dict[str, Origin] = {}
    repeated: set[str] = set()
    by_plan: dict[str, list[UpdateRequest]] = {}
    for read in reads:
        for request in read.requests:
            key = f"{read.plan}/{request.action}"
            if key in origins:
                first = origins[key]
                here = read.origins[request.action]
                problems.append(
                    CellProblem(
                        here.file,
                        here.sheet,
                        here.cell,
                        f"{request.action} is also updated in {first.file} - keep one of the two "
                        "returns' rows for it",
                        CODES["repeated-row"],
                    )
                )
                repeated.add(key)
                continue
            origins[key] = read.origins[request.action]
            by_plan.setdefault(str(read.plan), []).append(request)
    if problems and not good_rows:
        return ImportResult(reads, [], sorted(problems), False, origins)
    batches: list[BatchResult] = []
    for plan_id, requests in by_plan.items():
        requests = [r for r in requests if f"{plan_id}/{r.action}" not in repeated]
        if not requests:
            continue
        folder = plans[plan_id][0]
        batch = record_updates(
            folder,
            requests,
            replace=replace,
            skip_same=True,
            partial=good_rows,
            dry_run=dry_run,
            lock_timeout=lock_timeout,
            today=today,
        )
        for outcome in batch.conflicts:
            origin = origins[f"{plan_id}/{outcome.action}"]
            problems.append(
                CellProblem(
                    origin.file,
                    origin.sheet,
                    origin.cell,
                    f"{outcome.action} already has an update recorded for {month}"
                    f"{_recorded(outcome)} that this row would change - import with --replace "
                    "to overwrite it, or leave the row as it was sent",
                    CODES["already-recorded"],
                )
            )
        batches.append(batch)
    imported = any(b.written for b in batches) or (dry_run and not problems)
    return ImportResult(reads, batches, sorted(problems), imported, origins)


def _recorded(outcome: Outcome) -> str:
    previous = outcome.previous
    if previous is None:
        return ""
    parts = []
    if previous.rag:
        parts.append(previous.rag.value.capitalize())
    if previous.updated_by:
        parts.append(f"by {previous.updated_by}")
    if previous.updated_on:
        parts.append(f"on {previous.updated_on.isoformat()}")
    return f" ({', '.join(parts)})" if parts else ""


def outcome_line(outcome: Outcome, origin: Origin | None, dry_run: bool) -> str | None:
    """One line saying what an import did for one action; None when it did nothing."""
    if outcome.kind in (OutcomeKind.unchanged, OutcomeKind.conflict) or outcome.update is None:
        return None
    update = outcome.update
    verb = {
        OutcomeKind.created: "record" if dry_run else "recorded",
        OutcomeKind.filled: "record" if dry_run else "recorded",
        OutcomeKind.replaced: "replace the earlier update with" if dry_run else "replaced",
    }[outcome.kind]
    parts = [f"status {update.status.value.replace('_', ' ')}"]
    parts.append(f"rating {update.rag.value.capitalize()}" if update.rag else "no rating")
    if update.narrative:
        parts.append("progress note")
    parts += [
        f.name.replace("_", " ")
        for f in OFFICER_FIELDS
        if f.kind is Kind.text and f.request is None and getattr(update, f.name)
    ]
    for target, value in update.values.items():
        if value is not None:
            parts.append(f"{target} {format_number(value)}")
    source = f" (from {origin.file})" if origin else ""
    prefix = "would " if dry_run else ""
    return f"{outcome.action}: {prefix}{verb} {', '.join(parts)}{source}"


def plans_by_id(
    folders: list[Path], purpose: str = "importing returns"
) -> dict[str, tuple[Path, ValidPlan]]:
    """The plans in ``folders`` by id; CycleError when two share an id."""
    from g2g.cycle.common import load_valid_plan

    out: dict[str, tuple[Path, ValidPlan]] = {}
    for folder in folders:
        plan = load_valid_plan(folder, purpose)
        plan_id = plan.model.plan.id
        if plan_id in out:
            raise CycleUsageError(
                f"two plans given have the id {plan_id} ({out[plan_id][0]}, {folder}) - give "
                "one of them",
            )
        out[plan_id] = (folder, plan)
    return out
