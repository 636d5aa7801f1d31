"""The position-aware YAML reader: scalar meaning, positions, hostile input."""

from __future__ import annotations

import pickle

import pytest

from g2g.io.yamlread import PosDict, PosList, locate, read_yaml


def read(text: str) -> object:
    document = read_yaml("f.yaml", text.encode())
    assert document.diagnostics == []
    return document.data


@pytest.mark.parametrize(
    ("written", "meaning"),
    [
        ("no", "no"),  # YAML 1.1 would say false
        ("yes", "yes"),
        ("on", "on"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("42", 42),
        ("-3", -3),
        ("0", 0),
        ("4.5", 4.5),
        ("1e3", 1000.0),
        ("2019-08", "2019-08"),
        ("2019-08-30", "2019-08-30"),  # dates stay text; the models parse them
        ("1:20", "1:20"),  # YAML 1.1 would say 80
        ("0x1F", "0x1F"),
        (".inf", ".inf"),
        ("'42'", "42"),
        ('"true"', "true"),
        ("!!str 42", "42"),
        ("!!int '7'", 7),
    ],
)
def test_scalar_meaning(written: str, meaning: object) -> None:
    data = read(f"key: {written}\n")
    assert isinstance(data, dict)
    assert data["key"] == meaning
    assert type(data["key"]) is type(meaning)


def test_leading_zero_numbers_are_rejected_not_guessed() -> None:
    document = read_yaml("f.yaml", b"a: 0755\nb: '0755'\n")
    assert [d.format_text() for d in document.diagnostics] == [
        "f.yaml:1:4: error: '0755' is ambiguous (YAML versions read a leading zero differently)"
        " - write 755 without the leading zero, or quote it if it is text"
    ]
    assert document.data == {"a": "0755", "b": "0755"}


def test_positions_of_keys_values_and_items() -> None:
    data = read("top:\n  items:\n    - first\n    - {name: second, n: 2}\n")
    assert isinstance(data, PosDict)
    assert data.key_pos["top"] == (1, 1)
    items = data["top"]["items"]
    assert isinstance(items, PosList)
    assert items.item_pos == [(3, 7), (4, 7)]
    assert locate(data, ("top", "items", 1, "n")) == (4, 25)
    assert locate(data, ("top", "items", 1, "n"), key=True) == (4, 22)
    # a location past what was written falls back to the nearest value
    assert locate(data, ("top", "items", 1, "missing")) == (4, 7)


def test_positions_survive_pickling() -> None:
    data = read("a:\n  - b: 1\n")
    copy = pickle.loads(pickle.dumps(data))
    assert copy == data
    assert copy.value_pos == data.value_pos  # type: ignore[attr-defined]
    assert copy["a"].item_pos == data["a"].item_pos  # type: ignore[index]


def test_anchors_and_aliases_share_values() -> None:
    data = read("lead: &dcs Director of Children's Social Care\nother: *dcs\n")
    assert data == {"lead": "Director of Children's Social Care", "other": data["lead"]}  # type: ignore[index]


def test_byte_order_mark_is_accepted() -> None:
    assert read_yaml("f.yaml", b"\xef\xbb\xbfa: 1\n").data == {"a": 1}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"a: 1\na: 2\n", "duplicate key 'a' (first written at line 1)"),
        (b"a:\n\tb: 1\n", "a tab character is used for indentation"),
        (b"a: \xff\n", "not UTF-8"),
        (b"a: 1\n---\nb: 2\n", "a second YAML document"),
        (b"a: [1, 2\n", "if it is meant as a list, close it with ]"),
        (b"? [a]\n: 1\n", "keys must be plain names"),
        (b"a: *nowhere\n", "refers to no finished anchor"),
        (b"a: !custom x\n", "unsupported YAML tag !custom"),
        (b"a: !!binary aGk=\n", "unsupported YAML tag !!binary"),
        (b"[" * 200 + b"]" * 200, "nesting is deeper than 64 levels"),
    ],
)
def test_hostile_input_becomes_a_diagnostic(raw: bytes, message: str) -> None:
    document = read_yaml("f.yaml", raw)
    assert len(document.diagnostics) == 1
    assert message in document.diagnostics[0].message


def test_alias_bomb_is_stopped() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    document = read_yaml("f.yaml", "\n".join(lines).encode())
    assert document.data is None
    assert "alias bomb" in document.diagnostics[0].message


def test_huge_file_is_refused_without_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("g2g.io.yamlread.MAX_FILE_BYTES", 10)
    document = read_yaml("f.yaml", b"a: 12345678901234567890\n")
    assert "split it" in document.diagnostics[0].message


def test_empty_and_comment_only_files_are_empty() -> None:
    for raw in (b"", b"# only a comment\n", b"\n\n"):
        document = read_yaml("f.yaml", raw)
        assert document.empty
        assert document.data is None
        assert document.diagnostics == []


# --- every syntax error in one run (issue 17) ---------------------------------------------

BROKEN = """plan:
  id: x
  title: [placeholder] The plan
areas:
  - id: A
    title: {draft} area
    objectives:
\t- id: O
      note: *TODO fill
      other: @home
      q: `x`
      ok: [a, b]
      ok2: &a anchored
      ok3: *a
      bad: "unclosed
      also: fine
"""


def test_every_syntax_error_of_a_file_is_found_with_its_cause() -> None:
    found = [
        (d.line, d.column, d.message) for d in read_yaml("f.yaml", BROKEN.encode()).diagnostics
    ]
    assert [(line, column) for line, column, _ in found] == [
        (3, 10),
        (6, 12),
        (8, 1),
        (9, 13),
        (10, 14),
        (11, 10),
        (15, 12),
    ]
    messages = [message for _, _, message in found]
    assert messages[0] == (
        "text starting with [ must be quoted (YAML reads [ as the start of a list) - write "
        "'[placeholder] The plan' in quotes"
    )
    assert "text starting with { must be quoted" in messages[1]
    assert "tab character is used for indentation" in messages[2]
    assert "write '*TODO fill' in quotes" in messages[3]
    assert "write '@home' in quotes" in messages[4]
    assert "write '`x`' in quotes" in messages[5]
    assert "never closed" in messages[6]


def test_twenty_eight_bracketed_placeholders_in_one_run() -> None:
    text = "\n".join(f"- title: [p{i}] it's text {i}" for i in range(28)) + "\n"
    found = read_yaml("g.yaml", text.encode()).diagnostics
    assert [d.line for d in found] == list(range(1, 29))
    assert found[5].message.endswith("""write "[p5] it's text 5" in quotes""")


def test_errors_after_recovery_are_found_too() -> None:
    text = "a: 1\nb: Foo: bar\nc: [x\nd: 2\ne: x: y\nf: *gone\n"
    found = read_yaml("h.yaml", text.encode()).diagnostics
    assert [d.line for d in found] == [2, 3, 5, 6]
    assert "close it with ]" in found[1].message


def test_good_flow_collections_aliases_and_anchors_are_not_suspected() -> None:
    text = "a: [1, 2]\nb: {c: 1}\nd: &x 5\ne: *x\nf: [\n  1]\n"
    assert read_yaml("ok.yaml", text.encode()).diagnostics == []
    broken = text + "g: h: i\n"
    assert [d.line for d in read_yaml("ok.yaml", broken.encode()).diagnostics] == [7]


def test_problems_before_a_syntax_error_are_reported_once() -> None:
    text = "a: 1\na: 2\nb: 007\nc: [x] y\n"
    found = read_yaml("d.yaml", text.encode()).diagnostics
    assert [d.line for d in found] == [2, 3, 4]
