"""``g2g report``: the board paper for a month (registered on the g2g app by g2g.cli).

Keep imports here light: Jinja, matplotlib, the engine and the loaders are imported inside the
command so that ``g2g --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from g2g.cli import EXIT_INVALID, PathsArg, app, fail_usage, valid_plans

if TYPE_CHECKING:
    from collections.abc import Sequence

    from g2g.diagnostics import Diagnostic
    from g2g.load import Plan
    from g2g.models import Board

_MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")

COMMIT_ENV = "G2G_REPORT_COMMIT"
"""Environment variable that fixes the provenance commit (as ``--commit`` does)."""


class ReportFormat(StrEnum):
    """What ``g2g report`` writes."""

    html = "html"
    markdown = "markdown"


def _check_month(value: str | None) -> str | None:
    if value is not None and not _MONTH.match(value):
        raise typer.BadParameter(f"'{value}' is not a month - write it as YYYY-MM, e.g. 2019-08")
    return value


def _check_date(value: str | None) -> str | None:
    if value is None:
        return value
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"'{value}' is not a date - write it as YYYY-MM-DD, e.g. 2019-09-10"
        ) from None
    return value


@app.command()
def report(
    paths: PathsArg = None,
    month: Annotated[
        str | None,
        typer.Option(
            "--month",
            help="The month to report, YYYY-MM. Default: the latest month with updates.",
            callback=_check_month,
            show_default=False,
        ),
    ] = None,
    board: Annotated[
        str | None,
        typer.Option(
            "--board",
            help="The id of the board or committee the paper goes to (one of plan.boards). "
            "Default: the first board the plan lists.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        ReportFormat,
        typer.Option("--format", help="html (one self-contained file) or markdown (GitHub)."),
    ] = ReportFormat.html,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the paper to this file (replaced whole, never half-written). "
            "Default: standard output.",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="A folder of templates looked up before the defaults, to override one block "
            "or the whole paper.",
            show_default=False,
            exists=True,
            file_okay=False,
        ),
    ] = None,
    meeting_date: Annotated[
        str | None,
        typer.Option(
            "--meeting-date",
            help="The date of the meeting, YYYY-MM-DD, printed on the paper. Default: none.",
            callback=_check_date,
            show_default=False,
        ),
    ] = None,
    commit: Annotated[
        str | None,
        typer.Option(
            "--commit",
            help="The commit to print in the provenance line instead of asking git; 'none' "
            f"leaves it out. Also read from {COMMIT_ENV}.",
            envvar=COMMIT_ENV,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Make the board paper for a month: summary, exceptions, what is due, targets, tracker.

    The paper has the plan's heading and a provenance line, the purpose and overall rating,
    the RAG definitions in force, the summary by plan area with the change since last month,
    progress against each inspection recommendation, the exceptions (Reds, challenged ratings,
    overdue, not reported), what falls due in the next 12 weeks, a chart and table for each
    measurable target, the service figures by group with trend charts and the caseload
    distribution (when the plan has measures.yaml), the finance table (when it has
    finance.yaml), and the full tracker as an appendix. HTML is one self-contained file
    (styles and charts inline, no scripts) that prints on A4.

    Templates: paper.html.j2 and paper.md.j2 are looked up in --templates DIR first, then in
    g2g's templates/ folder. To override one block, put in DIR a paper.html.j2 that starts
    with {% extends "g2g/paper.html.j2" %} and redefines the block.

    Exit 0 on success; 1 when the plan is invalid (problems on stderr) or a template has an
    error (its file and line on stderr); 2 on misuse (bad month or date, unknown board, no
    such path, more than one plan).

    Examples:

      g2g report --output paper.html

      g2g report plans/oldham-2019 --month 2019-08 --board scrutiny -o paper.html

      g2g report --meeting-date 2019-09-10 --commit none -o paper.html

      g2g report --format markdown > paper.md

      g2g report --templates council-templates -o paper.html
    """
    result = valid_plans(paths, "make the paper")
    if len(result.plans) != 1:
        names = ", ".join(str(plan.folder) for plan in result.plans)
        raise fail_usage(
            f"a paper is for one plan, and these paths hold {len(result.plans)}: {names} - "
            "give one plan folder"
        )
    plan = result.plans[0]
    text = _render(
        plan,
        month=month,
        board_id=board,
        fmt=ReportFormat(output_format),
        templates=templates,
        meeting=dt.date.fromisoformat(meeting_date) if meeting_date else None,
        commit=commit,
        diagnostics=result.diagnostics,
    )
    if output is None:
        typer.echo(text, nl=False)
    else:
        _write_atomically(output, text)
        typer.echo(f"g2g: wrote {output}", err=True)


def _render(
    plan: Plan,
    *,
    month: str | None,
    board_id: str | None,
    fmt: ReportFormat,
    templates: Path | None,
    meeting: dt.date | None,
    commit: str | None,
    diagnostics: Sequence[Diagnostic],
) -> str:
    from g2g import rag
    from g2g.paper import build_paper, git_commit
    from g2g.render_report import PaperFormat, TemplateProblem, render_paper

    model = plan.model
    if model is None:  # not reached: a plan without a model has errors
        raise typer.Exit(EXIT_INVALID)
    chosen = month or rag.latest_month(plan.updates())
    if chosen is None:
        raise fail_usage(
            f"{plan.folder}: no progress updates yet, so there is no month to report - add a "
            "progress/YYYY-MM.yaml file, or give --month YYYY-MM"
        )
    found_board = _board(model.plan.boards, board_id, plan)
    if commit is None:
        shown_commit = git_commit(plan.folder)
    else:
        shown_commit = None if commit.strip().lower() in ("", "none") else commit.strip()
    try:
        paper = build_paper(
            plan,
            chosen,
            board=found_board,
            meeting=meeting,
            commit=shown_commit,
            diagnostics=diagnostics,
            charts=fmt is ReportFormat.html,
        )
    except rag.MonthError as exc:
        raise fail_usage(f"{plan.folder}: {exc}") from None
    try:
        return render_paper(paper, PaperFormat(fmt.value), templates)
    except TemplateProblem as exc:
        typer.echo(f"g2g: {exc}", err=True)
        raise typer.Exit(EXIT_INVALID) from None


def _board(boards: list[Board], wanted: str | None, plan: Plan) -> Board | None:
    if wanted is None:
        return boards[0] if boards else None
    for board in boards:
        if board.id == wanted:
            return board
    listed = ", ".join(f"{b.id} ({b.name})" for b in boards) or "none - add plan.boards"
    raise fail_usage(f"{plan.path}: no board '{wanted}' in plan.boards - the boards are: {listed}")


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename it
    over the target, so a reader never sees half a paper."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            # mkstemp makes the file private; give it the permissions a new file normally has.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise fail_usage(f"{path}: cannot write the paper: {exc.strerror or exc}") from None
