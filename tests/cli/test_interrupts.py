"""Ctrl-C at any moment of a run, and standard input closed, are plain messages with their
exit codes, never a traceback (issue 25, F21)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers import FIXTURES

RUN = "import sys; sys.argv[0] = 'g2g'; {setup}\nfrom g2g.cli import app\napp()"


def _run(
    tmp_path: Path, setup: str, *args: str, **options: object
) -> subprocess.CompletedProcess[str]:
    shutil.copytree(FIXTURES / "valid" / "minimal", tmp_path / "plan")
    return subprocess.run(
        [sys.executable, "-c", RUN.format(setup=setup), *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        **options,  # type: ignore[arg-type]
    )


def test_ctrl_c_while_the_command_line_is_imported_exits_130(tmp_path: Path) -> None:
    setup = (
        "import builtins\n"
        "real = builtins.__import__\n"
        "def interrupted(name, *args, **kwargs):\n"
        "    if name.startswith('typer'):\n"
        "        raise KeyboardInterrupt\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = interrupted"
    )
    result = _run(tmp_path, setup, "validate", "plan")
    assert result.returncode == 130, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == "g2g: interrupted"


def test_ctrl_c_while_the_commands_are_built_exits_130(tmp_path: Path) -> None:
    setup = (
        "import typer.main\n"
        "def interrupted(*args, **kwargs):\n"
        "    raise KeyboardInterrupt\n"
        "typer.main.get_command = interrupted"
    )
    result = _run(tmp_path, setup, "validate", "plan")
    assert result.returncode == 130, result.stderr
    assert "Traceback" not in result.stderr and "g2g: interrupted" in result.stderr


def test_a_note_from_a_closed_standard_input_is_refused(tmp_path: Path) -> None:
    args = ("update", "PI-1", "--month", "2019-08", "--note-file", "-", "plan")
    before = (FIXTURES / "valid" / "minimal" / "progress" / "2019-08.yaml").read_bytes()
    result = _run(tmp_path, "", *args, preexec_fn=lambda: os.close(0))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "--note-file -: standard input is closed" in result.stderr
    assert (tmp_path / "plan" / "progress" / "2019-08.yaml").read_bytes() == before
