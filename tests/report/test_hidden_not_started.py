"""A plan that hides actions before their start (``rag_policy.not_started: hide``): the paper
is made (it raised a KeyError in the tracker), leaves the hidden actions out of the tracker,
and a finding answered only by them shows them as not started, never "Not reported" and never
"No action answers it". Oldham 2015 in Sep 2015 (HP-7 starts Oct, CL-1 Nov)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, run_in


@pytest.fixture
def hiding(tmp_path: Path) -> Path:
    target = tmp_path / "oldham-2015"
    shutil.copytree(FIXTURES / "plans" / "oldham-2015", target)
    plan = target / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "    scale: rag\n" in text
    plan.write_text(
        text.replace("    scale: rag\n", "    scale: rag\n    not_started: hide\n", 1),
        encoding="utf-8",
    )
    return target


def test_the_paper_of_a_plan_hiding_actions_before_their_start(hiding: Path) -> None:
    code, out, err = run_in(hiding, "report", "--month", "2015-09", "--format", "markdown", ".")
    assert code == 0, err
    assert "Traceback" not in err
    assert "Not reported" not in out.split("## 2. ")[1].split("## 5.")[0]
    assert "No action answers it" not in out
    for finding, action in (("R10", "CL-1"), ("R15", "HP-7")):
        row = next(x for x in out.splitlines() if x.startswith(f"| **{finding}** "))
        assert (
            f"| {action} " in row and ": ⚪ Not started | ⚪ Not started<br>1 Not started |" in row
        )
    tracker = out.split("Tracker")[-1]
    assert "**HP-7**" not in tracker and "**CL-1**" not in tracker
    assert "**HP-1**" in tracker
    # October: HP-7 live (its start month), CL-1 still hidden
    code, out, err = run_in(hiding, "report", "--month", "2015-10", "--format", "markdown", ".")
    assert code == 0, err
    row = next(x for x in out.splitlines() if x.startswith("| **R15** "))
    assert "HP-7 Recording of allegations against adults who work with children: 🟠 Amber" in row
    for fmt in ("html", "docx"):
        target = hiding / f"paper.{fmt}"
        code, _, err = run_in(
            hiding, "report", "--month", "2015-09", "--format", fmt, "-o", str(target), "."
        )
        assert code == 0, err
        assert target.stat().st_size > 0
