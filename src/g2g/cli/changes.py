"""``g2g changes``: what changed in each plan's definition between two git versions."""

from pathlib import Path
from typing import Annotated

import typer

from g2g.cli.app import app
from g2g.cli.common import DEFAULT_PATHS


@app.command()
def changes(
    revisions: Annotated[
        str | None,
        typer.Argument(
            help="A..B (changes from commit A to commit B) or one commit C (what C changed). "
            "Default: the last commit that touched each plan.yaml.",
            show_default=False,
        ),
    ] = None,
    plan: Annotated[
        list[Path] | None,
        typer.Option(
            "--plan",
            help="A plan folder, a folder of plans, or a file inside a plan folder. "
            "Default: ./plans",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Exit 1 when a due date or target moved without a revision record."
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the changes as JSON.")] = False,
) -> None:
    """What changed in the plan's definition between two versions kept in git.

    Lists actions added, closed or removed, due dates and milestone values moved, milestones
    and targets added or removed, and findings added or dropped; a due date or target value
    moved without a revision record (timescale.revisions, a milestone's revisions) is flagged.
    Versions are read with git itself (git show REV:path). Exit 0, or 1 with --strict when a
    move is unrecorded; 2 on misuse (not a git repository, an unknown revision) and in a
    shallow clone, whose cut-off history cannot show what changed: fetch it first (git fetch
    --unshallow; fetch-depth: 0 in GitHub Actions).

    Examples:

      g2g changes

      g2g changes HEAD~3..HEAD --plan plans/oldham-2019

      g2g changes v1.0..main --strict
    """
    import json

    from g2g.errors import Reported
    from g2g.io.files import find_plan_folders
    from g2g.output.changes import plan_versions

    found = []
    for folder in find_plan_folders(plan or DEFAULT_PATHS):
        found.append(plan_versions(folder / "plan.yaml", revisions))
    if as_json:
        typer.echo(json.dumps([item.as_data() for item in found], indent=2, ensure_ascii=False))
    else:
        for number, item in enumerate(found):
            if number:
                typer.echo("")
            typer.echo(item.text())
    if strict and any(c.unrecorded for item in found for c in item.changes):
        raise Reported()  # the flagged moves are printed above
