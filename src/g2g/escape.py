"""One home for making plan text safe in each output: Markdown (every Markdown output of every
command uses :func:`md_inline` and :func:`md_cell`), CSV (every CSV of every command is written
by :func:`csv_text`) and the terminal (:func:`terminal_text`).

Plan text is untrusted: it may hold markup, HTML, formulas or control characters.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

from g2g.words import one_line


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
    text = one_line(str(value))
    return MdSafe(escape_leading(escape_chars(text)))


def md_cell(value: object) -> MdSafe:
    """Text for a GFM table cell that keeps its line breaks as ``<br>``."""
    if isinstance(value, MdSafe):
        return value
    lines = [one_line(line) for line in str(value).splitlines()]
    return MdSafe("<br>".join(escape_chars(line) for line in lines if line))


def escape_chars(text: str) -> str:
    """``text`` with every Markdown inline special character and control character escaped."""
    if _CONTROL.search(text):  # shown as \x1b (its backslash escaped below)
        text = _CONTROL.sub(_visible, text)
    return _ENTITY.sub(r"\\&", _INLINE_SPECIAL.sub(r"\\\1", text))


def escape_leading(text: str) -> str:
    """``text`` with a leading block marker (heading, list, quote) escaped, so that it stays text
    at the start of a line."""

    def escape_marker(match: re.Match[str]) -> str:
        marker = match.group(2)
        if marker[0].isdigit():  # "1." -> "1\.": a backslash escapes punctuation, not digits
            return f"{match.group(1)}{marker[:-1]}\\{marker[-1]}"
        return f"{match.group(1)}\\{marker}"

    return _LEADING_BLOCK.sub(escape_marker, text, count=1)


# --- CSV -----------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection)."""


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet would take ``text`` for a formula if it were typed into a cell.

    The same test :func:`csv_cell` applies; the .xlsx writers (``g2g.output.xlsx``) use it to
    give such text the quote-prefix style, the workbook's own form of the leading quote.
    """
    return text.startswith(_FORMULA_START)


def csv_cell(value: object) -> object:
    """A CSV cell that no spreadsheet runs: text starting with ``= + - @``, a tab or a carriage
    return gets a leading single quote, as OWASP's CSV injection guidance describes. Numbers
    stay numbers (a negative number is not text). A control character other than a tab or a
    line break is shown as ``\\x1b`` (g2g's one rule: :data:`TEXT_CONTROL`)."""
    if not isinstance(value, str):
        return value
    if TEXT_CONTROL.search(value):  # never in plan text (refused when read); shown if it comes
        value = TEXT_CONTROL.sub(_visible, value.replace("\r\n", "\n"))
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The one CSV writer of every command: a header and rows, each cell through
    :func:`csv_cell`, a field holding a comma, quote, CR or LF quoted, lines ending in LF."""
    buffer = io.StringIO()
    # "\r\n" as the terminator makes the writer quote a bare CR as well as an LF; each line's
    # own terminator is then turned back into "\n" (fields keep theirs inside quotes).
    writer = csv.writer(buffer, lineterminator="\r\n")
    out: list[str] = []
    for row in [header, *rows]:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([csv_cell(cell) for cell in row])
        out.append(buffer.getvalue()[:-2] + "\n")
    return "".join(out)


# --- terminal ------------------------------------------------------------------------------

_NEWLINE_SIGN = "\u23ce"  # ⏎
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Control characters Markdown shows visibly (line breaks and tabs are its own business)."""
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\n":
        return _NEWLINE_SIGN
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


TEXT_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""The control characters no text of a plan may hold: C0 and C1, except tab and line feed.

This is g2g's one rule for them (issue 25): plan text is refused where it is read (the YAML
reader, the command line, a return's cells), so no output has to guess what they meant; the
writers still show any that reach them visibly (:func:`terminal_text`, :func:`csv_cell`)."""
TEXT_CONTROL_CODE = "text-control-character"
"""The stable code of a text refused for holding a control character."""


def control_problem(text: str) -> str | None:
    """Why ``text`` is refused under :data:`TEXT_CONTROL` (None when it is not): the text,
    shortened and shown literally, and the character, with what to do."""
    match = TEXT_CONTROL.search(text)
    if match is None:
        return None
    shown = text if len(text) <= 40 else text[:37] + "..."
    char = _visible(match)
    return (
        f"'{terminal_text(shown)}' holds a control character ({char}) - remove it; text may "
        "hold tabs and line breaks but no other control characters"
    )


def terminal_text(value: object) -> str:
    """Plan text as a terminal should show it: literally, every control character visible
    (``\\x1b``, ``\\u202e``) and a line break as ``⏎``, so no value can colour the screen,
    move the cursor or forge a line. (Rich markup is switched off where it is printed.)"""
    text = str(value)
    return _INVISIBLE.sub(_visible, text) if _INVISIBLE.search(text) else text
