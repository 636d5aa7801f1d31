"""The officers' Markdown, read safely into paragraphs, lists and runs of text.

Narrative text is parsed with markdown-it-py with only a small subset switched on: paragraphs,
bulleted and numbered lists, emphasis (``*em*``, ``**strong**``) and links. Raw HTML is off, so
``<script>`` is text; headings, code, tables and images are off, so ``# x`` is text. A link to
anything but an http(s) address keeps its words and loses its target. The result is plain data
(:class:`MdBlock` of :class:`Run`) that every writer (HTML, Markdown, Word) escapes in its own
way, so no writer ever passes the officers' text through as markup.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:  # imported when text is first parsed: a plan without narrative never needs it
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

SAFE_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class Run:
    """A stretch of text with one style."""

    text: str
    strong: bool = False
    em: bool = False
    href: str | None = None
    """The link target (always an http(s) address) when the run is a link's text."""


Inline = tuple[Run, ...]


@dataclass(frozen=True)
class MdBlock:
    """A paragraph (one item) or a list (one item per entry)."""

    kind: str
    """p (paragraph), ul (bulleted list) or ol (numbered list)."""
    items: tuple[Inline, ...]
    number: str | None = None
    """The paragraph's number in the paper (e.g. "2.1"), set by the paper for citing."""

    @property
    def is_list(self) -> bool:
        """Whether the block is a list."""
        return self.kind != "p"

    def plain(self) -> str:
        """The block's words without styling (for searching and plain-text outputs)."""
        return "\n".join("".join(r.text for r in item) for item in self.items)


@functools.lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(["emphasis", "link", "list", "newline", "escape", "backticks"])
    # Keep every link in the token stream: the writers decide what a link may be.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def safe_href(url: str) -> str | None:
    """The link target when it is an http(s) address with a host, else None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in SAFE_SCHEMES and parts.netloc:
        return url.strip()
    return None


def bad_links(text: str) -> list[str]:
    """The link targets in ``text`` that are not http(s) addresses."""
    if "[" not in text:
        return []  # the only link syntax switched on is [words](target)
    found: list[str] = []
    for token in _parser().parse(text):
        for child in token.children or ():
            if child.type == "link_open":
                href = str(child.attrGet("href") or "")
                if safe_href(href) is None:
                    found.append(href)
    return found


def parse_markdown(text: str | None) -> tuple[MdBlock, ...]:
    """Markdown as blocks: paragraphs, and lists whose entries are runs of text (a nested list
    is flattened into its parent's entries)."""
    if not text or not text.strip():
        return ()
    tokens = _parser().parse(text)
    blocks: list[MdBlock] = []
    lists: list[tuple[str, list[Inline]]] = []
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append(("ul" if token.type == "bullet_list_open" else "ol", []))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            kind, items = lists.pop()
            if lists:
                lists[-1][1].extend(items)
            elif items:
                blocks.append(MdBlock(kind, tuple(items)))
        elif token.type == "inline":
            runs = _runs(token.children or [])
            if not runs:
                continue
            if lists:
                lists[-1][1].append(runs)
            else:
                blocks.append(MdBlock("p", (runs,)))
    return tuple(blocks)


_EMPHASIS = {"strong_open": (1, 0), "strong_close": (-1, 0), "em_open": (0, 1), "em_close": (0, -1)}
"""How each emphasis token changes how deep the text after it sits in (strong, em)."""


def _runs(children: list[Token]) -> Inline:
    """The text of one inline token's children as runs, each with the emphasis and link it sits
    in, neighbours alike in both merged."""
    runs: list[Run] = []
    strong = em = 0
    href: str | None = None
    for child in children:
        kind = child.type
        if kind in _EMPHASIS:
            strong += _EMPHASIS[kind][0]
            em += _EMPHASIS[kind][1]
        elif kind == "link_open":
            href = safe_href(str(child.attrGet("href") or ""))
        elif kind == "link_close":
            href = None
        elif kind in ("text", "code_inline"):
            if child.content:
                runs.append(Run(child.content, strong > 0, em > 0, href))
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Run(" ", strong > 0, em > 0, href))
    return _merge(runs)


def _merge(runs: list[Run]) -> Inline:
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].strong, merged[-1].em, merged[-1].href) == (
            run.strong,
            run.em,
            run.href,
        ):
            merged[-1] = Run(merged[-1].text + run.text, run.strong, run.em, run.href)
        else:
            merged.append(run)
    return tuple(merged)
