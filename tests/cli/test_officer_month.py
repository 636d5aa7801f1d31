"""A lead officer's month on a copy of the shipped plan, as a transcript a reviewer reads top to
bottom: tests/golden/officer-month.txt.

September 2019 on Oldham's plan: the month is started, updates are recorded - with the everyday
mistakes (an empty value from an empty shell variable, a decimal comma, a typo'd action id, a
compound rating) and their fixes - then the plan is validated and the month rated. Every command
and everything it printed (stdout, then stderr) is kept with its exit code; paths are relative
to the folder the commands run in, so the transcript is the same on every machine.

The test regenerates the transcript and compares it with the golden file. To accept a change:
``G2G_UPDATE_GOLDEN=1 pytest tests/cli/test_officer_month.py`` (or ``make golden`` where the
Makefile has it), then read the diff.
"""

from __future__ import annotations

import difflib
import os
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from g2g.cli.app import app
from tests.helpers import ROOT, SHIPPED

GOLDEN = ROOT / "tests" / "golden" / "officer-month.txt"
PLAN = "oldham-2019"
ON = ["--on", "2019-09-20"]

# (what the officer meant, the command) - comments become part of the transcript.
SCRIPT: list[tuple[str, list[str]]] = [
    ("Start September: one entry per live action, last month's status filled in.", []),
    ("", ["month", "2019-09", PLAN]),
    ("The head of service records SP-1; $APPRAISAL was never set in her shell.", []),
    (
        "",
        [
            "update",
            "SP-1",
            "--month",
            "2019-09",
            "--rag",
            "amber",
            "--value",
            "SP-1-annual-appraisal=",
            *ON,
            PLAN,
        ],
    ),
    ("Nothing was lost; she gives the figure.", []),
    (
        "",
        [
            "update",
            "SP-1",
            "--month",
            "2019-09",
            "--rag",
            "amber",
            "--value",
            "SP-1-annual-appraisal=71",
            "--note",
            "Appraisals 71% complete; the rest booked for October",
            "--by",
            "Head of Service",
            *ON,
            PLAN,
        ],
    ),
    ("The QA lead types the audit figure the way her spreadsheet shows it.", []),
    (
        "",
        [
            "update",
            "PI-4",
            "--month",
            "2019-09",
            "--value",
            "PI-4-plan-audits-good=25,5",
            *ON,
            PLAN,
        ],
    ),
    (
        "",
        [
            "update",
            "PI-4",
            "--month",
            "2019-09",
            "--value",
            "PI-4-plan-audits-good=25.5",
            "--rag",
            "amber",
            "--by",
            "Head of QA",
            *ON,
            PLAN,
        ],
    ),
    ("A typo in the action id.", []),
    ("", ["update", "QA1", "--month", "2019-09", "--rag", "red", *ON, PLAN]),
    (
        "",
        [
            "update",
            "QA-1",
            "--month",
            "2019-09",
            "--rag",
            "red",
            "--note",
            "Audit programme behind schedule",
            "--by",
            "Head of QA",
            *ON,
            PLAN,
        ],
    ),
    ("A rating between two colours, as the old spreadsheet allowed.", []),
    ("", ["update", "QA-2", "--month", "2019-09", "--rag", "Amber/Green", *ON, PLAN]),
    (
        "",
        [
            "update",
            "QA-2",
            "--month",
            "2019-09",
            "--rag",
            "green",
            "--note",
            "Audit schedule agreed and running",
            "--by",
            "Head of QA",
            *ON,
            PLAN,
        ],
    ),
    ("A figure recorded by mistake is taken back on purpose: null says 'not available'.", []),
    (
        "",
        [
            "update",
            "PI-4",
            "--month",
            "2019-09",
            "--value",
            "PI-4-plan-audits-good=null",
            *ON,
            PLAN,
        ],
    ),
    ("Before the board: what is still missing, every problem in one run.", []),
    ("", ["validate", PLAN]),
    ("", ["validate", "--strict", PLAN]),
    ("The month's RAG summary for the paper.", []),
    ("", ["rag", "--month", "2019-09", PLAN]),
    ("In October the head of service is first, before anyone has run g2g month.", []),
    (
        "",
        [
            "update",
            "SP-1",
            "--month",
            "2019-10",
            "--rag",
            "amber",
            "--value",
            "SP-1-annual-appraisal=84",
            "--by",
            "Head of Service",
            "--on",
            "2019-10-18",
            PLAN,
        ],
    ),
]


def run_script(folder: Path) -> str:
    """Run SCRIPT in ``folder`` (holding a copy of the plan) and return the transcript."""
    runner = CliRunner()
    out: list[str] = []
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        for comment, args in SCRIPT:
            if comment:
                out.append(f"# {comment}")
                continue
            result = runner.invoke(app, args, env={"COLUMNS": "120", "NO_COLOR": "1"})
            out.append("$ g2g " + shlex.join(args))
            text = result.stdout + result.stderr
            out.extend(line.rstrip() for line in text.rstrip("\n").split("\n") if text)
            out.append(f"[exit {result.exit_code}]")
            out.append("")
    finally:
        os.chdir(cwd)
    return "\n".join(out).rstrip("\n") + "\n"


def test_officer_month_transcript(tmp_path: Path) -> None:
    shutil.copytree(SHIPPED / PLAN, tmp_path / PLAN)
    transcript = run_script(tmp_path)
    assert "Traceback" not in transcript
    if os.environ.get("G2G_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(transcript, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    if transcript != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), transcript.splitlines(), "golden", "now", lineterm=""
        )
        pytest.fail(
            "the transcript differs from tests/golden/officer-month.txt (G2G_UPDATE_GOLDEN=1 "
            "rewrites it):\n" + "\n".join(diff)
        )
    # The story the transcript tells, checked by itself too.
    assert transcript.count("[exit 2]") == 3  # empty value, decimal comma, compound rating
    assert transcript.count("[exit 1]") == 2  # the typo'd id; --strict on the missing updates
    assert "did you mean 'QA-1'" in transcript
    assert "write the decimal with a point: 25.5" in transcript
    assert "pick one of amber or green" in transcript
    assert "PI-4-plan-audits-good not available (was 25.5)" in transcript
    assert "24 other live actions have no update for 2019-10 yet" in transcript
