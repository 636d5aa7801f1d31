"""Writing plan files (g2g.io.yamlemit, g2g.io.yamledit, g2g.io.atomic): scalars that read back
unchanged, splicing edits, atomic writes, locks."""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from g2g.errors import LockTimeout
from g2g.escape import TEXT_CONTROL_CODE
from g2g.io.atomic import atomic_write, file_lock, lock_path_for
from g2g.io.yamledit import Edit, append_to_list, detect_indent, edit_mapping_in_list, entry_lines
from g2g.io.yamlemit import folded, scalar, yaml_number
from g2g.io.yamlread import read_yaml

ORDER = ("action", "status", "rag", "narrative", "values", "updated_by", "updated_on")

# Text that can be stored in a UTF-8 file at all (no lone surrogates).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


def read(text: str) -> object:
    """The values of ``text``; the emitter must write any text, so a control character, which
    the reader refuses (its value kept) under g2g's text rule, is the one problem allowed."""
    document = read_yaml("t.yaml", text.encode("utf-8"))
    problems = [d for d in document.diagnostics if d.code != TEXT_CONTROL_CODE]
    assert problems == [], problems
    return document.data


@pytest.mark.parametrize("text", ["\x07", "a\x1b[2J", "\x85", "\x7f", "\r", "\x9b", "\x00"])
def test_text_with_a_control_character_is_written_and_refused_when_read(text: str) -> None:
    document = read_yaml("t.yaml", f"k: {scalar(text)}\n".encode())
    assert document.data == {"k": text}
    assert [d.code for d in document.diagnostics] == [TEXT_CONTROL_CODE]
    assert (document.diagnostics[0].line, document.diagnostics[0].column) == (1, 4)


@pytest.mark.parametrize("text", ["tab\there", "line\nbreak", "\u2028", "é"])
def test_tabs_line_breaks_and_other_text_are_not_control_characters(text: str) -> None:
    assert read_yaml("t.yaml", f"k: {scalar(text)}\n".encode()).diagnostics == []


@pytest.mark.parametrize(
    "text",
    [
        "yes",
        "no",
        "123",
        "1e5",
        "0755",
        "true",
        "null",
        "~",
        "",
        " lead",
        "TODO: x",
        "a #b",
        "- item",
        "'quoted'",
        '"dq"',
        "C#",
        "x:",
        "2019-08",
        "tab\there",
        "line\nbreak",
        "\u2028",
        "\x85",
        "\ufeff",
        "\x7f",
        "emoji 🙂",
        "%percent",
        "@at",
        "`tick`",
        "…",
    ],
)
def test_scalar_reads_back_as_the_same_string(text: str) -> None:
    assert read(f"k: {scalar(text)}\n") == {"k": text}


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_scalar_round_trips_any_text(text: str) -> None:
    assert read(f"k: {scalar(text)}\n") == {"k": text}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text("abcdefgh:#-'\"’é ", min_size=1, max_size=12), min_size=10, max_size=30))
def test_folded_blocks_read_back_unchanged(words: list[str]) -> None:
    text = " ".join(words)
    block = folded(text, indent=6, width=60)
    if block is None:
        return  # not foldable (e.g. double spaces): scalar() is used instead
    assert read("    k: " + "\n".join(block) + "\n") == {"k": text}
    assert all(len(line) <= 60 or " " not in line.strip() for line in block[1:])


def test_short_text_is_not_folded() -> None:
    assert folded("short", indent=2) is None


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(10**15), 10**15))
def test_numbers_read_back_as_the_same_number(value: float) -> None:
    data = read(f"v: {yaml_number(value)}\n")
    assert isinstance(data, dict)
    assert data["v"] == value
    assert math.copysign(1, data["v"]) == math.copysign(1, value)


FILE = """\
# header comment
month: 2019-08
updates:
  # first
  - action: A
    status: in_progress   # spaced comment
    rag: amber
    narrative: 'single quoted: kept'

  - action: B
    status: "in_progress"
    values: {T1: 1, T2: 2}
    # trailing comment of B

# footer
"""


def test_edit_touches_only_the_entry_lines() -> None:
    edited = edit_mapping_in_list(
        FILE, "updates", 0, Edit({"rag": "green"}, {"values": {"T": 4.5}}), ORDER
    )
    assert not edited.whole_file
    old, new = FILE.split("\n"), edited.text.split("\n")
    start, end = entry_lines(FILE, "updates", 0) or (0, 0)
    assert new[:start] == old[:start]
    assert new[-(len(old) - end) :] == old[end:]
    data = read(edited.text)
    assert isinstance(data, dict)
    entry = data["updates"][0]
    assert entry["rag"] == "green"
    assert entry["values"] == {"T": 4.5}
    assert entry["narrative"] == "single quoted: kept"
    assert "status: in_progress   # spaced comment" in edited.text


def test_edit_of_the_last_entry_keeps_its_trailing_comments_in_place() -> None:
    edited = edit_mapping_in_list(
        FILE, "updates", 1, Edit({"rag": "red", "updated_by": "Jo"}, {"values": {"T1": 9}}), ORDER
    )
    assert not edited.whole_file
    assert edited.text.startswith(FILE.split("  - action: B")[0])
    assert edited.text.endswith("    # trailing comment of B\n\n# footer\n")
    assert 'status: "in_progress"' in edited.text
    assert "values: {T1: 9, T2: 2}" in edited.text
    block = edited.text.split("  - action: B\n")[1]
    assert block.index("rag: red") < block.index("values:") < block.index("updated_by: Jo")


def test_a_replaced_string_keeps_its_quote_style() -> None:
    edited = edit_mapping_in_list(FILE, "updates", 1, Edit({"status": "complete"}, {}), ORDER)
    assert 'status: "complete"' in edited.text


def test_a_multi_line_note_becomes_a_literal_block_before_a_comment() -> None:
    text = FILE.replace("    rag: amber\n", "    rag: amber\n    # about the narrative\n")
    edited = edit_mapping_in_list(
        text, "updates", 0, Edit({"narrative": "one\ntwo: three"}, {}), ORDER
    )
    data = read(edited.text)
    assert isinstance(data, dict)
    assert data["updates"][0]["narrative"] == "one\ntwo: three"
    assert "# about the narrative" in edited.text


def test_append_goes_after_the_last_entry_and_before_trailing_comments() -> None:
    entry = ["# C entry", "- action: C", "  status: not_started", "  values:", "    T: 1"]
    text = append_to_list(FILE, "updates", entry)
    assert text.startswith(FILE.split("    # trailing comment of B")[0])
    assert text.endswith("    # trailing comment of B\n\n# footer\n")
    data = read(text)
    assert isinstance(data, dict)
    assert data["updates"][2] == {"action": "C", "status": "not_started", "values": {"T": 1}}
    assert "\n  # C entry\n  - action: C\n    status: not_started\n" in text


@pytest.mark.parametrize("updates", ["updates: []", "updates:", ""])
def test_append_to_an_empty_or_missing_list(updates: str) -> None:
    text = append_to_list(f"# top\nmonth: 2019-08\n{updates}\n", "updates", ["- action: A"])
    data = read(text)
    assert isinstance(data, dict)
    assert data["updates"] == [{"action": "A"}]
    assert text.startswith("# top\n")


def test_crlf_line_ends_and_bom_are_kept() -> None:
    raw = "\ufeff" + FILE.replace("\n", "\r\n")
    edited = edit_mapping_in_list(raw, "updates", 0, Edit({"rag": "red"}, {}), ORDER)
    assert edited.text.startswith("\ufeff# header comment\r\n")
    assert "\n" not in edited.text.replace("\r\n", "")
    assert "rag: red" in edited.text


def test_indentation_is_detected_from_the_entries() -> None:
    flush = "updates:\n- action: A\n  values:\n      T: 1\n"
    indent = detect_indent(flush, "updates")
    assert (indent.sequence, indent.offset, indent.mapping) == (2, 0, 4)
    edited = edit_mapping_in_list(flush, "updates", 0, Edit({"rag": "red"}, {}), ORDER)
    assert not edited.whole_file
    assert edited.text == "updates:\n- action: A\n  rag: red\n  values:\n      T: 1\n"


def test_atomic_write_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "f.yaml"
    target.write_text("old\n")
    target.chmod(0o640)
    atomic_write(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["f.yaml"]


def test_atomic_write_without_overwrite_refuses_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "f.yaml"
    target.write_text("old\n")
    with pytest.raises(FileExistsError):
        atomic_write(target, b"new\n", overwrite=False)
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.yaml"]


def test_atomic_write_failure_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "f.yaml"
    target.write_text("old\n")

    def boom(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write(target, b"new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.yaml"]


def test_lock_times_out_with_a_clear_message(tmp_path: Path) -> None:
    target = tmp_path / "2019-08.yaml"
    assert lock_path_for(target).name == ".2019-08.lock"
    with (
        file_lock(target, timeout=1),
        pytest.raises(LockTimeout) as caught,
        file_lock(target, timeout=0.1),
    ):
        pass
    assert "another g2g command is still writing" in str(caught.value)
    with file_lock(target, timeout=0.1):
        pass  # released: can be taken again


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from([0, 1]))
def test_any_narrative_is_stored_exactly_and_only_its_entry_changes(text: str, index: int) -> None:
    edited = edit_mapping_in_list(FILE, "updates", index, Edit({"narrative": text}, {}), ORDER)
    data = read(edited.text)
    assert isinstance(data, dict)
    assert data["updates"][index]["narrative"] == text
    assert data["updates"][1 - index] == read(FILE)["updates"][1 - index]  # type: ignore[index]
    if not edited.whole_file:
        start, end = entry_lines(FILE, "updates", index) or (0, 0)
        old, new = FILE.split("\n"), edited.text.split("\n")
        assert new[:start] == old[:start]
        assert new[len(new) - (len(old) - end) :] == old[end:]


def test_several_entries_edited_in_one_round_trip_keep_every_other_byte() -> None:
    from g2g.io.yamledit import edit_mappings_in_list

    raw = (Path(__file__).parent.parent / "fixtures/cycle/basic/progress/2019-08.yaml").read_text(
        encoding="utf-8"
    )
    edits = {
        0: Edit({"rag": "green", "narrative": "Done: all teams briefed"}, {}),
        2: Edit({"rag": "amber"}, {"values": {"QA-1-audits-good": 31}}),
    }
    edited = edit_mappings_in_list(raw, "updates", edits, ORDER)
    assert not edited.whole_file
    data = read(edited.text)
    assert data["updates"][0]["rag"] == "green"  # type: ignore[index]
    assert data["updates"][0]["narrative"] == "Done: all teams briefed"  # type: ignore[index]
    assert data["updates"][2]["values"]["QA-1-audits-good"] == 31  # type: ignore[index]
    assert data["updates"][1] == read(raw)["updates"][1]  # type: ignore[index]
    old, new = raw.split("\n"), edited.text.split("\n")
    first = entry_lines(raw, "updates", 1)
    assert first is not None
    moved = entry_lines(edited.text, "updates", 1)
    assert moved is not None
    # the untouched entry, the comments and blank lines around it, byte for byte
    assert new[moved[0] - 2 : moved[1] + 2] == old[first[0] - 2 : first[1] + 2]
    assert new[:4] == old[:4]


# --- issue 25, F20: every byte outside the edited entries; the reader's tabs ----------------

MIXED = (
    "month: 2019-08\r\nupdates:\n  - action: A\r\n    status: in_progress\n  # between\r\n"
    "  - action: B\n    status: in_progress\r\n  - action: C\r\n    status: in_progress\n"
    "# end\r\n"
)


def test_a_batch_edit_keeps_every_line_end_outside_its_entries() -> None:
    from g2g.io.yamledit import edit_mappings_in_list

    edits = {0: Edit({"narrative": "x"}, {}), 2: Edit({"narrative": "y"}, {})}
    edited = edit_mappings_in_list(MIXED, "updates", edits, ORDER)
    assert not edited.whole_file
    lines = edited.text.splitlines(keepends=True)
    old = MIXED.splitlines(keepends=True)
    assert lines[:2] == old[:2]
    between = lines.index("  # between\r\n")
    assert lines[between : between + 3] == old[4:7]  # B's entry and the comment, as they were
    assert lines[-1] == "# end\r\n"
    assert read(edited.text) == {
        "month": "2019-08",
        "updates": [
            {"action": "A", "status": "in_progress", "narrative": "x"},
            {"action": "B", "status": "in_progress"},
            {"action": "C", "status": "in_progress", "narrative": "y"},
        ],
    }


TABBED = "month: 2019-08\nupdates:\t# c\n  - action: PI-1\n    status: in_progress\n"


@pytest.mark.parametrize(
    "text",
    [
        TABBED,
        TABBED.replace("month: 2019-08", 'month: "2019-08"\t# quoted, then a tab'),
        TABBED.replace("updates:\t# c", "updates: \t #\tc"),
        TABBED.replace("in_progress", "in_progress\t"),
        TABBED + "  - action: PI-2\n    narrative: 'a # b'\t# c\n    status: done\t\n",
        TABBED + "  - action: PI-2\n    narrative: |\n      tab\tinside\n    status: done\n",
    ],
)
def test_what_the_reader_accepts_the_editor_edits_keeping_other_lines(text: str) -> None:
    assert read(text) is not None  # validate accepts it
    edited = edit_mapping_in_list(text, "updates", 0, Edit({"narrative": "new"}, {}), ORDER)
    assert not edited.whole_file
    data = read(edited.text)
    assert isinstance(data, dict) and data["updates"][0]["narrative"] == "new"
    start, end = entry_lines(text, "updates", 0) or (0, 0)
    old, new = text.split("\n"), edited.text.split("\n")
    assert new[:start] == old[:start]
    assert new[len(new) - (len(old) - end) :] == old[end:]
    appended = append_to_list(text, "updates", ["- action: PI-9", "  status: in_progress"])
    assert appended.startswith(text.rstrip("\n"))
