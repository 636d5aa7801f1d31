"""A plan folder reached through a symbolic link, below a folder g2g searches: not followed
(a link could lead anywhere, or loop), and never left out without a word."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from g2g.io.files import FOLDER_LINK, find_plan_folders, search_plan_folders
from tests.helpers import FIXTURES, SHIPPED, run_in

BRADFORD = FIXTURES / "plans" / "bradford-2018"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """plans/ holding Bradford's plan, a link to the shipped 2019 plan kept outside plans/, and a
    second link to Bradford's own folder (found anyway, so not a warning)."""
    shutil.copytree(BRADFORD, tmp_path / "plans" / "bradford-2018")
    shutil.copytree(SHIPPED / "oldham-2019", tmp_path / "elsewhere" / "oldham-2019")
    (tmp_path / "plans" / "oldham-2019").symlink_to(tmp_path / "elsewhere" / "oldham-2019")
    (tmp_path / "plans" / "bradford-again").symlink_to("bradford-2018")
    return tmp_path


def test_the_links_the_search_leaves_out(root: Path) -> None:
    plans = root / "plans"
    assert [p.name for p in find_plan_folders([plans])] == ["bradford-2018"]
    assert [p.name for p in search_plan_folders([plans]).links] == ["oldham-2019"]
    assert search_plan_folders([plans / "bradford-2018"]).links == []  # a plan folder
    assert search_plan_folders([BRADFORD.parent]).links == []  # no links: nothing to say


def test_validate_warns_and_strict_fails(root: Path) -> None:
    code, out, err = run_in(root, "validate", "--format", "json", "plans")
    assert code == 0, err
    found = [d for d in json.loads(out) if d["code"] == FOLDER_LINK]
    assert [(d["path"], d["line"], d["severity"]) for d in found] == [
        ("plans/oldham-2019/plan.yaml", 1, "warning")
    ]
    assert "name it directly (plans/oldham-2019)" in found[0]["message"]
    code, _, _ = run_in(root, "validate", "--strict", "plans")
    assert code == 1
    # named directly, the linked plan is read and checked
    code, out, err = run_in(root, "validate", "plans/oldham-2019")
    assert code == 0, err
    assert FOLDER_LINK not in out and "valid, no problems found" in out


def test_other_commands_say_so_in_a_note(root: Path) -> None:
    code, _, err = run_in(root, "rag", "--month", "2019-03", "plans")
    assert code == 0, err
    assert (
        "note: plans/oldham-2019: a symbolic link to a plan folder, not followed when a folder "
        "is searched - name it directly to use it"
    ) in " ".join(err.split())


def test_a_folder_holding_only_linked_plans_says_why_it_holds_none(root: Path) -> None:
    only = root / "only-links"
    only.mkdir()
    (only / "oldham-2019").symlink_to(root / "elsewhere" / "oldham-2019")
    code, _, err = run_in(root, "validate", "only-links")
    assert code == 2
    assert (
        "only-links: no plan.yaml in this folder or below it - give a plan folder, or create one "
        "with 'g2g init' (g2g does not follow links to folders: name a linked plan folder "
        "directly, e.g. only-links/oldham-2019)"
    ) in " ".join(err.split())
