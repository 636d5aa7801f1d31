"""g2g init starts a plan from any kind of source, and from more than one (issue 27)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.cycle.init import InitOptions, SourceOptions, create_plan, default_finding_kind
from g2g.diagnostics import Severity
from g2g.errors import CycleError
from g2g.plan.load import load_plan
from g2g.plan.model_base import Judgement
from g2g.plan.sources import SOURCE_KINDS, FindingKind, InspectionKind
from g2g.plan.validate import validate_paths

runner = CliRunner()


def init(folder: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["init", str(folder), *args])
    return result.exit_code, result.stdout, result.stderr


def _errors(folder: Path) -> list[str]:
    found = validate_paths([folder]).diagnostics
    # a new plan holds TODO placeholders (warnings) and nothing else
    assert {d.code for d in found if d.severity is Severity.warning} <= {"todo-placeholder"}
    return [d.format_text() for d in found if d.severity is Severity.error]


def _owners(folder: Path) -> dict[str, tuple[str, str, str]]:
    plan = load_plan(folder)
    assert plan.model is not None, plan.diagnostics
    return {f.id: (x.id, x.kind.value, f.kind.value) for x, f in plan.model.findings()}


def test_three_sources_through_the_cli(tmp_path: Path) -> None:
    (tmp_path / "ofsted.txt").write_text(
        "Recommendations\n1. Identify risk promptly.\n2. End delays in permanence.\n", "utf-8"
    )
    (tmp_path / "lga.txt").write_text(
        "Areas for improvement\n- Share the audit learning monthly.\n", "utf-8"
    )
    (tmp_path / "direction.txt").write_text(
        "1. Send the Secretary of State a quarterly report.\n"
        "2. Give the Commissioner the board's papers.\n",
        "utf-8",
    )
    folder = tmp_path / "plan"
    code, out, err = init(
        folder,
        "--council", "Wakefield Council",
        "--inspection-start", "2018-06-04",
        "--published", "2018-07-24",
        "--judgement", "inadequate",
        "--recommendations-file", str(tmp_path / "ofsted.txt"),
        "--also", f"peer_review:2019-02-12:{tmp_path / 'lga.txt'}",
        "--also", f"statutory_direction:2018-12-13:{tmp_path / 'direction.txt'}",
        "--no-schemas",
    )  # fmt: skip
    assert (code, err) == (0, "")
    first = out.splitlines()[0]
    assert first.startswith("Created ")
    assert first.endswith(
        "plan/plan.yaml with 2 recommendations, 1 area for improvement and 2 requirements from 3 "
        "sources, and one TODO action for each."
    )
    assert _errors(folder) == []
    assert _owners(folder) == {
        "R1": ("ilacs-2018", "inspection", "recommendation"),
        "R2": ("ilacs-2018", "inspection", "recommendation"),
        "LGA-AFI-1": ("peer-review-2019-02", "peer_review", "area_for_improvement"),
        "SD-REQ-1": ("statutory-direction-2018-12", "statutory_direction", "requirement"),
        "SD-REQ-2": ("statutory-direction-2018-12", "statutory_direction", "requirement"),
    }
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    assert "after the ILACS of 4\n# June 2018, and answering the LGA peer review and the " in text
    # a direction's clock is its review points: the scaffold shows where they go
    assert "    # reviews:\n    #   - date: 2019-06\n" in text


@pytest.mark.parametrize(
    "kind",
    [k for k in InspectionKind if not SOURCE_KINDS[k].ofsted],
    ids=lambda k: k.value,
)
def test_a_plan_can_start_from_any_source_that_is_not_ofsteds(
    tmp_path: Path, kind: InspectionKind
) -> None:
    first = default_finding_kind(kind)
    options = InitOptions(
        council="Demo Council",
        inspection_start=dt.date(2024, 5, 13),
        recommendations=["Publish the practice standards."]
        if first is FindingKind.recommendation
        else [],
        requirements=["Report to the Secretary of State quarterly."]
        if first is FindingKind.requirement
        else [],
        inspection_kind=kind,
        framework=None,
    )
    folder = tmp_path / kind.value
    create_plan(folder, options)
    assert _errors(folder) == []
    ident = "R1" if first is FindingKind.recommendation else "REQ-1"
    source = f"{kind.value.replace('_', '-')}-2024-05"
    assert _owners(folder) == {ident: (source, kind.value, first.value)}
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    sources = text[text.index("\ninspections:") : text.index("\nareas:")]
    assert "judgement" not in sources
    assert "framework" not in sources


def test_a_send_inspection_with_priority_actions_from_its_headings(tmp_path: Path) -> None:
    pasted = tmp_path / "send.txt"
    pasted.write_text(
        "Priority actions\n1. Cut the waits for EHC assessments.\n"
        "Areas for improvement\n1. Share plans with families.\n",
        "utf-8",
    )
    folder = tmp_path / "send"
    code, out, err = init(
        folder,
        "--council", "Demo Council",
        "--inspection-kind", "send_area_inspection",
        "--inspection-start", "2024-05-13",
        "--recommendations-file", str(pasted),
        "--no-schemas",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "with 1 area for improvement and 1 priority action," in out
    assert _errors(folder) == []
    assert _owners(folder) == {
        "AFI-1": ("send-area-inspection-2024-05", "send_area_inspection", "area_for_improvement"),
        "PA-1": ("send-area-inspection-2024-05", "send_area_inspection", "priority_action"),
    }


def test_two_sources_of_one_kind_get_ids_of_their_own(tmp_path: Path) -> None:
    options = InitOptions(
        council="Demo Council",
        inspection_start=dt.date(2024, 5, 13),
        recommendations=["Ofsted's one."],
        also=[
            SourceOptions(
                InspectionKind.peer_review, "2024-06", [(FindingKind.recommendation, "a")]
            ),
            SourceOptions(
                InspectionKind.peer_review, "2024-06", [(FindingKind.recommendation, "b")]
            ),
        ],
    )
    folder = tmp_path / "two"
    create_plan(folder, options)
    assert _errors(folder) == []
    assert _owners(folder) == {
        "R1": ("ilacs-2024", "inspection", "recommendation"),
        "LGA-R1": ("peer-review-2024-06", "peer_review", "recommendation"),
        "LGA2-R1": ("peer-review-2024-06-2", "peer_review", "recommendation"),
    }


def test_an_ofsted_judgement_on_a_peer_review_is_refused(tmp_path: Path) -> None:
    options = InitOptions(
        council="Demo Council",
        inspection_start=dt.date(2024, 5, 13),
        recommendations=["a"],
        inspection_kind=InspectionKind.peer_review,
        framework=None,
    )
    options.judgement = Judgement.good
    with pytest.raises(CycleError) as raised:
        create_plan(tmp_path / "bad", options)
    assert [d.code for d in raised.value.diagnostics] == ["source-judgement-not-ofsted"]
    assert not (tmp_path / "bad" / "plan.yaml").exists()


@pytest.mark.parametrize(
    ("also", "message"),
    [
        ("peer_review", "--also 'peer_review' is not KIND:DATE[:FILE]"),
        (
            "peer_reveiw:2024-06",
            "'peer_reveiw' is not an allowed value (did you mean 'peer_review'?)",
        ),
        ("peer_review:2024-13-01", "--also"),
    ],
)
def test_a_bad_also_is_misuse(tmp_path: Path, also: str, message: str) -> None:
    code, out, err = init(
        tmp_path / "plan",
        "--council", "Demo Council",
        "--inspection-start", "2024-05-13",
        "--recommendation", "a",
        "--also", also,
    )  # fmt: skip
    assert code == 2
    assert message in err
    assert "Traceback" not in out + err
    assert not (tmp_path / "plan").exists()
