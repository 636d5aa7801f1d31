"""g2g's one exception hierarchy. Every error a user can cause is a :class:`G2GError` whose
``str()`` is the message for people. Each kind of error is a class, and its class attribute
``exit_code`` is what the command line exits with: 1 for invalid plan data, 2 for misuse (a wrong
option, path or month); no error is given an exit code where it is raised. The CLI maps these to
exit codes in one place (``g2g.cli.app``); nothing below the CLI decides an exit code. A new
kind of error subclasses the class here whose kind it is, or adds one with its exit code.
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
    """A monthly-cycle command cannot go on because of the plan's data (exit code 1): the
    message says why and what to do; ``diagnostics`` are the plan problems behind it, if any."""

    def __init__(self, message: str, *, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


class CycleUsageError(CycleError, UsageError):
    """A monthly-cycle command was asked for something it will not do (exit code 2): a month
    that already exists, a plan no longer in force, nothing to record."""

    exit_code = EXIT_USAGE


class PlanUnusable(G2GError):
    """A valid plan that a command still cannot use because of what it was asked (exit code
    2), e.g. a month outside the plan, a board the plan lacks, a Word template that cannot be
    read. The message names the plan folder or file and says what to do."""

    exit_code = EXIT_USAGE


class WordTemplateUnusable(PlanUnusable):
    """The Word template given (``--docx-template``) is over its limits, damaged or not a Word
    document (exit code 2: it is an argument); the message names it and says what to give."""


class PaperNotMade(PlanUnusable):
    """A valid plan's paper could not be made for a reason in the data g2g was given (exit
    code 1): a template with an error in it, or a PDF printer that ran and wrote nothing."""

    exit_code = EXIT_INVALID


class PlanSkipped(PlanUnusable):
    """A plan a command over many plans leaves out, with a one-line note: it is closed or
    superseded, or has no data for the month asked. Among many plans the command goes on
    and prints the note; asked about this plan alone, it is the usage error it subclasses."""


class ImportRefused(G2GError):
    """``g2g import`` found problems in the files it was given (exit code 1): nothing was
    imported, or (with --good-rows) the rows or figures they concern were left out. The
    problems are printed before the message."""


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
    command could not use. Its exit code is the highest of theirs (:attr:`exit_code`)."""

    def __init__(self, errors: Sequence[G2GError]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = list(errors)

    @property
    def exit_code(self) -> int:  # type: ignore[override]  # its errors decide, not its class
        """The highest exit code of the errors held (1 when there are none)."""
        return max((error.exit_code for error in self.errors), default=EXIT_INVALID)


class Reported(G2GError):
    """The command has already printed what is wrong (validate's findings, the flagged moves
    of changes); only the exit code, 1, is left to give."""

    def __init__(self) -> None:
        super().__init__("")
