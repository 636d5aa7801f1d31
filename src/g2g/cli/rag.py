"""``g2g rag``: the month's RAG summary of each plan (registered on the g2g app by g2g.cli).

Keep imports here light: the engine, rich and the loaders are imported inside the command so
that ``g2g --help`` stays fast.
"""

import os
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from g2g.cli.app import app
from g2g.cli.common import JobsOpt, NoCacheOpt, PathsArg, check_month_option, run_on_plans
from g2g.engine.grouping import Grouping
from g2g.output.formats import TableFormat

if TYPE_CHECKING:
    from g2g.engine.month import History, MonthRating

PIPED_WIDTH = 120
"""Table width when the output is not a terminal and COLUMNS is not set."""


@app.command()
def rag(
    paths: PathsArg = None,
    month: Annotated[
        str | None,
        typer.Option(
            "--month",
            help="The month to rate, YYYY-MM. Default: the latest month with updates.",
            callback=check_month_option,
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        Grouping,
        typer.Option(
            "--by", help="Roll up by area, objective, recommendation, lead, task_group or action."
        ),
    ] = Grouping.area,
    output_format: Annotated[
        TableFormat,
        typer.Option(
            "--format",
            help="table: for people - the roll-up by --by, the overall rating, exceptions and "
            "changes. markdown: the same as Markdown tables. csv: one row per group of --by "
            "(with --history, one per group and month). json: everything the engine found - "
            "every action and the roll-ups by area, objective, recommendation, lead and task "
            "group all at once, so --by does not change it.",
        ),
    ] = TableFormat.table,
    history: Annotated[
        bool,
        typer.Option(
            "--history", help="A month-by-month matrix up to the month instead of one month."
        ),
    ] = False,
    no_cache: NoCacheOpt = False,
    jobs: JobsOpt = None,
) -> None:
    """The month's RAG ratings, rolled up, with the overall rating and the exceptions.

    Each action's rating is the one its lead officer recorded (or as the plan's rag_policy
    says); a challenge is shown where the dates, status or figures say the rating is too good.
    Under the table: the overall rating, the exceptions (Reds, challenges, overdue, not
    reported) and what changed since the previous reported month.
    Many plans (a folder of plan folders) are rated one at a time, shared out over the
    machine's cores, with a progress bar on stderr when it takes over a second.
    Exit 0 on success, 1 when a plan is invalid, 2 on misuse (bad month, no such path).

    Examples:

      g2g rag

      g2g rag --month 2019-08 plans/oldham-2019

      g2g rag --by recommendation --format markdown

      g2g rag --history --by action
    """
    from functools import partial

    from g2g.batch.jobs import rate_plan

    use = partial(rate_plan, month=month, with_history=history, moves=not history)
    rated = run_on_plans(paths, use, "rate", "Rating plans", no_cache=no_cache, jobs=jobs)
    _note_moves(rated)
    _emit(rated, by, output_format, history)


def _emit(
    rated: "list[MonthRating | History]", grouping: Grouping, fmt: TableFormat, history: bool
) -> None:
    from g2g.batch.jobs import with_task_groups
    from g2g.engine.month import History, MonthRating
    from g2g.escape import terminal_text
    from g2g.output import rag as out
    from g2g.output.tabular import print_renderables

    if grouping is Grouping.task_group:
        rated, notes = with_task_groups(rated)
        for note in notes:
            typer.echo(terminal_text(f"note: {note}"), err=True)
    histories = [r for r in rated if isinstance(r, History)]
    months = [r for r in rated if isinstance(r, MonthRating)]
    if fmt is TableFormat.json:
        typer.echo(out.rag_json(histories if history else months), nl=False)
    elif fmt is TableFormat.csv:
        text = out.history_csv(histories, grouping) if history else out.month_csv(months, grouping)
        typer.echo(text, nl=False)
    elif fmt is TableFormat.markdown:
        text = (
            out.history_markdown(histories, grouping)
            if history
            else out.month_markdown(months, grouping)
        )
        typer.echo(text, nl=False)
    else:
        from g2g.output.tabular import plain_console

        piped = not sys.stdout.isatty() and "COLUMNS" not in os.environ
        console = plain_console(width=PIPED_WIDTH if piped else None)
        renderables = (
            out.history_renderables(histories, grouping)
            if history
            else out.month_renderables(months, grouping)
        )
        print_renderables(console, renderables)


def _note_moves(rated: "list[MonthRating | History]") -> None:
    """A note on stderr for each due date or target moved without a revision record since the
    last paper (the JSON carries them as plan_moves)."""
    from g2g.engine.month import MonthRating
    from g2g.escape import terminal_text

    for item in rated:
        if isinstance(item, MonthRating):
            for move in item.plan_moves:
                typer.echo(terminal_text(f"note: {item.plan}: {move}"), err=True)
