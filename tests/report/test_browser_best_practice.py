"""axe-core with its best-practice rules as well as WCAG 2.2 AA, on the public and the private
paper, at a desktop width (1280 px) and a phone's (390 px); and the charts' text size on that
phone.

The page runs in an iframe of the width being checked (a headless window cannot be made as
narrow as a phone), with axe inlined into the frame's own document so that it checks the page as
laid out at that width; the result is written into the outer page, which Chromium prints with
--dump-dom. Needs Chromium and axe-core in .cache/npm (.ci/browser-deps.sh installs both); skips,
naming that script, without them.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.report.charts import SMALLEST_FONT_SIZE, WIDTH
from tests.helpers import SHIPPED
from tests.helpers.browser import AXE, AXE_TAGS, CHROMIUM, INSTALL, chromium

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"Debian's chromium is not installed - {INSTALL}"
    ),
    pytest.mark.skipif(not AXE.exists(), reason=f"axe-core is not in .cache/npm - {INSTALL}"),
]

TAGS = [*AXE_TAGS, "best-practice"]
PHONE = 390
DESKTOP = 1280
SMALLEST_TEXT_PX = 9.0

IN_FRAME = """
<script>
function report(data) {
  var out = window.parent.document.createElement("pre");
  out.id = "frame-result";
  out.textContent = JSON.stringify(data);
  window.parent.document.body.appendChild(out);
}
function charts() {
  return Array.prototype.map.call(document.querySelectorAll("svg.chart-svg"), function (svg) {
    var box = svg.getBoundingClientRect();
    var sizes = Array.prototype.map.call(svg.querySelectorAll("text"), function (t) {
      return parseFloat(getComputedStyle(t).fontSize);  // user units, before the scaling
    });
    return {width: box.width, viewBox: svg.viewBox.baseVal.width, texts: sizes.length,
            smallest: Math.min.apply(null, sizes)};
  });
}
window.addEventListener("load", function () {
  axe.run(document, {runOnly: {type: "tag", values: %(tags)s}, resultTypes: ["violations"]})
    .then(function (result) { report({
        width: document.documentElement.clientWidth,
        charts: charts(),
        violations: result.violations.map(function (v) { return {
          id: v.id, help: v.help,
          nodes: v.nodes.map(function (n) { return {target: n.target,
                                                   html: n.html.slice(0, 200)}; })}; })}); })
    .catch(function (error) { report({error: String(error)}); });
});
</script>
"""


def in_a_frame(page: Path, width: int, folder: Path) -> dict[str, Any]:
    """axe's result and the charts' sizes for ``page`` laid out ``width`` px wide."""
    script = AXE.read_text(encoding="utf-8").replace("</script", "<\\/script")
    source = page.read_text(encoding="utf-8")
    assert source.count("</body>") == 1
    probe = IN_FRAME % {"tags": json.dumps(TAGS)}
    framed = source.replace("</body>", f"<script>{script}</script>{probe}</body>")
    outer = folder / f"frame-{width}.html"
    outer.write_text(
        "<!DOCTYPE html><html lang='en'><head><title>frame</title></head><body style='margin:0'>"
        f'<iframe title="paper" style="width:{width}px;height:900px;border:0" '
        f'srcdoc="{html.escape(framed, quote=True)}"></iframe></body></html>',
        encoding="utf-8",
    )
    result = chromium(
        folder / f"profile-{width}",
        f"--window-size={width + 40},1000",
        "--hide-scrollbars",
        "--virtual-time-budget=30000",
        "--dump-dom",
        outer.as_uri(),
    )
    found = re.search(r'<pre id="frame-result">(.*?)</pre>', result.stdout, re.S)
    assert found, f"axe wrote no result; chromium said: {result.stderr[-2000:]}"
    data: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    assert "error" not in data, data.get("error")
    return data


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("papers")
    out = {}
    for name, extra in (("public", []), ("private", ["--private"])):
        target = folder / f"{name}.html"
        result = CliRunner().invoke(
            app,
            ["report", str(SHIPPED / "oldham-2019"), "--board", "scrutiny", "--meeting-date",
             "2019-09-10", "-o", str(target), *extra],
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        out[name] = target
    return out


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("which", ["public", "private"])
def test_axe_with_best_practice_is_clean(
    pages: dict[str, Path], which: str, width: int, tmp_path: Path
) -> None:
    data = in_a_frame(pages[which], width, tmp_path)
    assert data["width"] <= width
    violations = data["violations"]
    assert violations == [], json.dumps(violations, indent=1)[:6000]


def test_the_harness_sees_best_practice_problems(tmp_path: Path) -> None:
    """The control: a page with two landmarks of one name, and content outside any landmark,
    fails (both are best-practice rules, not WCAG ones)."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html lang='en'><head><title>t</title></head><body><p>outside</p><main>"
        "<h1>t</h1><section aria-label='Same'><p>a</p></section>"
        "<section aria-label='Same'><p>b</p></section></main></body></html>",
        encoding="utf-8",
    )
    ids = {v["id"] for v in in_a_frame(bad, PHONE, tmp_path)["violations"]}
    assert {"landmark-unique", "region"} <= ids


def test_chart_text_is_at_least_9px_on_a_phone(pages: dict[str, Path], tmp_path: Path) -> None:
    """An SVG's text is sized in its viewBox's units and scaled with the chart: on screen it is
    the size in units times the chart's width over the viewBox's. Every text of every chart is
    at least 9 px on a 390 px phone."""
    data = in_a_frame(pages["public"], PHONE, tmp_path)
    charts = data["charts"]
    assert len(charts) >= 8
    for chart in charts:
        assert chart["texts"] > 3 and chart["viewBox"] == WIDTH
        assert chart["width"] < PHONE  # drawn at the phone's width, not wider
        shown = chart["smallest"] * chart["width"] / chart["viewBox"]
        assert shown >= SMALLEST_TEXT_PX, f"chart text {shown:.1f} px at {chart['width']} px"
    # the layout's own bound, for any chart: a label that does not fit shrinks no further
    assert SMALLEST_FONT_SIZE * min(c["width"] for c in charts) / WIDTH >= SMALLEST_TEXT_PX
