"""Every command is documented: --help with examples, README, pre-commit hook, cycle guide."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.plan.model_base import Rag, Status
from g2g.plan.validate import validate_paths
from tests.helpers import FIXTURES, ROOT

runner = CliRunner()
CYCLE_COMMANDS = ("init", "month", "update", "due", "schema")


def command_names() -> list[str]:
    """Every command of the app, including those loaded when first used (g2g.cli.app.COMMANDS)."""
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return sorted(group.list_commands(group.context_class(group, info_name="g2g")))


def test_the_lazy_command_table_matches_the_modules() -> None:
    """COMMANDS names every command the modules register, each with the module that registers
    it and the first paragraph of its docstring (what --help lists; docs/cli.md, checked by
    test_reference, holds the order)."""
    import importlib
    import inspect

    from g2g.cli.app import COMMANDS

    for module in {module for module, _ in COMMANDS.values()}:
        importlib.import_module(module)
    registered = {
        info.name or typer.main.get_command_name(info.callback.__name__): info
        for info in app.registered_commands
        if info.callback is not None
    }
    assert sorted(registered) == sorted(COMMANDS)
    for name, (module, summary) in COMMANDS.items():
        info = registered[name]
        assert info.callback is not None
        assert info.callback.__module__ == module, name
        doc = inspect.getdoc(info.callback) or ""
        assert " ".join(doc.split("\n\n")[0].split()) == summary, name
        assert info.help is None and info.short_help is None, name
        assert not info.hidden and not info.deprecated, name


def test_help_lists_without_importing_a_command_and_a_typo_gets_a_suggestion(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from g2g.cli import app\n"
        "sys.argv = ['g2g'] + sys.argv[1:]\n"
        "try:\n"
        "    app()\n"
        "finally:\n"
        "    print(sorted(m for m in sys.modules if m.startswith('g2g.cli.')), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "--help"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0
    # streams: a few lines on the standard library (a closed pipe, a full disk), no command.
    assert done.stderr.strip() == "['g2g.cli.app', 'g2g.cli.startup', 'g2g.cli.streams']"
    for name in command_names():
        assert re.search(rf"^\s+{name}\s", done.stdout, re.MULTILINE), name
    done = subprocess.run(
        [sys.executable, "-c", script, "valdate"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert "No such command 'valdate'. Did you mean 'validate', 'update'?" in done.stderr


def test_the_cycle_commands_are_registered() -> None:
    assert set(CYCLE_COMMANDS) <= set(command_names())
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in command_names():
        assert re.search(rf"^\s+{name}\s", result.stdout, re.MULTILINE), name


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help_with_examples(name: str) -> None:
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.stderr
    assert "Example" in result.stdout, f"g2g {name} --help shows no example"
    assert f"g2g {name}" in result.stdout


@pytest.mark.parametrize("name", command_names())
def test_readme_documents_every_command(name: str) -> None:
    """README.md must mention "g2g CMD" for every command (the README is written separately)."""
    readme = ROOT / "README.md"
    assert readme.is_file(), "README.md is missing"
    assert f"g2g {name}" in readme.read_text(encoding="utf-8"), f"README.md lacks g2g {name}"


def test_update_help_lists_every_rating_and_status() -> None:
    text = " ".join(runner.invoke(app, ["update", "--help"]).stdout.split())
    for word in [r.value for r in Rag] + [s.value for s in Status]:
        assert word in text


def test_cycle_guide_covers_the_commands_and_the_editor_set_up() -> None:
    guide = (ROOT / "docs" / "monthly-cycle.md").read_text(encoding="utf-8")
    for name in CYCLE_COMMANDS:
        assert f"g2g {name}" in guide
    assert "# yaml-language-server: $schema=" in guide
    assert "g2g validate --format github" in guide
    assert "id: g2g-validate" in guide
    assert ".gitlab-ci.yml" in guide


def hook() -> dict[str, object]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    assert len(hooks) == 1
    assert isinstance(hooks[0], dict)
    return hooks[0]


def test_pre_commit_hook_definition() -> None:
    found = hook()
    assert found["id"] == "g2g-validate"
    assert found["entry"] == "g2g validate"
    assert found["language"] == "python"
    assert found["pass_filenames"] is True


@pytest.mark.parametrize(
    ("path", "matched"),
    [
        ("plan.yaml", True),
        ("plans/oldham-2019/plan.yaml", True),
        ("plans/oldham-2019/progress/2019-08.yaml", True),
        ("plans/oldham-2019/progress/2019/08.yml", True),
        ("plans/oldham-2019/measures.yaml", True),
        ("plans/oldham-2019/finance.yaml", True),
        (".github/workflows/ci.yaml", False),
        (".pre-commit-config.yaml", False),
        ("plans/oldham-2019/schemas/plan.schema.json", False),
        ("docs/myplan.yaml", False),
    ],
)
def test_pre_commit_hook_selects_plan_files(path: str, matched: bool) -> None:
    pattern = str(hook()["files"])
    assert bool(re.search(pattern, path)) is matched


def test_validate_accepts_the_files_pre_commit_passes(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "cycle" / "basic", tmp_path / "plans" / "basic")
    pattern = str(hook()["files"])
    files = [
        p
        for p in sorted((tmp_path / "plans").rglob("*"))
        if p.is_file() and re.search(pattern, p.relative_to(tmp_path).as_posix())
    ]
    assert len(files) == 3
    result = runner.invoke(app, ["validate", *map(str, files)])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip().endswith("valid, no problems found")
    assert validate_paths(files).files == 3  # the plan is read once, not once per file


def test_cli_patterns_match_the_models() -> None:
    from g2g.cli.common import ID_RE
    from g2g.plan.model_base import ID_PATTERN

    assert f"^{ID_RE.pattern}$" == ID_PATTERN


def test_months_are_whole_strings_only() -> None:
    from g2g.months import is_month

    assert is_month("2019-08")
    for text in ("2019-08\n", "2019-13", "2019-8", " 2019-08", "2019-08-01"):
        assert not is_month(text), text


def test_help_shows_readable_placeholders_for_every_command() -> None:
    # typer's own placeholders were {folder}, <str>, <list[Path]> and [[plan|progress]].
    for name in command_names():
        done = runner.invoke(app, [name, "--help"], terminal_width=200)
        assert done.exit_code == 0, name
        text = done.stdout
        assert not re.search(r"\{[a-z_]+\}|<[a-zA-Z_\[\], |]+>|\[\[", text), (name, text)
        usage = text.splitlines()[0]
        assert usage.startswith(f"Usage: g2g {name} [OPTIONS]"), usage
        assert re.fullmatch(r"Usage: g2g \S+ \[OPTIONS\]( \[?[A-Z][A-Z-]*\]?(\.\.\.)?)*", usage), (
            usage
        )
    init = runner.invoke(app, ["init", "--help"], terminal_width=200).stdout
    assert "Usage: g2g init [OPTIONS] FOLDER" in init
    assert "--inspection-start YYYY-MM-DD" in init and "--council TEXT" in init
    rag = runner.invoke(app, ["rag", "--help"], terminal_width=200).stdout
    assert "Usage: g2g rag [OPTIONS] [PATHS]..." in rag
    assert "--month YYYY-MM" in rag and "-j, --jobs N" in rag and "--format [table|" in rag
    assert "  PATHS...  Plan folders" in rag


def test_shell_completion_is_offered_and_works(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    def g2g(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        run = [sys.executable, "-m", "g2g", *args]
        environ = {**os.environ, "HOME": str(tmp_path), "SHELL": "/bin/bash", **env}
        return subprocess.run(run, capture_output=True, text=True, timeout=300, env=environ)

    assert "--install-completion" in runner.invoke(app, ["--help"]).stdout
    shown = g2g("--show-completion", "bash")
    assert shown.returncode == 0, shown.stderr
    assert "_G2G_COMPLETE=complete_bash" in shown.stdout and "Traceback" not in shown.stderr
    installed = g2g("--install-completion", "bash")
    assert installed.returncode == 0, installed.stderr
    assert "_G2G_COMPLETE=complete_bash" in (tmp_path / ".bash_completions" / "g2g.sh").read_text()
    assert ".bash_completions/g2g.sh" in (tmp_path / ".bashrc").read_text()
    # What the installed script asks g2g: the commands and options that start as typed.
    done = g2g(_G2G_COMPLETE="complete_bash", COMP_WORDS="g2g val", COMP_CWORD="1")
    assert done.returncode == 0 and done.stdout.split() == ["validate"], done
    done = g2g(_G2G_COMPLETE="complete_bash", COMP_WORDS="g2g rag --form", COMP_CWORD="2")
    assert done.stdout.split() == ["--format"], done


def test_due_help_uses_the_one_vocabulary() -> None:
    # issue 22: "overdue" is for actions; a milestone is met, missed within tolerance or
    # missed, judged by its own month's figure. The help said "a milestone is overdue while a
    # figure recorded in its month or later falls short of it".
    result = CliRunner().invoke(app, ["due", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "milestone is overdue" not in text
    assert "met, missed within tolerance, or missed" in text
