"""What commands do with each valid plan when they go through many: rate it, write its paper.

These run inside :func:`g2g.validate.use_paths`, possibly in a worker process, so they are
module-level functions that take plain arguments, return small picklable results, and report a
plan they cannot use by raising :class:`g2g.validate.PlanUnusable`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from g2g.diagnostics import Diagnostic
from g2g.engine.month import History, MonthRating, history
from g2g.engine.month import evaluate as evaluate_month
from g2g.engine.ratings import latest_month
from g2g.errors import MonthError, PlanUnusable
from g2g.plan.load import Plan

if TYPE_CHECKING:
    from g2g.report.overview import PlanRow


def chosen_month(plan: Plan, month: str | None, doing: str) -> str:
    """``month``, or the plan's latest month with updates; PlanUnusable when there is none."""
    chosen = month or latest_month(plan.updates())
    if chosen is None:
        raise PlanUnusable(
            f"{plan.folder}: no progress updates yet, so there is no month to {doing} - add a "
            "progress/YYYY-MM.yaml file, or give --month YYYY-MM"
        )
    return chosen


def rate_plan(
    plan: Plan, diagnostics: Sequence[Diagnostic], *, month: str | None, with_history: bool
) -> MonthRating | History:
    """The plan's ratings for ``month`` (default: its latest), or its history up to it."""
    if plan.model is None:  # not reached: a plan without a model has errors
        raise PlanUnusable(f"{plan.path}: the plan could not be read")
    chosen = chosen_month(plan, month, "rate")
    try:
        if with_history:
            return history(plan.model, plan.updates(), chosen)
        return evaluate_month(plan.model, plan.updates(), chosen)
    except MonthError as exc:
        raise PlanUnusable(f"{plan.folder}: {exc}") from None


@dataclass(frozen=True)
class PaperOptions:
    """How to make each paper (the options of ``g2g report``)."""

    month: str | None = None
    board: str | None = None
    markdown: bool = False
    templates: Path | None = None
    meeting: dt.date | None = None
    commit: str | None = None
    """The commit to print; None asks git; "none" or "" leaves it out."""


def paper_text(plan: Plan, diagnostics: Sequence[Diagnostic], options: PaperOptions) -> str:
    """The plan's board paper as HTML or Markdown.

    Raises PlanUnusable for a month outside the plan or an unknown board (exit code 2) and for
    an error in a template (exit code 1).
    """
    from g2g.errors import TemplateProblem
    from g2g.report.paper import build_paper, git_commit
    from g2g.report.render import PaperFormat, render_paper

    model = plan.model
    if model is None:  # not reached: a plan without a model has errors
        raise PlanUnusable(f"{plan.path}: the plan could not be read")
    chosen = chosen_month(plan, options.month, "report")
    board = None
    if options.board is None:
        board = model.plan.boards[0] if model.plan.boards else None
    else:
        board = next((b for b in model.plan.boards if b.id == options.board), None)
        if board is None:
            listed = ", ".join(f"{b.id} ({b.name})" for b in model.plan.boards)
            raise PlanUnusable(
                f"{plan.path}: no board '{options.board}' in plan.boards - the boards are: "
                f"{listed or 'none - add plan.boards'}"
            )
    if options.commit is None:
        commit = git_commit(plan.folder)
    else:
        commit = None if options.commit.strip().lower() in ("", "none") else options.commit.strip()
    try:
        paper = build_paper(
            plan,
            chosen,
            board=board,
            meeting=options.meeting,
            commit=commit,
            diagnostics=diagnostics,
            charts=not options.markdown,
        )
    except MonthError as exc:
        raise PlanUnusable(f"{plan.folder}: {exc}") from None
    fmt = PaperFormat.markdown if options.markdown else PaperFormat.html
    try:
        return render_paper(paper, fmt, options.templates)
    except TemplateProblem as exc:
        raise PlanUnusable(str(exc), exit_code=1) from None


def paper_name(plan: Plan, markdown: bool) -> str:
    """The file name of a plan's paper in an output folder: the plan id, else its folder."""
    stem = plan.model.plan.id if plan.model is not None else plan.folder.name
    return f"{stem}.{'md' if markdown else 'html'}"


def write_paper(
    plan: Plan, diagnostics: Sequence[Diagnostic], *, options: PaperOptions, folder: Path
) -> Path:
    """Write the plan's paper into ``folder`` (replaced whole, never half-written); returns
    the file written."""
    from g2g.io.atomic import atomic_write

    target = folder / paper_name(plan, options.markdown)
    atomic_write(target, paper_text(plan, diagnostics, options).encode("utf-8"))
    return target


def summarise_plan(plan: Plan, diagnostics: Sequence[Diagnostic], *, month: str | None) -> PlanRow:
    """The overview's row for one valid plan, rated for ``month`` (default: its latest)."""
    from g2g.report.overview import plan_row

    rated = rate_plan(plan, diagnostics, month=month, with_history=False)
    assert isinstance(rated, MonthRating)
    return plan_row(plan, rated)
