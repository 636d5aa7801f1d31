"""g2g update under load and failure: parallel updates all land, a crash leaves the old file."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from g2g.cycle.month import create_months
from g2g.cycle.update import UpdateRequest, record_update
from g2g.errors import CycleError
from g2g.io.atomic import file_lock
from g2g.plan.load import load_plan
from g2g.plan.validate import validate_paths
from tests.helpers import FIXTURES

BASIC = FIXTURES / "cycle" / "basic"
RUN_G2G = "import sys; from g2g.cli import app; sys.argv[0] = 'g2g'; app()"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    target = tmp_path / "basic"
    shutil.copytree(BASIC, target)
    return target


def g2g(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", RUN_G2G, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_parallel_updates_all_land(plan: Path) -> None:
    notes = {"SP-1": "one", "SP-2": "two", "QA-1": "three", "QA-2": "four", "PI-2": "five"}
    processes = [
        g2g(
            "update",
            action,
            "--month",
            "2019-08",
            "--note",
            note,
            "--on",
            "2019-08-30",
            "--wait",
            "60",
            str(plan),
        )
        for action, note in notes.items()
    ]
    for process in processes:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    recorded = load_plan(plan).updates()["2019-08"]
    assert {a: recorded[a].narrative for a in notes} == notes
    assert validate_paths([plan]).errors() == []
    assert not hidden_files(plan), "no lock or temporary file is left behind"


def hidden_files(plan: Path) -> list[str]:
    return sorted(p.name for p in (plan / "progress").iterdir() if p.name.startswith("."))


def test_the_lock_file_is_removed_on_release(plan: Path) -> None:
    path = plan / "progress" / "2019-08.yaml"
    with file_lock(path, timeout=1):
        assert hidden_files(plan) == [".2019-08.lock"]
    assert hidden_files(plan) == []
    request = UpdateRequest("SP-1", "2019-08", narrative="kept", updated_on=dt.date(2019, 8, 30))
    record_update(plan, request)
    create_months([plan], "2019-09")
    assert hidden_files(plan) == []


def test_an_update_waits_for_the_lock_then_lands(plan: Path) -> None:
    path = plan / "progress" / "2019-08.yaml"
    with file_lock(path, timeout=1):
        process = g2g(
            "update",
            "SP-1",
            "--month",
            "2019-08",
            "--rag",
            "green",
            "--note",
            "ok",
            "--wait",
            "30",
            str(plan),
        )
        time.sleep(1.5)
        assert process.poll() is None  # still waiting for our lock
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert load_plan(plan).updates()["2019-08"]["SP-1"].narrative == "ok"


def test_an_update_that_cannot_get_the_lock_fails_clearly(plan: Path) -> None:
    path = plan / "progress" / "2019-08.yaml"
    old = path.read_bytes()
    with file_lock(path, timeout=1):
        process = g2g(
            "update", "SP-1", "--month", "2019-08", "--rag", "green", "--wait", "0.3", str(plan)
        )
        _out, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert "another g2g command is still writing" in err
    assert "nothing was changed" in err
    assert "Traceback" not in err
    assert path.read_bytes() == old


def test_a_failed_rename_leaves_the_old_file(plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = plan / "progress" / "2019-08.yaml"
    old = path.read_bytes()

    def fail(*_args: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", fail)
    request = UpdateRequest("SP-1", "2019-08", narrative="lost", updated_on=dt.date(2019, 8, 30))
    with pytest.raises(CycleError) as caught:
        record_update(plan, request)
    assert "Input/output error" in caught.value.message
    assert path.read_bytes() == old
    assert not [p for p in path.parent.iterdir() if p.suffix == ".tmp"]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("where", ["os.replace", "os.fsync"])
def test_a_process_killed_mid_write_leaves_the_old_file(plan: Path, where: str) -> None:
    path = plan / "progress" / "2019-08.yaml"
    old = path.read_bytes()
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        from g2g.cli import app

        def die(*args, **kwargs):
            os.kill(os.getpid(), signal.SIGKILL)

        {where} = die
        sys.argv = ["g2g", "update", "SP-1", "--month", "2019-08", "--rag", "green",
                    "--note", "half-written", "{plan}"]
        app()
        """
    )
    process = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert process.returncode == -signal.SIGKILL
    assert path.read_bytes() == old
    # The abandoned temporary file is hidden and not YAML, so the plan still validates.
    assert validate_paths([plan]).errors() == []
    assert "half-written" not in path.read_text()


def test_month_reports_a_held_lock_clearly(plan: Path) -> None:
    target = plan / "progress" / "2019-09.yaml"
    with file_lock(target, timeout=1), pytest.raises(CycleError) as caught:
        create_months([plan], "2019-09", lock_timeout=0.1)
    assert "another g2g command is still writing" in caught.value.message
    assert not target.exists()
