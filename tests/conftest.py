"""Shared test helpers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHIPPED = ROOT / "plans"


@pytest.fixture
def minimal_plan(tmp_path: Path) -> Path:
    """A writable copy of the minimal valid plan."""
    target = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "valid" / "minimal", target)
    return target
