"""The timescale text against the due date: validate's timescale-text-stale warning, and the
paper and the returns printing the due date first when the text is out of date."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from g2g.diagnostics import Severity
from g2g.errors import G2GError
from g2g.plan.timescale import TIMESCALE_TEXT_STALE, Named, named_end, stale_text, timescale_shown
from g2g.plan.validate import validate_paths
from tests.helpers import FIXTURES, ROOT, SHIPPED, run_in


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("April 2019 \u2013 March 2020", Named(3, 2020)),
        ("June 19 \u2013 Dec 19", Named(12, 2019)),
        ("30 Sept 2019", Named(9, 2019)),
        ("by the end of January 2023", Named(1, 2023)),
        ("December 2018 - May 2019, monthly", Named(5, 2019)),
        ("February 2020", Named(2, 2020)),
        ("by March", Named(3, None)),
        ("during 2021", Named(None, 2021)),
        ("Quarterly updates", None),
        ("Q3 2019/20", None),
        ("Sept 2019- ongoing", None),
        ("April 2019 - Ongoing", None),
        ("as soon as we may, and march on", None),
    ],
)
def test_the_date_a_text_ends_on(text: str, named: Named | None) -> None:
    assert named_end(text) == named


@pytest.mark.parametrize(
    ("text", "due", "stale"),
    [
        ("by the end of January 2023", "2023-05-31", True),
        ("by the end of January 2023", "2023-01-31", False),
        ("by the end of January 2023", "2023-01", False),
        ("April 2019 - Sept 2020", "2019-03-31", True),
        ("June 19 \u2013 Dec 19", "2019-12", False),
        ("by March", "2024-03", False),
        ("by March", "2024-04", True),
        ("during 2021", "2021-11", False),
        ("during 2021", "2022-01", True),
        ("Quarterly updates", "2020-03", False),
        (None, "2020-03", False),
        ("by the end of January 2023", None, False),
    ],
)
def test_stale_only_when_the_text_names_another_date(
    text: str | None, due: str | None, stale: bool
) -> None:
    assert (stale_text(text, due) is not None) is stale
    shown = timescale_shown(text, due)
    assert (shown is not None) is stale


def test_a_stale_text_is_shown_after_the_due_date() -> None:
    assert timescale_shown("by the end of January 2023", "2023-05-31") == (
        "Due 31 May 2023 (the plan's timescale text still says \u201cby the end of January "
        "2023\u201d)"
    )


def _plan_folders() -> list[Path]:
    roots = [SHIPPED, FIXTURES]
    return sorted({p.parent for root in roots for p in root.rglob("plan.yaml")})


GENUINE = {
    # tests/fixtures/invalid/due-before-start: "April 2019 - Sept 2020" with due 2019-03-31
    "due-before-start": {"PI-1"},
    # tests/fixtures/invalid/timescale-text-stale: "April 2019 - June 2020", due re-baselined to
    # 2020-09 by a revision from 2020-06
    "timescale-text-stale": {"PI-1"},
    # tests/fixtures/plans/herefordshire-2022: "by the end of January 2023", due moved to
    # 31 May 2023 without a revision record (planted)
    "herefordshire-2022": {"FD-3"},
}


def test_no_false_flags_on_any_shipped_or_fixture_plan() -> None:
    """Every plan the repository holds, shipped and fixture: only the two planted stale texts
    are flagged (each checked by reading its plan: the others' texts end on their due month)."""
    flagged: dict[str, set[str]] = {}
    checked = 0
    for folder in _plan_folders():
        try:
            result = validate_paths([folder])
        except G2GError:  # a fixture that is not a readable plan folder at all
            continue
        checked += 1
        for d in result.diagnostics:
            if d.code == TIMESCALE_TEXT_STALE:
                flagged.setdefault(folder.name, set()).add(d.message.split("'", 1)[0])
    assert checked > 50
    assert flagged == GENUINE


def test_validate_warns_with_the_line_and_column(tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    shutil.copytree(FIXTURES / "plans" / "bradford-2018", folder)
    plan = folder / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "text: November 2018 - January 2019" in text
    plan.write_text(
        text.replace("text: November 2018 - January 2019", "text: by the end of October 2018", 1),
        encoding="utf-8",
    )
    code, out, _ = run_in(folder, "validate", ".", "--strict")
    lines = [line for line in out.splitlines() if TIMESCALE_TEXT_STALE in line or "FD-1's" in line]
    assert len(lines) == 1
    assert lines[0].startswith("plan.yaml:")
    assert (
        "FD-1's timescale text \u201cby the end of October 2018\u201d names Oct 2018, but the "
        in (lines[0])
    )
    assert "due 31 Jan 2019 (2019-01)" in lines[0]
    assert code == 1


def test_the_warning_can_be_acknowledged(tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    shutil.copytree(FIXTURES / "invalid" / "timescale-text-stale", folder)
    (folder / "expected.txt").unlink()
    plan = folder / "plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8")
        + "acknowledged:\n  - code: timescale-text-stale\n    action: PI-1\n"
        "    reason: The text is the plan as Ofsted received it\n    by: Head of Service\n",
        encoding="utf-8",
    )
    result = validate_paths([folder])
    stale = [d for d in result.diagnostics if d.code == TIMESCALE_TEXT_STALE]
    assert [d.severity for d in stale] == [Severity.acknowledged]
    code, _, _ = run_in(folder, "validate", ".", "--strict")
    assert code == 0


def test_the_returns_and_the_paper_print_the_due_date(tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    shutil.copytree(FIXTURES / "invalid" / "timescale-text-stale", folder)
    shown = (
        "Due 30 Sep 2020 (the plan's timescale text still says \u201cApril 2019 - June 2020\u201d)"
    )
    code, out, err = run_in(folder, "report", ".", "--format", "markdown", "--commit", "none")
    assert code == 0, err
    assert shown in out
    assert "| April 2019 - June 2020 |" not in out
    from g2g.engine.returns import _due_text
    from g2g.plan.load import Reader, load_plan

    model = load_plan(folder, Reader()).model
    assert model is not None
    action = next(a for _, _, a in model.actions() if a.id == "PI-1")
    assert _due_text(action) == shown


def test_the_shipped_plans_print_their_own_words() -> None:
    """Texts that agree with the due date are printed as the plan words them."""
    code, out, err = run_in(
        ROOT,
        "report",
        "plans/oldham-2019",
        "--format",
        "markdown",
        "--month",
        "2019-08",
        "--commit",
        "none",
    )
    assert code == 0, err
    assert "| April 2019- Sept 2019 |" in out
    assert "timescale text still says" not in out


def test_the_returns_workbook_prints_the_due_date_first(tmp_path: Path) -> None:
    import openpyxl

    shutil.copytree(FIXTURES / "plans" / "herefordshire-2022", tmp_path / "hf")
    code, _, err = run_in(tmp_path, "returns", "hf", "--month", "2023-04", "--output-dir", "out")
    assert code == 0, err
    book = openpyxl.load_workbook(
        tmp_path / "out" / "herefordshire-2022-2023-04-head-of-service-front-door.xlsx"
    )
    cells = [c for ws in book for row in ws.iter_rows(values_only=True) for c in row]
    assert (
        "Due 31 May 2023 (the plan's timescale text still says \u201cby the end of January "
        "2023\u201d)" in cells
    )
    assert "by the end of January 2023" not in cells
