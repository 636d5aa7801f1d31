"""The command line: parse options, call the library, map outcomes to exit codes.

Exit codes: 0 success, 1 invalid plan data, 2 misuse (bad option, no such path, bad month).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from g2g import __version__

if TYPE_CHECKING:
    from g2g.validate import ValidationResult

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

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

DEFAULT_PATHS = [Path("plans")]

PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Plan folders, folders of plans, or files inside a plan folder. Default: ./plans",
        show_default=False,
    ),
]


class DiagnosticFormat(StrEnum):
    """How validate prints its findings."""

    text = "text"
    json = "json"
    github = "github"


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


def fail_usage(message: str) -> typer.Exit:
    """Print a misuse message to stderr and return the exit to raise."""
    typer.echo(f"g2g: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def valid_plans(paths: list[Path] | None, doing: str) -> ValidationResult:
    """Load and check the plans for a command that needs valid data.

    A bad path exits 2; errors in the plan files are printed to stderr and exit 1 (warnings do
    not stop the command). ``doing`` completes "cannot ...", e.g. "rate".
    """
    from g2g.load import UsageError
    from g2g.validate import validate_paths

    try:
        result = validate_paths(paths or DEFAULT_PATHS)
    except UsageError as exc:
        raise fail_usage(str(exc)) from None
    errors = result.errors()
    if errors:
        for diagnostic in errors:
            typer.echo(diagnostic.format_text(), err=True)
        noun = "error" if len(errors) == 1 else "errors"
        typer.echo(
            f"g2g: cannot {doing}: {len(errors)} {noun} in the plan files - fix them and run "
            "again ('g2g validate' lists every problem)",
            err=True,
        )
        raise typer.Exit(EXIT_INVALID)
    return result


@app.command()
def validate(
    paths: PathsArg = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat warnings as errors (exit 1 on any).")
    ] = False,
    output_format: Annotated[
        DiagnosticFormat,
        typer.Option(
            "--format",
            help="text: path:line:column lines; json: a list; github: Actions annotations.",
        ),
    ] = DiagnosticFormat.text,
) -> None:
    """Check plan files: schema, references, dates, figures; every problem in one run.

    Prints each problem as path:line:column: error|warning: message, then a summary line.
    Exit 0 when valid, 1 when invalid, 2 on misuse.

    Examples:

      g2g validate

      g2g validate plans/oldham-2019 --strict

      g2g validate --format github
    """
    from g2g.diagnostics import summary_line, to_json
    from g2g.load import UsageError
    from g2g.validate import validate_paths

    try:
        result = validate_paths(paths or DEFAULT_PATHS)
    except UsageError as exc:
        raise fail_usage(str(exc)) from None
    diagnostics = result.diagnostics
    if output_format is DiagnosticFormat.json:
        typer.echo(to_json(diagnostics))
    else:
        for diagnostic in diagnostics:
            if output_format is DiagnosticFormat.github:
                typer.echo(diagnostic.format_github())
            else:
                typer.echo(diagnostic.format_text())
        typer.echo(summary_line(diagnostics, result.files))
    if result.errors(strict=strict):
        raise typer.Exit(EXIT_INVALID)


# Commands defined in their own modules register themselves on ``app`` when imported.
from g2g import cli_cycle, cli_kpi, cli_rag, cli_report  # noqa: E402,F401  (app first)
