"""The parts of a file that did pass the schema, so meaning checks run beside shape errors.

A plan.yaml with one misspelt status used to hide every reference error of the file until the
status was fixed. Here the list item that holds each schema error (the action, the update, the
finding) is left out of a copy of the file's values, the copy is checked again, and the meaning
checks run on what remains. Anything the left-out items name (their ids, the findings they
address, the actions they update) is remembered, so a check that would only complain because
an item was left out ("recommendation R-3 is addressed by no action") is not reported.

An error outside any list item (a misspelt month in the ``plan:`` header, say) cannot be left
out that way. Its key is dropped instead (or, for a field the file must have, given a stand-in
value of the right type), and only the checks that one part names another
(:data:`REFERENCE_CODES`) are reported from that copy: those read ids alone, so the stand-in
cannot make them wrong, while a check that reads the header (the plan's period, its status)
waits until the header is fixed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from g2g.diagnostics import Diagnostic
from g2g.io.yamlread import PosDict, PosList
from g2g.plan.load import Plan, Source, ValidPlan, as_valid, valid_or_none

M = TypeVar("M", bound=BaseModel)

MAX_ROUNDS = 8
"""How many times the copy is pruned and re-checked before giving up on a file."""

_NAMING_KEYS = frozenset({"id", "action", "addresses", "kpi", "target", "finding"})
"""Keys whose values name other parts of the plan."""

REFERENCE_CODES = frozenset(
    {
        "unknown-action",
        "unknown-target",
        "unknown-measure",
        "unknown-finding",
        "target-other-action",
        "duplicate-id",
        "closed-unknown-action",
        "governance-unknown-board",
        "governance-unknown-task-group",
        "governance-unknown-area",
    }
)
"""The checks that one part of a plan names another: reported even when the file's header has
a shape error, since they read ids alone."""

_STAND_INS: tuple[object, ...] = ("?", "2000-01", "2000-01-01", 0, [], {})
"""Values tried, in order, for a field the file must have whose value is wrong."""


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


@dataclass
class Partial(Generic[M]):
    """What in a file passes the schema: its model, the pruned values, the names the left-out
    items held, and whether the header had to be mended (then only references are checked)."""

    model: M
    data: Any
    hidden: set[str]
    header: bool


def partial_model(model: type[M], data: Any) -> Partial[M] | None:
    """The model of what in ``data`` passes the schema, once items with errors are left out
    and header fields with errors are dropped or stood in for; None when nothing passes."""
    if not isinstance(data, PosDict):
        return None
    pruned = _copy(data)
    hidden: set[str] = set()
    header = False
    for _ in range(MAX_ROUNDS):
        try:
            return Partial(model.model_validate(pruned), pruned, hidden, header)
        except ValidationError as exc:
            errors = sorted(exc.errors(), key=lambda e: _order(tuple(e["loc"])), reverse=True)
        # Deepest and last first, so removing one item does not move the others' indexes.
        removed = False
        seen: set[tuple[int | str, ...]] = set()
        for found in errors:
            loc = tuple(found["loc"])
            item = _item_of(loc)
            if item is None:
                mended = _mend(model, pruned, loc, missing=found["type"] == "missing")
                header = header or mended
                removed = mended or removed
                continue
            if item in seen:
                continue
            seen.add(item)
            removed = _prune(pruned, loc, hidden) or removed
        if not removed:
            return None
    return None


def _mend(model: type[BaseModel], data: Any, loc: tuple[int | str, ...], *, missing: bool) -> bool:
    """Drop the key at ``loc`` (outside any list item); for a field the file must have, put a
    stand-in value there that the schema accepts instead. False when neither can be done."""
    parent = data
    for part in loc[:-1]:
        if not (isinstance(parent, PosDict) and isinstance(part, str) and part in parent):
            return False
        parent = parent[part]
    key = loc[-1] if loc else None
    if not isinstance(parent, PosDict) or not isinstance(key, str):
        return False
    if not missing and key in parent:
        del parent[key]
        return True
    # A stand-in sits where its key was, or at its mapping when the key was never written.
    parent.key_pos.setdefault(key, parent.pos)
    parent.value_pos.setdefault(key, parent.key_pos[key])
    for value in _STAND_INS:
        parent[key] = value
        try:
            model.model_validate(data)
        except ValidationError as exc:
            if any(tuple(e["loc"]) == loc for e in exc.errors()):
                continue
        return True
    del parent[key]
    return False


def _order(loc: tuple[int | str, ...]) -> tuple[str, ...]:
    return tuple(f"{part:012d}" if isinstance(part, int) else str(part) for part in loc)


def _item_of(loc: tuple[int | str, ...]) -> tuple[int | str, ...] | None:
    """The location of the innermost list item on ``loc``."""
    for end in range(len(loc), 0, -1):
        if isinstance(loc[end - 1], int):
            return loc[:end]
    return None


def partial_plan(plan: Plan) -> PartialPlan | None:
    """A copy of ``plan`` made of the parts of its files that passed the schema; None when
    plan.yaml's errors leave nothing to check."""
    from g2g.plan.model_plan import PlanFile
    from g2g.plan.model_progress import ProgressFile

    hidden: set[str] = set()
    header = False
    valid = valid_or_none(plan)
    if valid is not None:
        model, data = valid.model, valid.data
    else:
        found = partial_model(PlanFile, plan.data)
        if found is None:
            return None
        model, data, header = found.model, found.data, found.header
        hidden |= found.hidden
    progress = []
    for source in plan.progress:
        if source.model is None and source.data is not None:
            part = partial_model(ProgressFile, source.data)
            if part is not None:
                hidden |= part.hidden
                header = header or part.header
                progress.append(Source(source.path, part.data, part.model))
                continue
        progress.append(source)
    whole = as_valid(replace(plan, model=model, data=data, progress=progress))
    return PartialPlan(whole, hidden, header)


@dataclass
class PartialPlan:
    """A plan made of the parts of its files that passed the schema."""

    plan: ValidPlan
    hidden: set[str]
    """Names the left-out parts held: a finding that names one is not reported."""
    header: bool
    """A header field was dropped or stood in for: only :data:`REFERENCE_CODES` are reported."""

    def keeps(self, diagnostic: Diagnostic) -> bool:
        """Whether a finding on this partial plan is reported."""
        if self.header and diagnostic.code not in REFERENCE_CODES:
            return False
        return not mentions(diagnostic, self.hidden)


def mentions(diagnostic: Diagnostic, names: set[str]) -> bool:
    """Whether the diagnostic's message names one of ``names`` (as a whole word)."""
    if not names:
        return False
    words = set(re.findall(r"[A-Za-z0-9][A-Za-z0-9._-]*", diagnostic.message))
    words |= {w.rstrip(".") for w in words}
    return not names.isdisjoint(words)
