"""g2g schema: JSON Schemas from the models, checked with an independent validator."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.cycle.init import InitOptions, create_plan
from g2g.io.yamlread import read_yaml
from g2g.plan.jsonschema import DIALECT, KINDS, schema_for, schema_text
from g2g.plan.load import FINANCE_FILE, MEASURES_FILE, PLAN_FILE, progress_files
from g2g.plan.validate import validate_paths
from tests.helpers import FIXTURES, SHIPPED

runner = CliRunner()
BASIC = FIXTURES / "cycle" / "basic"
INVALID = FIXTURES / "cycle" / "invalid"


def validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        schema_for(kind), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def data_of(path: Path) -> Any:
    document = read_yaml(str(path), path.read_bytes())
    assert document.diagnostics == []
    return document.data


def files_of(folder: Path) -> list[tuple[str, Path]]:
    found = [("plan", folder / PLAN_FILE)]
    found += [("progress", p) for p in progress_files(folder)]
    for kind, name in (("measures", MEASURES_FILE), ("finance", FINANCE_FILE)):
        if (folder / name).is_file():
            found.append((kind, folder / name))
    return found


def plan_folders() -> list[Path]:
    shipped = sorted(p.parent for p in SHIPPED.glob("*/plan.yaml")) if SHIPPED.is_dir() else []
    return [*shipped, BASIC]


@pytest.mark.parametrize("kind", KINDS)
def test_each_schema_is_a_valid_draft_2020_12_schema(kind: str) -> None:
    schema = schema_for(kind)
    assert schema["$schema"] == DIALECT
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize("folder", plan_folders(), ids=lambda p: p.name)
def test_valid_plans_pass_the_schema_and_g2g_validate(folder: Path) -> None:
    assert validate_paths([folder]).errors() == []
    for kind, path in files_of(folder):
        errors = [e.message for e in validator(kind).iter_errors(data_of(path))]
        assert errors == [], f"{path}: {errors}"


def test_the_shipped_plan_is_checked_when_present() -> None:
    if not (SHIPPED / "oldham-2019" / PLAN_FILE).is_file():
        pytest.skip("the shipped plan is not there yet")
    kinds = {kind for kind, _ in files_of(SHIPPED / "oldham-2019")}
    assert {"plan", "progress"} <= kinds


def test_an_invalid_plan_fails_both_the_schema_and_g2g_validate() -> None:
    errors = list(validator("plan").iter_errors(data_of(INVALID / PLAN_FILE)))
    where = sorted("/".join(map(str, e.absolute_path)) for e in errors)
    assert where == ["inspections/0/judgement", "plan", "plan/period/start"]
    assert "'colour' was unexpected" in " ".join(e.message for e in errors)
    messages = [d.message for d in validate_paths([INVALID]).errors()]
    assert len(messages) == 3
    assert any("colour" in m for m in messages)
    assert any("requires_improvment" in m for m in messages)
    assert any("2019-13" in m for m in messages)


@pytest.mark.parametrize(
    "entry",
    [
        {"action": "SP-1"},  # status missing
        {"action": "SP-1", "status": "finished"},
        {"action": "SP-1", "status": "in_progress", "rag": "purple"},
        {"action": "SP-1", "status": "in_progress", "values": {"SP-1-appraisal": "62"}},
        {"action": "SP-1", "status": "in_progress", "values": {"bad id": 1}},
        {"action": "SP-1", "status": "in_progress", "updated_on": "2019-02-30"},
        {"action": "SP-1", "status": "in_progress", "colour": "red"},
    ],
)
def test_invalid_progress_entries_fail_the_schema(entry: dict[str, object]) -> None:
    assert not validator("progress").is_valid({"month": "2019-08", "updates": [entry]})


def test_suppression_codes_are_the_only_text_figures() -> None:
    measures = {"measures": [{"id": "m", "name": "M", "unit": "count", "values": {}}]}
    measures["measures"][0]["values"] = {"2019-08": "c", "2019-09": None, "2019-10": 4}
    assert validator("measures").is_valid(measures)
    measures["measures"][0]["values"] = {"2019-08": "n/a"}
    assert not validator("measures").is_valid(measures)


def test_a_new_plan_from_init_passes_the_schema(tmp_path: Path) -> None:
    create_plan(tmp_path / "p", InitOptions("Test Council", dt.date(2024, 5, 13), ["A", "B"]))
    assert validator("plan").is_valid(data_of(tmp_path / "p" / PLAN_FILE))
    written = json.loads((tmp_path / "p" / "schemas" / "plan.schema.json").read_text())
    assert written == schema_for("plan")


def test_cli_prints_and_writes_the_schema(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == schema_for("plan")
    target = tmp_path / "out" / "progress.schema.json"
    result = runner.invoke(app, ["schema", "progress", "--output", str(target)])
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == schema_text("progress")


def test_cli_rejects_an_unknown_kind() -> None:
    result = runner.invoke(app, ["schema", "report"])
    assert result.exit_code == 2
    assert "report" in result.stderr


def test_field_docstrings_reach_the_schema() -> None:
    update = schema_for("progress")["$defs"]["Update"]["properties"]
    assert "never zero" in update["values"]["description"]
