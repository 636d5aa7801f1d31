"""``g2g update``'s options for the officer fields, made from the table that declares them.

Each row of :data:`g2g.plan.officer_fields.OFFICER_FIELDS` with an ``option`` becomes a text
option of the command (``--barriers TEXT``, ...). :func:`officer_options` adds them to the
signature typer reads (``__signature__``, which :func:`inspect.signature` honours), and the
command receives their values in its ``**officer`` keyword arguments; :func:`officer_notes`
reads them into the update request.
"""

import inspect
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from g2g.plan.officer_fields import OFFICER_FIELDS, Kind, OfficerField

F = TypeVar("F", bound=Callable[..., Any])


def optioned() -> tuple[OfficerField, ...]:
    """The officer fields that have a ``g2g update`` option of their own (read when called, so a
    test may add a row)."""
    return tuple(f for f in OFFICER_FIELDS if f.option)


def officer_options(before: str) -> Callable[[F], F]:
    """Give the command an option for each officer field that has one, placed before the
    parameter ``before``; their values arrive in the command's ``**kwargs``."""

    def decorate(command: F) -> F:
        signature = inspect.signature(command)
        params = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
        at = [p.name for p in params].index(before)
        added = [
            inspect.Parameter(
                f.name,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                default=None,
                annotation=Annotated[
                    str | None, typer.Option(f.flag, help=f.help, show_default=False)
                ],
            )
            for f in optioned()
        ]
        command.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=[*params[:at], *added, *params[at:]]
        )
        return command

    return decorate


def officer_notes(given: dict[str, str | None], clean: Callable[[str, str], str]) -> dict[str, str]:
    """The officer fields given on the command line, by name, each read by ``clean(text,
    option)``; ValueError from ``clean`` when one cannot be recorded."""
    notes: dict[str, str] = {}
    for officer in optioned():
        text = given.get(officer.name)
        if text is None:
            continue
        if officer.kind is not Kind.text:
            raise ValueError(f"{officer.flag} cannot be given here - please report this")
        try:
            notes[officer.name] = clean(text, officer.flag)
        except ValueError as exc:
            raise ValueError(f"{officer.flag}: {exc}") from None
    return notes
