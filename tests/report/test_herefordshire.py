"""A plan no rule was written for: Herefordshire Council's Children's Improvement Action Plan
(tests/fixtures/plans/herefordshire-2022, from the Cabinet minutes of 15 December 2022), in a
two-commit git history (built by tests/helpers/history.py): the plan as the board's paper of 21
March 2023 saw it (committed 10 March 2023), and the plan now (committed 5 April 2023), in which
FD-2's due date moved with a revision record and FD-3's without one.

Every command's output on it, and the paper for March 2023 (the sparse month), are pinned in
tests/golden/herefordshire-2022/ (``G2G_UPDATE_GOLDEN=1`` rewrites them; read the diff). The
commit ids are replaced by ``<first commit>`` and ``<second commit>``.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest

from tests.helpers import run_in
from tests.helpers.history import NAME, build_history

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "herefordshire-2022"
UPDATE = os.environ.get("G2G_UPDATE_GOLDEN") == "1"


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
