"""Every module of g2g says what it is, and the names its docstring and the contributor
documents give (``g2g.x.y``) exist."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from tests.helpers import ROOT

SRC = ROOT / "src" / "g2g"
DOCUMENTS = ("CONTRIBUTING.md", "ARCHITECTURE.md")
# A dotted name under g2g: `g2g.plan.load.ValidPlan`, `g2g.io.limits.LIMITS`, `g2g.words`.
DOTTED = re.compile(r"(?<![\w./-])g2g(?:\.[A-Za-z_]\w*)+")


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _docstring(path: Path) -> str | None:
    return ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))


def resolves(name: str) -> bool:
    """Whether ``name`` is a module of g2g, or an attribute reached from the longest one."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(found, attribute):
                return False
            found = getattr(found, attribute)
        return True
    return False


def dotted_names(text: str) -> set[str]:
    """The dotted g2g names in ``text``, trailing punctuation left off (a ``(`` ends one)."""
    return {match.rstrip(".") for match in DOTTED.findall(text)}


def test_every_module_has_a_docstring() -> None:
    missing = [p.relative_to(ROOT).as_posix() for p in _modules() if not _docstring(p)]
    assert missing == []


@pytest.mark.parametrize("path", _modules(), ids=_module_name)
def test_the_names_a_module_docstring_gives_exist(path: Path) -> None:
    names = dotted_names(_docstring(path) or "")
    assert sorted(n for n in names if not resolves(n)) == []


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_names_a_contributor_document_gives_exist(document: str) -> None:
    names = dotted_names((ROOT / document).read_text(encoding="utf-8"))
    assert names, f"{document} names no g2g module"
    assert sorted(n for n in names if not resolves(n)) == []


def test_the_check_finds_names_and_refuses_missing_ones() -> None:
    text = "see :func:`g2g.plan.load.as_valid`, g2g.words.plural(n) and g2g.models."
    assert dotted_names(text) == {"g2g.plan.load.as_valid", "g2g.words.plural", "g2g.models"}
    assert resolves("g2g.plan.load.as_valid") and resolves("g2g.words")
    assert not resolves("g2g.models") and not resolves("g2g.plan.load.no_such_name")
    assert dotted_names("g2g/paper.html.j2 and plan/g2g.yaml") == set()
