"""A return that is too large or damaged is a located refusal, never a traceback or a run out
of memory (issue 25, G5 and G10). The hostile workbooks are built here, small on disk."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from g2g.cycle.returns import read_return
from g2g.io.limits import RETURN
from tests.helpers import SHIPPED, run_in

MONTH = "2019-09"
DIRECTOR = "oldham-2019-2019-09-director-of-childrens-social-care.xlsx"
SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A return as g2g returns writes it (written once for the module)."""
    root = tmp_path_factory.mktemp("sent")
    shutil.copytree(SHIPPED / "oldham-2019", root / "plans" / "oldham-2019")
    code, _, err = run_in(root, "returns", "--month", MONTH, "--output-dir", "returns")
    assert code == 0, err
    return root / "returns" / DIRECTOR


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    shutil.copytree(SHIPPED / "oldham-2019", tmp_path / "plans" / "oldham-2019")
    return tmp_path


def rezip(source: Path, target: Path, extra: dict[str, bytes], *, count: int = 1) -> None:
    """``source``'s members, then each of ``extra`` (``count`` times, under numbered names)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, old.read(info))
        for name, data in extra.items():
            for number in range(count):
                new.writestr(name.format(number), data)


def import_return(root: Path, name: str) -> tuple[int, str]:
    code, out, err = run_in(root, "import", name, "--month", MONTH)
    assert "Traceback" not in out + err
    return code, out + err


def test_a_zip_bomb_is_refused_from_its_directory(sent: Path, shipped: Path) -> None:
    over = (RETURN.max_unzipped or 0) + 1024 * 1024
    rezip(sent, shipped / "bomb.xlsx", {"xl/media/image{}.png": bytes(over)})
    assert (shipped / "bomb.xlsx").stat().st_size < 1024 * 1024  # small on disk
    code, text = import_return(shipped, "bomb.xlsx")
    assert code == 1
    assert "bomb.xlsx: the file unpacks to 65 MB, over the limit of 64 MB for an update " in text
    assert "- save it again from Excel or Word, or make a new one" in text


def test_sheet_text_over_its_limit_is_refused(sent: Path, shipped: Path) -> None:
    row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    text = row * ((RETURN.max_xml or 0) // len(row) + 1)
    rezip(sent, shipped / "wide.xlsx", {"xl/worksheets/sheet9.xml": text})
    code, out = import_return(shipped, "wide.xlsx")
    assert code == 1
    assert "wide.xlsx: the file's text unpacks to 16.0" in out
    assert "MB, over the limit of 16 MB for an update return workbook (.xlsx)" in out


def test_a_zip_of_too_many_parts_is_refused(sent: Path, tmp_path: Path) -> None:
    rezip(sent, tmp_path / "many.xlsx", {"extra/{}.txt": b""}, count=RETURN.max_members or 0)
    (problem,) = read_return(tmp_path / "many.xlsx", {}, MONTH).problems
    assert problem.code == "return-too-large"
    assert "parts, over the limit of 1,000 for an update return workbook" in problem.message


def test_a_sheet_reaching_far_is_refused_before_its_cells_are_made(
    sent: Path, shipped: Path
) -> None:
    wb = openpyxl.load_workbook(sent)
    wb.create_sheet("Notes")["BZ6000"] = "far away"
    wb.save(shipped / "far.xlsx")
    code, text = import_return(shipped, "far.xlsx")
    assert code == 1
    assert (
        "far.xlsx:Notes: the sheet reaches row 6,000 and column 78, over the limit of 5,000 "
        "rows and 60 columns for a return - delete what was added" in text
    )


@pytest.mark.parametrize("damage", ["deflate", "xml", "directory"])
def test_a_damaged_return_is_refused_not_a_traceback(
    sent: Path, shipped: Path, damage: str
) -> None:
    """G10: corrupt deflate data gave a zlib.error traceback."""
    target = shipped / "damaged.xlsx"
    raw = bytearray(sent.read_bytes())
    with zipfile.ZipFile(sent) as archive:
        info = archive.getinfo(SHEET)
    if damage == "deflate":  # 0xff: a deflate block of the reserved type
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        raw[start : start + info.compress_size] = b"\xff" * info.compress_size
        target.write_bytes(bytes(raw))
    elif damage == "xml":
        rezip(sent, target, {})
        with zipfile.ZipFile(sent) as old, zipfile.ZipFile(target, "w") as new:
            for item in old.infolist():
                data = old.read(item)
                new.writestr(item, data[: len(data) // 2] if item.filename == SHEET else data)
    else:
        target.write_bytes(bytes(raw[: len(raw) - 30]))
    code, text = import_return(shipped, "damaged.xlsx")
    assert code == 1
    assert "damaged.xlsx: cannot be read: it is not an .xlsx workbook or it is damaged" in text
