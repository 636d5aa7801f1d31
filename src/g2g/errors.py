"""g2g's one exception hierarchy. Every error a user can cause is a :class:`G2GError` whose
``str()`` is the message for people and whose ``exit_code`` is what the command line exits with:
1 for invalid plan data, 2 for misuse (a wrong option, path or month). The CLI maps these to exit
codes in one place (``g2g.cli.app``); nothing below the CLI decides an exit code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from g2g.diagnostics import Diagnostic

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


class G2GError(Exception):
    """Base of every error g2g reports to a person; ``exit_code`` says which kind."""

    exit_code = EXIT_INVALID

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics: list[Diagnostic] = []
        """Plan problems behind the error, printed before its message."""


class UsageError(G2GError):
    """The command was given something it cannot work on (exit code 2)."""

    exit_code = EXIT_USAGE


class MonthError(UsageError, ValueError):
    """A month that is malformed or outside the plan period; the message says what is right."""


class PlanInvalid(G2GError):
    """The plan has problems that stop the command; ``diagnostics`` are those problems (printed
    before the message)."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


class CycleError(G2GError):
    """A monthly-cycle command cannot go on: the message says why and what to do.

    ``usage`` marks misuse (exit 2) rather than invalid plan data (exit 1); ``diagnostics`` are
    the plan problems behind it, if any.
    """

    def __init__(
        self, message: str, *, usage: bool = False, diagnostics: list[Diagnostic] | None = None
    ) -> None:
        super().__init__(message)
        self.usage = usage
        self.exit_code = EXIT_USAGE if usage else EXIT_INVALID
        self.diagnostics = diagnostics or []


class PlanUnusable(G2GError):
    """A valid plan that a command still cannot use, e.g. one with no month to rate. The
    message names the plan folder and says what to do. ``exit_code`` is 2 for misuse (the
    command asked for something the plan lacks), 1 for bad data such as a broken template."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class PlanSkipped(PlanUnusable):
    """A plan a command over many plans leaves out, with a one-line note: it is closed or
    superseded, or has no data for the month asked. Among many plans the command goes on
    and prints the note; asked about this plan alone, it is the usage error it subclasses."""


class TemplateProblem(G2GError):
    """A template could not be loaded or rendered; ``str()`` is the message for people."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: template error: {message}")
        self.path = path
        self.line = line
        self.message = message


class WriteError(G2GError):
    """A file could not be written or edited safely; the old file is unchanged."""


class LockTimeout(WriteError):
    """Another process kept the file locked for longer than we were willing to wait."""


class SeveralErrors(G2GError):
    """More than one error, each reported in turn, e.g. one for each plan of a folder that a
    command could not use. ``exit_code`` is the highest of theirs."""

    def __init__(self, errors: Sequence[G2GError]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = list(errors)
        self.exit_code = max((error.exit_code for error in errors), default=EXIT_INVALID)


class Reported(G2GError):
    """The command has already printed what is wrong (validate's findings); only the exit code
    is left to give."""

    def __init__(self, exit_code: int = EXIT_INVALID) -> None:
        super().__init__("")
        self.exit_code = exit_code
