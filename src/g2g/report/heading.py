"""The front of the board paper: its heading (council, board, meeting, title, month, review
number, contacts) and its provenance line (g2g's version, the plan files, the git commit, the
validation result and when the paper was made).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from g2g.diagnostics import Diagnostic, Severity
from g2g.engine.ratings import months_with_updates
from g2g.plan.model_plan import Board, PlanFile
from g2g.plan.model_progress import Update
from g2g.report.labels import long_day, long_month
from g2g.report.narrative import FrontSheet, Narrative
from g2g.version import __version__
from g2g.words import plural


@dataclass(frozen=True)
class Provenance:
    """Where the paper came from, so a reader can reproduce it."""

    version: str
    files: tuple[str, ...]
    commit: str | None
    validation: str
    sentence: str
    made: dt.datetime | None = None
    """When the paper was made (UTC, whole seconds): the Word paper's created and modified
    dates. ``SOURCE_DATE_EPOCH`` fixes it, as reproducible builds do; None leaves it out."""


SOURCE_DATE_ENV = "SOURCE_DATE_EPOCH"
"""Environment variable (seconds since 1970, the reproducible-builds convention) that fixes the
time a paper is said to be made, so that two runs give the same file."""


def paper_time() -> dt.datetime:
    """The time a paper is made: now (UTC, whole seconds), or ``SOURCE_DATE_EPOCH`` when it is
    set to a whole number of seconds."""
    fixed = os.environ.get(SOURCE_DATE_ENV, "").strip()
    if fixed.isdigit() and len(fixed) <= 12:
        return dt.datetime.fromtimestamp(int(fixed), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Heading:
    """The front of the paper."""

    council: str
    service: str | None
    board: str | None
    board_chair: str | None
    meeting_date: str | None
    title: str
    plan_title: str
    month: str
    month_label: str
    review: str
    portfolio_holder: str | None
    officer_contact: str | None
    provenance: Provenance
    document_title: str
    """The title of the HTML document (browser tab, PDF metadata)."""
    front: FrontSheet | None = None
    """Agenda item, author, key decision, wards, status and version, from the meeting's
    narrative file (None without one)."""


def git_commit(folder: Path) -> str | None:
    """The git commit of the repository holding ``folder``, with a note when the plan folder has
    uncommitted changes; None when git or a repository is not there."""
    try:
        head = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--short=12", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(folder), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    if not head:
        return None
    return f"{head} (with uncommitted changes in the plan folder)" if dirty else head


def validation_summary(diagnostics: Sequence[Diagnostic]) -> str:
    """The validation result in words (the paper is only made from a valid plan)."""
    errors = sum(1 for d in diagnostics if d.severity is Severity.error)
    accepted = sum(1 for d in diagnostics if d.severity is Severity.acknowledged)
    warnings = len(diagnostics) - errors - accepted
    noted = f" ({accepted} acknowledged by the plan)" if accepted else ""
    if errors:
        return f"invalid, {plural(errors, 'error')}"
    if warnings:
        return f"valid, with {plural(warnings, 'warning')}{noted}"
    if accepted:
        return f"valid, with {plural(accepted, 'acknowledged warning')}"
    return "valid, no problems found"


def build_provenance(
    files: Sequence[str], commit: str | None, validation: str, made: dt.datetime | None = None
) -> Provenance:
    """The provenance line: the files, commit and validation result in one sentence."""
    listed = ", ".join(files)
    where = f"; git commit {commit}" if commit else ""
    sentence = (
        f"Produced by g2g {__version__} from {plural(len(files), 'plan file')} ({listed})"
        f"{where}. Validation: {validation}."
    )
    return Provenance(__version__, tuple(files), commit, validation, sentence, made)


def build_heading(
    model: PlanFile,
    month: str,
    board: Board | None,
    meeting: dt.date | None,
    provenance: Provenance,
    updates: Mapping[str, Mapping[str, Update]],
    narrative: Narrative | None = None,
) -> Heading:
    """The front of the paper for ``month``: the narrative's title when it gives one."""
    settings = model.plan
    review = len([m for m in months_with_updates(updates) if m <= month])
    review_text = f"monthly review {review}" if updates.get(month) else "no updates"
    title = f"{settings.title}: progress update"
    if narrative is not None and narrative.title:
        title = narrative.title
    document_title = f"{title}, {long_month(month)}"
    if board is not None:
        document_title += f" - {board.name}"
    return Heading(
        council=settings.council,
        service=settings.service,
        board=board.name if board else None,
        board_chair=board.chair if board else None,
        meeting_date=long_day(meeting) if meeting else None,
        title=title,
        plan_title=settings.title,
        month=month,
        month_label=long_month(month),
        review=review_text,
        portfolio_holder=settings.portfolio_holder,
        officer_contact=settings.officer_contact,
        provenance=provenance,
        document_title=document_title,
        front=narrative.front if narrative else None,
    )
