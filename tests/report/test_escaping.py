"""Plan text is untrusted: nothing in it can run script, break a Markdown table or run template
code, in either format of the paper."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.report.render import md_cell, md_inline
from tests.helpers.markdown import cell_count, table_rows

runner = CliRunner()

HOSTILE = (
    "<script>alert(1)</script> first line | with a pipe\n"
    "{{ 7*7 }} and {% raw %} and {# comment #}\n"
    "# not a heading\n"
    "- not a list | still the cell\n"
    "[a link](javascript:alert(1)) **bold** `code` ~~strike~~ &lt; \\| <br> a\\\n"
    "|||\n"
    "\n"
    "last line"
)


def _plant(folder: Path) -> None:
    progress = folder / "progress" / "2019-08.yaml"
    data: Any = yaml.safe_load(progress.read_text(encoding="utf-8"))
    data["updates"][0]["narrative"] = HOSTILE
    progress.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    plan = folder / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("title: Quality of assessments", "title: 'Quality | <b>assessments</b>'")
    plan.write_text(text, encoding="utf-8")


@pytest.fixture
def hostile_plan(minimal_plan: Path) -> Path:
    _plant(minimal_plan)
    return minimal_plan


def _paper(folder: Path, fmt: str) -> str:
    result = runner.invoke(app, ["report", str(folder), "--format", fmt, "--commit", "none"])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def without_paths(text: str) -> str:
    """The paper without pytest's numbered temporary folders (pytest-498 in the provenance's
    file list is not a template evaluating {{ 7*7 }})."""
    return re.sub(r"pytest-\d+", "pytest-N", text)


def test_html_escapes_the_narrative(hostile_plan: Path) -> None:
    html = _paper(hostile_plan, "html")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>assessments</b>" not in html
    assert "Quality | &lt;b&gt;assessments&lt;/b&gt;" in html
    assert "{{ 7*7 }}" in html
    assert "{% raw %}" in html
    assert "{# comment #}" in html
    without_charts = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    assert "49" not in without_paths(without_charts)
    assert 'href="javascript' not in html


def test_markdown_tables_stay_valid(hostile_plan: Path) -> None:
    markdown = _paper(hostile_plan, "markdown")
    tables = table_rows(markdown)
    assert len(tables) >= 5
    for table in tables:
        header = cell_count(table[0])
        for row in table:
            assert cell_count(row) == header, row
    assert "49" not in without_paths(markdown)
    assert "{{ 7\\*7 }}" in markdown
    assert "{% raw %}" in markdown
    assert not re.search(r"(?<!\\)<script", markdown)
    assert not re.search(r"(?<!\\)<b>", markdown)
    assert "\\[a link\\](javascript:alert(1))" in markdown
    assert "\\*\\*bold\\*\\*" in markdown
    assert "\\|\\|\\|" in markdown


def test_narrative_lines_stay_in_their_cell(hostile_plan: Path) -> None:
    markdown = _paper(hostile_plan, "markdown")
    row = next(line for line in markdown.splitlines() if "alert(1)" in line)
    assert row.startswith("| ") and row.endswith(" |")
    assert "<br>last line" in row
    assert "# not a heading" in row


@given(st.text())
def test_md_cell_never_breaks_a_row(text: str) -> None:
    cell = md_cell(text)
    assert "\n" not in cell and "\r" not in cell
    assert cell_count(f"| {cell} |") == 1


@given(st.text())
def test_md_inline_is_one_line_with_no_live_pipe(text: str) -> None:
    line = md_inline(text)
    assert len(line.splitlines()) <= 1
    assert cell_count(f"| {line} |") == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain words", "plain words"),
        ("a | b", "a \\| b"),
        ("<script>", "\\<script\\>"),
        ("# heading", "\\# heading"),
        ("- item", "\\- item"),
        ("1. first", "1\\. first"),
        ("12.5% of cases", "12.5% of cases"),
        ("-5 days", "-5 days"),
        ("&amp; and R & R", "\\&amp; and R & R"),
        ("snake_case *x*", "snake\\_case \\*x\\*"),
        ("two\nlines", "two lines"),
    ],
)
def test_md_inline_examples(text: str, expected: str) -> None:
    assert md_inline(text) == expected


def test_md_cell_keeps_lines_as_breaks() -> None:
    assert md_cell("one | two\n\nthree") == "one \\| two<br>three"
