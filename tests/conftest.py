"""Fixtures and hooks every test gets. Helpers the tests import live in tests.helpers."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import FIXTURES


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


# A skipped browser or libreoffice test fails the run in CI (tests/ci_guard.py).
from tests.ci_guard import pytest_runtest_makereport  # noqa: E402, F401
