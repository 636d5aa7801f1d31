"""Emitting YAML scalars by hand: plain when safe, double-quoted or folded otherwise, numbers as
g2g writes them.
"""

from __future__ import annotations

import textwrap

from g2g.io.yamlread import resolve_plain

_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# Characters YAML readers treat as line breaks or byte-order marks: always escaped.
_SPECIAL = frozenset("\x85\u2028\u2029\ufeff")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


# --- scalars -----------------------------------------------------------------------------


def printable(ch: str) -> bool:
    """Whether ``ch`` may stand as itself in a YAML scalar g2g writes (not escaped)."""
    code = ord(ch)
    if ch in _SPECIAL:
        return False
    return (
        code in (0x09, 0x0A, 0x0D)
        or 0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def is_plain_safe(text: str) -> bool:
    """Whether ``text`` can be written unquoted and read back by g2g as the same string."""
    if not text or text != text.strip() or text[0] in _INDICATORS:
        return False
    if any(ch in text for ch in "\n\r\t") or ": " in text or " #" in text:
        return False
    if text.endswith(":") or not all(printable(ch) for ch in text):
        return False
    try:
        value = resolve_plain(text)
    except ValueError:
        return False
    return isinstance(value, str) and value == text


def double_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, escaping whatever is not plainly printable."""
    out = ['"']
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif printable(ch):
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)


def scalar(text: str) -> str:
    """``text`` as a one-line YAML scalar: plain when that is safe, double-quoted otherwise."""
    return text if is_plain_safe(text) else double_quoted(text)


def yaml_number(value: float) -> str:
    """A number as YAML text that g2g.io.yamlread reads back as the same number."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = repr(float(value))
    if resolve_plain(text) != value:
        raise ValueError(f"{value!r} cannot be written as a YAML number")
    return text


def folded(text: str, indent: int, width: int = 100) -> list[str] | None:
    """A long one-line text as a ``>-`` folded block: the header, then the content lines.

    None when the text is short or could not survive folding unchanged (several spaces in a
    row, line breaks, tabs, characters that need escapes).
    """
    if len(text) + indent <= width or "  " in text or text != text.strip():
        return None
    if any(ch in text for ch in "\n\r\t") or not all(printable(ch) for ch in text):
        return None
    lines = textwrap.wrap(
        text, width=max(width - indent, 40), break_long_words=False, break_on_hyphens=False
    )
    if " ".join(lines) != text:
        return None
    return [">-", *(" " * indent + line for line in lines)]
