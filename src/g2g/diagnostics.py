"""Problems found in plan files, as data.

Every stage (load, schema, meaning checks) returns a list of :class:`Diagnostic` and never
stops at the first problem. The CLI sorts and prints them; nothing here prints.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a problem is: errors make a plan invalid, warnings are suspicious but legal, and
    an acknowledged warning is one the plan accepts with a reason (it never fails a run)."""

    error = "error"
    warning = "warning"
    acknowledged = "acknowledged"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place: ``path:line:column: severity: message``.

    Lines and columns count from 1. The message says what is wrong, then after " - " what would
    be right.
    """

    path: str
    line: int
    column: int
    severity: Severity
    message: str
    code: str = ""

    def format_text(self) -> str:
        """The one-line form people and editors read."""
        return f"{self.path}:{self.line}:{self.column}: {self.severity.value}: {self.message}"

    def format_github(self) -> str:
        """A GitHub Actions workflow command that annotates the file in a pull request."""
        level = "error" if self.severity is Severity.error else "warning"
        message = _github_data(self.message)
        path = _github_data(self.path).replace(",", "%2C").replace(":", "%3A")
        return f"::{level} file={path},line={self.line},col={self.column}::{message}"

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready mapping."""
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


_GITHUB_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _github_data(text: str) -> str:
    """``text`` as the data of a GitHub workflow command: ``%``, CR and LF escaped as GitHub
    reads them (%25, %0D, %0A), any other control character shown as ``\\x1b``, so no value
    can end the command or write to the log's terminal."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return _GITHUB_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def error(path: str, line: int, column: int, message: str, code: str = "") -> Diagnostic:
    """An error at a place."""
    return Diagnostic(path, line, column, Severity.error, message, code)


def warning(path: str, line: int, column: int, message: str, code: str = "") -> Diagnostic:
    """A warning at a place."""
    return Diagnostic(path, line, column, Severity.warning, message, code)


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file, line, column, then severity; duplicates removed."""
    return sorted(set(diagnostics))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def summary_line(diagnostics: list[Diagnostic], files: int, *, strict: bool = False) -> str:
    """One line that closes a validation run; under ``strict`` warnings fail it, and it says so
    (a CI log never reads "valid" on a failed job). Acknowledged warnings are counted apart."""
    errors = sum(1 for d in diagnostics if d.severity is Severity.error)
    accepted = sum(1 for d in diagnostics if d.severity is Severity.acknowledged)
    warnings = len(diagnostics) - errors - accepted
    noun = "file" if files == 1 else "files"
    tail = f", {accepted} acknowledged" if accepted else ""
    if not errors and not warnings:
        found = "no problems found" if not accepted else f"{accepted} acknowledged"
        return f"{files} {noun} checked: valid, {found}"
    counts = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}{tail}"
    if errors:
        return f"{files} {noun} checked: invalid, {counts}"
    if strict:
        return (
            f"{files} {noun} checked: fails under --strict: {_plural(warnings, 'warning')}"
            f"{tail} (valid without --strict)"
        )
    return f"{files} {noun} checked: valid, {counts}"


def to_json(diagnostics: list[Diagnostic]) -> str:
    """The diagnostics as a JSON list."""
    return json.dumps([d.as_dict() for d in diagnostics], indent=2, ensure_ascii=False)
