"""The warnings the plan accepts, as the board paper lists them in its document control.

A plan can acknowledge a warning (``acknowledged:`` in plan.yaml, g2g.plan.acknowledge): it
stops failing ``g2g validate --strict``, and a reader of the paper is owed the list - which
rule, what it said, why it was accepted and by whom - so that accepting a warning is never a
way of hiding it from the board.

The public paper leaves out an accepted warning that names something exempt (an exempt
measure or budget line, or an action in a month whose update is exempt) and says how many it
left out, so nothing marked exempt reaches it through a warning's wording.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from g2g.diagnostics import Diagnostic
from g2g.plan.acknowledge import acknowledged_warnings, message_words
from g2g.plan.exempt import public_period
from g2g.plan.load import ValidPlan
from g2g.words import plural

__all__ = ["AcceptedWarning", "AcceptedWarnings", "build_accepted"]


@dataclass(frozen=True)
class AcceptedWarning:
    """One warning the plan accepts, in the paper's words."""

    rule: str
    """The warning's stable code (e.g. update-no-rag)."""
    warning: str
    """What the warning says is wrong (without the fix g2g suggests)."""
    reason: str
    """Why the plan accepts it."""
    by: str
    """Who accepted it ("Not recorded" when the plan does not say)."""


@dataclass(frozen=True)
class AcceptedWarnings:
    """The document control's list of accepted warnings."""

    items: tuple[AcceptedWarning, ...]
    withheld: str | None = None
    """A sentence saying how many accepted warnings the public paper leaves out, or None."""


def _problem(message: str) -> str:
    """The "what is wrong" half of a diagnostic message (before its " - " fix)."""
    problem, _, _ = message.partition(" - ")
    return problem


@dataclass(frozen=True)
class _Exempt:
    """What a public paper must not name: exempt measures' ids, the names of exempt budget
    lines and of the lines printed only with them, and the (action, month) of exempt
    updates."""

    measures: frozenset[str]
    lines: tuple[str, ...]
    updates: frozenset[tuple[str, str]]

    @classmethod
    def of(cls, plan: ValidPlan) -> _Exempt:
        measures: set[str] = set()
        lines: list[str] = []
        updates: set[tuple[str, str]] = set()
        if plan.loaded_measures is not None:
            measures = {m.id for m in plan.loaded_measures.measures if m.exempt is not None}
        if plan.loaded_finance is not None:
            for period in plan.loaded_finance.periods:
                # the exempt lines and the lines printed only with them (g2g.plan.exempt)
                shown, _ = public_period(period)
                kept = {id(line) for line in shown.lines} if shown is not None else set()
                lines += [line.name for line in period.lines if id(line) not in kept]
        for progress in plan.loaded_progress:
            month = progress.month
            updates |= {(u.action, month) for u in progress.updates if u.exempt is not None}
        return cls(frozenset(measures), tuple(lines), frozenset(updates))

    def named_in(self, diagnostic: Diagnostic) -> bool:
        """Whether the warning names something exempt (one about a withheld figure always
        does)."""
        if diagnostic.code == "exempt-figure-repeated":
            return True
        message = diagnostic.message
        words = message_words(message)
        if self.measures & words or any(line in message for line in self.lines):
            return True
        return any(action in words and month in words for action, month in self.updates)


def build_accepted(
    plan: ValidPlan, diagnostics: Sequence[Diagnostic], *, private: bool = False
) -> AcceptedWarnings | None:
    """The accepted warnings among ``diagnostics`` (validate's findings for ``plan``), in the
    order validate prints them; None when the plan accepts none. The public paper leaves out
    those that name exempt information."""
    found = acknowledged_warnings(plan, list(diagnostics))
    if not found:
        return None
    exempt = None if private else _Exempt.of(plan)
    items: list[AcceptedWarning] = []
    left_out = 0
    for entry in found:
        if exempt is not None and exempt.named_in(entry.diagnostic):
            left_out += 1
            continue
        ack = entry.acknowledgement
        items.append(
            AcceptedWarning(
                rule=entry.diagnostic.code,
                warning=_problem(entry.diagnostic.message),
                reason=ack.reason,
                by=ack.by or "Not recorded",
            )
        )
    withheld = None
    if left_out:
        withheld = (
            f"{plural(left_out, 'accepted warning')} about information not for publication "
            f"{'is' if left_out == 1 else 'are'} left out of this public paper."
        )
    return AcceptedWarnings(tuple(items), withheld)
