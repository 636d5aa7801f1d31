"""``g2g kpi``: service figures beside the plan (registered on the g2g app by g2g.cli).

Keep imports here light: the engine and rich are imported inside the command.
"""

import os
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from g2g.cli.app import EXIT_INVALID, app
from g2g.cli.common import PathsArg, fail_usage, valid_plans
from g2g.cli.rag import RagFormat, _check_month

if TYPE_CHECKING:
    from g2g.output.kpi import PlanFigures
    from g2g.plan.load import Plan


@app.command()
def kpi(
    paths: PathsArg = None,
    month: Annotated[
        str | None,
        typer.Option(
            "--month",
            help="The month, YYYY-MM. Default: the latest month with a figure.",
            callback=_check_month,
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        RagFormat,
        typer.Option("--format", help="table (for people), markdown, csv or json."),
    ] = RagFormat.table,
) -> None:
    """Service figures (KPIs) and finance beside the plan: each measure's latest figure, its
    RAG against its target and tolerance, its direction of travel and its comparators.

    Figures come from measures.yaml and finance.yaml in the plan folder. A figure that is not
    available (null, or a code such as c) is shown as such, never as zero.
    Exit 0 on success, 1 when a plan is invalid, 2 on misuse.

    Examples:

      g2g kpi

      g2g kpi --month 2019-08 --format markdown
    """
    result = valid_plans(paths, "report figures")
    items = [_figures(plan, month) for plan in result.plans]
    _emit(items, output_format)


def _figures(plan: "Plan", month: str | None) -> "PlanFigures":
    from g2g.engine.kpi import latest_measure_month, service_figures
    from g2g.output.kpi import PlanFigures
    from g2g.plan.models import Unit

    model = plan.model
    if model is None:  # not reached: a plan without a model has errors
        raise typer.Exit(EXIT_INVALID)
    measures = plan.measures.model if plan.measures else None
    if measures is None:
        raise fail_usage(
            f"{plan.folder}: no measures.yaml - add service figures there (see docs/format.md)"
        )
    chosen = month or latest_measure_month(measures)
    if chosen is None:
        raise fail_usage(f"{plan.folder}: measures.yaml has no figures yet - add some values")
    finance = plan.finance.model if plan.finance else None
    periods = [p for p in finance.periods if p.month <= chosen] if finance else []
    return PlanFigures(
        plan=model.plan.id,
        title=model.plan.title,
        month=chosen,
        measures=tuple(service_figures(measures, chosen, model.plan.rag_policy.tolerance)),
        finance=periods[-1] if periods else None,
        finance_unit=finance.unit if finance else Unit.gbp_thousands,
    )


def _emit(items: "list[PlanFigures]", fmt: RagFormat) -> None:
    from g2g.output import kpi as out

    if fmt is RagFormat.json:
        typer.echo(out.json_text(items), nl=False)
    elif fmt is RagFormat.csv:
        typer.echo(out.csv_text(items), nl=False)
    elif fmt is RagFormat.markdown:
        typer.echo(out.markdown(items), nl=False)
    else:
        from rich.console import Console

        from g2g.cli.rag import PIPED_WIDTH
        from g2g.output.tabular import print_renderables

        piped = not sys.stdout.isatty() and "COLUMNS" not in os.environ
        print_renderables(Console(width=PIPED_WIDTH if piped else None), out.renderables(items))
