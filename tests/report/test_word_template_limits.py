"""A Word template that is too large or damaged is one located refusal (exit 2: the template
is an argument), never a traceback or gigabytes of memory (issue 25, G5 and G10). The hostile
templates are built here, small on disk."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.io.limits import WORD_TEMPLATE
from tests.helpers import FIXTURES, SHIPPED

ARGS = ["report", "--format", "docx", "--commit", "none"]
PLANS = [
    [str(SHIPPED / "oldham-2019"), "--board", "scrutiny", "--month", "2019-08"],
    [str(FIXTURES / "plans" / "bradford-2018")],
]


@pytest.fixture
def council(tmp_path: Path) -> Path:
    path = tmp_path / "council.docx"
    template = Document()
    template.add_paragraph("The council's own text.")
    template.save(str(path))
    return path


def rebuild(source: Path, target: Path, change: dict[str, bytes]) -> None:
    """``source`` with members replaced or added (deflated, so zeros take little room)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename not in change:
                new.writestr(info, old.read(info))
        for name, data in change.items():
            new.writestr(name, data)


def paper_with(template: Path, tmp_path: Path, plan: list[str]) -> tuple[int, str]:
    out = tmp_path / "paper.docx"
    result = CliRunner().invoke(
        app, [*ARGS, *plan, "--docx-template", str(template), "-o", str(out)]
    )
    text = result.stdout + result.stderr
    assert "Traceback" not in text, text
    assert result.exception is None or isinstance(result.exception, SystemExit), text
    assert not out.exists()
    return result.exit_code, text


def test_a_sound_template_is_used(council: Path, tmp_path: Path) -> None:
    out = tmp_path / "paper.docx"
    result = CliRunner().invoke(
        app, [*ARGS, *PLANS[0], "--docx-template", str(council), "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    assert out.stat().st_size > 0


@pytest.mark.parametrize("plan", PLANS, ids=["oldham-2019", "bradford-2018"])
def test_a_zip_bomb_template_is_refused_from_its_directory(
    council: Path, tmp_path: Path, plan: list[str]
) -> None:
    bomb = tmp_path / "bomb.docx"
    rebuild(council, bomb, {"word/media/image1.png": bytes(WORD_TEMPLATE.max_unzipped or 0)})
    assert bomb.stat().st_size < 1024 * 1024
    code, text = paper_with(bomb, tmp_path, plan)
    assert code == 2
    assert re.search(
        r"bomb\.docx: cannot make the Word paper: the file unpacks to 10\d(\.\d\d)? MB, over the "
        r"limit of 100 MB for a Word template \(--docx-template\) \(a damaged file or a zip bomb\)",
        text,
    ), text


def test_template_text_over_its_limit_is_refused(council: Path, tmp_path: Path) -> None:
    paragraph = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    body = paragraph * ((WORD_TEMPLATE.max_xml or 0) // len(paragraph) + 1)
    big = tmp_path / "big.docx"
    rebuild(council, big, {"word/document.xml": body})
    code, text = paper_with(big, tmp_path, PLANS[0])
    assert code == 2
    assert "big.docx: cannot make the Word paper: the file's text unpacks to 17 MB" in text


@pytest.mark.parametrize("damage", ["malformed-xml", "deflate", "not-a-zip"])
def test_a_damaged_template_is_refused_not_a_traceback(
    council: Path, tmp_path: Path, damage: str
) -> None:
    """G10: a template with malformed XML gave a traceback."""
    damaged = tmp_path / "damaged.docx"
    if damage == "malformed-xml":
        with zipfile.ZipFile(council) as archive:
            styles = archive.read("word/styles.xml")
        rebuild(council, damaged, {"word/styles.xml": styles[: len(styles) // 2]})
        expected = "the template holds malformed XML ("
    elif damage == "deflate":
        raw = bytearray(council.read_bytes())
        with zipfile.ZipFile(council) as archive:
            info = archive.getinfo("word/document.xml")
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        raw[start : start + info.compress_size] = b"\xff" * info.compress_size
        damaged.write_bytes(bytes(raw))
        expected = "the template is not a Word document or is damaged"
    else:
        damaged.write_text("not a zip", encoding="utf-8")
        expected = "the template is not a Word document or is damaged"
    code, text = paper_with(damaged, tmp_path, PLANS[0])
    assert code == 2
    assert f"damaged.docx: cannot make the Word paper: {expected}" in text
    assert "- give a .docx Word document as --docx-template" in text
