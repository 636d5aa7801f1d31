"""The one module that uses typer's internals: g2g's two start-up shortcuts, fenced together.

Everything else in g2g uses typer's public API: ``typer.Typer`` with ``cls=`` a subclass of
``typer.core.TyperGroup`` (how typer's docs customise a group), ``typer.core.TyperCommand``,
``typer.main.get_command`` (the documented way to the click command, "Using Click").

The shortcuts, and what each relies on:

1. **Values converted without pydantic** (:func:`install`). typer (0.29) converts every value a
   command receives through a pydantic ``TypeAdapter`` built for its parameter; importing
   pydantic and building those adapters doubles a warm ``g2g validate`` (the pre-commit hook's
   case): measured 1.39x ``import typer`` with this, 2.79x without (benchmarks/README.md). The
   values g2g's commands take are few and plain (text, whole and decimal numbers with bounds,
   paths, choices from an enum, lists of those), so they are converted here with typer's own
   helpers for paths and choices (same checks, same messages); anything else is left to typer.
   Relies on ``typer.core._TyperParameter.get_runtime_param``, ``typer.core.build_runtime_param``
   and ``typer._param_types.coerce_cli_choice`` / ``coerce_cli_path``.
2. **One command built, not all** (:func:`build_command`, :func:`command_callback`). ``g2g
   validate`` builds the options of validate alone, not of all 14 commands. Relies on
   ``Typer.registered_commands``, ``typer.main.get_command_from_info`` and
   ``typer.main.get_command_name``.

Each looks up what it relies on before changing anything: on a typer without it, the
conversion is typer's own and the command is built through the public
``typer.main.get_command`` (every registered command built), so the commands work the same,
only slower to start. ``tests/cli/test_startup.py`` checks both ways; CI runs it at the floor in
pyproject.toml (typer 0.29.0, the first release with all of these) and at the latest typer.
"""

import math
import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any, cast, get_args, get_origin

Leaf = Callable[[Any, Any, Any], Any]
"""Converts one value: (value, param, ctx) -> value; raises ValueError with the message."""


class LightParam:
    """Conversion of one parameter's value, in the shape typer's ``RuntimeParam`` has."""

    def __init__(self, leaf: Leaf, many: bool) -> None:
        self.leaf = leaf
        self.many = many

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        """The value converted to this parameter's type, or typer's BadParameter saying what is
        wrong."""
        from typer import BadParameter

        is_multi_value = param.multiple or param.nargs == -1
        if value is None:
            return () if is_multi_value else None
        if is_multi_value and isinstance(value, str):
            raise BadParameter("Value must be an iterable.", ctx=ctx, param=param)
        try:
            if self.many:
                items = value if isinstance(value, (list, tuple)) else [value]
                return [self.leaf(item, param, ctx) for item in items]
            return self.leaf(value, param, ctx)
        except ValueError as exc:
            raise BadParameter(str(exc), ctx=ctx, param=param) from None


def _text(value: Any, param: Any, ctx: Any) -> str:
    if isinstance(value, bytes):
        try:
            return value.decode(sys.getfilesystemencoding())
        except UnicodeError:
            return value.decode("utf-8", "replace")
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not text.")
    return value


_TRUE = {"1", "true", "t", "yes", "y", "on"}
_FALSE = {"0", "false", "f", "no", "n", "off"}


def _flag(value: Any, param: Any, ctx: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise ValueError(f"{value!r} is not a valid boolean.")


def _number(kind: type[int] | type[float], info: Any) -> Leaf:
    noun = "a whole number" if kind is int else "a number"

    def convert(value: Any, param: Any, ctx: Any) -> int | float:
        if isinstance(value, kind) and not isinstance(value, bool):
            number: int | float = value
        else:
            try:
                number = kind(str(value).strip())
            except ValueError:
                raise ValueError(f"{value!r} is not {noun}.") from None
        if number != number or number in (math.inf, -math.inf):  # nan, inf
            raise ValueError(f"{value!r} is not {noun} - give a finite number, e.g. 10.")
        if info.min is not None and number < info.min:
            raise ValueError(f"{number} is smaller than {info.min}, the least allowed.")
        if info.max is not None and number > info.max:
            raise ValueError(f"{number} is larger than {info.max}, the most allowed.")
        return number

    return convert


def _choice(enum: type[Enum], info: Any) -> Leaf:
    from typer._param_types import coerce_cli_choice

    choices = list(enum)

    def convert(value: Any, param: Any, ctx: Any) -> Any:
        return coerce_cli_choice(
            value, choices=choices, case_sensitive=info.case_sensitive, ctx=ctx
        )

    return convert


def _path(info: Any) -> Leaf:
    from typer._param_types import coerce_cli_path

    def convert(value: Any, param: Any, ctx: Any) -> Any:
        if not isinstance(value, Path):
            value = Path(os.fsdecode(value))
        return coerce_cli_path(value, info, path_type=Path, param=param, ctx=ctx)

    return convert


def _leaf(annotation: Any, info: Any) -> Leaf | None:
    if annotation is str:
        return _text
    if annotation is bool:
        return _flag
    if annotation in (int, float) and not info.clamp:
        return _number(annotation, info)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _choice(annotation, info)
    if annotation is Path and info.path_type in (None, Path):
        return _path(info)
    return None


def light_param(descriptor: Any) -> LightParam | None:
    """The light conversion for a parameter typer describes by ``descriptor``; None for a kind
    left to typer."""
    info = descriptor.parameter_info
    if descriptor.file_annotation is not None or info.parser is not None:
        return None
    if getattr(info, "click_type", None) is not None:
        return None
    annotation = descriptor.annotation
    many = get_origin(annotation) is list
    if many:
        (annotation,) = get_args(annotation)
    leaf = _leaf(annotation, info)
    return None if leaf is None else LightParam(leaf, many)


def install() -> bool:
    """Make typer convert g2g's values with :func:`light_param`; False (nothing changed) when
    typer lacks one of the internals this relies on (see the module's docstring)."""
    try:
        from typer import _param_types, core
    except ImportError:
        return False
    parameter = getattr(core, "_TyperParameter", None)
    build = getattr(core, "build_runtime_param", None)
    if parameter is None or build is None or not hasattr(parameter, "get_runtime_param"):
        return False
    if not all(hasattr(_param_types, n) for n in ("coerce_cli_choice", "coerce_cli_path")):
        return False

    def get_runtime_param(self: Any) -> Any:
        if getattr(self, "_runtime_param", None) is None:
            self._runtime_param = light_param(self.type_descriptor) or build(self.type_descriptor)
        return self._runtime_param

    parameter.get_runtime_param = get_runtime_param
    return True


def _internal(name: str) -> Any:
    """``typer.main``'s ``name``, None when this typer has none (a test hides them here)."""
    import typer.main

    return getattr(typer.main, name, None)


def _registered(app: Any) -> dict[str, Any]:
    """What typer registered on ``app`` for each command, by the command's name."""
    get_name = _internal("get_command_name")
    found: dict[str, Any] = {}
    for info in getattr(app, "registered_commands", ()):
        callback = getattr(info, "callback", None)
        if callback is None:
            continue
        if info.name:
            found[info.name] = info
        elif get_name is not None:
            found[get_name(callback.__name__)] = info
        else:
            found[callback.__name__.lower().replace("_", "-")] = info
    return found


def command_callback(app: Any, name: str) -> Callable[..., Any] | None:
    """The function registered on ``app`` as command ``name`` (None: none is)."""
    info = _registered(app).get(name)
    return None if info is None else cast("Callable[..., Any]", info.callback)


def build_command(app: Any, name: str) -> Any:
    """The click command ``name`` registered on ``app``: built alone when typer has what this
    relies on, else through the public ``typer.main.get_command`` (None: no such command)."""
    build = _internal("get_command_from_info")
    if build is None:
        from typer.main import get_command

        return get_command(app).commands.get(name)  # type: ignore[attr-defined]
    info = _registered(app).get(name)
    if info is None:
        return None
    return build(
        info,
        pretty_exceptions_short=app.pretty_exceptions_short,
        rich_markup_mode=app.rich_markup_mode,
    )
