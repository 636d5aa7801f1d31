"""The parts of a file that did pass the schema, so meaning checks run beside shape errors.

A plan.yaml with one misspelt status used to hide every reference error of the file until the
status was fixed. Here the list item that holds each schema error (the action, the update, the
finding) is left out of a copy of the file's values, the copy is checked again, and the meaning
checks run on what remains. Anything the left-out items name (their ids, the findings they
address, the actions they update) is remembered, so a check that would only complain because
an item was left out ("recommendation R-3 is addressed by no action") is not reported.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from g2g.diagnostics import Diagnostic
from g2g.io.yamlread import PosDict, PosList
from g2g.plan.load import Plan, Source

M = TypeVar("M", bound=BaseModel)

MAX_ROUNDS = 8
"""How many times the copy is pruned and re-checked before giving up on a file."""

_NAMING_KEYS = frozenset({"id", "action", "addresses", "kpi", "target", "finding"})
"""Keys whose values name other parts of the plan."""


def _copy(node: Any) -> Any:
    """A copy of read values that keeps positions, so a pruned copy still points at lines."""
    if isinstance(node, PosDict):
        out = PosDict(node.pos)
        out.key_pos.update(node.key_pos)
        out.value_pos.update(node.value_pos)
        for key, value in node.items():
            out[key] = _copy(value)
        return out
    if isinstance(node, PosList):
        items = PosList(node.pos)
        items.extend(_copy(item) for item in node)
        items.item_pos.extend(node.item_pos)
        return items
    return node


def _names(node: Any, out: set[str], naming: bool = False) -> None:
    """Every id-like value under ``node`` held by a naming key."""
    if isinstance(node, dict):
        for key, value in node.items():
            _names(value, out, key in _NAMING_KEYS)
    elif isinstance(node, list):
        for item in node:
            _names(item, out, naming)
    elif naming and isinstance(node, str | int) and not isinstance(node, bool):
        text = str(node).strip()
        out.add(text)
        # A malformed id ('PI 2') is most likely meant as the id written elsewhere ('PI-2').
        for joiner in ("-", "_", ""):
            out.add(re.sub(r"\s+", joiner, text))


def _prune(data: Any, loc: tuple[int | str, ...], hidden: set[str]) -> bool:
    """Remove the innermost list item on ``loc``; False when ``loc`` is in no list."""
    node = data
    parent: PosList | None = None
    index = -1
    for part in loc:
        if isinstance(node, PosList) and isinstance(part, int) and 0 <= part < len(node):
            parent, index = node, part
            node = node[part]
        elif isinstance(node, PosDict) and isinstance(part, str) and part in node:
            node = node[part]
        else:
            break
    if parent is None:
        return False
    _names(parent[index], hidden)
    del parent[index]
    del parent.item_pos[index]
    return True


def partial_model(model: type[M], data: Any) -> tuple[M, Any, set[str]] | None:
    """The model of what in ``data`` passes the schema, the pruned values and what they named.

    None when the errors are not inside a list item (a broken ``plan:`` header, say)."""
    if not isinstance(data, PosDict):
        return None
    pruned = _copy(data)
    hidden: set[str] = set()
    for _ in range(MAX_ROUNDS):
        try:
            return model.model_validate(pruned), pruned, hidden
        except ValidationError as exc:
            locs = sorted({tuple(e["loc"]) for e in exc.errors()}, key=_order, reverse=True)
        # Deepest and last first, so removing one item does not move the others' indexes.
        removed = False
        seen: set[tuple[int | str, ...]] = set()
        for loc in locs:
            item = _item_of(loc)
            if item is None or item in seen:
                continue
            seen.add(item)
            removed = _prune(pruned, loc, hidden) or removed
        if not removed:
            return None
    return None


def _order(loc: tuple[int | str, ...]) -> tuple[str, ...]:
    return tuple(f"{part:012d}" if isinstance(part, int) else str(part) for part in loc)


def _item_of(loc: tuple[int | str, ...]) -> tuple[int | str, ...] | None:
    """The location of the innermost list item on ``loc``."""
    for end in range(len(loc), 0, -1):
        if isinstance(loc[end - 1], int):
            return loc[:end]
    return None


def partial_plan(plan: Plan) -> tuple[Plan, set[str]] | None:
    """A copy of ``plan`` made of the parts of its files that passed the schema, and the names
    the left-out parts held; None when plan.yaml's errors leave nothing to check."""
    from g2g.plan.models import PlanFile, ProgressFile

    hidden: set[str] = set()
    model, data = plan.model, plan.data
    if model is None:
        found = partial_model(PlanFile, plan.data)
        if found is None:
            return None
        model, data, names = found
        hidden |= names
    progress = []
    for source in plan.progress:
        if source.model is None and source.data is not None:
            part = partial_model(ProgressFile, source.data)
            if part is not None:
                checked, values, names = part
                hidden |= names
                progress.append(Source(source.path, values, checked))
                continue
        progress.append(source)
    return replace(plan, model=model, data=data, progress=progress), hidden


def mentions(diagnostic: Diagnostic, names: set[str]) -> bool:
    """Whether the diagnostic's message names one of ``names`` (as a whole word)."""
    if not names:
        return False
    words = set(re.findall(r"[A-Za-z0-9][A-Za-z0-9._-]*", diagnostic.message))
    words |= {w.rstrip(".") for w in words}
    return not names.isdisjoint(words)
