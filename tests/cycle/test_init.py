"""g2g init: a new plan folder that is valid at once, commented, and never overwrites."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.cycle.common import field_doc_line
from g2g.cycle.init import (
    InitOptions,
    SourceOptions,
    create_plan,
    default_framework,
    default_plan_id,
    parse_judgement,
    parse_recommendations,
)
from g2g.errors import CycleError, CycleUsageError
from g2g.plan.load import load_plan
from g2g.plan.model_base import Judgement
from g2g.plan.model_plan import Inspection, Settings
from g2g.plan.sources import FindingKind, InspectionKind
from g2g.plan.validate import validate_paths
from tests.helpers import run_in

runner = CliRunner()

OLDHAM = [
    "The quality of assessments to effectively analyse risks and parents’ capacity to meet "
    "children’s needs",
    "The quality of evidence gathering during child protection investigations",
    "Management oversight and practice leadership at all levels in the organisation",
]

BASE = ["--council", "Oldham Council", "--inspection-start", "2019-01-21"]


def init(folder: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["init", str(folder), *args])
    return result.exit_code, result.stdout, result.stderr


def test_init_writes_a_valid_commented_plan(tmp_path: Path) -> None:
    folder = tmp_path / "oldham-2019"
    rec_args = [x for text in OLDHAM for x in ("--recommendation", text)]
    code, out, err = init(
        folder,
        *BASE,
        "--inspection-end",
        "2019-02-01",
        "--published",
        "2019-03-04",
        "--judgement",
        "Requires Improvement to be Good",
        *rec_args,
    )
    assert code == 0, err
    assert "Created" in out
    result = validate_paths([folder])
    assert result.errors() == []
    # The only warnings are the TODO placeholders left to replace, so --strict fails on them.
    placeholders = [d for d in result.diagnostics if d.code == "todo-placeholder"]
    assert placeholders == result.diagnostics
    assert len(placeholders) == 2 + 5 * len(OLDHAM)  # area, objective; five per action
    code, out, _ = run_in(folder, "validate", ".", "--strict")
    assert code == 1
    assert f"fails under --strict: {len(placeholders)} warnings" in out
    model = load_plan(folder).model
    assert model is not None
    assert model.plan.id == "oldham-2019"
    assert (model.plan.period.start, model.plan.period.end) == ("2019-04", "2021-03")
    inspection = model.inspections[0]
    assert inspection.judgement is Judgement.requires_improvement
    assert inspection.end == dt.date(2019, 2, 1)
    assert [f.text for f in inspection.findings] == OLDHAM
    addressed = {ref for _, _, action in model.actions() for ref in action.addresses}
    assert addressed == {"R1", "R2", "R3"}
    assert all("TODO" in action.title for _, _, action in model.actions())
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    for doc in (field_doc_line(Settings, "title"), field_doc_line(Inspection, "published")):
        assert f"# {doc}" in text
    assert text.startswith("# yaml-language-server: $schema=schemas/plan.schema.json\n")
    # The fields of a plan's life and its clock, commented out with their docs: published 4
    # March 2019 + 70 working days (Easter 19 and 22 April, 6 and 27 May) = 14 June 2019.
    for doc in (field_doc_line(Settings, "status"), field_doc_line(Inspection, "plan_due")):
        assert f"# {doc.split()[0]}" in text
    for line in (
        "  # status: draft",
        "  # version: v1",
        "  # submitted: 2019-06-14",
        "  # history:",
        "    # plan_due: 2019-06-14",
        "    # status: held",
    ):
        assert f"\n{line}\n" in text, line
    assert (folder / "schemas" / "plan.schema.json").is_file()
    assert (folder / "progress").is_dir()


def test_init_never_overwrites_a_plan(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    assert init(folder, *BASE, "--recommendation", "One")[0] == 0
    before = (folder / "plan.yaml").read_bytes()
    code, _, err = init(folder, *BASE, "--recommendation", "Two")
    assert code == 2
    assert "already exists" in err
    assert (folder / "plan.yaml").read_bytes() == before


def test_recommendations_from_a_pasted_file(tmp_path: Path) -> None:
    pasted = tmp_path / "recs.txt"
    pasted.write_text(
        "What needs to improve in this local authority?\n\n"
        "1. The quality of assessments to effectively analyse risks and parents’ capacity to\n"
        "   meet children’s needs\n"
        "2. The quality of evidence gathering during child protection investigations\n",
        encoding="utf-8",
    )
    folder = tmp_path / "p"
    code, _, err = init(folder, *BASE, "--recommendations-file", str(pasted), "--no-schemas")
    assert code == 0, err
    assert "ignored a line before the first numbered item" in err
    model = load_plan(folder).model
    assert model is not None
    assert [f.text for f in model.inspections[0].findings] == OLDHAM[:2]
    assert not (folder / "schemas").exists()
    assert "yaml-language-server" not in (folder / "plan.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text",
    [
        "yes",
        "123",
        "0755",
        "TODO: x",
        "# not a comment",
        "- not a list",
        "'quoted' and \"double\"",
        "A very long recommendation: " + "with many words " * 12 + "and a colon: at the end",
        "tab\there",
        "café ’curly’ — dash",
    ],
)
def test_awkward_recommendation_text_is_kept_verbatim(tmp_path: Path, text: str) -> None:
    options = InitOptions("Test Council", dt.date(2024, 5, 13), [text, "Second"])
    create_plan(tmp_path / "p", options)
    model = load_plan(tmp_path / "p").model
    assert model is not None
    assert model.inspections[0].findings[0].text == text
    assert validate_paths([tmp_path / "p"]).errors() == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--recommendation", "x", "--judgement", "requires improvment"], "did you mean"),
        (["--recommendation", "x", "--inspection-end", "2019-01-01"], "before it starts"),
        (["--recommendation", "x", "--published", "21/03/2019"], "is not a date"),
        (["--recommendation", "x", "--start", "2019-4"], "is not a month"),
        (["--recommendation", "x", "--id", "has space"], "is not an id"),
        (["--recommendation", "x", "--inspection-kind", "visit"], "use one of"),
        (["--recommendations-file", "missing.txt"], "cannot read it"),
    ],
)
def test_bad_options_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    code, _, err = init(tmp_path / "p", *BASE, *args)
    assert code == 2
    assert message in err
    assert not (tmp_path / "p" / "plan.yaml").exists()


def test_missing_required_option_is_misuse(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "p"), "--council", "X"])
    assert result.exit_code == 2
    assert "--inspection-start" in result.stderr


def test_library_refuses_an_existing_plan(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text("x: 1\n")
    with pytest.raises(CycleError) as caught:
        create_plan(tmp_path, InitOptions("C", dt.date(2020, 1, 1), ["R"]))
    assert isinstance(caught.value, CycleUsageError)
    assert caught.value.exit_code == 2
    assert (tmp_path / "plan.yaml").read_text() == "x: 1\n"


def test_parse_recommendations_forms() -> None:
    assert parse_recommendations("First\n\nSecond  one\n") == (["First", "Second one"], [])
    bullets = "Heading\n• First\n  continued\n- Second\n* Third\n"
    assert parse_recommendations(bullets) == (["First continued", "Second", "Third"], ["Heading"])
    numbered = "(1) One\n2) Two\nR3: Three\n4. Four"
    assert parse_recommendations(numbered)[0] == ["One", "Two", "Three", "Four"]


def test_parse_judgement_and_default_id() -> None:
    assert parse_judgement("Requires Improvement to be Good") is Judgement.requires_improvement
    assert parse_judgement("INADEQUATE") is Judgement.inadequate
    with pytest.raises(ValueError, match="use one of"):
        parse_judgement("excellent")
    assert (
        default_plan_id("City of Bradford Metropolitan District Council", 2018) == "bradford-2018"
    )
    assert default_plan_id("Oldham Council", 2019) == "oldham-2019"


def test_the_whole_cycle_on_a_new_plan(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    code, _, err = init(folder, *BASE, "--published", "2019-03-04", *("--recommendation", "One"))
    assert code == 0, err
    result = runner.invoke(app, ["month", "2019-04", str(folder)])
    assert result.exit_code == 0, result.stderr
    month_file = folder / "progress" / "2019-04.yaml"
    assert month_file.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schemas/progress.schema.json\n"
    )
    result = runner.invoke(
        app,
        [
            "update",
            "A1-1",
            "--month",
            "2019-04",
            "--rag",
            "amber",
            "--note",
            "Started",
            str(folder),
        ],
    )
    assert result.exit_code == 0, result.stderr
    found = validate_paths([folder]).diagnostics
    assert found and {d.code for d in found} == {"todo-placeholder"}
    result = runner.invoke(app, ["due", "--from", "2019-04-01", "--weeks", "200", str(folder)])
    assert result.exit_code == 0
    assert "A1-1" in result.stdout


def test_the_library_says_what_the_new_plan_holds() -> None:
    start = dt.date(2019, 1, 14)
    assert InitOptions("C", start, []).findings_words() == (
        "no findings and one enabling TODO action (add the findings when they are out)"
    )
    assert InitOptions("C", start, ["R"]).findings_words() == (
        "1 recommendation, and one TODO action for each"
    )
    two = InitOptions("C", start, ["R", "S"], areas_for_improvement=["A"])
    assert two.findings_words() == (
        "2 recommendations and 1 area for improvement, and one TODO action for each"
    )
    review = SourceOptions(
        InspectionKind.peer_review, "2019-02", [(FindingKind.recommendation, "P")]
    )
    three = InitOptions("C", start, ["R"], also=[review])
    assert three.findings_words() == (
        "2 recommendations from 2 sources, and one TODO action for each"
    )


def test_the_framework_is_ilacs_for_ofsted_only() -> None:
    assert default_framework(InspectionKind.inspection) == "ILACS"
    assert default_framework(InspectionKind.focused_visit) == "ILACS"
    assert default_framework(InspectionKind.statutory_direction) is None
