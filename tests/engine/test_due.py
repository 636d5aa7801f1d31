"""g2g due: due dates and milestones in a window, overdue first, in every output format."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.engine.due import DueState, Window, due_items
from g2g.output.due import format_due
from g2g.output.formats import TableFormat
from g2g.plan.load import load_plan
from tests.helpers import FIXTURES, SHIPPED

runner = CliRunner()
BASIC = FIXTURES / "cycle" / "basic"
SEPTEMBER = Window.of(dt.date(2019, 9, 1), 12)


def items_for(folder: Path, window: Window = SEPTEMBER) -> list[tuple[str, str, str, str | None]]:
    plan = load_plan(folder)
    assert plan.model is not None
    found = due_items(plan.model.plan.id, plan.model, plan.updates(), window)
    return [(i.state.value, i.date.isoformat(), i.action, i.target) for i in found]


def test_overdue_first_then_due_in_date_order() -> None:
    assert items_for(BASIC) == [
        # PI-2 was due in July and is not complete: the only thing called overdue.
        ("overdue", "2019-07-31", "PI-2", None),
        # 30% of audits Good by August; 24% was recorded for August: missed, not "overdue".
        ("missed", "2019-08-31", "QA-1", "QA-1-audits-good"),
        # The plan records no submission (no status, no submitted date): the statutory
        # deadline (70 working days after the report of 4 March 2019) shows, passed.
        ("passed", "2019-06-14", "", None),
        ("due", "2019-09-30", "SP-2", None),
        ("due", "2019-09-30", "QA-1", "QA-1-audits-done"),
        ("due", "2019-10-31", "SP-1", "SP-1-appraisal"),
        ("due", "2019-10-31", "QA-1", "QA-1-audits-good"),
    ]


def test_complete_actions_and_reached_milestones_are_not_overdue() -> None:
    found = items_for(BASIC)
    assert not [i for i in found if i[2] == "QA-2"]  # complete in August
    assert ("overdue", "2019-07-31", "QA-1", "QA-1-audits-done") not in found  # 12 >= 10


def test_window_edges_are_inclusive(tmp_path: Path) -> None:
    found = items_for(BASIC, Window(dt.date(2019, 9, 30), dt.date(2019, 11, 30)))
    due = [(d, a) for s, d, a, _ in found if s == "due"]
    assert ("2019-09-30", "SP-2") in due
    assert ("2019-11-30", "QA-1") in due


def test_the_latest_update_is_taken_as_of_the_start_month(tmp_path: Path) -> None:
    # Looking from July, QA-2 is not yet complete, and its August due date is in the window.
    found = items_for(BASIC, Window.of(dt.date(2019, 7, 1), 12))
    assert ("due", "2019-08-31", "QA-2", None) in found
    # Looking from October, PI-2's lateness is still reported.
    assert items_for(BASIC, Window.of(dt.date(2019, 10, 1), 4))[0][:3] == (
        "overdue",
        "2019-07-31",
        "PI-2",
    )


def due(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["due", *args])
    return result.exit_code, result.stdout, result.stderr


def test_table_output() -> None:
    code, out, err = due("--from", "2019-09-01", str(BASIC))
    assert code == 0, err
    assert (
        "cycle-test: Due from 2019-09-01 to 2019-11-24: 1 overdue, 1 milestone missed, "
        "1 deadline passed, 4 due in the window"
    ) in out
    lines = out.splitlines()
    assert lines[1].split() == ["Due", "When", "Action", "What", "Status", "Lead"]
    assert "OVERDUE by 32 days" in lines[3]
    assert out.count("OVERDUE") == 1  # only the action
    assert "MISSED, 1 day ago" in lines[4]
    _, md, _ = due("--from", "2019-09-01", "--format", "markdown", str(BASIC))
    assert (
        "| 2019-08-31 | MISSED, 1 day ago | QA-1 | Audits judged Good or Outstanding: 30% expected "
        "(24% in 2019-08: missed, by more than the 10% tolerance) |"
    ) in md
    assert "PASSED 79 days ago" in out and "Plan due with Ofsted" in out
    assert "in 29 days" in out


def test_month_option_starts_on_the_first_day() -> None:
    assert due("--month", "2019-09", str(BASIC))[1] == due("--from", "2019-09-01", str(BASIC))[1]


def test_csv_output() -> None:
    code, out, _ = due("--from", "2019-09-01", "--format", "csv", str(BASIC))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["state"] for r in rows] == ["overdue", "missed", "passed"] + ["due"] * 4
    assert rows[1]["target"] == "QA-1-audits-good"
    assert rows[1]["expected"] == "30.0"
    assert rows[1]["latest_value"] == "24.0"
    assert rows[0]["target"] == ""
    # g2g 0.1's columns keep their places; later ones are added at the end
    header = out.splitlines()[0].split(",")
    assert header[:16] == [
        "plan", "date", "state", "days", "kind", "action", "title", "target", "measure",
        "expected", "unit", "latest_value", "status", "rag", "lead", "area",
    ]  # fmt: skip
    assert header[16:] == ["event", "slippage", "milestone_check", "judged_value", "met_late"]
    assert [r["milestone_check"] for r in rows[:2]] == ["", "missed"]
    assert rows[1]["judged_value"] == "24.0"
    assert rows[2]["kind"] == "plan_deadline"


def test_json_output() -> None:
    code, out, _ = due("--from", "2019-09-01", "--weeks", "4", "--format", "json", str(BASIC))
    assert code == 0
    document = json.loads(out)
    assert (document["from"], document["to"]) == ("2019-09-01", "2019-09-29")
    assert [i["action"] for i in document["items"]] == ["PI-2", "QA-1", ""]
    assert document["items"][0]["days"] == -32


def test_markdown_output_says_overdue_in_words() -> None:
    code, out, _ = due("--from", "2019-09-01", "--format", "markdown", str(BASIC))
    assert code == 0
    assert "| Due | When | Action | What | Status | Lead |" in out
    assert "| 2019-07-31 | OVERDUE by 32 days | PI-2 |" in out


def test_format_due_for_nothing() -> None:
    text = format_due([("x", [])], SEPTEMBER, TableFormat.table)
    assert "nothing falls due" in text
    assert DueState.overdue.value == "overdue"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2019-09", "--from", "2019-09-01"], "not both"),
        (["--from", "1/9/2019"], "is not a date"),
        (["--month", "2019-13"], "is not a month"),
        (["--weeks", "0"], "0 is smaller than 1, the least allowed"),
        (["--format", "pdf"], "pdf"),
    ],
)
def test_misuse_exits_2(args: list[str], message: str) -> None:
    code, _, err = due(*args, str(BASIC))
    assert code == 2
    assert message in err


def test_today_is_the_default_start() -> None:
    code, out, _ = due(str(BASIC))
    assert code == 0
    assert f"Due from {dt.date.today().isoformat()}" in out


def test_a_plan_with_errors_is_refused(tmp_path: Path) -> None:
    shutil.copytree(BASIC, tmp_path / "p")
    (tmp_path / "p" / "progress" / "2019-08.yaml").write_text("month: 2019-08\nupdates: 3\n")
    code, _, err = due("--from", "2019-09-01", str(tmp_path / "p"))
    assert code == 1
    assert "cannot list what falls due: 1 error in the plan files" in err


def test_the_shipped_plan() -> None:
    if not SHIPPED.is_dir():
        pytest.skip("no shipped plan")
    code, out, err = due("--from", "2019-09-01", "--format", "json", str(SHIPPED))
    assert code == 0, err
    items = json.loads(out)["items"]
    dates = [i["date"] for i in items]
    overdue = [i for i in items if i["state"] == "overdue"]
    assert all(i["date"] < "2019-09-01" for i in overdue)
    assert dates[len(overdue) :] == sorted(dates[len(overdue) :])
    assert all("2019-09-01" <= d <= "2019-11-24" for d in dates[len(overdue) :])


def test_a_milestone_met_by_the_latest_value_is_not_overdue(tmp_path: Path) -> None:
    shutil.copytree(BASIC, tmp_path / "p")
    august = tmp_path / "p" / "progress" / "2019-08.yaml"
    august.write_text(
        august.read_text(encoding="utf-8").replace("QA-1-audits-good: 24", "QA-1-audits-good: 31"),
        encoding="utf-8",
    )
    assert ("overdue", "2019-08-31", "QA-1", "QA-1-audits-good") not in items_for(tmp_path / "p")


def test_one_day_is_singular() -> None:
    code, out, _ = due("--from", "2019-08-01", "--weeks", "1", str(BASIC))
    assert code == 0
    assert "OVERDUE by 1 day " in out


# --- passed milestones: missed only on a figure from their month or later -----------------------


def _plan_with(
    tmp_path: Path, plan_edits: dict[str, str], progress: dict[str, dict[str, str]]
) -> Path:
    """A copy of the basic plan with text replaced in plan.yaml and in its progress files."""
    folder = tmp_path / "p"
    shutil.copytree(BASIC, folder)
    path = folder / "plan.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in plan_edits.items():
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    for month, edits in progress.items():
        path = folder / "progress" / f"{month}.yaml"
        text = path.read_text(encoding="utf-8")
        for old, new in edits.items():
            assert old in text
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return folder


AUGUST_AUDITS = {"2019-08": {"{QA-1-audits-good: 24, ": "{"}}
"""The August update without its Good-audits figure."""


def _milestone(folder: Path, month: str = "2019-08") -> tuple[str, str | None]:
    plan = load_plan(folder)
    assert plan.model is not None
    found = [
        i
        for i in due_items(plan.model.plan.id, plan.model, plan.updates(), SEPTEMBER)
        if i.target == "QA-1-audits-good" and i.date.isoformat()[:7] == month
    ]
    assert len(found) <= 1
    if not found:
        return ("not listed", None)
    check = found[0].milestone_check
    return (found[0].state.value, check.value if check else None)


def test_a_short_figure_in_the_milestone_month_is_a_missed_milestone() -> None:
    assert _milestone(BASIC) == ("missed", "missed")  # 24% in Aug 2019 against 30%


def test_a_milestone_with_no_figure_since_its_month_is_passed_not_missed(tmp_path: Path) -> None:
    # The latest figure (22% in July) is older than the August milestone: nothing shows whether
    # August's 30% was met, so it is passed and not judged, never called overdue.
    folder = _plan_with(
        tmp_path,
        {},
        {
            **AUGUST_AUDITS,
            "2019-07": {"QA-1-audits-done: 12": "QA-1-audits-done: 12\n      QA-1-audits-good: 22"},
        },
    )
    assert _milestone(folder) == ("passed", "no_figure_since")
    code, out, err = due("--from", "2019-09-01", "--format", "json", str(folder))
    assert code == 0, err
    item = next(
        i
        for i in json.loads(out)["items"]
        if i["target"] == "QA-1-audits-good" and i["date"] == "2019-08-31"
    )
    assert (item["state"], item["milestone_check"], item["latest_value"]) == (
        "passed",
        "no_figure_since",
        22,
    )
    code, out, _ = due("--from", "2019-09-01", "--format", "markdown", str(folder))
    assert "passed 1 day ago, not judged" in out
    assert "no figure for 2019-08 or after; latest 22% in 2019-07" in out
    # PI-2's due date is the overdue one; the plan's deadline has passed
    assert ": 1 overdue, 1 passed and not judged, 1 deadline passed, " in out


def test_a_milestone_with_no_figure_at_all_is_passed_not_missed(tmp_path: Path) -> None:
    folder = _plan_with(tmp_path, {}, AUGUST_AUDITS)
    assert _milestone(folder) == ("passed", "no_figure_since")


def test_a_figure_that_met_the_milestone_early_is_met(tmp_path: Path) -> None:
    # 31% in July meets August's 30%: met early is met, whatever August did not report.
    folder = _plan_with(
        tmp_path,
        {},
        {
            **AUGUST_AUDITS,
            "2019-07": {"QA-1-audits-done: 12": "QA-1-audits-done: 12\n      QA-1-audits-good: 31"},
        },
    )
    assert _milestone(folder) == ("not listed", None)


POLARITY = "                polarity: higher\n"
LATER_MILESTONES = (
    "                  - {month: 2019-10, value: 55}\n"
    "                  - {month: 2020-03, value: 70}\n"
)


def test_a_milestone_of_a_target_with_no_direction_is_never_missed(tmp_path: Path) -> None:
    # No polarity, no baseline and one milestone: nothing says whether 24% is short of 30% or
    # beyond it, so the milestone is passed and not judged (validate warns polarity-missing).
    folder = _plan_with(
        tmp_path,
        {
            POLARITY + "                baseline: {value: 20, month: 2019-05}\n": "",
            LATER_MILESTONES: "",
        },
        {},
    )
    assert _milestone(folder) == ("passed", "no_direction")
    code, out, err = due("--from", "2019-09-01", "--format", "markdown", str(folder))
    assert code == 0, err
    assert "latest 24%; not judged: no polarity set" in out
    assert "OVERDUE" in out  # PI-2's due date still is
    assert out.count("OVERDUE") == 1


# --- one vocabulary with rag: a milestone is judged by the figure for its own month -----------

SEPTEMBER_UPDATE = """month: 2019-09
updates:
  - action: QA-1
    status: in_progress
    rag: amber
    values: {QA-1-audits-good: 31}
"""


def _audits(tmp_path: Path, august: int, september: int | None = None) -> Path:
    """The basic plan with August's Good-audits figure set to ``august`` (the milestone is 30%,
    10% tolerance: 27 to 30 is within it) and, optionally, a September update."""
    folder = _plan_with(
        tmp_path, {}, {"2019-08": {"QA-1-audits-good: 24,": f"QA-1-audits-good: {august},"}}
    )
    if september is not None:
        (folder / "progress" / "2019-09.yaml").write_text(
            SEPTEMBER_UPDATE.replace("31", str(september)), encoding="utf-8"
        )
    return folder


def _august_row(folder: Path, *args: str) -> dict[str, str]:
    code, out, err = due(*args, "--format", "csv", str(folder))
    assert code == 0, err
    rows = [
        r
        for r in csv.DictReader(io.StringIO(out))
        if r["target"] == "QA-1-audits-good" and r["date"] == "2019-08-31"
    ]
    assert len(rows) <= 1
    return rows[0] if rows else {}


def test_a_milestone_missed_within_tolerance_is_not_overdue(tmp_path: Path) -> None:
    folder = _audits(tmp_path, 28)
    row = _august_row(folder, "--month", "2019-09")
    assert (row["state"], row["milestone_check"], row["judged_value"]) == (
        "missed",
        "missed_within_tolerance",
        "28.0",
    )
    _, md, _ = due("--month", "2019-09", "--format", "markdown", str(folder))
    assert (
        "| 2019-08-31 | missed within tolerance, 1 day ago | QA-1 | Audits judged Good or "
        "Outstanding: 30% expected (28% in 2019-08: missed within the 10% tolerance) |"
    ) in md
    assert "OVERDUE by 32 days | PI-2" in md and md.count("OVERDUE") == 1
    # rag says the same of the same month, in the same words (Amber: within tolerance)
    code, out, err = run_rag(folder, "--month", "2019-08")
    assert code == 0, err
    qa1 = next(r for r in csv.DictReader(io.StringIO(out)) if r["action"] == "QA-1")
    assert (
        "28% against the 30% milestone for Aug 2019, on the way to 55% by Oct 2019 - missed "
        "within the 10% tolerance"
    ) in qa1["derived_reason"]


def test_a_later_figure_shows_met_late_and_never_rewrites_the_month(tmp_path: Path) -> None:
    # 28% in August (within tolerance), 31% in September: judged by August's figure, still
    # missed within tolerance; September's shows it met late.
    folder = _audits(tmp_path, 28, 31)
    row = _august_row(folder, "--month", "2019-10")
    assert (row["state"], row["milestone_check"], row["judged_value"], row["met_late"]) == (
        "missed",
        "missed_within_tolerance",
        "28.0",
        "31% in Sep 2019",
    )
    # Looking from September (as the issue's `due --month 2023-04`): September's figure does
    # not judge August's milestone either.
    row = _august_row(folder, "--month", "2019-09")
    assert (row["milestone_check"], row["judged_value"]) == ("missed_within_tolerance", "28.0")
    # Beyond tolerance, the same: missed, and met late.
    row = _august_row(_audits(tmp_path / "far", 20, 31), "--month", "2019-10")
    assert (row["milestone_check"], row["met_late"]) == ("missed", "31% in Sep 2019")


def test_a_milestone_met_in_its_month_is_not_listed(tmp_path: Path) -> None:
    # honest controls: 30% and 31% in August meet the 30% milestone, whatever came after
    assert _august_row(_audits(tmp_path / "a", 30), "--month", "2019-09") == {}
    assert _august_row(_audits(tmp_path / "b", 31, 25), "--month", "2019-10") == {}


def test_no_figure_for_its_month_is_not_judged_by_a_later_one(tmp_path: Path) -> None:
    # No August figure; September's 25% falls short, September's 31% would meet it: neither
    # judges August. A later figure that meets it shows it met late.
    folder = _plan_with(tmp_path, {}, AUGUST_AUDITS)
    (folder / "progress" / "2019-09.yaml").write_text(
        SEPTEMBER_UPDATE.replace("31", "25"), encoding="utf-8"
    )
    row = _august_row(folder, "--month", "2019-10")
    assert (row["state"], row["milestone_check"], row["met_late"]) == (
        "passed",
        "no_figure_for_month",
        "",
    )
    (folder / "progress" / "2019-09.yaml").write_text(SEPTEMBER_UPDATE, encoding="utf-8")
    row = _august_row(folder, "--month", "2019-10")
    assert (row["state"], row["milestone_check"], row["met_late"]) == (
        "passed",
        "no_figure_for_month",
        "31% in Sep 2019",
    )


def run_rag(folder: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["rag", "--by", "action", "--format", "csv", *args, str(folder)])
    return result.exit_code, result.stdout, result.stderr


# --- the statutory deadline shows until the plan records its submission -----------------------


def _deadline(folder: Path, start: dt.date = dt.date(2019, 5, 1)) -> list[str]:
    found = items_for(folder, Window.of(start, 12))
    return [state for state, day, action, _ in found if action == "" and day == "2019-06-14"]


@pytest.mark.parametrize(
    ("edit", "shown"),
    [
        ("", ["due"]),  # no status: g2g init's default, which reads as live
        ("  status: draft\n", ["due"]),
        ("  status: live\n", ["due"]),  # live, but no submission recorded
        ("  status: submitted\n", []),
        ("  status: accepted\n", []),
        ("  submitted: 2019-04-30\n", []),
        ("  submitted: 2019-07-01\n", ["due"]),  # sent after the window's start: not yet
        ("  history:\n    - {status: submitted, date: 2019-04-20}\n", []),
        ("  history:\n    - {status: live, date: 2019-04-20}\n", ["due"]),
    ],
)
def test_the_plan_deadline_shows_whatever_the_status(
    tmp_path: Path, edit: str, shown: list[str]
) -> None:
    folder = _plan_with(tmp_path, {"    end: 2020-03\n": "    end: 2020-03\n" + edit}, {})
    assert _deadline(folder) == shown
    code, out, err = due("--from", "2019-05-01", str(folder))
    assert code == 0, err
    assert ("Plan due with Ofsted (70 working days after the report)" in out) is bool(shown)


def test_a_passed_deadline_is_passed_never_overdue_and_reaches_the_paper(tmp_path: Path) -> None:
    assert _deadline(BASIC, dt.date(2019, 9, 1)) == ["passed"]
    code, out, err = due("--from", "2019-09-01", "--format", "markdown", str(BASIC))
    assert code == 0, err
    assert "| 2019-06-14 | PASSED 79 days ago | - | Plan due with Ofsted" in out
    result = runner.invoke(
        app, ["report", str(BASIC), "--month", "2019-06", "--format", "markdown"]
    )
    assert result.exit_code == 0, result.stderr
    assert "| 14 Jun 2019 | Plan deadline passed | The plan to be sent to Ofsted" in result.stdout
    # the plan records no submission: the paper says so, and never asserts "Not submitted"
    # (a plan kept from before g2g, such as Oldham 2015's, was sent to Ofsted all the same)
    assert "| No submission recorded in the plan |" in result.stdout
    assert "Not submitted" not in result.stdout
    assert "The plan to be sent to Ofsted (70 working days after the report was published" in (
        result.stdout
    )


BRADFORD = FIXTURES / "plans" / "bradford-2018"


def test_due_and_rag_say_the_same_of_bradfords_march_milestones() -> None:
    # The case: QP-2 missed its 35% March milestone by one point (34%) - Amber in rag,
    # within the 10% tolerance - was "OVERDUE by 31 days" in due. Now both say "missed within
    # the 10% tolerance"; WF-2 (29% against 20%, lower is better) is "missed, by more than the
    # 10% tolerance" in both. Only the two actions past their due dates are overdue.
    code, out, err = due("--month", "2019-04", "--format", "markdown", str(BRADFORD))
    assert code == 0, err
    assert (
        "Due from 2019-04-01 to 2019-06-24: 2 overdue, 4 milestones missed, "
        "1 missed within tolerance, 1 deadline passed, 5 due in the window."
    ) in out  # the heading counts QP-2 as its row words it, not with the misses
    assert (
        "| 2019-03-31 | missed within tolerance, 1 day ago | QP-2 | Children in need case audits "
        "graded good or better: 35% expected (34% in 2019-03: missed within the 10% tolerance) |"
    ) in out
    assert (
        "| 2019-03-31 | MISSED, 1 day ago | WF-2 | Social work posts filled by agency workers: "
        "20% expected (29% in 2019-03: missed, by more than the 10% tolerance) |"
    ) in out
    assert out.count("OVERDUE") == 2
    assert "| OVERDUE by 60 days | WF-1 |" in out and "| OVERDUE by 1 day | VC-1 |" in out
    result = runner.invoke(
        app, ["rag", "--month", "2019-03", "--by", "action", "--format", "csv", str(BRADFORD)]
    )
    reasons = {r["action"]: r["derived_reason"] for r in csv.DictReader(io.StringIO(result.stdout))}
    assert "34% against the 35% milestone for Mar 2019" in reasons["QP-2"]
    assert "- missed within the 10% tolerance" in reasons["QP-2"]
    assert "29% against the 20% milestone for Mar 2019" in reasons["WF-2"]
    assert "- missed, by more than the 10% tolerance" in reasons["WF-2"]
    # the paper's 12-week table, in the same words
    paper = runner.invoke(
        app, ["report", str(BRADFORD), "--month", "2019-03", "--format", "markdown"]
    ).stdout
    assert (
        "| End Mar 2019 | Milestone missed within tolerance | Children in need case audits graded "
        "good or better: 35% | **QP-2** Audits of children in need | Head of Quality Assurance | "
        "34% in Mar 2019 |"
    ) in paper
    assert (
        "| End Mar 2019 | Milestone missed | Social work posts filled by agency workers: 20% |"
        in (paper)
    )
    assert "| 7 Feb 2019 | Plan deadline passed | The plan to be sent to Ofsted" in paper
    rows = [line for line in paper.splitlines() if line.startswith("| End ")]
    assert rows and not [line for line in rows if "overdue" in line.lower()]


def test_a_plan_fresh_from_init_shows_its_deadline(tmp_path: Path) -> None:
    # g2g init leaves status out (the plan reads as live) and submitted unset: the statutory
    # deadline, 70 working days after publication on 1 July 2024, is 8 October 2024.
    folder = tmp_path / "demo"
    made = runner.invoke(
        app,
        [
            "init", str(folder), "--council", "Demo Council", "--inspection-start", "2024-05-13",
            "--inspection-end", "2024-05-24", "--published", "2024-07-01", "--judgement",
            "Requires Improvement to be Good", "--recommendation", "The quality of assessments",
        ],
    )  # fmt: skip
    assert made.exit_code == 0, made.stderr
    assert "\n  status:" not in (folder / "plan.yaml").read_text(encoding="utf-8")
    code, out, err = due("--from", "2024-08-01", "--format", "markdown", str(folder))
    assert code == 0, err
    assert (
        "| 2024-10-08 | in 68 days | - | Plan due with Ofsted (70 working days after the report) |"
    ) in out
    code, out, err = due("--from", "2024-10-09", "--format", "markdown", str(folder))
    assert "| 2024-10-08 | PASSED 1 day ago | - | Plan due with Ofsted" in out
