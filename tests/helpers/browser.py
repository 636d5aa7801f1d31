"""The browser tests' tools: the mark of a test that prints the paper in Chromium, headless
Chromium run with a fresh profile and no network, and axe-core's check of a page."""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from g2g.report.pdf import find_chromium
from tests.helpers import ROOT

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


CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
INSTALL = "run .ci/browser-deps.sh to install it"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WINDOW = "1280,1024"
TIMEOUT = 180


RUNNER = """
<script>
axe.run(document, {runOnly: {type: "tag", values: %(tags)s}, resultTypes: ["violations"]})
  .then(function (result) { report({
      violations: result.violations.map(function (v) { return {
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(function (n) { return {target: n.target, html: n.html.slice(0, 300),
                                                 summary: n.failureSummary}; })}; }),
      passes: result.passes.map(function (p) { return p.id; }),
      version: axe.version}); })
  .catch(function (error) { report({error: String(error)}); });
function report(data) {
  var out = document.createElement("pre");
  out.id = "axe-result";
  out.textContent = JSON.stringify(data);
  document.body.appendChild(out);
}
</script>
"""


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with a fresh profile and nothing that reaches the network."""
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)


def run_axe(page: Path, tmp_path: Path, tags: list[str] = AXE_TAGS) -> dict[str, Any]:
    """axe-core's result for a page, from a test-only copy with axe inlined (``tags``: the
    rules run, WCAG 2.2 A and AA unless given)."""
    script = AXE.read_text(encoding="utf-8").replace("</script", "<\\/script")
    runner = RUNNER % {"tags": json.dumps(tags)}
    page_text = page.read_text(encoding="utf-8")
    assert page_text.count("</body>") == 1
    probe = tmp_path / "axe.html"
    probe.write_text(
        page_text.replace("</body>", f"<script>{script}</script>{runner}</body>"),
        encoding="utf-8",
    )
    result = chromium(
        tmp_path / "profile",
        f"--window-size={WINDOW}",
        "--virtual-time-budget=20000",
        "--dump-dom",
        probe.as_uri(),
    )
    found = re.search(r'<pre id="axe-result">(.*?)</pre>', result.stdout, re.S)
    assert found, f"axe wrote no result; chromium said: {result.stderr[-2000:]}"
    data: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    assert "error" not in data, data.get("error")
    return data
