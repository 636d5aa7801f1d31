"""Changes to the plan since the last paper: a due date moved without a revision record
always appears in the paper made from a later revision; one moved with a revision is listed
as agreed; without history the paper says it could not check, and why."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from g2g.months import add_months, due_date
from g2g.plan.history import Baseline, NoHistory
from g2g.plan.load import Plan, load_plan
from g2g.plan.model_plan import PlanFile
from g2g.report.formats import PaperFormat
from g2g.report.paper import build_paper
from g2g.report.render import render_paper
from g2g.words import format_day, format_month
from tests.helpers import FIXTURES, run_in
from tests.helpers.history import NAME, build_history, first_version

PLANS = {
    "herefordshire-2022": ("2023-03", FIXTURES / "plans" / "herefordshire-2022"),
    "bradford-2018": ("2019-03", FIXTURES / "plans" / "bradford-2018"),
    "basic": ("2019-08", FIXTURES / "rag" / "basic"),
}
LOADED: dict[str, Plan] = {}


def _plan(name: str) -> Plan:
    if name not in LOADED:
        LOADED[name] = load_plan(PLANS[name][1])
    return LOADED[name]


def _when(due: str) -> str:
    return format_month(due) if len(due) == 7 else format_day(due_date(due))


@st.composite
def moved_due(draw: st.DrawFn) -> tuple[str, str, str, str]:
    """A plan, one of its actions with a due date, and the due date it had before (a month
    to a year either side, as a month or a day)."""
    name = draw(st.sampled_from(sorted(PLANS)))
    model = _plan(name).model
    assert model is not None
    dated = [a for _, _, a in model.actions() if a.timescale.due and not a.timescale.revisions]
    action = draw(st.sampled_from(dated))
    now = action.timescale.due
    assert now is not None
    shift = draw(st.integers(-12, 12).filter(lambda n: n != 0))
    month = add_months(now[:7], shift)
    before = draw(st.sampled_from([month, due_date(month).isoformat()]))
    return name, action.id, before, now


def _old_model(model: PlanFile, action_id: str, before: str) -> PlanFile:
    old = model.model_copy(deep=True)
    for _, _, action in old.actions():
        if action.id == action_id:
            action.timescale.due = before
    return old


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(moved_due())
def test_an_unrecorded_move_always_reaches_the_paper(case: tuple[str, str, str, str]) -> None:
    name, action_id, before, now = case
    plan = _plan(name)
    assert plan.model is not None
    month = PLANS[name][0]
    old = _old_model(plan.model, action_id, before)
    found = Baseline(old, "0" * 40, "000000000000 (2000-01-01)", "the version of the last paper")
    paper = build_paper(plan, month, since_last=found, charts=False)
    assert paper.since is not None
    expected = f"{action_id} due moved from {_when(before)} to {_when(now)}"
    flagged = [line for line in paper.since.flagged if line.startswith(expected)]
    assert len(flagged) == 1, paper.since.flagged
    assert "without a revision record" in flagged[0]
    assert paper.summary.plan_changes is not None
    assert "moved without a revision record" in paper.summary.plan_changes
    text = render_paper(paper, PaperFormat.markdown)
    assert flagged[0] in text


def test_through_git_every_action_moved_is_flagged(tmp_path: Path) -> None:
    """Each dated action of the Herefordshire plan, its due date moved a month in the later
    commit with no revision record: the paper for March 2023 made from the later commit
    flags it (through git, the CLI and the plan's governance calendar)."""
    plan = FIXTURES / "plans" / "herefordshire-2022"
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    for n, (action, due) in enumerate((("QP-3", "2023-04"), ("QP-2", "2024-03"))):
        # the first commit had the due date a month earlier (and FD-2, FD-3 as first_version)
        first = first_version(text).replace(
            f"              due: {due}\n", f"              due: {add_months(due, -1)}\n", 1
        )
        repo, _, _ = build_history(tmp_path / str(n), plan, first)
        code, out, err = run_in(repo, "report", NAME, "--month", "2023-03", "--format", "markdown")
        assert code == 0, err
        section = out.split("## 4. Changes to the plan since the last paper", 1)[1]
        section = section.split("### Agreed revisions", 1)[0]
        moved = (
            f"- {action} due moved from {format_month(add_months(due, -1))} to {format_month(due)}"
        )
        assert moved in section
        assert "- FD-3 due moved from 31 Jan 2023 to 31 May 2023" in section


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        ("plain", "the plan folder is not kept in git, so its earlier versions are not recorded"),
        ("shallow", "the plan's git repository is a shallow clone"),
        ("none", "this paper was made without reference to git (--commit none)"),
    ],
)
def test_without_history_the_paper_says_it_could_not_check(
    setup: str, reason: str, tmp_path: Path
) -> None:
    if setup == "shallow":
        repo, _, _ = build_history(tmp_path / "full")
        clone = tmp_path / "clone"
        subprocess.run(
            ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True
        )
        where, args = clone, ()
    else:
        where = tmp_path / "plain"
        shutil.copytree(FIXTURES / "plans" / "herefordshire-2022", where / NAME)
        args = ("--commit", "none") if setup == "none" else ()
    code, out, err = run_in(
        where, "report", NAME, "--month", "2023-03", "--format", "markdown", *args
    )
    assert code == 0, err
    assert "## 4. Changes to the plan since the last paper" in out
    assert f"g2g could not check what changed in the plan since the last paper: {reason}" in out
    assert "Changes to the plan since the last paper could not be checked (" in out
    assert "due moved" not in out


def test_the_first_paper_has_no_section() -> None:
    plan = _plan("herefordshire-2022")
    paper = build_paper(plan, "2023-01", since_last=NoHistory("the first paper", True))
    assert paper.since is None
    assert paper.summary.plan_changes is None
    assert "since" not in paper.numbers


def test_the_paper_states_the_facts_g2g_changes_states(tmp_path: Path) -> None:
    """Between the last paper's commit and now, every change `g2g changes` lists is in the
    paper's section, flagged ones among the flagged."""
    import json

    repo, _, _ = build_history(tmp_path)
    code, out, err = run_in(repo, "changes", "HEAD~1..HEAD", "--plan", NAME, "--json")
    assert code == 0, err
    listed = json.loads(out)[0]["changes"]
    assert [c["id"] for c in listed] == ["FD-2", "FD-3"]
    code, paper, err = run_in(repo, "report", NAME, "--month", "2023-03", "--format", "markdown")
    assert code == 0, err
    section = paper.split("## 4. Changes to the plan since the last paper", 1)[1].split("## 5.")[0]
    flagged, agreed = section.split("### Agreed revisions and other changes")
    for change in listed:
        fact = change["text"].split(" WITHOUT a revision record")[0]
        assert fact in (flagged if change["unrecorded"] else agreed), fact


def test_the_word_paper_has_the_section(tmp_path: Path) -> None:
    from tests.helpers.docx import outline

    repo, _, _ = build_history(tmp_path)
    target = tmp_path / "paper.docx"
    code, _, err = run_in(
        repo, "report", NAME, "--month", "2023-03", "--format", "docx", "-o", str(target)
    )
    assert code == 0, err
    lines = outline(target)
    heading = next(i for i, line in enumerate(lines) if "Changes to the plan since" in line)
    assert lines[heading].startswith("[Heading 1] 4. Changes to the plan since the last paper")
    after = "\n".join(lines[heading : heading + 8])
    assert "[Heading 2] Moved without a revision record" in after
    assert (
        "[List Bullet] FD-3 due moved from 31 Jan 2023 to 31 May 2023 (+4 months) without a "
        "revision record: no one is recorded as agreeing it." in after
    )
    assert "[List Bullet] FD-2 due moved from Mar 2023 to Jun 2023 (+3 months): revision" in after
    summary = "Since the last paper, 1 due date or target was moved without a revision record"
    assert any(summary in line for line in lines[:heading])
