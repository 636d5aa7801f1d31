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
from g2g.words import format_number

__all__ = ["ImportResult", "describe", "import_returns", "plans_by_id"]


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


def describe(outcome: Outcome, origin: Origin | None, dry_run: bool) -> str | None:
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
