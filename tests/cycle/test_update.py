"""g2g update: records one update, touches nothing else, refuses what would be invalid."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.cycle.update import (
    UpdateRequest,
    clean_note,
    parse_number,
    parse_value_option,
    record_update,
)
from g2g.errors import CycleError, CycleUsageError
from g2g.io.yamlread import read_yaml
from g2g.plan.load import load_plan
from g2g.plan.model_base import Rag, Status
from g2g.plan.validate import validate_paths
from tests.helpers import FIXTURES, SHIPPED

runner = CliRunner()
BASIC = FIXTURES / "cycle" / "basic"
ON = "2019-08-30"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    target = tmp_path / "basic"
    shutil.copytree(BASIC, target)
    return target


def august(plan: Path) -> Path:
    return plan / "progress" / "2019-08.yaml"


def update(plan: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["update", *args, "--on", ON, str(plan)])
    return result.exit_code, result.stdout, result.stderr


def entry(plan: Path, month: str, action: str) -> dict[str, object]:
    path = plan / "progress" / f"{month}.yaml"
    data = read_yaml(str(path), path.read_bytes()).data
    found = [e for e in data["updates"] if e["action"] == action]
    assert len(found) == 1
    return dict(found[0])


def assert_only_between(old: str, new: str, before: str, after: str) -> None:
    """``new`` equals ``old`` up to the ``before`` marker and from the ``after`` marker on."""
    head = old[: old.index(before)]
    tail = old[old.index(after) :]
    assert new.startswith(head)
    assert new.endswith(tail)
    assert new != old


# --- what is recorded --------------------------------------------------------------------


def test_update_records_every_field_and_reads_back(plan: Path) -> None:
    code, out, err = update(
        plan,
        "SP-1",
        "--month",
        "2019-08",
        "--rag",
        "green",
        "--status",
        "awaiting_sign_off",
        "--note",
        "Appraisals done",
        "--value",
        "SP-1-appraisal=81.5",
        "--by",
        "J. Smith",
    )
    assert code == 0, err
    assert "Recorded SP-1" in out
    recorded = load_plan(plan).updates()["2019-08"]["SP-1"]
    assert recorded.rag is Rag.green
    assert recorded.status is Status.awaiting_sign_off
    assert recorded.narrative == "Appraisals done"
    assert recorded.values == {"SP-1-appraisal": 81.5}
    assert recorded.updated_by == "J. Smith"
    assert recorded.updated_on == dt.date(2019, 8, 30)
    assert validate_paths([plan]).errors() == []


def test_the_file_is_byte_identical_outside_the_edited_entry(plan: Path) -> None:
    old = august(plan).read_text()
    code, _, err = update(
        plan,
        "SP-2",
        "--month",
        "2019-08",
        "--rag",
        "green",
        "--status",
        "complete",
        "--note",
        "Handbook signed off",
    )
    assert code == 0, err
    new = august(plan).read_text()
    assert_only_between(old, new, "  - action: SP-2", "\n\n  # Quality Assurance")
    sp2 = new[new.index("  - action: SP-2") : new.index("\n\n  # Quality Assurance")]
    assert "status: 'complete'" in sp2  # quoting kept
    assert 'rag: "green"' in sp2
    assert "# the lead asked for this note to stay" in sp2  # comment kept
    assert sp2.index("updated_by: A. Jones") < sp2.index("updated_on: 2019-08-30")


def test_flow_mapping_values_are_edited_in_place(plan: Path) -> None:
    old = august(plan).read_text()
    code, _, err = update(plan, "QA-1", "--month", "2019-08", "--value", "QA-1-audits-good=26")
    assert code == 0, err
    new = august(plan).read_text()
    assert_only_between(old, new, "  - action: QA-1", "\n\n  - action: QA-2")
    assert "values: {QA-1-audits-good: 26, QA-1-audits-done: 45}" in new


def test_last_entry_edit_keeps_the_end_comment(plan: Path) -> None:
    old = august(plan).read_text()
    code, _, err = update(plan, "PI-2", "--month", "2019-08", "--rag", "red", "--by", "Lead")
    assert code == 0, err
    new = august(plan).read_text()
    assert_only_between(old, new, "  - action: PI-2", "\n\n# end of August\n")
    assert "  - action: PI-2    # overdue since July\n" in new


def test_a_missing_entry_is_added_at_the_end_of_the_list(plan: Path) -> None:
    september = plan / "progress" / "2019-09.yaml"
    september.write_text(
        "month: 2019-09\nupdates:\n  - action: SP-1\n    status: in_progress\n    rag: amber\n"
        "\n# keep me last\n"
    )
    old = september.read_text()
    code, out, err = update(plan, "SP-2", "--month", "2019-09", "--rag", "amber")
    assert code == 0, err
    new = september.read_text()
    assert new.startswith(old.split("\n# keep me last")[0])
    assert new.endswith("\n# keep me last\n")
    assert entry(plan, "2019-09", "SP-2")["rag"] == "amber"
    assert entry(plan, "2019-09", "SP-2")["status"] == "in_progress"  # from August
    assert "Recorded SP-2" in out


def test_a_missing_month_file_is_created(plan: Path) -> None:
    code, out, err = update(plan, "SP-1", "--month", "2019-10", "--rag", "amber")
    assert code == 0, err
    assert "new file" in out
    assert entry(plan, "2019-10", "SP-1")["rag"] == "amber"
    assert validate_paths([plan]).errors() == []


def test_note_file_and_null_value(plan: Path, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("First paragraph.   \n\nSecond: with a colon.\n\n", encoding="utf-8")
    code, _, err = update(
        plan,
        "QA-1",
        "--month",
        "2019-08",
        "--note-file",
        str(note),
        "--value",
        "QA-1-audits-good=null",
    )
    assert code == 0, err
    recorded = entry(plan, "2019-08", "QA-1")
    assert recorded["narrative"] == "First paragraph.\n\nSecond: with a colon."
    assert recorded["values"] == {"QA-1-audits-good": None, "QA-1-audits-done": 45}


def test_crlf_file_stays_crlf(plan: Path) -> None:
    path = august(plan)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    old = path.read_bytes()
    code, _, err = update(plan, "SP-1", "--month", "2019-08", "--rag", "green", "--note", "Done")
    assert code == 0, err
    new = path.read_bytes()
    assert b"\n" not in new.replace(b"\r\n", b"")
    assert new.startswith(old[: old.index(b"  - action: SP-1")])
    assert new.endswith(old[old.index(b"\r\n\r\n  - action: SP-2") :])


@pytest.mark.parametrize(
    "number", ["0", "100", "33.333333333333336", "1e-07", "99.99999999999999", "4.5e1", "62.50"]
)
def test_value_reads_back_as_the_same_number(plan: Path, number: str) -> None:
    code, _, err = update(plan, "SP-1", "--month", "2019-08", "--value", f"SP-1-appraisal={number}")
    assert code == 0, err
    stored = entry(plan, "2019-08", "SP-1")["values"]
    assert isinstance(stored, dict)
    assert stored["SP-1-appraisal"] == float(number)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.floats(min_value=0, max_value=100, allow_nan=False))
def test_any_percentage_reads_back_exactly(plan: Path, number: float) -> None:
    request = UpdateRequest(
        "SP-1", "2019-08", values={"SP-1-appraisal": number}, updated_on=dt.date(2019, 8, 30)
    )
    result = record_update(plan, request, today=dt.date(2019, 9, 1))
    assert result.update.values["SP-1-appraisal"] == number
    stored = entry(plan, "2019-08", "SP-1")["values"]
    assert isinstance(stored, dict)
    assert stored["SP-1-appraisal"] == number


def test_the_shipped_plan_is_edited_in_place(tmp_path: Path) -> None:
    shipped = SHIPPED / "oldham-2019"
    progress = sorted((shipped / "progress").glob("*.yaml")) if shipped.is_dir() else []
    if not progress:
        pytest.skip("the shipped plan has no progress file yet")
    copy = tmp_path / "oldham"
    shutil.copytree(shipped, copy)
    path = copy / "progress" / progress[-1].name
    old = path.read_text(encoding="utf-8")
    data = read_yaml(str(path), old.encode("utf-8")).data
    items = data["updates"]
    index = len(items) // 2
    action = items[index]["action"]
    month = data["month"]
    code, _, err = update(copy, action, "--month", month, "--by", "Test Officer")
    assert code == 0, err
    new = path.read_text(encoding="utf-8")
    old_lines, new_lines = old.split("\n"), new.split("\n")
    first = items.item_pos[index][0] - 1
    after = items.item_pos[index + 1][0] - 1 if index + 1 < len(items) else len(old_lines)
    assert new_lines[:first] == old_lines[:first]
    tail = len(old_lines) - after
    assert new_lines[len(new_lines) - tail :] == old_lines[after:]
    assert entry(copy, month, action)["updated_by"] == "Test Officer"
    assert validate_paths([copy]).errors() == []


# --- refusals ----------------------------------------------------------------------------


def test_an_update_that_makes_the_plan_invalid_is_refused(plan: Path) -> None:
    old = august(plan).read_bytes()
    code, _, err = update(plan, "SP-1", "--month", "2019-08", "--rag", "blue")
    assert code == 1
    assert "blue is used only on a BRAG plan" in err
    assert "not recorded" in err
    assert august(plan).read_bytes() == old


def test_a_value_out_of_range_is_refused(plan: Path) -> None:
    old = august(plan).read_bytes()
    code, _, err = update(plan, "SP-1", "--month", "2019-08", "--value", "SP-1-appraisal=150")
    assert code == 1
    assert "not a percentage" in err
    assert august(plan).read_bytes() == old


def test_a_month_outside_the_plan_is_refused(plan: Path) -> None:
    result = runner.invoke(
        app,
        ["update", "SP-1", "--month", "2021-01", "--rag", "amber", "--on", "2021-01-29", str(plan)],
    )
    code, err = result.exit_code, result.stderr
    assert code == 1
    assert "outside the plan period" in err
    assert not (plan / "progress" / "2021-01.yaml").exists()


def test_unknown_action_suggests_the_right_one(plan: Path) -> None:
    code, _, err = update(plan, "SP1", "--month", "2019-08", "--rag", "amber")
    assert code == 1
    assert "did you mean 'SP-1'" in err


def test_unknown_target_suggests_the_right_one(plan: Path) -> None:
    code, _, err = update(plan, "QA-1", "--month", "2019-08", "--value", "QA-1-audit-good=3")
    assert code == 1
    assert "did you mean 'QA-1-audits-good'" in err
    assert "QA-1-audits-done" in err


def test_target_of_another_action_is_refused(plan: Path) -> None:
    code, _, err = update(plan, "SP-1", "--month", "2019-08", "--value", "QA-1-audits-good=3")
    assert code == 1
    assert "belongs to action QA-1" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--value", "SP-1-appraisal"], "has no '='"),
        (["--value", "SP-1-appraisal=abc"], "not a number"),
        (["--value", "SP-1-appraisal=45%"], "without the % sign"),
        (["--value", "SP-1-appraisal=1,234"], "write 1234 without the comma (or 1.234"),
        (["--value", "SP-1-appraisal=50,5"], "write the decimal with a point: 50.5"),
        (["--value", "SP-1-appraisal=1,234,567"], "without commas: 1234567"),
        (["--value", "SP-1-appraisal="], "write null (or n/a) to record on purpose"),
        (["--value", "SP-1-appraisal= "], "nothing after '='"),
        (["--value", "SP-1-appraisal=045"], "leading zero"),
        (["--value", "has space=4"], "not a target id"),
        (["--rag", "amberr"], "did you mean 'amber'"),
        (["--status", "done"], "use one of: not_started"),
        (["--note", "x", "--note-file", "y.txt"], "not both"),
        (["--note", "   "], "is empty"),
        ([], "nothing to record"),
    ],
)
def test_misuse_exits_2_with_a_plain_message(plan: Path, args: list[str], message: str) -> None:
    code, _, err = update(plan, "SP-1", "--month", "2019-08", *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_bad_month_is_misuse(plan: Path) -> None:
    code, _, err = update(plan, "SP-1", "--month", "Aug 2019", "--rag", "amber")
    assert code == 2
    assert "write YYYY-MM" in err


def test_a_broken_progress_file_is_reported_not_overwritten(plan: Path) -> None:
    august(plan).write_text("month: 2019-08\nupdates:\n  - action: SP-1\n   status: [\n")
    old = august(plan).read_bytes()
    code, _, err = update(plan, "SP-1", "--month", "2019-08", "--rag", "amber")
    assert code == 1
    assert "YAML" in err
    assert august(plan).read_bytes() == old


# --- parsing helpers ---------------------------------------------------------------------


def test_parse_value_option() -> None:
    assert parse_value_option("T-1=45") == ("T-1", 45)
    assert parse_value_option(" T-1 = 4.5e1 ") == ("T-1", 45.0)
    assert parse_value_option("T-1=null") == ("T-1", None)
    assert parse_value_option("T-1=N/A") == ("T-1", None)
    with pytest.raises(ValueError, match="nothing after '='"):
        parse_value_option("T-1=")
    with pytest.raises(ValueError, match=r"point: 0\.5"):
        parse_number(",5")
    with pytest.raises(ValueError, match=r"point: -12\.25"):
        parse_number("-12,25")
    with pytest.raises(ValueError, match="too large"):
        parse_number("9" * 5000)
    with pytest.raises(ValueError, match="too large"):
        parse_number("1e400")
    with pytest.raises(ValueError, match="not a number"):
        parse_number("true")


def test_clean_note() -> None:
    assert clean_note("\n  a  \r\nb\t \n\n") == "  a\nb"
    with pytest.raises(ValueError):
        clean_note(" \n ")


def test_library_refusal_carries_the_diagnostics(plan: Path) -> None:
    request = UpdateRequest("SP-1", "2019-08", rag=Rag.blue, updated_on=dt.date(2019, 8, 30))
    with pytest.raises(CycleError) as caught:
        record_update(plan, request)
    assert not isinstance(caught.value, CycleUsageError)
    assert caught.value.exit_code == 1
    assert [d.message for d in caught.value.diagnostics if "BRAG" in d.message]


def test_a_file_started_by_update_says_so(plan: Path) -> None:
    assert update(plan, "SP-1", "--month", "2019-10", "--rag", "amber")[0] == 0
    text = (plan / "progress" / "2019-10.yaml").read_text(encoding="utf-8")
    assert "Made by g2g update" in text
    assert "one entry per live action" not in text


def test_an_empty_month_file_is_started_afresh(plan: Path) -> None:
    (plan / "progress" / "2019-10.yaml").write_text("")
    code, _, err = update(plan, "SP-1", "--month", "2019-10", "--rag", "amber")
    assert code == 0, err
    assert entry(plan, "2019-10", "SP-1")["rag"] == "amber"


# --- traps of the everyday cycle (issue 17) ----------------------------------------------


def test_empty_value_is_refused_and_the_figure_kept(plan: Path) -> None:
    old = august(plan).read_bytes()
    code, _, err = update(plan, "SP-1", "--month", "2019-08", "--value", "SP-1-appraisal=")
    assert code == 2
    assert "nothing after '='" in err
    assert "write null (or n/a)" in err
    assert august(plan).read_bytes() == old
    assert entry(plan, "2019-08", "SP-1")["values"] == {"SP-1-appraisal": 62}


def test_clearing_a_figure_on_purpose_says_what_it_replaced(plan: Path) -> None:
    code, out, err = update(plan, "SP-1", "--month", "2019-08", "--value", "SP-1-appraisal=n/a")
    assert code == 0, err
    assert "SP-1-appraisal not available (was 62)" in out
    assert entry(plan, "2019-08", "SP-1")["values"] == {"SP-1-appraisal": None}
    code, out, err = update(plan, "SP-1", "--month", "2019-08", "--value", "SP-1-appraisal=64.5")
    assert code == 0, err
    assert "SP-1-appraisal 64.5." in out  # no figure was there to replace


def test_a_new_month_gives_one_line_not_one_warning_per_action(plan: Path) -> None:
    code, out, err = update(plan, "SP-1", "--month", "2019-09", "--rag", "amber")
    assert code == 0, err
    assert "has no update for" not in out
    diagnostics = validate_paths([plan]).diagnostics
    missing = [d for d in diagnostics if "has no update for 2019-09" in d.message]
    assert len(missing) >= 2
    assert f"{len(missing)} other live actions have no update for 2019-09 yet" in out
    assert all(d.code == "missing-update" for d in missing)


def test_update_on_a_plan_with_errors_is_refused_before_anything_is_written(plan: Path) -> None:
    july = plan / "progress" / "2019-07.yaml"
    july.write_text(july.read_text(encoding="utf-8").replace("rag: red", "rag: blue"))
    before = august(plan).read_bytes()
    code, out, err = update(plan, "SP-1", "--month", "2019-08", "--rag", "green", "--note", "ok")
    assert code == 1, err
    assert "Recorded" not in out
    assert "the plan has errors - fix them before recording updates" in err
    assert "2019-07.yaml" in err and "is unchanged" in err
    assert august(plan).read_bytes() == before
    code, out, err = update(plan, "SP-1", "--month", "2019-10", "--rag", "green", "--note", "ok")
    assert code == 1, err
    assert not (plan / "progress" / "2019-10.yaml").exists()


def test_the_library_says_what_an_update_recorded(plan: Path) -> None:
    request = UpdateRequest(
        "SP-1",
        "2019-08",
        rag=Rag.amber,
        values={"SP-1-appraisal": 45.5},
        updated_on=dt.date(2019, 8, 30),
    )
    result = record_update(plan, request, today=dt.date(2019, 9, 1))
    lines = result.lines(request)
    assert lines[0].startswith("Recorded SP-1 in ")
    assert lines[0].endswith(": status in_progress, rag amber, SP-1-appraisal 45.5 (was 62).")
    again = UpdateRequest(
        "SP-1", "2019-08", values={"SP-1-appraisal": 50}, updated_on=dt.date(2019, 8, 30)
    )
    replaced = record_update(plan, again, today=dt.date(2019, 9, 1))
    assert replaced.lines(again)[0].endswith("SP-1-appraisal 50 (was 45.5).")
    assert replaced.plan_errors_line() is None
