"""Findings pasted from an Ofsted report or letter, read for ``g2g init``.

Councils copy the recommendations and the areas for improvement out of a Word or PDF report.
What arrives is one of:

* one finding a line, with no markers;
* a bulleted or numbered list in any of the styles Word and PDF readers produce: ``·``, ``•``,
  ``-``, ``*``, ``–``, ``1.``, ``1)``, ``(1)``, ``(a)``, ``a)``, ``i.``, ``(iv)``, ``R4:``,
  with the text wrapped over several lines (a line without a marker continues the item above);
* either of those under headings, so one file holds both kinds: "Recommendations" and "Areas
  for improvement" (any case, with or without a trailing colon or Markdown ``#``); an area
  SEND inspection's "Priority actions" and a statutory direction's "Requirements" too.

Lines before the first heading or item (the report's "What needs to improve in this local
authority?") are ignored and reported back. A trailing ``;``, ``; and`` or ``; or`` (a list
written as one sentence, as committee minutes do) is dropped from each item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from g2g.diagnostics import Diagnostic, error, warning
from g2g.plan.sources import FINDING_KINDS, FindingKind
from g2g.words import did_you_mean, one_line

FINDINGS_EMPTY = "init-findings-empty"
"""The code of the error for a findings file with no text at all."""
FINDINGS_NONE = "init-findings-none"
"""The code of the error for a findings file whose headings have no items under them."""
HEADING_UNKNOWN = "init-heading-unknown"
"""The code of the error for a heading that is neither recommendations nor areas for
improvement."""
HEADING_EMPTY = "init-heading-empty"
"""The code of the warning for a heading with no items under it, in a file that has others."""

_ROMAN = r"(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3})"
_MARKER = re.compile(
    r"^\s*(?:"
    r"\(?[0-9]{1,3}[.):]"  # 1.  1)  1:  (1
    r"|\([0-9]{1,3}\)"  # (1)
    r"|\((?:[A-Za-z]|" + _ROMAN + r")\)"  # (a)  (iv)
    r"|(?:[A-Za-z]|" + _ROMAN + r")[.)]"  # a)  a.  i.  iv)
    r"|[A-Za-z]{1,3}[0-9]{1,3}[.):]?"  # R4:  AFI12
    r"|[-*·•‣◦▪●■►➢–—]"  # bullets and dashes
    r")(?:\s+(.*))?$"
)
_HEADINGS = {
    "recommendation": FindingKind.recommendation,
    "recommendations": FindingKind.recommendation,
    "area for improvement": FindingKind.area_for_improvement,
    "areas for improvement": FindingKind.area_for_improvement,
    "wider areas for improvement": FindingKind.area_for_improvement,
    "other areas for improvement": FindingKind.area_for_improvement,
    "priority action": FindingKind.priority_action,
    "priority actions": FindingKind.priority_action,
    "requirement": FindingKind.requirement,
    "requirements": FindingKind.requirement,
}
HEADING_WORDS = {kind: info.heading for kind, info in FINDING_KINDS.items()}
_TRAILING = re.compile(r"\s*;\s*(?:and|or)?\s*$", re.IGNORECASE)


@dataclass
class PastedFinding:
    """One finding read from the text: its kind, words and the line it starts on."""

    kind: FindingKind
    text: str
    line: int


@dataclass
class PastedFindings:
    """What a pasted text gave: the findings, the lines ignored (line, text) and problems."""

    findings: list[PastedFinding] = field(default_factory=list)
    ignored: list[tuple[int, str]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def of_kind(self, kind: FindingKind) -> list[str]:
        """The words of the findings of one kind, in order."""
        return [f.text for f in self.findings if f.kind is kind]


def _heading_key(line: str) -> str:
    """A line as a heading would read: no #, no bold, no colon, lower case, single spaces."""
    text = line.strip().lstrip("#").strip().rstrip("#").strip()
    for wrap in ("**", "__"):
        if text.startswith(wrap) and text.endswith(wrap) and len(text) > 2 * len(wrap):
            text = text[len(wrap) : -len(wrap)].strip()
    text = text.rstrip(":").strip()
    return one_line(text.lower())


def _looks_like_heading(line: str, after_break: bool) -> bool:
    """A Markdown heading anywhere; a short line ending with a colon after a blank line; or,
    straight after an item, a short capitalised line ending with a colon ("Strengths:")."""
    stripped = line.strip()
    if stripped.startswith("#"):
        return True
    if not stripped.endswith(":"):
        return False
    words = len(stripped.split())
    return (after_break and words <= 8) or (stripped[0].isupper() and words <= 5)


@dataclass
class _Block:
    kind: FindingKind | None  # None: under a heading g2g does not read
    heading: str | None
    line: int
    preamble: bool = False  # before the first heading of a file with headings
    rows: list[tuple[int, str]] = field(default_factory=list)
    count: int = 0


def parse_findings(
    text: str, path: str = "<text>", kind: FindingKind = FindingKind.recommendation
) -> PastedFindings:
    """The findings of a pasted text; items before any heading are of ``kind``.

    Problems come back as diagnostics at ``path:line``: an empty text, headings with nothing
    under them, and a heading other than recommendations or areas for improvement that has
    items under it or splits the list.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    result = PastedFindings()
    if not any(line.strip() for line in lines):
        result.diagnostics.append(
            error(
                path,
                1,
                1,
                "the file is empty - paste the report's recommendations (and areas for "
                "improvement) into it: one a line, or as a numbered or bulleted list",
                FINDINGS_EMPTY,
            )
        )
        return result
    sectioned = any(_heading_key(line) in _HEADINGS for line in lines)
    blocks = [_Block(kind, None, 1, preamble=sectioned)]
    known_seen = False
    after_break = True
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            after_break = True
            continue
        key = _heading_key(line)
        marked = _MARKER.match(line)
        if key in _HEADINGS and not (marked and marked.group(1)):
            blocks.append(_Block(_HEADINGS[key], line, number))
            known_seen = True
        elif not marked and _looks_like_heading(line, after_break):
            started = any(b.rows for b in blocks)
            if not sectioned and not started:
                result.ignored.append((number, line))
            elif sectioned and not known_seen:
                blocks.append(_Block(None, line, number, preamble=True))
            else:
                result.diagnostics.append(_unknown(path, number, line, key))
                blocks.append(_Block(None, line, number))
        else:
            blocks[-1].rows.append((number, line))
        after_break = False
    for block in blocks:
        _read_block(block, result, path)
    if not result.diagnostics:
        _check_empty(blocks, result, path)
    return result


def _unknown(path: str, number: int, line: str, key: str) -> Diagnostic:
    hint = did_you_mean(key, list(_HEADINGS))
    return error(
        path,
        number,
        1,
        f"unknown heading '{line}'{hint} - the headings g2g init reads are "
        "'Recommendations' and 'Areas for improvement' (and 'Priority actions' and "
        "'Requirements'): rename it, or remove it and the items under it",
        HEADING_UNKNOWN,
    )


def _read_block(block: _Block, result: PastedFindings, path: str) -> None:
    """The items of one block: marker mode when any line has a marker, else one a line.

    Unmarked lines before the first heading of a file with headings are ignored; items under
    a heading g2g does not read are an error, not findings."""
    rows = block.rows
    marker_mode = any(_MARKER.match(line) for _, line in rows)
    if block.kind is None:
        if block.preamble and not marker_mode:
            result.ignored.extend([(block.line, block.heading or ""), *rows])
        elif block.preamble:
            key = _heading_key(block.heading or "")
            result.diagnostics.append(_unknown(path, block.line, block.heading or "", key))
        return
    if not marker_mode:
        if block.preamble:
            result.ignored.extend(rows)
            return
        for number, line in rows:
            result.findings.append(PastedFinding(block.kind, _clean(line), number))
            block.count += 1
        return
    _read_marked(block, block.kind, result)


def _read_marked(block: _Block, kind: FindingKind, result: PastedFindings) -> None:
    """A block in marker mode: each marker starts an item and the lines after it continue it;
    lines before the first marker are ignored."""
    items: list[PastedFinding] = []
    for number, line in block.rows:
        found = _MARKER.match(line)
        if found:
            items.append(PastedFinding(kind, found.group(1) or "", number))
        elif items:
            items[-1].text = f"{items[-1].text} {line}"
        else:
            result.ignored.append((number, line))
    for item in items:
        item.text = _clean(item.text)
        if item.text:
            result.findings.append(item)
            block.count += 1


def _clean(text: str) -> str:
    return _TRAILING.sub("", one_line(text))


def _check_empty(blocks: list[_Block], result: PastedFindings, path: str) -> None:
    headed = [b for b in blocks if b.heading is not None and b.kind is not None]
    if not result.findings:
        where = headed[0].line if headed else 1
        result.diagnostics.append(
            error(
                path,
                where,
                1,
                "no findings in the file, only headings - paste each recommendation or area "
                "for improvement under its heading, one a line or as a list",
                FINDINGS_NONE,
            )
        )
        return
    for block in headed:
        if block.count == 0:
            result.diagnostics.append(
                warning(
                    path,
                    block.line,
                    1,
                    f"nothing under the heading '{block.heading}' - paste its items under it, "
                    "or delete the heading if the report has none",
                    HEADING_EMPTY,
                )
            )


def parse_recommendations(text: str) -> tuple[list[str], list[str]]:
    """Recommendations pasted from a report: the items, and the lines ignored as headings.

    The items of :func:`parse_findings` of either kind, in order (kept for callers of g2g 0.1).
    """
    found = parse_findings(text)
    return [f.text for f in found.findings], [line for _, line in found.ignored]
