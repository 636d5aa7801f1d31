"""Counts of one read as one (issue 24: "1 actions"): every command's output on plans where
many counts are one (the minimal plan: a lead officer with one action, one plan, one month)
and on the shipped and Bradford plans carries no "1 <noun>s"."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, SHIPPED, run_in

NOUNS = (
    "action|update|plan|file|figure|row|cell|day|month|target|recommendation|error|warning"
    "|measure|milestone|week|finding|area|lead|return|objective|line|item|paper|meeting"
)
# "1 of 1 live actions rated" too: the noun after "of M" agrees with M
ONE_PLURAL = re.compile(rf"(?<![\d.,])\b1 (?:live )?(?:{NOUNS})s\b|\b1 rows were\b")

PLANS = {
    "minimal": FIXTURES / "valid" / "minimal",
    "oldham-2019": SHIPPED / "oldham-2019",
    "bradford-2018": FIXTURES / "plans" / "bradford-2018",
}
NEXT_MONTH = {"minimal": "2019-09", "oldham-2019": "2019-09", "bradford-2018": "2019-03"}
"""The month after each plan's latest update: its next returns, and the day 'due' looks from."""


@pytest.fixture(params=sorted(PLANS))
def plan(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    folder = tmp_path / request.param
    shutil.copytree(PLANS[request.param], folder)
    return folder


def _outputs(plan: Path) -> list[tuple[str, str]]:
    here = plan.parent
    name = plan.name
    runs = [
        ["validate", name],
        *(["rag", name, "--format", f] for f in ("table", "markdown", "csv", "json")),
        ["rag", name, "--by", "lead"],
        ["rag", name, "--by", "recommendation", "--format", "json"],
        ["due", name, "--weeks", "52", "--from", f"{NEXT_MONTH[name]}-01"],
        ["kpi", name],
        ["returns", name, "--month", NEXT_MONTH[name], "--output-dir", "returns"],
        ["export", "--format", "xlsx", "--output", "tracker.xlsx", name],
        ["report", name, "--format", "markdown"],
    ]
    out = []
    for args in runs:
        code, stdout, stderr = run_in(here, *args)
        assert code in (0, 1), (args, stderr)
        out.append((" ".join(args), stdout + stderr))
    return out


def test_no_count_of_one_takes_a_plural(plan: Path) -> None:
    found = [
        (command, match.group(0))
        for command, text in _outputs(plan)
        for match in ONE_PLURAL.finditer(text)
    ]
    assert found == []


def test_the_returns_line_counts_one_action_as_one(tmp_path: Path) -> None:
    plan = tmp_path / "minimal"
    shutil.copytree(PLANS["minimal"], plan)
    code, out, _ = run_in(
        tmp_path, "returns", "minimal", "--month", "2019-09", "--output-dir", "returns"
    )
    assert code == 0
    assert re.search(r"Wrote .*: [^,]+, 1 action, \d+ figures?\b", out), out
