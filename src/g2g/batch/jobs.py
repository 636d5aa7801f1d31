"""What commands do with each valid plan when they go through many: rate it, list what falls
due, gather its service figures, write its paper; and the choices the report command makes.

The per-plan functions run inside :func:`g2g.batch.each.use_paths`, possibly in a worker
process, so they are module-level functions that take plain arguments, return small picklable
results, and report a plan they cannot use by raising :class:`g2g.errors.PlanUnusable`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from g2g.diagnostics import Diagnostic
from g2g.engine.month import History, MonthRating, history
from g2g.engine.month import evaluate as evaluate_month
from g2g.engine.ratings import check_plan_month, latest_month
from g2g.errors import MonthError, PlanSkipped, PlanUnusable, UsageError, WordTemplateUnusable
from g2g.months import month_end
from g2g.plan.load import ValidPlan

if TYPE_CHECKING:
    from g2g.engine.due import DueItem, Window
    from g2g.output.kpi import PlanFigures
    from g2g.plan.lifecycle import Updates
    from g2g.report.formats import PaperFormat
    from g2g.report.overview import PlanRow
    from g2g.report.paper import Paper


def chosen_month(
    plan: ValidPlan, month: str | None, doing: str, updates: Updates | None = None
) -> str:
    """``month``, or the plan's latest month with updates; PlanSkipped when there is none, or
    when the plan was closed or superseded by then, or the month is outside its period.
    ``updates`` is ``plan.updates()`` when the caller already has it."""
    chosen = month or latest_month(plan.updates() if updates is None else updates)
    if chosen is None:
        raise PlanSkipped(
            f"{plan.folder}: no progress updates yet, so there is no month to {doing} - add a "
            "progress/YYYY-MM.yaml file, or give --month YYYY-MM"
        )
    try:
        check_plan_month(plan.model, chosen)  # a month outside the plan: said first
    except MonthError as exc:
        raise PlanSkipped(f"{plan.folder}: {exc}") from None
    skip_ended(plan, month_end(chosen), f"for {chosen}")
    return chosen


def plan_moves(plan: ValidPlan, month: str, previous_month: str | None) -> tuple[str, ...]:
    """The due dates and targets moved without a revision record between the plan as the last
    paper before ``month`` saw it (its first board's calendar, else the previous reported
    month: :func:`g2g.plan.history.last_paper_baseline`) and the plan now, each as a sentence
    naming that revision; empty when nothing moved or git cannot say."""
    from g2g.engine.changes import plan_changes
    from g2g.plan.history import Baseline, last_paper_baseline

    boards = plan.model.plan.boards
    found = last_paper_baseline(plan.folder, month, boards[0] if boards else None, previous_month)
    if not isinstance(found, Baseline):
        return ()
    return tuple(
        f"since the last paper ({found.described}): {change.said}"
        for change in plan_changes(found.model, plan.model)
        if change.unrecorded
    )


def skip_ended(plan: ValidPlan, day: dt.date, when: str) -> None:
    """PlanSkipped when the plan was closed or superseded by ``day``, or (recording no status)
    ended when a later plan of the same council began (g2g.plan.portfolio); ``when`` ends the
    note, e.g. "for 2022-03"."""
    from g2g.plan.portfolio import ended_note

    settings = plan.model.plan
    note = ended_note(settings, day, plan.later)
    if note is not None:
        raise PlanSkipped(f"{plan.folder}: {settings.id} {note} - skipped {when}")


def rate_plan(
    plan: ValidPlan,
    diagnostics: Sequence[Diagnostic],
    *,
    month: str | None,
    with_history: bool,
    moves: bool = False,
) -> MonthRating | History:
    """The plan's ratings for ``month`` (default: its latest), or its history up to it;
    ``moves`` adds the due dates and targets moved without a revision record since the last
    paper (read from git, :func:`plan_moves`)."""
    updates = plan.updates()
    chosen = chosen_month(plan, month, "rate", updates)
    try:
        if with_history:
            return history(plan.model, updates, chosen)
        rated = evaluate_month(plan.model, updates, chosen)
        if moves:
            rated = replace(rated, plan_moves=plan_moves(plan, chosen, rated.previous_month))
        return rated
    except MonthError as exc:
        raise PlanSkipped(f"{plan.folder}: {exc}") from None


def with_task_groups(
    rated: list[MonthRating | History],
) -> tuple[list[MonthRating | History], list[str]]:
    """The plans rated that have task groups (for ``--by task_group``), and a note for each
    other plan ("PLAN: skipped - it has no task groups"); UsageError when none has any."""

    def has_groups(item: MonthRating | History) -> bool:
        ratings = item.ratings if isinstance(item, History) else (item,)
        return any(r.by_task_group for r in ratings)

    kept = [r for r in rated if has_groups(r)]
    if rated and not kept:
        plans = ", ".join(r.plan for r in rated)
        raise UsageError(
            f"--by task_group: {plans} has no task groups - add plan.task_groups (each with the "
            "areas it holds) to plan.yaml, or roll up --by area"
        )
    notes = [f"{r.plan}: skipped - it has no task groups" for r in rated if r not in kept]
    return kept, notes


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
    private: bool = False
    """The private paper (exempt content in, NOT FOR PUBLICATION); default public."""
    binary: str | None = None
    """"docx" or "pdf" for a Word or PDF paper (None: HTML or Markdown, as ``markdown`` says)."""
    docx_template: Path | None = None
    """A council's Word document whose styles the Word paper uses."""
    full: bool = False
    """The full-length paper (every section's detail in the body); default the committee
    layout (detail in appendices, with a contents list)."""

    @property
    def format(self) -> PaperFormat:
        """The paper's format."""
        from g2g.report.formats import PaperFormat

        if self.binary:
            return PaperFormat(self.binary)
        return PaperFormat.markdown if self.markdown else PaperFormat.html


def paper_text(plan: ValidPlan, diagnostics: Sequence[Diagnostic], options: PaperOptions) -> str:
    """The plan's board paper as HTML or Markdown.

    Raises PlanUnusable for a month outside the plan or an unknown board (exit code 2) and
    PaperNotMade for an error in a template (exit code 1).
    """
    from g2g.errors import PaperNotMade, TemplateProblem
    from g2g.report.formats import PaperFormat
    from g2g.report.render import render_paper

    paper = _paper(plan, diagnostics, options)
    fmt = PaperFormat.markdown if options.markdown else PaperFormat.html
    try:
        return render_paper(paper, fmt, options.templates)
    except TemplateProblem as exc:
        raise PaperNotMade(str(exc)) from None  # the plan's problem, among many plans


def paper_bytes(plan: ValidPlan, diagnostics: Sequence[Diagnostic], options: PaperOptions) -> bytes:
    """The plan's board paper as the bytes of its file, in any format (HTML, Markdown, Word,
    PDF). The report stage's errors (a Word template that cannot be read, no PDF engine, a PDF
    not printed) are PlanUnusable kinds, each with its exit code."""
    fmt = options.format
    if not fmt.binary:
        return paper_text(plan, diagnostics, options).encode("utf-8")
    if fmt.value == "docx":
        from g2g.report.docx import write_docx

        try:
            return write_docx(
                _paper(plan, diagnostics, options), options.docx_template, _warn_on_stderr
            )
        except (OSError, ValueError, KeyError) as exc:
            where = options.docx_template or "the Word paper"
            raise WordTemplateUnusable(
                f"{where}: cannot make the Word paper: {exc} - give a .docx Word document "
                "as --docx-template"
            ) from None
    from g2g.report.pdf import html_to_pdf

    html = paper_text(plan, diagnostics, replace(options, binary=None, markdown=False))
    return html_to_pdf(html)


def _warn_on_stderr(message: str) -> None:
    """A warning about an input (a Word template without a style the paper uses) on standard
    error, the paper still made."""
    import sys

    from g2g.escape import terminal_text

    print(terminal_text(f"warning: {message}"), file=sys.stderr)


def _paper(plan: ValidPlan, diagnostics: Sequence[Diagnostic], options: PaperOptions) -> Paper:
    """The paper's view model for the options."""
    from g2g.plan.history import Baseline, NoHistory, last_paper_baseline, not_looked_up
    from g2g.report.heading import git_commit
    from g2g.report.layout import Layout
    from g2g.report.paper import build_paper

    model = plan.model
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
    previous = previous_reported(plan, chosen)
    if options.commit is not None and commit is None:
        since_last: Baseline | NoHistory = not_looked_up(chosen, board, previous)
    else:
        since_last = last_paper_baseline(plan.folder, chosen, board, previous)
    try:
        paper = build_paper(
            plan,
            chosen,
            board=board,
            meeting=options.meeting,
            commit=commit,
            diagnostics=diagnostics,
            charts=not options.markdown,
            private=options.private,
            since_last=since_last,
            layout=Layout.full if options.full else Layout.committee,
        )
    except MonthError as exc:
        raise PlanSkipped(f"{plan.folder}: {exc}") from None
    return paper


def previous_reported(plan: ValidPlan, month: str) -> str | None:
    """The last month before ``month`` with progress updates (the month of the last paper when
    the plan's calendar does not say); None when there is none."""
    from g2g.engine.ratings import months_with_updates

    earlier = [m for m in months_with_updates(plan.updates()) if m < month]
    return max(earlier) if earlier else None


def paper_name(plan: ValidPlan, markdown: bool, suffix: str | None = None) -> str:
    """The file name of a plan's paper in an output folder: the plan id, else its folder."""
    stem = plan.model.plan.id
    return f"{stem}.{suffix or ('md' if markdown else 'html')}"


def write_paper(
    plan: ValidPlan, diagnostics: Sequence[Diagnostic], *, options: PaperOptions, folder: Path
) -> Path:
    """Write the plan's paper into ``folder`` (replaced whole, never half-written); returns
    the file written."""
    from g2g.io.atomic import atomic_write

    target = folder / paper_name(plan, options.markdown, options.format.suffix)
    data = paper_bytes(plan, diagnostics, options)
    try:
        atomic_write(target, data)
    except OSError as exc:
        raise UsageError(f"{target}: cannot write the paper: {exc.strerror or exc}") from None
    return target


def summarise_plan(
    plan: ValidPlan, diagnostics: Sequence[Diagnostic], *, month: str | None
) -> PlanRow:
    """The overview's row for one valid plan, rated for ``month`` (default: its latest)."""
    from g2g.report.overview import plan_row

    rated = rate_plan(plan, diagnostics, month=month, with_history=False)
    assert isinstance(rated, MonthRating)
    return plan_row(plan, rated)


@dataclass(frozen=True)
class PlanDue:
    """What falls due in one plan's window, and a note for the user when there is one."""

    plan: str
    """The plan's id."""
    items: list[DueItem]
    """Overdue first, then in date order (:func:`g2g.engine.due.due_items`)."""
    note: str | None = None
    """E.g. that the plan's period ended long before the window but it is still live."""


def due_of(plan: ValidPlan, diagnostics: Sequence[Diagnostic], *, window: Window) -> PlanDue:
    """What falls due in ``window`` in the plan, overdue first."""
    from g2g.engine.due import due_items
    from g2g.plan.portfolio import past_period_note

    settings = plan.model.plan
    skip_ended(plan, window.start, f"from {window.start.isoformat()}")
    items = due_items(settings.id, plan.model, plan.updates(), window)
    past = past_period_note(settings, window.start)
    note = f"{plan.folder}: {settings.id}{past}" if past else None
    return PlanDue(settings.id, items, note)


def plan_figures(
    plan: ValidPlan, diagnostics: Sequence[Diagnostic], *, month: str | None
) -> PlanFigures:
    """The plan's service figures for ``month`` (default: the latest month with a figure) and
    its finance position then. PlanUnusable (exit 2) when it has no figures."""
    from g2g.engine.kpi import latest_measure_month, linked_judgements, service_figures
    from g2g.engine.month import evaluate
    from g2g.engine.targets import TargetCheck
    from g2g.output.kpi import PlanFigures
    from g2g.plan.exempt import public_finance, public_measures
    from g2g.plan.model_base import Unit

    model = plan.model
    measures = plan.measures.model if plan.measures else None
    # kpi is a public output: exempt measures and budget lines are left out (g2g.plan.exempt).
    if measures is not None:
        measures = public_measures(measures)[0]
    finance = plan.finance.model if plan.finance else None
    if finance is not None:
        finance = public_finance(finance)[0]
    latest_finance = finance.periods[-1].month if finance and finance.periods else None
    chosen = month or (latest_measure_month(measures) if measures else None) or latest_finance
    if chosen is None:
        raise PlanSkipped(
            f"{plan.folder}: no service figures or finance yet - skipped; add measures.yaml "
            "or finance.yaml (see docs/format.md)"
        )
    skip_ended(plan, month_end(chosen), f"for {chosen}")
    periods = [p for p in finance.periods if p.month <= chosen] if finance else []
    figures = measures is not None and any(
        m <= chosen for measure in measures.measures for m in measure.values
    )
    if not figures and not periods:
        raise PlanSkipped(
            f"{plan.folder}: no service figures or finance for {chosen} or before - skipped"
        )
    # A measure an action's target takes its figures from is judged once, by the RAG engine
    # against the target's trajectory (as in the board paper).
    period = model.plan.period
    judged: dict[str, TargetCheck] = {}
    if period.start <= chosen <= period.end:
        rated = evaluate(model, plan.updates(), chosen)
        judged = linked_judgements(model, (c for a in rated.actions for c in a.derivation.targets))
    tolerance = model.plan.rag_policy.tolerance
    return PlanFigures(
        plan=model.plan.id,
        title=model.plan.title,
        month=chosen,
        measures=tuple(service_figures(measures, chosen, tolerance, judged) if measures else ()),
        finance=periods[-1] if periods else None,
        finance_unit=finance.unit if finance else Unit.gbp_thousands,
    )


class ReportMode(StrEnum):
    """What ``g2g report`` makes of the plans it is given."""

    paper = "paper"
    """One plan's board paper, to a file or standard output."""
    overview = "overview"
    """One paper with a row for each of many plans."""
    folder = "folder"
    """A paper for each plan, written into a folder."""


def report_mode(
    plans: int, *, output: Path | None, output_dir: Path | None, board: str | None
) -> ReportMode:
    """Which paper(s) to make for ``plans`` plan folders; UsageError for options that do not
    go together."""
    if output is not None and output_dir is not None:
        raise UsageError(
            "give --output for one paper or --output-dir for a paper per plan, not both"
        )
    if output_dir is not None:
        return ReportMode.folder
    if plans > 1 and board is not None:
        raise UsageError(
            f"--board chooses one plan's board, and these paths hold {plans} plans - "
            "leave out --board for the overview of every plan, or give one plan folder"
        )
    return ReportMode.overview if plans > 1 else ReportMode.paper


def check_paper_names(folders: Sequence[Path], markdown: bool, suffix: str | None) -> None:
    """UsageError, before any paper is written, when two plan folders would write one paper
    into an output folder (they share a plan id, letter case aside): each would overwrite the
    other. The ids are read from each plan.yaml alone (a fast read, not the whole plan)."""
    from g2g.io.files import PLAN_FILE
    from g2g.io.yamlread import PosDict, read_yaml
    from g2g.plan.load import display_path

    seen: dict[str, Path] = {}
    for folder in folders:
        try:
            data = read_yaml(PLAN_FILE, (folder / PLAN_FILE).read_bytes()).data
        except OSError:
            data = None
        settings = data.get("plan") if isinstance(data, PosDict) else None
        plan_id = settings.get("id") if isinstance(settings, PosDict) else None
        stem = plan_id if isinstance(plan_id, str) else folder.name
        name = f"{stem}.{suffix or ('md' if markdown else 'html')}"
        other = seen.setdefault(name.lower(), folder)
        if other != folder:
            raise UsageError(
                f"{display_path(other)} and {display_path(folder)} share the plan id {stem}, so "
                f"both papers would be {name} - nothing was written; give each plan its own "
                "plan.id"
            )


def check_distinct_papers(written: list[Path], folder: Path) -> None:
    """UsageError when two plans wrote the same paper in ``folder`` (they share a plan id)."""
    if len(set(written)) != len(written):
        raise UsageError(
            f"two plans share a plan id, so their papers in {folder} overwrote each "
            "other - give each plan its own plan.id"
        )


def overview_text(rows: list[PlanRow], options: PaperOptions) -> str:
    """The overview paper of many plans (one row each) as HTML or Markdown; TemplateProblem
    (exit 1) for an error in a template."""
    from g2g.report.formats import PaperFormat
    from g2g.report.overview import build_overview
    from g2g.report.render import render_overview

    overview = build_overview(rows, month=options.month, meeting=options.meeting)
    fmt = PaperFormat.markdown if options.markdown else PaperFormat.html
    return render_overview(overview, fmt, options.templates)
