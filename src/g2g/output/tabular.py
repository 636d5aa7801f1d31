"""Shared pieces of the terminal formats: a console that prints plan text literally, printing
rich renderables, Markdown tables. Plan text is made safe by g2g.escape, the one escaper."""

from __future__ import annotations

import errno
from collections.abc import Sequence
from typing import IO, Protocol

from rich.console import Console, RenderableType
from rich.text import Text

from g2g.escape import csv_text, md_cell, terminal_text


class _PlainConsole(Console):
    def on_broken_pipe(self) -> None:
        # rich exits with 1 when the reader goes; g2g.cli ends quietly instead (exit 0).
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")


def plain_console(file: IO[str] | None = None, **options: object) -> Console:
    """A rich console for plan text: no markup (``[placeholder]`` prints as written), no
    emoji codes, no highlighting guesses; a closed pipe raises BrokenPipeError."""
    return _PlainConsole(file=file, markup=False, emoji=False, highlight=False, **options)  # type: ignore[arg-type]


class Named(Protocol):
    """A plan's result as the outputs head it: its id and title."""

    @property
    def plan(self) -> str:
        """The plan id."""
        ...

    @property
    def title(self) -> str:
        """The plan title."""
        ...


def plan_names(items: Sequence[Named]) -> list[str]:
    """Each plan's title as its heading shows it, with its id where two plans in the run share
    the title (a council's plan and its revision, two councils' "Improvement Plan")."""
    titles = [item.title for item in items]
    return [f"{i.title} ({i.plan})" if titles.count(i.title) > 1 else i.title for i in items]


def shown(value: object) -> Text:
    """Plan text for a rich table or line: literal, control characters visible."""
    return Text(terminal_text(value))


def print_renderables(console: Console, renderables: Sequence[RenderableType]) -> None:
    """Print to ``console``; lines of text are not wrapped (the terminal wraps them)."""
    for renderable in renderables:
        console.print(renderable, soft_wrap=isinstance(renderable, Text))


# --- markdown -----------------------------------------------------------------------------


def md_table(header: Sequence[str], rows: Sequence[Sequence[str]], right: int = 0) -> list[str]:
    """A GitHub table; columns 1..``right`` are numbers and align right."""
    aligns = ["---" if i == 0 or i > right else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(md_cell(h) for h in header) + " |"]
    lines.append("| " + " | ".join(aligns) + " |")
    lines.extend("| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows)
    return lines


def csv_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A CSV table of ``header`` and ``rows``, safe for spreadsheets (see :func:`csv_text`)."""
    return csv_text(header, rows)
