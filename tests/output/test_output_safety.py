"""Plan text is untrusted in every output: CSV never carries a live formula, Markdown escapes
it with the one escaper, the terminal shows it literally (no markup, no control characters,
no forged lines)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from g2g.diagnostics import error
from g2g.escape import csv_cell, csv_text, terminal_text
from tests.helpers import FIXTURES, run_in

HOSTILE_TITLE = '=HYPERLINK("http://x","y")'
HOSTILE_LEAD = "[placeholder] Head of Service"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The basic plan with formula, markup, escape sequences and line breaks in its text."""
    target = tmp_path / "hostile"
    shutil.copytree(FIXTURES / "rag" / "basic", target)
    plan = target / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("title: Appraisals", f"title: '{HOSTILE_TITLE}'", 1)
    text = text.replace("title: Audits", 'title: "- a bullet\\nwith a line break"', 1)
    text = text.replace("lead: Head of Service", f"lead: '{HOSTILE_LEAD}'", 1)
    text = text.replace(
        "name: Standards of Practice",
        'name: "<img src=x onerror=alert(1)> [red]red[/red]\\nvalid, no problems found"',
        1,
    )
    plan.write_text(text, encoding="utf-8")
    code, out, err = run_in(tmp_path, "validate", "hostile")
    assert code == 0, out + err
    return target


def test_csv_cells_never_start_a_formula() -> None:
    for start in ("=", "+", "-", "@", "\t"):
        assert csv_cell(f"{start}1+1") == f"'{start}1+1"
    assert csv_cell("\r1+1") == "\\x0d1+1"  # a CR is shown, so it starts no formula
    assert csv_cell("plain") == "plain"
    assert csv_cell(-3) == -3
    text = csv_text(["a", "b"], [["x\ry\x1b[2J", "=1"], ["p\nq\tr", 2], ["\x9b", "a\r\nb"]])
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["a", "b"],
        ["x\\x0dy\\x1b[2J", "'=1"],  # control characters shown, never written raw
        ["p\nq\tr", "2"],  # line breaks and tabs are text
        ["\\x9b", "a\nb"],
    ]
    assert "\r" not in text and "\x1b" not in text and "\x9b" not in text


@pytest.mark.parametrize(
    "command",
    [
        ("rag", "--by", "action", "--format", "csv"),
        ("rag", "--by", "lead", "--format", "csv"),
        ("rag", "--by", "area", "--format", "csv"),
        ("rag", "--by", "action", "--format", "csv", "--history"),
        ("due", "--from", "2019-06-01", "--weeks", "60", "--format", "csv"),
    ],
)
def test_every_csv_is_safe_to_open(hostile: Path, command: tuple[str, ...]) -> None:
    code, out, err = run_in(hostile.parent, *command, "hostile")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out, newline="")))
    width = len(rows[0])
    assert all(len(row) == width for row in rows)  # no row broken by a CR or LF
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    joined = "\n".join(cells)
    assert any(name in joined for name in ("'=HYPERLINK", "'- a bullet", "<img", HOSTILE_LEAD))


@pytest.mark.parametrize(
    "command",
    [
        ("rag", "--format", "markdown"),
        ("rag", "--by", "action", "--format", "markdown"),
        ("rag", "--by", "lead", "--format", "markdown"),
        ("rag", "--history", "--format", "markdown"),
        ("due", "--from", "2019-06-01", "--weeks", "60", "--format", "markdown"),
    ],
)
def test_markdown_escapes_plan_text(hostile: Path, command: tuple[str, ...]) -> None:
    code, out, err = run_in(hostile.parent, *command, "hostile")
    assert code == 0, err
    assert not re.search(r"(?<!\\)<img", out)  # "\<img" is literal text in Markdown
    assert "\x1b" not in out
    assert "\nvalid, no problems found" not in out


@pytest.mark.parametrize(
    "command",
    [
        ("rag",),
        ("rag", "--by", "action"),
        ("rag", "--by", "lead"),
        ("rag", "--history"),
        ("due", "--from", "2019-06-01", "--weeks", "60"),
    ],
)
def test_the_terminal_shows_plan_text_literally(
    hostile: Path, command: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    # wide enough that no label folds: the test is about what is printed, not the layout
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run_in(hostile.parent, *command, "hostile")
    assert code == 0, err
    assert "\x1b" not in out and "\r" not in out
    assert not any(line.startswith("valid, no problems") for line in out.splitlines())
    if "lead" in command:
        assert HOSTILE_LEAD in out
    if "area" in " ".join(command) or command == ("rag",):
        assert "[red]red[/red]⏎valid" in out


def test_control_characters_in_plan_text_are_refused_where_they_are_read(hostile: Path) -> None:
    """g2g's one rule (issue 25): no output has to make a plan's control characters safe,
    because a plan holding one is invalid, with the place and a stable code."""
    plan = hostile / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("a bullet\\nwith", "a bullet\\rwith").replace("[red]red", "\\e[31mred")
    plan.write_text(text, encoding="utf-8")
    code, out, err = run_in(hostile.parent, "validate", "--format", "json", "hostile")
    assert code == 1
    found = [d for d in json.loads(out) if d["code"] == "text-control-character"]
    assert len(found) == 2
    for command in (("rag", "--format", "csv"), ("due", "--format", "csv"), ("kpi",)):
        code, out, err = run_in(hostile.parent, *command, "hostile")
        assert code == 1 and "text-control" not in out
        assert "control character (\\x1b)" in err and "control character (\\x0d)" in err
        assert "\x1b" not in out + err and "\r" not in out + err


def test_github_annotations_escape_as_github_reads_them() -> None:
    found = error("a%b,c:d\ne.yaml", 3, 4, "50% done\r\nnext \x1b[2J\ttab", "x")
    assert found.format_github() == (
        "::error file=a%25b%2Cc%3Ad%0Ae.yaml,line=3,col=4::50%25 done%0D%0Anext \\x1b[2J\ttab"
    )


def test_terminal_text_makes_controls_visible() -> None:
    assert terminal_text("a\x1b[2Jb\nc\u202ed\x07") == "a\\x1b[2Jb⏎c\\u202ed\\x07"
    assert terminal_text("[bold]plain[/bold]") == "[bold]plain[/bold]"


# A folder name is text a stranger can write too (a pull request can add plans/<anything>):
# every line g2g prints about a folder shows it literally.
HOSTILE_NAME = "old\u202eevil\x07\x1b[31mx"


@pytest.fixture
def hostile_folders(tmp_path: Path) -> Path:
    """plans/ with the 2015 fixture plan under a hostile folder name, beside the shipped 2019
    plan that ends it (so commands over the folder skip it with a note naming the folder), and
    a link to it (so validate and rag name the link)."""
    plans = tmp_path / "plans"
    shutil.copytree(FIXTURES / "plans" / "oldham-2015", plans / HOSTILE_NAME)
    shutil.copytree(FIXTURES.parent.parent / "plans" / "oldham-2019", plans / "oldham-2019")
    (tmp_path / "elsewhere").mkdir()
    shutil.copytree(FIXTURES / "plans" / "bradford-2018", tmp_path / "elsewhere" / "b")
    (plans / f"link-{HOSTILE_NAME}").symlink_to(tmp_path / "elsewhere" / "b")
    return tmp_path


@pytest.mark.parametrize(
    "command",
    [
        ("kpi", "--month", "2019-08", "plans"),
        ("rag", "--month", "2019-08", "plans"),
        ("due", "--from", "2019-09-01", "plans"),
        ("validate", "plans"),
    ],
)
def test_folder_names_reach_the_terminal_literally(
    hostile_folders: Path, command: tuple[str, ...]
) -> None:
    code, out, err = run_in(hostile_folders, *command)
    assert code == 0, err
    assert re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e]", out + err) is None
    assert terminal_text(HOSTILE_NAME) in out + err
