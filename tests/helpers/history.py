"""Herefordshire's plan in a two-commit git history: the plan as the board's paper of 21 March
2023 saw it (committed 10 March 2023), and the plan now (committed 5 April 2023), in which FD-2's
due date moved with a revision record and FD-3's without one."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.helpers import FIXTURES

PLAN = FIXTURES / "plans" / "herefordshire-2022"
NAME = "herefordshire-2022"
FIRST_DATE = "2023-03-10T12:00:00+00:00"
SECOND_DATE = "2023-04-05T12:00:00+00:00"


# The plan as it stood on 10 March 2023: FD-2 due in March (before its revision), FD-3 due
# 31 January 2023 (its text then agreed with it).
FIRST_VERSION = (
    (
        """              due: 2023-06
              text: January - June 2023
              revisions:
                - was: 2023-03
                  to: 2023-06
                  agreed: 2023-03
                  reason: The health visiting service asked for a second consultation round
                  agreed_by: Children's Improvement Board, 21 March 2023
""",
        """              due: 2023-03
              text: January - March 2023
""",
    ),
    ("              due: 2023-05-31\n", "              due: 2023-01-31\n"),
)


def first_version(text: str) -> str:
    """plan.yaml as the last paper saw it."""
    for now, then in FIRST_VERSION:
        assert text.count(now) == 1, now
        text = text.replace(now, then)
    return text


def git(repo: Path, *args: str, when: str | None = None) -> str:
    """Run git in ``repo`` with a fixed author, no user or system configuration, and the
    commit date ``when``; its output."""
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Performance Officer",
        "GIT_AUTHOR_EMAIL": "performance@example.org",
        "GIT_COMMITTER_NAME": "Performance Officer",
        "GIT_COMMITTER_EMAIL": "performance@example.org",
    }
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    done = subprocess.run(
        ["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def build_history(root: Path, plan: Path = PLAN, first: str | None = None) -> tuple[Path, str, str]:
    """A repository holding the plan in two commits; returns the repository and the two
    commit ids. ``first`` is plan.yaml's text in the first commit (default: first_version)."""
    repo = root / "repo"
    folder = repo / NAME
    shutil.copytree(plan, folder)
    now = (folder / "plan.yaml").read_text(encoding="utf-8")
    latest = folder / "progress" / "2023-03.yaml"
    kept = latest.read_text(encoding="utf-8")
    latest.unlink()
    (folder / "plan.yaml").write_text(first or first_version(now), encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    _commit(repo, "Plan as at the February paper", FIRST_DATE)
    (folder / "plan.yaml").write_text(now, encoding="utf-8")
    latest.write_text(kept, encoding="utf-8")
    _commit(repo, "March updates; due dates moved", SECOND_DATE)
    return repo, git(repo, "rev-parse", "HEAD~1"), git(repo, "rev-parse", "HEAD")


def _commit(repo: Path, message: str, when: str) -> None:
    """Commit everything in ``repo`` as made at ``when`` (unsigned, whatever the user's git)."""
    git(repo, "add", ".")
    git(repo, "-c", "commit.gpgsign=false", "commit", "-q", "-m", message, when=when)
