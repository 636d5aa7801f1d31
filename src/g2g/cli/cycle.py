"""Commands registered on the g2g app (imported by g2g.cli). Keep imports here light.

The monthly cycle after ``init`` (g2g.cli.init): ``month`` (start a month's progress file),
``update`` (record one action's update), ``due`` (what falls due) and ``schema`` (JSON Schema
for editors). The work is done by g2g.cycle (month, update), g2g.engine.due and
g2g.plan.jsonschema, imported inside each command so ``g2g --help`` stays fast.
"""

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from g2g.cli.app import app
from g2g.cli.common import (
    DEFAULT_PATHS,
    ID_RE,
    STDOUT,
    JobsOpt,
    NoCacheOpt,
    PathsArg,
    read_text_file,
    run_on_plans,
    text_arg,
)
from g2g.cli.common import date_arg as _date
from g2g.cli.common import month_arg as _month
from g2g.cli.officer import officer_notes, officer_options, optioned
from g2g.errors import UsageError
from g2g.escape import terminal_text
from g2g.output.formats import TableFormat
from g2g.plan.jsonschema import SchemaKind
from g2g.words import plural

if TYPE_CHECKING:
    from g2g.cycle.update import UpdateRequest, UpdateResult


# --- helpers -----------------------------------------------------------------------------


def _folders(paths: list[Path] | None) -> list[Path]:
    from g2g.io.files import find_plan_folders

    return find_plan_folders(paths or DEFAULT_PATHS)


@app.command()
def month(
    month: Annotated[str, typer.Argument(help="The month to start, YYYY-MM.")],
    paths: PathsArg = None,
) -> None:
    """Start a month: create progress/YYYY-MM.yaml with an entry for every live action.

    Live means started by that month and not completed in an earlier one. Each entry has the
    status of the last update filled in, an empty rag (last month's rating is shown beside it
    as a comment), narrative, the action's target values and who updated it, for the lead
    officer to fill. Never replaces an existing month (exit 2).

    Examples:

    \b
      g2g month 2019-09
      g2g month 2019-09 plans/oldham-2019
    """
    from g2g.cycle.month import create_months
    from g2g.plan.load import display_path

    wanted = _month(month)
    notes: list[str] = []
    results = create_months(_folders(paths), wanted, notes=notes)
    for note in notes:
        typer.echo(terminal_text(f"note: {note}"), err=True)
    if not results:
        raise UsageError(f"no plan given takes {wanted} - the notes above say why")
    for result in results:
        contents = result.contents
        typer.echo(
            f"Created {display_path(result.path)}: {plural(len(contents.live), 'action')} to update"
            f" ({len(contents.completed)} completed earlier, {len(contents.not_started)} not"
            " started yet)."
        )
    typer.echo(
        f"Next: lead officers fill in their entries, or run g2g update ACTION --month {wanted} "
        '--rag amber --note "..."'
    )


# --- update ------------------------------------------------------------------------------


def optioned_flags() -> list[str]:
    """The options of the officer fields (``--barriers``, ...), for messages."""
    return [f.flag for f in optioned()]


@app.command()
@officer_options(before="wait")
def update(
    action: Annotated[str, typer.Argument(help="The id of the action, e.g. SP-1.")],
    month: Annotated[str, typer.Option(help="The month reported, YYYY-MM.")],
    paths: PathsArg = None,
    rag: Annotated[
        str | None,
        typer.Option(
            help="The rating: red, amber or green (blue too on a BRAG plan). One rating: "
            "'amber/green' is refused."
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(help="not_started, in_progress, awaiting_sign_off, complete or on_hold."),
    ] = None,
    note: Annotated[
        str | None, typer.Option(help="The narrative: what happened this month.")
    ] = None,
    note_file: Annotated[
        Path | None, typer.Option(help="Read the narrative from a text file ('-': standard input).")
    ] = None,
    value: Annotated[
        list[str] | None,
        typer.Option(
            help="A measured value, TARGET=NUMBER with a point for decimals (45.5). To record on "
            "purpose that there is no figure this month write TARGET=null (or TARGET=n/a); that "
            "replaces a figure recorded before. Nothing after '=' is refused. Repeatable."
        ),
    ] = None,
    by: Annotated[str | None, typer.Option(help="Who gave the update.")] = None,
    on: Annotated[
        str | None, typer.Option(help="When the update was given, YYYY-MM-DD. Default: today.")
    ] = None,
    wait: Annotated[
        float,
        typer.Option(min=0, help="Seconds to wait for another g2g command writing the same file."),
    ] = 10.0,
    **officer: str | None,
) -> None:
    """Record one action's update for a month in progress/YYYY-MM.yaml.

    Edits the action's entry (adding it, or the month's file, when missing) and nothing else in
    the file: comments, order, quoting and blank lines stay as they are. The whole plan is
    checked first; an update that would make it invalid is refused (exit 1) and nothing is
    written. The file is replaced atomically, under a lock, so updates run at the same time
    all land.

    Examples:

    \b
      g2g update SP-1 --month 2019-08 --rag amber --status in_progress \\
          --note "Briefings held for all teams" --by "J. Smith"
      g2g update QA-2 --month 2019-08 --value QA-2-audits-good=24 --value QA-2-audits-done=45
      g2g update PI-1 --month 2019-08 --note-file pi-1-august.txt plans/oldham-2019
    """
    from g2g.cycle.update import (
        UpdateRequest,
        parse_choice,
        plan_with_action,
        rag_values,
        record_update,
    )
    from g2g.plan.model_base import Rag

    request = UpdateRequest(action=action, month=_month(month, "--month"))
    if not ID_RE.fullmatch(action):
        raise UsageError(f"'{action}' is not an action id - use the id from plan.yaml, e.g. SP-1")
    _read_options(request, rag, status, value, note, note_file, officer)
    _read_by_and_on(request, by, on)
    if not (rag or request.status or request.narrative or request.values or by or request.notes):
        flags = ", ".join(["--rag", "--status", "--note", "--note-file", *optioned_flags()])
        raise UsageError(f"nothing to record - give at least one of {flags}, --value or --by")
    folder = plan_with_action(_folders(paths), action)
    if rag is not None and request.rag is None:
        try:
            request.rag = parse_choice(rag, Rag, "--rag", rag_values(folder))
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    result = record_update(folder, request, lock_timeout=wait)
    _report_update(result, request)


def _read_options(
    request: "UpdateRequest",
    rag: str | None,
    status: str | None,
    value: list[str] | None,
    note: str | None,
    note_file: Path | None,
    officer: dict[str, str | None],
) -> None:
    """Put what the options say into ``request`` (UsageError when one cannot be read).

    A misspelt --rag is left unset here, to be worded with the plan's own scale later.
    """
    from g2g.cycle.update import clean_note, parse_choice, parse_value_option
    from g2g.plan.model_base import Rag, Status

    try:
        # A misspelt rating is worded with the plan's own scale once the plan is known (below);
        # blue on a RAG plan is refused by the plan's checks, which say how to use BRAG.
        request.rag = parse_choice(rag, Rag, "--rag") if rag is not None else None
        request.status = parse_choice(status, Status, "--status") if status is not None else None
        request.values = dict(parse_value_option(text) for text in value or [])
        if note is not None and note_file is not None:
            raise ValueError("give the narrative with --note or --note-file, not both")
        if note is not None:
            request.narrative = clean_note(text_arg(note, "--note"))
        elif note_file is not None:
            request.narrative = clean_note(read_text_file(note_file, "--note-file"))
        request.notes = officer_notes(officer, lambda t, flag: clean_note(text_arg(t, flag)))
    except ValueError as exc:
        if rag is None or "--rag" not in str(exc):
            raise UsageError(str(exc)) from None
        request.rag = None  # a misspelt rating: worded with the plan's scale later


def _read_by_and_on(request: "UpdateRequest", by: str | None, on: str | None) -> None:
    """Put --by and --on into ``request``; a date the month cannot have is refused."""
    from g2g.cycle.update import update_date_problem

    if by is not None:
        request.updated_by = text_arg(by, "--by")
    if on is not None:
        request.updated_on = _date(on, "--on")
        problem = update_date_problem(request.updated_on, request.month, dt.date.today())
        if problem is not None:
            raise UsageError(f"--on {problem}")


def _report_update(result: "UpdateResult", request: "UpdateRequest") -> None:
    for line in result.lines(request):
        typer.echo(terminal_text(line))
    errors = result.plan_errors_line()
    if errors is not None:
        typer.echo(terminal_text(f"g2g: {errors}"), err=True)


# --- due ---------------------------------------------------------------------------------


@app.command()
def due(
    paths: PathsArg = None,
    weeks: Annotated[int, typer.Option(min=1, max=520, help="How many weeks ahead to look.")] = 12,
    month: Annotated[
        str | None, typer.Option(help="Look from the first day of this month, YYYY-MM.")
    ] = None,
    from_date: Annotated[
        str | None, typer.Option("--from", help="Look from this day, YYYY-MM-DD. Default: today.")
    ] = None,
    output_format: Annotated[
        TableFormat,
        typer.Option(
            "--format",
            help="table: for people, one line per item (long text wraps, nothing is cut). "
            "markdown: the same as a Markdown table per plan. csv: one row per item with every "
            "field. json: from, to and the items with every field.",
        ),
    ] = TableFormat.table,
    no_cache: NoCacheOpt = False,
    jobs: JobsOpt = None,
) -> None:
    """What falls due: action due dates and target milestones, overdue first, in date order.

    With them, the plan's calendar: planned inspections and visits, the plan's deadline with
    Ofsted (until submitted), board meetings and the last day to publish each one's paper.

    Overdue: an action due before the start day and not complete in its latest update. A
    milestone is never overdue: the figure for its own month says it was met, missed within
    tolerance, or missed (a later figure can show it met late); one with no figure for its
    month, or whose target does not say which way is better, is "passed, not judged". The
    milestone tracker for the next 12 weeks by default, from today or from --from / --month
    for a past month.

    Examples:

    \b
      g2g due
      g2g due --from 2019-09-01 --weeks 12 plans/oldham-2019
      g2g due --month 2019-09 --format markdown > due.md
    """
    from functools import partial

    from g2g.batch.jobs import due_of
    from g2g.engine.due import Window
    from g2g.output.due import format_due

    if month is not None and from_date is not None:
        raise UsageError("give --month or --from, not both")
    if month is not None:
        start = dt.date.fromisoformat(_month(month, "--month") + "-01")
    elif from_date is not None:
        start = _date(from_date, "--from")
    else:
        start = dt.date.today()
    window = Window.of(start, weeks)
    use = partial(due_of, window=window)
    results = run_on_plans(
        paths, use, "list what falls due", "Reading plans", no_cache=no_cache, jobs=jobs
    )
    for result in results:
        if result.note:
            typer.echo(terminal_text(f"note: {result.note}"), err=True)
    listed = [(result.plan, result.items) for result in results]
    typer.echo(format_due(listed, window, output_format), nl=False)


# --- schema ------------------------------------------------------------------------------


@app.command()
def schema(
    kind: Annotated[
        SchemaKind,
        typer.Argument(
            help="plan (plan.yaml), progress (progress/YYYY-MM.yaml), measures (measures.yaml), "
            "finance (finance.yaml) or narrative (narrative/BOARD-YYYY-MM-DD.yaml)."
        ),
    ] = SchemaKind.plan,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file, not the screen (-: the screen)."),
    ] = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of one kind of plan file, made from the models.

    Point an editor at it (VS Code's YAML extension reads a first-line comment
    "# yaml-language-server: $schema=PATH") to get completion and checks while typing.

    Examples:

    \b
      g2g schema plan -o schemas/plan.schema.json
      g2g schema progress -o schemas/progress.schema.json
      g2g schema plan
    """
    from g2g.plan.jsonschema import schema_text

    text = schema_text(kind.value)
    if output is None or output == STDOUT:
        typer.echo(text, nl=False)
        return
    from g2g.io.atomic import atomic_write

    try:
        if output.parent != Path():
            output.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(output, text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"{output}: cannot write it: {exc.strerror or exc}") from None
    typer.echo(terminal_text(f"Wrote the {kind.value} schema to {output}"))
