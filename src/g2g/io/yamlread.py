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

Editing commands use ruamel's round-trip machinery separately (:mod:`g2g.io.yamledit`); they read
values back through this module so reading and writing agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from g2g.diagnostics import Diagnostic, error
from g2g.escape import TEXT_CONTROL, TEXT_CONTROL_CODE, control_problem
from g2g.io.files import MAX_FILE_BYTES, file_too_large
from g2g.io.gcpause import gc_paused

MAX_DEPTH = 64
MAX_ALIAS_EXPANSION = 200_000

Pos = tuple[int, int]


class PosDict(dict[str, Any]):
    """A mapping read from YAML, with the position of itself and of each key and value.

    PosDict and PosList cross to worker processes by Python's own protocol for subclasses
    with slots; the cache keeps them as JSON (see g2g.io.cache).
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


MAX_DIGITS = 300
"""An integer with more digits is refused (no plan figure comes near; a float holds 308)."""

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

    def __init__(self, line: int, column: int, message: str, code: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message
        self.code = code


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
            if _LEADING_ZERO.fullmatch(text) or len(text) > MAX_DIGITS:
                raise ValueError(text)
            return int(text)
        if _FLOAT.fullmatch(text):
            return float(text)
    return text


def _explicit(tag: str, text: str) -> Any:
    if tag in ("!", _CORE + "str"):
        return text
    if tag == _CORE + "int" and _INT.fullmatch(text) and len(text) <= MAX_DIGITS:
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


YAML_SYNTAX = "yaml-syntax"
"""Codes of the syntax errors (see docs/format.md): any other syntax error,"""
YAML_UNQUOTED = "yaml-unquoted-indicator"
"""an unquoted value starting with [ { * & @ or `,"""
YAML_TAB = "yaml-tab-indent"
"""a tab in the indentation,"""
YAML_UNCLOSED_QUOTE = "yaml-unclosed-quote"
"""a quoted text never closed."""

MAX_SYNTAX_PASSES = 60
"""How many times a file with a syntax error is re-read (its bad lines blanked) to find more."""
RECOVERY_BYTES = 16 * 1024 * 1024
"""At most this many bytes are re-read in all when looking for further syntax errors."""

_INDICATOR_VALUE = re.compile(
    r"^(?P<lead>[ ]*(?:-[ ]+)*(?:[A-Za-z0-9_][A-Za-z0-9_. -]*:[ ]+)?)(?P<value>[\[{*&@`].*)$"
)
_ALIAS_ALONE = re.compile(r"\*[^\s\[\]{},]+[ ]*(#.*)?")
_ANCHOR_NAMED = re.compile(r"&[^\s\[\]{},]+([ ].*)?")
_INDICATOR_MEANING = {
    "[": "YAML reads [ as the start of a list",
    "{": "YAML reads { as the start of a mapping",
    "*": "YAML reads * as an alias",
    "&": "YAML reads & as an anchor",
    "@": "YAML reserves @",
    "`": "YAML reserves `",
}


def _quoted(text: str) -> str:
    """``text`` as a YAML quoted scalar, for a message (shortened when long)."""
    text = text.rstrip()
    if len(text) > 50:
        text = text[:47] + "..."
    if "'" in text and '"' not in text:
        return '"' + text + '"'
    return "'" + text.replace("'", "''") + "'"


def _indicator_message(value: str) -> str:
    first = value[0]
    return (
        f"text starting with {first} must be quoted ({_INDICATOR_MEANING[first]}) - write "
        f"{_quoted(value)} in quotes"
    )


def _balanced_flow(value: str) -> bool:
    """Whether a flow collection written on one line reads as YAML by itself."""
    try:
        loader = yaml.CSafeLoader(value)
        try:
            while loader.get_event() is not None and loader.check_event():
                pass
        finally:
            loader.dispose()
    except yaml.YAMLError:
        return False
    return True


def _unclosed(value: str) -> bool:
    depth = 0
    for char in value:
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
    return depth > 0


def _suspect_line(line: str) -> tuple[int, str, str] | None:
    """The column and message of a line that YAML cannot read as the person meant, if any:
    indentation with a tab, or an unquoted value that starts with an indicator character."""
    body = line.rstrip("\r")
    indent = body[: len(body) - len(body.lstrip(" \t"))]
    if "\t" in indent and body.strip() and not body.strip().startswith("#"):
        return (
            indent.index("\t") + 1,
            "a tab character is used for indentation - indent with spaces only",
            YAML_TAB,
        )
    match = _INDICATOR_VALUE.match(body)
    if match is None:
        return None
    value = match.group("value")
    first = value[0]
    column = len(match.group("lead")) + 1
    if first in "[{":
        if _unclosed(value) or _balanced_flow(value):
            return None  # a list or mapping written over several lines, or a good one
    elif first == "*":
        if _ALIAS_ALONE.fullmatch(value):
            return None
    elif first == "&" and _ANCHOR_NAMED.fullmatch(value):
        return None
    return column, _indicator_message(value), YAML_UNQUOTED


def _syntax_errors(path: str, text: str, first: yaml.MarkedYAMLError) -> list[Diagnostic]:
    """Every syntax error of ``text`` that can be found, starting from the parser's ``first``.

    Lines that look wrong (a tab in the indentation, an unquoted value starting with [ { * & @
    or `) are found up front; then the parser's error is reported, its line blanked and the
    text read again, a bounded number of times, so one run reports every broken line."""
    lines = text.split("\n")
    found = _suspect_lines(path, lines)
    exc: yaml.MarkedYAMLError | None = first
    passes = max(1, min(MAX_SYNTAX_PASSES, RECOVERY_BYTES // max(len(text), 1)))
    blanked: set[int] = set()
    suspects = set(found)
    for _ in range(passes):
        if exc is None:
            break
        index, column, message, code = _describe(exc, lines)
        if index not in found:
            found[index] = error(path, index + 1, column, message, code)
        culprits = _culprits(exc, {index} | suspects, blanked)
        suspects = set()
        if culprits is None:
            break
        for culprit in culprits:
            if 0 <= culprit < len(lines):
                lines[culprit] = ""
        blanked |= culprits
        exc = _parse_error("\n".join(lines))
    if exc is None:  # the rest reads: what the builder finds there (duplicates, aliases...)
        for diagnostic in _builder_problems(path, "\n".join(lines)):
            found.setdefault(diagnostic.line - 1, diagnostic)
    return [found[index] for index in sorted(found)]


def _suspect_lines(path: str, lines: list[str]) -> dict[int, Diagnostic]:
    """The lines that look wrong before any parsing (see :func:`_suspect_line`), by 0-based
    line."""
    found: dict[int, Diagnostic] = {}
    for index, line in enumerate(lines):
        suspect = _suspect_line(line)
        if suspect is not None:
            found[index] = error(path, index + 1, *suspect)
    return found


def _culprits(exc: yaml.MarkedYAMLError, culprits: set[int], blanked: set[int]) -> set[int] | None:
    """The lines to blank before the next pass: ``culprits``, or when they are all blanked
    already (no progress), the line the parser stopped at; None when that is blanked too."""
    if culprits <= blanked:
        mark = exc.problem_mark
        culprits = {mark.line} if mark is not None else set()
        if culprits <= blanked:
            return None
    return culprits


def _builder_problems(path: str, text: str) -> list[Diagnostic]:
    """What the builder finds in ``text`` that parses: duplicate keys, aliases, tags..."""
    rest = _Builder(path)
    try:
        rest.build(text)
    except _Stop as stop:
        rest.diagnostics.append(error(path, stop.line, stop.column, stop.message, stop.code))
    except (yaml.YAMLError, RecursionError, MemoryError, ValueError):
        pass
    return rest.diagnostics


def _parse_error(text: str) -> yaml.MarkedYAMLError | None:
    """The first syntax error of ``text``, or None when it parses."""
    loader = yaml.CSafeLoader(text)
    try:
        while loader.get_event() is not None and loader.check_event():
            pass
    except yaml.MarkedYAMLError as exc:
        return exc
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None


def _describe(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, int, str, str]:
    """The 0-based line, 1-based column, message and code of a syntax error."""
    mark = exc.problem_mark or exc.context_mark
    message = _friendly_syntax(str(exc.problem or "invalid YAML"), exc.context)
    code = YAML_SYNTAX
    if exc.context_mark and "quoted scalar" in str(exc.context):
        mark = exc.context_mark
        message = (
            "a quoted text that starts here is never closed - add the closing quote at its end"
        )
        code = YAML_UNCLOSED_QUOTE
    elif exc.context_mark and exc.context and "flow" in str(exc.context):
        mark = exc.context_mark  # an unclosed [ or {: the cause is where it opened
    if mark is None:
        return 0, 1, message, code
    for index in dict.fromkeys((mark.line, getattr(exc.context_mark, "line", mark.line))):
        if 0 <= index < len(lines):
            suspect = _suspect_line(lines[index])
            if suspect is not None:
                return index, *suspect
            match = _INDICATOR_VALUE.match(lines[index].rstrip("\r"))
            if match is not None and match.group("value")[0] in "[{" and index == mark.line:
                value = match.group("value")
                return (
                    index,
                    len(match.group("lead")) + 1,
                    f"{_indicator_message(value)}; if it is meant as a list, close it with "
                    f"{']' if value[0] == '[' else '}'}",
                    YAML_UNQUOTED,
                )
    return mark.line, mark.column + 1, message, code


def read_yaml(path: str, raw: bytes) -> YamlDocument:
    """Read one YAML file's bytes; never raises for any input."""
    if len(raw) > MAX_FILE_BYTES:
        return YamlDocument(
            path,
            None,
            [
                error(
                    path,
                    1,
                    1,
                    file_too_large(len(raw)),
                    code="yaml-too-large",
                )
            ],
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
                    code="yaml-not-utf8",
                )
            ],
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    builder = _Builder(path)
    try:
        data, empty = builder.build(text)
    except _Stop as stop:
        builder.diagnostics.append(error(path, stop.line, stop.column, stop.message, stop.code))
        later = _parse_error(text) if len(text) <= RECOVERY_BYTES else None
        if later is not None:  # the parser would have stopped further on: report those too
            builder.diagnostics.extend(
                d for d in _syntax_errors(path, text, later) if d.line != stop.line
            )
        return YamlDocument(path, None, builder.diagnostics)
    except yaml.MarkedYAMLError as exc:
        known = set(builder.diagnostics)
        builder.diagnostics.extend(d for d in _syntax_errors(path, text, exc) if d not in known)
        return YamlDocument(path, None, builder.diagnostics)
    except (yaml.YAMLError, RecursionError, MemoryError, ValueError) as exc:
        builder.diagnostics.append(
            error(path, 1, 1, f"cannot read the file as YAML: {exc}", code="yaml-unreadable")
        )
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
            with gc_paused():  # see g2g.io.gcpause: many small containers, no cycles
                return self._run(loader)
        finally:
            loader.dispose()

    def _run(self, loader: Any) -> tuple[Any, bool]:  # noqa: C901 - hot loop, split costs +7.4%
        # One loop over libyaml's events with the common cases inline: it runs for every value
        # of every file read. Split into a method per kind of event (complexity 10), reading
        # the shipped plans took 7.4% more instructions under cachegrind, so it stays whole.
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
        control = TEXT_CONTROL.search
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
                    # Only a double-quoted text can hold a control character (by an escape
                    # such as \e or \a): libyaml refuses them written raw.
                    if event.style == '"' and control(value):
                        self._control(value, pos)
                    if event.tag is not None:
                        value = self._scalar(event, pos)
                elif (
                    value[:1] in plain_special
                    or value in _SPECIAL_WORDS
                    or (event.tag is not None and not event.implicit[0])
                ):
                    value = self._scalar(event, pos)
                # An alias counts what it would produce: a long text counts once per 64
                # characters, so one large text repeated by aliases is caught too.
                size = 1 + len(value) // 64 if type(value) is str else 1
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, size)
            elif kind is mapping_start or kind is sequence_start:
                mark = event.start_mark
                pos = (mark.line + 1, mark.column + 1)
                if len(stack) >= MAX_DEPTH:
                    raise _Stop(
                        pos[0],
                        pos[1],
                        f"nesting is deeper than {MAX_DEPTH} levels - plan files need far fewer",
                        "yaml-too-deep",
                    )
                own = _CORE + ("map" if kind is mapping_start else "seq")
                if event.tag not in (None, "!", own):
                    other = _CORE + ("seq" if kind is mapping_start else "map")
                    what = "a mapping" if kind is mapping_start else "a list"
                    raise _Stop(
                        pos[0],
                        pos[1],
                        f"YAML tag {_short(event.tag)} on {what} - remove the tag"
                        if event.tag == other
                        else f"unsupported YAML tag {_short(event.tag)} - remove the tag",
                        "yaml-tag",
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
                        "define the anchor before using it, outside the value itself; if it "
                        "is text, put it in quotes",
                        "yaml-alias-unknown",
                    )
                value, size = self.anchors[event.anchor]
                self.expanded += size
                if self.expanded > MAX_ALIAS_EXPANSION:
                    raise _Stop(
                        pos[0],
                        pos[1],
                        "aliases expand to too many values or too much text (an alias bomb?) - "
                        "write the values out or use fewer aliases",
                        "yaml-alias-bomb",
                    )
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise _Stop(
                        mark.line + 1,
                        mark.column + 1,
                        "a second YAML document ('---') - keep one document per file",
                        "yaml-multiple-documents",
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

    def _control(self, text: str, pos: Pos) -> None:
        message = control_problem(text)
        if message is not None:
            self.diagnostics.append(error(self.path, pos[0], pos[1], message, TEXT_CONTROL_CODE))

    def _scalar(self, event: Any, pos: Pos) -> Any:
        text: str = event.value
        tag = event.tag
        if not event.style and (tag is None or event.implicit[0]):
            try:
                return resolve_plain(text)
            except ValueError:
                if not _LEADING_ZERO.fullmatch(text):  # too many digits for a number
                    shown = f"{text[:12]}..." if len(text) > 15 else text
                    message = (
                        f"'{shown}' has {len(text.lstrip('+-'))} digits, too many for a number "
                        "- check the value, or quote it if it is text"
                    )
                else:
                    message = (
                        f"'{text}' is ambiguous (YAML versions read a leading zero differently)"
                        f" - write {text.lstrip('+-0') or '0'} without the leading zero, or "
                        "quote it if it is text"
                    )
                code = "yaml-leading-zero" if _LEADING_ZERO.fullmatch(text) else "yaml-long-number"
                self.diagnostics.append(error(self.path, pos[0], pos[1], message, code))
                return text
        if tag is None or tag == "!" or event.implicit[1]:
            return text
        try:
            return _explicit(tag, text)
        except KeyError:
            if _INT.fullmatch(text) and len(text) > MAX_DIGITS:
                raise _Stop(
                    pos[0],
                    pos[1],
                    f"'{text[:12]}...' has {len(text.lstrip('+-'))} digits, too many for a "
                    "number - check the value",
                    "yaml-long-number",
                ) from None
            raise _Stop(
                pos[0],
                pos[1],
                f"unsupported YAML tag {_short(tag)} on '{text}' - remove the tag",
                "yaml-tag",
            ) from None

    def _key(self, value: Any, pos: Pos, parent: PosDict) -> tuple[Any, Pos]:
        if isinstance(value, PosDict | PosList):
            raise _Stop(
                pos[0],
                pos[1],
                "a key that is a list or mapping - keys must be plain names",
                "yaml-complex-key",
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
                    code="yaml-duplicate-key",
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
