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


def test_meaning_checks_run_beside_shape_errors(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(SHIPPED / "oldham-2019", plan)
    path = plan / "plan.yaml"
    text = path.read_text(encoding="utf-8")
    # A shape error (a misspelt key) in action PI-5, which the August update reports on ...
    text = text.replace("addresses: [R2]\n", "addresses: [R2]\n            lead_oficer: x\n", 1)
    # ... and a reference error in another action of the same file.
    text = text.replace("addresses: [R4]\n", "addresses: [R44]\n", 1)
    path.write_text(text, encoding="utf-8")
    code, out, _ = run_in(plan, "validate", ".")
    assert code == 1
    assert "unknown key 'lead_oficer'" in out
    assert "'R44'" in out, "the reference error is reported in the same run"
    # The action left out for its shape error is not blamed on anything else (its update).
    assert "PI-5" not in out
    assert out.strip().endswith("invalid, 2 errors, 0 warnings")
