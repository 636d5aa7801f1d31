"""A plan no rule was written for: Herefordshire Council's Children's Improvement Action Plan
(tests/fixtures/plans/herefordshire-2022, from the Cabinet minutes of 15 December 2022), in a
two-commit git history built here: the plan as the board's paper of 21 March 2023 saw it
(committed 10 March 2023), and the plan now (committed 5 April 2023), in which FD-2's due date
moved with a revision record and FD-3's without one.

Every command's output on it, and the paper for March 2023 (the sparse month), are pinned in
tests/golden/herefordshire-2022/ (``G2G_UPDATE_GOLDEN=1`` rewrites them; read the diff). The
commit ids are replaced by ``<first commit>`` and ``<second commit>``.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, run_in

PLAN = FIXTURES / "plans" / "herefordshire-2022"
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "herefordshire-2022"
UPDATE = os.environ.get("G2G_UPDATE_GOLDEN") == "1"
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


def _git(repo: Path, *args: str, when: str | None = None) -> str:
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
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(
        repo,
        "-c",
        "commit.gpgsign=false",
        "commit",
        "-q",
        "-m",
        "Plan as at the February paper",
        when=FIRST_DATE,
    )
    (folder / "plan.yaml").write_text(now, encoding="utf-8")
    latest.write_text(kept, encoding="utf-8")
    _git(repo, "add", ".")
    _git(
        repo,
        "-c",
        "commit.gpgsign=false",
        "commit",
        "-q",
        "-m",
        "March updates; due dates moved",
        when=SECOND_DATE,
    )
    return repo, _git(repo, "rev-parse", "HEAD~1"), _git(repo, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    return build_history(tmp_path_factory.mktemp("herefordshire"))


def normalise(text: str, first: str, second: str) -> str:
    """The output with the commit ids (any abbreviation of 7 or more) named, not spelled."""
    for commit, name in ((first, "<first commit>"), (second, "<second commit>")):
        text = re.sub(rf"\b{commit[:7]}[0-9a-f]{{0,33}}\b", name, text)
    return re.sub(
        r"<svg\b.*?</svg>", "<svg><!-- chart drawn by g2g.charts --></svg>", text, flags=re.S
    )


def check(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert path.exists(), f"{path} is missing - run with G2G_UPDATE_GOLDEN=1 to create it"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True), actual.splitlines(keepends=True), name, "actual"
            )
        )
        pytest.fail(
            f"{name} differs from its golden (G2G_UPDATE_GOLDEN=1 rewrites it):\n{diff[:6000]}"
        )


COMMANDS = {
    "validate.txt": ["validate", NAME],
    "rag.txt": ["rag", NAME],
    "rag.md": ["rag", NAME, "--format", "markdown"],
    "rag.csv": ["rag", NAME, "--format", "csv"],
    "rag.json": ["rag", NAME, "--format", "json"],
    "rag-feb.txt": ["rag", NAME, "--month", "2023-02"],
    "due.txt": ["due", NAME, "--month", "2023-04"],
    "kpi.txt": ["kpi", NAME, "--month", "2023-03"],
    "changes.txt": ["changes", "HEAD~1..HEAD", "--plan", NAME],
    "paper.md": [
        "report",
        NAME,
        "--month",
        "2023-03",
        "--format",
        "markdown",
        "--meeting-date",
        "2023-04-18",
    ],
    "paper.html": ["report", NAME, "--month", "2023-03", "--meeting-date", "2023-04-18"],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_pinned(name: str, history: tuple[Path, str, str]) -> None:
    repo, first, second = history
    code, out, err = run_in(repo, *COMMANDS[name])
    assert code == 0, err
    assert "Traceback" not in out + err
    text = out if not err.strip() else f"{out}\n--- stderr ---\n{err}"
    check(name, normalise(text, first, second))
