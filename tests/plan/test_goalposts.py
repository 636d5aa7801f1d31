"""Validate's checks of an action's life, of revisions and of polarity (g2g.plan.goalposts),
through the CLI on a copy of the minimal plan, each with its stable code."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import run_in


def codes(folder: Path) -> list[tuple[str, str]]:
    code, out, _ = run_in(folder, "validate", ".", "--format", "json")
    assert code in (0, 1)
    return [(d["code"], d["message"]) for d in json.loads(out)]


def edit(folder: Path, old: str, new: str) -> None:
    plan = folder / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    plan.write_text(text.replace(old, new), encoding="utf-8")


def test_a_target_without_polarity_is_warned_with_what_to_write(minimal_plan: Path) -> None:
    old = "                polarity: higher\n                kpi:"
    edit(minimal_plan, old, "                kpi:")
    found = codes(minimal_plan)
    assert [c for c, _ in found] == ["polarity-missing"]
    assert "add polarity: higher (more is better) or polarity: lower" in found[0][1]


def test_closure_and_completion_checks(minimal_plan: Path) -> None:
    edit(
        minimal_plan,
        "            addresses: [R2]\n",
        "            addresses: [R2]\n"
        "            completed: 2019-02\n"
        "            closed:\n"
        "              month: 2019-05\n"
        "              reason: Merged\n"
        "              superseded_by: PI-9\n",
    )
    found = [c for c, _ in codes(minimal_plan)]
    assert sorted(found) == ["closed-unknown-action", "completed-before-start"]


def test_revision_checks(minimal_plan: Path) -> None:
    edit(
        minimal_plan,
        "              due: 2020-09\n",
        "              due: 2020-09\n"
        "              revisions:\n"
        "                - {was: 2020-03, to: 2020-06, agreed: 2019-09, reason: R, agreed_by: B}\n"
        "                - {was: 2020-09, agreed: 2019-08, reason: R, agreed_by: B}\n",
    )
    found = [c for c, _ in codes(minimal_plan)]
    assert sorted(found) == ["revision-chain", "revision-no-change", "revision-order"]


def test_revisions_that_chain_are_valid(minimal_plan: Path) -> None:
    edit(
        minimal_plan,
        "              due: 2020-09\n",
        "              due: 2020-09\n"
        "              revisions:\n"
        "                - {was: 2020-03, to: 2020-09, agreed: 2019-09, reason: R, agreed_by: B}\n",
    )
    assert codes(minimal_plan) == []
