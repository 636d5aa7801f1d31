"""``make golden`` covers every golden: it runs every test module that reads the switch that
rewrites goldens, and every file under tests/golden/ is written by one of those modules."""

from __future__ import annotations

import shlex
import shutil
import subprocess

import pytest

from tests.helpers import ROOT

SWITCH = "G2G_UPDATE_" + "GOLDEN"
"""Spelled in two so that this module is not itself one that reads the switch."""


def _switch_modules() -> set[str]:
    return {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "tests").rglob("test_*.py")
        if SWITCH in path.read_text(encoding="utf-8")
    }


def _golden_recipe() -> str:
    """The pytest line of the Makefile's golden target, as the shell would run it."""
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    start = lines.index("golden: $(STAMP)")
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    (command,) = [line for line in recipe if "pytest" in line]
    return command.replace("$$", "$")


@pytest.mark.skipif(shutil.which("bash") is None, reason="the Makefile's recipes need bash")
def test_make_golden_runs_every_module_that_reads_the_switch() -> None:
    command = _golden_recipe()
    assert command.startswith(f"{SWITCH}=1 $(BIN)/pytest ")
    arguments = command.split("$(BIN)/pytest ", 1)[1]
    done = subprocess.run(
        ["bash", "-c", f"printf '%s\\n' {arguments}"],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    run = {line for line in done.stdout.splitlines() if line.endswith(".py")}
    modules = _switch_modules()
    assert len(modules) >= 4  # the paper, the Word paper, Herefordshire, the officer's month
    assert run == modules
    for flag in shlex.split(arguments.split("$(", 1)[0]):
        assert flag in ("-q", "-x")  # no -k or -m that would leave a golden test out


def test_every_golden_is_written_by_a_module_make_golden_runs() -> None:
    texts = [(ROOT / module).read_text(encoding="utf-8") for module in _switch_modules()]
    goldens = sorted((ROOT / "tests" / "golden").iterdir())
    assert goldens
    for golden in goldens:
        stem = golden.name.split(".")[0].removesuffix("-full").removesuffix("-private")
        assert any(stem in text for text in texts), golden.name
