"""The traps of an officer's month (issue 17), through the CLI, on more than one plan."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, SHIPPED, run_in

PLANS = [SHIPPED / "oldham-2019", *sorted((FIXTURES / "plans").glob("*/"))]


@pytest.fixture(params=PLANS, ids=lambda p: p.name)
def plan(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    target = tmp_path / "plan"
    shutil.copytree(request.param, target)
    return target


def test_every_unquoted_bracket_title_is_reported_in_one_run(plan: Path) -> None:
    path = plan / "plan.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    changed = []
    for index, line in enumerate(lines):
        match = re.match(r"^(\s+)title: (?!['\"])(.*)$", line)
        if match and len(changed) < 12:
            lines[index] = f"{match.group(1)}title: [placeholder] {match.group(2)}"
            changed.append(index + 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    assert len(changed) >= 5
    code, out, _ = run_in(plan, "validate", ".")
    assert code == 1
    reported = [
        int(m.group(1))
        for m in re.finditer(r"plan\.yaml:(\d+):\d+: error: text starting with \[", out)
    ]
    assert reported == changed
    assert "write '[placeholder] " in out
    assert "Traceback" not in out
