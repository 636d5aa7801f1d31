"""A paper published later than five clear working days before its meeting says so, in plain
English, in HTML, Markdown and Word; from the same computation as validate's clock-paper-late
(g2g.plan.governance.paper_clock). Dates hand-checked across bank holidays."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.plan.governance import paper_clock
from g2g.plan.model_plan import Board, Meeting
from g2g.plan.validate import validate_paths
from g2g.report.summary import late_paper_sentence

TESTS = Path(__file__).resolve().parents[1]
BASIC = TESTS / "fixtures" / "rag" / "basic"
D = dt.date.fromisoformat


def _clock(meeting: str, published: str) -> tuple[bool, int, str]:
    board = Board(
        id="b", name="Board", meetings=[Meeting(date=D(meeting), paper_published=D(published))]
    )
    clock = paper_clock(board, board.meetings[0])
    assert clock is not None
    return clock.late, clock.clear_days, clock.latest.isoformat()


@pytest.mark.parametrize(
    ("meeting", "published", "late", "clear", "latest"),
    [
        # Tue 3 Sep 2019, after the August bank holiday (Mon 26 Aug): the five clear days are
        # 27, 28, 29, 30 Aug and 2 Sep, so the last day is Fri 23 Aug.
        ("2019-09-03", "2019-08-23", False, 5, "2019-08-23"),
        ("2019-09-03", "2019-08-27", True, 4, "2019-08-23"),
        # Published on the bank holiday itself: 27 Aug to 2 Sep are still five clear days.
        ("2019-09-03", "2019-08-26", False, 5, "2019-08-23"),
        # Tue 23 Apr 2019, after Easter (Good Friday 19, Easter Monday 22 April): published Fri
        # 12 April leaves 15, 16, 17, 18 April - four.
        ("2019-04-23", "2019-04-11", False, 5, "2019-04-11"),
        ("2019-04-23", "2019-04-12", True, 4, "2019-04-11"),
        # Thu 2 Jan 2020 (25, 26 Dec and 1 Jan holidays): Mon 23 Dec leaves 24, 27, 30, 31 Dec.
        ("2020-01-02", "2019-12-23", True, 4, "2019-12-20"),
        # Tue 7 Jun 2022 (the Spring bank holiday and the Jubilee, 2 and 3 June): Fri 27 May
        # leaves 30, 31 May, 1 and 6 June - four.
        ("2022-06-07", "2022-05-27", True, 4, "2022-05-26"),
        # Thu 22 Sep 2022 (the State Funeral, Mon 19 Sep): Wed 14 Sep leaves 15, 16, 20, 21.
        ("2022-09-22", "2022-09-14", True, 4, "2022-09-13"),
        # On the day of the meeting, and after it.
        ("2019-09-10", "2019-09-10", True, 0, "2019-09-02"),
        ("2019-09-10", "2019-09-11", True, 0, "2019-09-02"),
    ],
)
def test_paper_clock(meeting: str, published: str, late: bool, clear: int, latest: str) -> None:
    assert _clock(meeting, published) == (late, clear, latest)


def test_the_sentence_in_plain_english() -> None:
    board = Board(
        id="b",
        name="Board",
        meetings=[
            Meeting(date=D("2019-09-03"), paper_published=D("2019-08-27")),
            Meeting(date=D("2019-09-10"), paper_published=D("2019-09-10")),
            Meeting(date=D("2019-09-17"), paper_published=D("2019-09-18")),
            Meeting(date=D("2019-09-24"), paper_published=D("2019-09-16")),
            Meeting(date=D("2019-10-01")),
        ],
    )
    said = [late_paper_sentence(paper_clock(board, m)) for m in board.meetings]
    assert said == [
        "This paper was published on 27 August 2019, 4 clear working days before the meeting: "
        "papers must be published at least five clear working days before the meeting on "
        "3 September 2019, so by 23 August 2019.",
        "This paper was published on 10 September 2019, on the day of the meeting, not five "
        "clear working days before it: papers must be published at least five clear working "
        "days before the meeting on 10 September 2019, so by 2 September 2019.",
        "This paper was published on 18 September 2019, after it, not five clear working days "
        "before it: papers must be published at least five clear working days before the "
        "meeting on 17 September 2019, so by 9 September 2019.",
        None,
        None,
    ]


BOARDS = """  boards:
    - id: scrutiny
      name: Children's Scrutiny Committee
      meetings:
        - date: 2019-07-02
          month: 2019-06
          paper_published: 2019-06-21
        - date: 2019-09-03
          month: 2019-08
          paper_published: {published}
"""


def _plan(tmp_path: Path, published: str) -> Path:
    target = tmp_path / f"basic-{published}"
    shutil.copytree(BASIC, target)
    plan = target / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    boards = BOARDS.format(published=published)
    plan.write_text(text.replace("\ninspections:", f"{boards}\ninspections:", 1), "utf-8")
    return target


LATE = (
    "This paper was published on 27 August 2019, 4 clear working days before the meeting: "
    "papers must be published at least five clear working days before the meeting on "
    "3 September 2019, so by 23 August 2019."
)


def _report(folder: Path, out: Path, *args: str) -> None:
    result = CliRunner().invoke(
        app,
        ["report", "--month", "2019-08", "--commit", "none", "-o", str(out), *args, str(folder)],
    )
    assert result.exit_code == 0, result.stderr


def test_validate_and_paper_agree_across_the_august_bank_holiday(tmp_path: Path) -> None:
    late = _plan(tmp_path, "2019-08-27")
    codes = [d for d in validate_paths([late]).diagnostics if d.code == "clock-paper-late"]
    assert len(codes) == 1 and "published on 2019-08-27, after 2019-08-23" in codes[0].message
    _report(late, tmp_path / "late.md", "--format", "markdown")
    assert f"\n{LATE}\n" in (tmp_path / "late.md").read_text(encoding="utf-8")
    _report(late, tmp_path / "late.html", "--format", "html")
    assert f'<p class="late-paper">{LATE}</p>' in (tmp_path / "late.html").read_text("utf-8")
    _report(late, tmp_path / "late.docx", "--format", "docx")
    paras = [p.text for p in Document(str(tmp_path / "late.docx")).paragraphs]
    assert LATE in paras
    # The paper says it for the meeting it goes to: --meeting-date of the June paper's meeting
    # (on time) says nothing, and the on-time or bank-holiday papers say nothing either.
    _report(late, tmp_path / "june.md", "--format", "markdown", "--meeting-date", "2019-07-02")
    assert "clear working days" not in (tmp_path / "june.md").read_text(encoding="utf-8")
    for published in ("2019-08-23", "2019-08-26"):
        on_time = _plan(tmp_path, published)
        assert [
            d for d in validate_paths([on_time]).diagnostics if d.code == "clock-paper-late"
        ] == []
        _report(on_time, tmp_path / f"{published}.md", "--format", "markdown")
        text = (tmp_path / f"{published}.md").read_text(encoding="utf-8")
        assert "clear working days before the meeting" not in text
