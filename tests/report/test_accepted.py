"""The board paper lists the warnings a plan accepts (issue 17): rule, warning, reason, who -
in HTML, Markdown and Word, never with exempt information in the public paper."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from docx import Document

from g2g.plan.load import load_plan
from g2g.plan.validate import validate_plan
from g2g.report.accepted import AcceptedWarning, build_accepted
from g2g.report.paper import build_paper
from tests.helpers import FIXTURES, SHIPPED, run_in

BRADFORD = FIXTURES / "plans" / "bradford-2018"
OLDHAM_2015 = FIXTURES / "plans" / "oldham-2015"

BRADFORD_ACKS = """acknowledged:
  - code: polarity-missing
    reason: Contacts are demand, neither good nor bad; the board reads them as volume
    by: Head of Performance
  - code: missing-update
    action: LAC-1
    month: 2019-03
    reason: The lead officer left in March; the April update covers both months
"""


def _copy(source: Path, tmp_path: Path, acks: str | None) -> Path:
    target = tmp_path / source.name
    shutil.copytree(source, target)
    if acks is not None:
        path = target / "plan.yaml"
        path.write_text(path.read_text(encoding="utf-8") + acks, encoding="utf-8")
    return target


def _accepted(folder: Path, *, private: bool = False) -> list[AcceptedWarning]:
    plan = load_plan(folder)
    found = build_accepted(plan, validate_plan(plan), private=private)
    assert found is not None
    return list(found.items)


def test_the_library_lists_each_accepted_warning_once(tmp_path: Path) -> None:
    folder = _copy(BRADFORD, tmp_path, BRADFORD_ACKS)
    assert _accepted(folder) == [
        AcceptedWarning(
            "polarity-missing",
            "measure 'contacts-front-door' has no polarity, so g2g cannot tell whether a rise "
            "is better or worse and shows changes without calling them improved or worsened",
            "Contacts are demand, neither good nor bad; the board reads them as volume",
            "Head of Performance",
        ),
        AcceptedWarning(
            "missing-update",
            "LAC-1 has no update for 2019-03, the latest reported month",
            "The lead officer left in March; the April update covers both months",
            "Not recorded",
        ),
    ]


def test_a_rule_wide_acknowledgement_lists_every_warning_it_accepts(tmp_path: Path) -> None:
    acks = (
        "acknowledged:\n  - code: update-rated-not-started\n"
        "    reason: HP-7 was rated by the old tracker's rules\n    by: Board chair\n"
    )
    folder = _copy(OLDHAM_2015, tmp_path, acks)
    plan = load_plan(folder)
    diagnostics = validate_plan(plan)
    raised = [d for d in diagnostics if d.code == "update-rated-not-started"]
    assert len(raised) == 3  # the planted case, once per month (tests/fixtures EXPECTED.md)
    items = _accepted(folder)
    assert [i.rule for i in items] == ["update-rated-not-started"] * 3
    assert all("HP-7" in i.warning and i.by == "Board chair" for i in items)
    assert [i.warning for i in items] == [
        f"HP-7 is rated green for {month} but not started"
        for month in ("2015-11", "2015-12", "2016-01")
    ]


def test_an_acknowledgement_for_one_month_accepts_only_that_month(tmp_path: Path) -> None:
    acks = (
        "acknowledged:\n  - code: update-rated-not-started\n    action: HP-7\n"
        "    month: 2015-12\n    reason: rated before the start date moved\n"
    )
    folder = _copy(OLDHAM_2015, tmp_path, acks)
    plan = load_plan(folder)
    severities = [
        (d.severity.value, d.message.split(" but ")[0])
        for d in validate_plan(plan)
        if d.code == "update-rated-not-started"
    ]
    assert severities == [
        ("warning", "HP-7 is rated green for 2015-11"),
        ("acknowledged", "HP-7 is rated green for 2015-12"),
        ("warning", "HP-7 is rated green for 2016-01"),
    ]
    assert [i.warning for i in _accepted(folder)] == [
        "HP-7 is rated green for 2015-12 but not started"
    ]


def test_no_acknowledgement_no_list(tmp_path: Path) -> None:
    for source in (BRADFORD, SHIPPED / "oldham-2019"):
        plan = load_plan(source)
        assert build_accepted(plan, validate_plan(plan)) is None
    code, out, _ = run_in(SHIPPED / "oldham-2019", "report", ".", "--format", "markdown")
    assert code == 0
    assert "Warnings the plan accepts" not in out


def test_the_paper_lists_them_in_markdown_and_html(tmp_path: Path) -> None:
    folder = _copy(BRADFORD, tmp_path, BRADFORD_ACKS)
    code, out, err = run_in(folder, "validate", ".", "--strict")
    assert code == 0, out + err
    code, md, _ = run_in(folder, "report", ".", "--format", "markdown")
    assert code == 0
    control = md[md.index("Document control") :]
    assert "- **Validation:** valid, with 2 acknowledged warnings" in control
    assert (
        "| missing-update | LAC-1 has no update for 2019-03, the latest reported month | The "
        "lead officer left in March; the April update covers both months | Not recorded |"
    ) in control
    assert "| polarity-missing | measure 'contacts-front-door' has no polarity" in control
    code, page, _ = run_in(folder, "report", ".", "--format", "html")
    assert code == 0
    table = page[
        page.index('<table class="accepted">') : page.index(
            "</table>", page.index('<table class="accepted">')
        )
    ]
    assert "<caption>Warnings the plan accepts" in table
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", table)
    assert [(html.unescape(r[0]), html.unescape(r[3])) for r in rows] == [
        ("polarity-missing", "Head of Performance"),
        ("missing-update", "Not recorded"),
    ]


def test_the_word_paper_lists_them(tmp_path: Path) -> None:
    folder = _copy(BRADFORD, tmp_path, BRADFORD_ACKS)
    out = tmp_path / "paper.docx"
    code, _, err = run_in(folder, "report", ".", "--format", "docx", "--output", str(out))
    assert code == 0, err
    tables = Document(str(out)).tables
    found = [t for t in tables if [c.text for c in t.rows[0].cells][:2] == ["Rule", "Warning"]]
    assert len(found) == 1
    body = [[c.text for c in row.cells] for row in found[0].rows[1:]]
    assert [row[0] for row in body] == ["polarity-missing", "missing-update"]
    assert body[1][2] == "The lead officer left in March; the April update covers both months"


def test_plan_text_in_a_reason_is_escaped(tmp_path: Path) -> None:
    acks = (
        "acknowledged:\n  - code: polarity-missing\n"
        "    reason: '<img src=x onerror=alert(1)> | *rated* [by](http://x)'\n"
    )
    folder = _copy(BRADFORD, tmp_path, acks)
    code, page, _ = run_in(folder, "report", ".", "--format", "html")
    assert code == 0
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    code, md, _ = run_in(folder, "report", ".", "--format", "markdown")
    assert code == 0
    row = next(line for line in md.splitlines() if line.startswith("| polarity-missing"))
    assert "\\<img src=x onerror=alert(1)\\>" in row  # literal text, not a tag
    assert "\\|" in row and "\\*rated\\*" in row and "\\[by\\]" in row


@pytest.mark.parametrize("private", [False, True])
def test_an_accepted_warning_about_an_exempt_measure(tmp_path: Path, private: bool) -> None:
    folder = _copy(BRADFORD, tmp_path, BRADFORD_ACKS)
    measures = folder / "measures.yaml"
    text = measures.read_text(encoding="utf-8")
    marked = re.sub(r"(\n(\s*)- id: contacts-front-door\n)", r"\1\2  exempt: 3\n", text, count=1)
    assert marked != text
    measures.write_text(marked, encoding="utf-8")
    plan = load_plan(folder)
    diagnostics = validate_plan(plan)
    paper = build_paper(plan, "2019-03", diagnostics=diagnostics, private=private)
    assert paper.accepted is not None
    rules = [i.rule for i in paper.accepted.items]
    if private:
        assert rules == ["polarity-missing", "missing-update"]
        assert paper.accepted.withheld is None
    else:
        assert rules == ["missing-update"]
        assert paper.accepted.withheld == (
            "1 accepted warning about information not for publication is left out of this "
            "public paper."
        )
        code, md, _ = run_in(folder, "report", ".", "--format", "markdown")
        assert code == 0
        assert "contacts-front-door" not in md
        assert "1 accepted warning about information not for publication" in md


def test_an_accepted_warning_about_a_withheld_figure_stays_out_of_the_public_paper(
    tmp_path: Path,
) -> None:
    """exempt-figure-repeated names the withheld line or its partner, and the figure."""
    folder = _copy(
        FIXTURES / "plans" / "bradford-2018-exempt",
        tmp_path,
        "acknowledged:\n  - code: exempt-figure-repeated\n    reason: The figure is public\n",
    )
    narrative = folder / "narrative" / "scrutiny-2019-04-10.yaml"
    text = narrative.read_text(encoding="utf-8").replace(
        "  conclusion: Progress is steady.",
        "  conclusion: Progress is steady; Leaving Care forecasts 6,012.",
    )
    narrative.write_text(text, encoding="utf-8")
    private = _accepted(folder, private=True)
    assert [a.rule for a in private] == ["exempt-figure-repeated"]
    assert "'Leaving Care'" in private[0].warning  # the partner of the exempt line
    plan = load_plan(folder)
    public = build_accepted(plan, validate_plan(plan))
    assert public is not None and public.items == () and public.withheld
