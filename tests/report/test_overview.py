"""The many-plans overview's counts: exact numbers on the fixture plans (bradford-2018 and
oldham-2015, checked against their EXPECTED.md) and the shipped plan, in months before some
actions start and after some complete. Only live actions are "not reported"; actions before
their start are counted in their own "Not started" column, outside the actions in force."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from g2g.engine.month import evaluate
from g2g.plan.load import load_plan
from g2g.report.overview import PlanRow, plan_row
from tests.helpers import FIXTURES, ROOT, run_in

PLANS = FIXTURES / "plans"
BRADFORD = PLANS / "bradford-2018"
OLDHAM_2015 = PLANS / "oldham-2015"
OLDHAM_2019 = ROOT / "plans" / "oldham-2019"

COUNTS = ("red", "amber", "green", "blue", "not_reported", "not_started", "actions")
FLAGS = ("challenges", "overdue")


def row(folder: Path, month: str) -> PlanRow:
    plan = load_plan(folder)
    assert plan.model is not None
    return plan_row(plan, evaluate(plan.model, plan.updates(), month))


def numbers(found: PlanRow) -> tuple[int, ...]:
    return tuple(getattr(found, name) for name in (*COUNTS, *FLAGS))


@pytest.mark.parametrize(
    ("folder", "month", "expected"),
    [
        # Dec 2018: VC-2 (starts Feb 2019) and LAC-2 (starts Jan 2019) not started; FD-1
        # complete (Green); PG-3 challenged (out of reach)
        (BRADFORD, "2018-12", (0, 10, 4, 0, 0, 2, 14, 1, 0)),
        # Jan 2019: LAC-2 live in its start month; FD-1 complete in a month without its update
        (BRADFORD, "2019-01", (2, 9, 4, 0, 0, 1, 15, 1, 0)),
        # Mar 2019 (EXPECTED.md's roll-up): Green 4 + 2 complete, Amber 8, Red 1, LAC-1 not
        # reported; challenges FD-2, WF-1, LAC-2, PG-3; WF-1 overdue
        (BRADFORD, "2019-03", (1, 8, 6, 0, 1, 0, 16, 4, 1)),
        # Sep 2015: HP-7 (starts Oct 2015) and CL-1 (starts Nov 2015) not started; CL-3 out
        # of reach
        (OLDHAM_2015, "2015-09", (0, 9, 4, 0, 0, 2, 13, 1, 0)),
        # Oct 2015: CL-1 still not started; LAC-3 completes; LMG-2 and HP-2 Red
        (OLDHAM_2015, "2015-10", (2, 7, 5, 0, 0, 1, 14, 1, 0)),
        # Jan 2016 (EXPECTED.md): Green 6 + 2 complete, Amber 5, Red 1, HP-6 not reported;
        # challenges HP-2, HP-7, CL-2, CL-3; CL-2 overdue; LAC-3 never "not reported"
        (OLDHAM_2015, "2016-01", (1, 5, 8, 0, 1, 0, 15, 4, 1)),
        # the shipped plan, Table 1 of seed 002: Green 1, Amber 22, Red 2; PI-5 challenged
        (OLDHAM_2019, "2019-08", (2, 22, 1, 0, 0, 0, 25, 1, 0)),
    ],
)
def test_the_overview_row_counts_each_action_once(
    folder: Path, month: str, expected: tuple[int, ...]
) -> None:
    found = row(folder, month)
    assert numbers(found) == expected
    # the rating columns add up to the actions in force; not started ones are apart
    assert found.red + found.amber + found.green + found.blue + found.not_reported == (
        found.actions
    )


def test_an_action_added_with_a_later_start_only_adds_to_not_started(tmp_path: Path) -> None:
    folder = tmp_path / "bradford-2018"
    shutil.copytree(BRADFORD, folder)
    plan = folder / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    anchor = "          - id: FD-2\n"
    assert text.count(anchor) == 1
    added = (
        "          - id: FD-9\n"
        "            title: Added later\n"
        "            description: An action added to the plan, starting after Mar 2019\n"
        "            lead: Head of Service\n"
        "            timescale: {start: 2019-06, due: 2019-12}\n"
        "            addresses: [R1]\n"
        "            evidence_of_success: Done\n"
    )
    plan.write_text(text.replace(anchor, added + anchor), encoding="utf-8")
    for month in ("2018-12", "2019-01", "2019-02", "2019-03"):
        before, after = numbers(row(BRADFORD, month)), numbers(row(folder, month))
        not_started = COUNTS.index("not_started")
        assert after[not_started] == before[not_started] + 1
        assert after[:not_started] + after[not_started + 1 :] == (
            before[:not_started] + before[not_started + 1 :]
        )


def latest_at(source: Path, target: Path, last: str) -> None:
    """A copy of a plan whose progress stops at ``last`` (its latest month)."""
    shutil.copytree(source, target)
    for update in (target / "progress").glob("*.yaml"):
        if update.stem > last:
            update.unlink()


def table_rows(markdown: str) -> dict[str, list[str]]:
    """The overview's table, by plan id: the cells after the Plan column."""
    found = {}
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) >= 13 and cells[0] != "Council":
            plan = cells[1].rsplit("(", 1)[-1].rstrip(")")
            found[plan] = cells[2:]
    return found


def test_the_overview_paper_has_the_not_started_column(tmp_path: Path) -> None:
    root = tmp_path / "plans"
    latest_at(BRADFORD, root / "bradford-2018", "2018-12")
    latest_at(OLDHAM_2015, root / "oldham-2015", "2015-09")
    code, out, err = run_in(tmp_path, "report", "plans", "--format", "markdown")
    assert code == 0, err
    header = next(x for x in out.splitlines() if x.startswith("| Council |"))
    assert "| Not reported | Not started | Actions |" in header
    rows = table_rows(out)
    # Month, Overall, Rated, Since last month, Red, Amber, Green, Not reported, Not started,
    # Actions, Challenged, Overdue
    assert rows["bradford-2018"] == [
        *("Dec 2018", "🟠 Amber", "13 of 13", "New"),
        *("0", "10", "4", "0", "2", "14", "1", "0"),
    ]
    assert rows["oldham-2015"] == [
        *("Sep 2015", "🟠 Amber", "13 of 13", "New"),
        *("0", "9", "4", "0", "2", "13", "1", "0"),
    ]
    code, out, err = run_in(tmp_path, "report", "plans", "--format", "html")
    assert code == 0, err
    assert '<th scope="col" class="num">Not started</th>' in out
    assert (
        '<td class="num">0</td><td class="num">2</td><td class="num">14</td>'
        '<td class="num">1</td><td class="num">0</td></tr>'
    ) in out


def test_the_overview_of_the_fixture_plans_at_their_latest_months() -> None:
    code, out, err = run_in(ROOT, "report", str(PLANS), "--format", "markdown")
    assert code == 0, err
    rows = table_rows(out)
    assert rows["bradford-2018"] == [
        *("Mar 2019", "🟠 Amber", "13 of 14", "Unchanged"),
        *("1", "8", "6", "1", "0", "16", "4", "1"),
    ]
    # Dec 2015 Amber (7 Green, 7 Amber of 15), Jan 2016 Green (8 of 14) only because HP-6
    # (Amber in Dec) is not reported in Jan: on the 14 actions rated in both months it is Green
    # both times, so the rise is not comparable (issue 22: like with like), never "Improved"
    assert rows["oldham-2015"] == [
        *("Jan 2016", "🟢 Green", "12 of 13", "Not comparable"),
        *("1", "5", "8", "1", "0", "15", "4", "1"),
    ]


SPARSE_MARCH = """month: 2019-03
updates:
  - action: FD-3
    status: in_progress
    rag: amber
  - action: QP-1
    status: in_progress
    rag: green
"""


def test_a_plan_with_not_enough_reported_has_no_colour_in_the_overview(tmp_path: Path) -> None:
    # Planted: Bradford's March with two of its live actions reported. Control: oldham-2015 at
    # January 2016 (12 of 13 rated) keeps its colour.
    root = tmp_path / "plans"
    shutil.copytree(BRADFORD, root / "bradford-2018")
    shutil.copytree(OLDHAM_2015, root / "oldham-2015")
    (root / "bradford-2018" / "progress" / "2019-03.yaml").write_text(SPARSE_MARCH)
    code, out, err = run_in(tmp_path, "report", "plans", "--format", "markdown")
    assert code == 0, err
    rows = table_rows(out)
    # PG-1's completion was in the March update left out, so 15 are live
    assert rows["bradford-2018"][:4] == [
        "Mar 2019",
        "⚪ Not enough reported (2 of 15)",
        "2 of 15",
        "Not comparable",
    ]
    assert rows["oldham-2015"][:3] == ["Jan 2016", "🟢 Green", "12 of 13"]
    # "overall" goes with the colours, never after "without an overall rating"
    assert "2 plans: 1 Green overall; 1 without an overall rating." in out
    assert "rating overall" not in out
    # the key says which actions are live without reading as "not complete, or closed"
    assert "not started or closed" not in out
    assert "Rated: live actions (started, and neither complete nor closed)" in out
    code, html, err = run_in(tmp_path, "report", "plans", "--format", "html")
    assert code == 0, err
    assert "Not enough reported (2 of 15)" in html
