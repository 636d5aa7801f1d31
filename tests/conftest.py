"""Shared test helpers."""

from __future__ import annotations

import os
import shutil
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


# Tests that need a program outside Python carry a marker (registered in pyproject.toml) and
# skip, saying what to install, where it is missing. In CI (CI=true) such a skip is a failure:
# .ci/run installs every one of them, and a CI that silently skips is not a CI.
NEEDS_PROGRAM = ("browser", "libreoffice")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or os.environ.get("CI", "").lower() not in ("true", "1"):
        return
    markers = [name for name in NEEDS_PROGRAM if item.get_closest_marker(name) is not None]
    if markers:
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = (
            f"CI=true: a test marked {', '.join(markers)} must run in CI, not skip "
            f"(.ci/run installs what it needs): {reason}"
        )
