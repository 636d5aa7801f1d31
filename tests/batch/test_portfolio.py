"""A council's portfolio: a folder of plans, some closed or superseded, some without data for
the month asked. Every command skips those with a one-line note and goes on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from g2g.plan.load import load_plans
from g2g.plan.model_base import PlanStatus
from g2g.plan.model_plan import Settings
from g2g.plan.validate import validate_paths
from tests.helpers import FIXTURES, run_in

BASIC = FIXTURES / "rag" / "basic"
MINIMAL = FIXTURES / "valid" / "minimal"


def _set(folder: Path, old: str, new: str) -> None:
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    assert old in text
    (folder / "plan.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    """Three plans of one council: 'old' (superseded from 2019-08 by 'new'), 'new' (no
    measures, finance only from the minimal plan) and 'minimal' (live, with measures)."""
    root = tmp_path / "plans"
    shutil.copytree(BASIC, root / "old")
    _set(
        root / "old",
        "  rag_policy:",
        "  status: superseded\n  superseded_by: new\n  history:\n"
        "    - status: live\n      date: 2019-04\n"
        "    - status: superseded\n      date: 2019-08-01\n"
        "      note: replaced by the new plan\n  rag_policy:",
    )
    shutil.copytree(BASIC, root / "new")
    _set(root / "new", "  id: basic", "  id: new")
    _set(root / "new", "  rag_policy:", "  status: live\n  version: v2\n  rag_policy:")
    shutil.copy(MINIMAL / "finance.yaml", root / "new" / "finance.yaml")
    shutil.copytree(MINIMAL, root / "minimal")
    return root


def test_status_history_answers_what_the_plan_was_when(portfolio: Path) -> None:
    plan = load_plans([portfolio / "old"])[0]
    assert plan.model is not None
    settings = plan.model.plan
    import datetime as dt

    assert settings.status_on(dt.date(2019, 7, 31)) is PlanStatus.live
    assert settings.status_on(dt.date(2019, 8, 1)) is PlanStatus.superseded
    assert settings.status_on(dt.date(2019, 3, 1)) is PlanStatus.draft
    assert validate_paths([portfolio]).errors() == []


def test_rag_skips_the_superseded_plan_with_a_note(portfolio: Path) -> None:
    code, out, err = run_in(portfolio.parent, "rag", "plans", "--month", "2019-07")
    assert code == 0, err
    assert "Basic Test Plan" in out  # 'old' is still live in July
    code, out, err = run_in(portfolio.parent, "rag", "plans", "--month", "2019-08")
    assert code == 0, err
    notes = [line for line in err.splitlines() if line.startswith("note: ")]
    assert len(notes) == 1
    assert "basic is superseded by new - skipped for 2019-08" in notes[0]
    assert out.strip()  # the other plans are still rated


def test_a_month_outside_one_plan_is_a_note_not_a_stop(portfolio: Path) -> None:
    # minimal runs 2019-04 to 2020-09, the basic ones to 2020-03
    code, out, err = run_in(
        portfolio.parent, "rag", "plans", "--month", "2020-06", "--format", "csv"
    )
    assert code == 0, err
    notes = [line for line in err.splitlines() if line.startswith("note: ")]
    assert len(notes) == 2
    assert all("outside the plan period" in n or "superseded" in n for n in notes)
    assert "example-2019" in out


def test_one_plan_asked_alone_is_still_told_it_cannot_be_used(portfolio: Path) -> None:
    code, _, err = run_in(portfolio.parent, "rag", "plans/old", "--month", "2019-09")
    assert code == 2
    assert "superseded by new" in err


def test_kpi_works_for_a_plan_without_measures(portfolio: Path) -> None:
    code, out, err = run_in(portfolio.parent, "kpi", "plans/new")
    assert code == 0, err
    assert "Children's Social Care Total" in out  # the finance position is shown
    assert "£471k" in out
    code, out, err = run_in(portfolio.parent, "kpi", "plans", "--month", "2019-08")
    assert code == 0, err
    assert "basic is superseded" in err
    assert out.count("Children's Social Care Total") == 2  # new and minimal


def test_due_leaves_out_a_superseded_plan(portfolio: Path) -> None:
    code, out, err = run_in(portfolio.parent, "due", "plans", "--from", "2019-09-01")
    assert code == 0, err
    assert "superseded by new - skipped from 2019-09-01" in err
    assert "basic" not in out.replace("basic-", "")
    code, out, err = run_in(portfolio.parent, "due", "plans", "--from", "2019-07-01")
    assert code == 0, err
    assert "note:" not in err
    assert "basic" in out


def test_report_overview_skips_with_a_note(portfolio: Path) -> None:
    code, out, err = run_in(
        portfolio.parent, "report", "plans", "--month", "2019-08", "--format", "markdown"
    )
    assert code == 0, err
    assert "basic is superseded" in err
    assert "Getting to Good Improvement Plan" in out and "Basic Test Plan" in out  # new
    assert "Example" in out and "Basic Test Plan" in out  # 'new' keeps the same title


@pytest.mark.parametrize(
    ("insert", "code"),
    [
        ("  status: superseded\n", "plan-superseded-by-missing"),
        ("  superseded_by: other\n", "plan-superseded-by-status"),
        (
            "  status: closed\n  history:\n    - status: live\n      date: 2019-04\n",
            "plan-status-history",
        ),
        (
            "  history:\n    - status: live\n      date: 2019-06\n"
            "    - status: draft\n      date: 2019-04\n",
            "plan-history-order",
        ),
    ],
)
def test_status_checks(tmp_path: Path, insert: str, code: str) -> None:
    folder = tmp_path / "p"
    shutil.copytree(BASIC, folder)
    _set(folder, "  rag_policy:", insert + "  rag_policy:")
    assert _new_codes(folder) == [code]


def _new_codes(folder: Path) -> list[str]:
    """The codes the plan raises beyond those of the basic fixture it was copied from."""
    before = [d.code for d in validate_paths([BASIC]).diagnostics]
    after = [d.code for d in validate_paths([folder]).diagnostics]
    for known in before:
        after.remove(known)
    return after


def test_a_late_plan_and_a_late_paper_are_warned(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    shutil.copytree(BASIC, folder)
    # published 4 March 2019: 70 working days -> 14 June 2019
    _set(
        folder,
        "  rag_policy:",
        "  submitted: 2019-06-17\n  boards:\n    - id: scrutiny\n      name: Scrutiny\n"
        "      meetings:\n        - date: 2019-09-10\n          month: 2019-08\n"
        "          paper_published: 2019-09-03\n  rag_policy:",
    )
    found = {d.code: d.message for d in validate_paths([folder]).diagnostics}
    assert sorted(_new_codes(folder)) == ["clock-paper-late", "clock-plan-late"]
    assert "after its deadline of 2019-06-14" in found["clock-plan-late"]
    assert "after 2019-09-02" in found["clock-paper-late"]
    # on time: submitted on the deadline day, paper on the last day allowed
    _set(folder, "submitted: 2019-06-17", "submitted: 2019-06-14")
    _set(folder, "paper_published: 2019-09-03", "paper_published: 2019-09-02")
    assert _new_codes(folder) == []


def test_past_period_note_only_for_a_plan_still_live_after_its_period(portfolio: Path) -> None:
    import datetime as dt

    from g2g.plan.portfolio import past_period_note

    def settings(name: str) -> Settings:
        plan = load_plans([portfolio / name])[0]
        assert plan.model is not None
        return plan.model.plan

    new, old = settings("new"), settings("old")
    end = dt.date.fromisoformat(new.period.end + "-01")
    after = dt.date(end.year + (end.month == 12), end.month % 12 + 1, 1)
    assert past_period_note(new, after - dt.timedelta(days=1)) is None  # last day of the period
    note = past_period_note(new, after)
    assert note is not None and note.startswith("'s period ended in ")
    assert past_period_note(old, after) is None  # superseded: it says it is done
    # g2g due says so on the terminal, and lists what is overdue as it stands
    code, _, err = run_in(portfolio, "due", "--from", after.isoformat(), "new")
    assert code == 0, err
    assert "note: new: new's period ended in " in " ".join(err.split())
