"""g2g.batch.workbooks through the library: the returns and the tracker g2g returns and g2g
export write, what they say they wrote, and the notes and refusals they give."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from g2g.batch.workbooks import export_tracker, write_returns
from g2g.errors import UsageError

PLANS = Path(__file__).resolve().parents[2] / "plans"


@pytest.fixture
def two_plans(tmp_path: Path) -> list[Path]:
    for name in ("oldham-2019", "oldham-2022"):
        shutil.copytree(PLANS / name, tmp_path / name)
    return [tmp_path / "oldham-2019", tmp_path / "oldham-2022"]


def test_returns_are_written_one_per_lead_and_the_other_plan_is_a_note(
    two_plans: list[Path], tmp_path: Path
) -> None:
    notes: list[str] = []
    written = list(write_returns(two_plans, "2019-09", tmp_path / "out", note=notes.append))
    assert len(written) > 1
    assert len({w.lead for w in written}) == len(written)
    for done in written:
        assert done.path.parent == tmp_path / "out" and done.path.is_file()
        rows = openpyxl.load_workbook(done.path)["Updates"].max_row
        assert done.actions > 0 and rows > done.actions  # a heading row or more above them
    assert len(notes) == 1 and "oldham-2022" in notes[0] and "2019-09" in notes[0]


def test_a_lead_who_leads_nothing_is_refused_before_anything_is_written(
    two_plans: list[Path], tmp_path: Path
) -> None:
    with pytest.raises(UsageError, match="leads no action of"):
        list(write_returns(two_plans[:1], "2019-09", tmp_path / "out", note=print, lead="Nobody"))
    assert not (tmp_path / "out").exists()


def test_a_month_outside_the_one_plan_is_misuse(two_plans: list[Path], tmp_path: Path) -> None:
    notes: list[str] = []
    with pytest.raises(UsageError):
        export_tracker(two_plans[:1], "2030-01", tmp_path / "t.xlsx", note=notes.append)
    assert notes == []


def test_the_tracker_says_what_it_wrote(two_plans: list[Path], tmp_path: Path) -> None:
    notes: list[str] = []
    done = export_tracker(two_plans, "2019-09", tmp_path / "t.xlsx", note=notes.append)
    assert done.path == tmp_path / "t.xlsx" and done.path.is_file()
    assert (done.plans, done.month) == (1, "2019-09")
    assert done.actions > 0
    assert len(notes) == 1 and "oldham-2022" in notes[0]
    tracker = openpyxl.load_workbook(done.path)["Tracker"]
    assert tracker.max_row >= done.actions + 1
