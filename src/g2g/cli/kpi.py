"""``g2g kpi``: service figures beside the plan (registered on the g2g app by g2g.cli).

Keep imports here light: the engine and rich are imported inside the command.
"""

import os
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from g2g.cli.app import app
from g2g.cli.common import JobsOpt, NoCacheOpt, PathsArg, check_month_option, run_on_plans
from g2g.output.formats import TableFormat

if TYPE_CHECKING:
    from g2g.output.kpi import PlanFigures


@app.command()
def kpi(
    paths: PathsArg = None,
    month: Annotated[
        str | None,
        typer.Option(
            "--month",
            help="The month, YYYY-MM. Default: the latest month with a figure.",
            callback=check_month_option,
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        TableFormat,
        typer.Option(
            "--format",
            help="table: for people - one row per service figure (figure, the month it is "
            "for, target, RAG, trend, comparator), grouped. markdown: the same as Markdown "
            "tables. csv: one row per figure with every column (code, reason). json: every "
            "figure and rating the engine found.",
        ),
    ] = TableFormat.table,
    no_cache: NoCacheOpt = False,
    jobs: JobsOpt = None,
) -> None:
    """Service figures (KPIs) and finance beside the plan: each measure's latest figure, its
    RAG against its target and tolerance, its direction of travel and its comparators.

    Figures come from measures.yaml and finance.yaml in the plan folder. A figure that is not
    available (null, or a code such as c) is shown as such, never as zero. Many plans are read
    one at a time, shared out over the machine's cores.
    Exit 0 on success, 1 when a plan is invalid, 2 on misuse.

    Examples:

      g2g kpi

      g2g kpi --month 2019-08 --format markdown
    """
    from functools import partial

    from g2g.batch.jobs import plan_figures

    use = partial(plan_figures, month=month)
    items = run_on_plans(
        paths, use, "report figures", "Reading figures", no_cache=no_cache, jobs=jobs
    )
    _emit(items, output_format)


def _emit(items: "list[PlanFigures]", fmt: TableFormat) -> None:
    from g2g.output import kpi as out

    if fmt is TableFormat.json:
        typer.echo(out.json_text(items), nl=False)
    elif fmt is TableFormat.csv:
        typer.echo(out.kpi_csv(items), nl=False)
    elif fmt is TableFormat.markdown:
        typer.echo(out.markdown(items), nl=False)
    else:
        from g2g.cli.rag import PIPED_WIDTH
        from g2g.output.tabular import plain_console, print_renderables

        piped = not sys.stdout.isatty() and "COLUMNS" not in os.environ
        console = plain_console(width=PIPED_WIDTH if piped else None)
        print_renderables(console, out.renderables(items))
