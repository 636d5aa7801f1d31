"""The PDF's charts carry their text alternative: every /Figure of the tagged PDF's structure
tree has an /Alt, the chart's description from the HTML paper (WCAG 1.1.1; PDF/UA).

Chromium builds the PDF's structure tree from the page's accessibility tree. An element with
``role="img"`` whose content is ``aria-hidden`` has nothing to tag and is left out, alternative
text and all, while a ``<figure>`` becomes a /Figure with no /Alt. The paper's charts are
therefore a ``role="img"`` element with visible SVG content, followed by its caption in a
paragraph, in a plain ``<div class="figure">`` (``<figure>`` would be a /Figure without /Alt, and
``<figure role="group">`` is a role axe's best practice flags).

Needs Chromium (.ci/browser-deps.sh installs it); skips, naming that script, without it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject
from typer.testing import CliRunner

from g2g.cli.app import app
from tests.helpers import FIXTURES, SHIPPED
from tests.helpers.browser import needs_chromium

runner = CliRunner()


PLANS = {
    "oldham": [str(SHIPPED / "oldham-2019"), "--board", "scrutiny", "--month", "2019-08"],
    "bradford": [str(FIXTURES / "plans" / "bradford-2018")],
}


def structure(reader: PdfReader) -> list[tuple[str, str | None]]:
    """Every structure element, in reading order: (its type, its /Alt or None)."""
    found: list[tuple[str, str | None]] = []

    def walk(node: Any) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, DictionaryObject):
            kind = node.get("/S")
            if kind is not None:
                alt = node.get("/Alt")
                found.append((str(kind), str(alt) if alt is not None else None))
            kids = node.get("/K")
            if kids is None:
                return
            kids = kids.get_object() if hasattr(kids, "get_object") else kids
            for kid in kids if isinstance(kids, ArrayObject | list) else [kids]:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def papers(folder: Path, plan: list[str], *extra: str) -> tuple[str, PdfReader]:
    """The HTML paper and the PDF printed from it."""
    page, pdf = folder / "paper.html", folder / "paper.pdf"
    for target, fmt in ((page, "html"), (pdf, "pdf")):
        args = ["report", *plan, "--commit", "none", "--format", fmt, "-o", str(target)]
        result = runner.invoke(app, [*args, *extra])
        assert result.exit_code == 0, result.stderr
    return page.read_text(encoding="utf-8"), PdfReader(str(pdf))


@needs_chromium
@pytest.mark.parametrize("which", ["oldham", "bradford"])
@pytest.mark.parametrize("private", [False, True])
def test_every_figure_in_the_pdf_has_the_charts_description(
    which: str, private: bool, tmp_path: Path
) -> None:
    page, reader = papers(tmp_path, PLANS[which], *(["--private"] if private else []))
    described = [
        html.unescape(a)
        for a in re.findall(r'<div class="chart" role="img" aria-label="([^"]*)"', page)
    ]
    assert described, "the paper has charts"
    figures = [alt for kind, alt in structure(reader) if kind == "/Figure"]
    assert figures == described  # one /Figure per chart, in order, each with its words
    assert all(alt and alt.strip() for alt in figures)


def test_the_html_has_no_figure_without_a_chart() -> None:
    """No <figure> (a /Figure with no /Alt), and each chart is one described image."""
    result = runner.invoke(app, ["report", *PLANS["oldham"], "--commit", "none"])
    assert result.exit_code == 0, result.stderr
    assert "<figure" not in result.stdout  # Chromium makes a <figure> a /Figure without /Alt
    figures = re.findall(
        r'<div class="figure">(.*?)</div>\n<p class="figure-note">', result.stdout, re.S
    )
    assert len(figures) >= 8
    for figure in figures:
        assert figure.count('role="img"') == 1
        assert "aria-hidden" not in figure
    assert '<p class="figure-note">' in result.stdout  # the targets with one figure
