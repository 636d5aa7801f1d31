"""Command-line values converted without pydantic (g2g.cli.coerce), with typer's checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from g2g.cli import coerce
from tests.conftest import ROOT, SHIPPED, run_in

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
    assert coerce.install() is True


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
    # The start-up trick is fenced in g2g.cli.coerce: a typer lacking one internal it uses (a
    # later release) is not changed at all, so the commands keep typer's own conversion.
    from typer import _param_types, core

    before = core._TyperParameter.get_runtime_param
    monkeypatch.delattr(_param_types, "coerce_cli_path")
    assert coerce.install() is False
    assert core._TyperParameter.get_runtime_param is before
    monkeypatch.undo()
    monkeypatch.delattr(core, "build_runtime_param")
    assert coerce.install() is False
    assert core._TyperParameter.get_runtime_param is before


def test_the_floor_of_typer_is_where_the_fenced_internals_begin() -> None:
    # pyproject.toml's typer floor is the first release with everything g2g.cli.coerce uses
    # (CI's lowest-versions run installs exactly that release and runs these tests on it).
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (typer,) = [d for d in project["dependencies"] if d.startswith("typer")]
    assert typer.startswith("typer>=0.29.0")
