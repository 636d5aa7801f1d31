"""The Word paper to a council's house standards, with and without the council's template.

Read back as the zip of XML parts it is (zipfile + ElementTree), never through python-docx,
which wrote it. Two plans: the shipped Oldham plan (with its meeting's narrative, so a report
author) and the Bradford fixture (no narrative: the officer contact is the author). A council's
template is built in each test with python-docx and then edited as a zip, with something hidden
in every place Word keeps hidden things; none of it may reach the paper.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from PIL import Image
from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.report.heading import SOURCE_DATE_ENV
from tests.helpers import FIXTURES, SHIPPED
from tests.helpers.docx import COUNCIL_FOOTER, COUNCIL_HEADER, HIDDEN, W, build_template

runner = CliRunner()
OLDHAM = SHIPPED / "oldham-2019"
BRADFORD = FIXTURES / "plans" / "bradford-2018"
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"
EPOCH = 1568073600  # 2019-09-10 00:00:00 UTC
A4_TWIPS = (11906, 16838)


def paper(
    tmp_path: Path, *extra: str, plan: Path = OLDHAM, name: str = "paper.docx"
) -> tuple[Path, str]:
    """Make the Word paper; (its path, what the command said on stderr)."""
    target = tmp_path / name
    args = ["report", str(plan), "--commit", "none", "--format", "docx", "-o", str(target)]
    if plan == OLDHAM:
        args += ["--board", "scrutiny", "--month", "2019-08"]
    result = runner.invoke(app, [*args, *extra])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return target, result.stderr


def package(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def xml(path: Path, name: str) -> ET.Element:
    return ET.fromstring(package(path)[name])


def text(element: ET.Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def core(path: Path) -> dict[str, str]:
    root = xml(path, "docProps/core.xml")
    return {child.tag.split("}")[1]: child.text or "" for child in root}


@pytest.fixture(scope="module")
def oldham(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(SOURCE_DATE_ENV, str(EPOCH))
        return paper(tmp_path_factory.mktemp("oldham"))[0]


@pytest.fixture(scope="module")
def bradford(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return paper(tmp_path_factory.mktemp("bradford"), plan=BRADFORD)[0]


# --- house standards without a template ------------------------------------------------------


@pytest.mark.parametrize("which", ["oldham", "bradford"])
def test_every_section_is_a4_in_british_english(which: str, request: pytest.FixtureRequest) -> None:
    path: Path = request.getfixturevalue(which)
    document = xml(path, "word/document.xml")
    sizes = [
        (int(s.get(f"{W}w", 0)), int(s.get(f"{W}h", 0)), s.get(f"{W}orient"))
        for s in document.iter(f"{W}pgSz")
    ]
    # the paper, then the tracker's landscape section, then the appendices after it in portrait;
    # a table too wide for portrait (Bradford's area table, with a Not reported column) has a
    # landscape page of its own before them
    portrait, landscape = (*A4_TWIPS, None), (A4_TWIPS[1], A4_TWIPS[0], "landscape")
    assert sizes[0] == portrait and sizes[-2] == landscape and sizes[-1] == portrait
    assert set(sizes) == {portrait, landscape}
    assert len(sizes) == (3 if which == "oldham" else 5)
    styles = xml(path, "word/styles.xml")
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert default is not None and default.get(f"{W}val") == "en-GB"
    assert {lang.get(f"{W}val") for lang in styles.iter(f"{W}lang")} == {"en-GB"}
    theme = xml(path, "word/settings.xml").find(f"{W}themeFontLang")
    assert theme is None or theme.get(f"{W}val") == "en-GB"
    assert core(path)["language"] == "en-GB"


def test_core_properties_come_from_the_plan_and_the_meeting(oldham: Path) -> None:
    found = core(oldham)
    assert found["title"] == (
        "Getting to Good Children’s Improvement Programme Update, August 2019 - Overview and "
        "Scrutiny Board"
    )
    assert found["subject"] == (
        "Oldham Council: Getting to Good Children’s Improvement Plan, progress to August "
        "2019, for the Overview and Scrutiny Board on 10 September 2019"
    )
    assert found["creator"] == "Merlin Joseph"  # the report author, from the narrative
    assert found["lastModifiedBy"] == "Merlin Joseph"
    # SOURCE_DATE_EPOCH fixes the time the paper was made, as reproducible builds do
    assert found["created"] == found["modified"] == "2019-09-10T00:00:00Z"
    assert found["version"] == "1.0"


def test_without_a_narrative_the_officer_contact_is_the_author(bradford: Path) -> None:
    found = core(bradford)
    assert found["creator"] == "Interim Strategic Director of Children's Services"
    assert found["title"].startswith("Children's Services Statement of Action")
    assert "City of Bradford Metropolitan District Council" in found["subject"]
    made = dt.datetime.fromisoformat(found["created"].replace("Z", "+00:00"))
    assert abs(dt.datetime.now(dt.UTC) - made) < dt.timedelta(hours=1)  # made now, not 2013


@pytest.mark.parametrize("which", ["oldham", "bradford"])
def test_nothing_of_python_docx_or_its_blank_document_is_left(
    which: str, request: pytest.FixtureRequest
) -> None:
    path: Path = request.getfixturevalue(which)
    parts = package(path)
    for name, data in parts.items():
        assert b"python-docx" not in data, name
    assert b"2013" not in parts["docProps/core.xml"]
    assert b"<Application>g2g " in parts["docProps/app.xml"]
    assert b"Macintosh" not in parts["docProps/app.xml"]
    assert not [n for n in parts if "thumbnail" in n or n.startswith("customXml/")]


def table_rows(path: Path) -> list[list[ET.Element]]:
    return [t.findall(f"{W}tr") for t in xml(path, "word/document.xml").iter(f"{W}tbl")]


@pytest.mark.parametrize("which", ["oldham", "bradford"])
def test_rows_do_not_split_and_only_real_header_rows_repeat(
    which: str, request: pytest.FixtureRequest
) -> None:
    path: Path = request.getfixturevalue(which)
    tables = table_rows(path)
    assert len(tables) > 5
    for rows in tables:
        for row in rows:
            assert row.find(f"{W}trPr/{W}cantSplit") is not None, text(row)
        header = [r for r in rows if r.find(f"{W}trPr/{W}tblHeader") is not None]
        assert header in ([], rows[:1])  # a header row is the first row, and only it
    front = tables[0]
    assert text(front[0].findall(f"{W}tc")[0]) in (
        "Agenda item",
        "Date of meeting",
        "Month reported",
    )
    assert front[0].find(f"{W}trPr/{W}tblHeader") is None  # the front sheet has no header
    control = [t for t in tables if text(t[0].findall(f"{W}tc")[0]) == "Title"]
    assert len(control) == 1  # the document control, a table of facts
    assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in control[0])
    assert sum(1 for rows in tables if rows[0].find(f"{W}trPr/{W}tblHeader") is not None) >= 5


def widths(table: ET.Element) -> list[int]:
    return [int(c.get(f"{W}w", 0)) for c in table.iter(f"{W}gridCol")]


@pytest.mark.parametrize("which", ["oldham", "bradford"])
def test_column_widths_follow_the_content_and_fit_the_page(
    which: str, request: pytest.FixtureRequest
) -> None:
    path: Path = request.getfixturevalue(which)
    document = xml(path, "word/document.xml")
    body = document.find(f"{W}body")
    assert body is not None
    # the text width of the portrait and the landscape sections
    sections = list(document.iter(f"{W}sectPr"))
    room = []
    for section in sections:
        size, margins = section.find(f"{W}pgSz"), section.find(f"{W}pgMar")
        assert size is not None and margins is not None
        room.append(
            int(size.get(f"{W}w", 0))
            - int(margins.get(f"{W}left", 0))
            - int(margins.get(f"{W}right", 0))
        )
    unequal = 0
    for table in document.iter(f"{W}tbl"):
        found = widths(table)
        assert sum(found) <= max(room) + len(found)
        layout = table.find(f"{W}tblPr/{W}tblLayout")
        assert layout is not None and layout.get(f"{W}type") == "fixed"
        if len(set(found)) > 1:
            unequal += 1
        # each column holds its longest word: at least 0.6 em per character of the table's
        # own type size (11 pt unless set smaller: 8 pt in the tracker, a point or two less
        # in a table with many columns), with the cell's margins
        sizes = {int(sz.get(f"{W}val", "22")) / 2 for sz in table.iter(f"{W}sz")}
        size = min(sizes) if sizes else 11
        assert size >= 8
        for row in table.findall(f"{W}tr"):
            cells = row.findall(f"{W}tc")
            if len(cells) != len(found):
                continue  # a merged row (the tracker's objective)
            for width, cell in zip(found, cells, strict=True):
                cell_width = cell.find(f"{W}tcPr/{W}tcW")
                assert cell_width is not None and int(cell_width.get(f"{W}w", 0)) == width
                words = " ".join(text(para) for para in cell.iter(f"{W}p")).split()
                longest = max((len(w) for w in words), default=0)
                if longest <= 20:
                    assert width >= longest * size * 20 * 0.6 + 200, (text(cell), width)
    assert unequal >= 5


def test_areas_table_gives_the_plan_area_the_widest_column(oldham: Path) -> None:
    for rows in table_rows(oldham):
        head = [text(c) for c in rows[0].findall(f"{W}tc")]
        if head[:1] == ["Plan area"]:
            table_widths = [int(c.get(f"{W}w", 0)) for c in rows[0].iter(f"{W}tcW")]
            assert table_widths[0] == max(table_widths[:-1]) or table_widths[0] > 1.5 * min(
                table_widths
            )
            assert table_widths[1] < table_widths[0]  # "Rated Green" needs less than a name
            return
    raise AssertionError("no Plan area table")


# --- a council's template ------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("template"))


def test_the_template_as_built_holds_every_hidden_thing(template: Path) -> None:
    """The control: each hidden thing is in the template, so its absence below means
    something."""
    everything = b"".join(package(template).values())
    for value in HIDDEN.values():
        assert value.encode() in everything, value
    names = package(template)
    assert any(n.startswith("word/media/") for n in names)
    assert "word/comments.xml" in names
    assert "word/footnotes.xml" in names
    assert any("thumbnail" in n for n in names)


@pytest.mark.parametrize("private", [False, True])
def test_nothing_hidden_in_the_template_reaches_the_paper(
    template: Path, private: bool, tmp_path: Path
) -> None:
    extra = ["--docx-template", str(template)] + (["--private"] if private else [])
    path, _ = paper(tmp_path, *extra)
    parts = package(path)
    everything = b"".join(parts.values())
    for what, value in HIDDEN.items():
        assert value.encode() not in everything, what
    assert b"tracker.invalid" not in everything
    assert b'TargetMode="External"' not in everything
    assert not [n for n in parts if "comment" in n.lower() or "thumbnail" in n]
    assert not [n for n in parts if n.startswith("customXml/") or n == "docProps/custom.xml"]
    notes = ET.fromstring(parts["word/footnotes.xml"])  # the separators Word's settings use
    assert [n.get(f"{W}type") for n in notes] == ["separator", "continuationSeparator"]
    # the pictures are the paper's charts alone (1440 x 840), not the template's
    media = [n for n in parts if n.startswith("word/media/")]
    assert media
    for name in media:
        assert Image.open(io.BytesIO(parts[name])).size == (1440, 840), name
    # the template's look is kept, on A4
    styles = parts["word/styles.xml"].decode()
    assert "Council Sans" in styles
    document = xml(path, "word/document.xml")
    size = next(document.iter(f"{W}pgSz"))
    assert (int(size.get(f"{W}w", 0)), int(size.get(f"{W}h", 0))) == A4_TWIPS
    found = core(path)
    assert found["title"].startswith("Getting to Good Children’s Improvement Programme Update")
    assert found["creator"] == "Merlin Joseph"
    assert found.get("keywords", "") == ""


def headers_and_footers(path: Path) -> tuple[list[str], list[ET.Element]]:
    parts = package(path)
    headers = [text(ET.fromstring(v)) for n, v in parts.items() if n.startswith("word/header")]
    footers = [ET.fromstring(v) for n, v in parts.items() if n.startswith("word/footer")]
    return headers, footers


def page_fields(footer: ET.Element) -> list[str]:
    return [(t.text or "").strip() for t in footer.iter(f"{W}instrText")]


def test_the_private_marking_is_added_beside_the_councils_header(
    template: Path, tmp_path: Path
) -> None:
    path, _ = paper(tmp_path, "--docx-template", str(template), "--private")
    headers, footers = headers_and_footers(path)
    assert headers == ["NOT FOR PUBLICATION" + COUNCIL_HEADER]
    header = next(ET.fromstring(v) for n, v in package(path).items() if n.startswith("word/he"))
    paragraphs = [text(p) for p in header.iter(f"{W}p")]
    assert paragraphs == ["NOT FOR PUBLICATION", COUNCIL_HEADER]  # the marking first
    # the council's footer and its own page number stay; the paper adds none of its own
    assert [text(f) for f in footers] == [COUNCIL_FOOTER]
    assert [page_fields(f) for f in footers] == [["PAGE"]]


def test_the_public_paper_keeps_the_councils_header_unmarked(
    template: Path, tmp_path: Path
) -> None:
    path, _ = paper(tmp_path, "--docx-template", str(template))
    headers, _ = headers_and_footers(path)
    assert headers == [COUNCIL_HEADER]


def test_a_footer_without_a_page_number_gets_the_papers_beside_its_text(
    tmp_path: Path,
) -> None:
    template = build_template(tmp_path, page_number=False)
    path, _ = paper(tmp_path, "--docx-template", str(template))
    _, footers = headers_and_footers(path)
    assert len(footers) == 1
    paragraphs = [text(p) for p in footers[0].iter(f"{W}p")]
    assert paragraphs == [COUNCIL_FOOTER, "Page 1 of 1"]
    assert page_fields(footers[0]) == ["PAGE", "NUMPAGES"]


def test_without_a_template_the_footer_numbers_the_pages(oldham: Path) -> None:
    headers, footers = headers_and_footers(oldham)
    assert [page_fields(f) for f in footers] == [["PAGE", "NUMPAGES"]]
    assert all("NOT FOR PUBLICATION" not in h for h in headers)


def test_a_template_without_the_papers_styles_works_with_a_warning(tmp_path: Path) -> None:
    template = build_template(tmp_path, drop_styles=("Title", "List Bullet", "Caption"))
    path, stderr = paper(tmp_path, "--docx-template", str(template))
    assert "warning: " in stderr
    assert "council.docx: the template has no 'Title', 'List Bullet', 'Caption' styles" in stderr
    assert "the paper uses its own" in stderr
    assert "give a .docx" not in stderr
    styles = xml(path, "word/styles.xml")
    names = {
        (s.find(f"{W}name").get(f"{W}val", "") if s.find(f"{W}name") is not None else "")
        for s in styles.iter(f"{W}style")
    }
    assert {"Title", "List Bullet", "caption"} <= names
    # the title is a real Title paragraph, the lists real list paragraphs
    document = package(path)["word/document.xml"].decode()
    assert '<w:pStyle w:val="Title"/>' in document
    assert '<w:pStyle w:val="ListBullet"/>' in document


def test_a_template_with_every_style_gives_no_warning(template: Path, tmp_path: Path) -> None:
    _, stderr = paper(tmp_path, "--docx-template", str(template))
    assert "warning" not in stderr


def test_a_template_with_broken_xml_is_refused_without_a_traceback(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Document().save(buffer)
    with zipfile.ZipFile(buffer) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["word/styles.xml"] = parts["word/styles.xml"][:500]
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as out:
        for name, content in parts.items():
            out.writestr(name, content)
    target = tmp_path / "paper.docx"
    result = runner.invoke(
        app,
        [
            "report",
            str(OLDHAM),
            "--board",
            "scrutiny",
            "--month",
            "2019-08",
            "--format",
            "docx",
            "-o",
            str(target),
            "--docx-template",
            str(broken),
        ],
    )
    assert result.exit_code == 2
    assert "broken.docx: cannot make the Word paper" in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()


def test_the_library_writes_the_same_paper_twice_with_a_fixed_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SOURCE_DATE_ENV, str(EPOCH))
    first, _ = paper(tmp_path, name="one.docx")
    second, _ = paper(tmp_path, name="two.docx")
    assert package(first) == package(second)
    assert re.search(
        rb"<dcterms:created[^>]*>2019-09-10T00:00:00Z<", package(first)["docProps/core.xml"]
    )


def test_landscape_orientation_survives_a4(oldham: Path) -> None:
    document = Document(str(oldham))
    assert [s.orientation for s in document.sections] == [
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.LANDSCAPE,
        WD_ORIENT.PORTRAIT,
    ]


@pytest.mark.parametrize("which", ["oldham", "bradford"])
def test_a_date_in_a_table_is_never_broken_over_lines(
    which: str, request: pytest.FixtureRequest
) -> None:
    # QA: the 12-week table's Due column was 0.57 in wide, so "30 Sep 2019" ran over three
    # lines. A date cell is one word (no-break spaces) and its column holds it whole.
    path: Path = request.getfixturevalue(which)
    document = xml(path, "word/document.xml")
    date = re.compile(r"^(?:\d{1,2}|End)\u00a0[A-Z][a-z]{2}\u00a0\d{4}$")
    found = 0
    for table in document.iter(f"{W}tbl"):
        sizes = {int(sz.get(f"{W}val", "22")) / 2 for sz in table.iter(f"{W}sz")}
        size = min(sizes) if sizes else 11
        for cell in table.iter(f"{W}tc"):
            words = text(cell)
            if date.match(words):
                found += 1
                width = cell.find(f"{W}tcPr/{W}tcW")
                assert width is not None
                assert int(width.get(f"{W}w", 0)) >= len(words) * size * 20 * 0.6, words
            assert not re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}", words), words
    assert found > 0
