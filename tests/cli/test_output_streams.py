"""Standard output ends the way a person expects (issues 24 and 25, F21): a reader that stops
early is not an error, an output that cannot be written is a message and exit 2, and neither
is ever a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, SHIPPED, run_in

G2G = [sys.executable, "-m", "g2g"]
PLAN = str(SHIPPED / "oldham-2019")
COMMANDS = [
    ["rag", PLAN, "--by", "action"],
    ["rag", PLAN, "--format", "csv"],
    ["kpi", PLAN],
    ["due", PLAN, "--from", "2019-09-01"],
    ["report", PLAN, "--format", "markdown"],
    ["validate", "--format", "json", PLAN],
]


def _run(args: list[str], stdout: int | None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*G2G, *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:1] + a[2:]))
def test_a_reader_that_closed_the_pipe_is_not_an_error(args: list[str]) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader has gone before g2g writes a line: every write is EPIPE
    try:
        done = _run(args, write)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", COMMANDS[:2], ids=lambda a: " ".join(a[:1] + a[2:]))
def test_a_full_disk_is_a_message_and_exit_2(args: list[str]) -> None:
    with Path("/dev/full").open("w") as full:
        done = _run(args, full.fileno())
    assert done.returncode == 2
    assert done.stderr == (
        "g2g: cannot write the output: No space left on device - write it to a disk with "
        "room (--output FILE, or > FILE)\n"
    )


def test_a_closed_standard_output_is_a_message_and_exit_2() -> None:
    done = subprocess.run(
        [*G2G, "rag", PLAN],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=300,
        check=False,
        pass_fds=(),
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 2
    assert done.stderr == (
        "g2g: cannot write the output: standard output is closed - give g2g somewhere to "
        "write it (> FILE)\n"
    )


def test_a_closed_output_still_lets_a_paper_be_written_to_a_file(tmp_path: Path) -> None:
    paper = tmp_path / "paper.md"
    done = subprocess.run(
        [*G2G, "report", PLAN, "--format", "markdown", "--output", str(paper)],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=300,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 0, done.stderr
    assert paper.read_text(encoding="utf-8").startswith("# ")


@pytest.mark.parametrize(
    "folder", [SHIPPED / "oldham-2019", FIXTURES / "plans" / "bradford-2018"], ids=lambda p: p.name
)
def test_dash_as_the_output_file_is_standard_output(tmp_path: Path, folder: Path) -> None:
    code, shown, err = run_in(tmp_path, "report", str(folder), "--format", "markdown")
    assert code == 0, err
    code, out, err = run_in(tmp_path, "report", str(folder), "--format", "markdown", "-o", "-")
    assert (code, err) == (0, "")
    assert out == shown and out.startswith("# ")
    code, out, err = run_in(tmp_path, "schema", "progress", "-o", "-")
    assert code == 0 and out.startswith("{")
    assert list(tmp_path.iterdir()) == []  # no file called "-"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("report", "--format", "docx"), "a docx paper is a file, not for standard output"),
        (("report", "--format", "pdf"), "a pdf paper is a file, not for standard output"),
        (("export", "--format", "xlsx"), "a workbook is a file, not for standard output"),
    ],
)
def test_a_binary_output_is_not_sent_to_standard_output(
    tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    code, out, err = run_in(tmp_path, *args, "-o", "-", str(SHIPPED / "oldham-2019"))
    assert code == 2
    assert said in err and out == ""
    assert list(tmp_path.iterdir()) == []
