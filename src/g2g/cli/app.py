"""The typer application, the global options, and the one place errors become exit codes.

Commands raise :class:`g2g.errors.G2GError` (or return); :class:`G2GGroup` catches it around
every command, prints the plan problems behind it and the message to stderr, and exits with
the error's ``exit_code`` (1 invalid plan data, 2 misuse). No other module decides an exit code;
click decides 2 for options it cannot parse.
"""

import codecs
import contextlib
import io
import os
import sys
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from g2g.cli import coerce
from g2g.errors import EXIT_OK, CycleError, G2GError, SeveralErrors
from g2g.escape import terminal_text
from g2g.version import __version__

coerce.install()
# g2g's models are its own: no pydantic plugin observes them, and looking plugins up (reading
# every installed package's entry points) is part of a cold validate's start.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")

R = TypeVar("R")

SHOWN_ERRORS = 10
"""How many of a monthly-cycle refusal's diagnostics are printed; g2g validate lists them all."""


def report_error(exc: G2GError) -> None:
    """Print ``exc`` to stderr as g2g reports every error: its plan problems, then the message."""
    if isinstance(exc, SeveralErrors):
        for error in exc.errors:
            report_error(error)
        return
    shown = exc.diagnostics[:SHOWN_ERRORS] if isinstance(exc, CycleError) else exc.diagnostics
    for diagnostic in shown:
        typer.echo(terminal_text(diagnostic.format_text()), err=True)
    if len(shown) < len(exc.diagnostics):
        typer.echo(
            f"... and {len(exc.diagnostics) - len(shown)} more (g2g validate lists them all)",
            err=True,
        )
    if str(exc):
        typer.echo(f"g2g: {terminal_text(str(exc))}", err=True)


EXIT_INTERRUPTED = 130
"""Ctrl-C: the shell's convention (128 + SIGINT)."""


class G2GGroup(TyperGroup):
    """The g2g command group: maps every :class:`G2GError` a command raises to its exit code,
    and makes the output streams safe (see :func:`safe_streams`)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        safe_streams()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:  # typer's vendored click.Context
        try:
            return super().invoke(ctx)
        except G2GError as exc:
            report_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            # Writes are atomic and remove their temporary files: nothing is half-written.
            typer.echo("\ng2g: interrupted - no file was left half-written", err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except typer.BadParameter as exc:
            exc.message = plain_choice_message(exc.message)
            raise


_REPLACE_ERRORS = "g2g-replace"
_noted_encoding: list[str] = []


def _replace_and_note(exc: UnicodeError) -> tuple[str, int]:
    """Replace a character the output cannot encode with '?', saying so once on stderr."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    if not _noted_encoding:
        _noted_encoding.append(exc.encoding)
        note = (
            f"\nnote: the output's encoding ({exc.encoding}) cannot show some characters; "
            "they are shown as '?' (set PYTHONIOENCODING=utf-8 to keep them)\n"
        )
        with contextlib.suppress(Exception):
            sys.stderr.buffer.write(note.encode("ascii", "replace"))
            sys.stderr.buffer.flush()
    return "?" * (exc.end - exc.start), exc.end


def safe_streams() -> None:
    """Standard output and error that never crash on a character their encoding lacks (a
    Windows console, ``PYTHONIOENCODING=ascii``, ``> paper.md`` in a legacy code page)."""
    codecs.register_error(_REPLACE_ERRORS, _replace_and_note)
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue
        try:
            utf8 = codecs.lookup(stream.encoding).name == "utf-8"
        except LookupError:
            utf8 = False
        if not utf8:
            with contextlib.suppress(Exception):
                stream.reconfigure(errors=_REPLACE_ERRORS)


def plain_choice_message(message: str) -> str:
    """A bad choice in the user's words: no "Value error," from the library, no quotes lists.

    ``Value error, 'xls' is not one of 'table', 'csv'.`` becomes
    ``'xls' is not one of: table, csv``."""
    message = message.removeprefix("Value error, ")
    head, sep, choices = message.partition(" is not one of ")
    if not sep:
        return message
    names = [c.strip().strip("'\"") for c in choices.rstrip(".").split(",")]
    return f"{head} is not one of: {', '.join(names)}"


app = typer.Typer(
    name="g2g",
    cls=G2GGroup,
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
