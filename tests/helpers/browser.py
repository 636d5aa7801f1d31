"""The mark of a test that prints the paper in Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from g2g.report.pdf import find_chromium

_skip_without_chromium = pytest.mark.skipif(
    find_chromium() is None,
    reason="needs Chromium (g2g looks for it as the PDF engine does: G2G_CHROMIUM, then chromium, "
    "chromium-browser or google-chrome on the PATH) - on Debian or Ubuntu run "
    ".ci/browser-deps.sh (apt-get install chromium)",
)


def needs_chromium(test: Any) -> Any:
    """A test that prints the paper in Chromium: marked ``browser`` (CI fails if it skips), and
    skipped, naming the script that installs it, on a machine without Chromium."""
    return pytest.mark.browser(_skip_without_chromium(test))
