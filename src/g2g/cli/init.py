"""``g2g init``: start a new plan folder from an inspection's findings. Keep imports here light.

The work is done by g2g.cycle.init (the scaffold) and g2g.cycle.findings (findings pasted from a
report), imported inside the command so ``g2g --help`` stays fast.
"""

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from g2g.cli.app import app
from g2g.cli.common import ID_RE, read_text_file, text_arg
from g2g.cli.common import date_arg as _date
from g2g.cli.common import month_arg as _month
from g2g.errors import UsageError
from g2g.escape import terminal_text

if TYPE_CHECKING:
    from g2g.cycle.init import InitOptions
    from g2g.plan.models import InspectionKind


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
        council=text_arg(council, "--council"),
        inspection_start=_event_date(inspection_start, "--inspection-start"),
        recommendations=recommendations,
        areas_for_improvement=areas,
        focus=text_arg(focus, "--focus") if focus is not None else None,
        title=text_arg(title, "--title") if title is not None else None,
        plan_id=plan_id,
        service=text_arg(service, "--service") if service is not None else None,
        framework=text_arg(inspection_framework, "--inspection-framework"),
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
    if plan_id is not None and not ID_RE.fullmatch(plan_id):
        raise UsageError(f"--id '{plan_id}' is not an id - use letters, digits, '.', '_', '-'")
    written = create_plan(folder, options)
    from g2g.plan.load import display_path

    typer.echo(
        terminal_text(f"Created {display_path(written[0])} with {_findings_words(options)}.")
    )
    for path in written[1:]:
        typer.echo(terminal_text(f"Wrote {display_path(path)}"))
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
        FindingKind.recommendation: [
            text_arg(t, "--recommendation") for t in recommendations or []
        ],
        FindingKind.area_for_improvement: [
            text_arg(t, "--area-for-improvement") for t in areas or []
        ],
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
        pasted = parse_findings(read_text_file(file, option), shown, kind)
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
    from g2g.words import plural

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
