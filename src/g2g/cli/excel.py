"""The Excel bridge: ``returns`` (a workbook per lead officer to fill in), ``import`` (read the
returns back into the month's progress file) and ``export`` (the tracker as a workbook).

The commands parse, call the library and print: g2g.batch.workbooks writes the returns and the
tracker, g2g.cycle.importing and g2g.cycle.figures import returns and figure files and say what
they did (:class:`g2g.cycle.importing.ImportSummary`). The library is imported inside each
command so ``g2g --help`` stays fast.
"""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from g2g.cli.app import app
from g2g.cli.common import DEFAULT_PATHS, STDOUT
from g2g.cli.common import month_arg as _month
from g2g.errors import ImportRefused, UsageError
from g2g.escape import terminal_text
from g2g.words import plural

if TYPE_CHECKING:
    from g2g.cycle.importing import ImportSummary

XLSX_SUFFIXES = (".xlsx", ".xlsm")
FIGURE_SUFFIXES = (".csv",)


def _folders(paths: list[Path] | None) -> list[Path]:
    from g2g.io.files import find_plan_folders

    return find_plan_folders(paths or DEFAULT_PATHS)


class ReturnsBy(StrEnum):
    """One return per lead officer, or one for every lead."""

    lead = "lead"
    all = "all"


@app.command()
def returns(
    month: Annotated[str, typer.Option(help="The month the returns are for, YYYY-MM.")],
    output_dir: Annotated[
        Path, typer.Option(help="The folder to write the returns into (created if missing).")
    ],
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Plan folders, folders of plans, or files inside a plan folder. Default: ./plans",
            show_default=False,
        ),
    ] = None,
    lead: Annotated[
        str | None, typer.Option(help="Only this lead officer's return (as plan.yaml names them).")
    ] = None,
    by: Annotated[
        ReturnsBy, typer.Option(help="lead: one return per lead officer; all: one for everyone.")
    ] = ReturnsBy.lead,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Write over returns already in --output-dir even when they were filled in.",
        ),
    ] = False,
) -> None:
    """Write the month's update returns: an .xlsx workbook per lead officer to fill in.

    Each return has a row per live action the lead leads, with what they need to see (the
    action, evidence of success, due date, targets with the last figure and this month's
    expected value, last month's rating and note) and the cells they fill: rating and status as
    drop-downs, then the progress, the other officer fields and the date (docs/format.md, Update),
    and each target's figure on the Figures sheet.
    Everything else is locked (no password). Read them back with g2g import.

    A return already in the folder that a lead has filled in is never written over without
    --force. Leads whose names give the same file name each get a suffix (a note says so).

    Examples:

    \b
      g2g returns --month 2019-09 --output-dir returns/
      g2g returns --month 2019-09 --lead "Director of Children's Social Care" --output-dir out
      g2g returns --month 2019-09 --by all --output-dir out plans/oldham-2019
    """
    from g2g.batch.workbooks import write_returns
    from g2g.plan.load import display_path

    wanted = _month(month, "--month")
    if lead is not None and by is ReturnsBy.all:
        raise UsageError("give --lead or --by all, not both")
    written = write_returns(
        _folders(paths),
        wanted,
        output_dir,
        note=_note,
        lead=lead,
        by_lead=by is ReturnsBy.lead,
        force=force,
    )
    wrote = False
    for done in written:
        wrote = True
        who = done.lead if done.lead is not None else "every lead officer"
        typer.echo(
            terminal_text(
                f"Wrote {display_path(done.path)}: {who}, {plural(done.actions, 'action')}, "
                f"{plural(done.figures, 'figure')}"
            )
        )
    if not wrote:
        typer.echo(f"No live actions in {wanted}: no returns written.")
    else:
        typer.echo(
            "Next: send each lead their return; read them back with g2g import FILE.xlsx "
            f"--month {wanted}"
        )


def _note(text: str) -> None:
    """A note on stderr (a plan skipped, a return's file name given a suffix)."""
    typer.echo(terminal_text(f"note: {text}"), err=True)


@app.command("import")
def import_(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="The files to import - returns (.xlsx), or figure files (.csv, .xlsx): a "
            "long table, a scorecard or DfE open data - then optionally plan folders, folders "
            "of plans, or files inside a plan folder (default: ./plans).",
            show_default=False,
        ),
    ],
    month: Annotated[
        str | None,
        typer.Option(
            help="The month being imported, YYYY-MM: required for returns; for figure files, "
            "only that month's figures are imported (default: every month in the file)."
        ),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option(
            help="Overwrite an update already recorded for an action in the month, or a "
            "figure already recorded."
        ),
    ] = False,
    good_rows: Annotated[
        bool,
        typer.Option(help="Import the rows without problems even when other rows have some."),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option(help="Check everything and say what would change; write nothing.")
    ] = False,
    wait: Annotated[
        float,
        typer.Option(min=0, help="Seconds to wait for another g2g command writing the same file."),
    ] = 10.0,
) -> None:
    """Read lead officers' returns, or service figures, back into the plan.

    Each file is recognised by its content: a return written by g2g returns; a long table
    (headings measure, month, value, optional note and source); a scorecard (a row per
    measure, a column per month); or DfE open data (time_period, time_identifier,
    geographic_level...). Figures go into measures.yaml, checked against each measure's unit,
    with the same guarantees as returns; see docs/monthly-cycle.md.

    Every update goes the way of g2g update: the whole plan is checked first, the month's file
    is written once, atomically and under its lock, and only the edited entries change. A cell
    that cannot be accepted is reported as RETURN.xlsx:Sheet!C12: what is wrong - what would be
    right, and then nothing is imported (exit 1) unless --good-rows. Cells left as the return
    was sent are not updates; an update already recorded for the month is never overwritten
    without --replace.

    Examples:

    \b
      g2g import returns/*.xlsx --month 2019-09
      g2g import director.xlsx --month 2019-09 --dry-run plans/oldham-2019
      g2g import late.xlsx --month 2019-09 --replace --good-rows
      g2g import scorecard.xlsx --dry-run plans/oldham-2019
      g2g import csww_indicators.csv plans/oldham-2019
    """
    from g2g.cycle.importing import import_returns, plans_by_id

    books = [f for f in files if f.suffix.lower() in XLSX_SUFFIXES + FIGURE_SUFFIXES]
    paths = [f for f in files if f.suffix.lower() not in XLSX_SUFFIXES + FIGURE_SUFFIXES]
    if not books:
        raise UsageError("give at least one return (.xlsx) or figure file (.csv, .xlsx) to import")
    for book in books:
        if not book.is_file():
            raise UsageError(
                f"{book}: no such file - give the path of a return (.xlsx) or a figure file"
            )
    from g2g.cycle.figure_files import figure_file_kind

    figures = [b for b in books if figure_file_kind(b) == "figures"]
    if figures:
        if len(figures) != len(books):
            raise UsageError(
                "give returns and figure files in separate runs of g2g import (returns: "
                + ", ".join(str(b) for b in books if b not in figures)
                + ")"
            )
        _import_figures(figures, paths, month, replace, good_rows, dry_run, wait)
        return
    if month is None:
        raise UsageError("give --month YYYY-MM: the month the returns are for")
    wanted = _month(month, "--month")
    plans = plans_by_id(_folders(paths or None))
    result = import_returns(
        books,
        plans,
        wanted,
        replace=replace,
        good_rows=good_rows,
        dry_run=dry_run,
        lock_timeout=wait,
    )
    for problem in result.problems:
        typer.echo(terminal_text(problem.format_text()), err=True)
    _say(result.summary(dry_run=dry_run, good_rows=good_rows))


def _import_figures(
    files: list[Path],
    paths: list[Path],
    month: str | None,
    replace: bool,
    good_rows: bool,
    dry_run: bool,
    wait: float,
) -> None:
    """g2g import of figure files (g2g.cycle.figures): print what it does, exit 1 on refusals."""
    from g2g.cycle.figures import import_figures
    from g2g.cycle.importing import plans_by_id

    wanted = _month(month, "--month") if month is not None else None
    plans = plans_by_id(_folders(paths or None), "importing figures")
    result = import_figures(
        files,
        plans,
        wanted,
        replace=replace,
        good_rows=good_rows,
        dry_run=dry_run,
        lock_timeout=wait,
    )
    for read in result.reads:
        if read.layout:
            typer.echo(terminal_text(f"{read.file}: read as {read.layout}"))
    for note in result.notes:
        typer.echo(terminal_text(f"note: {note}"), err=True)
    for problem in result.problems:
        typer.echo(terminal_text(problem.format_text()), err=True)
    summary = result.summary(dry_run=dry_run, good_rows=good_rows)
    if summary.refusal is not None:
        raise ImportRefused(summary.refusal)
    _say(summary)


class ExportFormat(StrEnum):
    """What g2g export writes."""

    xlsx = "xlsx"


@app.command()
def export(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Plan folders, folders of plans, or files inside a plan folder. Default: ./plans",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        ExportFormat, typer.Option("--format", help="xlsx (an Excel workbook).")
    ] = ExportFormat.xlsx,
    month: Annotated[
        str | None,
        typer.Option(help="The month to export, YYYY-MM. Default: the latest with updates."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The file to write. Default: tracker-MONTH.xlsx."),
    ] = None,
) -> None:
    """Write the whole tracker as a workbook for people who filter and sort.

    A Summary sheet (Table 1: actions by plan area and rating, and the overall rating), a
    Tracker sheet (one table with filters: a row per action with its status, ratings,
    challenge and narrative, and a column per month with the RAG history) and a Figures sheet
    (each target's figure against its trajectory). Every rating is its word in a cell filled
    with its colour.

    Examples:

    \b
      g2g export --format xlsx --output tracker.xlsx
      g2g export --format xlsx --month 2019-08 plans/oldham-2019
    """
    from g2g.batch.workbooks import export_tracker
    from g2g.plan.load import display_path

    if output == STDOUT:
        raise UsageError("a workbook is a file, not for standard output - give --output FILE")
    wanted = _month(month, "--month") if month is not None else None
    done = export_tracker(_folders(paths), wanted, output, note=_note)
    typer.echo(
        f"Wrote {display_path(done.path)} ({output_format.value}): {plural(done.plans, 'plan')}, "
        f"{plural(done.actions, 'action')}, {done.as_at}"
    )


def _say(summary: "ImportSummary") -> None:
    """Print what an import did, as :class:`g2g.cycle.importing.ImportSummary` says it."""
    for line in summary.lines:
        typer.echo(terminal_text(line))
    if summary.refusal is not None:
        raise ImportRefused(summary.refusal)
    typer.echo(terminal_text(summary.recorded))
    if summary.unchanged is not None:
        typer.echo(summary.unchanged)
    if summary.left_out is not None:
        raise ImportRefused(summary.left_out)
