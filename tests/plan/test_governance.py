"""Governance in the plan: boards with meetings, chair history, cadence and reports_to; task
groups with leads and areas; and the checks validate makes of them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from g2g.plan.model_plan import Board, Chair, Meeting, MeetingStatus
from g2g.plan.validate import validate_paths
from tests.helpers import run_in

GOVERNANCE = """\
  boards:
    - id: executive
      name: Executive
      cadence: monthly
    - id: improvement-board
      name: Improvement Board
      chair: Chief Executive
      chairs:
        - name: Chief Executive
          end: 2019-02
        - name: Independent Advisor
          start: 2019-03
      cadence: monthly
      reports_to: executive
      meetings:
        - date: 2019-08-14
          month: 2019-07
          status: held
        - date: 2019-09-11
          month: 2019-08
    - id: steering
      name: Partnership Steering Group
      cadence: monthly
      reports_to: improvement-board
    - id: scrutiny
      name: Children's Services Overview and Scrutiny Committee
      frequency: six-monthly
      scrutiny: true
      meetings:
        - date: 2019-09-10
          month: 2019-08
          note: Update report requested by the Board
  task_groups:
    - id: practice
      name: Practice Task Group
      lead: Director of Children's Social Care
      areas: [PI]
      reports_to: steering
"""


def _plan_with(tmp: Path, minimal: Path, boards: str) -> Path:
    text = (minimal / "plan.yaml").read_text(encoding="utf-8")
    start = text.index("  boards:\n")
    end = text.index("  rag_policy:")
    (minimal / "plan.yaml").write_text(text[:start] + boards + text[end:], encoding="utf-8")
    return minimal


def test_a_full_governance_block_is_valid(minimal_plan: Path, tmp_path: Path) -> None:
    folder = _plan_with(tmp_path, minimal_plan, GOVERNANCE)
    result = validate_paths([folder])
    assert result.diagnostics == []
    model = result.plans[0].model
    assert model is not None
    board = {b.id: b for b in model.plan.boards}["improvement-board"]
    assert board.chair_on(dt.date(2019, 2, 28)) == "Chief Executive"
    assert board.chair_on(dt.date(2019, 3, 1)) == "Independent Advisor"
    assert model.plan.task_groups[0].areas == ["PI"]


def test_the_0_1_board_keys_still_validate(minimal_plan: Path) -> None:
    # the minimal fixture is a g2g 0.1 plan: chair and frequency as free text
    assert validate_paths([minimal_plan]).diagnostics == []


def test_chair_history_and_meetings_answer_questions() -> None:
    board = Board(
        id="b",
        name="Board",
        chair="Someone",
        chairs=[
            Chair(name="A", start="2019-01", end="2019-06-30"),
            Chair(name="B", start="2019-07"),
        ],
        meetings=[
            Meeting(date=dt.date(2019, 7, 10), month="2019-06"),
            Meeting(date=dt.date(2019, 8, 14), month="2019-07", status=MeetingStatus.cancelled),
            Meeting(date=dt.date(2019, 9, 11), month="2019-08"),
        ],
    )
    assert board.chair_on(dt.date(2018, 12, 31)) == "Someone"
    assert board.chair_on(dt.date(2019, 6, 30)) == "A"
    assert board.chair_on(dt.date(2020, 1, 1)) == "B"
    nxt = board.next_meeting(dt.date(2019, 7, 10))
    assert nxt is not None and nxt.date == dt.date(2019, 9, 11)
    previous = board.previous_paper("2019-08")
    assert previous is not None and previous.month == "2019-06"  # the cancelled one is skipped
    assert board.previous_paper("2019-06") is None


def _problems(folder: Path) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in validate_paths([folder]).diagnostics]


def test_reports_to_must_name_a_board(minimal_plan: Path, tmp_path: Path) -> None:
    folder = _plan_with(
        tmp_path, minimal_plan, GOVERNANCE.replace("reports_to: executive", "reports_to: exec")
    )
    problems = _problems(folder)
    assert [c for c, _ in problems] == ["governance-unknown-board"]
    assert "did you mean 'executive'" in problems[0][1]


def test_a_reporting_loop_is_an_error_reported_once(minimal_plan: Path, tmp_path: Path) -> None:
    looped = GOVERNANCE.replace(
        "      name: Executive\n", "      name: Executive\n      reports_to: steering\n"
    )
    folder = _plan_with(tmp_path, minimal_plan, looped)
    problems = _problems(folder)
    assert [c for c, _ in problems] == ["governance-reporting-loop"]
    assert "executive -> steering -> improvement-board -> executive" in problems[0][1]
    code, out, _ = run_in(folder, "validate", ".")
    assert code == 1
    assert out.startswith("plan.yaml:15:19: error: the reporting line")  # executive.reports_to


def test_a_board_reporting_to_itself(minimal_plan: Path, tmp_path: Path) -> None:
    folder = _plan_with(
        tmp_path,
        minimal_plan,
        GOVERNANCE.replace("reports_to: improvement-board", "reports_to: steering"),
    )
    assert [c for c, _ in _problems(folder)] == ["governance-reports-to-self"]


def test_meetings_in_order_and_chairs_in_order(minimal_plan: Path, tmp_path: Path) -> None:
    bad = GOVERNANCE.replace("date: 2019-09-11", "date: 2019-08-01").replace(
        "          end: 2019-02\n", "          start: 2019-05\n          end: 2019-02\n"
    )
    folder = _plan_with(tmp_path, minimal_plan, bad)
    assert sorted(c for c, _ in _problems(folder)) == [
        "governance-chair-order",
        "governance-meeting-order",
    ]


def test_task_groups_refer_to_areas_and_boards(minimal_plan: Path, tmp_path: Path) -> None:
    bad = GOVERNANCE.replace("areas: [PI]", "areas: [PX]").replace(
        "reports_to: steering\n", "reports_to: steerin\n"
    )
    folder = _plan_with(tmp_path, minimal_plan, bad)
    assert sorted(c for c, _ in _problems(folder)) == [
        "governance-unknown-area",
        "governance-unknown-board",
    ]


def test_an_area_naming_an_unknown_task_group_is_warned(minimal_plan: Path, tmp_path: Path) -> None:
    folder = _plan_with(tmp_path, minimal_plan, GOVERNANCE)
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    name: Practice Improvement\n",
        "    name: Practice Improvement\n    task_group: Practise Task Group\n",
    )
    (folder / "plan.yaml").write_text(text, encoding="utf-8")
    problems = _problems(folder)
    assert [c for c, _ in problems] == ["governance-unknown-task-group"]
