"""CI runs every test: a skipped test that needs a program outside Python fails the run.

Tests that need a program outside Python carry a marker (registered in pyproject.toml) and
skip, saying what to install, where it is missing. In CI (CI=true) such a skip is a failure:
.ci/run installs every one of them, and a CI that silently skips is not a CI. The hook is
imported by tests/conftest.py; tests/test_ci_guard.py loads it as a plugin (-p tests.ci_guard).
"""

from __future__ import annotations

import os
from typing import Any

import pytest

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
