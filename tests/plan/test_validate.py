"""g2g validate: the shipped plan, valid and invalid fixtures, output formats, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.diagnostics import Severity
from g2g.plan.load import UsageError
from g2g.plan.validate import validate_paths
from tests.helpers import FIXTURES, SHIPPED, run_in

runner = CliRunner()
INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())
VALID = sorted(p for p in (FIXTURES / "valid").iterdir() if p.is_dir())


def test_shipped_plan_is_valid_with_no_warnings() -> None:
    result = validate_paths([SHIPPED])
    assert result.diagnostics == []
    assert result.files >= 2
    plan = result.plans[0].model
    assert plan is not None
    assert len(plan.actions()) == 25
    assert [len([a for a in area.objectives for a in a.actions]) for area in plan.areas] == [
        6,
        10,
        3,
        6,
    ]


def test_shipped_plan_through_the_cli(tmp_path: Path) -> None:
    code, out, _ = run_in(SHIPPED.parent, "validate", "--strict")
    assert code == 0
    assert out.strip().endswith("valid, no problems found")


@pytest.mark.parametrize("folder", VALID, ids=[p.name for p in VALID])
def test_valid_fixtures_have_no_problems(folder: Path) -> None:
    assert validate_paths([folder]).diagnostics == []


@pytest.mark.parametrize("folder", INVALID, ids=[p.name for p in INVALID])
def test_invalid_fixture_reports_exactly_its_problem(folder: Path) -> None:
    expected = (folder / "expected.txt").read_text(encoding="utf-8").splitlines()
    code, out, err = run_in(folder, "validate", ".", "--strict")
    lines = out.splitlines()
    assert lines[:-1] == expected
    assert "invalid" in lines[-1] or "warning" in lines[-1]
    assert code == 1
    assert "Traceback" not in out + err


@pytest.mark.parametrize("folder", INVALID, ids=[p.name for p in INVALID])
def test_warnings_alone_do_not_fail_without_strict(folder: Path) -> None:
    expected = (folder / "expected.txt").read_text(encoding="utf-8")
    code, _, _ = run_in(folder, "validate", ".")
    assert code == (1 if ": error: " in expected else 0)


def test_every_problem_in_one_run(minimal_plan: Path) -> None:
    plan = minimal_plan / "plan.yaml"
    plan.write_text(
        plan.read_text()
        .replace("lead: Director", "lead_oficer: Director")
        .replace("addresses: [R2]", "addresses: [R9]")
    )
    progress = minimal_plan / "progress" / "2019-08.yaml"
    progress.write_text(progress.read_text().replace("rag: amber", "rag: purple"))
    result = validate_paths([minimal_plan])
    messages = [d.message for d in result.diagnostics]
    assert any("lead_oficer" in m for m in messages)
    assert any("purple" in m for m in messages)
    # the schema error in plan.yaml hides the meaning checks of plan.yaml only
    assert {Path(d.path).name for d in result.diagnostics} == {"plan.yaml", "2019-08.yaml"}


def test_diagnostics_are_sorted_by_file_line_column() -> None:
    result = validate_paths([FIXTURES / "invalid" / "period-reversed"])
    keys = [(d.path, d.line, d.column) for d in result.diagnostics]
    assert keys == sorted(keys)


def test_json_format_is_a_list_of_diagnostics() -> None:
    code, out, _ = run_in(
        FIXTURES / "invalid" / "unknown-target", "validate", "--format", "json", "."
    )
    assert code == 1
    data = json.loads(out)
    assert data == [
        {
            "path": "progress/2019-08.yaml",
            "line": 9,
            "column": 7,
            "severity": "error",
            "message": data[0]["message"],
            "code": "unknown-target",
        }
    ]
    assert "did you mean 'PI-1-audits-good'?" in data[0]["message"]


def test_github_format_gives_annotations() -> None:
    code, out, _ = run_in(FIXTURES / "invalid" / "bad-month", "validate", "--format", "github", ".")
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith("::error file=progress/2019-08.yaml,line=2,col=8::month '2019-8'")


def test_a_file_argument_selects_its_plan(minimal_plan: Path) -> None:
    result = validate_paths([minimal_plan / "progress" / "2019-08.yaml"])
    assert len(result.plans) == 1
    assert result.files == 4  # plan, measures, finance, one progress file


def test_a_folder_of_plans_finds_each_plan() -> None:
    result = validate_paths([FIXTURES / "invalid"])
    assert len(result.plans) == len(INVALID)


def test_missing_path_is_misuse() -> None:
    result = runner.invoke(app, ["validate", "no/such/folder"])
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr
    with pytest.raises(UsageError):
        validate_paths([Path("no/such/folder")])


def test_folder_without_a_plan_is_misuse(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert "no plan.yaml" in result.stderr


def test_bad_option_is_misuse() -> None:
    result = runner.invoke(app, ["validate", "--format", "xml"])
    assert result.exit_code == 2


def test_warnings_are_warnings(minimal_plan: Path) -> None:
    progress = minimal_plan / "progress" / "2019-08.yaml"
    progress.write_text(progress.read_text().replace("    rag: amber\n", ""))
    result = validate_paths([minimal_plan])
    assert [d.severity for d in result.diagnostics] == [Severity.warning]
    assert result.errors() == []
    assert result.errors(strict=True) == result.diagnostics


def test_partial_model_leaves_out_only_the_broken_items() -> None:
    from g2g.io.yamlread import read_yaml
    from g2g.plan.model_progress import ProgressFile
    from g2g.plan.partial import partial_model

    text = (
        "month: 2019-08\nupdates:\n  - action: A-1\n    status: in_progress\n"
        "  - action: A-2\n    status: finished\n  - action: A-3\n    status: complete\n"
    )
    data = read_yaml("p.yaml", text.encode()).data
    found = partial_model(ProgressFile, data)
    assert found is not None
    assert [u.action for u in found.model.updates] == ["A-1", "A-3"]
    assert found.data["updates"].item_pos == [(3, 5), (7, 5)]
    assert "A-2" in found.hidden
    assert not found.header, "only list items were left out"
    assert len(data["updates"]) == 3, "the values read are not changed"
    # A header field with an error is stood in for, and the copy says so.
    header = partial_model(ProgressFile, read_yaml("p", b"month: 13\nupdates: []\n").data)
    assert header is not None and header.header
    assert partial_model(ProgressFile, read_yaml("p", b"- a list\n").data) is None
