"""The paper's reporting line: task groups -> boards -> boards, scrutiny alongside, chairs on the
paper's date and next meetings after its month (library and through ``g2g report``)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.plan.load import load_plan
from g2g.report.governance import build_reporting_line
from g2g.report.layout import Layout
from g2g.report.paper import build_paper

TESTS = Path(__file__).resolve().parents[1]
BASIC = TESTS / "fixtures" / "rag" / "basic"
SHIPPED = TESTS.parent / "plans" / "oldham-2019"

GOVERNANCE = """  boards:
    - id: scrutiny
      name: Children's Scrutiny Committee
      scrutiny: true
      meetings:
        - date: 2019-07-15
          month: 2019-06
        - date: 2019-10-01
          month: 2019-08
          status: cancelled
        - date: 2019-11-05
          month: 2019-09
          note: Half-year report
    - id: improvement
      name: Improvement Board
      chair: Chief Executive
      chairs:
        - name: Chief Executive
          end: 2019-08
        - name: Independent Advisor
          start: 2019-09
      reports_to: executive
    - id: executive
      name: Executive
    - id: steering
      name: Partnership Steering Group
      reports_to: improvement
      meetings:
        - date: 2019-09-03
  task_groups:
    - id: front-door
      name: Front Door Task Group
      lead: Head of MASH
      areas: [SP]
      reports_to: steering
"""


def _plan(tmp_path: Path, governance: str | None = GOVERNANCE) -> Path:
    target = tmp_path / "basic"
    shutil.copytree(BASIC, target)
    if governance:
        plan = target / "plan.yaml"
        text = plan.read_text(encoding="utf-8")
        plan.write_text(text.replace("\ninspections:", f"{governance}\ninspections:", 1), "utf-8")
    return target


def test_the_line_runs_from_task_groups_up_with_scrutiny_alongside(tmp_path: Path) -> None:
    folder = _plan(tmp_path)
    assert CliRunner().invoke(app, ["validate", str(folder)]).exit_code == 0
    model = load_plan(folder).model
    assert model is not None
    line = build_reporting_line(model, dt.date(2019, 9, 10), dt.date(2019, 8, 31))
    assert line is not None
    table = [(r.name, r.kind, r.reports_to, r.chair, r.next_meeting) for r in line.rows]
    assert table == [
        ("Front Door Task Group", "Task group", "Partnership Steering Group", "Head of MASH", "-"),
        ("Partnership Steering Group", "Board", "Improvement Board", "not given", "3 Sep 2019"),
        ("Improvement Board", "Board", "Executive", "Independent Advisor", "none set"),
        ("Executive", "Board", "-", "not given", "none set"),
        (
            "Children's Scrutiny Committee",
            "Scrutiny",
            "alongside the line (scrutiny)",
            "not given",
            # 1 October is cancelled; 15 July is before the month's end.
            "5 Nov 2019 (Half-year report)",
        ),
    ]


def test_the_chair_is_the_one_in_post_on_the_papers_date(tmp_path: Path) -> None:
    model = load_plan(_plan(tmp_path)).model
    assert model is not None
    line = build_reporting_line(model, dt.date(2019, 8, 20), dt.date(2019, 7, 31))
    assert line is not None
    board = next(r for r in line.rows if r.name == "Improvement Board")
    assert board.chair == "Chief Executive"
    steering = next(r for r in line.rows if r.name == "Partnership Steering Group")
    assert steering.next_meeting == "3 Sep 2019"


def test_the_paper_carries_the_section_only_with_governance_data(tmp_path: Path) -> None:
    plan = load_plan(_plan(tmp_path))
    with_line = build_paper(plan, "2019-08", charts=False)
    assert with_line.reporting_line is not None
    # an appendix of the committee paper, a numbered section of the full one
    assert with_line.appendix_titles["governance"].endswith(": Reporting line")
    full = build_paper(plan, "2019-08", charts=False, layout=Layout.full)
    assert "governance" in full.numbers
    bare = build_paper(load_plan(_plan(tmp_path / "bare", None)), "2019-08", charts=False)
    assert bare.reporting_line is None
    assert "governance" not in bare.numbers


def test_report_prints_the_line_as_a_table(tmp_path: Path) -> None:
    folder = _plan(tmp_path)
    out = tmp_path / "paper.md"
    result = CliRunner().invoke(
        app, ["report", "--month", "2019-08", "--format", "markdown", "-o", str(out), str(folder)]
    )
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "Reporting line" in text
    assert (
        "| Front Door Task Group | Task group | Partnership Steering Group | Head of MASH |" in text
    )
    bare = _plan(tmp_path / "bare", None)
    out2 = tmp_path / "bare.md"
    result = CliRunner().invoke(
        app, ["report", "--month", "2019-08", "--format", "markdown", "-o", str(out2), str(bare)]
    )
    assert result.exit_code == 0, result.stderr
    assert "Reporting line" not in out2.read_text(encoding="utf-8")


def test_shipped_plan_line_names_the_september_scrutiny_meeting() -> None:
    model = load_plan(SHIPPED).model
    assert model is not None
    line = build_reporting_line(model, dt.date(2019, 9, 10), dt.date(2019, 8, 31))
    assert line is not None
    rows = {r.name: r for r in line.rows}
    scrutiny = rows["Overview and Scrutiny Board"]
    assert scrutiny.next_meeting.startswith("10 Sep 2019")
    assert rows["Signs of Safety Task and Finish Group"].reports_to == (
        "Getting to Good Programme Board"
    )
    assert rows["Getting to Good Portfolio Meeting"].chair == "Lead Member, Cllr Chadderton"
