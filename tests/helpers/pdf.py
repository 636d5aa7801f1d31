"""The PDF paper, made through the command line and read back with pypdf: its bookmarks, and
the page a heading is printed on."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from typer.testing import CliRunner

from g2g.cli.app import app
from tests.helpers import SHIPPED

OLDHAM = SHIPPED / "oldham-2019"
REPORT = ("report", "--board", "scrutiny", "--commit", "none")


def make_pdf(folder: Path, *extra: str, plan: Path = OLDHAM) -> PdfReader:
    """``g2g report --format pdf`` of ``plan`` for its scrutiny board (``extra``: more
    options, e.g. the month), written in ``folder`` and opened."""
    target = folder / "paper.pdf"
    args = [*REPORT, str(plan), "--format", "pdf", "-o", str(target), *extra]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stdout + result.stderr
    return PdfReader(str(target))


def titles(outline: list[object]) -> list[str]:
    """The titles of a PDF's bookmarks, nested ones included, in order."""
    found: list[str] = []
    for item in outline:
        if isinstance(item, list):
            found.extend(titles(item))
        else:
            found.append(" ".join(str(getattr(item, "title", "")).split()))
    return found


BODY_PAGES = 12
"""The most A4 pages the body of the shipped plan's committee paper may take (the issue's
limit; it takes 11 when this was written, so a font a little wider on another machine does
not fail the test)."""


def page_of_heading(reader: PdfReader, heading: str) -> int:
    """The 1-based number of the page on which ``heading`` is printed: its bookmark's page
    (Chromium makes a bookmark of each heading; the contents list and the list of appendices
    name the heading too, so searching the text would find those first)."""
    wanted = "".join(heading.split())  # a bookmark loses the space where its heading wraps

    def walk(items: list[object]) -> int | None:
        for item in items:
            if isinstance(item, list):
                found = walk(item)
                if found is not None:
                    return found
            elif "".join(str(getattr(item, "title", "")).split()) == wanted:
                return reader.get_destination_page_number(item) + 1  # type: ignore[arg-type]
        return None

    found = walk(reader.outline)
    assert found is not None, f"no bookmark {wanted!r} in {titles(reader.outline)}"
    return found
