"""The public API: g2g.__all__, the README's Python example, python -m g2g, lazy imports."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import g2g
from tests.helpers import ROOT, SHIPPED


def _readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Use it from Python", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 1, "the README's 'Use it from Python' has one Python example"
    return str(blocks[0])


def test_the_readme_example_runs_and_gives_table_1(tmp_path: Path) -> None:
    shutil.copytree(SHIPPED, tmp_path / "plans")
    (tmp_path / "example.py").write_text(_readme_example(), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "example.py"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    # Table 1 of the Oldham paper of 10 September 2019: Green 1, Amber 22, Red 2; Amber overall.
    assert done.stdout.split() == ["amber", "1", "22", "2"]
    paper = (tmp_path / "paper.html").read_text(encoding="utf-8")
    assert paper.startswith("<!DOCTYPE html>")
    assert "Oldham" in paper


def test_every_public_name_is_importable_and_documented() -> None:
    assert sorted(g2g.__all__) == sorted(["__version__", *g2g._EXPORTS])
    for name in g2g.__all__:
        value = getattr(g2g, name)
        if name != "__version__":
            assert value.__doc__, name
    assert set(g2g.__all__) <= set(dir(g2g))


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        g2g.no_such_name  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("g2g.no_such_name did not raise")


def _imported_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=True
    )
    return set(done.stdout.splitlines()[-1].split())


def test_import_g2g_and_help_stay_light() -> None:
    assert not {"pydantic", "jinja2", "typer"} & _imported_after("import g2g")
    heavy = {"pydantic", "jinja2", "ruamel", "rich"}
    loaded = _imported_after(
        "import contextlib, io, sys\n"
        "from g2g.cli import app\n"
        "sys.argv = ['g2g', '--help']\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    app()"
    )
    assert not heavy & loaded, heavy & loaded


def test_python_m_g2g_is_the_command_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "g2g", "--help"], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0
    assert done.stdout.startswith("Usage: g2g ")
    for command in ("validate", "rag", "report", "kpi", "init", "month", "update", "due"):
        assert re.search(rf"^\s+{command}\s", done.stdout, re.MULTILINE), command
    version = subprocess.run(
        [sys.executable, "-m", "g2g", "--version"], capture_output=True, text=True, timeout=300
    )
    assert version.stdout.strip() == f"g2g {g2g.__version__}"
    bad = subprocess.run(
        [sys.executable, "-m", "g2g", "validate", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode == 2
    assert bad.stderr.startswith("g2g: ")
