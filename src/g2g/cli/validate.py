"""``g2g validate``: check plans and print every problem in one run."""

from enum import StrEnum
from typing import Annotated

import typer

# Imported with the command (g2g.cli.app loads it with the garbage collector paused), not when
# it runs: none of these import pydantic or the YAML reader.
from g2g.batch.each import check_paths
from g2g.cli.app import app
from g2g.cli.common import DEFAULT_PATHS, JobsOpt, NoCacheOpt, PathsArg, cache_for
from g2g.cli.progress import ByteProgress
from g2g.diagnostics import Diagnostic, sort_diagnostics, summary_line, to_json
from g2g.errors import Reported
from g2g.escape import terminal_text
from g2g.plan.validate import errors_of


class DiagnosticFormat(StrEnum):
    """How validate prints its findings."""

    text = "text"
    json = "json"
    github = "github"


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
    no_cache: NoCacheOpt = False,
    jobs: JobsOpt = None,
) -> None:
    """Check plan files: schema, references, dates, figures; every problem in one run.

    Prints each problem as path:line:column: error|warning: message, then a summary line.
    Exit 0 when valid, 1 when invalid, 2 on misuse.

    Many plans (a folder of plan folders) are checked one at a time, shared out over the
    machine's cores; a progress bar shows on stderr when a run takes over a second. Files are
    read through a cache, so a re-run on unchanged plans takes a fraction of the time.

    Examples:

      g2g validate

      g2g validate plans/oldham-2019 --strict

      g2g validate --format github

      g2g validate region/ --jobs 4
    """
    found: list[Diagnostic] = []
    files = 0
    with ByteProgress("Checking plans") as progress:
        checks = check_paths(
            paths or DEFAULT_PATHS,
            cache=cache_for(no_cache),
            jobs=jobs,
            advance=progress.advance,
        )
        for check in checks:
            found.extend(check.diagnostics)
            files += check.files
    diagnostics = sort_diagnostics(found)
    if output_format is DiagnosticFormat.json:
        typer.echo(to_json(diagnostics))
    else:
        for diagnostic in diagnostics:
            if output_format is DiagnosticFormat.github:
                typer.echo(diagnostic.format_github())
            else:
                typer.echo(terminal_text(diagnostic.format_text()))
        typer.echo(summary_line(diagnostics, files, strict=strict))
    if errors_of(diagnostics, strict=strict):
        raise Reported()
