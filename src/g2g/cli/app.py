"""The typer application, the global options, and the exit codes."""

from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from g2g import __version__

if TYPE_CHECKING:
    pass

app = typer.Typer(
    name="g2g",
    help=(
        "Getting to Good: keep a children's services improvement plan as YAML files, check it, "
        "rate it and report it to boards.\n\n"
        "Examples:\n\n"
        "  g2g validate                 check ./plans\n\n"
        "  g2g rag --month 2019-08      the month's RAG summary by plan area"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

R = TypeVar("R")

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def _version(value: bool) -> None:
    if value:
        typer.echo(f"g2g {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Getting to Good: run a children's services improvement plan from YAML files."""
