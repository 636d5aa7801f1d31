"""``g2g changes`` as text and data: one plan's definition at two git revisions, compared by
:func:`g2g.engine.changes.plan_changes`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from g2g.engine.changes import PlanChange, plan_changes
from g2g.errors import PlanUnusable, UsageError
from g2g.io.gitrev import (
    Tracked,
    commit_line,
    commit_of,
    last_change,
    parent_of,
    require_full_history,
    show,
    tracked,
)
from g2g.io.yamlread import read_yaml
from g2g.plan.model_plan import PlanFile


@dataclass(frozen=True)
class PlanVersions:
    """A plan's changes between two commits."""

    path: str
    """The plan file, from the repository's top folder."""
    before: str | None
    """The earlier commit, in words; None when the plan did not exist."""
    after: str
    """The later commit, in words."""
    changes: tuple[PlanChange, ...]
    """What changed, in plan order."""

    def text(self) -> str:
        """The changes in words, flagged moves marked."""
        since = f"from {self.before}" if self.before else "(new: no earlier version)"
        lines = [f"{self.path}: changes {since} to {self.after}"]
        if not self.changes:
            lines.append("  No change to the plan's actions, dates, targets or findings.")
        for change in self.changes:
            mark = "FLAG " if change.unrecorded else ""
            lines.append(f"  {mark}{change.text}")
        flagged = sum(1 for c in self.changes if c.unrecorded)
        if flagged:
            lines.append(
                f"  {flagged} {'move' if flagged == 1 else 'moves'} without a revision record: "
                "record the original value, when, why and who agreed it (docs/format.md)"
            )
        return "\n".join(lines)

    def as_data(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "path": self.path,
            "before": self.before,
            "after": self.after,
            "changes": [
                {"kind": c.kind.value, "id": c.id, "text": c.text, "unrecorded": c.unrecorded}
                for c in self.changes
            ],
        }


def _model(where: Tracked, commit: str, raw: bytes) -> PlanFile:
    document = read_yaml(f"{where.path}@{commit[:12]}", raw)
    if document.data is None:
        raise PlanUnusable(
            f"{where.path} at {commit[:12]} is not readable YAML - compare other revisions"
        )
    try:
        return PlanFile.model_validate(document.data)
    except ValidationError as exc:
        raise PlanUnusable(
            f"{where.path} at {commit[:12]} is not a valid plan ({exc.error_count()} "
            "problems; run 'g2g validate' on that version) - compare other revisions"
        ) from None


def plan_versions(plan_file: Path, revisions: str | None) -> PlanVersions:
    """The changes to ``plan_file`` between the revisions (``A..B``, one commit, or None for the
    last commit that touched it). :class:`g2g.io.gitrev.ShallowHistory` in a shallow clone,
    whose cut-off history would make an old plan look new and hide every move."""
    where = tracked(plan_file)
    require_full_history(where)
    if revisions is None:
        after = last_change(where)
        before = parent_of(where, after)
    elif ".." in revisions:
        first, _, second = revisions.partition("..")
        if not first or not second or second.startswith("."):
            raise UsageError(f"'{revisions}' is not a range - write it A..B, e.g. HEAD~1..HEAD")
        before, after = commit_of(where, first), commit_of(where, second)
    else:
        after = commit_of(where, revisions)
        before = parent_of(where, after)
    new_raw = show(where, after)
    if new_raw is None:
        raise PlanUnusable(f"{where.path} does not exist at {commit_line(where, after)}")
    new = _model(where, after, new_raw)
    old_raw = show(where, before) if before else None
    old = _model(where, before, old_raw) if before and old_raw is not None else None
    return PlanVersions(
        where.path,
        commit_line(where, before) if old is not None and before else None,
        commit_line(where, after),
        tuple(plan_changes(old, new)),
    )
