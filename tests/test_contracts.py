"""The import contracts in pyproject.toml place every package and module they cover.

import-linter's ``exhaustive`` option already fails ``make lint`` on a module no layer names;
these tests say the same in the test suite, and also catch a layer that names a module which is
gone, so the contract cannot quietly cover less than the code."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

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
