"""A folder holding one council's plans over the years (Oldham's 2015, 2019 and 2022 plans):
every folder command skips, with a one-line note, a plan that is closed, superseded, ended by a
later plan of the same council (the 2015 plan records no status), or has no data for the
month asked; a plan alone keeps its g2g 0.1 output."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from g2g.plan.load import LaterPlan, load_plan
from g2g.plan.portfolio import ended_note, later_plans
from tests.helpers import FIXTURES, SHIPPED, run_in

OLDHAM_2015 = FIXTURES / "plans" / "oldham-2015"
OUTSIDE_2015 = (
    "2019-08 is outside the plan period of 'Children's Services Improvement Plan 2015' "
    "(2015-08 to 2017-03) - give a month from 2015-08 to 2017-03"
)
OUTSIDE_2022 = (
    "2019-08 is outside the plan period of 'Getting to Good plan (revised)' (2022-01 to "
    "2023-03) - give a month from 2022-01 to 2023-03"
)


@pytest.fixture
def council(tmp_path: Path) -> Path:
    root = tmp_path / "plans"
    root.mkdir()
    shutil.copytree(OLDHAM_2015, root / "oldham-2015")
    shutil.copytree(SHIPPED / "oldham-2019", root / "oldham-2019")
    shutil.copytree(SHIPPED / "oldham-2022", root / "oldham-2022")
    return root


def notes(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("note: ")]


def test_the_rule_library(council: Path) -> None:
    folders = sorted(council.iterdir())
    found = later_plans(folders)
    # Only the 2015 plan records no status; the 2019 plan records its own (superseded).
    assert found == {council / "oldham-2015": LaterPlan("oldham-2019", "2019-04")}
    assert later_plans(folders[:1]) == {}
    model = load_plan(council / "oldham-2015").model
    assert model is not None
    later = found[council / "oldham-2015"]
    assert ended_note(model.plan, dt.date(2019, 3, 31), later) is None
    assert ended_note(model.plan, dt.date(2019, 4, 1), later) == (
        "ended when oldham-2019 began (Apr 2019)"
    )
    assert ended_note(model.plan, dt.date(2030, 1, 1), None) is None
    shipped = load_plan(council / "oldham-2019").model
    assert shipped is not None
    assert ended_note(shipped.plan, dt.date(2022, 1, 31)) is None
    assert ended_note(shipped.plan, dt.date(2022, 2, 1)) == "is superseded by oldham-2022"


def test_a_plan_of_another_council_or_an_overlapping_one_is_not_ended(tmp_path: Path) -> None:
    root = tmp_path / "plans"
    shutil.copytree(OLDHAM_2015, root / "oldham-2015")
    shutil.copytree(FIXTURES / "plans" / "bradford-2018", root / "bradford-2018")
    assert later_plans(sorted(root.iterdir())) == {}


def test_due_calls_no_old_plan_overdue(council: Path) -> None:
    code, out, err = run_in(council, "due", "--from", "2019-09-01", ".")
    assert code == 0, err
    assert notes(err) == [
        "note: oldham-2015: oldham-2015 ended when oldham-2019 began (Apr 2019) - skipped from "
        "2019-09-01"
    ]
    assert "OVERDUE by" not in out
    assert "oldham-2019: Due from 2019-09-01 to 2019-11-24: 0 overdue, 12 due in the window" in out
    code, out, err = run_in(council, "due", "--from", "2022-06-01", ".")
    assert code == 0, err
    assert notes(err) == [
        "note: oldham-2015: oldham-2015 ended when oldham-2019 began (Apr 2019) - skipped from "
        "2022-06-01",
        "note: oldham-2019: oldham-2019 is superseded by oldham-2022 - skipped from 2022-06-01",
    ]
    assert out.startswith("oldham-2022: Due from 2022-06-01")


def test_a_plan_alone_keeps_its_output(council: Path) -> None:
    code, out, err = run_in(council, "due", "--from", "2019-09-01", "oldham-2015")
    assert code == 0, err
    # Not skipped: its output is g2g 0.1's, with a note that its period has ended.
    assert notes(err) == [
        "note: oldham-2015: oldham-2015's period ended in Mar 2017 but it still counts as live - "
        "when the plan is done, record it (status: closed or superseded), or move period.end if "
        "it runs on"
    ]
    # Six milestones fell after its last figures (Jan 2016): passed, not judged, not overdue.
    # Only actions are overdue (13); four milestones are missed on their own month's figure
    # (HP-4's Dec 2015 66% missed within tolerance at 65%, met late at 68% in Jan 2016); the
    # plan records no submission, so its 2015 deadline with Ofsted shows, passed.
    assert (
        "oldham-2015: Due from 2019-09-01 to 2019-11-24: 13 overdue, 3 milestones missed, "
        "1 missed within tolerance, 6 passed and not judged, 1 deadline passed, "
        "0 due in the window"
    ) in out
    assert "MISSED, 1401 days ago" in out  # the Oct 2015 milestone: missed, never "overdue"
    assert "OVERDUE by 1371 days" in out  # CL-2, due 30 Nov 2015, not complete


def test_rag_report_and_kpi_for_a_month(council: Path) -> None:
    code, out, err = run_in(council, "rag", "--month", "2019-08", ".")
    assert code == 0, err
    assert notes(err) == [
        f"note: oldham-2015: {OUTSIDE_2015}",
        f"note: oldham-2022: {OUTSIDE_2022}",
    ]
    assert re.search(r"Total\s+1\s+22\s+2\s+0\s+25\s+25 of 25\s+Amber", out)
    code, _, err = run_in(council, "report", "--month", "2019-08", "-o", "paper.html", ".")
    assert code == 0, err
    assert notes(err) == [
        f"note: oldham-2015: {OUTSIDE_2015}",
        f"note: oldham-2022: {OUTSIDE_2022}",
    ]
    code, out, err = run_in(council, "kpi", "--month", "2019-08", ".")
    assert code == 0, err
    assert notes(err) == [
        "note: oldham-2015: oldham-2015 ended when oldham-2019 began (Apr 2019) - skipped for "
        "2019-08",
        "note: oldham-2022: no service figures or finance for 2019-08 or before - skipped",
    ]
    assert "Children's Services Improvement Plan 2015" not in out
    assert "Getting to Good Children’s Improvement Plan - service figures, Aug 2019" in out


def test_rag_without_a_month_rates_each_plan_at_its_latest(council: Path) -> None:
    code, out, err = run_in(council, "rag", ".")
    assert code == 0, err
    assert notes(err) == [
        "note: oldham-2022: no progress updates yet, so there is no month to rate - add a "
        "progress/YYYY-MM.yaml file, or give --month YYYY-MM"
    ]
    assert "Children's Services Improvement Plan 2015 - Jan 2016" in out


def test_month_returns_and_export(council: Path, tmp_path: Path) -> None:
    code, out, err = run_in(council, "month", "2019-09", ".")
    assert code == 0, err
    outside = "2019-09 is outside the plan period of '{}' ({}) - give a month from {}"
    assert notes(err) == [
        "note: oldham-2015: "
        + outside.format(
            "Children's Services Improvement Plan 2015", "2015-08 to 2017-03", "2015-08 to 2017-03"
        ),
        "note: oldham-2022: "
        + outside.format(
            "Getting to Good plan (revised)", "2022-01 to 2023-03", "2022-01 to 2023-03"
        ),
    ]
    assert "Created oldham-2019/progress/2019-09.yaml: 25 actions to update" in out
    assert not (council / "oldham-2015" / "progress" / "2019-09.yaml").exists()
    # 2021-03 is inside the 2019 plan's period, before it was superseded (2022-02); the 2022
    # plan has not begun and the 2015 plan's period is long over.
    code, out, err = run_in(
        council, "returns", "--month", "2019-10", "--output-dir", str(tmp_path / "r"), "."
    )
    assert code == 0, err
    assert len(notes(err)) == 2 and all(
        "2019-10 is outside the plan period" in n for n in notes(err)
    )
    assert (
        sorted(p.name.split("-2019-10-")[0] for p in (tmp_path / "r").iterdir())
        == ["oldham-2019"] * 5
    )
    code, out, err = run_in(
        council, "export", "--month", "2019-08", "-o", str(tmp_path / "t.xlsx"), "."
    )
    assert code == 0, err
    assert notes(err) == [
        f"note: oldham-2015: {OUTSIDE_2015}",
        f"note: oldham-2022: {OUTSIDE_2022}",
    ]
    assert "1 plan, 25 actions, as at 2019-08" in out


def test_a_new_month_for_a_superseded_plan(council: Path) -> None:
    # 2022-03 is outside the 2019 plan's period; widen it to see the superseded rule itself.
    plan = council / "oldham-2019" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("end: 2021-03", "end: 2022-12", 1))
    code, out, err = run_in(council, "month", "2022-03", ".")
    assert code == 0, err
    assert (
        "note: oldham-2019: oldham-2019 is superseded by oldham-2022 - skipped for 2022-03" in err
    )
    assert "Created oldham-2022/progress/2022-03.yaml" in out
    code, _, err = run_in(council, "month", "2022-04", "oldham-2019")
    assert code == 2
    assert "oldham-2019 is superseded by oldham-2022 - skipped for 2022-04; a plan no longer" in err
    code, _, err = run_in(council, "month", "2018-06", "oldham-2015", "oldham-2022")
    assert code == 2
    assert "g2g: no plan given takes 2018-06 - the notes above say why" in err


def test_the_rule_reads_the_plan_block_alone_and_the_file_when_it_must(council: Path) -> None:
    from g2g.plan.portfolio import _plan_section

    raw = (council / "oldham-2015" / "plan.yaml").read_bytes()
    section = _plan_section(raw)
    assert section is not None and section.startswith(b"plan:")
    assert b"\ninspections:" not in section and len(section) < len(raw) // 3
    assert _plan_section(b"plan: {id: x}\n") is None  # flow style: the file is read whole
    assert _plan_section(b"x: 1\nplan:\n  id: p\n---\nplan:\n  id: q\n") == b"plan:\n  id: p\n"
    expected = {council / "oldham-2015": LaterPlan("oldham-2019", "2019-04")}
    # The 2019 plan's settings written with an alias to an anchor outside the block: the
    # block alone does not read, so the whole file is read, with the same answer.
    path = council / "oldham-2019" / "plan.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\n  council: Oldham Council\n" in text
    text = "council_name: &council Oldham Council\n" + text.replace(
        "\n  council: Oldham Council\n", "\n  council: *council\n", 1
    )
    path.write_text(text, encoding="utf-8")
    assert later_plans(sorted(council.iterdir())) == expected
