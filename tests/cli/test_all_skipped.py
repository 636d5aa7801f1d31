"""A command for which every plan given was skipped did nothing: it exits 2 and says why for
each plan (issue 24; rag, kpi and report printed nothing and exited 0)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, SHIPPED, run_in

OUTSIDE = {
    "rag": ["rag", "--month", "2030-01"],
    "rag-json": ["rag", "--month", "2030-01", "--format", "json"],
    "kpi": ["kpi", "--month", "2010-01"],
    "report": ["report", "--month", "2030-01", "--format", "markdown"],
    "export": ["export", "--format", "xlsx", "--month", "2030-01", "--output", "t.xlsx"],
    "returns": ["returns", "--month", "2030-01", "--output-dir", "out"],
    "month": ["month", "2030-01"],
}


@pytest.fixture
def region(tmp_path: Path) -> Path:
    """Three councils' plans in one folder, none of them running in 2030 or with figures
    from 2010."""
    for plan in (SHIPPED / "oldham-2019", SHIPPED / "oldham-2022"):
        shutil.copytree(plan, tmp_path / "region" / plan.name)
    shutil.copytree(FIXTURES / "plans" / "bradford-2018", tmp_path / "region" / "bradford-2018")
    return tmp_path


@pytest.mark.parametrize("args", OUTSIDE.values(), ids=OUTSIDE.keys())
def test_every_plan_skipped_is_exit_2_with_each_reason(region: Path, args: list[str]) -> None:
    code, out, err = run_in(region, *args, "region")
    assert code == 2, err
    assert out == ""
    for plan in ("oldham-2019", "oldham-2022", "bradford-2018"):
        assert f"region/{plan}: " in err, (plan, err)
    assert "Traceback" not in err
    assert not (region / "t.xlsx").exists() and not (region / "out").exists()


@pytest.mark.parametrize("args", [OUTSIDE["rag"], OUTSIDE["kpi"]], ids=["rag", "kpi"])
def test_one_plan_used_is_not_an_error(region: Path, args: list[str]) -> None:
    # The control: a month that one plan takes is a normal run, the others noted.
    code, out, err = run_in(region, args[0], "--month", "2019-08", "region")
    assert code == 0, err
    assert out.strip()
    assert "note: region/oldham-2022: " in err
