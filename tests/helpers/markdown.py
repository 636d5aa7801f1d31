"""Markdown output read back: its tables, and the cells of a table row."""

from __future__ import annotations

import re


def table_rows(markdown: str) -> list[list[str]]:
    """Every table of a Markdown text, as lists of rows (lines starting with a pipe)."""
    tables: list[list[str]] = []
    current: list[str] = []
    for line in markdown.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def cell_count(row: str) -> int:
    """The number of cells of a GFM table row: pipes not escaped by a backslash, less one."""
    pipes = [m for m in re.finditer(r"(\\*)\|", row) if len(m.group(1)) % 2 == 0]
    return len(pipes) - 1
