"""The paper names the plan's sources: who found what, whose findings the plan answers, the
findings tables' kinds and the calendar's review points (issue 27). A plan of Ofsted's sources
only reads as in g2g 0.1 (the goldens, tests/report/test_golden.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from g2g.plan.load import load_plans
from g2g.report.formats import PaperFormat
from g2g.report.paper import Paper, build_paper
from g2g.report.render import render_paper
from tests.helpers import FIXTURES, ROOT, SHIPPED, run_in

WAKEFIELD = FIXTURES / "plans" / "wakefield-2018"
MINIMAL = FIXTURES / "valid" / "minimal"

BACKGROUND = (
    "Ofsted's ILACS inspection of Wakefield Council's children's services (4 June 2018 to 15 "
    "June 2018) judged them \u201cInadequate\u201d; its report was published 24 July 2018.",
    "The statutory direction (s497A Education Act 1996) on Wakefield Council's children's "
    "services (13 December 2018, by the Secretary of State for Education) was issued. Its review "
    "points: May 2019 and November 2019.",
    "The DfE Commissioner's report on Wakefield Council's children's services (December 2018, by "
    "Peter Dwyer CBE, Commissioner for Children's Services in Wakefield) was issued.",
    "The LGA peer review of Wakefield Council's children's services (12 February 2019 to 14 "
    "February 2019, by the Local Government Association) took place.",
    "The plan answers 7 findings: Ofsted made 4 recommendations; the statutory direction set 2 "
    "requirements; the LGA peer review identified 1 area for improvement.",
)


def _paper(folder: Path, month: str = "2019-04") -> Paper:
    plan = load_plans([folder])[0]
    return build_paper(plan, month, charts=False)


def test_the_three_source_plan_names_each_source_and_counts_what_each_found() -> None:
    paper = _paper(WAKEFIELD)
    assert paper.summary.inspections == BACKGROUND
    assert paper.summary.purpose == (
        "To update the board on progress in April 2019 against the Children's Services "
        "Improvement Plan, the plan Wakefield Council made in answer to the findings of Ofsted, "
        "the statutory direction and the LGA peer review."
    )
    assert paper.findings_heading == "Progress against the findings of each source"
    assert [t.caption for t in paper.findings] == [
        "Progress against the findings of the ILACS inspection of 4 June 2018, April 2019",
        "Progress against the findings of the statutory direction (s497A Education Act 1996) "
        "of 13 December 2018, April 2019",
        "Progress against the findings of the LGA peer review of 12 February 2019, April 2019",
    ]
    assert [[r.kind for r in t.rows] for t in paper.findings] == [
        ["Recommendation"] * 4,
        ["Requirement"] * 2,
        ["Area for improvement"],
    ]


def test_the_calendar_rows_of_the_three_source_plan() -> None:
    rows = [(r.date, r.kind, r.what, r.position) for r in _paper(WAKEFIELD).due.rows]
    assert rows == [
        (
            "May 2019",
            "Review point",
            "Statutory direction review point: the Commissioner's interim review, reporting to "
            "the Minister",
            "Planned",
        ),
        ("30 Jun 2019", "Action due", "Completion of the action", "Amber, in progress"),
    ]


def test_the_markdown_paper_through_the_cli(tmp_path: Path) -> None:
    out_file = tmp_path / "paper.md"
    code, _out, err = run_in(
        ROOT,
        "report",
        "--no-cache",
        "--format",
        "markdown",
        "--month",
        "2019-04",
        "--commit",
        "fixture",
        "-o",
        str(out_file),
        str(WAKEFIELD.relative_to(ROOT)),
    )
    assert code == 0, err
    lines = out_file.read_text(encoding="utf-8").splitlines()
    for sentence in BACKGROUND:
        assert sentence in lines
    # the committee paper puts the per-finding detail in an appendix
    assert "## Appendix B: Progress against the findings of each source" in lines
    assert (
        "| May 2019 | Review point | Statutory direction review point: the Commissioner's "
        "interim review, reporting to the Minister | Plan calendar |  | Planned |"
    ) in lines


def test_the_html_paper_names_the_sources() -> None:
    paper = _paper(WAKEFIELD)
    html = render_paper(paper, PaperFormat.html)
    assert (
        "The plan answers 7 findings: Ofsted made 4 recommendations; the statutory direction "
        "set 2 requirements; the LGA peer review identified 1 area for improvement."
    ) in html
    assert "Appendix B: Progress against the findings of each source</h2>" in html
    assert "Progress against the inspection recommendations" not in html


FOCUSED_AND_LGA = """\
  - id: fv-2019
    kind: focused_visit
    start: 2019-06-11
    findings:
      - id: FV-AFI-1
        kind: area_for_improvement
        text: Management oversight of children in need plans.
  - id: lga-2019
    kind: peer_review
    by: the Local Government Association, with a peer from Calderdale Council
    start: 2019-07-02
    end: 2019-07-04
    published: 2019-08-01
    findings:
      - id: LGA-R1
        kind: recommendation
        text: Publish the practice standards to every team.

areas:
"""


def test_two_ofsted_sources_and_a_peer_review(tmp_path: Path) -> None:
    folder = tmp_path / "minimal"
    shutil.copytree(MINIMAL, folder)
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    text = text.replace("\nareas:\n", "\n" + FOCUSED_AND_LGA)
    text = text.replace("addresses: [R2]", "addresses: [R2, FV-AFI-1, LGA-R1]")
    (folder / "plan.yaml").write_text(text, encoding="utf-8")
    paper = _paper(folder, "2019-08")
    assert paper.summary.inspections == (
        "Ofsted's ILACS inspection of Example Borough Council's children's services (21 January "
        "2019 to 1 February 2019) judged them \u201cRequires Improvement to be Good\u201d; its "
        "report was published 4 March 2019.",
        "Ofsted's focused visit of Example Borough Council's children's services (11 June 2019) "
        "took place.",
        "The LGA peer review of Example Borough Council's children's services (2 July 2019 to 4 "
        "July 2019, by the Local Government Association, with a peer from Calderdale Council) "
        "took place; its report was published 1 August 2019.",
        "The plan answers 4 findings: Ofsted's ILACS inspection made 2 recommendations; Ofsted's "
        "focused visit made 1 area for improvement; the LGA peer review identified 1 "
        "recommendation.",
    )


def test_a_plan_of_ofsteds_sources_reads_as_in_01() -> None:
    # the control: the shipped plan (one Ofsted inspection) keeps its wording
    paper = _paper(SHIPPED / "oldham-2019", "2019-08")
    assert paper.summary.purpose.endswith(
        "the plan Oldham Council made in answer to Ofsted's findings."
    )
    assert paper.findings_heading == "Progress against the inspection recommendations"
    assert paper.summary.inspections[0].endswith(
        "; its report, published 4 March 2019, made 6 recommendations."
    )
    assert not any(s.startswith("The plan answers") for s in paper.summary.inspections)


PLANNED_REPORT = """\
  - id: commissioner-2019
    kind: commissioner_report
    start: 2019-09-27
  - id: lga-2019
    kind: peer_review
    start: 2019-10
    status: planned

areas:
"""


def test_a_commissioners_report_to_come_is_on_the_papers_calendar(tmp_path: Path) -> None:
    folder = tmp_path / "minimal"
    shutil.copytree(MINIMAL, folder)
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    (folder / "plan.yaml").write_text(text.replace("\nareas:\n", "\n" + PLANNED_REPORT), "utf-8")
    paper = _paper(folder, "2019-08")
    rows = [(r.date, r.kind, r.what, r.position) for r in paper.due.rows if not r.action]
    assert rows == [
        # the minimal plan records no submission: its deadline with Ofsted shows, passed
        (
            "14 Jun 2019",
            "Plan deadline passed",
            "The plan to be sent to Ofsted (70 working days after the report was published on "
            "4 March 2019)",
            "No submission recorded in the plan",
        ),
        ("27 Sep 2019", "Report due", "DfE Commissioner's report", "Planned"),
        ("Oct 2019", "Visit planned", "LGA peer review", "Planned"),
    ]
    assert paper.summary.inspections[1:] == (
        "The DfE Commissioner's report on Example Borough Council's children's services is due "
        "on 27 September 2019.",
        "The LGA peer review of Example Borough Council's children's services will take place "
        "in October 2019.",
    )


def test_the_word_paper_names_the_sources(tmp_path: Path) -> None:
    import docx

    out_file = tmp_path / "paper.docx"
    code, _out, err = run_in(
        ROOT, "report", "--no-cache", "--format", "docx", "--month", "2019-04", "-o",
        str(out_file), str(WAKEFIELD.relative_to(ROOT)),
    )  # fmt: skip
    assert code == 0, err
    texts = [p.text for p in docx.Document(str(out_file)).paragraphs]
    assert BACKGROUND[-1] in texts
    assert "Appendix B: Progress against the findings of each source" in texts
