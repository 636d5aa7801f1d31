"""The model of ``progress/YYYY-MM.yaml``, one month's progress updates: validated by
:class:`ProgressFile`. Field docstrings are the reference documentation."""

from __future__ import annotations

from pydantic import Field

from g2g.plan.model_base import Day, Exempt, Id, Month, Number, Rag, Status, Strict


class Update(Strict):
    """One action's progress for one month."""

    action: Id
    """The id of the action updated."""
    status: Status
    """not_started, in_progress, awaiting_sign_off, complete or on_hold."""
    rag: Rag | None = None
    """The rating the lead officer recorded: red, amber, green (blue on a BRAG plan)."""
    narrative: str | None = None
    """What happened this month, in the lead officer's words."""
    barriers: str | None = None
    """What is holding the action back, and the risks to it, in the lead officer's words
    (optional; the update returns ask for it)."""
    support_needed: str | None = None
    """What the lead officer needs from the board to move the action on, in their words
    (optional)."""
    values: dict[Id, Number | None] = Field(default_factory=dict)
    """Measured values by target id; null when the figure is not available (never zero)."""
    updated_by: str | None = None
    """Who gave the update."""
    updated_on: Day | None = None
    """When the update was given, YYYY-MM-DD."""
    exempt: Exempt | None = None
    """The paragraph (1-7) of Part 1 of Schedule 12A when the update is exempt: public outputs
    keep its status, rating, figures and date, print a notice instead of its narrative and
    leave out every other field (an officer field table's ``public_when_exempt``)."""


class ProgressFile(Strict):
    """One month's progress updates: a file under ``progress/``."""

    month: Month
    """The month reported, YYYY-MM."""
    updates: list[Update] = Field(default_factory=list)
    """One entry per action updated this month."""
