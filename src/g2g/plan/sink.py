"""Where the meaning checks put what they find: a :class:`Sink` for one file's diagnostics, and the
locations the checks share.

It sits below every module of checks (:mod:`g2g.plan.checks`, :mod:`g2g.plan.goalposts`,
:mod:`g2g.plan.governance`, :mod:`g2g.plan.figure_checks`), so they share it without
importing each other."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from g2g.diagnostics import Diagnostic, error, warning
from g2g.plan.load import position
from g2g.plan.model_plan import Action, PlanFile


@dataclass
class Sink:
    """Collects diagnostics for one file, turning value locations into lines and columns."""

    path: str
    data: Any
    out: list[Diagnostic] = field(default_factory=list)

    def error(
        self, loc: tuple[int | str, ...], message: str, *, key: bool = False, code: str = ""
    ) -> None:
        """Record an error at ``loc`` (the key itself when ``key``)."""
        line, column = position(self.data, *loc, key=key)
        self.out.append(error(self.path, line, column, message, code))

    def warning(
        self, loc: tuple[int | str, ...], message: str, *, key: bool = False, code: str = ""
    ) -> None:
        """Record a warning at ``loc`` (the key itself when ``key``)."""
        line, column = position(self.data, *loc, key=key)
        self.out.append(warning(self.path, line, column, message, code))


def unique(sink: Sink, what: str, items: Iterable[tuple[str, tuple[int | str, ...]]]) -> set[str]:
    """The ids of ``items`` (id, location), reporting each id used twice as an error."""
    seen: dict[str, tuple[int | str, ...]] = {}
    for ident, loc in items:
        if ident in seen:
            line = position(sink.data, *seen[ident])[0]
            sink.error(
                loc,
                f"{what} id '{ident}' is used twice (first at line {line}) - give each "
                f"{what} its own id",
                code="duplicate-id",
            )
        else:
            seen[ident] = loc
    return set(seen)


def action_locs(model: PlanFile) -> list[tuple[Action, tuple[int | str, ...]]]:
    """Every action of the plan with its location in plan.yaml, in plan order."""
    return [
        (action, ("areas", a, "objectives", o, "actions", k))
        for a, area in enumerate(model.areas)
        for o, objective in enumerate(area.objectives)
        for k, action in enumerate(objective.actions)
    ]
