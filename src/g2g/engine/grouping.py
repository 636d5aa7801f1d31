"""What ratings are rolled up by: :class:`Grouping`, in a module of its own so that the command
line can offer it as ``g2g rag --by`` without importing the engine (and the plan models)."""

from enum import StrEnum


class Grouping(StrEnum):
    """What the ratings are rolled up by."""

    area = "area"
    objective = "objective"
    recommendation = "recommendation"
    lead = "lead"
    task_group = "task_group"
    action = "action"
