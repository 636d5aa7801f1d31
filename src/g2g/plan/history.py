"""The plan as the last paper saw it: the version of ``plan.yaml`` kept in git that the previous
paper was made from, so the paper and ``g2g rag`` can say what moved since (due dates and
targets moved without a revision record above all).

Which revision the last paper was made from. A paper records its commit in its provenance
line, but g2g does not keep the papers it made, so it works the revision out from the plan:

1. the board's previous paper in the plan's governance calendar (``plan.boards[].meetings``,
   the last meeting before this paper's month that heard a plan month): the last commit of the
   repository on or before the day that paper was published (``paper_published``), or, when
   that is not recorded, the day of the meeting;
2. with no calendar entry (no board, or no earlier meeting recorded): the last commit that
   touched the previous reported month's progress file (``progress/YYYY-MM.yaml``), the paper
   for that month being made once its updates were in.

The plan that is compared with it is the plan the paper is made from (the files as they are,
committed or not). Without history (git missing, the folder not in a repository, a shallow
clone, no commit before the last paper) the answer is a :class:`NoHistory` with the reason, in
words a board member can read.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from g2g.errors import G2GError
from g2g.io.files import PLAN_FILE, PROGRESS_DIR
from g2g.io.gitrev import (
    Tracked,
    commit_before,
    commit_line,
    commit_words,
    is_shallow,
    last_change_of,
    show,
)
from g2g.io.gitrev import tracked as find_tracked
from g2g.io.yamlread import read_yaml
from g2g.plan.model_plan import Board, PlanFile
from g2g.words import format_day, format_month


@dataclass(frozen=True)
class Baseline:
    """The plan's definition as it stood when the last paper was made."""

    model: PlanFile
    """plan.yaml at that revision."""
    commit: str
    """The revision's full commit id."""
    described: str
    """The revision in words, with its short id for the record: "the plan as it stood on 3 Sep
    2019 (version 3c5b5ca9d0e1)"."""
    basis: str
    """Why this revision, in words: which paper it stands for."""


@dataclass(frozen=True)
class NoHistory:
    """Why the plan's changes since the last paper could not be checked."""

    reason: str
    """In words, e.g. "the plan's git repository is a shallow clone ..."."""
    first: bool = False
    """True when there is simply no earlier paper to compare with (not a failure)."""


def plan_at(where: Tracked, commit: str, raw: bytes) -> PlanFile | None:
    """The plan definition in ``raw`` (plan.yaml at ``commit``); None when it is not a valid
    plan."""
    document = read_yaml(f"{where.path}@{commit[:12]}", raw)
    if document.data is None:
        return None
    try:
        return PlanFile.model_validate(document.data)
    except ValidationError:
        return None


def first_paper(month: str, board: Board | None, previous_month: str | None) -> NoHistory | None:
    """Why there is nothing to compare when the paper for ``month`` is the first (no earlier
    meeting in the board's calendar and no earlier reported month); None otherwise."""
    if (board is None or board.previous_paper(month) is None) and previous_month is None:
        return NoHistory("this is the first paper on the plan", True)
    return None


def not_looked_up(month: str, board: Board | None, previous_month: str | None) -> NoHistory:
    """What the paper says when it was made without git (``--commit none``)."""
    return first_paper(month, board, previous_month) or NoHistory(
        "this paper was made without reference to git (--commit none), so the plan's earlier "
        "versions were not looked up"
    )


def last_paper_baseline(
    folder: Path, month: str, board: Board | None, previous_month: str | None
) -> Baseline | NoHistory:
    """The plan as the last paper before the paper for ``month`` saw it (see the module's
    docstring for how that paper's revision is found), or why it cannot be known."""
    plan_file = folder / PLAN_FILE
    first = first_paper(month, board, previous_month)
    if first is not None:
        return first
    last = board.previous_paper(month) if board is not None else None
    try:
        where = find_tracked(plan_file)
        if is_shallow(where):
            return NoHistory(
                "the plan's git repository is a shallow clone, which holds only the latest "
                "versions, so the version the last paper was made from is not there (fetch the "
                "full history with 'git fetch --unshallow')"
            )
        if last is not None:
            day = last.paper_published or last.date
            assert board is not None
            if last.paper_published:
                when = f"the day the last paper to the {board.name} was published"
            else:
                when = f"the day the last paper went to the {board.name}"
            basis = f"the last version on or before {format_day(day)}, {when}"
            commit = commit_before(where, day)
            missing = f"the plan has no version in git from before {format_day(day)}"
        else:
            assert previous_month is not None
            progress = (folder / PROGRESS_DIR / f"{previous_month}.yaml").resolve()
            rel = progress.relative_to(where.root.resolve()).as_posix()
            basis = (
                f"the version in which the {format_month(previous_month)} updates were last "
                "recorded, the month of the last paper"
            )
            commit = last_change_of(where, rel)
            missing = f"the {format_month(previous_month)} updates are not committed to git"
    except G2GError as exc:  # no git, not a repository (and, soon, a shallow clone)
        return NoHistory(_reason(str(exc)))
    except (OSError, ValueError, subprocess.SubprocessError) as exc:
        return NoHistory(f"git could not be read ({exc})")
    if commit is None:
        return NoHistory(missing)
    raw = show(where, commit)
    if raw is None:
        return NoHistory(f"the plan file was not in git at {commit_line(where, commit)}")
    earlier = plan_at(where, commit, raw)
    if earlier is None:
        return NoHistory(
            f"the plan as it stood at {commit_line(where, commit)} is not a valid plan, so it "
            "cannot be compared"
        )
    return Baseline(earlier, commit, commit_words(where, commit), basis)


def _reason(message: str) -> str:
    """A git problem in a member's words (the officer's instruction after ' - ' kept)."""
    if "not inside a git repository" in message:
        return "the plan folder is not kept in git, so its earlier versions are not recorded"
    if "git is not installed" in message:
        return "git is not installed on the machine that made this paper"
    return message
