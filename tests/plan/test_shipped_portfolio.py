"""The shipped plans are one council's portfolio: Oldham's 2019 plan (superseded) and its
revised 2022 plan, each carrying its calendar, governance and finance from the seeds."""

from __future__ import annotations

import datetime as dt

from g2g.plan.clocks import latest_publication
from g2g.plan.load import load_plans
from g2g.plan.model_base import EventStatus, PlanStatus
from g2g.plan.sources import InspectionKind
from g2g.plan.validate import validate_paths
from tests.helpers import SHIPPED, run_in

OLDHAM_2019 = SHIPPED / "oldham-2019"
OLDHAM_2022 = SHIPPED / "oldham-2022"


def test_the_portfolio_validates_with_no_problems() -> None:
    result = validate_paths([SHIPPED])
    assert result.diagnostics == []
    assert sorted(p.model.plan.id for p in result.plans if p.model) == [
        "oldham-2019",
        "oldham-2022",
    ]


def test_the_2019_plan_carries_its_calendar_and_governance() -> None:
    model = load_plans([OLDHAM_2019])[0].model
    assert model is not None
    settings = model.plan
    assert settings.current_status() is PlanStatus.superseded
    assert settings.superseded_by == "oldham-2022"
    # seed 000: submitted by 11 June 2019, draft pending Ofsted's confirmation
    assert settings.submitted == dt.date(2019, 6, 11)
    assert model.inspections[0].plan_deadline() == dt.date(2019, 6, 11)
    assert settings.status_on(dt.date(2019, 8, 31)) is PlanStatus.draft
    scrutiny = {b.id: b for b in settings.boards}["scrutiny"]
    meeting = scrutiny.next_meeting(dt.date(2019, 8, 31))
    assert meeting is not None and meeting.date == dt.date(2019, 9, 10)
    assert meeting.month == "2019-08"
    assert latest_publication(meeting.date) == dt.date(2019, 9, 2)
    assert {g.reports_to for g in settings.task_groups} == {"programme-board"}


def test_the_2022_plan_carries_the_visits_and_the_pressure() -> None:
    plan = load_plans([OLDHAM_2022])[0]
    model = plan.model
    assert model is not None
    visit, conversation = model.inspections
    assert visit.kind is InspectionKind.focused_visit and visit.start == "2021-11"
    assert visit.status is EventStatus.held and visit.findings == []
    assert conversation.kind is InspectionKind.annual_conversation
    assert not conversation.held_by(dt.date(2022, 2, 28))
    assert plan.finance is not None and plan.finance.model is not None
    total = plan.finance.model.periods[0].total
    assert (total.variance, total.revised_budget, total.forecast) == (4308, None, None)
    budget = {b.id: b for b in model.plan.boards}["budget-select"]
    assert budget.meetings[0].date == dt.date(2022, 1, 27)


def test_table_1_still_comes_from_the_folder_and_2022_is_a_note() -> None:
    code, out, err = run_in(SHIPPED.parent, "rag", "plans", "--month", "2019-08", "--format", "csv")
    assert code == 0, err
    assert "oldham-2022" in err and "outside the plan period" in err
    total = next(line for line in out.splitlines() if ",Total," in line)
    assert total.startswith("oldham-2019,2019-08,area,,Total,1,22,2,0,0,25,Amber,")


def test_kpi_prints_the_pressure_and_no_invented_budget() -> None:
    code, out, err = run_in(SHIPPED.parent, "kpi", "plans/oldham-2022")
    assert code == 0, err
    assert "£4,308k" in out
    assert "£0k" not in out
