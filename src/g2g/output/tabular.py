"""Shared pieces of the terminal formats: printing rich renderables, Markdown tables, CSV text."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from rich.console import Console, RenderableType
from rich.text import Text


def print_renderables(console: Console, renderables: Sequence[RenderableType]) -> None:
    """Print to ``console``; lines of text are not wrapped (the terminal wraps them)."""
    for renderable in renderables:
        console.print(renderable, soft_wrap=isinstance(renderable, Text))


# --- markdown -----------------------------------------------------------------------------


def md_escape(text: str) -> str:
    """Text safe inside a GitHub markdown table cell or list item: | and newlines escaped."""
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]], right: int = 0) -> list[str]:
    """A GitHub table; columns 1..``right`` are numbers and align right."""
    aligns = ["---" if i == 0 or i > right else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(md_escape(h) for h in header) + " |"]
    lines.append("| " + " | ".join(aligns) + " |")
    lines.extend("| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows)
    return lines


def _csv(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
