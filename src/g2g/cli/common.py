"""What the commands share: the plan-path argument, the cache and jobs options, going through
many plans with a progress bar, and reading what the user typed.

Commands raise :mod:`g2g.errors` exceptions; :mod:`g2g.cli.app` turns them into messages and
exit codes (0 success, 1 invalid plan data, 2 misuse).

The CLI modules do without ``from __future__ import annotations`` on purpose: typer reads every
command's annotations on every run, and evaluating them from strings was a third of the time
``g2g --help`` spends beyond importing typer. Annotations naming library types (imported only
for type checking, to keep start-up light) are quoted instead."""

import datetime as dt
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from g2g.cli.app import R
from g2g.errors import UsageError
from g2g.escape import control_problem, terminal_text
from g2g.months import is_month, parse_day
from g2g.words import one_line

if TYPE_CHECKING:
    from g2g.diagnostics import Diagnostic
    from g2g.io.cache import Cache
    from g2g.plan.load import Plan

DEFAULT_PATHS = [Path("plans")]

STDOUT = Path("-")
"""``-o -``: standard output, as other command-line tools read a "-" file."""

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
    """``use`` on each valid plan named by ``paths``, one plan at a time over the cores, with a
    progress bar labelled ``label``; raises as :func:`g2g.batch.each.use_valid_paths` does
    (``doing`` completes "cannot ...", e.g. "rate")."""
    from g2g.batch.each import use_valid_paths
    from g2g.cli.progress import ByteProgress

    notes: list[str] = []
    with ByteProgress(label) as progress:
        results = use_valid_paths(
            paths or DEFAULT_PATHS,
            use,
            doing,
            cache=cache_for(no_cache),
            jobs=jobs,
            advance=progress.advance,
            notes=notes,
        )
    for note in notes:
        typer.echo(terminal_text(f"note: {note}"), err=True)
    return results


_YEARS = " (a year from 1900 to 2999)"


def check_month_option(value: str | None) -> str | None:
    """Callback of a ``--month`` option: click reports a value that is not YYYY-MM (exit 2)."""
    if value is not None and not is_month(value):
        raise typer.BadParameter(
            f"'{value}' is not a month - write it as YYYY-MM{_YEARS}, e.g. 2019-08"
        )
    return value


def month_arg(text: str, option: str = "month") -> str:
    """``text`` when it is a YYYY-MM month; UsageError naming ``option`` otherwise."""
    if not is_month(text):
        raise UsageError(
            f"{option} '{text}' is not a month - write YYYY-MM{_YEARS}, for example 2019-08"
        )
    return text


def date_arg(text: str, option: str) -> dt.date:
    """``text`` as a YYYY-MM-DD date; UsageError naming ``option`` otherwise."""
    day = parse_day(text)
    if day is None:
        raise UsageError(
            f"{option} '{text}' is not a date - write YYYY-MM-DD (a year from 1900 to 2999), "
            "for example 2019-01-21"
        )
    return day


# The pattern of g2g.plan.model_base.ID_PATTERN, repeated so --help needs no pydantic.
ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
"""An id as the plan writes it (an action, a plan)."""


def text_arg(value: str, option: str) -> str:
    """Text from the command line, refused when it cannot be saved as UTF-8 or is blank."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(f"{option}: the text has bytes that are not UTF-8 - retype it") from None
    if not value.strip():
        raise UsageError(f"{option} is empty - give some text")
    problem = control_problem(value.replace("\r\n", "\n"))
    if problem is not None:
        raise UsageError(f"{option}: {problem}")
    return one_line(value) if "\n" not in value else value


def _stdin_bytes(option: str) -> bytes:
    """All of standard input; UsageError when there is none (closed: ``<&-``, or a service)."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise UsageError(
            f"{option} -: standard input is closed - give a file instead of -, or pipe the text in"
        )
    try:
        return bytes(stream.read())
    except (OSError, ValueError):  # a closed descriptor, or a stream closed in Python
        raise UsageError(
            f"{option} -: cannot read standard input - give a file instead of -, or pipe the "
            "text in"
        ) from None


def read_text_file(path: Path, option: str) -> str:
    """A text file named on the command line ('-': standard input), as UTF-8 text."""
    try:
        raw = _stdin_bytes(option) if str(path) == "-" else path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{option} {path}: cannot read it: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{option} {path}: not UTF-8 text - save it with UTF-8 encoding") from None
    lines = text.replace("\r\n", "\n").split("\n")
    for number, line in enumerate(lines, 1):
        problem = control_problem(line)
        if problem is not None:
            raise UsageError(f"{option} {path}: line {number}: {problem}")
    return text
