"""Committee length (issue 23 item 5): the committee layout (default) and the full one (--full).

By default the body of the paper - summary, exceptions, the 12-week view, service figures,
finance, recommendations - fits 12 A4 pages for the shipped plan, the detail for each
recommendation and target, the figures over time, the reporting line, the RAG definitions and
the tracker are appendices, and a contents list links to every section (links in HTML,
bookmarks in PDF, a TOC field in Word). --full keeps the paper as it was (its golden is in
test_golden.py).

The PDF tests never assert where a page breaks: they read back properties with a margin (the
page on which the first appendix heading appears; how far down each page its text reaches).
"""

from __future__ import annotations

import re
import zipfile
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.plan.load import load_plan
from g2g.report.layout import DETAIL, LAYOUTS, SECTION_ORDER, Layout
from g2g.report.paper import build_paper
from tests.helpers import FIXTURES, SHIPPED
from tests.helpers.browser import needs_chromium
from tests.helpers.pdf import BODY_PAGES, make_pdf, page_of_heading, titles

runner = CliRunner()
OLDHAM = SHIPPED / "oldham-2019"
BRADFORD = FIXTURES / "plans" / "bradford-2018"
BRADFORD_EXEMPT = FIXTURES / "plans" / "bradford-2018-exempt"
PLANS = [OLDHAM, BRADFORD, BRADFORD_EXEMPT]
ARGS = ["report", "--board", "scrutiny", "--commit", "none"]


LEAST_FULL = 0.25
TOLERANCE = 0.02
"""A page's fullness is measured from the baseline of its lowest line of text, which sits above
that line's descenders, the cell padding and the border of a table's last row: up to about 2%
of an A4 page. So a page whose lowest baseline is 23% of the way down is taken as 25% full."""


def paper(plan: Path, fmt: str = "html", *extra: str) -> str:
    result = runner.invoke(app, [*ARGS, str(plan), "--format", fmt, *extra])
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


class _Ids(HTMLParser):
    """The ids in a page, and the contents list's links and texts."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.texts: list[str] = []
        self._nav = 0
        self._in_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "nav":
            self._nav += 1
        if tag == "a" and self._nav:
            self.links.append(str(found.get("href", "")))
            self._in_link = True
            self.texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._nav -= 1
        if tag == "a":
            self._in_link = False

    def handle_data(self, data: str) -> None:
        if self._in_link:
            self.texts[-1] += data


def parsed(html: str) -> _Ids:
    found = _Ids()
    found.feed(html)
    return found


# --- the declaration -------------------------------------------------------------------------


def test_the_layouts_hold_the_same_parts_in_one_declaration() -> None:
    full, committee = LAYOUTS[Layout.full], LAYOUTS[Layout.committee]
    # the committee paper prints everything the full one does, plus its contents list and
    # the RAG definitions and the figures over time as appendices of their own (in the full
    # paper the definitions are in the summary, the figures over time in the performance
    # section)
    assert set(committee.parts) == {*full.parts, "contents", "trends", "rag_definitions"}
    assert committee.detail == DETAIL
    # the detail comes after the tracker, before the document control
    tail = committee.parts[committee.parts.index("appendix") :]
    assert tail == ("appendix", *DETAIL, "document_control")
    # only appendices start a new page in the committee paper
    assert committee.new_pages == frozenset()
    assert full.new_pages == {"exceptions", "targets", "performance"}
    assert [k for k in full.parts if k in SECTION_ORDER] == list(SECTION_ORDER)


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_the_library_default_is_the_committee_layout(plan: Path) -> None:
    loaded = load_plan(plan)
    month = "2019-08" if plan == OLDHAM else "2019-03"
    default = build_paper(loaded, month, charts=False)
    full = build_paper(loaded, month, charts=False, layout=Layout.full)
    assert default.layout.name is Layout.committee and full.layout.name is Layout.full
    assert default.contents and not full.contents
    assert not full.appendix_titles
    # the body's sections are numbered 1..N with no gaps, in both layouts
    for made in (default, full):
        assert sorted(int(n) for n in made.numbers.values()) == list(
            range(1, len(made.numbers) + 1)
        )
    # the detail is not numbered as a section of the committee paper's body
    assert not set(default.numbers) & set(DETAIL)
    assert {"findings", "targets"} <= set(full.numbers)


# --- HTML: the contents list and what moved ---------------------------------------------------


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_the_contents_list_links_resolve_to_sections(plan: Path) -> None:
    html = paper(plan)
    found = parsed(html)
    assert '<nav class="contents" aria-labelledby="contents-title">' in html
    assert found.links, "the contents list has no links"
    assert all(link.startswith("#") for link in found.links)
    missing = [link for link in found.links if link[1:] not in found.ids]
    assert missing == []
    assert len(set(found.links)) == len(found.links)
    # every numbered h2 of the body is listed, in order, and then every appendix
    numbered = re.findall(r'<span class="section-number">(\d+)\.</span>', html)
    listed = [t.split(".")[0] for t in found.texts if re.match(r"\d+\. ", t)]
    assert listed == numbered
    appendices = [t for t in found.texts if t.startswith("Appendix")]
    headings = [unescape(h) for h in re.findall(r"<h2 id=\"[^\"]+\">(Appendix [^<]+)</h2>", html)]
    assert appendices == headings


def test_the_full_layout_has_no_contents_list_and_no_detail_appendices() -> None:
    html = paper(OLDHAM, "html", "--full")
    assert "<nav" not in html
    assert "Appendix 3:" not in html
    assert '<section id="exceptions" class="new-page"' in html


def test_the_committee_body_holds_the_summary_and_the_appendices_the_detail() -> None:
    html = paper(OLDHAM)
    first_appendix = html.index('id="appendix-1-title"')
    body, appendices = html[:first_appendix], html[first_appendix:]
    for section in ("summary", "exceptions", "due", "performance", "finance"):
        assert f'<section id="{section}"' in body
    assert '<section id="recommendations-to-meeting"' in body
    # the recommendations to the meeting come in the body, before any appendix
    assert "That work continues to move towards a balanced budget in year" in body
    for section, label in (
        ("recommendations", "Appendix 3: Progress against the inspection recommendations"),
        ("targets", "Appendix 4: Measurable targets"),
        ("trends", "Appendix 5: Service figures over time"),
        ("governance", "Appendix 6: Reporting line"),
        ("rag-definitions", "Appendix 7: RAG definitions in force"),
    ):
        assert f'<section id="{section}" class="new-page"' in appendices
        assert label in appendices
        assert f"<li>{label}</li>" in body  # listed in the Appendices section
    # the per-target charts and the figures over time are not in the body any more
    assert 'class="target"' not in body and 'class="trend"' not in body
    assert "figures over time</h4>" in appendices
    # the body says where the definitions went
    assert "how the ratings are checked, is set out in Appendix 7." in body


def test_appendices_are_numbered_on_from_the_officers_or_lettered() -> None:
    """Oldham's narrative numbers its appendices 1 and 2, so g2g's go on from 3; Bradford's
    paper has no narrative appendices, so the tracker is Appendix A and g2g's follow it."""
    oldham = re.findall(r'<h2 id="[^"]+">Appendix ([^<:]+):', paper(OLDHAM))
    assert oldham == ["1", "2", "3", "4", "5", "6", "7"]
    bradford = re.findall(r'<h2 id="[^"]+">Appendix ([^<:]+):', paper(BRADFORD))
    assert bradford == ["A", "B", "C", "D", "E"]
    assert "Appendix A: The full tracker, March 2019" in paper(BRADFORD)


# --- Word: the TOC field ---------------------------------------------------------------------


def test_the_word_paper_has_a_toc_field(tmp_path: Path) -> None:
    target = tmp_path / "paper.docx"
    result = runner.invoke(app, [*ARGS, str(OLDHAM), "--format", "docx", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    xml = zipfile.ZipFile(target).read("word/document.xml").decode("utf-8")
    assert re.search(r'<w:instrText[^>]*> TOC \\o "1-3" \\h \\z \\u </w:instrText>', xml)
    assert 'w:fldCharType="begin" w:dirty="true"' in xml
    assert "choose Update Field to list the contents" in xml
    full = tmp_path / "full.docx"
    result = runner.invoke(app, [*ARGS, str(OLDHAM), "--format", "docx", "-o", str(full), "--full"])
    assert result.exit_code == 0, result.stderr
    assert " TOC " not in zipfile.ZipFile(full).read("word/document.xml").decode("utf-8")


# --- PDF: the length, and no near-empty pages --------------------------------------------------


def fullness(page: object, footer: float = 34.0) -> float:
    """How far down the page its lowest line of text reaches, as a share of the page height
    (text below ``footer`` points from the bottom is the page number in the margin)."""
    height = float(page.mediabox.height)  # type: ignore[attr-defined]
    lowest = height

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        nonlocal lowest
        if text.strip():
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if y > footer:
                lowest = min(lowest, y)

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return (height - lowest) / height


def first_appendix(html: str) -> str:
    """The heading text of the first appendix printed (the first h2 after the body)."""
    found = re.search(r'<section id="appendix[^"]*"[^>]*>\s*<h2 id="[^"]+">([^<]+)</h2>', html)
    assert found, "no appendix"
    return unescape(found.group(1))


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[PdfReader, str]]:
    made = {}
    for plan in PLANS:
        folder = tmp_path_factory.mktemp(plan.name)
        made[plan.name] = (make_pdf(folder, plan=plan), first_appendix(paper(plan)))
    return made


@pytest.mark.browser
@needs_chromium
def test_the_shipped_committee_paper_body_fits_12_pages(
    pdfs: dict[str, tuple[PdfReader, str]],
) -> None:
    reader, heading = pdfs[OLDHAM.name]
    body = page_of_heading(reader, heading) - 1
    assert body <= BODY_PAGES, f"the body takes {body} pages"
    # the bookmarks (from the headings) hold the contents: every section and appendix
    marks = titles(reader.outline)
    for wanted in ("Contents", "6. Exceptions", "Appendix 3: Progress against the inspection"):
        assert any(m.startswith(wanted) for m in marks), wanted


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_no_page_of_the_body_is_nearly_empty(
    plan: Path, pdfs: dict[str, tuple[PdfReader, str]]
) -> None:
    """Every page before the first appendix is at least a quarter full, except the body's last
    page (the end of the section before the appendices, which start a new page): the committee
    paper forces no other page break."""
    reader, heading = pdfs[plan.name]
    body = page_of_heading(reader, heading) - 1
    assert body >= 2
    shares = [fullness(reader.pages[n]) for n in range(body - 1)]
    thin = [(n + 1, round(s, 2)) for n, s in enumerate(shares) if s < LEAST_FULL - TOLERANCE]
    assert thin == []


@pytest.mark.browser
@needs_chromium
def test_the_full_layout_is_longer(tmp_path: Path, pdfs: dict[str, tuple[PdfReader, str]]) -> None:
    full = make_pdf(tmp_path, "--full")
    html = paper(OLDHAM, "html", "--full")
    committee, heading = pdfs[OLDHAM.name]
    assert page_of_heading(full, first_appendix(html)) > page_of_heading(committee, heading)
