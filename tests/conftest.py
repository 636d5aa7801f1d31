"""Shared test helpers."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from g2g.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHIPPED = ROOT / "plans"


@pytest.fixture
def minimal_plan(tmp_path: Path) -> Path:
    """A writable copy of the minimal valid plan."""
    target = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "valid" / "minimal", target)
    return target


@pytest.fixture(scope="session", autouse=True)
def private_session_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Module- and session-wide fixtures (a PDF printed once, the installed wheel) run before
    the per-test cache below: they get an empty cache of the session's, never the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("G2G_CACHE_DIR", str(tmp_path_factory.mktemp("g2g-session-cache")))
        yield


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own empty g2g cache, never the user's."""
    folder = tmp_path_factory.mktemp("g2g-cache")
    monkeypatch.setenv("G2G_CACHE_DIR", str(folder))
    return folder


def run_in(folder: Path, *args: str) -> tuple[int, str, str]:
    """Run the g2g CLI in ``folder``: exit code, stdout, stderr."""
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(app, list(args))
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stdout, result.stderr


# A skipped browser or libreoffice test fails the run in CI (tests/ci_guard.py).
from tests.ci_guard import pytest_runtest_makereport  # noqa: E402, F401


def plant_exempt_appendix(plan: Path, narrative: dict[str, Any]) -> None:
    """Add the invented exempt Appendix B (test material, kept in tests: the shipped plan lists
    only seed 002's appendices) to ``plan``'s narrative values ``narrative``."""
    shutil.copy(
        FIXTURES / "narrative" / "exempt-workforce-cases.md",
        plan / "narrative" / "appendices" / "exempt-workforce-cases.md",
    )
    narrative["appendices"].append(
        {
            "id": "B",
            "title": "Workforce cases behind the Red ratings (invented for g2g's tests)",
            "file": "narrative/appendices/exempt-workforce-cases.md",
            "exempt": 1,
        }
    )
