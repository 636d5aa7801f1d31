"""The CI guard (tests/ci_guard.py): with CI=true a skipped browser or libreoffice test fails;
elsewhere it stays a skip; other skips are left alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT

SAMPLE = """
import pytest

@pytest.mark.browser
def test_needs_chromium():
    pytest.skip("needs Chromium - run .ci/browser-deps.sh")

@pytest.mark.libreoffice
@pytest.mark.skipif(True, reason="needs LibreOffice Calc - run .ci/office-deps.sh")
def test_needs_calc():
    pass

@pytest.mark.skipif(True, reason="POSIX only")
def test_other_skip():
    pass

@pytest.mark.browser
def test_runs():
    assert True
"""


def run(folder: Path, ci: str | None) -> str:
    (folder / "test_sample.py").write_text(SAMPLE, encoding="utf-8")
    # The sample runs with these options alone: not CI's, nor a seed given to this run.
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS")}
    if ci is not None:
        env["CI"] = ci
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.ci_guard", "-p", "no:randomly",
         "-p", "no:cacheprovider", "-rA", "--rootdir", str(folder),
         "-o", "markers=browser\nlibreoffice", str(folder / "test_sample.py")],
        cwd=folder, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    return done.stdout


def test_in_ci_a_skipped_marked_test_fails(tmp_path: Path) -> None:
    out = run(tmp_path, "true")
    # A skip in setup (skipif) reports as an error, one in the test as a failure: both fail.
    assert "1 failed, 1 passed, 1 skipped, 1 error" in out, out
    assert "a test marked browser must run in CI" in out
    assert "needs Chromium - run .ci/browser-deps.sh" in out
    assert "a test marked libreoffice must run in CI" in out


def test_outside_ci_it_is_a_skip_that_says_what_to_install(tmp_path: Path) -> None:
    out = run(tmp_path, None)
    assert "1 passed, 3 skipped" in out, out
    assert "needs LibreOffice Calc - run .ci/office-deps.sh" in out
