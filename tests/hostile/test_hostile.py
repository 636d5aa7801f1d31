"""The hostile-input corpus (cases.yaml): no input ever produces a Python traceback.

Every case is run through the CLI in-process (typer's CliRunner) and, where marked, as a real
subprocess (an interpreter prints some tracebacks itself, e.g. at exit). Each run must print no
"Traceback", exit with its documented code, and show its message; a problem in a file must be
reported as ``path:line:col:``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import FIXTURES, run_in

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).with_name("cases.yaml")).read_text(encoding="utf-8")
)
BASES = {"minimal": FIXTURES / "valid" / "minimal", "basic": FIXTURES / "rag" / "basic"}
RUN_G2G = "import sys; from g2g.cli import app; sys.argv[0] = 'g2g'; app()"
LOCATED = re.compile(r"^[^\s:]+\.ya?ml:\d+:\d+: (error|warning): ", re.M)


def _build(case: dict[str, Any], root: Path) -> Path:
    plan = root / "plan"
    shutil.copytree(BASES[case.get("base", "minimal")], plan)
    expected = plan / "expected.txt"
    expected.unlink(missing_ok=True)
    for edit in case.get("edits", []):
        ((kind, spec),) = edit.items()
        path = plan / spec["file"]
        if kind != "mkdir":
            path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "replace":
            text = path.read_text(encoding="utf-8")
            assert spec["find"] in text, (case["name"], spec["find"])
            path.write_text(text.replace(spec["find"], spec["put"], 1), encoding="utf-8")
        elif kind == "write":
            path.write_text(spec["text"], encoding="utf-8")
        elif kind == "latin1":
            path.write_bytes(spec["text"].encode("latin-1"))
        elif kind == "append":
            text = spec["text"].replace("{BIG}", "x" * 1_000_000)
            with path.open("a", encoding="utf-8") as stream:
                stream.write(text)
        elif kind == "sparse":
            with path.open("wb") as stream:
                stream.truncate(spec["size"])
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "mkdir":
            path.mkdir(exist_ok=True)
            path.chmod(spec.get("mode", 0o755))
        elif kind == "symlink":
            if spec.get("replace"):
                path.unlink()
            path.symlink_to(spec["to"])
        else:
            raise AssertionError(f"unknown edit {kind}")
    return plan


def _check(case: dict[str, Any], run: dict[str, Any], code: int, out: str, err: str) -> None:
    both = out + err
    where = f"{case['name']}: g2g {' '.join(map(str, run['args']))}\n{both[-3000:]}"
    assert "Traceback" not in both, where
    assert code == run["exit"], where
    assert re.search(run.get("message", ""), both), where
    for word in case.get("forbid", []):
        assert word not in both, where
    if run["exit"] == 1 and "yaml" in run.get("message", ""):
        assert LOCATED.search(err + out), where


IN_PROCESS = [c for c in CASES if c.get("subprocess") != "only"]
SUBPROCESS = [c for c in CASES if c.get("subprocess")]


@pytest.mark.parametrize("case", IN_PROCESS, ids=[c["name"] for c in IN_PROCESS])
def test_hostile_case_in_process(case: dict[str, Any], tmp_path: Path) -> None:
    _build(case, tmp_path)
    for run in case["runs"]:
        if run.get("env"):
            continue
        code, out, err = run_in(tmp_path, *map(str, run["args"]))
        _check(case, run, code, out, err)


@pytest.mark.parametrize("case", SUBPROCESS, ids=[c["name"] for c in SUBPROCESS])
def test_hostile_case_in_a_real_process(case: dict[str, Any], tmp_path: Path) -> None:
    _build(case, tmp_path)
    for run in case["runs"]:
        given = {k: v.replace("{TMP}", str(tmp_path)) for k, v in run.get("env", {}).items()}
        env = {**os.environ, **given}
        command = [sys.executable, "-c", RUN_G2G, *map(str, run["args"])]
        if run.get("head"):
            # The reader stops after a line, as `g2g ... | head -1` does.
            process = subprocess.Popen(
                command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            assert process.stdout is not None and process.stderr is not None
            process.stdout.readline()
            process.stdout.close()
            err = process.stderr.read().decode("utf-8", "replace")
            process.wait(timeout=120)
            assert "Traceback" not in err and "Exception ignored" not in err, err
            assert process.returncode in (0, 1), err  # quiet either way; never a crash
            continue
        result = subprocess.run(
            command, cwd=tmp_path, env=env, capture_output=True, timeout=300, check=False
        )
        out = result.stdout.decode("utf-8", "replace")
        err = result.stderr.decode("utf-8", "replace")
        _check(case, run, result.returncode, out, err)


def test_the_corpus_covers_the_issue() -> None:
    names = {c["name"] for c in CASES}
    assert len(names) == len(CASES), "case names are unique"
    assert len(CASES) >= 30
