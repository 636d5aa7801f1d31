"""The command line: parse options, call the library, map outcomes to exit codes.

Exit codes: 0 success, 1 invalid plan data, 2 misuse (bad option, no such path, bad month).

The CLI modules do without ``from __future__ import annotations`` on purpose: typer reads every
command's annotations on every run, and evaluating them from strings was a third of the time
``g2g --help`` spends beyond importing typer. Annotations naming library types (imported only
for type checking, to keep start-up light) are quoted instead."""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from g2g.diagnostics import Diagnostic
    from g2g.io.cache import Cache
    from g2g.plan.load import Plan
    from g2g.plan.validate import ValidationResult
from g2g.cli.app import EXIT_INVALID, EXIT_USAGE, R

DEFAULT_PATHS = [Path("plans")]

PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Plan folders, folders of plans, or files inside a plan folder. Default: ./plans",
        show_default=False,
    ),
]


NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Read every file afresh and keep nothing in the cache (G2G_CACHE_DIR, else the "
        "user cache folder). The cache only saves time; it never changes a result.",
    ),
]

JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="How many processes share out the plans. Default: one per core; 1 runs in this "
        "process only.",
        show_default=False,
    ),
]


def cache_for(no_cache: bool) -> "Cache | None":
    """The user's cache, unless the command was told not to use it."""
    from g2g.io.cache import Cache

    return None if no_cache else Cache.default()


def run_on_plans(
    paths: list[Path] | None,
    use: "Callable[[Plan, list[Diagnostic]], R]",
    doing: str,
    label: str,
    *,
    no_cache: bool,
    jobs: int | None,
) -> list[R]:
    """``use`` on each valid plan named by ``paths``, one plan at a time over the cores.

    A bad path exits 2. Errors in any plan are printed to stderr and exit 1 (warnings do not
    stop the command); a plan that cannot be used exits 2 (1 for a broken template). ``doing``
    completes
    "cannot ...", e.g. "rate"; ``label`` names the progress bar.
    """
    from g2g.batch.each import use_paths
    from g2g.cli.progress import ByteProgress
    from g2g.diagnostics import sort_diagnostics
    from g2g.errors import UsageError

    results: list[R] = []
    found: list[Diagnostic] = []
    problems: list[tuple[str, int]] = []
    try:
        with ByteProgress(label) as progress:
            outcomes = use_paths(
                paths or DEFAULT_PATHS,
                use,
                cache=cache_for(no_cache),
                jobs=jobs,
                advance=progress.advance,
            )
            for outcome in outcomes:
                found.extend(outcome.check.diagnostics)
                if outcome.problem is not None:
                    problems.append((outcome.problem, outcome.problem_exit))
                elif outcome.result is not None:
                    results.append(outcome.result)
    except UsageError as exc:
        raise fail_usage(str(exc)) from None
    stop_on_errors(sort_diagnostics(found), doing)
    if problems:
        for problem, _ in problems:
            typer.echo(f"g2g: {problem}", err=True)
        raise typer.Exit(max(code for _, code in problems))
    return results


def fail_usage(message: str) -> typer.Exit:
    """Print a misuse message to stderr and return the exit to raise."""
    typer.echo(f"g2g: {message}", err=True)
    return typer.Exit(EXIT_USAGE)


def valid_plans(paths: list[Path] | None, doing: str) -> "ValidationResult":
    """Load and check the plans for a command that needs valid data.

    A bad path exits 2; errors in the plan files are printed to stderr and exit 1 (warnings do
    not stop the command). ``doing`` completes "cannot ...", e.g. "rate".
    """
    from g2g.errors import UsageError
    from g2g.plan.validate import validate_paths

    try:
        result = validate_paths(paths or DEFAULT_PATHS, cache=cache_for(False))
    except UsageError as exc:
        raise fail_usage(str(exc)) from None
    stop_on_errors(result.diagnostics, doing)
    return result


def stop_on_errors(diagnostics: "list[Diagnostic]", doing: str) -> None:
    """Print the errors among ``diagnostics`` to stderr and exit 1, if there are any."""
    from g2g.plan.validate import errors_of

    errors = errors_of(diagnostics)
    if not errors:
        return
    for diagnostic in errors:
        typer.echo(diagnostic.format_text(), err=True)
    noun = "error" if len(errors) == 1 else "errors"
    typer.echo(
        f"g2g: cannot {doing}: {len(errors)} {noun} in the plan files - fix them and run "
        "again ('g2g validate' lists every problem)",
        err=True,
    )
    raise typer.Exit(EXIT_INVALID)
