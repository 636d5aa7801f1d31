"""Kinds of error are classes: each subclass of G2GError carries its exit code, and the CLI
exits with it (g2g.cli.app.G2GGroup, the one place errors become exit codes)."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import g2g
from g2g.cli.app import G2GGroup
from g2g.cli.streams import pipe_closed
from g2g.errors import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    G2GError,
    PlanInvalid,
    Reported,
    SeveralErrors,
    TemplateProblem,
    UsageError,
)

SRC = Path(g2g.__file__).parent


def _import_every_module() -> None:
    for module in pkgutil.walk_packages(g2g.__path__, "g2g."):
        if module.name.endswith("__main__"):
            continue  # runs the command line
        importlib.import_module(module.name)


def _subclasses(cls: type[G2GError]) -> list[type[G2GError]]:
    found: list[type[G2GError]] = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


_import_every_module()
KINDS = sorted(set(_subclasses(G2GError)), key=lambda c: f"{c.__module__}.{c.__qualname__}")

QUIET = next(kind for kind in KINDS if pipe_closed(kind("")))
"""The one kind that is not an error: the reader of standard output went away (exit 0)."""

MAKE: dict[type[G2GError], Callable[[], G2GError]] = {
    TemplateProblem: lambda: TemplateProblem("paper.html.j2", 3, "something is wrong"),
    Reported: Reported,
    SeveralErrors: lambda: SeveralErrors([G2GError("one is wrong"), UsageError("two")]),
    PlanInvalid: lambda: PlanInvalid("something is wrong"),
}
"""The kinds whose constructor takes more than a message."""


def _make(kind: type[G2GError]) -> G2GError:
    return MAKE.get(kind, lambda: kind("something is wrong"))()


def test_the_kinds_are_found() -> None:
    names = {kind.__name__ for kind in KINDS}
    assert {"CycleUsageError", "PdfEngineMissing", "PdfFailed", "WordTemplateUnusable"} <= names
    assert len(KINDS) >= 15


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
def test_every_kind_has_an_exit_code_of_one_or_two(kind: type[G2GError]) -> None:
    codes = (EXIT_OK,) if kind is QUIET else (EXIT_INVALID, EXIT_USAGE)
    if kind is not SeveralErrors:  # whose errors decide its code
        assert kind.exit_code in codes
    assert _make(kind).exit_code in codes


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
def test_the_cli_exits_with_the_kinds_code(kind: type[G2GError]) -> None:
    error = _make(kind)
    app = typer.Typer(cls=G2GGroup)

    @app.callback()
    def main() -> None:
        """A group, as g2g's."""

    @app.command()
    def boom() -> None:
        raise error

    result = CliRunner().invoke(app, ["boom"])
    assert result.exit_code == error.exit_code
    assert "Traceback" not in result.stderr
    if str(error) and kind is not QUIET:
        assert result.stderr.rstrip().endswith(str(error).splitlines()[-1])


def test_several_errors_exit_with_the_highest_code() -> None:
    assert SeveralErrors([UsageError("a"), UsageError("b")]).exit_code == EXIT_USAGE
    assert SeveralErrors([UsageError("a"), G2GError("b")]).exit_code == EXIT_USAGE
    assert SeveralErrors([G2GError("a"), G2GError("b")]).exit_code == EXIT_INVALID


def test_no_error_is_given_an_exit_code_where_it_is_raised() -> None:
    # The kind decides: no `exit_code=` keyword, no positional code, no `usage=` flag.
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                keywords = {k.arg for k in node.exc.keywords}
                if keywords & {"exit_code", "usage"}:
                    found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert found == []


def test_every_exception_class_is_a_kind_of_g2g_error_or_an_inner_signal() -> None:
    # Exceptions outside the hierarchy never reach a person: each is caught where it is raised
    # (in the same module or its one caller) and turned into a G2GError or a diagnostic.
    inner = {"CellValueError", "TableError", "TooLarge", "FileTooLarge", "_Stop"}
    outside = set()
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = {b.id for b in node.bases if isinstance(b, ast.Name)}
                if bases & {"Exception", "ValueError", "OSError", "RuntimeError", "KeyError"}:
                    outside.add(node.name)
    assert outside - {"G2GError", "MonthError"} == inner
