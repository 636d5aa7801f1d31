"""Commands registered on the g2g app (imported by g2g.cli). Keep imports here light.

The monthly cycle: ``init`` (a new plan), ``month`` (start a month's progress file),
``update`` (record one action's update), ``due`` (what falls due) and ``schema`` (JSON Schema
for editors). The work is done by g2g.cycle (init, month, update), g2g.engine.due and
g2g.plan.jsonschema, imported inside each command so ``g2g --help`` stays fast.
"""

import datetime as dt
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from g2g.cli.app import app
from g2g.cli.common import DEFAULT_PATHS, JobsOpt, NoCacheOpt, PathsArg, run_on_plans
from g2g.cli.common import date_arg as _date
from g2g.cli.common import month_arg as _month
from g2g.errors import UsageError
from g2g.escape import terminal_text
from g2g.output.formats import TableFormat
from g2g.plan.jsonschema import SchemaKind

if TYPE_CHECKING:
    from g2g.cycle.init import InitOptions
    from g2g.cycle.update import UpdateRequest, UpdateResult
    from g2g.plan.models import InspectionKind

# The pattern of g2g.plan.models.ID_PATTERN, repeated so --help needs no pydantic.
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")

# --- helpers -----------------------------------------------------------------------------


def _text(value: str, option: str) -> str:
    """Text from the command line, refused when it cannot be saved as UTF-8 or is blank."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(f"{option}: the text has bytes that are not UTF-8 - retype it") from None
    if not value.strip():
        raise UsageError(f"{option} is empty - give some text")
    return " ".join(value.split()) if "\n" not in value else value


def _read_text_file(path: Path, option: str) -> str:
    try:
        raw = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{option} {path}: cannot read it: {exc.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{option} {path}: not UTF-8 text - save it with UTF-8 encoding") from None


def _folders(paths: list[Path] | None) -> list[Path]:
    from g2g.io.files import find_plan_folders

    return find_plan_folders(paths or DEFAULT_PATHS)


# --- init --------------------------------------------------------------------------------


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="The new plan folder (created if missing).")],
    council: Annotated[str, typer.Option(help="The council that owns the plan.")],
    inspection_start: Annotated[
        str,
        typer.Option(
            help="First day of the inspection or visit on site, YYYY-MM-DD; YYYY-MM when only "
            "the month is known."
        ),
    ],
    recommendation: Annotated[
        list[str] | None,
        typer.Option(help="A recommendation of the report, verbatim. Repeat for each one."),
    ] = None,
    recommendations_file: Annotated[
        Path | None,
        typer.Option(
            help="A text file of recommendations pasted from the report: one a line, or a "
            "numbered or bulleted list (·, •, -, *, –, 1., 1), (1), (a), a), i.). It may hold "
            "both kinds under the headings 'Recommendations' and 'Areas for improvement'. "
            "'-' reads standard input."
        ),
    ] = None,
    area_for_improvement: Annotated[
        list[str] | None,
        typer.Option(help="An area for improvement of the report, verbatim. Repeat for each one."),
    ] = None,
    areas_for_improvement_file: Annotated[
        Path | None,
        typer.Option(
            help="A text file of areas for improvement pasted from the report, in any of the "
            "forms --recommendations-file takes. '-' reads standard input."
        ),
    ] = None,
    title: Annotated[str | None, typer.Option(help="Title printed on board papers.")] = None,
    plan_id: Annotated[
        str | None, typer.Option("--id", help="Short id of the plan. Default: council-year.")
    ] = None,
    service: Annotated[
        str | None, typer.Option(help='The service, e.g. "Children\'s Social Care".')
    ] = None,
    inspection_framework: Annotated[
        str, typer.Option(help="The inspection framework, e.g. ILACS or SIF.")
    ] = "ILACS",
    inspection_kind: Annotated[
        str,
        typer.Option(
            help="inspection, short_inspection, monitoring_visit, focused_visit, "
            "joint_targeted_area_inspection, annual_conversation or send_area_inspection."
        ),
    ] = "inspection",
    inspection_end: Annotated[
        str | None, typer.Option(help="Last day on site, YYYY-MM-DD.")
    ] = None,
    judgement: Annotated[
        str | None,
        typer.Option(
            help="outstanding, good, requires_improvement or inadequate (the report's words, "
            'e.g. "Requires Improvement to be Good", work too).'
        ),
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Date the report was published, YYYY-MM-DD.")
    ] = None,
    focus: Annotated[
        str | None,
        typer.Option(help='What the visit looks at, e.g. "the front door and MASH".'),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            help="First month of the plan, YYYY-MM. Default: the month after publication."
        ),
    ] = None,
    end: Annotated[
        str | None, typer.Option(help="Last month of the plan, YYYY-MM. Default: 24 months on.")
    ] = None,
    schemas: Annotated[
        bool,
        typer.Option(
            help="Write JSON Schemas to FOLDER/schemas and point the files at them, so editors "
            "check the files as they are typed."
        ),
    ] = True,
) -> None:
    """Start a new plan folder: plan.yaml (valid at once, every field explained) and progress/.

    Writes one placeholder action marked TODO for each recommendation and each area for
    improvement; replace them with the plan's own areas, objectives and actions. A visit given
    no findings (a focused or monitoring visit whose letter is not out yet) gets one enabling
    TODO action. A findings file with a problem (empty, only headings, a heading other than
    Recommendations or Areas for improvement) is refused with its line (exit 1). Never
    replaces an existing plan.yaml (exit 2).

    Examples:

    \b
      g2g init plans/demo --council "Demo Council" --inspection-start 2024-05-13 \\
          --recommendation "The quality of assessments" \\
          --recommendation "Management oversight at all levels"
      g2g init plans/oldham-2019 --council "Oldham Council" \\
          --inspection-start 2019-01-21 --inspection-end 2019-02-01 \\
          --published 2019-03-04 --judgement "Requires Improvement to be Good" \\
          --recommendations-file recommendations.txt
      g2g init plans/bradford-2018 --council "Bradford Council" \\
          --inspection-start 2018-09-17 --recommendations-file findings.txt
      g2g init plans/oldham-2021 --council "Oldham Council" \\
          --inspection-kind focused_visit --inspection-start 2021-11-08 \\
          --focus "children in need or subject to a protection plan"
    """
    from g2g.cycle.init import InitOptions, create_plan, parse_judgement

    recommendations, areas = _findings(
        recommendation, recommendations_file, area_for_improvement, areas_for_improvement_file
    )
    options = InitOptions(
        council=_text(council, "--council"),
        inspection_start=_event_date(inspection_start, "--inspection-start"),
        recommendations=recommendations,
        areas_for_improvement=areas,
        focus=_text(focus, "--focus") if focus is not None else None,
        title=_text(title, "--title") if title is not None else None,
        plan_id=plan_id,
        service=_text(service, "--service") if service is not None else None,
        framework=_text(inspection_framework, "--inspection-framework"),
        inspection_kind=_inspection_kind(inspection_kind),
        inspection_end=_date(inspection_end, "--inspection-end") if inspection_end else None,
        published=_date(published, "--published") if published else None,
        start=_month(start, "--start") if start else None,
        end=_month(end, "--end") if end else None,
        schemas=schemas,
    )
    if judgement is not None:
        try:
            options.judgement = parse_judgement(judgement)
        except ValueError as exc:
            raise UsageError(f"--judgement {exc}") from None
    if plan_id is not None and not _ID.fullmatch(plan_id):
        raise UsageError(f"--id '{plan_id}' is not an id - use letters, digits, '.', '_', '-'")
    written = create_plan(folder, options)
    from g2g.plan.load import display_path

    typer.echo(f"Created {display_path(written[0])} with {_findings_words(options)}.")
    for path in written[1:]:
        typer.echo(f"Wrote {display_path(path)}")
    typer.echo(
        "Next: replace the TODO placeholders with the plan's areas, objectives and actions, then "
        f"run g2g validate {display_path(folder)}"
    )


def _findings(
    recommendations: list[str] | None,
    recommendations_file: Path | None,
    areas: list[str] | None,
    areas_file: Path | None,
) -> tuple[list[str], list[str]]:
    """The recommendations and areas for improvement given as options and in files; a file's
    problems refuse the command (exit 1), its warnings and ignored lines are printed."""
    from g2g.cycle.findings import parse_findings
    from g2g.diagnostics import Severity
    from g2g.errors import CycleError
    from g2g.plan.load import display_path
    from g2g.plan.models import FindingKind

    found = {
        FindingKind.recommendation: [_text(t, "--recommendation") for t in recommendations or []],
        FindingKind.area_for_improvement: [_text(t, "--area-for-improvement") for t in areas or []],
    }
    problems = []
    files = (
        (recommendations_file, "--recommendations-file", FindingKind.recommendation),
        (areas_file, "--areas-for-improvement-file", FindingKind.area_for_improvement),
    )
    for file, option, kind in files:
        if file is None:
            continue
        shown = "<stdin>" if str(file) == "-" else display_path(file)
        pasted = parse_findings(_read_text_file(file, option), shown, kind)
        for number, line in pasted.ignored:
            typer.echo(
                terminal_text(
                    f"{shown}:{number}: note: ignored a line before the first numbered item "
                    f"or heading: {line}"
                ),
                err=True,
            )
        for diagnostic in pasted.diagnostics:
            if diagnostic.severity is Severity.error:
                problems.append(diagnostic)
            else:
                typer.echo(terminal_text(diagnostic.format_text()), err=True)
        for finding in pasted.findings:
            found[finding.kind].append(finding.text)
    if problems:
        raise CycleError(
            "the findings file cannot be read as recommendations and areas for improvement - "
            "correct it and run g2g init again",
            diagnostics=problems,
        )
    return found[FindingKind.recommendation], found[FindingKind.area_for_improvement]


def _event_date(text: str, option: str) -> "dt.date | str":
    """A YYYY-MM month as it is, else a YYYY-MM-DD day."""
    from g2g.months import is_month

    return text if is_month(text) else _date(text, option)


def _findings_words(options: "InitOptions") -> str:
    from g2g.report.labels import plural

    recs, areas = len(options.recommendations), len(options.areas_for_improvement)
    if not recs and not areas:
        return "no findings and one enabling TODO action (add the findings when they are out)"
    parts = [plural(recs, "recommendation")] if recs or not areas else []
    if areas:
        parts.append(plural(areas, "area for improvement", "areas for improvement"))
    return " and ".join(parts) + ", and one TODO action for each"


def _inspection_kind(text: str) -> "InspectionKind":
    from g2g.cycle.update import parse_choice
    from g2g.plan.models import InspectionKind

    try:
        return parse_choice(text, InspectionKind, "kind of inspection")
    except ValueError as exc:
        raise UsageError(f"--inspection-kind {exc}") from None


# --- month -------------------------------------------------------------------------------


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
            f"Created {display_path(result.path)}: {len(contents.live)} actions to update"
            f" ({len(contents.completed)} completed earlier, {len(contents.not_started)} not"
            " started yet)."
        )
    typer.echo(
        f"Next: lead officers fill in their entries, or run g2g update ACTION --month {wanted} "
        '--rag amber --note "..."'
    )


# --- update ------------------------------------------------------------------------------


@app.command()
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
        clean_note,
        parse_choice,
        parse_value_option,
        plan_with_action,
        rag_values,
        record_update,
    )
    from g2g.plan.models import Rag, Status

    request = UpdateRequest(action=action, month=_month(month, "--month"))
    if not _ID.fullmatch(action):
        raise UsageError(f"'{action}' is not an action id - use the id from plan.yaml, e.g. SP-1")
    try:
        # A misspelt rating is worded with the plan's own scale once the plan is known (below);
        # blue on a RAG plan is refused by the plan's checks, which say how to use BRAG.
        request.rag = parse_choice(rag, Rag, "--rag") if rag is not None else None
        request.status = parse_choice(status, Status, "--status") if status is not None else None
        request.values = dict(parse_value_option(text) for text in value or [])
        if note is not None and note_file is not None:
            raise ValueError("give the narrative with --note or --note-file, not both")
        if note is not None:
            request.narrative = clean_note(_text(note, "--note"))
        elif note_file is not None:
            request.narrative = clean_note(_read_text_file(note_file, "--note-file"))
    except ValueError as exc:
        if rag is None or "--rag" not in str(exc):
            raise UsageError(str(exc)) from None
        request.rag = None  # a misspelt rating: worded with the plan's scale below
    if by is not None:
        request.updated_by = _text(by, "--by")
    if on is not None:
        request.updated_on = _date(on, "--on")
    if not (rag or request.status or request.narrative or request.values or by):
        raise UsageError(
            "nothing to record - give at least one of --rag, --status, --note, --note-file, "
            "--value or --by"
        )
    folder = plan_with_action(_folders(paths), action)
    if rag is not None and request.rag is None:
        try:
            request.rag = parse_choice(rag, Rag, "--rag", rag_values(folder))
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    result = record_update(folder, request, lock_timeout=wait)
    _report_update(result, request)


def _report_update(result: "UpdateResult", request: "UpdateRequest") -> None:
    recorded = result.update
    where = "new file " if result.created_file else ""
    parts = [f"status {recorded.status.value}"]
    parts.append(f"rag {recorded.rag.value}" if recorded.rag else "no rag yet")
    if request.narrative:
        parts.append("narrative")
    for target in request.values:
        number = recorded.values.get(target)
        shown = "not available" if number is None else f"{number:g}"
        if target in result.replaced:
            before = result.replaced[target]
            shown += f" (was {'not available' if before is None else f'{before:g}'})"
        parts.append(f"{target} {shown}")
    typer.echo(f"Recorded {recorded.action} in {where}{result.path}: {', '.join(parts)}.")
    if result.whole_file:
        typer.echo(
            "Note: the file's layout could not be kept around the entry, so it was rewritten "
            "in standard YAML layout (values and comments are unchanged)."
        )
    for diagnostic in result.warnings:
        typer.echo(terminal_text(diagnostic.format_text()))
    if result.missing is not None and result.missing[1]:
        month, count = result.missing
        noun = "action has" if count == 1 else "actions have"
        typer.echo(
            f"{count} other live {noun} no update for {month} yet (g2g validate lists them)."
        )
    if result.plan_errors:
        count = len(result.plan_errors)
        typer.echo(
            f"g2g: the plan still has {count} error{'s' if count != 1 else ''} (not from this "
            f"update), first: {result.plan_errors[0].format_text()} - run g2g validate",
            err=True,
        )


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

    Overdue: due before the start day and the action not complete in its latest update (a
    milestone is overdue while the latest recorded value falls short of it). The milestone
    tracker for the next 12 weeks by default, from today or from --from / --month for a past
    month.

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
    typer.echo(format_due(results, window, output_format), nl=False)


# --- schema ------------------------------------------------------------------------------


@app.command()
def schema(
    kind: Annotated[
        SchemaKind,
        typer.Argument(
            help="plan (plan.yaml), progress (progress/YYYY-MM.yaml), measures (measures.yaml) "
            "or finance (finance.yaml)."
        ),
    ] = SchemaKind.plan,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file, not the screen.")
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
    if output is None:
        typer.echo(text, nl=False)
        return
    from g2g.io.atomic import atomic_write

    try:
        if output.parent != Path():
            output.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(output, text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"{output}: cannot write it: {exc.strerror or exc}") from None
    typer.echo(f"Wrote the {kind.value} schema to {output}")
