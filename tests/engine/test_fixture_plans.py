"""The two held-out plans written from the seeds (tests/fixtures/plans/: Bradford 2018 from
seed 004, Oldham 2015 from seed 001), each with planted problems and honest controls: every
flag g2g raises, month by month, exactly as each plan's EXPECTED.md says, read through the
stable CSV interface of ``g2g rag --by action --format csv``."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from g2g.cli.app import app
from tests.helpers import FIXTURES, run_in

PLANS = FIXTURES / "plans"

Flags = dict[str, set[str]]
"""Flag kind -> the actions that carry it."""

# Planted problems: a (Green behind its trajectory), b (Green past its due date), c (start
# passed, nothing started), d (milestone out of reach at the rate so far), i (live, no update).
# Controls that must stay quiet: e (Green ahead of trajectory), f (Green, no figures: an
# evidence request only), g (completed, absent later), h (not yet started), j (honest ratings).
EXPECTED: dict[str, dict[str, Flags]] = {
    "bradford-2018": {
        "2018-12": {
            "challenge": {"PG-3"},
            "evidence": {"QP-1", "WF-1"},
            "not_started": {"VC-2", "LAC-2"},
            "complete": {"FD-1"},
        },
        "2019-01": {
            "red": {"FD-2", "WF-2"},
            "challenge": {"PG-3"},
            "evidence": {"QP-1", "WF-1"},
            "not_started": {"VC-2"},
            "complete": {"FD-1"},
        },
        "2019-02": {
            "red": {"WF-2"},
            "challenge": {"FD-2", "WF-1", "LAC-2", "PG-3"},
            "overdue": {"WF-1"},
            "evidence": {"QP-1"},
            "complete": {"FD-1"},
        },
        "2019-03": {
            "red": {"WF-2"},
            "challenge": {"FD-2", "WF-1", "LAC-2", "PG-3"},
            "overdue": {"WF-1"},
            "not_reported": {"LAC-1"},
            "evidence": {"QP-1"},
            "complete": {"FD-1", "PG-1"},
        },
    },
    "oldham-2015": {
        "2015-09": {
            "challenge": {"CL-3"},
            "evidence": {"HP-3", "CL-2"},
            "not_started": {"HP-7", "CL-1"},
        },
        "2015-10": {
            "red": {"HP-2", "LMG-2"},
            "challenge": {"CL-3"},
            "evidence": {"HP-3", "CL-2"},
            "not_started": {"CL-1"},
            "complete": {"LAC-3"},
        },
        "2015-11": {
            "red": {"LMG-2"},
            "challenge": {"HP-2", "HP-7", "CL-3"},
            "evidence": {"HP-3", "CL-2"},
            "complete": {"LAC-3"},
        },
        "2015-12": {
            "red": {"LMG-2"},
            "challenge": {"HP-2", "HP-7", "CL-2", "CL-3"},
            "overdue": {"CL-2"},
            "evidence": {"HP-3"},
            "complete": {"LAC-3"},
        },
        "2016-01": {
            "red": {"LMG-2"},
            "challenge": {"HP-2", "HP-7", "CL-2", "CL-3"},
            "overdue": {"CL-2"},
            "not_reported": {"HP-6"},
            "evidence": {"HP-3"},
            "complete": {"LAC-3", "HP-1"},
        },
    },
}

# The fact each challenge of the latest month must name.
FACTS = {
    "bradford-2018": {
        "FD-2": "55% against the 85% milestone for Mar 2019",
        "WF-1": "due 31 Jan 2019, not complete",
        "LAC-2": "not started, due to start Jan 2019",
        "PG-3": "reaches 45% by May 2019 against the 90% milestone - out of reach",
    },
    "oldham-2015": {
        "HP-2": "88% against the 100% milestone for Jan 2016",
        "HP-7": "not started, due to start Oct 2015",
        "CL-2": "due 30 Nov 2015, not complete",
        "CL-3": "reaches 59% by Mar 2016 against the 95% milestone - out of reach",
    },
}


def rows(plan: str, *args: str) -> list[dict[str, str]]:
    code, out, err = run_in(PLANS / plan, "rag", ".", *args)
    assert code == 0, err
    return list(csv.DictReader(io.StringIO(out)))


def flags(found: list[dict[str, str]]) -> Flags:
    out: Flags = {}

    def add(kind: str, action: str) -> None:
        out.setdefault(kind, set()).add(action)

    for row in found:
        action = row["action"]
        if row["reported"] == "Red":
            add("red", action)
        if row["challenge"]:
            add("challenge", action)
        if row["overdue"] == "yes":
            add("overdue", action)
        if row["reported"] == "Not reported":
            add("not_reported", action)
        if row["evidence_requested"]:
            add("evidence", action)
        if row["stage"] in ("not_started", "complete"):
            add(row["stage"], action)
    return out


CASES = [(plan, month) for plan, months in EXPECTED.items() for month in months]


@pytest.mark.parametrize(("plan", "month"), CASES, ids=[f"{p}-{m}" for p, m in CASES])
def test_every_flag_of_every_month(plan: str, month: str) -> None:
    found = rows(plan, "--by", "action", "--format", "csv", "--month", month)
    assert flags(found) == EXPECTED[plan][month]
    for row in found:
        # only a live action can be not reported; a complete one is never
        if row["reported"] == "Not reported":
            assert row["stage"] == "live"
        if row["stage"] == "complete":
            assert row["reported"] == "Green"
        # a challenge and a request for evidence never go together
        assert not (row["challenge"] and row["evidence_requested"])


@pytest.mark.parametrize("plan", list(FACTS))
def test_each_challenge_names_its_contradicting_fact(plan: str) -> None:
    latest = max(EXPECTED[plan])
    found = {r["action"]: r for r in rows(plan, "--by", "action", "--format", "csv")}
    assert {r["month"] for r in found.values()} == {latest}
    for action, fact in FACTS[plan].items():
        assert fact in found[action]["challenge"], found[action]["challenge"]


@pytest.mark.parametrize(
    ("plan", "action", "cells"),
    [
        ("bradford-2018", "FD-1", ["Green", "Green", "Green", "Green"]),
        ("bradford-2018", "VC-2", ["Not started", "Not started", "Amber", "Amber"]),
        ("bradford-2018", "LAC-1", ["Amber", "Amber", "Amber", "Not reported"]),
        ("oldham-2015", "LAC-3", ["Amber", "Green", "Green", "Green", "Green"]),
        ("oldham-2015", "CL-1", ["Not started", "Not started", "Amber", "Amber", "Amber"]),
        ("oldham-2015", "", ["Amber", "Amber", "Amber", "Amber", "Green"]),
    ],
)
def test_history(plan: str, action: str, cells: list[str]) -> None:
    found = {r["id"]: r for r in rows(plan, "--history", "--by", "action", "--format", "csv")}
    months = sorted(EXPECTED[plan])
    assert [found[action][m] for m in months] == cells


def test_a_measure_without_polarity_shows_the_change_not_a_verdict() -> None:
    code, out, _ = run_in(PLANS / "bradford-2018", "kpi", ".", "--format", "csv")
    assert code == 0
    found = {r["measure"]: r for r in csv.DictReader(io.StringIO(out))}
    contacts = found["contacts-front-door"]
    assert (contacts["previous"], contacts["value"], contacts["trend"]) == (
        "2640",
        "2775",
        "changed",
    )
    assert found["referrals"]["trend"] == "worsened"  # lower is better: it has a polarity
    _, table, _ = run_in(PLANS / "bradford-2018", "kpi", ".", "--format", "markdown")
    assert "| Changed: 2,640 -\\> 2,775 |" in table  # ">" escaped for Markdown


def test_a_figure_judged_by_a_trajectory_says_so_beside_its_target() -> None:
    # sw-caseload-average (20.8, lower is better) misses the measure's end target of 18, but
    # WF-3's trajectory expects 21 in Mar 2019: Green by that trajectory, and the table says so
    # rather than printing "18 | Green" with nothing to explain it
    _, table, _ = run_in(PLANS / "bradford-2018", "kpi", ".", "--format", "markdown")
    row = next(x for x in table.splitlines() if "| Average caseload per social worker |" in x)
    assert "| 20.8 | Mar 2019 | 18 | Green (against WF-3-average-caseload's trajectory) |" in row
    code, out, _ = run_in(PLANS / "bradford-2018", "kpi", ".", "--format", "csv")
    assert code == 0
    found = {r["measure"]: r for r in csv.DictReader(io.StringIO(out))}
    assert found["sw-caseload-average"]["rating"] == "Green"  # CSV: the word, reason apart
    assert "21 milestone for Mar 2019" in found["sw-caseload-average"]["reason"]
    # a measure with its own target and no trajectory keeps the plain word
    _, table, _ = run_in(PLANS / "oldham-2015", "kpi", ".", "--format", "markdown")
    row = next(x for x in table.splitlines() if "newly-qualified" in x)
    assert "| Red |" in row and "trajectory" not in row


def test_the_terminal_table_also_says_a_figure_was_judged_by_a_trajectory() -> None:
    # the default table printed "20.8 ... 18 ... Green" with no word of the trajectory (the
    # Markdown had it): a member reading the terminal saw a Green 2.8 above its target
    wide = {"COLUMNS": "250"}  # one line a row, wherever the test runs
    result = CliRunner().invoke(app, ["kpi", str(PLANS / "bradford-2018")], env=wide)
    assert result.exit_code == 0
    row = next(x for x in result.stdout.splitlines() if "Average caseload per social" in x)
    assert " 20.8 " in row and " 18 " in row
    assert "Green (against WF-3-average-caseload's trajectory)" in row
    # a measure with its own target and no trajectory keeps the plain word
    result = CliRunner().invoke(app, ["kpi", str(PLANS / "oldham-2015")], env=wide)
    row = next(x for x in result.stdout.splitlines() if "newly-qualified" in x)
    assert " Red " in row and "trajectory" not in result.stdout
