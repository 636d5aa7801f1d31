"""A shape error in a file's header no longer hides the plan's reference errors (issue 24):
the header field is dropped or stood in for, and only the checks that one part names another
are reported from that copy, so nothing the stand-in could make up is ever shown."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, SHIPPED, run_in

PLANS = {
    "oldham-2019": SHIPPED / "oldham-2019",
    "bradford-2018": FIXTURES / "plans" / "bradford-2018",
}


def _copy(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(PLANS[name], folder)
    return folder


def _edit(path: Path, old: str, new: str) -> int:
    """Replace the first line matching ``old`` (a regex) and return its line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(lines, 1):
        if re.search(old, line):
            lines[number - 1] = re.sub(old, new, line)
            path.write_text("\n".join(lines), encoding="utf-8")
            return number
    raise AssertionError(f"{old!r} not in {path}")


def _problems(tmp_path: Path, name: str) -> tuple[int, list[str]]:
    code, out, _ = run_in(tmp_path, "validate", "--no-cache", name)
    return code, [line for line in out.splitlines() if ": error: " in line or ": warning: " in line]


@pytest.mark.parametrize(
    ("name", "header", "value", "message"),
    [
        (
            "oldham-2019",
            r"^    start: 2019-04",
            "    start: 2019-4x",
            "start '2019-4x' is not a month",
        ),
        ("oldham-2019", r"^  id: oldham-2019", "  id: [x]", "id should be text but is a list"),
        (
            "bradford-2018",
            r"^    start: 2018-11",
            "    start: 2018-1x",
            "start '2018-1x' is not a month",
        ),
        ("bradford-2018", r"^  council: .*", "  council: {a: b}", "council should be text"),
    ],
)
def test_a_header_error_and_an_unknown_action_are_both_reported(
    tmp_path: Path, name: str, header: str, value: str, message: str
) -> None:
    folder = _copy(tmp_path, name)
    progress = sorted((folder / "progress").glob("*.yaml"))[-1]
    first = re.search(r"action: (\S+)", progress.read_text(encoding="utf-8"))
    assert first is not None
    at = _edit(progress, rf"action: {re.escape(first[1])}$", "action: NO-SUCH-ACTION")
    line = _edit(folder / "plan.yaml", header, value)
    code, problems = _problems(tmp_path, name)
    assert code == 1
    assert len(problems) == 2, problems
    assert problems[0].startswith(f"{name}/plan.yaml:{line}:") and message in problems[0]
    assert problems[1].startswith(f"{name}/progress/{progress.name}:{at}:")
    assert "'NO-SUCH-ACTION' is not an action of the plan" in problems[1]


@pytest.mark.parametrize("name", sorted(PLANS))
def test_a_header_error_alone_brings_no_other_finding(tmp_path: Path, name: str) -> None:
    # The control: the stand-in value never produces a finding of its own (a month outside
    # the plan, a missing update, a late plan), however many the valid plan's header rules.
    folder = _copy(tmp_path, name)
    assert _problems(tmp_path, name)[0] == 0
    _edit(folder / "plan.yaml", r"^    start: 20\d\d-\d\d", "    start: not-a-month")
    code, problems = _problems(tmp_path, name)
    assert code == 1
    assert len(problems) == 1, problems
    assert "start 'not-a-month' is not a month" in problems[0]


def test_a_progress_header_error_and_an_unknown_action_are_both_reported(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "oldham-2019")
    progress = folder / "progress" / "2019-08.yaml"
    line = _edit(progress, r"^month: 2019-08", "month: 2019-8")
    at = _edit(progress, r"action: SP-2$", "action: SP-99")
    code, problems = _problems(tmp_path, "oldham-2019")
    assert code == 1
    assert problems[0].startswith(f"oldham-2019/progress/2019-08.yaml:{line}:")
    assert any(
        p.startswith(f"oldham-2019/progress/2019-08.yaml:{at}:") and "'SP-99' is not an action" in p
        for p in problems
    ), problems
