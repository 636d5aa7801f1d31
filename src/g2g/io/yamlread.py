"""Read YAML text into plain Python values that remember where each value was written.

Why not ``yaml.safe_load`` or ruamel's round-trip loader: plan files are typed by people, so
every problem must be reported at its line and column, and every read-only command must stay
fast. We drive libyaml's C parser (PyYAML's ``CSafeLoader``) event by event and build the values
ourselves, which gives us:

* positions: mappings become :class:`PosDict` and sequences :class:`PosList`, which carry the
  line and column of every key and item (1-based);
* one meaning for every scalar, close to YAML 1.2's core schema: ``true``/``false``, decimal
  integers and floats, ``null``/``~``/empty; everything else is a string, so ``no`` stays "no"
  and ``2019-08-01`` stays a string for pydantic to parse. Numbers with a leading zero
  (``0755``), which YAML 1.1 and 1.2 read differently, are rejected rather than guessed;
* safety with hostile input: duplicate keys, anchor/alias bombs, deep nesting, non-UTF-8 bytes,
  several documents and oversized files become diagnostics, never exceptions.

Editing commands use ruamel's round-trip machinery separately (see ``g2g.yamlwrite``); they read
values back through this module so reading and writing agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from g2g.diagnostics import Diagnostic, error
from g2g.io.gcpause import gc_paused

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIAS_EXPANSION = 200_000

Pos = tuple[int, int]


class PosDict(dict[str, Any]):
    """A mapping read from YAML, with the position of itself and of each key and value.

    PosDict and PosList pickle (for the cache and worker processes) by Python's own protocol
    for subclasses with slots, done in C: loading measured 2x faster than a ``__reduce__``.
    """

    __slots__ = ("key_pos", "pos", "value_pos")

    def __init__(self, pos: Pos = (1, 1)) -> None:
        super().__init__()
        self.pos = pos
        self.key_pos: dict[str, Pos] = {}
        self.value_pos: dict[str, Pos] = {}


class PosList(list[Any]):
    """A sequence read from YAML, with the position of itself and of each item."""

    __slots__ = ("item_pos", "pos")

    def __init__(self, pos: Pos = (1, 1)) -> None:
        super().__init__()
        self.pos = pos
        self.item_pos: list[Pos] = []


@dataclass
class YamlDocument:
    """The result of reading one file: its values (None when unreadable) and its problems."""

    path: str
    data: Any
    diagnostics: list[Diagnostic] = field(default_factory=list)
    empty: bool = False


_INT = re.compile(r"[-+]?[0-9]+")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+")
_FLOAT = re.compile(
    r"[-+]?(\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(\.[0-9]*)?[eE][-+]?[0-9]+|\.[0-9]+[eE][-+]?[0-9]+)"
)
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_CORE = "tag:yaml.org,2002:"
_PLAIN_SPECIAL = frozenset("0123456789-+.~")
"""First characters of a plain scalar that may be something other than text (and "")."""
_SPECIAL_WORDS = _NULLS | _TRUE | _FALSE
"""Plain scalars that are not text whatever their first character."""


class _Stop(Exception):
    """Raised inside the builder when reading must end with a diagnostic."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar under g2g's rules."""
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    first = text[0]
    if first.isdigit() or first in "-+.":
        if _INT.fullmatch(text):
            if _LEADING_ZERO.fullmatch(text):
                raise ValueError(text)
            return int(text)
        if _FLOAT.fullmatch(text):
            return float(text)
    return text


def _explicit(tag: str, text: str) -> Any:
    if tag in ("!", _CORE + "str"):
        return text
    if tag == _CORE + "int" and _INT.fullmatch(text):
        return int(text)
    if tag == _CORE + "float" and (_INT.fullmatch(text) or _FLOAT.fullmatch(text)):
        return float(text)
    if tag == _CORE + "bool" and (text in _TRUE or text in _FALSE):
        return text in _TRUE
    if tag == _CORE + "null" and text in _NULLS:
        return None
    raise KeyError(tag)


def _short(tag: str) -> str:
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


def _line_col_of_offset(raw: bytes, offset: int) -> Pos:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    column = len(before[start:].decode("utf-8", errors="replace")) + 1
    return line, column


def _tab_at(text: str, line: int) -> bool:
    lines = text.split("\n", line + 1)
    return line < len(lines) and "\t" in lines[line][: len(lines[line]) - len(lines[line].lstrip())]


def _friendly_syntax(problem: str, context: str | None) -> str:
    if "mapping values are not allowed" in problem:
        return (
            "YAML syntax error: a ': ' where a value was expected - put text that contains "
            "': ' in quotes, or start a new key on its own line"
        )
    if "could not find expected ':'" in problem:
        return "YAML syntax error: a key without ':' - write 'key: value'"
    if "found unacceptable character" in problem or "control characters" in problem:
        return f"YAML syntax error: {problem} - remove the invisible control character"
    base = f"YAML syntax error: {problem}"
    if context:
        base += f" ({context})"
    return base + " - check the indentation and quoting around this line"


def read_yaml(path: str, raw: bytes) -> YamlDocument:
    """Read one YAML file's bytes; never raises for any input."""
    if len(raw) > MAX_FILE_BYTES:
        size_mb = len(raw) / 1024 / 1024
        limit = MAX_FILE_BYTES // 1024 // 1024
        return YamlDocument(
            path,
            None,
            [error(path, 1, 1, f"file is {size_mb:.0f} MB - split it; the limit is {limit} MB")],
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_col_of_offset(raw, exc.start)
        bad = raw[exc.start : exc.start + 1].hex().upper()
        return YamlDocument(
            path,
            None,
            [
                error(
                    path,
                    line,
                    column,
                    f"the file is not UTF-8 text (byte 0x{bad}) - save it with UTF-8 encoding",
                )
            ],
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    builder = _Builder(path)
    try:
        data, empty = builder.build(text)
    except _Stop as stop:
        builder.diagnostics.append(error(path, stop.line, stop.column, stop.message))
        return YamlDocument(path, None, builder.diagnostics)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = _friendly_syntax(str(exc.problem or "invalid YAML"), exc.context)
        if exc.context_mark and "quoted scalar" in str(exc.context):
            mark = exc.context_mark
            message = (
                "a quoted text that starts here is never closed - add the closing quote at its end"
            )
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if mark and _tab_at(text, mark.line):
            message = "a tab character is used for indentation - indent with spaces only"
        builder.diagnostics.append(error(path, line, column, message))
        return YamlDocument(path, None, builder.diagnostics)
    except (yaml.YAMLError, RecursionError, MemoryError, ValueError) as exc:
        builder.diagnostics.append(error(path, 1, 1, f"cannot read the file as YAML: {exc}"))
        return YamlDocument(path, None, builder.diagnostics)
    return YamlDocument(path, data, builder.diagnostics, empty=empty)


class _Builder:
    """Turns libyaml events into PosDict / PosList / scalars."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.expanded = 0

    def build(self, text: str) -> tuple[Any, bool]:
        loader = yaml.CSafeLoader(text)
        try:
            with gc_paused():  # see g2g.gcpause: many small containers, no cycles
                return self._run(loader)
        finally:
            loader.dispose()

    def _run(self, loader: Any) -> tuple[Any, bool]:
        # Each stack frame: [container, pending_key, pending_key_pos, node_count]
        stack: list[list[Any]] = []
        root: Any = None
        documents = 0
        get_event = loader.get_event
        scalar_event = yaml.ScalarEvent
        mapping_start = yaml.MappingStartEvent
        mapping_end = yaml.MappingEndEvent
        sequence_start = yaml.SequenceStartEvent
        sequence_end = yaml.SequenceEndEvent
        alias_event = yaml.AliasEvent
        plain_special = _PLAIN_SPECIAL
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar_event:
                mark = event.start_mark
                pos = (mark.line + 1, mark.column + 1)
                value = event.value
                # The common case inline (a plain word or a quoted text): this loop runs for
                # every value of every file, and a call per scalar measured 10% of a run.
                if event.style:
                    if event.tag is not None:
                        value = self._scalar(event, pos)
                elif (
                    value[:1] in plain_special
                    or value in _SPECIAL_WORDS
                    or (event.tag is not None and not event.implicit[0])
                ):
                    value = self._scalar(event, pos)
                size = 1
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
            elif kind is mapping_start or kind is sequence_start:
                mark = event.start_mark
                pos = (mark.line + 1, mark.column + 1)
                if len(stack) >= MAX_DEPTH:
                    raise _Stop(
                        pos[0],
                        pos[1],
                        f"nesting is deeper than {MAX_DEPTH} levels - plan files need far fewer",
                    )
                if event.tag not in (None, "!", _CORE + "map", _CORE + "seq"):
                    raise _Stop(
                        pos[0], pos[1], f"unsupported YAML tag {_short(event.tag)} - remove the tag"
                    )
                container: Any = PosDict(pos) if kind is mapping_start else PosList(pos)
                stack.append([container, _NO_KEY, None, 1, event.anchor])
                continue
            elif kind is mapping_end or kind is sequence_end:
                frame = stack.pop()
                value, size = frame[0], frame[3]
                if frame[4] is not None:
                    self.anchors[frame[4]] = (value, size)
                pos = value.pos
            elif kind is alias_event:
                mark = event.start_mark
                pos = (mark.line + 1, mark.column + 1)
                if event.anchor not in self.anchors:
                    raise _Stop(
                        pos[0],
                        pos[1],
                        f"alias *{event.anchor} refers to no finished anchor &{event.anchor} - "
                        "define the anchor before using it, outside the value itself",
                    )
                value, size = self.anchors[event.anchor]
                self.expanded += size
                if self.expanded > MAX_ALIAS_EXPANSION:
                    raise _Stop(
                        pos[0],
                        pos[1],
                        "aliases expand to too many values (an alias bomb?) - write the values "
                        "out or use fewer aliases",
                    )
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise _Stop(
                        mark.line + 1,
                        mark.column + 1,
                        "a second YAML document ('---') - keep one document per file",
                    )
                continue
            elif kind is yaml.StreamEndEvent:
                return root, documents == 0 or root is None
            else:
                continue
            if not stack:
                root = value
                continue
            frame = stack[-1]
            frame[3] += size
            parent = frame[0]
            if type(parent) is PosList:
                parent.append(value)
                parent.item_pos.append(pos)
            elif frame[1] is _NO_KEY:
                if type(value) is str and value not in parent:
                    frame[1], frame[2] = value, pos
                else:
                    frame[1], frame[2] = self._key(value, pos, parent)
            else:
                key = frame[1]
                if key is not _DUPLICATE:
                    parent[key] = value
                    parent.key_pos[key] = frame[2]
                    parent.value_pos[key] = pos
                frame[1] = _NO_KEY

    def _scalar(self, event: Any, pos: Pos) -> Any:
        text: str = event.value
        tag = event.tag
        if not event.style and (tag is None or event.implicit[0]):
            try:
                return resolve_plain(text)
            except ValueError:
                self.diagnostics.append(
                    error(
                        self.path,
                        pos[0],
                        pos[1],
                        f"'{text}' is ambiguous (YAML versions read a leading zero differently)"
                        f" - write {text.lstrip('+-0') or '0'} without the leading zero, or quote"
                        " it if it is text",
                    )
                )
                return text
        if tag is None or tag == "!" or event.implicit[1]:
            return text
        try:
            return _explicit(tag, text)
        except KeyError:
            raise _Stop(
                pos[0], pos[1], f"unsupported YAML tag {_short(tag)} on '{text}' - remove the tag"
            ) from None

    def _key(self, value: Any, pos: Pos, parent: PosDict) -> tuple[Any, Pos]:
        if isinstance(value, PosDict | PosList):
            raise _Stop(
                pos[0], pos[1], "a key that is a list or mapping - keys must be plain names"
            )
        key = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
        if key in parent:
            first = parent.key_pos[key]
            self.diagnostics.append(
                error(
                    self.path,
                    pos[0],
                    pos[1],
                    f"duplicate key '{key}' (first written at line {first[0]}) - "
                    "keep one and remove the other",
                )
            )
            return _DUPLICATE, pos
        return key, pos


_NO_KEY = object()
_DUPLICATE = object()


def locate(data: Any, loc: tuple[int | str, ...], *, key: bool = False) -> Pos:
    """The line and column of the value at ``loc`` (a pydantic error location).

    With ``key`` the position of the mapping key is given instead of its value. Where the
    location runs past what was written (a missing key), the nearest enclosing value is used.
    """
    node = data
    pos: Pos = getattr(data, "pos", (1, 1))
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, PosDict) and isinstance(part, str) and part in node:
            pos = node.key_pos[part] if (last and key) else node.value_pos[part]
            node = node[part]
        elif isinstance(node, PosList) and isinstance(part, int) and 0 <= part < len(node):
            pos = node.item_pos[part]
            node = node[part]
        else:
            break
    return pos
