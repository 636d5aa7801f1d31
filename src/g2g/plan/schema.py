"""Check values read from YAML against the pydantic models; turn errors into diagnostics.

Pydantic reports every schema problem of a file in one pass; this module words each one as
"what is wrong - what would be right" at the line and column where it was written, with a
"did you mean" hint for misspelt keys and values.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from g2g.diagnostics import Diagnostic, error
from g2g.io.yamlread import PosDict, PosList, locate
from g2g.months import DUE_PATTERN, MONTH_PATTERN
from g2g.plan.fielddocs import field_doc
from g2g.plan.model_base import ID_PATTERN
from g2g.words import did_you_mean, one_line

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

M = TypeVar("M", bound=BaseModel)


def validate_model(
    model: type[M],
    data: Any,
    path: str,
    *,
    empty: bool = False,
    choices: dict[str, list[str]] | None = None,
) -> tuple[M | None, list[Diagnostic]]:
    """Validate ``data`` as ``model``; return the model (None when invalid) and diagnostics.

    ``choices`` narrows the values a message offers for a field to what the plan allows (a
    plan on the RAG scale is never offered blue)."""
    expected = ", ".join(_required_keys(model)) or ", ".join(model.model_fields)
    if data is None:
        what = "the file is empty" if empty else "the file holds no values"
        return None, [
            error(
                path,
                1,
                1,
                f"{what} - it needs a mapping with the keys {expected}",
                code="file-not-a-mapping",
            )
        ]
    if not isinstance(data, PosDict):
        line, column = getattr(data, "pos", (1, 1))
        found = _describe(data)
        return None, [
            error(
                path,
                line,
                column,
                f"the file holds {found} - it needs a mapping with the keys {expected}",
                code="file-not-a-mapping",
            )
        ]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = _drop_explained_missing(model, exc.errors())
        return None, [_diagnostic(model, data, path, err, choices or {}) for err in errors]


def _drop_explained_missing(
    model: type[BaseModel], errors: list[ErrorDetails]
) -> list[ErrorDetails]:
    """Drop "has no 'lead'" where the same mapping has a misspelling of it ('lead_oficer')."""
    explained: set[tuple[int | str, ...]] = set()
    for err in errors:
        if err["type"] != "extra_forbidden":
            continue
        loc = tuple(err["loc"])
        owner = _model_at(model, loc)
        if owner is None:
            continue
        hint = did_you_mean(_name(loc), list(owner.model_fields))
        if hint:
            explained.add((*loc[:-1], hint.split("'")[1]))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in explained)]


def _required_keys(model: type[BaseModel]) -> list[str]:
    return [name for name, info in model.model_fields.items() if info.is_required()]


def _number_message(name: str, value: Any) -> str:
    """Why a value is not a number g2g can use, and what to write instead."""
    if isinstance(value, bool):
        return f"{name} is {str(value).lower()} (yes/no), not a number - write a number such as 42"
    if isinstance(value, float) and value != value:
        return f"{name} is nan (not a number) - write a number such as 42 or 42.5"
    if isinstance(value, float):
        return f"{name} is too large to be a number g2g can use - write a finite number such as 42"
    if isinstance(value, str):
        text = value.strip()
        plain = text.replace("_", "").replace(",", "")
        try:
            number = float(plain)
        except ValueError:
            number = None
        if number is not None and number == number and abs(number) != float("inf"):
            return (
                f"{name} is the text '{value}', not a number - write {plain} without quotes, "
                "underscores or commas"
            )
    return f"{name} is {_describe(value)}, not a number - write a number such as 42 or 42.5"


def _describe(value: Any) -> str:
    if isinstance(value, PosDict | dict):
        return "a mapping"
    if isinstance(value, PosList | list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    text = str(value)
    return f"the text '{text[:40]}{'...' if len(text) > 40 else ''}'"


def _unwrap(annotation: Any) -> Any:
    """The model or enum inside list[...], dict[..., ...], X | None and Annotated."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, dict):
            annotation = typing.get_args(annotation)[-1]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _model_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model class that owns the last part of ``loc``."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field_doc(cls: type[BaseModel] | None, name: str) -> str:
    if cls is None or name not in cls.model_fields:
        return ""
    doc = field_doc(cls, name) or ""
    return one_line(doc)


def _field_enum(cls: type[BaseModel] | None, name: str) -> type[Enum] | None:
    if cls is None or name not in cls.model_fields:
        return None
    inner = _unwrap(cls.model_fields[name].annotation)
    return inner if isinstance(inner, type) and issubclass(inner, Enum) else None


_COMPOUND = re.compile(r"\s*(?:/|\\|&|\+|,|;|\band\b|\bor\b|\bto\b|-|_|\s)\s*", re.IGNORECASE)


def _choice_key(text: str) -> str:
    return re.sub(r"[\s-]+", "_", text.strip().lower())


def choice_problem(what: str, value: Any, choices: list[str]) -> str:
    """What is wrong with ``value`` as one of ``choices``, in the user's words.

    Nothing written: "is empty - write one of"; two of the choices run together ("Amber/Green"):
    "pick one of amber or green"; otherwise a "did you mean" among ``choices`` only."""
    listing = ", ".join(choices)
    text = "" if value is None else str(value).strip()
    if not text:
        return f"{what} is empty - write one of: {listing}"
    keys = {_choice_key(c): c for c in choices}
    parts = [p for p in _COMPOUND.split(text) if p]
    named = list(dict.fromkeys(keys[_choice_key(p)] for p in parts if _choice_key(p) in keys))
    if len(parts) > 1 and len(named) > 1 and len(named) == len(parts):
        return (
            f"{what} '{text}' names {len(named)} values - pick one of "
            f"{', '.join(named[:-1])} or {named[-1]}"
        )
    hint = did_you_mean(text, choices)
    return f"{what} '{text}' is not an allowed value{hint} - use one of: {listing}"


def _sentence(doc: str) -> str:
    """A field docstring as a phrase to follow 'add key:', e.g. 'the lead officer'."""
    doc = doc.rstrip(".")
    return doc if doc[1:2].isupper() else doc[:1].lower() + doc[1:]


def _owner_label(owner: type[BaseModel] | None, data: Any, loc: tuple[int | str, ...]) -> str:
    """'action PI-2', or 'this timescale' when the mapping has no id."""
    if owner is None:
        return "this mapping"
    node = data
    for part in loc[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
            break
    ident = node.get("id") if isinstance(node, dict) else None
    noun = owner.__name__.lower()
    noun = {"planfile": "the plan file", "progressfile": "the progress file"}.get(noun, noun)
    if isinstance(ident, str):
        return f"{noun} '{ident}'"
    return noun if noun.startswith("the ") else f"this {noun}"


def _name(loc: tuple[int | str, ...]) -> str:
    if loc and loc[-1] == "[key]":
        return "key"
    for part in reversed(loc):
        if isinstance(part, str):
            return part
    return "value"


def _diagnostic(
    model: type[BaseModel],
    data: Any,
    path: str,
    err: ErrorDetails,
    choices: dict[str, list[str]],
) -> Diagnostic:
    loc = tuple(err["loc"])
    kind = err["type"]
    value = err.get("input")
    owner = _model_at(model, loc)
    name = _name(loc)
    if loc and loc[-1] == "[key]":
        line, column = locate(data, loc[:-1], key=True)
    else:
        line, column = locate(data, loc, key=kind == "extra_forbidden")
    if kind == "missing":
        doc = _sentence(_field_doc(owner, name))
        label = _owner_label(owner, data, loc)
        what = f" ({doc})" if doc else ""
        return error(path, line, column, f"{label} has no '{name}' - add {name}:{what}", code=kind)
    message = _message(kind, name, value, owner, err, choices.get(name))
    return error(path, line, column, message, code=kind)


def _message(
    kind: str,
    name: str,
    value: Any,
    owner: type[BaseModel] | None,
    err: ErrorDetails,
    allowed: list[str] | None = None,
) -> str:
    """The words for one error of pydantic: those :data:`_MESSAGES` gives its kind, else
    pydantic's own message with the field's docstring."""
    doc = _field_doc(owner, name)
    words = _MESSAGES.get(kind)
    message = words(_Problem(kind, name, value, owner, err, doc, allowed)) if words else None
    if message is not None:
        return message
    return f"{name}: {err.get('msg', 'invalid value')} - {doc or 'correct the value'}"


@dataclass(frozen=True)
class _Problem:
    """One error of pydantic with what its message needs: the field's name, the value written,
    the model that owns the field, the field's docstring, and the values the plan allows."""

    kind: str
    name: str
    value: Any
    owner: type[BaseModel] | None
    err: ErrorDetails
    doc: str
    allowed: list[str] | None

    @property
    def ctx(self) -> dict[str, Any]:
        """What pydantic adds about the error (the pattern, the bound, the length)."""
        return self.err.get("ctx", {})


def _unknown_key(p: _Problem) -> str:
    allowed = list(p.owner.model_fields) if p.owner else []
    hint = did_you_mean(p.name, allowed)
    listing = f"; allowed here: {', '.join(allowed)}" if allowed else ""
    return f"unknown key '{p.name}'{hint} - remove it or correct the spelling{listing}"


def _not_a_choice(p: _Problem) -> str:
    enum = _field_enum(p.owner, p.name)
    choices = p.allowed or ([str(m.value) for m in enum] if enum else [])
    return choice_problem(p.name, p.value, choices)


_PATTERN_WORDS = {
    MONTH_PATTERN: "is not a month - write YYYY-MM with a year from 1900 to 2999, for example "
    "2019-08",
    DUE_PATTERN: "is not a due date - write YYYY-MM-DD for a day or YYYY-MM for the end of a "
    "month (a year from 1900 to 2999), for example 2019-09-30 or 2020-09",
    ID_PATTERN: "is not a valid id - use letters, digits, '.', '_' and '-' with no spaces, for "
    "example SP-1",
}
"""What is wrong, and what to write, for a value that does not match one of g2g's patterns."""


def _pattern_mismatch(p: _Problem) -> str:
    pattern = str(p.ctx.get("pattern", ""))
    words = _PATTERN_WORDS.get(pattern, f"does not match the pattern {pattern}")
    return f"{p.name} '{p.value}' {words}"


def _not_a_date(p: _Problem) -> str:
    return f"{p.name} '{p.value}' is not a date - write YYYY-MM-DD, for example 2019-01-21"


def _date_with_time(p: _Problem) -> str:
    return f"{p.name} '{p.value}' has a time of day - write just the date, YYYY-MM-DD"


def _value_error(p: _Problem) -> str | None:
    """The words of g2g's own validators ("is not ..."), and of a due date that is no real day;
    None for any other value error."""
    msg = str(p.err.get("msg", ""))
    reason = msg.removeprefix("Value error, ")
    if msg.startswith("Value error, is not"):
        return f"{p.name} '{p.value}' {reason}"
    if p.name == "due":
        return f"{p.name} '{p.value}' is not a real date ({reason}) - check the day and month"
    return None


def _not_a_number(p: _Problem) -> str:
    text = str(p.value)
    if isinstance(p.value, str) and text.strip().endswith("%"):
        return (
            f"{p.name} '{text}' is not a number - write {text.strip().rstrip('%').strip()} "
            "without the % sign (the target's unit says it is a percentage)"
        )
    return _number_message(p.name, p.value)


def _not_true_or_false(p: _Problem) -> str:
    return f"{p.name} is {_describe(p.value)} - write true or false"


def _not_text(p: _Problem) -> str:
    hint = " - put it in quotes" if isinstance(p.value, int | float | bool) else " - write text"
    return f"{p.name} should be text but is {_describe(p.value)}{hint}"


def _empty_text(p: _Problem) -> str:
    return f"{p.name} is empty - write {_sentence(p.doc) or 'some text'}"


def _too_long(p: _Problem) -> str:
    return f"{p.name} is too long - keep it to {p.ctx.get('max_length')} characters"


def _not_a_list(p: _Problem) -> str:
    return f"{p.name} should be a list (lines starting with '- ') but is {_describe(p.value)}"


def _not_a_mapping(p: _Problem) -> str:
    return f"{p.name} should be a mapping (lines of 'key: value') but is {_describe(p.value)}"


def _empty_list(p: _Problem) -> str:
    return f"{p.name} is empty - list at least {p.ctx.get('min_length', 1)}"


_BOUNDS = {
    "greater_than_equal": "at least",
    "greater_than": "more than",
    "less_than_equal": "at most",
    "less_than": "less than",
}
"""Each kind of pydantic error for a number out of bounds, and the bound it breaks in words."""


def _out_of_bounds(p: _Problem) -> str:
    bound = next(iter(p.ctx.values()), "")
    return f"{p.name} is {p.value} - it must be {_BOUNDS[p.kind]} {bound}"


_MESSAGES: dict[str, Callable[[_Problem], str | None]] = {
    "extra_forbidden": _unknown_key,
    "enum": _not_a_choice,
    "string_pattern_mismatch": _pattern_mismatch,
    "date_from_datetime_parsing": _not_a_date,
    "date_parsing": _not_a_date,
    "date_type": _not_a_date,
    "date_from_datetime_inexact": _date_with_time,
    "value_error": _value_error,
    "float_parsing": _not_a_number,
    "float_type": _not_a_number,
    "int_parsing": _not_a_number,
    "int_type": _not_a_number,
    "finite_number": _not_a_number,
    "bool_parsing": _not_true_or_false,
    "bool_type": _not_true_or_false,
    "string_type": _not_text,
    "string_too_short": _empty_text,
    "string_too_long": _too_long,
    "list_type": _not_a_list,
    "dict_type": _not_a_mapping,
    "model_type": _not_a_mapping,
    "model_attributes_type": _not_a_mapping,
    "too_short": _empty_list,
    **dict.fromkeys(_BOUNDS, _out_of_bounds),
}
"""How g2g words each kind of pydantic error ("missing" has its own words in _diagnostic); a
kind not here, or words that give None, fall back to pydantic's message."""
