"""The Word paper opened by another word processor: LibreOffice converts it to PDF, and the PDF
is read back with pypdf.

Marked ``libreoffice``: it needs LibreOffice's ``soffice`` (Debian: ``apt-get install
libreoffice-writer-nogui``; CI installs it) and skips, saying so, without it. Nothing here
depends on where a page breaks or which fonts are installed: it checks the page size of every
page, that the headings became the PDF's bookmarks, that the tables' figures are there, and that
every chart is a picture.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from g2g.cli.app import app
from tests.helpers import SHIPPED
from tests.helpers.docx import build_template

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        shutil.which("soffice") is None,
        reason="needs LibreOffice (soffice): apt-get install libreoffice-writer-nogui",
    ),
]

runner = CliRunner()
OLDHAM = SHIPPED / "oldham-2019"
ARGS = ["report", str(OLDHAM), "--board", "scrutiny", "--month", "2019-08", "--commit", "none"]
A4 = (595, 842)  # points
CHARTS = 8  # seven trend charts and the caseload distribution, as the HTML paper has


def convert(folder: Path, *documents: Path) -> list[PdfReader]:
    """Each Word document as LibreOffice prints it to PDF (one run, its own profile)."""
    profile = folder / "profile"
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, documents),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    out = []
    for document in documents:
        pdf = folder / (document.stem + ".pdf")
        assert pdf.is_file(), done.stdout + done.stderr
        out.append(PdfReader(str(pdf)))
    return out


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[PdfReader, PdfReader]:
    """The public paper, and the private paper made with a council's template."""
    folder = tmp_path_factory.mktemp("libreoffice")
    public, private = folder / "public.docx", folder / "private.docx"
    template = build_template(folder)
    for target, extra in (
        (public, []),
        (private, ["--private", "--docx-template", str(template)]),
    ):
        result = runner.invoke(app, [*ARGS, "--format", "docx", "-o", str(target), *extra])
        assert result.exit_code == 0, result.stderr
    first, second = convert(folder, public, private)
    return first, second


def words(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def titles(outline: list[object]) -> list[str]:
    found: list[str] = []
    for item in outline:
        if isinstance(item, list):
            found.extend(titles(item))
        else:
            found.append(" ".join(str(getattr(item, "title", "")).split()))
    return found


@pytest.mark.parametrize("which", [0, 1])
def test_every_page_is_a4_portrait_or_landscape(
    printed: tuple[PdfReader, PdfReader], which: int
) -> None:
    reader = printed[which]
    sizes = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    }
    assert sizes == {A4, A4[::-1]}  # the tracker's pages are landscape


def test_the_headings_are_the_pdfs_bookmarks(printed: tuple[PdfReader, PdfReader]) -> None:
    found = titles(printed[0].outline)
    for heading in (
        "Purpose of the report",
        "1. Findings",
        "8. Service performance",
        "9. Financial performance",
        "11. For the committee to note",
        "Appendix 3: Progress against the inspection recommendations",
        "14. Document control",
    ):
        assert heading in found, heading
    assert found.index("Purpose of the report") < found.index("14. Document control")


def test_the_tables_figures_are_printed(printed: tuple[PdfReader, PdfReader]) -> None:
    text = words(printed[0])
    assert "Standards of Practice 0 6 0 6 6 of 6 ▲ Amber 0" in text  # Table 1, the areas
    assert "Children's Social Care Total 35,657 36,407 (279) 471" in text  # finance
    assert "Agenda item 7" in text  # the front sheet
    assert "Validation valid" in text  # the document control


def drawn_pictures(reader: PdfReader) -> int:
    """How many times the pages draw a picture (LibreOffice lists every picture in every
    page's resources, so the drawing operators are counted, not the resources)."""
    count = 0
    for page in reader.pages:
        objects = page["/Resources"].get("/XObject", {})
        images = {k for k, v in objects.items() if v.get_object().get("/Subtype") == "/Image"}
        content = page.get_contents()
        data = content.get_data() if content is not None else b""
        drawn = re.findall(rb"(/[^\s/\[\]()<>]+)\s+Do\b", data)
        count += sum(1 for name in drawn if name.decode() in images)
    return count


@pytest.mark.parametrize("which", [0, 1])
def test_every_chart_is_a_picture(printed: tuple[PdfReader, PdfReader], which: int) -> None:
    # the charts, and in the templated paper nothing of the template's (its picture is gone)
    assert drawn_pictures(printed[which]) == CHARTS


def test_the_private_paper_is_marked_beside_the_councils_header(
    printed: tuple[PdfReader, PdfReader],
) -> None:
    for number, page in enumerate(printed[1].pages, start=1):
        text = " ".join((page.extract_text() or "").split())
        assert "NOT FOR PUBLICATION" in text, number
        assert "Oldham Council - OFFICIAL" in text, number
    assert "NOT FOR PUBLICATION" not in words(printed[0])


def test_the_committee_papers_body_fits_12_pages_in_word(
    printed: tuple[PdfReader, PdfReader],
) -> None:
    """The Word paper's body (before its first appendix) takes at most 12 A4 pages as
    LibreOffice lays it out (11 and a half when this was written), and its contents list is
    a TOC field, which LibreOffice shows as a placeholder until it is updated."""
    from tests.helpers.pdf import BODY_PAGES, page_of_heading

    heading = "Appendix 1: Ofsted’s letter on the improvement plan, 21 August 2019"
    assert page_of_heading(printed[0], heading) - 1 <= BODY_PAGES
    assert "Update Field to list the contents" in words(printed[0])
