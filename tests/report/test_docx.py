"""g2g report --format docx: a real Word document, read back by a reader that is not the writer.

The reader here opens the .docx as the zip of XML parts it is (zipfile + ElementTree, not
python-docx, which wrote it) and lists the body in order: each paragraph with its Word style,
each table row by row with its header rows marked. The golden file holds that text and
structure for the shipped plan's scrutiny paper; the bytes of the file are never compared.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from g2g.cli.app import app
from tests.helpers import SECRETS, SHIPPED
from tests.helpers.docx import WP, W, outline, parts, text_of

runner = CliRunner()
OLDHAM = SHIPPED / "oldham-2019"
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "oldham-2019-08.docx.txt"
ARGS = ["report", str(OLDHAM), "--board", "scrutiny", "--month", "2019-08", "--commit", "none"]


def make_docx(tmp_path: Path, *extra: str, plan: Path = OLDHAM) -> Path:
    target = tmp_path / "paper.docx"
    args = [a if a != str(OLDHAM) else str(plan) for a in ARGS]
    result = runner.invoke(app, [*args, "--format", "docx", "-o", str(target), *extra])
    assert result.exit_code == 0, result.stdout + result.stderr
    return target


@pytest.fixture(scope="module")
def public_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_docx(tmp_path_factory.mktemp("docx"))


def test_word_golden_text_and_structure(public_docx: Path) -> None:
    actual = "\n".join(outline(public_docx)) + "\n"
    if os.environ.get("G2G_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(actual, encoding="utf-8")
    assert actual == GOLDEN.read_text(encoding="utf-8")


def test_word_uses_heading_styles_in_seed_002_order(tmp_path: Path) -> None:
    """The full-length paper (--full) keeps seed 002's order of sections."""
    lines = outline(make_docx(tmp_path, "--full"))
    headings = [line for line in lines if line.startswith("[Heading 1]")]
    order = [
        "[Heading 1] Purpose of the report",
        "[Heading 1] 1. Findings",
        "[Heading 1] 2. The improvement journey",
        "[Heading 1] 3. Transformation Activity to Improve Service Quality",
        "[Heading 1] 4. Ofsted Improvement Plan",
        "[Heading 1] 5. Improvement Plan Activity",
        "[Heading 1] 10. Service performance",
        "[Heading 1] 11. Financial performance",
        "[Heading 1] 12. Reporting line",
        "[Heading 1] 13. Conclusion",
        "[Heading 1] 14. For the committee to note",
        "[Heading 1] 16. Appendices",
    ]
    places = [headings.index(h) for h in order]
    assert places == sorted(places)
    assert "[Title] Getting to Good Children’s Improvement Programme Update" in lines
    assert lines[-1].startswith("| Validation | valid")  # document control at the end


def test_word_tables_repeat_headers_and_carry_the_rag_word(public_docx: Path) -> None:
    lines = outline(public_docx)
    table_1 = lines.index(
        "|H Plan area | Rated Green | Rated Amber | Rated Red | Total | Rated this month | "
        "Rating | Challenged | Change since last month |"
    )
    assert lines[table_1 + 1] == (
        "| Standards of Practice | 0 | 6 | 0 | 6 | 6 of 6 | ▲ Amber | 0 | No earlier month |"
    )
    assert lines[table_1 + 5] == (
        "| Total | 1 | 22 | 2 | 25 | 25 of 25 | ▲ Amber | 1 | No earlier month |"
    )
    finance = [line for line in lines if line.startswith("| Children's Social Care Total")]
    assert finance == ["| Children's Social Care Total | 35,657 | 36,407 | (279) | 471 |"]
    assert sum(1 for line in lines if line.startswith("|H ")) >= 20


def test_word_has_page_numbers_and_opens_with_python_docx(public_docx: Path) -> None:
    found = parts(public_docx)
    footers = [xml for name, xml in found.items() if name.startswith("word/footer")]
    codes = [t.text.strip() for f in footers for t in f.iter(f"{W}instrText") if t.text]
    assert codes == ["PAGE", "NUMPAGES"]
    document = Document(str(public_docx))
    orientations = [section.orientation for section in document.sections]
    assert 1 in orientations  # the tracker on landscape pages
    assert orientations[-1] == 0  # the appendices after it back on portrait pages


def test_private_word_is_marked_on_every_page(exempt_plan: Path, tmp_path: Path) -> None:
    path = make_docx(tmp_path, "--private", plan=exempt_plan)
    found = parts(path)
    headers = [text_of(xml) for name, xml in found.items() if name.startswith("word/header")]
    assert "NOT FOR PUBLICATION" in headers
    assert "EXEMPT-TEST-APPENDIX-B" in "\n".join(outline(path))


def test_public_word_leaves_exempt_content_out(exempt_plan: Path, tmp_path: Path) -> None:
    path = make_docx(tmp_path, plan=exempt_plan)
    with zipfile.ZipFile(path) as package:
        everything = b"".join(package.read(name) for name in package.namelist())
    for secret in SECRETS.values():
        assert secret.encode() not in everything, secret
    assert "Appendix B is not for publication by virtue of paragraph 1" in "\n".join(outline(path))


def test_a_council_word_template_styles_the_paper(tmp_path: Path) -> None:
    template = Document()
    template.styles["Heading 1"].font.name = "Council Sans"
    template.add_paragraph("The template's own text is left out.")
    template_path = tmp_path / "council.docx"
    template.save(str(template_path))
    path = make_docx(tmp_path, "--docx-template", str(template_path))
    found = parts(path)
    assert "The template's own text" not in text_of(found["word/document.xml"])
    fonts = [
        f.get(f"{W}ascii")
        for s in found["word/styles.xml"].iter(f"{W}style")
        if s.get(f"{W}styleId") == "Heading1"
        for f in s.iter(f"{W}rFonts")
    ]
    assert "Council Sans" in fonts


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "a docx paper is a file - give --output FILE"),
        (["--docx-template", str(OLDHAM / "plan.yaml"), "-o", "x.docx"], "cannot make the Word"),
    ],
)
def test_word_misuse_exits_2(
    extra: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*ARGS, "--format", "docx", *extra])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_the_docx_bytes_are_a_zip_package(public_docx: Path) -> None:
    data = public_docx.read_bytes()
    assert data[:2] == b"PK"
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert "[Content_Types].xml" in package.namelist()


def test_word_charts_are_pictures_with_the_html_charts_alternative_text(
    public_docx: Path, tmp_path: Path
) -> None:
    import html
    import re

    from PIL import Image

    html_path = tmp_path / "paper.html"
    result = runner.invoke(app, [*ARGS, "-o", str(html_path)])
    assert result.exit_code == 0, result.stdout + result.stderr
    page = html_path.read_text(encoding="utf-8")
    labels = [html.unescape(a) for a in re.findall(r'role="img" aria-label="([^"]*)"', page)]
    assert len(labels) >= 8  # seven trend charts and the caseload distribution

    found = parts(public_docx)
    document = found["word/document.xml"]
    pictures = list(document.iter(f"{WP}docPr"))
    described = [p.get("descr", "") for p in pictures]
    assert described == labels  # one picture per chart, in order, with the same words
    assert all(p.get("title", "").startswith("Chart: ") for p in pictures)
    assert all(text.strip() for text in described)
    # Each picture is followed by its figures as a table, after the table's caption.
    body = document.find(f"{W}body")
    assert body is not None
    children = list(body)
    for index, child in enumerate(children):
        if next(child.iter(f"{WP}docPr"), None) is not None:
            assert [c.tag for c in children[index + 1 : index + 3]] == [f"{W}p", f"{W}tbl"]
    with zipfile.ZipFile(public_docx) as package:
        media = sorted(n for n in package.namelist() if n.startswith("word/media/"))
        assert len(media) == len(labels)
        for name in media:
            image = Image.open(io.BytesIO(package.read(name)))
            assert (image.format, image.size) == ("PNG", (1440, 840))
