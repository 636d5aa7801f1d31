"""One home for making plan text safe in each output: Markdown (every Markdown output of every
command uses :func:`md_inline` and :func:`md_cell`), and later CSV cells and the terminal.

Plan text is untrusted: it may hold markup, HTML, formulas or control characters.
"""

from __future__ import annotations

import re


class MdSafe(str):
    """Markdown text already made safe; printed as it is."""

    __slots__ = ()


_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LEADING_BLOCK = re.compile(
    r"^(\s*)(#{1,6}(?=\s|$)|>|[-+](?=\s|$)|\d{1,9}[.)](?=\s|$)|-{3,}|={3,})"
)


def md_inline(value: object) -> MdSafe:
    """Text safe anywhere in a Markdown line, a heading or a GFM table cell.

    Backslash-escapes the characters that start inline markup, raw HTML or a table cell
    (``\\ ` * _ [ ] < > | ~``) and an ``&`` that would start an entity; line breaks become
    spaces; a leading block marker (``#``, ``>``, ``-``, ``+``, ``=``, ``1.``) is escaped.
    """
    if isinstance(value, MdSafe):
        return value
    text = " ".join(str(value).split())
    return MdSafe(_escape_leading(_escape_chars(text)))


def md_cell(value: object) -> MdSafe:
    """Text for a GFM table cell that keeps its line breaks as ``<br>``."""
    if isinstance(value, MdSafe):
        return value
    lines = [" ".join(line.split()) for line in str(value).splitlines()]
    return MdSafe("<br>".join(_escape_chars(line) for line in lines if line))


def _escape_chars(text: str) -> str:
    return _ENTITY.sub(r"\\&", _INLINE_SPECIAL.sub(r"\\\1", text))


def _escape_leading(text: str) -> str:
    def escape_marker(match: re.Match[str]) -> str:
        marker = match.group(2)
        if marker[0].isdigit():  # "1." -> "1\.": a backslash escapes punctuation, not digits
            return f"{match.group(1)}{marker[:-1]}\\{marker[-1]}"
        return f"{match.group(1)}\\{marker}"

    return _LEADING_BLOCK.sub(escape_marker, text, count=1)
