"""The board's cadence: a paper compares with the month of the last paper to the same board
(from its meeting dates), so a six-monthly committee sees the change since it last looked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from g2g.cli.app import app
from tests.helpers import FIXTURES

runner = CliRunner()


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    folder = tmp_path / "basic"
    shutil.copytree(FIXTURES / "rag" / "basic", folder)
    path = folder / "plan.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["plan"]["boards"] = [
        {"id": "monthly", "name": "Improvement Board", "cadence": "monthly"},
        {
            "id": "committee",
            "name": "Scrutiny Committee",
            "cadence": "bimonthly",
            "meetings": [
                {"date": "2019-07-10", "month": "2019-06"},
                {"date": "2019-09-10", "month": "2019-08"},
            ],
        },
    ]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert runner.invoke(app, ["validate", str(folder)]).exit_code == 0
    return folder


def paper(folder: Path, board: str) -> str:
    result = runner.invoke(
        app,
        ["report", str(folder), "--month", "2019-08", "--board", board, "--format", "markdown",
         "--commit", "none"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_a_committee_paper_compares_with_its_last_paper(plan: Path) -> None:
    text = paper(plan, "committee")
    assert (
        "The changes in this paper are counted from June 2019, the month reported in the last "
        "paper to the Scrutiny Committee (10 July 2019)." in text
    )
    assert "| Change since Jun 2019 |" in text
    assert "### Changes since June 2019" in text
    # B-1 was Green in June and is Amber in August (it was already Amber in July); June's
    # Green was challenged (the evidence gave Amber), and the Was column says so
    assert (
        "| **B-1** Caseloads | 🟢 Green, challenged: the evidence gives Amber | 🟠 Amber |" in text
    )


def test_a_monthly_board_compares_with_the_month_before(plan: Path) -> None:
    text = paper(plan, "monthly")
    assert "counted from" not in text
    assert "| Change since Jul 2019 |" in text
    assert "### Changes since July 2019" in text
    assert "| **B-1** Caseloads |" not in text.split("### Changes since")[1].split("##")[0]
