"""g2g report --format pdf: an A4, tagged PDF with bookmarks, printed by headless Chromium.

Chromium is installed in CI by .ci/browser-deps.sh (Debian's chromium); the tests that print
skip, naming that script, only when it is missing. The PDF is read back with pypdf.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.report.pdf import CHROMIUM_ENV
from tests.helpers import SECRETS, SHIPPED
from tests.helpers.browser import needs_chromium
from tests.helpers.pdf import make_pdf, titles

runner = CliRunner()
OLDHAM = SHIPPED / "oldham-2019"
ARGS = ["report", "--board", "scrutiny", "--month", "2019-08", "--commit", "none"]


MONTH = ("--month", "2019-08")


@pytest.fixture(scope="module")
def public_pdf(tmp_path_factory: pytest.TempPathFactory) -> PdfReader:
    return make_pdf(tmp_path_factory.mktemp("pdf"), *MONTH)


@pytest.mark.browser
@needs_chromium
def test_pdf_is_a4_tagged_with_bookmarks_from_the_headings(public_pdf: PdfReader) -> None:
    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in public_pdf.pages
    }
    assert (595, 842) in sizes  # A4 portrait, in points
    assert (842, 595) in sizes  # A4 landscape for the tracker
    root = public_pdf.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    marks = titles(public_pdf.outline)
    for heading in ("1. Findings", "5. Improvement Plan Activity", "10. Conclusion", "Appendices"):
        assert any(heading in mark for mark in marks), (heading, marks[:20])


def finance_rows() -> list[str]:
    """The finance table's rows as they read in the PDF's text: each budget line of the shipped
    plan's latest period, then the total, with its revised budget and forecast (GBP thousands)."""
    periods = yaml.safe_load((OLDHAM / "finance.yaml").read_text(encoding="utf-8"))["periods"]
    latest = [p for p in periods if p.get("lines")][-1]
    return [
        rf"{re.escape(line['name'])}\s+{line['revised_budget']:,}\s+{line['forecast']:,}\s"
        for line in [*latest["lines"], latest["total"]]
    ]


@pytest.mark.browser
@needs_chromium
def test_the_small_finance_table_is_on_one_page_with_its_total_once(
    public_pdf: PdfReader,
) -> None:
    # What a reader cares about: the table is not split over two pages, and its total row is
    # printed once. Where the page breaks before it (fonts, the machine's Chromium) is not tested:
    # the sentence before the table may fall on the page before.
    pages = [page.extract_text() or "" for page in public_pdf.pages]
    rows = finance_rows()
    assert len(rows) == 4  # three budget lines and the total
    where = {row: [i for i, text in enumerate(pages) if re.search(row, text)] for row in rows}
    assert all(len(found) == 1 for found in where.values()), where
    assert len({found[0] for found in where.values()}) == 1, where  # one page holds them all
    text = "\n".join(pages)
    assert len(re.findall(rows[-1], text)) == 1  # the total row once
    assert sum(text.count("Page ") for text in pages) >= len(pages)  # a page number on each


@pytest.mark.browser
@needs_chromium
def test_the_private_pdf_is_marked_on_every_page(exempt_plan: Path, tmp_path: Path) -> None:
    reader = make_pdf(tmp_path, *MONTH, "--private", plan=exempt_plan)
    pages = [page.extract_text() or "" for page in reader.pages]
    assert all("NOT FOR PUBLICATION" in text for text in pages)
    assert SECRETS["appendix"] in "".join(pages)


@pytest.mark.browser
@needs_chromium
def test_the_public_pdf_leaves_exempt_content_out(exempt_plan: Path, tmp_path: Path) -> None:
    reader = make_pdf(tmp_path, *MONTH, plan=exempt_plan)
    text = "".join(page.extract_text() or "" for page in reader.pages)
    for secret in SECRETS.values():
        assert secret not in text, secret
    assert "NOT FOR PUBLICATION" not in text
    assert "Appendix B is not for publication" in " ".join(text.split())


def test_a_missing_engine_is_a_clear_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CHROMIUM_ENV, str(tmp_path / "no-such-chromium"))
    target = tmp_path / "paper.pdf"
    result = runner.invoke(app, [*ARGS, str(OLDHAM), "--format", "pdf", "-o", str(target)])
    assert result.exit_code == 2
    assert "a PDF paper needs Chromium, Chrome or Edge" in result.stderr
    assert f"{CHROMIUM_ENV} names" in result.stderr
    assert "no-such-chromium" in result.stderr
    assert not target.exists()


def test_pdf_needs_an_output_file() -> None:
    result = runner.invoke(app, [*ARGS, str(OLDHAM), "--format", "pdf"])
    assert result.exit_code == 2
    assert "a pdf paper is a file - give --output FILE" in result.stderr
