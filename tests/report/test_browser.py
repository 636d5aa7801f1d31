"""The paper in a real browser: headless Chromium prints it to PDF, and axe-core checks it for
WCAG 2.0, 2.1 and 2.2 level A and AA with zero violations.

Needs Debian's chromium (/usr/bin/chromium) and axe-core from npm in .cache/npm; both are
installed by .ci/browser-deps.sh, which .ci/run calls. The tests skip, naming that script, only
when one of them is missing.

axe-core runs without any extra Python package: a test-only copy of the page gets axe.min.js
and a small script inlined; the script runs axe and writes the result as JSON into the DOM,
which Chromium prints with --dump-dom.
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
from tests.helpers import ROOT, SHIPPED
from tests.helpers.browser import AXE, CHROMIUM, INSTALL, chromium, run_axe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"needs Debian's chromium at /usr/bin/chromium - {INSTALL}"
    ),
    pytest.mark.skipif(
        not AXE.exists(), reason=f"needs axe-core from npm in .cache/npm - {INSTALL}"
    ),
]


@pytest.fixture(scope="module")
def paper(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped plan's HTML paper, as a file."""
    target = tmp_path_factory.mktemp("paper") / "paper.html"
    result = CliRunner().invoke(
        app,
        [
            "report",
            str(SHIPPED / "oldham-2019"),
            "--board",
            "scrutiny",
            "--meeting-date",
            "2019-09-10",
            "-o",
            str(target),
        ],
    )
    assert result.exit_code == 0, result.stderr
    return target


def pdf_pages(pdf: bytes) -> int:
    """Page objects in a PDF (Chromium writes them uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_prints_to_a_multi_page_a4_pdf(paper: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "paper.pdf"
    result = chromium(
        tmp_path / "profile",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        paper.as_uri(),
    )
    assert pdf.exists(), result.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(data) > 50_000
    pages = pdf_pages(data)
    assert pages >= 10, f"{pages} pages"
    # A4 portrait for the paper and A4 landscape for the tracker appendix, in points.
    boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data))
    sizes = {(round(float(w)), round(float(h))) for w, h in boxes}
    assert (595, 842) in sizes
    assert (842, 595) in sizes


def test_axe_finds_no_wcag_violations(paper: Path, tmp_path: Path) -> None:
    result = run_axe(paper, tmp_path)
    violations = result["violations"]
    details = json.dumps(violations, indent=1)[:6000]
    assert violations == [], f"{len(violations)} axe-core violations:\n{details}"
    # The rules that matter most for the paper really ran.
    for rule in ("color-contrast", "html-has-lang", "th-has-data-cells", "role-img-alt"):
        assert rule in result["passes"], f"axe did not check {rule}"


def test_axe_catches_a_planted_violation(tmp_path: Path) -> None:
    """The harness itself works: a page with a known problem fails."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html><head><title>t</title></head><body><main><h1>t</h1>"
        '<p style="color:#777;background:#888">low contrast</p><img src="data:,"></main>'
        "</body></html>",
        encoding="utf-8",
    )
    ids = {v["id"] for v in run_axe(bad, tmp_path)["violations"]}
    assert {"html-has-lang", "color-contrast", "image-alt"} <= ids


def test_the_overview_of_many_plans_has_no_wcag_violations(tmp_path: Path) -> None:
    page = tmp_path / "overview.html"
    result = CliRunner().invoke(
        app,
        ["report", str(SHIPPED / "oldham-2019"), str(ROOT / "tests" / "fixtures" / "valid"),
         "-o", str(page)],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    found = run_axe(page, tmp_path)
    violations = found["violations"]
    assert violations == [], json.dumps(violations, indent=1)[:6000]
    for rule in ("color-contrast", "html-has-lang", "th-has-data-cells"):
        assert rule in found["passes"], f"axe did not check {rule}"


PROBE = """
<script>
function measure(win) {
  var doc = win.document;
  var view = doc.documentElement.clientWidth;
  var wide = [];
  doc.querySelectorAll("table, figure, dl, p, h1, h2, h3, ul, ol").forEach(function (el) {
    var box = el.getBoundingClientRect();
    if (box.right > view + 1 && !el.closest(".scroll")) {
      wide.push(el.tagName + "." + el.className + ": " + el.textContent.slice(0, 60));
    }
  });
  var regions = Array.prototype.map.call(doc.querySelectorAll(".scroll"), function (el) {
    return {label: el.getAttribute("aria-label"), tabindex: el.getAttribute("tabindex"),
            role: el.getAttribute("role"), fits: el.getBoundingClientRect().right <= view + 1,
            inner: el.scrollWidth <= el.clientWidth + 1};
  });
  return {view: view, scroll: doc.scrollingElement.scrollWidth, wide: wide, regions: regions};
}
var frame = document.getElementById("phone");
frame.addEventListener("load", function () {
  var out = document.createElement("pre");
  out.id = "probe-result";
  out.textContent = JSON.stringify(measure(frame.contentWindow));
  document.body.appendChild(out);
});
</script>
"""


def probe_phone(page: Path, tmp_path: Path) -> dict[str, Any]:
    """How the page lays out on a 390 px wide phone screen: the page in a 390 px frame (the
    headless window cannot be made that narrow), its scroll bars hidden as a phone's are."""
    probe = tmp_path / "phone.html"
    source = html.escape(page.read_text(encoding="utf-8"), quote=True)
    probe.write_text(
        "<!DOCTYPE html><html lang='en'><head><title>phone</title></head><body style='margin:0'>"
        f'<iframe id="phone" title="paper" style="width:390px;height:844px;border:0" '
        f'srcdoc="{source}"></iframe>{PROBE}</body></html>',
        encoding="utf-8",
    )
    result = chromium(
        tmp_path / "profile",
        "--window-size=800,900",
        "--hide-scrollbars",
        "--virtual-time-budget=10000",
        "--dump-dom",
        probe.as_uri(),
    )
    found = re.search(r'<pre id="probe-result">(.*?)</pre>', result.stdout, re.S)
    assert found, f"the probe wrote no result; chromium said: {result.stderr[-2000:]}"
    data: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return data


def test_every_table_is_reachable_on_a_390px_phone_without_panning(
    paper: Path, tmp_path: Path
) -> None:
    data = probe_phone(paper, tmp_path)
    assert data["view"] <= 390
    assert data["scroll"] <= 390, data["wide"]
    assert data["wide"] == []
    assert len(data["regions"]) >= 20
    for region in data["regions"]:
        assert region["fits"], region
        assert region["tabindex"] == "0" and region["role"] == "region" and region["label"]


def test_the_rating_key_needs_no_sideways_scroll_on_a_390px_phone(
    paper: Path, tmp_path: Path
) -> None:
    # the key's "Green, challenged: the evidence gives Red" badge did not wrap, so on a phone
    # the Rating column took the screen and every meaning sat off it, to be scrolled to
    data = probe_phone(paper, tmp_path)
    key = next(r for r in data["regions"] if r["label"] == "What each rating means")
    assert key["fits"] and key["inner"], key


def test_the_private_paper_has_no_wcag_violations(tmp_path: Path) -> None:
    page = tmp_path / "private.html"
    result = CliRunner().invoke(
        app,
        ["report", str(SHIPPED / "oldham-2019"), "--board", "scrutiny", "--private",
         "-o", str(page)],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    violations = run_axe(page, tmp_path)["violations"]
    assert violations == [], json.dumps(violations, indent=1)[:6000]
