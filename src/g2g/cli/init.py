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
    from g2g.cycle.init import SourceOptions
    from g2g.plan.sources import FindingKind, InspectionKind


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
        str | None,
        typer.Option(
            help="The inspection framework, e.g. ILACS or SIF. Default: ILACS for Ofsted's "
            "kinds, none for the others."
        ),
    ] = None,
    inspection_kind: Annotated[
        str,
        typer.Option(
            help="The kind of the first source. Ofsted's: inspection, short_inspection, "
            "monitoring_visit, focused_visit, joint_targeted_area_inspection, "
            "annual_conversation, send_area_inspection. Others: statutory_direction, "
            "commissioner_report, improvement_adviser_report, peer_review, "
            "sector_led_diagnostic, scrutiny_review, internal_audit."
        ),
    ] = "inspection",
    by: Annotated[
        str | None,
        typer.Option(
            help="Who wrote or issued the first source, when not the kind's usual author, "
            'e.g. "Calderdale Council (sector-led improvement partner)".'
        ),
    ] = None,
    also: Annotated[
        list[str] | None,
        typer.Option(
            metavar="KIND:DATE[:FILE]",
            help="Another source the plan answers: its kind, its date (YYYY-MM-DD, or YYYY-MM) "
            "and a file of its findings pasted from its report (headings Recommendations, "
            "Areas for improvement, Priority actions, Requirements; '-' reads standard input). "
            "Repeat for each source.",
        ),
    ] = None,
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
    improvement (and priority action or requirement) of every source; replace them with the
    plan's own areas, objectives and actions. The first source is an Ofsted inspection unless
    --inspection-kind says otherwise; --also adds each further source (a statutory direction,
    an LGA peer review, ...) with its findings. A visit given
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
      g2g init plans/wakefield-2018 --council "Wakefield Council" \\
          --inspection-start 2018-06-04 --judgement inadequate \\
          --published 2018-07-24 --recommendations-file ofsted.txt \\
          --also statutory_direction:2018-12-13:direction.txt \\
          --also peer_review:2019-02-12:lga.txt
    """
    from g2g.cycle.init import InitOptions, create_plan, default_framework, parse_judgement
    from g2g.plan.sources import FindingKind

    kind = _inspection_kind(inspection_kind)
    found = _findings(
        recommendation,
        recommendations_file,
        area_for_improvement,
        areas_for_improvement_file,
        kind,
    )
    options = InitOptions(
        council=text_arg(council, "--council"),
        inspection_start=_event_date(inspection_start, "--inspection-start"),
        recommendations=found[FindingKind.recommendation],
        areas_for_improvement=found[FindingKind.area_for_improvement],
        priority_actions=found[FindingKind.priority_action],
        requirements=found[FindingKind.requirement],
        by=text_arg(by, "--by") if by is not None else None,
        also=[_also(text) for text in also or []],
        focus=text_arg(focus, "--focus") if focus is not None else None,
        title=text_arg(title, "--title") if title is not None else None,
        plan_id=plan_id,
        service=text_arg(service, "--service") if service is not None else None,
        framework=(
            text_arg(inspection_framework, "--inspection-framework")
            if inspection_framework is not None
            else default_framework(kind)
        ),
        inspection_kind=kind,
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
        terminal_text(f"Created {display_path(written[0])} with {options.findings_words()}.")
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
    source: "InspectionKind",
) -> "dict[FindingKind, list[str]]":
    """The findings of the first source, kind by kind, given as options and in files; a
    file's problems refuse the command (exit 1), its warnings and ignored lines are printed.
    Items pasted without a heading are recommendations (a direction's, requirements)."""
    from g2g.cycle.init import default_finding_kind
    from g2g.plan.sources import FindingKind

    found: dict[FindingKind, list[str]] = {kind: [] for kind in FindingKind}
    found[FindingKind.recommendation] = [
        text_arg(t, "--recommendation") for t in recommendations or []
    ]
    found[FindingKind.area_for_improvement] = [
        text_arg(t, "--area-for-improvement") for t in areas or []
    ]
    files = (
        (recommendations_file, "--recommendations-file", default_finding_kind(source)),
        (areas_file, "--areas-for-improvement-file", FindingKind.area_for_improvement),
    )
    for file, option, kind in files:
        if file is not None:
            for finding_kind, text in _pasted(file, option, kind):
                found[finding_kind].append(text)
    return found


def _pasted(file: Path, option: str, kind: "FindingKind") -> "list[tuple[FindingKind, str]]":
    """The findings of one pasted file, each with its kind; its problems refuse the command
    (exit 1), its warnings and ignored lines are printed."""
    from g2g.cycle.findings import parse_findings
    from g2g.diagnostics import Severity
    from g2g.errors import CycleError
    from g2g.plan.load import display_path

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
    problems = []
    for diagnostic in pasted.diagnostics:
        if diagnostic.severity is Severity.error:
            problems.append(diagnostic)
        else:
            typer.echo(terminal_text(diagnostic.format_text()), err=True)
    if problems:
        raise CycleError(
            "the findings file cannot be read as recommendations and areas for improvement - "
            "correct it and run g2g init again",
            diagnostics=problems,
        )
    return [(f.kind, f.text) for f in pasted.findings]


def _also(text: str) -> "SourceOptions":
    """One --also KIND:DATE[:FILE]: another source and its findings."""
    from g2g.cycle.init import SourceOptions, default_finding_kind

    parts = text.split(":", 2)
    if len(parts) < 2 or not parts[0].strip() or not parts[1].strip():
        raise UsageError(
            f"--also '{text}' is not KIND:DATE[:FILE] - e.g. --also peer_review:2019-02-12:lga.txt"
        )
    kind = _inspection_kind(parts[0].strip(), "--also")
    start = _event_date(parts[1].strip(), "--also")
    findings = []
    if len(parts) == 3 and parts[2]:
        findings = _pasted(Path(parts[2]), "--also", default_finding_kind(kind))
    return SourceOptions(kind=kind, start=start, findings=findings)


def _event_date(text: str, option: str) -> "dt.date | str":
    """A YYYY-MM month as it is, else a YYYY-MM-DD day."""
    from g2g.months import is_month

    return text if is_month(text) else _date(text, option)


def _inspection_kind(text: str, option: str = "--inspection-kind") -> "InspectionKind":
    from g2g.cycle.update import parse_choice
    from g2g.plan.sources import InspectionKind

    try:
        return parse_choice(text, InspectionKind, "kind of inspection")
    except ValueError as exc:
        raise UsageError(f"{option} {exc}") from None


# --- month -------------------------------------------------------------------------------
