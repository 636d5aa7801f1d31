"""The shipped plans/oldham-2022 as a new user meets it: due, report (HTML, Markdown), rag and
kpi for its latest month, every figure and date checked against seeds 003 and 000."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import SHIPPED, run_in

ROOT = SHIPPED.parent


def test_due_lists_the_calendar_the_seeds_give() -> None:
    code, out, err = run_in(ROOT, "due", "--from", "2022-01-01", "plans/oldham-2022")
    assert code == 0, err
    assert out.startswith("oldham-2022: Due from 2022-01-01 to 2022-03-26: 0 overdue, 2 due")
    # Seed 003: the Budget Select Committee of 27 January 2022 and the annual conversation "in
    # March 2022" (month only: listed on 1 March). The committee heard the Council's budget,
    # not a paper on the plan, so no paper deadline is listed for it.
    assert "2022-01-27  in 26 days  -       Budget Select Committee meets" in out
    assert "Paper deadline" not in out
    assert (
        "2022-03-01  in 59 days  -       Annual conversation planned: the refreshed self-assessment"
        in out
    )
    # The focused visit of November 2021 is past and SA-1 (due March 2022) is after the window.
    assert "focused" not in out.lower()


def test_rag_and_report_need_a_month_when_there_are_no_updates() -> None:
    code, _, err = run_in(ROOT, "rag", "plans/oldham-2022")
    assert code == 2
    assert "no progress updates yet, so there is no month to rate" in err


def test_kpi_for_its_latest_month_is_the_month_8_pressure() -> None:
    code, out, err = run_in(ROOT, "kpi", "plans/oldham-2022")
    assert code == 0, err
    assert "Getting to Good plan (revised) - service figures, Nov 2021" in out
    assert "Finance: 2021/22 Month 8" in out
    assert "£4,308k" in out
    assert "£0" not in out


def _paper(tmp_path: Path, fmt: str) -> str:
    target = tmp_path / f"paper.{fmt}"
    code, _, err = run_in(
        ROOT,
        "report",
        "plans/oldham-2022",
        "--month",
        "2022-02",
        "--format",
        fmt,
        "--commit",
        "none",
        "-o",
        str(target),
    )
    assert code == 0, err
    return target.read_text(encoding="utf-8")


def test_the_february_2022_paper(tmp_path: Path) -> None:
    md = _paper(tmp_path, "markdown")
    # Seed 003's visits, in the right tense for a February 2022 paper.
    assert (
        "Ofsted's ILACS focused visit of Oldham Council's children's services (November 2021) "
        "took place, looking at children in need or subject to a protection plan" in md
    )
    assert (
        "annual conversation of Oldham Council's children's services will take place in March 2022"
        in md
    )
    # No findings in the source: no findings section, not an empty one.
    assert "Progress against the inspection recommendations" not in md
    # No updates at all: no "first month with progress updates".
    assert "No action has a rating yet, so there is no direction of travel." in md
    assert "first month with progress updates" not in md
    # The annual conversation (March 2022) is in the 12 weeks after February.
    due = re.split(r"## \d+\. Due in the next 12 weeks", md)[1].split("\n## ")[0]
    assert (
        "| Mar 2022 | Visit planned | ILACS annual conversation: the refreshed self-assessment of "
        "children’s services, the priorities and actions to reach Good | Plan calendar |  | "
        "Planned |" in due
    )
    # The pressure as published, with nothing invented beside it.
    assert "Children's Social Care: a forecast pressure of £4,308k." in md
    assert (
        "| **Children's Social Care** | **not given** | **not given** | **not given** | **4,308** |"
        in md
    )
    assert "reported for November 2021" in md
    # The board that hears it: the Getting to Good Board and its independent chair.
    assert "Oldham Council: report to the Getting to Good Board." in md
    assert "Independent chair, a senior leader in children’s services sector-led improvement" in md
    html = _paper(tmp_path, "html")
    assert 'id="recommendations"' not in html
    assert "No action has a rating yet, so there is no direction of travel." in html
    assert "4,308" in html


def test_due_long_after_its_period_says_the_plan_still_counts_as_live() -> None:
    # Its period ended in March 2023 and it says status: live: SA-1 is listed as it stands,
    # with a note that the plan is still open; within the period there is no note.
    code, out, err = run_in(ROOT, "due", "--from", "2026-11-27", "plans/oldham-2022")
    assert code == 0, err
    assert (
        "note: plans/oldham-2022: oldham-2022's period ended in Mar 2023 but it still counts as "
        "live - when the plan is done, record it (status: closed or superseded), or move "
        "period.end if it runs on"
    ) in " ".join(err.split())
    assert "SA-1" in out
    for start in ("2022-01-01", "2023-03-31"):
        code, _, err = run_in(ROOT, "due", "--from", start, "plans/oldham-2022")
        assert code == 0 and "period ended" not in err, err
