"""Warnings a plan accepts on purpose (``acknowledged:`` in plan.yaml).

A warning about a month already reported to the board cannot be made to go away by changing
history, and a check that does not fit a council's way of working should not fail
``g2g validate --strict`` for ever. The plan lists such warnings, each with its code, the
action and month it is about (either may be left out to cover all), the reason and who
accepted it. A matching warning is kept, marked acknowledged (it is still printed and listed
in the summary, and the board paper can list it); an acknowledgement that matches no warning
is itself a warning, so the list does not go stale. Errors cannot be acknowledged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from g2g.diagnostics import Diagnostic, Severity, warning
from g2g.plan.load import ValidPlan, position
from g2g.plan.model_plan import Acknowledgement

UNUSED = "acknowledgement-unused"
"""The code of the warning for an acknowledgement that matches no warning."""

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]|[A-Za-z0-9]")


@dataclass(frozen=True)
class AcknowledgedWarning:
    """A warning and the acknowledgement that accepts it (for the board paper)."""

    diagnostic: Diagnostic
    acknowledgement: Acknowledgement


def message_words(message: str) -> set[str]:
    """The whole words of a diagnostic's message (ids, months), for matching what it names."""
    return set(_WORD.findall(message))


def matches(ack: Acknowledgement, diagnostic: Diagnostic) -> bool:
    """Whether ``ack`` accepts ``diagnostic``: a warning with its code, naming its action and
    month when the acknowledgement gives them."""
    if diagnostic.severity is not Severity.warning or diagnostic.code != ack.code:
        return False
    words = message_words(diagnostic.message)
    if ack.action is not None and ack.action not in words:
        return False
    return ack.month is None or ack.month in words


def acknowledge(plan: ValidPlan, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """``diagnostics`` with the warnings the plan accepts marked acknowledged, and a warning for
    each acknowledgement that accepts nothing."""
    model = plan.model
    if not model.acknowledged:
        return diagnostics
    used = [False] * len(model.acknowledged)
    out: list[Diagnostic] = []
    for diagnostic in diagnostics:
        for n, ack in enumerate(model.acknowledged):
            if matches(ack, diagnostic):
                used[n] = True
                who = f" by {ack.by}" if ack.by else ""
                diagnostic = replace(
                    diagnostic,
                    severity=Severity.acknowledged,
                    message=f"{diagnostic.message} [acknowledged{who}: {ack.reason}]",
                )
                break
        out.append(diagnostic)
    for n, ack in enumerate(model.acknowledged):
        if not used[n]:
            line, column = position(plan.data, "acknowledged", n, "code")
            scope = "".join(
                f" {what} {value}"
                for what, value in (("for", ack.action), ("in", ack.month))
                if value
            )
            out.append(
                warning(
                    plan.path,
                    line,
                    column,
                    f"the acknowledgement of {ack.code}{scope} matches no warning - remove it, "
                    "or correct its code, action or month",
                    UNUSED,
                )
            )
    return out


def acknowledged_warnings(
    plan: ValidPlan, diagnostics: list[Diagnostic]
) -> list[AcknowledgedWarning]:
    """The acknowledged warnings among ``diagnostics`` (as returned by validate_plan), each with
    the acknowledgement that accepts it, for a report to list."""
    model = plan.model
    out: list[AcknowledgedWarning] = []
    for diagnostic in diagnostics:
        if diagnostic.severity is not Severity.acknowledged:
            continue
        original = replace(
            diagnostic,
            severity=Severity.warning,
            message=diagnostic.message.rsplit(" [acknowledged", 1)[0],
        )
        for ack in model.acknowledged:
            if matches(ack, original):
                out.append(AcknowledgedWarning(original, ack))
                break
    return out
