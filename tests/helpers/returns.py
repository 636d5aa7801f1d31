"""Update returns as a lead officer meets them: written by ``g2g returns`` for the shipped plan,
their rows and columns found by their words, and cells typed in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from tests.helpers import run_in

MONTH = "2019-09"
"""The month the shipped plan's returns are written for."""


def heading_columns(ws: Any) -> tuple[int, dict[str, int]]:
    """The heading row and each heading's column, found as a person would: by the words."""
    for row in ws.iter_rows(min_row=1, max_row=10):
        names = {str(c.value): c.column for c in row if c.value is not None}
        if "Action" in names:
            return row[0].row, names
    raise AssertionError(f"no heading row in {ws.title}")


def row_of(ws: Any, action: str, target: str | None = None) -> int:
    """The row of ``action`` (and ``target``, on the Figures sheet) in ``ws``."""
    heading, columns = heading_columns(ws)
    for r in range(heading + 1, ws.max_row + 1):
        if ws.cell(r, columns["Action"]).value != action:
            continue
        if target is None or ws.cell(r, columns["Target"]).value == target:
            return r
    raise AssertionError(f"{action} {target} not in {ws.title}")


def fill(path: Path, action: str, **cells: object) -> None:
    """Type into the Updates sheet row of ``action``: keys are headings."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Updates"]
    _, columns = heading_columns(ws)
    r = row_of(ws, action)
    for heading, value in cells.items():
        ws.cell(r, columns[heading]).value = value
    wb.save(path)


def write_returns(root: Path, *extra: str) -> Path:
    """Run ``g2g returns`` for :data:`MONTH` in ``root``; the folder the returns are in."""
    code, _out, err = run_in(root, "returns", "--month", MONTH, "--output-dir", "returns", *extra)
    assert code == 0, err
    return root / "returns"
