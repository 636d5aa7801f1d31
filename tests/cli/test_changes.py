"""``g2g changes``: a plan's definition compared between two git commits, in a temporary
repository made by the test (git itself reads the versions)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, run_in

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, env=ENV, capture_output=True)


def edit(plan: Path, old: str, new: str) -> None:
    text = plan.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    plan.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository holding the minimal plan, committed twice: the second commit moves PI-1's
    due date without a revision record, re-baselines a milestone with one, adds an action,
    closes PI-2 and drops finding R2's text."""
    folder = tmp_path / "plans" / "example"
    shutil.copytree(FIXTURES / "valid" / "minimal", folder)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "The plan as agreed")
    plan = folder / "plan.yaml"
    edit(plan, "              due: 2020-09\n", "              due: 2020-12\n")
    edit(
        plan,
        "                  - month: 2020-06\n                    value: 70\n",
        "                  - month: 2020-06\n                    value: 65\n"
        "                    revisions:\n"
        "                      - was: 70\n"
        "                        agreed: 2019-09\n"
        "                        reason: Baseline audits found a lower starting point\n"
        "                        agreed_by: Getting to Good Board\n",
    )
    evidence = "            evidence_of_success: Audits give effective analysis of the impact on "
    evidence += "children.\n"
    edit(
        plan,
        evidence,
        evidence + "            closed:\n"
        "              month: 2019-10\n"
        "              reason: Folded into PI-1\n"
        "              superseded_by: PI-1\n",
    )
    git(tmp_path, "commit", "-q", "-am", "Moved dates")
    return tmp_path


def test_the_last_commit_that_touched_the_plan(repo: Path) -> None:
    code, out, err = run_in(repo, "changes")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("plans/example/plan.yaml: changes from ")
    assert "The plan as agreed" in lines[0] and "Moved dates" in lines[0]
    assert (
        "  FLAG PI-1 due moved from Sep 2020 to Dec 2020 (+3 months) WITHOUT a revision record"
        " - add one under timescale.revisions" in lines
    )
    assert (
        "  PI-1-audits-good milestone for Jun 2020 moved from 70% to 65%: revision agreed Sep "
        "2019 by Getting to Good Board (Baseline audits found a lower starting point)" in lines
    )
    assert "  PI-2 closed from Oct 2019, superseded by PI-1: Folded into PI-1" in lines
    assert lines[-1].startswith("  1 move without a revision record")


def test_a_range_strict_and_json(repo: Path) -> None:
    code, out, _ = run_in(repo, "changes", "HEAD~1..HEAD", "--strict")
    assert code == 1  # a move without a revision record
    assert "FLAG PI-1 due moved" in out
    code, out, _ = run_in(repo, "changes", "HEAD~1..HEAD", "--json")
    assert code == 0
    data = json.loads(out)
    kinds = [(c["kind"], c["id"], c["unrecorded"]) for c in data[0]["changes"]]
    assert kinds == [
        ("due-moved", "PI-1", True),
        ("milestone-moved", "PI-1-audits-good", False),
        ("action-closed", "PI-2", False),
    ]


def test_actions_and_findings_added_and_removed(repo: Path) -> None:
    plan = repo / "plans" / "example" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    start = text.index("          - id: PI-2\n")
    plan.write_text(text[:start], encoding="utf-8")  # PI-2 is the plan's last action
    edit(plan, "      - id: R2\n", "      - id: R3\n")
    git(repo, "commit", "-q", "-am", "PI-2 removed")
    code, out, err = run_in(repo, "changes", "--json")
    assert code == 0, err
    kinds = {(c["kind"], c["id"]) for c in json.loads(out)[0]["changes"]}
    assert ("action-removed", "PI-2") in kinds
    assert ("finding-dropped", "R2") in kinds and ("finding-added", "R3") in kinds


def test_outside_a_repository_or_with_an_unknown_revision_is_misuse(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    code, _, err = run_in(repo, "changes", "nosuch..HEAD")
    assert code == 2
    assert "'nosuch' is not a commit of the repository" in err
    # a plan folder given where every other command takes one: the message says --plan
    code, _, err = run_in(repo, "changes", "plans/example")
    assert code == 2
    assert "'plans/example' is not a commit of the repository" in err
    assert "it is a file or folder: give a plan with --plan plans/example" in err
    assert "--plan" not in run_in(repo, "changes", "nosuch")[2]  # no hint for a mistyped commit
    alone = tmp_path_factory.mktemp("alone")
    shutil.copytree(FIXTURES / "valid" / "minimal", alone / "plans" / "x")
    code, _, err = run_in(alone, "changes")
    assert code == 2
    assert "not inside a git repository" in err
    assert "Traceback" not in err


def shallow_clone(repo: Path, into: Path) -> Path:
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(into)],
        check=True, env=ENV, capture_output=True,
    )  # fmt: skip
    return into


def test_a_shallow_clone_is_refused_saying_how_to_fetch_the_history(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # The full clone flags the moved due date; a shallow one (GitHub Actions' default checkout)
    # would call the plan new and pass: it is refused, with the remedy.
    assert run_in(repo, "changes", "--strict")[0] == 1
    clone = shallow_clone(repo, tmp_path_factory.mktemp("ci") / "checkout")
    for args in ([], ["--strict"], ["HEAD"], ["--json"]):
        code, out, err = run_in(clone, "changes", *args)
        assert code == 2, (args, out, err)
        assert "is a shallow clone" in err
        assert "git fetch --unshallow" in err and "fetch-depth: 0" in err
        assert "Traceback" not in err and out == ""
    # Once the history is fetched, the same command sees the move again.
    git(clone, "fetch", "-q", "--unshallow")
    code, out, _ = run_in(clone, "changes", "--strict")
    assert code == 1 and "FLAG PI-1 due moved" in out


def test_the_library_raises_a_usage_error_a_paper_can_catch(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from g2g.errors import G2GError
    from g2g.io.gitrev import ShallowHistory
    from g2g.output.changes import plan_versions

    clone = shallow_clone(repo, tmp_path_factory.mktemp("ci") / "checkout")
    with pytest.raises(ShallowHistory) as caught:
        plan_versions(clone / "plans" / "example" / "plan.yaml", None)
    assert isinstance(caught.value, G2GError) and caught.value.exit_code == 2
    assert "fetch-depth: 0" in str(caught.value)
    full = plan_versions(repo / "plans" / "example" / "plan.yaml", None)
    assert any(c.unrecorded for c in full.changes)


def test_a_repository_of_another_user_is_reported_as_git_refuses_it(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # git's own test switch makes it treat the repository as another user's (its
    # safe.directory check), as when a CI job or a colleague's checkout is owned by someone else.
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")
    code, out, err = run_in(repo, "changes")
    assert code == 2, out + err
    assert "not inside a git repository" not in err
    assert "git refuses to read this repository" in err
    assert "dubious ownership" in err
    assert "git config --global --add safe.directory" in err
    assert "Traceback" not in err
