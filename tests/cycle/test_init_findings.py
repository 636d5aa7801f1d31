"""g2g init from findings as councils paste them: both kinds, every bullet style, headed
lists, visits with no findings, and files that cannot be read (exit 1, path:line)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.cycle.findings import (
    FINDINGS_EMPTY,
    FINDINGS_NONE,
    HEADING_EMPTY,
    HEADING_UNKNOWN,
    parse_findings,
)
from g2g.cycle.init import InitOptions, create_plan
from g2g.io.files import display_path
from g2g.plan.load import load_plan
from g2g.plan.sources import FindingKind, InspectionKind
from g2g.plan.validate import validate_paths
from tests.helpers import run_in

runner = CliRunner()
REC = FindingKind.recommendation
AFI = FindingKind.area_for_improvement

# Seed 000 (Oldham, Health and Wellbeing Board, 2019): the six recommendations of the ILACS
# report as the minutes give them, pasted with Word's "·" bullets and the spaces after them.
SEED_000 = (
    "The areas identified as requiring improvement comprised –\n"
    "\n"
    "·           the quality of assessments to effectively analyse risks and parents’ "
    "capacity to meet children’s needs;\n"
    "\n"
    "·           effective assessments of the needs of disabled children that lead to "
    "well-coordinated planning to meet their needs;\n"
    "\n"
    "·           the quality of evidence gathering during child protection investigations; \n"
    "\n"
    "·           the timeliness and effectiveness of pathway plans that lead to provision of "
    "effective support into independence;\n"
    "\n"
    "·           the internal audit of practice to provide effective analysis of the impact on "
    "children; and\n"
    "\n"
    "·           management oversight and practice leadership at all levels in the "
    "organisation to ensure that consistent, and good quality social work practice is in "
    "place.\n"
)
SEED_000_ITEMS = [
    "the quality of assessments to effectively analyse risks and parents’ capacity to meet "
    "children’s needs",
    "effective assessments of the needs of disabled children that lead to well-coordinated "
    "planning to meet their needs",
    "the quality of evidence gathering during child protection investigations",
    "the timeliness and effectiveness of pathway plans that lead to provision of effective "
    "support into independence",
    "the internal audit of practice to provide effective analysis of the impact on children",
    "management oversight and practice leadership at all levels in the organisation to ensure "
    "that consistent, and good quality social work practice is in place.",
]

# Seed 004 (Bradford, Executive, January 2019): a list pasted from the minutes with Word's
# bullets, the first three of its fourteen items, wrapped as a PDF reader wraps them.
SEED_004_BULLETS = (
    "·         a robust communication plan had been agreed;\n"
    "\n"
    "·         Doncaster had undertaken a peer review of the Front Door and Multi Agency\n"
    "Safeguarding Hub (MASH) arrangements;\n"
    "\n"
    "·         a recruitment and retention strategy for social workers was being developed;\n"
)

# A headed file as a council would make it for Bradford's 2018 report (seed 004: "10 OFSTED
# recommendations and 28 other wider Areas for Improvement"; the words are the Bradford
# fixture plan's, tests/fixtures/plans/bradford-2018).
BRADFORD = """What needs to improve in this local authority?

## Recommendations
1. The effectiveness of the Front Door and the Multi Agency Safeguarding Hub (MASH) in
   making timely, proportionate decisions about contacts and referrals
2) The involvement of partner agencies, including the police and health, in strategy
   discussions and multi-agency decisions at the Front Door

AREAS FOR IMPROVEMENT:
•	Senior leaders' and elected members' oversight of the pace of improvement
•	Scrutiny by elected members of the quality of frontline practice
"""

BASE = ["--council", "City of Bradford Metropolitan District Council"]


def init(folder: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["init", str(folder), *args])
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.stdout, result.stderr


def only_placeholders(folder: Path) -> bool:
    found = validate_paths([folder]).diagnostics
    return bool(found) and {d.code for d in found} == {"todo-placeholder"}


# --- the library ---------------------------------------------------------------------------


def test_seed_000_recommendations_with_word_bullets() -> None:
    found = parse_findings(SEED_000, "recs.txt")
    assert found.diagnostics == []
    assert found.of_kind(REC) == SEED_000_ITEMS
    assert found.of_kind(AFI) == []
    assert found.ignored == [(1, "The areas identified as requiring improvement comprised –")]
    assert [f.line for f in found.findings] == [3, 5, 7, 9, 11, 13]


def test_seed_004_bullets_and_wrapped_lines() -> None:
    found = parse_findings(SEED_004_BULLETS, kind=AFI)
    assert found.of_kind(AFI) == [
        "a robust communication plan had been agreed",
        "Doncaster had undertaken a peer review of the Front Door and Multi Agency "
        "Safeguarding Hub (MASH) arrangements",
        "a recruitment and retention strategy for social workers was being developed",
    ]


def test_one_file_with_two_headed_lists() -> None:
    found = parse_findings(BRADFORD, "findings.txt")
    assert found.diagnostics == []
    assert [(f.kind, f.line) for f in found.findings] == [(REC, 4), (REC, 6), (AFI, 10), (AFI, 11)]
    assert found.of_kind(REC)[1] == (
        "The involvement of partner agencies, including the police and health, in strategy "
        "discussions and multi-agency decisions at the Front Door"
    )
    assert found.ignored == [(1, "What needs to improve in this local authority?")]


@pytest.mark.parametrize(
    "heading",
    [
        "Recommendations",
        "recommendations:",
        "# Recommendations",
        "### RECOMMENDATIONS ###",
        "**Recommendations:**",
        "Recommendation",
    ],
)
def test_heading_forms(heading: str) -> None:
    found = parse_findings(f"Areas for improvement\n- An area\n{heading}\n- A rec\n")
    assert found.diagnostics == []
    assert [(f.kind, f.text) for f in found.findings] == [(AFI, "An area"), (REC, "A rec")]


@pytest.mark.parametrize(
    "marker", ["·", "•", "-", "*", "–", "1.", "1)", "(1)", "(a)", "a)", "a.", "i.", "(iv)", "R1:"]
)
def test_every_bullet_style(marker: str) -> None:
    text = f"{marker} The quality of assessments\n  that analyse risk\n{marker}\tSecond one\n"
    found = parse_findings(text)
    assert found.of_kind(REC) == ["The quality of assessments that analyse risk", "Second one"]


def test_unmarked_lines_are_one_finding_each() -> None:
    text = "Recommendations\nFirst one\nSecond one\n\nAreas for improvement\nThird\n"
    found = parse_findings(text)
    assert [(f.kind, f.text) for f in found.findings] == [
        (REC, "First one"),
        (REC, "Second one"),
        (AFI, "Third"),
    ]


def test_a_marker_alone_on_its_line_takes_the_next_line() -> None:
    assert parse_findings("•\nFirst\n•\nSecond\n").of_kind(REC) == ["First", "Second"]


def test_words_that_look_like_markers_are_not() -> None:
    text = "1. Plans, e.g. child in need plans\ni.e. not a new item\n2. Next\n"
    assert parse_findings(text).of_kind(REC) == [
        "Plans, e.g. child in need plans i.e. not a new item",
        "Next",
    ]


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("", FINDINGS_EMPTY, 1),
        ("  \n\n\t\n", FINDINGS_EMPTY, 1),
        ("Recommendations\n\nAreas for improvement:\n", FINDINGS_NONE, 1),
        ("Recommendations\n- a\n\nStrengths:\n- b\n", HEADING_UNKNOWN, 4),
        ("Recommendations\n- a\nStrengths:\n- b\n", HEADING_UNKNOWN, 3),
        ("Strengths:\n- b\n\nRecommendations\n- a\n", HEADING_UNKNOWN, 1),
        ("1. a\n2. b\n\n## Next steps\n3. c\n", HEADING_UNKNOWN, 4),
    ],
)
def test_files_that_cannot_be_read(text: str, code: str, line: int) -> None:
    found = parse_findings(text, "f.txt")
    assert [(d.code, d.line, d.severity.value) for d in found.diagnostics] == [
        (code, line, "error")
    ]
    assert found.diagnostics[0].format_text().startswith(f"f.txt:{line}:1: error: ")


def test_unknown_heading_suggests_the_right_one() -> None:
    found = parse_findings("Recommendations\n- a\n\nAreas for improvment:\n- b\n", "f.txt")
    assert "(did you mean 'areas for improvement'?)" in found.diagnostics[0].message


def test_an_empty_heading_beside_others_is_a_warning() -> None:
    found = parse_findings("Recommendations\n1. a\n\nAreas for improvement\n", "f.txt")
    assert found.of_kind(REC) == ["a"]
    assert [(d.code, d.line, d.severity.value) for d in found.diagnostics] == [
        (HEADING_EMPTY, 4, "warning")
    ]


def test_library_plan_with_both_kinds_validates(tmp_path: Path) -> None:
    options = InitOptions(
        "Bradford Council", dt.date(2018, 9, 17), ["Rec one", "Rec two"], ["Area one"]
    )
    create_plan(tmp_path / "p", options)
    assert only_placeholders(tmp_path / "p")
    model = load_plan(tmp_path / "p").model
    assert model is not None
    assert [(f.id, f.kind) for f in model.inspections[0].findings] == [
        ("R1", REC),
        ("R2", REC),
        ("AFI-1", AFI),
    ]
    assert [a.addresses for _, _, a in model.actions()] == [["R1"], ["R2"], ["AFI-1"]]


# --- through the command line --------------------------------------------------------------


def test_cli_headed_file_gives_both_kinds(tmp_path: Path) -> None:
    pasted = tmp_path / "findings.txt"
    pasted.write_text(BRADFORD, encoding="utf-8")
    folder = tmp_path / "bradford"
    code, out, err = init(
        folder, *BASE, "--inspection-start", "2018-09-17", "--recommendations-file", str(pasted)
    )
    assert code == 0, err
    assert "with 2 recommendations and 2 areas for improvement, and one TODO action" in out
    assert (
        f"{display_path(pasted)}:1: note: ignored a line before the first numbered item or "
        "heading: "
        "What needs to improve in this local authority?"
    ) in err.replace("\n", "")
    assert only_placeholders(folder)
    model = load_plan(folder).model
    assert model is not None
    assert model.plan.id == "bradford-2018"
    findings = model.inspections[0].findings
    assert [(f.id, f.kind) for f in findings] == [
        ("R1", REC),
        ("R2", REC),
        ("AFI-1", AFI),
        ("AFI-2", AFI),
    ]
    assert findings[3].text == "Scrutiny by elected members of the quality of frontline practice"
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    assert "what will be done to answer area for improvement AFI-2" in text
    comments = " ".join(line.lstrip("# ") for line in text.splitlines() if line.startswith("#"))
    assert "one action per recommendation and per area for improvement" in comments


def test_cli_two_files_and_options(tmp_path: Path) -> None:
    recs = tmp_path / "recs.txt"
    recs.write_text(SEED_000, encoding="utf-8")
    areas = tmp_path / "areas.txt"
    areas.write_text(SEED_004_BULLETS, encoding="utf-8")
    folder = tmp_path / "oldham"
    code, out, err = init(
        folder,
        "--council",
        "Oldham Council",
        "--inspection-start",
        "2019-01-21",
        "--recommendations-file",
        str(recs),
        "--areas-for-improvement-file",
        str(areas),
        "--area-for-improvement",
        "Given on the command line",
    )
    assert code == 0, err
    assert "6 recommendations and 4 areas for improvement" in out
    model = load_plan(folder).model
    assert model is not None
    findings = model.inspections[0].findings
    assert [f.text for f in findings if f.kind is REC] == SEED_000_ITEMS
    assert [f.id for f in findings if f.kind is AFI] == ["AFI-1", "AFI-2", "AFI-3", "AFI-4"]
    assert findings[6].text == "Given on the command line"
    assert only_placeholders(folder)


def test_cli_findings_from_standard_input(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    result = runner.invoke(
        app,
        [
            "init",
            str(folder),
            *BASE,
            "--inspection-start",
            "2018-09-17",
            "--areas-for-improvement-file",
            "-",
        ],
        input="(a) First area\n(b) Second area\n",
    )
    assert result.exit_code == 0, result.stderr
    model = load_plan(folder).model
    assert model is not None
    assert [(f.id, f.text) for f in model.inspections[0].findings] == [
        ("AFI-1", "First area"),
        ("AFI-2", "Second area"),
    ]


def test_cli_focused_visit_with_no_findings(tmp_path: Path) -> None:
    # Seed 003: "inspected by Ofsted in November 2021. The focused visit looked at children in
    # need or subject to a protection plan" - the month only, and no findings in the source.
    folder = tmp_path / "oldham-2021"
    code, out, err = init(
        folder,
        "--council",
        "Oldham Council",
        "--inspection-kind",
        "focused_visit",
        "--inspection-start",
        "2021-11",
        "--focus",
        "children in need or subject to a protection plan",
    )
    assert code == 0, err
    assert "with no findings and one enabling TODO action" in out
    assert only_placeholders(folder)
    model = load_plan(folder).model
    assert model is not None
    visit = model.inspections[0]
    assert (visit.id, visit.kind, visit.start) == (
        "focused-visit-2021-11",
        InspectionKind.focused_visit,
        "2021-11",
    )
    assert visit.focus == "children in need or subject to a protection plan"
    assert visit.findings == []
    (_, _, action), *others = model.actions()
    assert others == []
    assert action.enabling and action.addresses == []
    assert model.plan.period.start == "2022-01"
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    comments = " ".join(line.lstrip("# ") for line in text.splitlines() if line.startswith("#"))
    assert "after the ILACS focused visit of November 2021" in comments
    assert "findings: []" in text
    code, out, _ = run_in(folder, "validate", ".", "--strict")
    assert code == 1
    assert "fails under --strict" in out


def test_cli_monitoring_visit_with_areas_for_improvement_only(tmp_path: Path) -> None:
    folder = tmp_path / "mv"
    code, out, err = init(
        folder,
        *BASE,
        "--inspection-kind",
        "monitoring visit",
        "--inspection-start",
        "2019-03-07",
        "--inspection-end",
        "2019-03-08",
        "--focus",
        "the front door and MASH",
        "--area-for-improvement",
        "Timeliness of strategy discussions",
    )
    assert code == 0, err
    assert "with 1 area for improvement, and one TODO action for each" in out
    assert only_placeholders(folder)
    model = load_plan(folder).model
    assert model is not None
    assert model.inspections[0].id == "monitoring-visit-2019-03"
    assert [a.addresses for _, _, a in model.actions()] == [["AFI-1"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "findings.txt:1:1: error: the file is empty"),
        ("Recommendations:\n\n## Areas for improvement\n", "findings.txt:1:1: error: no findings"),
        (
            "Recommendations\n1. One\n\nStrengths:\n- Good\n",
            "findings.txt:4:1: error: unknown heading 'Strengths:'",
        ),
    ],
)
def test_cli_unreadable_findings_file_exits_1(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / "findings.txt").write_text(text, encoding="utf-8")
    args = ["init", "p", *BASE, "--inspection-start", "2018-09-17"]
    code, _, err = run_in(tmp_path, *args, "--recommendations-file", "findings.txt")
    assert code == 1
    assert err.startswith(expected), err
    assert "Traceback" not in err
    assert "g2g: the findings file cannot be read" in err
    assert not (tmp_path / "p" / "plan.yaml").exists()


def test_cli_empty_heading_is_warned_and_the_plan_written(tmp_path: Path) -> None:
    (tmp_path / "f.txt").write_text("Recommendations\n1. One\n\nAreas for improvement:\n")
    args = ["init", "p", *BASE, "--inspection-start", "2018-09-17"]
    code, _, err = run_in(tmp_path, *args, "--recommendations-file", "f.txt")
    assert code == 0, err
    assert "f.txt:4:1: warning: nothing under the heading 'Areas for improvement:'" in err
    assert only_placeholders(tmp_path / "p")
