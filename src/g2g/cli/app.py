"""The typer application, the global options, and the one place errors become exit codes.

Commands raise :class:`g2g.errors.G2GError` (or return); :class:`G2GGroup` catches it around
every command, prints the plan problems behind it and the message to stderr, and exits with
the error's ``exit_code`` (1 invalid plan data, 2 misuse). No other module decides an exit code;
click decides 2 for options it cannot parse.

Commands load lazily: :data:`COMMANDS` names the module that registers each one, and
:class:`G2GGroup` imports that module and builds the command's options only when the command
is run or its help shown. ``g2g validate`` imports and builds validate alone; ``g2g --help``
reads each command's docstring without building any options (typer reading every parameter of
every command was a third of what ``--help`` spent beyond importing typer).
"""

import codecs
import contextlib
import difflib
import importlib
import inspect
import io
import os
import sys
import types
import weakref
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

import typer
from typer.core import TyperCommand, TyperGroup

from g2g.cli import startup
from g2g.cli.streams import open_streams, pipe_closed, written_output
from g2g.errors import EXIT_OK, CycleError, G2GError, SeveralErrors
from g2g.escape import terminal_text
from g2g.io.gcpause import gc_paused
from g2g.version import __version__

startup.install()
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


COMMANDS: dict[str, tuple[str, str]] = {
    "changes": (
        "g2g.cli.changes",
        "What changed in the plan's definition between two versions kept in git.",
    ),
    "init": (
        "g2g.cli.init",
        "Start a new plan folder: plan.yaml (valid at once, every field explained) and progress/.",
    ),
    "month": (
        "g2g.cli.cycle",
        "Start a month: create progress/YYYY-MM.yaml with an entry for every live action.",
    ),
    "update": ("g2g.cli.cycle", "Record one action's update for a month in progress/YYYY-MM.yaml."),
    "due": (
        "g2g.cli.cycle",
        "What falls due: action due dates and target milestones, overdue first, in date order.",
    ),
    "schema": (
        "g2g.cli.cycle",
        "Print the JSON Schema (draft 2020-12) of one kind of plan file, made from the models.",
    ),
    "returns": (
        "g2g.cli.excel",
        "Write the month's update returns: an .xlsx workbook per lead officer to fill in.",
    ),
    "import": (
        "g2g.cli.excel",
        "Read lead officers' returns, or service figures, back into the plan.",
    ),
    "export": (
        "g2g.cli.excel",
        "Write the whole tracker as a workbook for people who filter and sort.",
    ),
    "kpi": (
        "g2g.cli.kpi",
        "Service figures (KPIs) and finance beside the plan: each measure's latest figure, its "
        "RAG against its target and tolerance, its direction of travel and its comparators.",
    ),
    "rag": (
        "g2g.cli.rag",
        "The month's RAG ratings, rolled up, with the overall rating and the exceptions.",
    ),
    "report": (
        "g2g.cli.report",
        "Make the board paper for a month: summary, exceptions, what is due, targets, tracker.",
    ),
    "validate": (
        "g2g.cli.validate",
        "Check plan files: schema, references, dates, figures; every problem in one run.",
    ),
    "lsp": (
        "g2g.cli.lsp",
        "Run the language server for plan files (for editors), over stdin and stdout.",
    ),
}
"""Every command, in the order ``g2g --help`` lists them: the module that registers it on
:data:`app`, and the first paragraph of its docstring, which ``g2g --help`` shows (so listing
the commands imports none of them). ``tests/cli/test_help.py`` checks both against the
modules."""


def _load(name: str) -> None:
    """Import the module that registers command ``name`` (nothing for a name not in
    :data:`COMMANDS`)."""
    if name in COMMANDS:
        importlib.import_module(COMMANDS[name][0])


class G2GGroup(TyperGroup):
    """The g2g command group: maps every :class:`G2GError` a command raises to its exit code,
    makes the output streams safe (see :func:`safe_streams`), and loads each command when it is
    first needed (see :data:`COMMANDS`)."""

    def list_commands(self, ctx: Any) -> list[str]:
        """The commands in the order of :data:`COMMANDS`, for ``g2g --help``."""
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command ``cmd_name``, its module imported and its options built on first use."""
        command = self.commands.get(cmd_name)
        if command is None and cmd_name in COMMANDS:
            _load(cmd_name)
            command = startup.build_command(app, cmd_name)
            if command is not None:
                self.commands[cmd_name] = command
        if command is not None and cmd_name in COMMANDS and command not in _READABLE:
            # Built here or by typer (once its module is imported typer builds it itself).
            _load(cmd_name)
            callback = startup.command_callback(app, cmd_name)
            if callback is not None:
                readable_placeholders(command, callback)
            _READABLE.add(command)
        return command

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The commands with their short help, as typer lists them, from :data:`COMMANDS`: no
        command module is imported to list them."""
        rows: list[tuple[str, Any]] = []
        for name in self.list_commands(ctx):
            command = self.commands.get(name)
            if command is None and name in COMMANDS:
                command = TyperCommand(name=name, help=COMMANDS[name][1])
            if command is not None and not command.hidden:
                rows.append((name, command))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section("Commands"):
                formatter.write_dl([(name, c.get_short_help_str(limit)) for name, c in rows])

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """The command the arguments name, loaded with the garbage collector paused; a misspelt
        name gets a "did you mean"."""
        # Loading the command imports its module and builds its options: many objects, no
        # cycles, so the cyclic collector is paused (as while g2g.cli is imported).
        with gc_paused():
            name = args[0] if args else ""
            unknown = (
                name
                and not name.startswith("-")
                and not ctx.resilient_parsing
                and self.get_command(ctx, name) is None
            )
            if unknown:
                # An unknown command, with a "Did you mean" over every command (typer's looks
                # only at the commands built so far), through click's public ctx.fail.
                message = f"No such command {name!r}."
                matches = difflib.get_close_matches(name, self.list_commands(ctx))
                if matches:
                    suggestions = ", ".join(f"{m!r}" for m in matches)
                    message = f"{message.rstrip('.')}. Did you mean {suggestions}?"
                ctx.fail(message)
            return super().resolve_command(ctx, args)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run g2g with standard streams that no closed descriptor or encoding can break."""
        open_streams()
        safe_streams()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        """Run the command; a G2GError is printed and becomes its exit code, here and only here."""
        try:
            with written_output():
                return super().invoke(ctx)
        except G2GError as exc:
            if not pipe_closed(exc):
                report_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            # Writes are atomic and remove their temporary files: nothing is half-written.
            typer.echo("\ng2g: interrupted - no file was left half-written", err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except typer.BadParameter as exc:
            exc.message = plain_choice_message(exc.message)
            raise


_READABLE: "weakref.WeakSet[Any]" = weakref.WeakSet()
"""The commands whose placeholders :func:`readable_placeholders` has set."""
_FOLDER_OPTIONS = {"output_dir", "templates"}


def _bare(annotation: Any) -> tuple[Any, bool]:
    """The type a parameter holds, without Annotated, None and list; and whether a list."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    if get_origin(annotation) is list:
        return get_args(annotation)[0], True
    return annotation, False


def placeholder(name: str, annotation: Any, help_text: str, *, argument: bool) -> str:
    """What stands for a parameter's value in the help: ``YYYY-MM``, ``FILE``, ``N``,
    ``[table|csv]``, an argument's name in capitals - never a type's name."""
    kind, _many = _bare(annotation)
    if argument:
        return "YYYY-MM" if name == "month" else name.upper()
    if isinstance(kind, type) and issubclass(kind, Enum):
        return f"[{'|'.join(str(member.value) for member in kind)}]"
    if kind is bool:
        return ""
    if kind in (int, float):
        return "SECONDS" if name == "wait" else "N"
    if kind is Path:
        return "FOLDER" if name in _FOLDER_OPTIONS else "PATH" if name == "plan" else "FILE"
    if "YYYY-MM-DD" in help_text:
        return "YYYY-MM-DD"
    if "YYYY-MM" in help_text:
        return "YYYY-MM"
    return "TEXT"


def readable_placeholders(command: Any, callback: Any) -> None:
    """Give every option and argument of ``command`` a readable placeholder (typer shows
    ``{folder}``, ``<str>`` or ``<list[Path]>``): options through click's public ``metavar``;
    arguments through their public ``get_usage_pieces`` and ``get_help_record``, so the usage
    line reads ``FOLDER`` for a required argument and ``[PATHS]...`` for an optional list."""
    annotations = {n: p.annotation for n, p in inspect.signature(callback).parameters.items()}
    for param in command.params:
        if param.name not in annotations or param.metavar is not None:
            continue
        argument = param.param_type_name == "argument"
        text = placeholder(
            param.name, annotations[param.name], getattr(param, "help", None) or "",
            argument=argument,
        )  # fmt: skip
        if not argument:
            if text:
                param.metavar = text
            continue
        param.metavar = text  # also names it in typer's errors: "Missing argument 'FOLDER'"
        many = _bare(annotations[param.name])[1]
        usage = (text if param.required else f"[{text}]") + ("..." if many else "")
        param.get_usage_pieces = lambda ctx, usage=usage: [usage]
        param.get_help_record = _argument_help(
            param.get_help_record, text + ("..." if many else "")
        )


def _argument_help(record: Any, shown: str) -> Any:
    def get_help_record(ctx: Any) -> Any:
        found = record(ctx)
        return None if found is None else (shown, found[1])

    return get_help_record


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


class G2GTyper(typer.Typer):
    """The application: Ctrl-C at any moment of a run (building the command line, parsing, a
    command) exits 130 with one line, never a traceback."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Run the application; Ctrl-C exits 130 with one line."""
        try:
            return super().__call__(*args, **kwargs)
        except KeyboardInterrupt:
            with contextlib.suppress(Exception):
                sys.stderr.write("\ng2g: interrupted\n")
            sys.exit(EXIT_INTERRUPTED)


app = G2GTyper(
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
    add_completion=True,
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
