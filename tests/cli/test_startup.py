"""g2g.cli.startup, the one module using typer's internals: values converted without
pydantic (with typer's checks) and one command built alone; both switch off on a typer
without the internals, and the commands behave the same."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from g2g.cli import startup
from tests.helpers import ROOT, SHIPPED, run_in

WARM_RUN = """
import sys
from g2g.cli import app
sys.argv = ["g2g", "validate", sys.argv[1]]
try:
    app()
except SystemExit as exc:
    code = exc.code
heavy = sorted(m for m in ("pydantic", "jinja2", "ruamel", "yaml", "rich") if m in sys.modules)
print("EXIT", code, "LOADED", *heavy)
"""


def test_the_light_conversion_is_installed() -> None:
    assert startup.install() is True


def test_a_warm_validate_imports_no_models_reader_or_templates(tmp_path: Path) -> None:
    env = {**os.environ, "G2G_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", WARM_RUN, str(SHIPPED)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout.splitlines()[-1]
        for _ in range(2)
    ]
    assert runs[0].startswith("EXIT 0 LOADED") and "pydantic" in runs[0]  # cold: loads the plan
    assert runs[1] == "EXIT 0 LOADED"  # warm: the findings come from the cache


def test_choices_numbers_and_paths_are_checked(tmp_path: Path) -> None:
    code, _, err = run_in(tmp_path, "validate", str(SHIPPED), "--format", "yaml")
    assert code == 2
    assert "Invalid value for '--format': 'yaml' is not one of: text, json, github" in err
    code, _, err = run_in(tmp_path, "validate", str(SHIPPED), "--jobs", "0")
    assert code == 2
    assert "'--jobs'" in err and "0 is smaller than 1" in err
    code, _, err = run_in(tmp_path, "validate", str(SHIPPED), "--jobs", "two")
    assert code == 2
    assert "'two' is not a whole number" in err
    code, _, err = run_in(tmp_path, "due", str(SHIPPED), "--weeks", "521")
    assert code == 2
    assert "521 is larger than 520" in err
    code, _, err = run_in(tmp_path, "update", "SP-1", "--month", "2019-08", "--wait", "-1")
    assert code == 2
    assert "-1.0 is smaller than 0" in err
    code, _, err = run_in(tmp_path, "report", str(SHIPPED), "--templates", "nowhere")
    assert code == 2
    assert "'nowhere' does not exist" in err
    (tmp_path / "file.txt").write_text("x")
    code, _, err = run_in(tmp_path, "report", str(SHIPPED), "--templates", "file.txt")
    assert code == 2
    assert "is a file" in err


def test_values_arrive_as_their_types(tmp_path: Path) -> None:
    code, out, _ = run_in(
        tmp_path, "rag", str(SHIPPED), "--month", "2019-08", "--format", "json", "--jobs", "1"
    )
    assert code == 0
    assert out.lstrip().startswith("[")
    code, out, _ = run_in(
        tmp_path,
        "validate",
        str(SHIPPED / "oldham-2019" / "plan.yaml"),
        str(SHIPPED),
        "--format",
        "github",
    )
    assert code == 0
    assert "files checked: valid" in out


def test_a_typer_without_the_internals_is_left_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    # The start-up trick is fenced in g2g.cli.startup: a typer lacking one internal it uses (a
    # later release) is not changed at all, so the commands keep typer's own conversion.
    from typer import _param_types, core

    before = core._TyperParameter.get_runtime_param
    monkeypatch.delattr(_param_types, "coerce_cli_path")
    assert startup.install() is False
    assert core._TyperParameter.get_runtime_param is before
    monkeypatch.undo()
    monkeypatch.delattr(core, "build_runtime_param")
    assert startup.install() is False
    assert core._TyperParameter.get_runtime_param is before


def test_the_floor_of_typer_is_where_the_fenced_internals_begin() -> None:
    # pyproject.toml's typer floor is the first release with everything g2g.cli.startup uses
    # (CI's lowest-versions run installs exactly that release and runs these tests on it).
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (typer,) = [d for d in project["dependencies"] if d.startswith("typer")]
    assert typer.startswith("typer>=0.29.0")


def _help_in_a_fresh_process(tmp_path: Path, *hide: str) -> tuple[int, str, str]:
    """``g2g validate --help`` (and exit code of a bad option) in a new process, with the
    named ``typer.main`` internals hidden from g2g.cli.startup first (typer itself needs them)."""
    script = (
        "import sys\n"
        "from g2g.cli import startup\n"
        "found = startup._internal\n"
        "startup._internal = lambda name: None if name in sys.argv[1:] else found(name)\n"
        "from g2g.cli import app\n"
        "sys.argv = ['g2g', 'validate', '--help']\n"
        "try:\n"
        "    app()\n"
        "except SystemExit as exc:\n"
        "    print('EXIT', exc.code, file=sys.stderr)\n"
        "sys.argv = ['g2g', 'validate', '--jobs', 'two']\n"
        "try:\n"
        "    app()\n"
        "except SystemExit as exc:\n"
        "    print('EXIT', exc.code, file=sys.stderr)\n"
    )
    env = {**os.environ, "COLUMNS": "100", "G2G_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", script, *hide],
        env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    return done.returncode, done.stdout, done.stderr


def test_one_command_is_built_alone_and_the_same_through_the_public_api(tmp_path: Path) -> None:
    # Without typer's get_command_from_info and get_command_name, the command is built through
    # the public typer.main.get_command: the same help, placeholders and misuse exit.
    code, shortcut, errors = _help_in_a_fresh_process(tmp_path)
    assert code == 0, errors
    assert "Usage: g2g validate [OPTIONS] [PATHS]..." in shortcut
    assert "--jobs N" in shortcut  # readable placeholders, from the callback's annotations
    assert "EXIT 0" in errors and "EXIT 2" in errors and "'two' is not a whole number" in errors
    public = _help_in_a_fresh_process(tmp_path, "get_command_from_info", "get_command_name")
    assert public == (code, shortcut, errors)


def test_the_command_callback_is_found_by_its_command_name() -> None:
    from g2g.cli.app import app
    from g2g.cli.validate import validate

    assert startup.command_callback(app, "validate") is validate
    assert startup.command_callback(app, "no-such-command") is None
    assert startup.build_command(app, "no-such-command") is None


PUBLIC_TYPER = {
    "typer",
    "typer.core.TyperCommand",
    "typer.core.TyperGroup",
    "typer.main.get_command",
    "typer.testing.CliRunner",
}
"""What g2g outside g2g.cli.startup may use of typer beyond ``typer.<name>``: the classes typer
documents for ``cls=``, the documented way to the click command, and the test runner."""


def test_only_the_startup_module_uses_typer_internals() -> None:
    import ast

    used: dict[str, set[str]] = {}
    for path in sorted((ROOT / "src" / "g2g").rglob("*.py")):
        if path.name == "startup.py" and path.parent.name == "cli":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Attribute)
                and isinstance(node.value.value, ast.Name)
                and node.value.value.id == "typer"
            ):
                names = [f"typer.{node.value.attr}.{node.attr}"]
            for name in names:
                root, _, rest = name.partition(".")
                if root == "typer" and "." in rest and name not in PUBLIC_TYPER:
                    used.setdefault(name, set()).add(path.relative_to(ROOT).as_posix())
                if root == "typer" and rest.startswith("_"):
                    used.setdefault(name, set()).add(path.relative_to(ROOT).as_posix())
    assert used == {}
