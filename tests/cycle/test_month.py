"""g2g month: a month's progress file for every live action, valid, never overwritten."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.cycle.month import create_months, plan_month
from g2g.diagnostics import Severity
from g2g.io.yamlread import read_yaml
from g2g.plan.load import load_plan
from g2g.plan.model_base import Status
from g2g.plan.validate import validate_paths
from tests.helpers import FIXTURES

runner = CliRunner()
BASIC = FIXTURES / "cycle" / "basic"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    target = tmp_path / "basic"
    shutil.copytree(BASIC, target)
    return target


def month(plan: Path, value: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["month", value, str(plan)])
    return result.exit_code, result.stdout, result.stderr


def test_month_has_an_entry_for_every_live_action(plan: Path) -> None:
    code, out, err = month(plan, "2019-09")
    assert code == 0, err
    assert "4 actions to update (1 completed earlier, 1 not started yet)" in out
    path = plan / "progress" / "2019-09.yaml"
    data = read_yaml(str(path), path.read_bytes()).data
    assert data["month"] == "2019-09"
    assert [e["action"] for e in data["updates"]] == ["SP-1", "SP-2", "QA-1", "PI-2"]
    first = data["updates"][0]
    assert first == {
        "action": "SP-1",
        "status": "in_progress",
        "rag": None,
        "narrative": None,
        "values": {"SP-1-appraisal": None},
        "updated_by": None,
        "updated_on": None,
    }


def test_month_validates_with_only_missing_rating_warnings(plan: Path) -> None:
    assert month(plan, "2019-09")[0] == 0
    result = validate_paths([plan])
    assert result.errors() == []
    assert result.diagnostics
    assert all(d.severity is Severity.warning for d in result.diagnostics)
    assert all("has no RAG rating for 2019-09" in d.message for d in result.diagnostics)


def test_last_rating_is_shown_as_a_comment(plan: Path) -> None:
    assert month(plan, "2019-09")[0] == 0
    text = (plan / "progress" / "2019-09.yaml").read_text(encoding="utf-8")
    qa1 = text[text.index("  - action: QA-1") :]
    assert "rag:  # 2019-08: red - write red, amber or green" in qa1
    assert "status: in_progress  # as in 2019-08" in qa1
    assert "last 24 in 2019-08" in qa1  # the target's last value
    assert "# QA-1 Audit programme - lead: Head of Quality Assurance" in text


def test_status_is_prefilled_from_the_last_update(plan: Path) -> None:
    (plan / "progress" / "2019-08.yaml").write_text(
        "month: 2019-08\nupdates:\n"
        "  - {action: SP-1, status: on_hold, rag: amber}\n"
        "  - {action: SP-2, status: awaiting_sign_off, rag: amber}\n",
    )
    assert month(plan, "2019-09")[0] == 0
    updates = load_plan(plan).updates()["2019-09"]
    assert updates["SP-1"].status is Status.on_hold
    assert updates["SP-2"].status is Status.awaiting_sign_off
    # QA-2 is no longer complete in August: its latest update (July) is in_progress.
    assert "QA-2" in updates


def test_actions_with_no_earlier_update(plan: Path) -> None:
    for path in (plan / "progress").glob("*.yaml"):
        path.unlink()
    assert month(plan, "2019-05")[0] == 0
    updates = load_plan(plan).updates()["2019-05"]
    assert updates["SP-1"].status is Status.in_progress  # started in April
    assert updates["QA-1"].status is Status.not_started  # starts this month
    assert "PI-1" not in updates  # starts in October


def test_month_never_overwrites(plan: Path) -> None:
    old = (plan / "progress" / "2019-08.yaml").read_bytes()
    code, _, err = month(plan, "2019-08")
    assert code == 2
    assert "never replaces a month" in err
    assert (plan / "progress" / "2019-08.yaml").read_bytes() == old


@pytest.mark.parametrize(
    ("value", "message"),
    [("2019-9", "is not a month"), ("2021-01", "outside the plan period"), ("Sept", "YYYY-MM")],
)
def test_bad_months_are_misuse(plan: Path, value: str, message: str) -> None:
    code, _, err = month(plan, value)
    assert code == 2
    assert message in err


def test_a_plan_with_errors_is_refused(plan: Path) -> None:
    (plan / "progress" / "2019-08.yaml").write_text("month: 2019-08\nupdates:\n  - action: XX-9\n")
    code, _, err = month(plan, "2019-09")
    assert code == 1
    assert "fix them before starting 2019-09" in err
    assert not (plan / "progress" / "2019-09.yaml").exists()


def test_modeline_when_the_plan_has_schemas(plan: Path) -> None:
    (plan / "schemas").mkdir()
    (plan / "schemas" / "progress.schema.json").write_text("{}")
    assert month(plan, "2019-09")[0] == 0
    text = (plan / "progress" / "2019-09.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/progress.schema.json\n")


def test_targets_linked_to_a_measure_are_left_out(plan: Path) -> None:
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "measure: Social workers with an annual appraisal\n",
        "measure: Social workers with an annual appraisal\n                kpi: appraisals\n",
    )
    (plan / "plan.yaml").write_text(text, encoding="utf-8")
    (plan / "measures.yaml").write_text(
        "measures:\n  - id: appraisals\n    name: Appraisals\n    unit: percent\n"
        "    values: {2019-08: 62}\n",
        encoding="utf-8",
    )
    (plan / "progress" / "2019-08.yaml").write_text(
        (plan / "progress" / "2019-08.yaml")
        .read_text(encoding="utf-8")
        .replace("    values:\n      SP-1-appraisal: 62\n", ""),
        encoding="utf-8",
    )
    assert validate_paths([plan]).errors() == []
    assert month(plan, "2019-09")[0] == 0
    data = read_yaml("x", (plan / "progress" / "2019-09.yaml").read_bytes()).data
    assert "values" not in data["updates"][0]
    result = runner.invoke(
        app, ["update", "SP-1", "--month", "2019-09", "--value", "SP-1-appraisal=70", str(plan)]
    )
    assert result.exit_code == 1
    assert "record the figure in measures.yaml" in result.stderr


def test_library_plan_month_and_every_plan_under_a_folder(plan: Path, tmp_path: Path) -> None:
    model = load_plan(plan).model
    assert model is not None
    contents = plan_month(model, load_plan(plan).updates(), "2019-09")
    assert contents.completed == ["QA-2"]
    assert contents.not_started == ["PI-1"]
    second = tmp_path / "second"
    shutil.copytree(BASIC, second)
    results = create_months([plan, second], "2019-09")
    assert [r.path.name for r in results] == ["2019-09.yaml", "2019-09.yaml"]
