"""Plans and updates for the RAG engine's tests: a fixture plan of tests/fixtures/rag, and
updates written as a progress file would give them."""

from __future__ import annotations

from typing import Any

from g2g.plan.load import load_plans
from g2g.plan.model_plan import PlanFile
from g2g.plan.model_progress import Update
from tests.helpers import FIXTURES

RAG_FIXTURES = FIXTURES / "rag"


Updates = dict[str, dict[str, Update]]


def load(name: str = "basic") -> tuple[PlanFile, Updates]:
    """A fresh copy of a fixture plan's model and updates (tests may change them)."""
    plan = load_plans([RAG_FIXTURES / name])[0]
    assert plan.model is not None
    assert not plan.diagnostics
    return plan.model, plan.updates()


def up(
    action: str,
    status: str = "in_progress",
    rag_: str | None = None,
    values: dict[str, float | None] | None = None,
) -> Update:
    """An update as a progress file would give it."""
    data: dict[str, Any] = {"action": action, "status": status, "values": values or {}}
    if rag_ is not None:
        data["rag"] = rag_
    return Update.model_validate(data)


def at(month: str, *updates: Update) -> Updates:
    """One month of updates."""
    return {month: {u.action: u for u in updates}}
