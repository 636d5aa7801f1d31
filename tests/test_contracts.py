"""The import contracts in pyproject.toml place every package and module they cover.

import-linter's ``exhaustive`` option already fails ``make lint`` on a module no layer names;
these tests say the same in the test suite, and also catch a layer that names a module which is
gone, so the contract cannot quietly cover less than the code. Two rules of the codebase's
shape sit beside them: no module imports another's private names, and no module is over 800
lines unless it says why."""

from __future__ import annotations

import ast
import importlib.util
import re
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "importlinter"
]["contracts"]
LAYERED = {c["containers"][0]: c for c in CONTRACTS if c["type"] == "layers"}


def _children(package: str) -> set[str]:
    """The modules and packages directly inside ``package``, from the source tree."""
    folder = ROOT / "src" / Path(*package.split("."))
    modules = {p.stem for p in folder.glob("*.py") if p.stem != "__init__"}
    return modules | {p.name for p in folder.iterdir() if (p / "__init__.py").is_file()}


def _named(contract: dict[str, object]) -> set[str]:
    layers = contract["layers"]
    assert isinstance(layers, list)
    return {name.strip("() ") for layer in layers for name in re.split(r"[|:]", layer)}


@pytest.mark.parametrize("package", ["g2g", "g2g.plan", "g2g.engine"])
def test_every_module_of_a_layered_package_is_placed_once(package: str) -> None:
    contract = LAYERED[package]
    assert contract.get("exhaustive") is True, f"the layers of {package} are not exhaustive"
    assert _named(contract) == _children(package)


def test_the_stages_are_every_package_of_g2g() -> None:
    packages = {p.parent.name for p in (ROOT / "src" / "g2g").glob("*/__init__.py")}
    assert packages and packages <= _named(LAYERED["g2g"])


def test_no_circles_are_allowed_anywhere_in_g2g() -> None:
    acyclic = [c for c in CONTRACTS if c["type"] == "acyclic_siblings"]
    assert [c["ancestors"] for c in acyclic] == [["g2g"]]
    assert acyclic[0].get("depth", 10) >= 2  # g2g -> its stages -> their modules


def _code_figures() -> ModuleType:
    """benchmarks/code_figures.py, which counts what these tests hold at 0."""
    spec = importlib.util.spec_from_file_location(
        "code_figures", ROOT / "benchmarks" / "code_figures.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FIGURES = _code_figures()


def test_no_module_imports_another_modules_private_names() -> None:
    assert FIGURES.private_imports() == []


def test_the_private_import_check_sees_one() -> None:
    tree = ast.parse("from g2g.engine.ratings import RANK, _hidden\nfrom g2g.plan import _ok")
    assert FIGURES.private_names("g2g.report.tables", tree) == [
        "g2g.report.tables imports g2g.engine.ratings._hidden",
        "g2g.report.tables imports g2g.plan._ok",
    ]
    assert FIGURES.private_names("g2g.plan.load", ast.parse("from g2g.plan import _ok")) == []


LONGEST = 800
"""No module is longer, unless it does one job that cannot be split and says so at its top."""


def test_no_module_is_over_800_lines_unless_it_says_why() -> None:
    long = []
    for name, path in FIGURES.module_paths():
        text = path.read_text(encoding="utf-8")
        doc = ast.get_docstring(ast.parse(text)) or ""
        if len(text.splitlines()) > LONGEST and "one job that cannot be split" not in doc:
            long.append(f"{name}: {len(text.splitlines())} lines")
    assert long == []
