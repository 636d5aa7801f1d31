"""docs/cli.md is every command's --help, as generated now (make docs rewrites it)."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from g2g.cli import app
from g2g.cli.reference import cli_markdown, command_names
from g2g.plan.reference import BEGIN, END, with_reference
from tests.helpers import ROOT

CLI_MD = ROOT / "docs" / "cli.md"


def test_every_command_has_a_section() -> None:
    text = CLI_MD.read_text(encoding="utf-8")
    documented = re.findall(r"^## g2g (\S+)$", text, re.MULTILINE)
    assert sorted(documented) == sorted(command_names()), "run make docs"
    assert {"validate", "rag", "report", "kpi", "init", "month", "update", "due"} <= set(documented)


def test_docs_cli_md_is_not_stale() -> None:
    assert CLI_MD.read_text(encoding="utf-8") == cli_markdown(), "docs/cli.md is stale: make docs"


def test_the_reference_is_the_help_whatever_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    text = cli_markdown()
    assert text == CLI_MD.read_text(encoding="utf-8")
    # Each command's section holds what its --help prints (at the reference's width).
    monkeypatch.setenv("COLUMNS", "100")
    helped = CliRunner().invoke(app, ["validate", "--help"], terminal_width=100).stdout
    section = text.split("## g2g validate\n", 1)[1].split("\n## ", 1)[0]
    for option in re.findall(r"--[a-z][a-z-]+", helped):
        assert option in section


def test_the_field_reference_is_rewritten_between_its_markers() -> None:
    document = f"intro\n\n{BEGIN}\n\nold text\n\n{END}\n\nafter\n"
    rewritten = with_reference(document)
    assert rewritten.startswith(f"intro\n\n{BEGIN}\n\n### PlanFile")
    assert rewritten.endswith(f"{END}\n\nafter\n")
    assert "old text" not in rewritten
    assert with_reference(rewritten) == rewritten
    with pytest.raises(ValueError, match="markers"):
        with_reference("no markers here")
