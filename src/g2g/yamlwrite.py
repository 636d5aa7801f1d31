"""Write plan files safely.

Four tools every writing command shares:

* :func:`scalar` and :func:`folded` turn text into YAML that :mod:`g2g.yamlread` reads back as
  the very same string (so ``no``, ``1e5`` or ``TODO: x`` stay text);
* :func:`edit_mapping_in_list` edits one entry of a list with ruamel.yaml's round-trip
  machinery, then splices only that entry's lines into the original text, so every comment,
  key order, quoting and blank line outside the entry stays byte for byte as it was;
* :func:`atomic_write` replaces a file through a temporary file in the same folder (written,
  flushed and fsynced, then renamed), so a crash leaves the old file or the new one;
* :func:`file_lock` serialises writers of one file with an exclusive lock on a lock file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import stat
import sys
import textwrap
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from g2g.yamlread import PosDict, PosList, read_yaml, resolve_plain

_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# Characters YAML readers treat as line breaks or byte-order marks: always escaped.
_SPECIAL = frozenset("\x85\u2028\u2029\ufeff")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


class WriteError(Exception):
    """A file could not be written or edited safely; the old file is unchanged."""


class LockTimeout(WriteError):
    """Another process kept the file locked for longer than we were willing to wait."""


# --- scalars -----------------------------------------------------------------------------


def _printable(ch: str) -> bool:
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
    if text.endswith(":") or not all(_printable(ch) for ch in text):
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
        elif _printable(ch):
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


def format_number(value: float) -> str:
    """A number as YAML text that g2g.yamlread reads back as the same number."""
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
    if any(ch in text for ch in "\n\r\t") or not all(_printable(ch) for ch in text):
        return None
    lines = textwrap.wrap(
        text, width=max(width - indent, 40), break_long_words=False, break_on_hyphens=False
    )
    if " ".join(lines) != text:
        return None
    return [">-", *(" " * indent + line for line in lines)]


# --- locking and atomic writes -----------------------------------------------------------


def lock_path_for(path: Path) -> Path:
    """The lock file that guards ``path``: ``.NAME.lock`` beside it (``.2019-08.lock``)."""
    return path.parent / f".{path.stem}.lock"


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def file_lock(path: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold an exclusive lock on ``path``'s lock file; raise LockTimeout after ``timeout`` s.

    The lock file is left in place: deleting it would let a third process lock a new file
    while a second still waits on the old one.
    """
    lock = lock_path_for(path)
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise WriteError(f"{lock}: cannot create the lock file: {exc.strerror}") from None
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise LockTimeout(
                    f"{path}: another g2g command is still writing this file (waited "
                    f"{timeout:g} seconds) - nothing was changed; run the command again in a "
                    f"moment. If no g2g command is running, the lock {lock.name} is stale: "
                    "wait for the other process to end or restart the machine"
                )
            time.sleep(0.02)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _fsync_folder(folder: Path) -> None:
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    The bytes go to a hidden temporary file in the same folder, which is flushed, fsynced and
    renamed over ``path``. With ``overwrite`` False, FileExistsError is raised if ``path``
    exists. The file keeps its permissions; a new file gets the usual ones (umask).
    """
    folder = path.parent
    temp = folder / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 if mode is None else mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        if overwrite:
            os.replace(temp, path)
        else:
            _link_new(temp, path)
        _fsync_folder(folder)
    finally:
        if temp.exists():
            temp.unlink()


def _link_new(temp: Path, path: Path) -> None:
    """Give ``temp`` the name ``path`` unless ``path`` exists (atomic where links work)."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError:
        # Some file systems have no hard links; callers hold the file lock, so a check
        # followed by a rename is safe enough there.
        if path.exists():
            raise FileExistsError(str(path)) from None
        os.replace(temp, path)


# --- round-trip editing ------------------------------------------------------------------


@dataclass(frozen=True)
class Indent:
    """Block indentation of a file, in ruamel.yaml's terms."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2


def _split_text(raw: str) -> tuple[str, str, bool]:
    """Text with LF line ends, the line end to restore and whether a BOM was present."""
    bom = raw.startswith("\ufeff")
    text = raw[1:] if bom else raw
    newline = "\r\n" if "\r\n" in text else "\n"
    return text.replace("\r\n", "\n"), newline, bom


def _join_text(text: str, newline: str, bom: bool) -> str:
    return ("\ufeff" if bom else "") + text.replace("\n", newline)


def detect_indent(text: str, list_key: str) -> Indent:
    """The indentation the entries of ``list_key`` use (house style when there are none)."""
    document = read_yaml("<text>", text.encode("utf-8"))
    root = document.data
    if not isinstance(root, PosDict) or not isinstance(root.get(list_key), PosList):
        return Indent()
    items: PosList = root[list_key]
    if not items:
        return Indent()
    parent_col = root.key_pos[list_key][1] - 1
    line, col = items.item_pos[0]
    before = text.split("\n")[line - 1][: col - 1].rstrip()
    if not before.endswith("-"):
        return Indent()
    dash = len(before) - 1
    mapping = 2
    for item in items:
        nested = item.get("values") if isinstance(item, PosDict) else None
        if isinstance(nested, PosDict) and nested and nested.pos[0] > item.key_pos["values"][0]:
            mapping = nested.pos[1] - item.key_pos["values"][1]
            break
    sequence, offset = col - 1 - parent_col, dash - parent_col
    if sequence < offset + 2 or mapping < 1:
        return Indent()
    return Indent(mapping=mapping, sequence=sequence, offset=offset)


def _round_trip(indent: Indent) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap text the officer wrote
    yaml.indent(mapping=indent.mapping, sequence=indent.sequence, offset=indent.offset)
    return yaml


def _dump(yaml: Any, data: Any) -> str:
    import io

    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _last_end(node: Any) -> Any:
    """The end mark of the last scalar (or flow collection) inside a composed node."""
    import yaml

    while True:
        if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
            node = node.value[-1][1]
        elif isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
            node = node.value[-1]
        else:
            return node.end_mark


def entry_lines(text: str, list_key: str, index: int) -> tuple[int, int] | None:
    """The 0-based line range [first, last) of entry ``index`` of the top-level list.

    From its ``- `` line to its last value line (its end-of-line comment included; comments
    and blank lines after it are not part of it). None when the entry is not a block entry
    starting on its own ``- `` line.
    """
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    seq = next((v for k, v in root.value if getattr(k, "value", None) == list_key), None)
    if not isinstance(seq, yaml.SequenceNode) or seq.flow_style or index >= len(seq.value):
        return None
    item = seq.value[index]
    first = item.start_mark.line
    if text.split("\n")[first][: item.start_mark.column].strip() != "-":
        return None
    end = _last_end(item)
    last = end.line + 1 if end.column > 0 else end.line
    return (first, max(last, first + 1))


def _splice(original: str, edited: str, list_key: str, index: int) -> str | None:
    old = entry_lines(original, list_key, index)
    new = entry_lines(edited, list_key, index)
    if old is None or new is None:
        return None
    old_lines = original.split("\n")
    new_lines = edited.split("\n")
    return "\n".join([*old_lines[: old[0]], *new_lines[new[0] : new[1]], *old_lines[old[1] :]])


def _same_meaning(first: str, second: str) -> bool:
    one = read_yaml("<a>", first.encode("utf-8"))
    two = read_yaml("<b>", second.encode("utf-8"))
    return one.data == two.data and len(one.diagnostics) == len(two.diagnostics)


def _literal_safe(text: str) -> bool:
    """Whether a multi-line text reads back unchanged from a ``|`` block."""
    return (
        text == text.strip()
        and all(line == line.rstrip() for line in text.split("\n"))
        and "\r" not in text
        and all(_printable(ch) for ch in text)
    )


class _Scalars:
    """Turns new values into what ruamel.yaml should write, so g2g's reader reads them back.

    Text that is safe plain stays plain (or keeps the quotes the old value had); multi-line text
    becomes a ``|`` block; anything else is written by :func:`double_quoted` through a unique
    placeholder, because ruamel.yaml leaves some line-break characters unescaped.
    """

    def __init__(self) -> None:
        self.placeholders: dict[str, str] = {}

    def prepare(self, old: Any, value: Any) -> Any:
        from ruamel.yaml.comments import CommentedMap
        from ruamel.yaml.scalarstring import LiteralScalarString, SingleQuotedScalarString

        if isinstance(value, Mapping):
            out = CommentedMap()
            for key, item in value.items():
                out[key] = self.prepare(None, item)
            return out
        if not isinstance(value, str):
            return value
        if "\n" in value and _literal_safe(value):
            return LiteralScalarString(value)
        if is_plain_safe(value):
            return SingleQuotedScalarString(value) if _quoted(old, "'") else value
        token = f"g2g-scalar-{secrets.token_hex(8)}"
        self.placeholders[token] = double_quoted(value)
        return token

    def restore(self, text: str) -> str:
        """The dumped text with each placeholder (quoted or not) replaced by its scalar."""
        for token, written in self.placeholders.items():
            # ruamel.yaml may keep the quotes of the value it replaced around the placeholder.
            # A function replacement, so backslashes in the scalar are not read as group refs.
            text = re.sub(f"(['\"]?){token}\\1", _constant(written), text)
        return text


def _constant(text: str) -> Callable[[re.Match[str]], str]:
    return lambda _match: text


def _quoted(old: Any, mark: str) -> bool:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    style = SingleQuotedScalarString if mark == "'" else DoubleQuotedScalarString
    return isinstance(old, style)


def _move_trailing_comment(entry: Any, old_last: Any, new_last: Any) -> None:
    """Keep comment lines that followed the old last key after the new last key."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    slots = entry.ca.items.get(old_last)
    token = slots[2] if slots and len(slots) > 2 else None
    if token is None:
        return
    eol, _, rest = token.value.partition("\n")
    if not rest:
        return
    token.value = eol + "\n"
    entry.ca.items[new_last] = [None, None, CommentToken("\n" + rest, CommentMark(0)), None]


def _comment_after_block(entry: Any, key: str, old: Any) -> None:
    """A block scalar ends its own line: drop the line break a comment below it started with."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    blocks = (FoldedScalarString, LiteralScalarString)
    if not isinstance(entry[key], blocks) or isinstance(old, blocks):
        return
    slots = entry.ca.items.get(key)
    token = slots[2] if slots and len(slots) > 2 else None
    if token is not None and token.value.startswith("\n"):
        token.value = token.value[1:].lstrip(" ")


def _keep_double_quotes(old: Any, new: Any) -> Any:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if _quoted(old, '"') and type(new) is str and not new.startswith("g2g-scalar-"):
        return DoubleQuotedScalarString(new)
    return new


def set_key(
    entry: Any, key: str, value: Any, order: tuple[str, ...], scalars: _Scalars | None = None
) -> None:
    """Set ``entry[key]``, inserting a new key where ``order`` puts it among the present ones."""
    scalars = scalars or _Scalars()
    if key in entry:
        old = entry[key]
        entry[key] = _keep_double_quotes(old, scalars.prepare(old, value))
        _comment_after_block(entry, key, old)
        return
    value = scalars.prepare(None, value)
    rank = {name: i for i, name in enumerate(order)}
    keys = list(entry.keys())
    position = len(keys)
    for i, existing in enumerate(keys):
        if rank.get(existing, len(order)) > rank.get(key, len(order)):
            position = i
            break
    old_last = keys[-1] if keys else None
    entry.insert(position, key, value)
    if position == len(keys) and old_last is not None:
        _move_trailing_comment(entry, old_last, key)


def set_nested(
    entry: Any,
    key: str,
    values: Mapping[str, Any],
    order: tuple[str, ...],
    scalars: _Scalars | None = None,
) -> None:
    """Set keys of the mapping ``entry[key]``, creating it (in ``order``) when absent."""
    from ruamel.yaml.comments import CommentedMap

    scalars = scalars or _Scalars()
    current = entry.get(key)
    if not isinstance(current, CommentedMap):
        set_key(entry, key, CommentedMap(), order, scalars)
        current = entry[key]
    for name, value in values.items():
        old = current.get(name)
        current[name] = _keep_double_quotes(old, scalars.prepare(old, value))


@dataclass
class Edit:
    """Changes to one entry: top-level keys to set, and keys to set inside nested mappings."""

    keys: dict[str, Any]
    nested: dict[str, dict[str, Any]]


@dataclass
class Edited:
    """The edited text, and whether the whole file had to be rewritten (rather than spliced)."""

    text: str
    whole_file: bool


def edit_mapping_in_list(
    raw: str, list_key: str, index: int, edit: Edit, order: tuple[str, ...]
) -> Edited:
    """The text of ``raw`` with entry ``index`` of the top-level ``list_key`` list edited.

    Outside that entry's lines the result is byte-identical to ``raw`` whenever the edit can be
    spliced; otherwise it is the whole file as ruamel.yaml writes it back. Either way the
    result means, to g2g's reader, what ruamel.yaml's edited document means.
    """
    from ruamel.yaml.error import YAMLError

    text, newline, bom = _split_text(raw)
    yaml = _round_trip(detect_indent(text, list_key))
    try:
        document = yaml.load(text)
        entry = document[list_key][index]
    except (YAMLError, KeyError, IndexError, TypeError) as exc:
        raise WriteError(f"cannot edit the file: {exc}") from None
    scalars = _Scalars()
    try:
        for key, value in edit.keys.items():
            set_key(entry, key, value, order, scalars)
        for key, values in edit.nested.items():
            set_nested(entry, key, values, order, scalars)
        dumped = scalars.restore(_dump(yaml, document))
    except Exception as exc:  # ruamel.yaml has many error types; none may escape as a traceback
        raise WriteError(f"cannot edit the file: {exc}") from None
    _check_edit(dumped, list_key, index, edit)
    spliced = _splice(text, dumped, list_key, index)
    if spliced is not None and _same_meaning(spliced, dumped):
        return Edited(_join_text(spliced, newline, bom), whole_file=False)
    return Edited(_join_text(dumped, newline, bom), whole_file=True)


def _expected(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _check_edit(text: str, list_key: str, index: int, edit: Edit) -> None:
    """Raise WriteError unless g2g's reader finds every value set, as it was given."""
    data = read_yaml("<edited>", text.encode("utf-8")).data
    try:
        entry = data[list_key][index]
        found = all(entry[k] == _expected(v) for k, v in edit.keys.items()) and all(
            entry[k][name] == _expected(v)
            for k, values in edit.nested.items()
            for name, v in values.items()
        )
    except (KeyError, IndexError, TypeError):
        found = False
    if not found:
        raise WriteError(
            "the edited file would not read back as the values given - nothing was written; "
            "please report this"
        )


def reindent(entry: list[str], dash: int, key_col: int) -> list[str]:
    """Entry lines written at column 0 (``- key:``, ``  key:``, ``# comment``) moved to the
    list's own columns."""
    pad_dash, pad_key = " " * dash, " " * key_col
    out: list[str] = []
    for line in entry:
        if not line:
            out.append("")
        elif line.startswith("- "):
            out.append(pad_dash + "-" + " " * (key_col - dash - 1) + line[2:])
        elif line.startswith("#"):
            out.append(pad_dash + line)
        else:
            out.append(pad_key + line[2:])
    return out


def append_to_list(raw: str, list_key: str, entry: list[str]) -> str:
    """``raw`` with an entry appended to the top-level ``list_key`` list.

    ``entry`` is the entry's lines as if the list's dashes were at column 0 (``- key: v``,
    ``  key: v``, ``# comment``). They are indented like the list's other entries and inserted
    after the last one's last value, so the rest of the file is untouched. A missing, empty or
    flow-style list is rewritten by ruamel.yaml instead.
    """
    text, newline, bom = _split_text(raw)
    root = read_yaml("<text>", text.encode("utf-8")).data
    items = root.get(list_key) if isinstance(root, PosDict) else None
    if not isinstance(items, PosList) or not items:
        return _join_text(_append_by_ruamel(text, list_key, entry), newline, bom)
    last = entry_lines(text, list_key, len(items) - 1)
    if last is None:
        return _join_text(_append_by_ruamel(text, list_key, entry), newline, bom)
    lines = text.split("\n")
    dash = len(lines[last[0]]) - len(lines[last[0]].lstrip())
    block = reindent(entry, dash, items.item_pos[-1][1] - 1)
    previous = entry_lines(text, list_key, len(items) - 2) if len(items) > 1 else None
    gap = lines[previous[1] : last[0]] if previous else [""]
    if any(not line.strip() for line in gap):
        block.insert(0, "")
    result = "\n".join([*lines[: last[1]], *block, *lines[last[1] :]])
    return _join_text(result, newline, bom)


def _append_by_ruamel(text: str, list_key: str, entry: list[str]) -> str:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.error import YAMLError

    yaml = _round_trip(Indent())
    try:
        document = yaml.load(text)
        parsed = yaml.load("\n".join(line for line in entry if not line.startswith("#")))
    except YAMLError as exc:
        raise WriteError(f"cannot edit the file: {exc}") from None
    if not isinstance(document, CommentedMap):
        raise WriteError("cannot edit the file: it does not hold a mapping")
    current = document.get(list_key)
    if not isinstance(current, CommentedSeq):
        current = CommentedSeq()
        document[list_key] = current
    current.fa.set_block_style()
    current.append(parsed[0])
    try:
        return _dump(yaml, document)
    except Exception as exc:  # as in edit_mapping_in_list
        raise WriteError(f"cannot edit the file: {exc}") from None
