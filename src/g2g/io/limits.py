"""How large each kind of input g2g reads may be: one table, checked before anything is read.

Every file g2g reads from outside has a kind, and each kind a limit on its size on disk (by
its size, before reading it). The zip-based inputs (a return workbook, a Word template) also
have limits read from the zip's own directory before any library opens them - how many
members, how many bytes they unpack to, how many of those are XML to parse - so a zip bomb is
refused by its table of contents; and a return's sheets a limit on the rows and columns read.
Together these bound the memory a run can take: openpyxl took about 190 MB for 14 MB of sheet
XML (400,000 cells), so a return within its limits stays within a few hundred MB.
``docs/format.md`` ("Size limits") is generated from :data:`LIMITS` and kept exact by a test.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024


@dataclass(frozen=True)
class Limit:
    """The limits of one kind of input file."""

    kind: str
    """What the file is, as messages and docs name it."""
    max_bytes: int
    """Its largest size on disk."""
    max_members: int | None = None
    """A zip: the most members (files) its directory may list."""
    max_unzipped: int | None = None
    """A zip: the most bytes all its members may unpack to."""
    max_xml: int | None = None
    """A zip: the most bytes its XML members may unpack to (they are parsed whole)."""
    max_rows: int | None = None
    """A workbook: the most rows of a sheet g2g reads."""
    max_columns: int | None = None
    """A workbook: the most columns of a sheet g2g reads."""


YAML = Limit("plan file (plan.yaml, progress, measures, finance, narrative, appendix)", 8 * MB)
"""Reading 6.6 MB of YAML took about 190 MB; a real plan.yaml is 40 KB."""
RETURN = Limit(
    "update return workbook (.xlsx)",
    20 * MB,
    max_members=1_000,
    max_unzipped=64 * MB,
    max_xml=16 * MB,
    max_rows=5_000,
    max_columns=60,
)
WORD_TEMPLATE = Limit(
    "Word template (--docx-template)",
    50 * MB,
    max_members=1_000,
    max_unzipped=100 * MB,
    max_xml=16 * MB,
)
FIGURES_CSV = Limit("figure file (.csv)", 64 * MB, max_rows=1_000_000, max_columns=500)
"""A DfE open data file for every local authority and year is some 10-40 MB; it is read a row
at a time, so only the rows g2g keeps are held."""
FIGURES_XLSX = Limit(
    "figure workbook (.xlsx)",
    20 * MB,
    max_members=1_000,
    max_unzipped=64 * MB,
    max_rows=20_000,
    max_columns=500,
)
"""A scorecard is a few hundred rows; openpyxl holds every cell of a sheet, so its rows and
columns are bounded."""
JINJA_TEMPLATE = Limit("report template (--templates)", 4 * MB)
CACHE_ENTRY = Limit("cache entry", 64 * MB)

LIMITS = (YAML, RETURN, FIGURES_CSV, FIGURES_XLSX, WORD_TEMPLATE, JINJA_TEMPLATE, CACHE_ENTRY)
"""Every kind of input, in the order the docs list them."""


class TooLarge(ValueError):
    """An input over one of its limits; ``str()`` says which, then what would be right."""


def size_text(size: int) -> str:
    """A byte count for people: whole MB from 1 MB up, else KB."""
    if size >= MB:
        return f"{size / MB:,.0f} MB"
    return f"{max(size / 1024, 1):,.0f} KB"


def over_text(size: int, limit: int) -> str:
    """``size`` for people, precise enough to differ from ``limit`` in words."""
    shown = size_text(size)
    if shown == size_text(limit):
        shown = f"{size / MB:,.2f} MB" if size >= MB else f"{size:,} bytes"
    return shown


def refusal(path: Path, limit: Limit) -> str | None:
    """Why the file at ``path`` is not read (None: it may be): not a regular file - a FIFO
    would hang the reader, a device never end - or over ``limit``'s size."""
    try:
        info = path.stat()
    except OSError:
        return None  # the reader says what is wrong
    if stat.S_ISDIR(info.st_mode):
        return None
    if not stat.S_ISREG(info.st_mode):
        return "it is not a regular file (a device or pipe) - give a file"
    if info.st_size > limit.max_bytes:
        return (
            f"the file is {over_text(info.st_size, limit.max_bytes)}, over the limit of "
            f"{size_text(limit.max_bytes)} for {_a(limit.kind)} - save a smaller one"
        )
    return None


def check_zip(path: Path, limit: Limit) -> None:
    """Refuse (TooLarge) a zip file over ``limit``, by its size and its directory, before
    anything is unpacked; BadZipFile/OSError when it is not a zip at all."""
    import zipfile  # only the commands that read a zip need it

    info = path.stat()
    if not stat.S_ISREG(info.st_mode):  # a FIFO would never end, a folder cannot be a zip
        raise OSError(0, "it is not a regular file", str(path))
    size = info.st_size
    if size > limit.max_bytes:
        raise TooLarge(
            f"the file is {over_text(size, limit.max_bytes)}, over the limit of "
            f"{size_text(limit.max_bytes)} for {_a(limit.kind)} - save a smaller one"
        )
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    what = f"for {_a(limit.kind)}"
    if limit.max_members is not None and len(members) > limit.max_members:
        raise TooLarge(
            f"the file holds {len(members):,} parts, over the limit of {limit.max_members:,} "
            f"{what} - save it again from Excel or Word, or make a new one"
        )
    unzipped = sum(m.file_size for m in members)
    if limit.max_unzipped is not None and unzipped > limit.max_unzipped:
        raise TooLarge(
            f"the file unpacks to {over_text(unzipped, limit.max_unzipped)}, over the limit of "
            f"{size_text(limit.max_unzipped)} {what} (a damaged file or a zip bomb) - save it "
            "again from Excel or Word, or make a new one"
        )
    xml = sum(m.file_size for m in members if m.filename.lower().endswith((".xml", ".rels")))
    if limit.max_xml is not None and xml > limit.max_xml:
        raise TooLarge(
            f"the file's text unpacks to {over_text(xml, limit.max_xml)}, over the limit of "
            f"{size_text(limit.max_xml)} {what} - save a smaller one"
        )


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def limits_table() -> str:
    """The Markdown table of :data:`LIMITS` that docs/format.md holds."""
    rows = [
        "| input | largest file | zip: parts | zip: unpacked | zip: XML | rows x columns |",
        "|---|---|---|---|---|---|",
    ]
    for limit in LIMITS:
        cells = [
            limit.kind,
            size_text(limit.max_bytes),
            f"{limit.max_members:,}" if limit.max_members else "-",
            size_text(limit.max_unzipped) if limit.max_unzipped else "-",
            size_text(limit.max_xml) if limit.max_xml else "-",
            f"{limit.max_rows:,} x {limit.max_columns:,}"
            if limit.max_rows and limit.max_columns
            else "-",
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"
