"""The shipped paper says only what its sources say (seed 002: Oldham Council, Overview and
Scrutiny Board paper, 10 September 2019)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.helpers import FIXTURES, ROOT, SHIPPED, run_in

SCRUTINY = ["--month", "2019-08", "--board", "scrutiny", "--meeting-date", "2019-09-10"]


def _paper(fmt: str = "markdown", *extra: str) -> str:
    code, out, err = run_in(
        ROOT, "report", "plans/oldham-2019", *SCRUTINY, "--commit", "none", "--format", fmt, *extra
    )
    assert code == 0, err
    return out


def test_no_test_material_in_the_shipped_paper() -> None:
    for extra in ((), ("--private",)):
        paper = _paper("markdown", *extra)
        assert "invented" not in paper.lower()
        assert "Appendix B" not in paper
    assert not list((SHIPPED / "oldham-2019").rglob("exempt-*"))


def test_no_target_seed_002_never_set() -> None:
    """Re-referrals: seed 002 (6.6, 6.7) gives 3 points above statistical neighbours and a hope
    to be 'around or below' them, never a target."""
    data = yaml.safe_load((SHIPPED / "oldham-2019" / "measures.yaml").read_text("utf-8"))
    measure = next(m for m in data["measures"] if m["id"] == "re-referrals-above-sn")
    assert "target" not in measure
    paper = _paper()
    assert "Re-referral rate, percentage points above statistical neighbours (3% against" not in (
        paper
    )
    assert "Measures rated Red: Average caseload of Children Looked After IROs" in paper


def test_every_source_names_the_document_and_its_section() -> None:
    for name in ("measures.yaml",):
        data = yaml.safe_load((SHIPPED / "oldham-2019" / name).read_text("utf-8"))
        for measure in data["measures"]:
            source = measure["source"]
            assert source.startswith("Oldham Overview and Scrutiny Board paper, 10 Sep 2019, ")
            assert any(word in source for word in ("section", "appendix")), source


def test_the_caveat_and_the_exceptions_agree_on_whose_rating_it_is() -> None:
    paper = _paper()
    assert "The per-action ratings shown are not the lead officers' own" in paper
    assert "lead officer rated it" not in paper.lower()
    assert "| It is recorded as Red: Baseline audits of CIN, CP and CLA plans" in paper


def test_the_officers_hope_and_the_evidence_side_by_side() -> None:
    """5.4 expects the two Reds to move to Amber; the figures say their October milestones are
    out of reach. Both are printed in the same section, the evidence right after the words."""
    for fmt in ("markdown", "html"):
        paper = _paper(fmt).replace("&#39;", "'")
        hope = paper.index("likely to be downgraded to")
        beside = paper.index("Beside the officers' account above")
        table = paper.index("Table 1: Areas of the plan mapped to RAG rating")
        assert hope < beside < table
        part = paper[beside:table]
        for action in ("PI-4 Quality of written plans (rated Red)", "QA-3 Public Law Outline"):
            assert action in part
        assert "short of the 55% milestone for Oct 2019 - out of reach" in part


def test_a_rating_from_older_evidence_says_which_month(tmp_path: Path) -> None:
    """On a plan whose reported ratings are derived, an action with no August update (A-3)
    is rated from its July status: the paper says so wherever it shows the rating."""
    plan = tmp_path / "basic"
    shutil.copytree(FIXTURES / "rag" / "basic", plan)
    text = (plan / "plan.yaml").read_text("utf-8")
    (plan / "plan.yaml").write_text(text.replace("reported: recorded", "reported: derived"))
    code, out, err = run_in(plan, "report", ".", "--month", "2019-08", "--format", "markdown")
    assert code == 0, err
    assert "A-3 Supervision: 🟠 Amber (on the Jul 2019 evidence)" in out
    assert "| 🟠 Amber (on the Jul 2019 evidence) | Unchanged |" in out
    assert out.count("(on the Jul 2019 evidence)") == 2  # findings table and tracker
    # reported this month: no such words (A-1's Red rests on August's own update)
    assert "A-1 Appraisals: 🔴 Red<br>" in out
    # the recorded policy shows the lead officers' Not reported, never an older colour
    code, out, _ = run_in(
        FIXTURES / "rag" / "basic",
        "report",
        ".",
        "--month",
        "2019-08",
        "--format",
        "markdown",
        "--commit",
        "none",
    )
    assert code == 0
    assert "evidence)" not in out


def test_a_baseline_the_seed_lacks_is_marked_where_it_is_used() -> None:
    """PI-4's and PI-5's April 2019 baselines are the encoder's reading of the August update:
    the targets section and the out-of-reach list print that mark."""
    paper = _paper()
    mark = (
        "Baseline 24% (Apr 2019): the encoder's, not seed 002's: the August 2019 update's "
        '"45 baseline audits conducted since April 19 - 24% Good" read as the April 2019 '
        "position."
    )
    assert paper.count(mark) == 2  # beside the officers' account, and under PI-4's target
    beside = paper.split("Beside the officers' account above", 1)[1].split("Table 1:", 1)[0]
    assert "short of the 55% milestone for Oct 2019 - out of reach. " + mark in beside
    assert "Baseline 30% (Apr 2019): the encoder's, not seed 002's" in beside
    assert "QA-3" in beside and "Baseline" not in beside.split("QA-3", 1)[1]
