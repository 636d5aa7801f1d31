"""g2g rag: the shipped plan's Table 1, every output format, --history, errors and exit codes."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.escape import md_cell
from g2g.output import rag as rag_output

TESTS = Path(__file__).resolve().parents[1]
RAG_FIXTURES = TESTS / "fixtures" / "rag"
BASIC = RAG_FIXTURES / "basic"
SHIPPED = TESTS.parent / "plans" / "oldham-2019"

runner = CliRunner()
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def rag(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run ``g2g rag`` and return the exit code, stdout and stderr."""
    result = runner.invoke(app, ["rag", *map(str, args)], env=env)
    return result.exit_code, result.stdout, result.stderr


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def basic(tmp_path: Path) -> Path:
    """A writable copy of the basic fixture plan."""
    target = tmp_path / "basic"
    shutil.copytree(BASIC, target)
    return target


# --- acceptance: Table 1 of seed 002 ------------------------------------------------------

TABLE_1 = {
    "Standards of Practice": (0, 6, 0),
    "Practice Improvement": (1, 8, 1),
    "Learning and Development": (0, 3, 0),
    "Quality Assurance": (0, 5, 1),
}


def test_shipped_plan_august_2019_is_table_1() -> None:
    code, out, err = rag("--month", "2019-08", "--format", "csv", SHIPPED)
    assert code == 0, err
    found = {
        row["name"]: (int(row["green"]), int(row["amber"]), int(row["red"])) for row in rows_of(out)
    }
    total = found.pop("Total")
    assert found == TABLE_1
    assert total == (1, 22, 2)
    assert {row["not_reported"] for row in rows_of(out)} == {"0"}
    assert rows_of(out)[-1]["rating"] == "Amber"


def test_shipped_plan_table_shows_table_1_and_amber_overall() -> None:
    code, out, err = rag("--month", "2019-08", SHIPPED)
    assert code == 0, err
    for area, (green, amber, red) in TABLE_1.items():
        n = green + amber + red
        assert re.search(rf"{area}\s+{green}\s+{amber}\s+{red}\s+0\s+{n}\s+{n} of {n}\s", out)
    # every action reported: 25 of 25 rated, a colour; PI-5 (Amber) is challenged (Red)
    assert re.search(r"Total\s+1\s+22\s+2\s+0\s+25\s+25 of 25\s+Amber\s+New\s+1\s", out)
    assert "Overall: Amber - the plan is Amber overall" in out


# --- the table ----------------------------------------------------------------------------


def test_default_is_the_latest_month_by_area_as_words_without_colour_codes() -> None:
    code, out, _ = rag(BASIC)
    assert code == 0
    assert "Basic Test Plan - Aug 2019" in out
    assert "compared with Jul 2019" in out
    assert re.search(
        r"Standards of Practice\s+1\s+1\s+0\s+1\s+3\s+0\s+2 of 3\s+Amber\s+Unchanged\s+2", out
    )
    # B-2 starts in Sep 2019: outside the total, in its own column after it.
    assert re.search(r"Total\s+2\s+2\s+0\s+1\s+5\s+1\s+3 of 4\s+Amber\s+Unchanged\s+2", out)
    assert "Complete: 1 of 5 actions complete (1 not started yet; not counted)" in out
    assert "Blue" not in out  # a RAG plan has no Blue column
    assert not ANSI.search(out)  # piped: words only


def test_the_exceptions_and_changes_follow_the_table() -> None:
    _, out, _ = rag(BASIC)
    lines = out.splitlines()
    start = lines.index("Exceptions:")
    assert lines[start + 1 : start + 5] == [
        "  Challenge: A-1 Appraisals - recorded Green, but the evidence gives Red: due 31 Jul "
        "2019, not complete",
        "  Challenge: A-2 Audits - recorded Amber, but the evidence gives Red: Audits judged Good "
        "or Outstanding: 24% against 41% expected for Aug 2019, on the way to 55% by Oct 2019 - "
        "behind by more than the 10% tolerance; at the rate achieved since Apr 2019 (13%), 2.8 "
        "percentage points a month, which reaches 29.5% by Oct 2019 against the 55% milestone - "
        "out of reach",
        "  Overdue: A-1 Appraisals - due 31 Jul 2019, not complete",
        "  Not reported: A-3 Supervision - no update for Aug 2019; last known Amber in Jul 2019 "
        "(1 month old)",
    ]
    assert lines[start + 5] == "Changes since Jul 2019:"
    assert "  A-1 Appraisals: Amber to Green (improved)" in lines


def test_colour_comes_with_its_word_on_a_terminal_and_not_under_no_color() -> None:
    _, coloured, _ = rag(BASIC, env={"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"})
    assert ANSI.search(coloured)
    plain = ANSI.sub("", coloured)
    assert re.search(r"Standards of Practice\s+1\s+1\s+0\s+1\s+3\s+0\s+2 of 3\s+Amber", plain)
    _, no_colour, _ = rag(BASIC, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    colours = [c for c in ANSI.findall(no_colour) if re.search(r"[34][0-9]|38;|48;", c)]
    assert colours == []
    assert "Amber" in no_colour


def test_several_plans_give_one_section_each() -> None:
    code, out, _ = rag(RAG_FIXTURES)
    assert code == 0
    assert "Basic Test Plan - Aug 2019" in out
    assert "Second Test Plan - Aug 2019" in out
    assert "Overall: Red - the plan is Red overall" in out
    assert "  Red: Q-1 Audit schedule - recorded Red; the rules give Amber: in progress" in out
    assert "Changes: Aug 2019 is the first reported month" in out


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        (
            "objective",
            r"SP-O1: Good practice\s+1\s+1\s+0\s+1\s+3\s+0\s+2 of 3\s+Amber\s+Unchanged\s+2",
        ),
        ("recommendation", r"R2: The internal audit of\s+0\s+2\s+0\s+0\s+2\s+0\s+2 of 2\s+Amber"),
        ("lead", r"Director\s+1\s+1\s+0\s+0\s+2\s+1\s+1 of 1\s+Amber"),
        ("action", r"A-1\s+Appraisals\s+In progress\s+Green, challenged: the\s+Red\s+Improved"),
    ],
)
def test_by(by: str, expected: str) -> None:
    code, out, _ = rag("--by", by, BASIC)
    assert code == 0
    assert re.search(expected, out), out


def test_by_action_shows_a_status_from_an_older_update_with_its_month() -> None:
    _, out, _ = rag("--by", "action", BASIC)
    assert re.search(r"A-3\s+Supervision\s+In progress \(Jul 2019\)\s+Not reported\s+Amber", out)
    assert re.search(
        r"B-2\s+Training\s+Not started: starts Sep 2019\s+Not started\s+Not judged\s+Unchanged",
        out,
    )
    assert re.search(r"B-3\s+Handbook\s+Complete since Aug 2019\s+Green\s+Green\s+Improved", out)


def test_a_brag_plan_shows_blue(basic: Path) -> None:
    plan = basic / "plan.yaml"
    plan.write_text(plan.read_text().replace("scale: rag", "scale: brag"))
    progress = basic / "progress" / "2019-08.yaml"
    progress.write_text(progress.read_text().replace("complete, rag: green", "complete, rag: blue"))
    code, out, err = rag(basic)
    assert code == 0, err
    assert re.search(r"Green\s+Amber\s+Red\s+Blue\s+reported", out)
    assert re.search(r"Practice Improvement\s+0\s+1\s+0\s+1\s+0\s+2\s+1", out)


def test_a_month_without_updates_is_all_not_reported() -> None:
    code, out, _ = rag("--month", "2019-11", BASIC)
    assert code == 0
    # B-3 was completed in Aug: still complete (Green), never "not reported"; but it is no
    # colour for the plan when none of the 5 live actions is rated (issue 22)
    assert re.search(r"Total\s+1\s+0\s+0\s+5\s+6\s+0 of 5\s+Not enough reported\s+Not\s+0", out)
    assert (
        "Overall: Not enough reported (0 of 5) - no updates at all are recorded for Nov 2019; "
        "0 of 5 live actions rated" in out
    )
    assert "No updates at all are recorded for Nov 2019. Rated: 0 of 5 live actions" in out
    assert "Complete: 1 of 6 actions complete" in out
    assert "Green" not in out.split("Exceptions:")[0].split("Ratings by")[1].replace(
        "Green ", "", 1
    )  # the header's "Green" column is the only Green above the exceptions
    assert "B-3 Handbook - no update" not in out


# --- other formats ------------------------------------------------------------------------


def test_markdown() -> None:
    code, out, _ = rag("--format", "markdown", BASIC)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "## Basic Test Plan - Aug 2019"
    header = (
        "| Plan area | Green | Amber | Red | Not reported | Total | Not started | Rated | Rating "
        "| Trend | Challenged |"
    )
    assert header in lines
    assert (
        "| Standards of Practice | 1 | 1 | 0 | 1 | 3 | 0 | 2 of 3 | Amber | Unchanged | 2 |"
        in lines
    )
    assert "| **Total** | 2 | 2 | 0 | 1 | 5 | 1 | 3 of 4 | Amber | Unchanged | 2 |" in lines
    assert any(line.startswith("**Overall: Amber") for line in lines)
    assert "- **Overdue**: A-1 Appraisals - due 31 Jul 2019, not complete" in lines
    assert "### Changes since Jul 2019" in lines


def test_markdown_escapes_pipes_and_newlines(basic: Path) -> None:
    plan = basic / "plan.yaml"
    text = plan.read_text().replace(
        "text: Good practice standards are known and used",
        'text: "Standards | known\\nand used"',
    )
    plan.write_text(text)
    code, out, err = rag("--format", "markdown", "--by", "objective", basic)
    assert code == 0, err
    row = next(line for line in out.splitlines() if line.startswith("| SP-O1"))
    assert (
        row == "| SP-O1: Standards \\| known<br>and used | 1 | 1 | 0 | 1 | 3 | 0 | 2 of 3 | Amber "
        "| Unchanged | 2 |"
    )
    assert md_cell("a|b\r\nc") == "a\\|b<br>c"


def test_csv_by_area() -> None:
    code, out, _ = rag("--format", "csv", BASIC)
    assert code == 0
    assert out.splitlines()[0] == ",".join(rag_output.GROUP_CSV_HEADER)
    rows = rows_of(out)
    assert [(r["id"], r["name"], r["total"], r["rating"]) for r in rows] == [
        ("SP", "Standards of Practice", "3", "Amber"),
        ("PI", "Practice Improvement", "2", "Amber"),
        ("", "Total", "5", "Amber"),
    ]
    assert rows[0]["not_reported"] == "1"
    assert (rows[1]["not_started"], rows[1]["complete"]) == ("1", "1")


def test_csv_by_action_quotes_text_properly() -> None:
    code, out, _ = rag("--format", "csv", "--by", "action", BASIC)
    assert code == 0
    rows = {r["action"]: r for r in rows_of(out)}
    assert list(rows) == ["A-1", "A-2", "A-3", "B-1", "B-2", "B-3"]
    assert rows["A-1"]["overdue"] == "yes"
    assert rows["A-1"]["challenge"].startswith("recorded Green, but the evidence gives Red")
    # the stable columns first, new ones only at the end
    assert rag_output.ACTION_CSV_HEADER[:16] == (
        "plan", "month", "action", "title", "area", "objective", "lead", "status",
        "recorded", "derived", "reported", "previous", "trend", "overdue", "challenge",
        "derived_reason",
    )  # fmt: skip
    assert (rows["B-2"]["stage"], rows["B-2"]["reported"]) == ("not_started", "Not started")
    assert (rows["B-3"]["stage"], rows["B-3"]["since"]) == ("complete", "2019-08")
    assert rows["A-2"]["derived_reason"].startswith(
        "Audits judged Good or Outstanding: 24% against"
    )
    assert rows["A-3"]["recorded"] == "Not reported"
    assert rows["B-2"]["derived"] == "Not judged"
    assert rows["B-2"]["challenge"] == rows["B-2"]["evidence_requested"] == ""


def test_csv_of_several_plans_names_each() -> None:
    _, out, _ = rag("--format", "csv", RAG_FIXTURES)
    assert {r["plan"] for r in rows_of(out)} == {"basic", "second"}


def test_json_is_the_full_engine_result() -> None:
    code, out, _ = rag("--format", "json", RAG_FIXTURES)
    assert code == 0
    data = json.loads(out)
    assert [d["plan"] for d in data] == ["basic", "second"]
    basic = data[0]
    assert list(basic) == [
        "plan",
        "title",
        "month",
        "previous_month",
        "scale",
        "reported_policy",
        "overall",
        "totals",
        "actions",
        "by_area",
        "by_objective",
        "by_recommendation",
        "by_lead",
        "changes",
        "exceptions",
        "notes",
        "by_task_group",
        "plan_moves",
        "no_updates",
        "coverage",
    ]
    assert basic["totals"]["live"] == 4 and basic["totals"]["rated"] == 3
    assert basic["totals"]["challenged"] == 2
    assert basic["by_area"][0]["counts"]["challenged"] == 2
    a1 = next(a for a in basic["actions"] if a["action"] == "A-1")
    assert a1["challenged_by"] == "red"
    assert basic["by_task_group"] == []  # the fixture has no task groups
    assert basic["month"] == "2019-08"
    assert basic["totals"]["not_reported"] == 1
    assert basic["by_area"][0]["counts"]["amber"] == 1
    assert basic["exceptions"][0]["kind"] == "challenge"


# --- history ------------------------------------------------------------------------------


def test_history_table_by_action() -> None:
    code, out, _ = rag("--history", "--by", "action", BASIC)
    assert code == 0
    assert re.search(r"Jun 2019\s+Jul 2019\s+Aug 2019", out)
    assert re.search(r"A-3: Supervision\s+Red\s+Amber\s+Not reported", out)
    # June's Green for B-1 is one the evidence contradicts: marked in every month's cell
    assert re.search(r"B-1: Caseloads\s+Green, challenged: the evidence\s+Amber\s+Amber", out)
    _, md, _ = rag("--history", "--by", "action", "--format", "markdown", BASIC)
    assert (
        "| A-2: Audits | Amber, challenged: the evidence gives Red | Amber, challenged: the "
        "evidence gives Red | Amber, challenged: the evidence gives Red |"
    ) in md.splitlines()
    assert "| B-3: Handbook | Amber | Amber | Green |" in md.splitlines()  # control
    assert re.search(r"Overall\s+Amber\s+Amber\s+Amber", out)
    assert re.search(r"B-2: Training\s+Not started\s+Not started\s+Not started", out)


def test_history_up_to_a_month_by_area() -> None:
    code, out, _ = rag("--history", "--month", "2019-07", BASIC)
    assert code == 0
    assert "Aug 2019" not in out
    assert re.search(r"Standards of Practice\s+Amber\s+Amber", out)


def test_history_markdown_csv_and_json(basic: Path) -> None:
    (basic / "progress" / "2019-07.yaml").unlink()
    _, md, _ = rag("--history", "--format", "markdown", basic)
    assert "| Plan area | Jun 2019 | Jul 2019 | Aug 2019 |" in md.splitlines()
    # no update at all in Jul: no colour for any roll-up, with the coverage
    assert (
        "| Standards of Practice | Amber | Not enough reported (0 of 3) | Amber |"
        in md.splitlines()
    )
    assert "| Overall | Amber | Not enough reported (0 of 5) | Amber |" in md.splitlines()
    _, text, _ = rag("--history", "--format", "csv", "--by", "action", basic)
    rows = {r["id"]: r for r in rows_of(text)}
    assert rows["A-3"]["2019-06"] == "Red"
    assert rows["A-3"]["2019-07"] == "Not reported"
    assert rows[""]["name"] == "Overall"
    _, raw, _ = rag("--history", "--format", "json", basic)
    data = json.loads(raw)
    assert data[0]["months"] == ["2019-06", "2019-07", "2019-08"]
    assert data[0]["ratings"][2]["previous_month"] == "2019-06"


# --- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize("month", ["2019-13", "Aug-2019", "2019-8"])
def test_a_malformed_month_is_a_usage_error(month: str) -> None:
    code, out, err = rag("--month", month, BASIC)
    assert code == 2
    assert f"'{month}' is not a month - write it as YYYY-MM" in err
    assert "Traceback" not in out + err


def test_a_month_outside_the_plan_is_a_usage_error() -> None:
    code, out, err = rag("--month", "2021-01", BASIC)
    assert code == 2
    assert "2021-01 is outside the plan period of 'Basic Test Plan' (2019-04 to 2020-03)" in err
    assert out == ""
    assert "Traceback" not in err


def test_an_invalid_plan_exits_1_with_its_errors(basic: Path) -> None:
    plan = basic / "plan.yaml"
    plan.write_text(plan.read_text().replace("addresses: [R3]", "addresses: [R9]", 1))
    code, out, err = rag(basic)
    assert code == 1
    assert re.search(r"plan\.yaml:\d+:\d+: error: 'R9' is not a finding", err)
    assert "cannot rate: 1 error in the plan files" in err
    assert out == ""
    assert "Traceback" not in err


def test_an_unreadable_progress_file_exits_1(basic: Path) -> None:
    (basic / "progress" / "2019-08.yaml").write_text("month: 2019-08\nupdates: [oops\n")
    code, _, err = rag(basic)
    assert code == 1
    assert "2019-08.yaml" in err
    assert "Traceback" not in err


def test_no_such_path_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = rag(tmp_path / "nowhere")
    assert code == 2
    assert "no such file or folder" in err


@pytest.mark.parametrize("command", ["rag", "report", "validate", "due"])
def test_a_month_given_as_a_path_is_told_about_month(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, [command, "2019-08"])
    assert result.exit_code == 2
    assert result.stderr.strip().endswith(
        "2019-08: no such file or folder - give a plan folder or plan file (for the month, "
        "give --month 2019-08 to a command that takes one)"
    )
    # not every dated-looking name is a month: 2019-13 is only told to give a plan
    result = CliRunner().invoke(app, [command, "2019-13"])
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("give a plan folder or plan file")


def test_a_plan_without_progress_needs_a_month(basic: Path) -> None:
    shutil.rmtree(basic / "progress")
    code, _, err = rag(basic)
    assert code == 2
    assert "no progress updates yet, so there is no month to rate" in err
    code, out, _ = rag("--month", "2019-05", basic)
    assert code == 0
    assert re.search(r"Total\s+0\s+0\s+0\s+5\s+5\s+1\s+0 of 5\s+Not enough", out)


def test_help_lists_the_options() -> None:
    result = runner.invoke(app, ["rag", "--help"])
    assert result.exit_code == 0
    for option in ("--month", "--by", "--format", "--history"):
        assert option in result.stdout


# --- --by task_group ------------------------------------------------------------------------

TASK_GROUPS = """  task_groups:
    - id: practice-standards
      name: Practice Standards Task Group
      lead: Head of Service
      areas: [SP]
    - id: learning
      name: Learning Task Group
"""


def _with_task_groups(plan_dir: Path, groups: str = TASK_GROUPS) -> Path:
    plan = plan_dir / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("\ninspections:", f"{groups}\ninspections:", 1), encoding="utf-8")
    return plan


def test_by_task_group_groups_actions_by_the_group_holding_their_area(basic: Path) -> None:
    _with_task_groups(basic)
    assert runner.invoke(app, ["validate", str(basic)]).exit_code == 0
    code, out, err = rag("--by", "task_group", "--format", "csv", basic)
    assert code == 0, err
    rows = {row["name"]: row for row in rows_of(out)}
    assert list(rows) == [
        "Practice Standards Task Group",
        "Learning Task Group",
        "No task group",
        "Total",
    ]
    # The same counts as the areas: SP is the task group's, PI (held by none) is "No task group".
    _, by_area, _ = rag("--format", "csv", basic)
    areas = {row["name"]: row for row in rows_of(by_area)}
    for group, area in (
        ("Practice Standards Task Group", "Standards of Practice"),
        ("No task group", "Practice Improvement"),
        ("Total", "Total"),
    ):
        for column in ("green", "amber", "red", "not_reported", "total", "rating"):
            assert rows[group][column] == areas[area][column], (group, column)
    assert rows["Learning Task Group"]["total"] == "0"
    assert {row["by"] for row in rows.values()} == {"task_group"}


def test_by_task_group_follows_an_area_naming_its_group(basic: Path) -> None:
    plan = _with_task_groups(basic)
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace(
            "    name: Practice Improvement\n",
            "    name: Practice Improvement\n    task_group: Learning Task Group\n",
            1,
        ),
        encoding="utf-8",
    )
    assert runner.invoke(app, ["validate", str(basic)]).exit_code == 0
    code, out, err = rag("--by", "task_group", "--format", "csv", basic)
    assert code == 0, err
    rows = {row["name"]: row for row in rows_of(out)}
    assert "No task group" not in rows
    assert rows["Learning Task Group"]["total"] == "2"
    assert rows["Practice Standards Task Group"]["total"] == "3"


def test_by_task_group_in_the_table_markdown_and_history(basic: Path) -> None:
    _with_task_groups(basic)
    code, out, err = rag("--by", "task_group", basic)
    assert code == 0, err
    assert "Task group" in out
    assert re.search(r"No task group\s+1\s+1\s+0\s+0\s+2\s+1\s+1 of 1\s+Amber", out)
    code, out, err = rag("--by", "task_group", "--format", "markdown", basic)
    assert code == 0, err
    assert "| Practice Standards Task Group |" in out
    code, out, err = rag("--by", "task_group", "--history", "--format", "csv", basic)
    assert code == 0, err
    assert "No task group" in out


def test_by_task_group_on_a_plan_without_task_groups_is_misuse(basic: Path) -> None:
    code, out, err = rag("--by", "task_group", basic)
    assert code == 2
    assert out == ""
    assert "basic has no task groups" in err
    assert "plan.task_groups" in err
    assert "Traceback" not in err


def test_by_task_group_skips_plans_without_task_groups_with_a_note(tmp_path: Path) -> None:
    shutil.copytree(BASIC, tmp_path / "with")
    shutil.copytree(BASIC, tmp_path / "without")
    plan = _with_task_groups(tmp_path / "with")
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("id: basic", "id: grouped", 1), encoding="utf-8"
    )
    code, out, err = rag("--by", "task_group", "--format", "csv", tmp_path)
    assert code == 0, err
    assert {row["plan"] for row in rows_of(out)} == {"grouped"}
    assert "basic: skipped - it has no task groups" in err


def test_shipped_plan_by_task_group_keeps_table_1_totals() -> None:
    # Seed 000's two task and finish groups hold no plan area, so every action of Table 1 is
    # under "No task group" and the groups show no actions rather than invented ones.
    code, out, err = rag("--month", "2019-08", "--by", "task_group", "--format", "csv", SHIPPED)
    assert code == 0, err
    rows = {row["name"]: row for row in rows_of(out)}
    assert rows["Social workers’ accommodation move Task and Finish Group"]["total"] == "0"
    assert rows["Signs of Safety Task and Finish Group"]["total"] == "0"
    no_group = rows["No task group"]
    assert (no_group["green"], no_group["amber"], no_group["red"]) == ("1", "22", "2")
    assert rows["Total"]["rating"] == "Amber"


def test_a_task_group_holding_no_area_shows_no_actions_never_not_reported(basic: Path) -> None:
    # the Learning Task Group holds no area, so it has no action: its row says so, rather than
    # "Not reported", which would say its actions went unreported
    _with_task_groups(basic)
    code, out, err = rag("--by", "task_group", "--format", "csv", basic)
    assert code == 0, err
    rows = {row["name"]: row for row in rows_of(out)}
    assert (rows["Learning Task Group"]["total"], rows["Learning Task Group"]["rating"]) == (
        "0",
        "No actions",
    )
    assert rows["Practice Standards Task Group"]["rating"] == "Amber"
    code, out, err = rag("--by", "task_group", "--format", "markdown", basic)
    assert code == 0, err
    assert "| Learning Task Group | 0 | 0 | 0 | 0 | 0 | 0 | 0 of 0 | No actions |" in out
    code, out, err = rag("--by", "task_group", basic)
    assert code == 0, err
    assert re.search(r"Learning Task Group(\s+0){6}\s+0 of 0\s+No actions", out)
    for fmt in ("table", "markdown", "csv"):
        code, out, err = rag("--by", "task_group", "--history", "--format", fmt, basic)
        assert code == 0, err
        line = next(x for x in out.splitlines() if "Learning Task Group" in x)
        assert "No actions" in line and "Not reported" not in line


def test_the_shipped_plans_task_and_finish_groups_are_not_called_not_reported() -> None:
    code, out, err = rag("--month", "2019-08", "--by", "task_group", "--format", "csv", SHIPPED)
    assert code == 0, err
    rows = {row["name"]: row for row in rows_of(out)}
    assert rows["Signs of Safety Task and Finish Group"]["rating"] == "No actions"
    assert rows["No task group"]["rating"] == "Amber"


def test_json_rates_a_group_with_no_action_no_actions(basic: Path) -> None:
    _with_task_groups(basic)
    code, out, err = rag("--format", "json", basic)
    assert code == 0, err
    groups = {g["name"]: g for g in json.loads(out)[0]["by_task_group"]}
    learning = groups["Learning Task Group"]
    assert (learning["actions"], learning["rating"]) == ([], "no_actions")
    assert learning["reason"] == "the group holds no action"
    assert groups["Practice Standards Task Group"]["rating"] == "amber"
    code, out, err = rag("--month", "2019-08", "--format", "json", SHIPPED)
    assert code == 0, err
    shipped = json.loads(out)[0]
    ratings = {g["key"]: g["rating"] for g in shipped["by_task_group"]}
    assert ratings == {"accommodation": "no_actions", "signs-of-safety": "no_actions", "": "amber"}
    assert all(row["rating"] != "no_actions" for row in shipped["by_area"])


def test_a_brag_plan_rolls_up_as_the_same_plan_on_rag(tmp_path: Path) -> None:
    # Oldham 2015 with its completed actions Blue: every area, objective and the plan keep the
    # rating they have on RAG (Blue counts with Green in the majority rule)
    source = TESTS / "fixtures" / "plans" / "oldham-2015"
    brag = tmp_path / "brag"
    shutil.copytree(source, brag)
    plan = brag / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("scale: rag", "scale: brag", 1))
    changed = 0
    for path in (brag / "progress").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        new = text.replace("status: complete\n    rag: green", "status: complete\n    rag: blue")
        changed += text.count("status: complete\n    rag: green")
        path.write_text(new, encoding="utf-8")
    assert changed >= 2
    for by in ("area", "objective"):
        rows = {}
        for folder in (source, brag):
            code, out, err = rag("--month", "2016-01", "--by", by, "--format", "csv", folder)
            assert code == 0, err
            rows[folder] = {r["name"]: r["rating"] for r in rows_of(out)}
        assert rows[brag] == rows[source]
        assert "Blue" not in rows[brag].values()


def same_title(tmp_path: Path) -> None:
    """Oldham 2019 and a copy of it under another id (a revision before its title changed)."""
    shutil.copytree(SHIPPED, tmp_path / "oldham-2019")
    copy = tmp_path / "oldham-2019-copy"
    shutil.copytree(SHIPPED, copy)
    plan_file = copy / "plan.yaml"
    plan_file.write_text(
        plan_file.read_text(encoding="utf-8").replace("  id: oldham-2019\n", "  id: copy-2019\n"),
        encoding="utf-8",
    )


@pytest.mark.parametrize("history", [False, True], ids=["month", "history"])
@pytest.mark.parametrize("output_format", ["table", "markdown"])
def test_two_plans_with_one_title_are_told_apart_by_id(
    tmp_path: Path, history: bool, output_format: str
) -> None:
    same_title(tmp_path)
    bradford = TESTS / "fixtures" / "plans" / "bradford-2018"
    shutil.copytree(bradford, tmp_path / "bradford-2018")
    args = [tmp_path, "--format", output_format, "--month", "2019-08", "--no-cache"]
    code, out, err = rag(*args, *(["--history"] if history else []))
    assert code == 0, err
    title = "Getting to Good Children’s Improvement Plan"
    assert f"{title} (oldham-2019) - " in out
    assert f"{title} (copy-2019) - " in out
    assert f"{title} - " not in out  # never the bare, ambiguous title
    # Bradford's title is its own: shown as it is, with no id
    assert "Children's Services Statement of Action - " in out
    assert "(bradford-2018)" not in out


def test_kpi_tells_plans_with_one_title_apart_too(tmp_path: Path) -> None:
    same_title(tmp_path)
    for output_format in ("table", "markdown"):
        result = runner.invoke(
            app, ["kpi", str(tmp_path), "--month", "2019-08", "--format", output_format]
        )
        assert result.exit_code == 0, result.stderr
        title = "Getting to Good Children’s Improvement Plan"
        assert f"{title} (oldham-2019) - service figures" in result.stdout
        assert f"{title} (copy-2019) - service figures" in result.stdout
