"""JSON Schemas (draft 2020-12) of the plan files, generated from the pydantic models.

One schema per kind of file, so an editor can be pointed at the right one for each file:

* ``plan``: ``plan.yaml`` (:class:`g2g.plan.model_plan.PlanFile`);
* ``progress``: ``progress/YYYY-MM.yaml`` (:class:`g2g.plan.model_progress.ProgressFile`);
* ``measures``: ``measures.yaml``, the service figures
  (:class:`g2g.plan.model_measures.MeasuresFile`);
* ``finance``: ``finance.yaml``, the budget lines (:class:`g2g.plan.model_finance.FinanceFile`);
* ``narrative``: ``narrative/<board>-<YYYY-MM-DD>.yaml``, the officers' words for a meeting
  (:class:`g2g.plan.narrative.NarrativeFile`).

The schemas check shape, types, allowed words and patterns, so an editor flags most slips as
they are typed. What only the whole plan can show (ids unique, references resolving, dates in
order and inside the plan, a due date that is a real calendar day) stays with ``g2g validate``,
which is the final word. The schemas are a little stricter than ``g2g validate`` in one way: a
number written in quotes ("45") or a true/false written as yes/no is flagged, because other
YAML tools read those differently.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

from g2g.version import __version__

DIALECT = "https://json-schema.org/draft/2020-12/schema"

PROSE_TEXT = "The section's text, in Markdown (a mapping gives it a title or makes it exempt)."


class SchemaKind(StrEnum):
    """The kinds of plan file that have a schema."""

    plan = "plan"
    progress = "progress"
    measures = "measures"
    finance = "finance"
    narrative = "narrative"


KINDS = tuple(kind.value for kind in SchemaKind)

_TITLES = {
    "plan": ("g2g plan file (plan.yaml)", "The plan definition of a g2g improvement plan folder."),
    "progress": (
        "g2g progress file (progress/YYYY-MM.yaml)",
        "One month's progress updates of a g2g improvement plan.",
    ),
    "measures": (
        "g2g service figures (measures.yaml)",
        "The service figures (KPIs) of a g2g improvement plan, month by month.",
    ),
    "finance": (
        "g2g budget lines (finance.yaml)",
        "The budget monitoring positions of a g2g improvement plan.",
    ),
    "narrative": (
        "g2g meeting narrative (narrative/<board>-<YYYY-MM-DD>.yaml)",
        "The officers' words, front sheet and appendices of one meeting's board paper.",
    ),
}


def _model(kind: str) -> type[BaseModel]:
    from g2g.plan.model_finance import FinanceFile
    from g2g.plan.model_measures import MeasuresFile
    from g2g.plan.model_plan import PlanFile
    from g2g.plan.model_progress import ProgressFile
    from g2g.plan.narrative import NarrativeFile

    models: dict[str, type[BaseModel]] = {
        "plan": PlanFile,
        "progress": ProgressFile,
        "measures": MeasuresFile,
        "finance": FinanceFile,
        "narrative": NarrativeFile,
    }
    if kind in models:
        return models[kind]
    raise ValueError(f"unknown schema '{kind}' - use one of: {', '.join(KINDS)}")


def _generator() -> type[Any]:
    """A schema generator that also writes down what g2g's after-validators allow."""
    from pydantic.json_schema import GenerateJsonSchema

    from g2g.plan.fielddocs import field_docs
    from g2g.plan.model_base import SUPPRESSION_CODES

    class Generator(GenerateJsonSchema):
        def model_schema(self, schema: Any) -> Any:
            # Each property's description is its field's docstring (g2g.plan.fielddocs), as
            # pydantic's use_attribute_docstrings would write it.
            json_schema = super().model_schema(schema)
            docs = field_docs(schema["cls"])
            properties = json_schema.get("properties", {})
            for name, prop in properties.items():
                if name in docs and "description" not in prop:
                    # pydantic drops what repeats the referenced model's own description
                    properties[name] = self.handle_ref_overrides(
                        {**prop, "description": docs[name]}
                    )
            return json_schema

        def function_after_schema(self, schema: Any) -> Any:
            function = schema.get("function", {}).get("function")
            if getattr(function, "__name__", "") == "_check_figure":
                # A figure: a number, null, or one of the published suppression codes.
                return {
                    "anyOf": [
                        {"type": "number"},
                        {"type": "string", "enum": list(SUPPRESSION_CODES)},
                        {"type": "null"},
                    ]
                }
            return super().function_after_schema(schema)

        def function_before_schema(self, schema: Any) -> Any:
            function = schema.get("function", {}).get("function")
            name = getattr(function, "__name__", "")
            if name == "_check_figure":
                return self.function_after_schema(schema)
            if name == "_as_section":
                # A narrative section (g2g.plan.narrative.Prose): its Markdown text alone, or
                # a mapping with its text, title and exempt paragraph.
                section = super().function_before_schema(schema)
                text = {"type": "string", "minLength": 1, "description": PROSE_TEXT}
                return {"anyOf": [text, section]}
            return super().function_before_schema(schema)

    return Generator


def _close_pattern_properties(node: Any) -> None:
    """Forbid keys outside ``patternProperties``, as the models do (ids as mapping keys)."""
    if isinstance(node, dict):
        if "patternProperties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            _close_pattern_properties(value)
    elif isinstance(node, list):
        for value in node:
            _close_pattern_properties(value)


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file: ``plan`` or ``progress``."""
    generated = _model(kind).model_json_schema(schema_generator=_generator())
    _close_pattern_properties(generated)
    title, description = _TITLES[kind]
    generated.pop("title", None)
    generated.pop("description", None)
    return {
        "$schema": DIALECT,
        "$comment": f"Generated by g2g {__version__} (g2g schema {kind}) "
        f"from g2g.plan.model_{kind}.",
        "title": title,
        "description": description,
        **generated,
    }


def schema_text(kind: str) -> str:
    """The schema as indented JSON text, ending with a newline."""
    import json  # here, not at the top: the CLI reads SchemaKind from this module at start-up

    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"
