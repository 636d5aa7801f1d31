"""Tests import what they share from tests.helpers; conftest.py files hold fixtures and hooks
only, and no test module imports from one, nor from another test module."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import ROOT

TESTS = ROOT / "tests"


def _modules() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if "fixtures" not in p.relative_to(TESTS).parts)


def _imported(tree: ast.Module) -> list[str]:
    """Every module an import in ``tree`` names (a relative one with its leading dots)."""
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            found += [module] if node.module else [f"{module}{a.name}" for a in node.names]
    return found


def test_no_test_module_imports_from_a_conftest() -> None:
    offenders = {
        path.relative_to(ROOT).as_posix(): name
        for path in _modules()
        for name in _imported(ast.parse(path.read_text(encoding="utf-8")))
        if name.rsplit(".", 1)[-1] == "conftest"
    }
    assert offenders == {}


def test_a_conftest_holds_only_fixtures_and_hooks() -> None:
    public: dict[str, list[str]] = {}
    conftests = sorted(TESTS.rglob("conftest.py"))
    assert len(conftests) >= 2
    for path in conftests:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef):
                fixture = any("fixture" in ast.unparse(d) for d in node.decorator_list)
                hook = node.name.startswith("pytest_")
                targets = [] if fixture or hook else [node.name]
            elif isinstance(node, ast.ClassDef):
                targets = [node.name]
            elif isinstance(node, ast.Assign):
                targets = [ast.unparse(t) for t in node.targets]
            elif isinstance(node, ast.AnnAssign):
                targets = [ast.unparse(node.target)]
            else:
                continue
            public.setdefault(path.relative_to(ROOT).as_posix(), []).extend(
                t for t in targets if not t.startswith("_")
            )
    assert {k: v for k, v in public.items() if v} == {}


def test_the_check_sees_an_import_from_a_conftest() -> None:
    for line in ("from tests.conftest import ROOT", "from .conftest import X", "import conftest"):
        assert any(n.endswith("conftest") for n in _imported(ast.parse(line))), line


def _from_test_modules(tree: ast.Module) -> list[str]:
    """The test modules (``test_*.py``) that the imports in ``tree`` reach into, by name."""
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            names += [module, *(f"{module.rstrip('.')}.{a.name}" for a in node.names)]
    return [
        name
        for name in names
        if name.startswith(("tests.", ".")) or name.split(".")[0].startswith("test_")
        if any(part.startswith("test_") for part in name.split("."))
    ]


def test_no_test_module_imports_from_another_test_module() -> None:
    """A helper two test modules share lives in tests/helpers (a module per theme), so that a
    test module can be moved, split or run alone."""
    offenders = {
        path.relative_to(ROOT).as_posix(): found
        for path in _modules()
        if (found := _from_test_modules(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}


def test_the_check_sees_an_import_from_another_test_module() -> None:
    for line in (
        "from tests.engine.test_rag import at",
        "from tests.report import test_browser",
        "from .test_pdf import titles",
        "import tests.report.test_pdf",
        "    from tests.report.test_docx import outline",
    ):
        assert _from_test_modules(ast.parse(line.strip())), line
    for line in ("from tests.helpers.pdf import make_pdf", "from g2g.words import plural"):
        assert _from_test_modules(ast.parse(line)) == [], line
