"""Every file g2g writes goes through atomic_write: regular files replaced atomically, links
written through (a symlink's target, a hard link's shared bytes), devices and FIFOs written
through, and nothing left behind after any exit, Ctrl-C included."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import g2g.io.atomic as atomic
from g2g.io.atomic import atomic_write
from tests.helpers import FIXTURES, SHIPPED, run_in

RUN_G2G = "import sys; from g2g.cli import app; sys.argv[0] = 'g2g'; app()"


def test_a_regular_file_is_replaced_and_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "paper.html"
    path.write_bytes(b"old")
    path.chmod(0o640)
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper.html"]


def test_a_symlink_writes_its_target_and_stays_a_link(tmp_path: Path) -> None:
    target = tmp_path / "real" / "paper.html"
    target.parent.mkdir()
    target.write_bytes(b"old")
    link = tmp_path / "link.html"
    link.symlink_to(target)
    atomic_write(link, b"new")
    assert link.is_symlink()
    assert target.read_bytes() == b"new"


def test_a_hard_linked_file_is_updated_in_place(tmp_path: Path) -> None:
    first = tmp_path / "a.yaml"
    first.write_bytes(b"old and longer")
    second = tmp_path / "b.yaml"
    os.link(first, second)
    atomic_write(first, b"new")
    assert second.read_bytes() == b"new"
    assert first.stat().st_ino == second.stat().st_ino
    assert first.stat().st_nlink == 2


def test_a_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    atomic_write(fifo, b"through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_report_to_dev_stdout_writes_through(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", RUN_G2G, "report", str(SHIPPED), "-o", "/dev/stdout"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "<html" in result.stdout
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_report_to_dev_null_leaves_the_device(tmp_path: Path) -> None:
    code, _, err = run_in(tmp_path, "report", str(SHIPPED), "-o", "/dev/null")
    assert code == 0, err
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


@pytest.mark.parametrize("when", ["write", "fsync", "replace"])
def test_ctrl_c_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    path = tmp_path / "2019-08.yaml"
    path.write_bytes(b"old")

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    if when == "fsync":
        monkeypatch.setattr(atomic.os, "fsync", interrupted)
    elif when == "replace":
        monkeypatch.setattr(atomic.os, "replace", interrupted)
    else:
        monkeypatch.setattr(atomic.os, "fdopen", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(path, b"new")
    monkeypatch.undo()
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2019-08.yaml"]


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_update_writes_through_a_linked_progress_file(tmp_path: Path, link: str) -> None:
    plan = tmp_path / "basic"
    shutil.copytree(FIXTURES / "rag" / "basic", plan)
    progress = plan / "progress" / "2019-08.yaml"
    kept = plan / "kept" / "2019-08.yaml"
    kept.parent.mkdir()
    shutil.move(progress, kept)
    if link == "symlink":
        progress.symlink_to(Path("..") / "kept" / "2019-08.yaml")
    else:
        os.link(kept, progress)
    code, out, err = run_in(
        tmp_path, "update", "A-1", "--month", "2019-08", "--note", "Linked note", "basic"
    )
    assert code == 0, out + err
    assert "Linked note" in kept.read_text(encoding="utf-8")
    if link == "symlink":
        assert progress.is_symlink()
    else:
        assert progress.stat().st_ino == kept.stat().st_ino
    assert not [p.name for p in progress.parent.iterdir() if p.name.startswith(".")]


def test_update_keeps_a_bom_mixed_line_ends_and_tabs_before_comments(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(FIXTURES / "valid" / "minimal", plan)
    progress = plan / "progress" / "2019-08.yaml"
    lines = progress.read_bytes().split(b"\n")
    lines[2] += b"\r"  # one CRLF line among LF lines
    raw = b"\xef\xbb\xbf" + b"\n".join(lines)
    raw = raw.replace(b"status: in_progress\n", b"status: in_progress\t# as validate allows\n", 1)
    progress.write_bytes(raw)
    assert run_in(tmp_path, "validate", "plan")[0] == 0
    code, out, err = run_in(
        tmp_path, "update", "PI-2", "--month", "2019-08", "--note", "new", "--on", "2019-09-01",
        "plan",
    )  # fmt: skip
    assert code == 0, out + err
    after = progress.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf# August 2019")
    assert after.split(b"\n")[2] == lines[2]  # still CRLF
    assert b"status: in_progress\t# as validate allows\n" in after  # outside the edited entry
    assert after.count(b"\r") == 1
    assert b"narrative: new" in after


# --- issue 25, F14: a read-only file is refused; root keeps the owner ------------------------


@pytest.mark.parametrize("mode", [0o444, 0o400])
def test_a_read_only_file_is_refused_and_left_alone(tmp_path: Path, mode: int) -> None:
    from g2g.errors import WriteError

    path = tmp_path / "paper.html"
    path.write_bytes(b"old")
    path.chmod(mode)
    with pytest.raises(WriteError, match=r"paper\.html is read-only - nothing was changed; "):
        atomic_write(path, b"new")
    assert path.read_bytes() == b"old"
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper.html"]


def test_update_refuses_a_read_only_progress_file(tmp_path: Path) -> None:
    plan = tmp_path / "basic"
    shutil.copytree(FIXTURES / "rag" / "basic", plan)
    progress = plan / "progress" / "2019-08.yaml"
    before = progress.read_bytes()
    progress.chmod(0o444)
    code, out, err = run_in(
        tmp_path, "update", "A-1", "--month", "2019-08", "--note", "a note", "basic"
    )
    assert code == 1, out + err
    assert "basic/progress/2019-08.yaml is read-only - nothing was changed" in err
    assert "chmod u+w" in err and "Traceback" not in err
    assert progress.read_bytes() == before
    assert stat.S_IMODE(progress.stat().st_mode) == 0o444


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_roots_write_keeps_the_files_owner_and_group(tmp_path: Path) -> None:
    path = tmp_path / "2019-08.yaml"
    path.write_bytes(b"old")
    os.chown(path, 4321, 4322)
    path.chmod(0o664)
    atomic_write(path, b"new")
    info = path.stat()
    assert path.read_bytes() == b"new"
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (4321, 4322, 0o664)
