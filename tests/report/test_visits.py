"""Inspections and visits of every kind in the paper: planned ones in the future tense, month
dates, a focus, and no findings table for a visit that made no findings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from g2g.plan.load import load_plans
from g2g.plan.model_base import EventStatus
from g2g.plan.model_plan import Inspection
from g2g.plan.sources import InspectionKind
from g2g.plan.validate import validate_paths
from g2g.report.paper import build_paper
from tests.helpers import run_in

VISITS = """\
  - id: mv-1
    kind: monitoring_visit
    start: 2019-09-17
    end: 2019-09-18
    focus: the front door and MASH
  - id: fv-2019
    kind: focused_visit
    start: 2019-06
    focus: children in need or subject to a protection plan
  - id: ac-2020
    kind: annual_conversation
    start: 2020-03
"""


def _with_visits(folder: Path, visits: str = VISITS) -> Path:
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    text = text.replace("\nareas:\n", visits + "\nareas:\n")
    (folder / "plan.yaml").write_text(text, encoding="utf-8")
    return folder


def test_visits_without_findings_and_with_month_dates_validate(minimal_plan: Path) -> None:
    folder = _with_visits(minimal_plan)
    result = validate_paths([folder])
    assert result.diagnostics == []
    model = result.plans[0].model
    assert model is not None
    focused = model.inspections[2]
    assert focused.kind is InspectionKind.focused_visit
    assert focused.start == "2019-06"
    assert focused.first_day() == dt.date(2019, 6, 1)
    assert focused.last_day() == dt.date(2019, 6, 30)
    assert focused.findings == []


def test_planned_or_held_is_derived_from_the_date_unless_given() -> None:
    visit = Inspection(id="mv", kind=InspectionKind.monitoring_visit, start=dt.date(2019, 3, 7))
    assert not visit.held_by(dt.date(2019, 2, 28))
    assert visit.held_by(dt.date(2019, 3, 7))
    visit.status = EventStatus.planned
    assert not visit.held_by(dt.date(2019, 4, 1))  # postponed: still planned
    month = Inspection(id="fv", kind=InspectionKind.focused_visit, start="2021-11")
    assert month.held_by(dt.date(2021, 11, 1))
    assert not month.held_by(dt.date(2021, 10, 31))


def test_the_paper_speaks_of_a_future_visit_in_the_future_tense(minimal_plan: Path) -> None:
    plan = load_plans([_with_visits(minimal_plan)])[0]
    paper = build_paper(plan, "2019-08", charts=False)
    sentences = paper.summary.inspections
    assert sentences[1] == (
        "Ofsted's monitoring visit of Example Borough Council's children's services will take "
        "place from 17 September 2019 to 18 September 2019, looking at the front door and MASH."
    )
    assert sentences[2] == (
        "Ofsted's focused visit of Example Borough Council's children's services (June 2019) "
        "took place, looking at children in need or subject to a protection plan."
    )
    assert sentences[3] == (
        "Ofsted's annual conversation of Example Borough Council's children's services will "
        "take place in March 2020."
    )
    assert not any("took place" in s for s in (sentences[1], sentences[3]))
    # only the inspection with findings has a findings table
    assert len(paper.findings) == 1
    assert "ILACS inspection of 21 January 2019" in paper.findings[0].caption


def test_after_the_visit_the_paper_says_it_took_place(minimal_plan: Path) -> None:
    plan = load_plans([_with_visits(minimal_plan)])[0]
    paper = build_paper(plan, "2019-08", meeting=dt.date(2019, 9, 20), charts=False)
    assert paper.summary.inspections[1].startswith(
        "Ofsted's monitoring visit of Example Borough Council's children's services "
        "(17 September 2019 to 18 September 2019) took place, looking at the front door and MASH"
    )


def test_no_empty_findings_table_in_the_rendered_paper(minimal_plan: Path) -> None:
    folder = _with_visits(minimal_plan)
    code, out, err = run_in(folder, "report", ".", "--month", "2019-08", "--format", "markdown")
    assert code == 0, err
    assert out.count("Progress against the findings of") == 1
    assert "will take place from 17 September 2019" in out


def test_a_planned_visit_with_findings_is_warned(minimal_plan: Path) -> None:
    visits = VISITS.replace(
        "    focus: the front door and MASH\n",
        "    focus: the front door and MASH\n    status: planned\n    findings:\n"
        "      - id: MV1\n        kind: area_for_improvement\n        text: Something\n",
    )
    folder = _with_visits(minimal_plan, visits)
    codes = [d.code for d in validate_paths([folder]).diagnostics]
    assert "inspection-findings-before-visit" in codes


def test_a_bad_month_date_is_one_clear_error(minimal_plan: Path) -> None:
    folder = _with_visits(minimal_plan, VISITS.replace("start: 2019-06", "start: June 2019"))
    code, out, _ = run_in(folder, "validate", ".")
    assert code == 1
    assert "start 'June 2019' is not a date - write YYYY-MM-DD" in out
    assert out.count("error:") == 1
