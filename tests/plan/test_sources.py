"""Sources of what a plan answers (issue 27): the one table of kinds, and what validate says
about each source on more than one plan, with planted problems and honest controls."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from g2g.plan.model_base import Judgement
from g2g.plan.model_plan import Inspection
from g2g.plan.sources import FINDING_KINDS, SOURCE_KINDS, Clock, FindingKind, InspectionKind
from g2g.plan.validate import validate_paths
from tests.helpers import FIXTURES, ROOT, run_in

WAKEFIELD = FIXTURES / "plans" / "wakefield-2018"
MINIMAL = FIXTURES / "valid" / "minimal"


def test_every_kind_is_declared_once_in_the_tables() -> None:
    assert list(SOURCE_KINDS) == list(InspectionKind)
    assert list(FINDING_KINDS) == list(FindingKind)
    for kind, info in SOURCE_KINDS.items():
        assert info.findings, kind
        assert set(info.findings) <= set(FindingKind)
    # every kind the issue names is there, with the clock that applies
    assert SOURCE_KINDS[InspectionKind.statutory_direction].clock is Clock.review_points
    assert SOURCE_KINDS[InspectionKind.commissioner_report].clock is Clock.review_points
    assert SOURCE_KINDS[InspectionKind.peer_review].clock is Clock.none
    assert SOURCE_KINDS[InspectionKind.inspection].clock is Clock.ofsted_plan
    assert FindingKind.priority_action in SOURCE_KINDS[InspectionKind.send_area_inspection].findings
    # 0.1's kinds keep every finding kind they allowed
    old = list(InspectionKind)[:7]
    for kind in old:
        assert {FindingKind.recommendation, FindingKind.area_for_improvement} <= set(
            SOURCE_KINDS[kind].findings
        )
        assert SOURCE_KINDS[kind].ofsted


def test_the_three_source_plan_is_valid_through_the_cli() -> None:
    code, out, err = run_in(ROOT, "validate", "--no-cache", "--strict", str(WAKEFIELD))
    assert (code, out, err) == (0, "3 files checked: valid, no problems found\n", "")


def test_the_three_source_plan_through_the_library() -> None:
    result = validate_paths([WAKEFIELD])
    assert result.diagnostics == []
    model = result.plans[0].model
    assert model is not None
    kinds = [x.kind for x in model.inspections]
    assert kinds == [
        InspectionKind.inspection,
        InspectionKind.statutory_direction,
        InspectionKind.commissioner_report,
        InspectionKind.peer_review,
    ]
    owner = {f.id: x.id for x, f in model.findings()}
    assert owner == {
        "R1": "ilacs-2018",
        "R2": "ilacs-2018",
        "R3": "ilacs-2018",
        "R4": "ilacs-2018",
        "SD-REQ-1": "direction-2018",
        "SD-REQ-2": "direction-2018",
        "LGA-AFI-1": "lga-2019",
    }
    direction = model.inspections[1]
    assert [r.date for r in direction.reviews] == ["2019-05", "2019-11"]
    # the clock: Ofsted's 70 working days from publication (24 July 2018: 5 days in July, 22 in
    # August after the 27th's bank holiday, 20 in September, 23 in October), none for the others
    assert model.inspections[0].plan_deadline() == dt.date(2018, 10, 31)
    assert [x.plan_deadline() for x in model.inspections[1:]] == [None, None, None]


def test_a_direction_never_counts_ofsteds_clock() -> None:
    # even were a judgement given (an error of its own), a direction starts no 70-day count
    direction = Inspection(
        id="d",
        kind=InspectionKind.statutory_direction,
        start=dt.date(2018, 12, 13),
        judgement=Judgement.inadequate,
        published=dt.date(2018, 12, 13),
    )
    assert direction.plan_deadline() is None


def _variant(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    folder = tmp_path / "plan"
    shutil.copytree(WAKEFIELD, folder)
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (folder / "plan.yaml").write_text(text, encoding="utf-8")
    return folder


def _problems(folder: Path) -> list[str]:
    code, out, _ = run_in(folder, "validate", "--no-cache", ".")
    lines = out.splitlines()[:-1]
    assert code == (1 if any(": error: " in line for line in lines) else 0)
    return lines


SEND = """\
  - id: send-2019
    kind: send_area_inspection
    start: 2019-03-04
    findings:
      - id: PA-1
        kind: priority_action
        text: Reduce the waiting time for assessments of special educational needs.

areas:
"""


def test_a_send_priority_action_answered_is_valid(tmp_path: Path) -> None:
    folder = _variant(
        tmp_path,
        ("\nareas:\n", "\n" + SEND),
        ("addresses: [R1]", "addresses: [R1, PA-1]"),
    )
    assert _problems(folder) == []


def test_a_send_priority_action_unanswered_is_an_error_naming_its_source(tmp_path: Path) -> None:
    folder = _variant(tmp_path, ("\nareas:\n", "\n" + SEND))
    assert _problems(folder) == [
        "plan.yaml:91:13: error: priority action 'PA-1' of the SEND area inspection 'send-2019' "
        "is addressed by no action - list it under 'addresses' of the actions that answer it"
    ]


def test_an_lga_area_for_improvement_unanswered_is_a_warning_naming_its_source(
    tmp_path: Path,
) -> None:
    folder = _variant(tmp_path, ("addresses: [R4, LGA-AFI-1]", "addresses: [R4]"))
    assert _problems(folder) == [
        "plan.yaml:83:13: warning: area for improvement 'LGA-AFI-1' of the LGA peer review "
        "'lga-2019' is addressed by no action - list it under 'addresses' of an action, if one "
        "answers it"
    ]


def test_a_requirement_under_an_ofsted_inspection_is_refused(tmp_path: Path) -> None:
    folder = _variant(
        tmp_path,
        (
            "      - id: R4\n        kind: recommendation",
            "      - id: R4\n        kind: requirement",
        ),
    )
    assert _problems(folder) == [
        "plan.yaml:56:15: error: 'R4' has kind requirement, but the inspection 'ilacs-2018' "
        "gives no requirements - use kind: recommendation or area_for_improvement"
    ]


def test_an_ofsted_only_plan_keeps_its_01_wording(tmp_path: Path) -> None:
    # the control: the same unanswered recommendation in a plan of Ofsted's sources only is
    # worded as g2g 0.1 worded it (tests/fixtures/invalid/unaddressed-recommendation)
    folder = tmp_path / "minimal"
    shutil.copytree(MINIMAL, folder)
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    (folder / "plan.yaml").write_text(text.replace("addresses: [R2]", "addresses: []"), "utf-8")
    problems = _problems(folder)
    assert (
        "plan.yaml:34:13: error: recommendation 'R2' is addressed by no action - list it under "
        "'addresses' of the actions that answer it"
    ) in problems


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("statutory_direction", "statutory direction"),
        ("commissioner_report", "DfE Commissioner's report"),
        ("improvement_adviser_report", "DfE improvement adviser's report"),
        ("peer_review", "LGA peer review"),
        ("sector_led_diagnostic", "sector-led improvement partner's diagnostic"),
        ("scrutiny_review", "scrutiny review"),
        ("internal_audit", "internal audit"),
    ],
)
def test_no_source_but_ofsteds_takes_a_judgement(tmp_path: Path, kind: str, words: str) -> None:
    folder = _variant(
        tmp_path,
        ("    kind: peer_review  # invented for the fixture\n", f"    kind: {kind}\n"),
        ("    start: 2019-02-12\n", "    start: 2019-02-12\n    judgement: good\n"),
    )
    problems = _problems(folder)
    assert problems[0] == (
        f"plan.yaml:81:16: error: the {words} 'lga-2019' gives no Ofsted judgement - remove "
        "judgement, or record Ofsted's inspection as a source of its own"
    )
