"""The three-source plan (tests/fixtures/plans/wakefield-2018) through the CLI: validate, rag
and due give exactly what its EXPECTED.md says."""

from __future__ import annotations

from tests.helpers import FIXTURES, ROOT, run_in

WAKEFIELD = str((FIXTURES / "plans" / "wakefield-2018").relative_to(ROOT))


def test_validate() -> None:
    assert run_in(ROOT, "validate", "--no-cache", "--strict", WAKEFIELD) == (
        0,
        "3 files checked: valid, no problems found\n",
        "",
    )


def test_rag_by_finding_counts_each_source_s_findings() -> None:
    code, out, err = run_in(
        ROOT, "rag", "--no-cache", "--month", "2019-04", "--by", "recommendation",
        "--format", "csv", WAKEFIELD,
    )  # fmt: skip
    assert (code, err) == (0, "")
    head = "plan,month,by,id,name,green,amber,red,blue,not_reported,total,rating,trend,"
    row = "wakefield-2018,2019-04,recommendation,"
    assert out.splitlines() == [
        f"{head}not_started,closed,complete,live,rated,challenged",
        f'{row}R1,"Identify and respond to risk to children promptly, at the front door and '
        'after.",0,1,0,0,0,1,Amber,Unchanged,0,0,0,1,1,0',
        f"{row}R2,End the delays in securing permanence for children in care.,1,0,0,0,0,1,"
        "Green,Unchanged,0,0,0,1,1,0",
        f"{row}R3,Reduce social workers' caseloads and the reliance on agency staff.,0,1,0,0,0,"
        "1,Amber,Unchanged,0,0,0,1,1,0",
        f"{row}R4,Base the improvement plan on a systematic evaluation of the service's "
        "weaknesses.,1,0,0,0,0,1,Green,Unchanged,0,0,0,1,1,0",
        f"{row}SD-REQ-1,The chair of the improvement board sends the Secretary of State a "
        "quarterly update report.,0,0,1,0,0,1,Red,Worsened,0,0,0,1,1,0",
        f"{row}SD-REQ-2,The Commissioner receives the improvement board's papers.,0,0,1,0,0,1,"
        "Red,Worsened,0,0,0,1,1,0",
        f"{row}LGA-AFI-1,Share the learning from audits with frontline managers every month.,"
        "1,0,0,0,0,1,Green,Unchanged,0,0,0,1,1,0",
        f"{row},All actions,2,2,1,0,0,5,Amber,Worsened,0,0,0,5,5,0",
    ]


def test_due_csv_names_the_direction_for_its_review_points() -> None:
    code, out, err = run_in(
        ROOT, "due", "--no-cache", "--month", "2019-05", "--weeks", "30", "--format", "csv",
        WAKEFIELD,
    )  # fmt: skip
    assert (code, err) == (0, "")
    reviews = [line for line in out.splitlines() if ",review," in line]
    assert reviews == [
        'wakefield-2018,2019-05-01,due,0,review,,"Statutory direction review point: the '
        "Commissioner's interim review, reporting to the Minister\",,,,,,,,,,direction-2018,,,,",
        'wakefield-2018,2019-11-01,due,184,review,,"Statutory direction review point: the '
        "Commissioner's final review, reporting to the Minister\",,,,,,,,,,direction-2018,,,,",
    ]
