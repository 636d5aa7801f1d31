"""Edit plan files in place, keeping every byte outside the edit.

:func:`edit_mapping_in_list` (and :func:`edit_mappings_in_list`, for several at once) edits one
entry of a list with ruamel.yaml's round-trip machinery, then splices only that entry's lines
into the original text, so every comment, key order, quoting and blank line outside the entry
stays byte for byte as it was; :func:`append_to_list` adds an entry at the end of a list,
indented like its neighbours. The edited text is read back through :mod:`g2g.io.yamlread` and
checked to mean what was asked. Scalars are written by :mod:`g2g.io.yamlemit`; the file is
replaced and locked by :mod:`g2g.io.atomic`."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from g2g.errors import WriteError
from g2g.io.yamlemit import double_quoted, is_plain_safe, printable
from g2g.io.yamlread import PosDict, PosList, read_yaml

# --- round-trip editing ------------------------------------------------------------------


@dataclass(frozen=True)
class Indent:
    """Block indentation of a file, in ruamel.yaml's terms."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2


@dataclass(frozen=True)
class _Endings:
    """Each line's own line ending in the original text, to give back after an edit (a file
    with mixed endings keeps them; new lines get the file's most common one)."""

    lines: tuple[str, ...]
    ends: tuple[str, ...]
    usual: str


def _split_text(raw: str) -> tuple[str, _Endings, bool]:
    """Text with LF line ends, each line's own ending to restore and whether a BOM was there."""
    bom = raw.startswith("\ufeff")
    text = raw[1:] if bom else raw
    pieces = text.split("\n")
    ends = tuple("\r\n" if p.endswith("\r") else "\n" for p in pieces[:-1])
    lines = tuple(p.removesuffix("\r") for p in pieces)
    usual = "\r\n" if ends.count("\r\n") > len(ends) / 2 else "\n"
    return "\n".join(lines), _Endings(lines, ends, usual), bom


def _join_text(text: str, endings: _Endings, bom: bool) -> str:
    """``text`` (LF line ends) with the original's endings: every line that was in the
    original keeps its own ending (the unchanged start and end, and the lines between edited
    entries, matched line for line); new and changed lines get the usual one."""
    new = text.split("\n")
    old = endings.lines
    start = 0
    while start < min(len(new), len(old)) - 1 and new[start] == old[start]:
        start += 1
    tail = 0
    while (
        tail < min(len(new), len(old)) - start - 1
        and new[len(new) - 1 - tail] == old[len(old) - 1 - tail]
    ):
        tail += 1
    ends = [endings.usual] * (len(new) - 1)
    for index in range(start):
        ends[index] = endings.ends[index]
    for index in range(len(new) - 1 - tail, len(new) - 1):
        ends[index] = endings.ends[len(old) - len(new) + index]
    middle_old = old[start : len(old) - 1 - tail]
    middle_new = new[start : len(new) - 1 - tail]
    if middle_old and middle_new and set(endings.ends) == {"\n", "\r\n"}:
        # Several entries edited: the lines between them are matched to the original's.
        from difflib import SequenceMatcher

        matcher = SequenceMatcher(None, middle_old, middle_new, autojunk=False)
        for block in matcher.get_matching_blocks():
            for offset in range(block.size):
                ends[start + block.b + offset] = endings.ends[start + block.a + offset]
    out = [line + end for line, end in zip(new[:-1], ends, strict=True)]
    out.append(new[-1])
    return ("\ufeff" if bom else "") + "".join(out)


def _free_columns(text: str) -> dict[int, int]:
    """For each line that no multi-line token runs through, the column where what YAML reads
    on it ends: after that there is only white space and a comment."""
    import yaml

    loader = yaml.CSafeLoader(text)
    covered: set[int] = set()
    last: dict[int, int] = {}
    try:
        while (token := loader.get_token()) is not None:
            begin, end = token.start_mark, token.end_mark
            covered.update(range(begin.line, end.line))
            last[end.line] = max(last.get(end.line, 0), end.column)
    finally:
        loader.dispose()
    return {line: last.get(line, 0) for line in range(text.count("\n") + 1) if line not in covered}


def _for_ruamel(text: str) -> str:
    """``text`` with tabs in the white space after a line's values (before a comment or the
    end of the line) turned into spaces: the reader and validate accept them (YAML allows
    them), ruamel.yaml's scanner does not. Tabs inside values and comments stay."""
    if "\t" not in text:
        return text
    import yaml

    try:
        free = _free_columns(text)
    except yaml.YAMLError:
        return text  # not YAML: ruamel.yaml says so
    lines = text.split("\n")
    for index, column in free.items():
        rest = lines[index][column:]
        if "\t" not in rest:
            continue
        comment = rest.find("#")
        blank, comment_text = (rest, "") if comment < 0 else (rest[:comment], rest[comment:])
        lines[index] = lines[index][:column] + blank.replace("\t", " ") + comment_text
    return "\n".join(lines)


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
    # Never write anchors and aliases (&id001 / *id001) for values that happen to be the same
    # object, such as one date shared by a batch of updates.
    yaml.representer.ignore_aliases = lambda *_args: True
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
        and all(printable(ch) for ch in text)
    )


class _Scalars:
    """Turns new values into what ruamel.yaml should write, so g2g's reader reads them back.

    Text that is safe plain stays plain (or keeps the quotes the old value had); multi-line text
    becomes a ``|`` block; anything else is written by :func:`double_quoted` through a unique
    placeholder, because ruamel.yaml leaves some line-break characters unescaped.
    """

    def __init__(self) -> None:
        self.placeholders: dict[str, str] = {}
        self.blanks: dict[str, str] = {}

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

    def blank(self, rest: str) -> str:
        """A placeholder for a value left blank (``key:``), which ruamel.yaml would write as
        ``null``: a blank the officer has not filled in yet stays a blank, with the rest of
        its line (spacing and hint comment) as it was."""
        token = f"g2g-blank-{secrets.token_hex(8)}"
        self.blanks[token] = rest
        return token

    def restore(self, text: str) -> str:
        """The dumped text with each placeholder (quoted or not) replaced by its scalar."""
        for token, rest in self.blanks.items():
            text = re.sub(f": {token}[^\n]*", _constant(":" + rest), text)
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


def _plain_unless_styled(old: Any, new: Any) -> Any:
    """``new`` as a plain scalar when it replaces a styled one (``>-``, ``|``, quotes) and has
    no style of its own: ruamel.yaml gives a plain ``str`` the style of the value it replaces,
    so text needing quotes would land inside the old ``>-`` block and read back wrong."""
    from ruamel.yaml.scalarstring import PlainScalarString, ScalarString

    if isinstance(old, ScalarString) and type(new) is str:
        return PlainScalarString(new)
    return new


def set_key(
    entry: Any, key: str, value: Any, order: tuple[str, ...], scalars: _Scalars | None = None
) -> None:
    """Set ``entry[key]``, inserting a new key where ``order`` puts it among the present ones."""
    scalars = scalars or _Scalars()
    if key in entry:
        old = entry[key]
        entry[key] = _plain_unless_styled(
            old, _keep_double_quotes(old, scalars.prepare(old, value))
        )
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


_BLANK_VALUE = re.compile(r"^[^:#]*:(\s*(?:#.*)?)$")


def _blank_rest(mapping: Any, key: Any, lines: list[str]) -> str | None:
    """The rest of the line after ``key:`` when its value is written as nothing at all in the
    original text (spaces and a comment at most); None otherwise."""
    try:
        line, column = mapping.lc.key(key)
    except (AttributeError, KeyError, TypeError):
        return None
    if not 0 <= line < len(lines):
        return None
    found = _BLANK_VALUE.match(lines[line][column:])
    return found.group(1).rstrip("\r") if found else None


def _keep_blanks(entry: Any, edit: Edit, lines: list[str], scalars: _Scalars) -> None:
    """Mark the blank values of ``entry`` that ``edit`` does not set, so they are written back
    blank: ruamel.yaml writes every empty value as ``null``, which would fill in, as "not
    available", the blanks ``g2g month`` leaves for the officer."""
    from ruamel.yaml.comments import CommentedMap

    for key in list(entry.keys()):
        value = entry[key]
        if isinstance(value, CommentedMap):
            touched = edit.nested.get(key, {})
            for name in list(value.keys()):
                if value[name] is None and name not in touched:
                    rest = _blank_rest(value, name, lines)
                    if rest is not None:
                        value[name] = scalars.blank(rest)
        elif value is None and key not in edit.keys:
            rest = _blank_rest(entry, key, lines)
            if rest is not None:
                entry[key] = scalars.blank(rest)


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
    return edit_mappings_in_list(raw, list_key, {index: edit}, order)


def edit_mappings_in_list(
    raw: str, list_key: str, edits: Mapping[int, Edit], order: tuple[str, ...]
) -> Edited:
    """:func:`edit_mapping_in_list` for several entries at once (one parse, one dump).

    Each edited entry's lines are spliced into ``raw``; everything outside them stays byte for
    byte. A batch of updates to one month's file (``g2g import``) costs one round trip instead
    of one per entry.
    """
    from ruamel.yaml.error import YAMLError

    text, newline, bom = _split_text(raw)
    yaml = _round_trip(detect_indent(text, list_key))
    try:
        document = yaml.load(_for_ruamel(text))
        entries = [document[list_key][index] for index in edits]
    except (YAMLError, KeyError, IndexError, TypeError) as exc:
        raise WriteError(f"cannot edit the file: {exc}") from None
    scalars = _Scalars()
    lines = text.split("\n")
    try:
        for entry, edit in zip(entries, edits.values(), strict=True):
            _keep_blanks(entry, edit, lines, scalars)
            for key, value in edit.keys.items():
                set_key(entry, key, value, order, scalars)
            for key, values in edit.nested.items():
                set_nested(entry, key, values, order, scalars)
        dumped = scalars.restore(_dump(yaml, document))
    except Exception as exc:  # ruamel.yaml has many error types; none may escape as a traceback
        raise WriteError(f"cannot edit the file: {exc}") from None
    _check_edits(dumped, list_key, edits)
    spliced = _splice_many(text, dumped, list_key, sorted(edits))
    if spliced is not None and _same_meaning(spliced, dumped):
        return Edited(_join_text(spliced, newline, bom), whole_file=False)
    return Edited(_join_text(dumped, newline, bom), whole_file=True)


def _entry_ranges(text: str, list_key: str) -> list[tuple[int, int] | None] | None:
    """:func:`entry_lines` of every entry, from one parse; None when the list is not found."""
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    seq = next((v for k, v in root.value if getattr(k, "value", None) == list_key), None)
    if not isinstance(seq, yaml.SequenceNode) or seq.flow_style:
        return None
    lines = text.split("\n")
    out: list[tuple[int, int] | None] = []
    for item in seq.value:
        first = item.start_mark.line
        if lines[first][: item.start_mark.column].strip() != "-":
            out.append(None)
            continue
        end = _last_end(item)
        last = end.line + 1 if end.column > 0 else end.line
        out.append((first, max(last, first + 1)))
    return out


def _splice_many(original: str, edited: str, list_key: str, indexes: list[int]) -> str | None:
    if len(indexes) == 1:
        return _splice(original, edited, list_key, indexes[0])
    old = _entry_ranges(original, list_key)
    new = _entry_ranges(edited, list_key)
    if old is None or new is None or len(old) != len(new):
        return None
    old_lines = original.split("\n")
    new_lines = edited.split("\n")
    for index in reversed(indexes):  # from the bottom, so earlier line numbers stay right
        before, after = old[index], new[index]
        if before is None or after is None:
            return None
        old_lines[before[0] : before[1]] = new_lines[after[0] : after[1]]
    return "\n".join(old_lines)


def _expected(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _check_edit(text: str, list_key: str, index: int, edit: Edit) -> None:
    """Raise WriteError unless g2g's reader finds every value set, as it was given."""
    _check_edits(text, list_key, {index: edit})


def _check_edits(text: str, list_key: str, edits: Mapping[int, Edit]) -> None:
    """Raise WriteError unless g2g's reader finds every value of every edit, as it was given."""
    data = read_yaml("<edited>", text.encode("utf-8")).data
    try:
        found = all(
            all(data[list_key][index][k] == _expected(v) for k, v in edit.keys.items())
            and all(
                data[list_key][index][k][name] == _expected(v)
                for k, values in edit.nested.items()
                for name, v in values.items()
            )
            for index, edit in edits.items()
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
        return _join_text(_append_by_ruamel(_for_ruamel(text), list_key, entry), newline, bom)
    last = entry_lines(text, list_key, len(items) - 1)
    if last is None:
        return _join_text(_append_by_ruamel(_for_ruamel(text), list_key, entry), newline, bom)
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
