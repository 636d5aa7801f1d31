"""``g2g report``: the board paper for a month (registered on the g2g app by g2g.cli).

Keep imports here light: Jinja, the engine and the loaders are imported inside the
command so that ``g2g --help`` stays fast.
"""

from pathlib import Path
from typing import Annotated

import typer

from g2g.cli.app import app
from g2g.cli.common import (
    DEFAULT_PATHS,
    STDOUT,
    JobsOpt,
    NoCacheOpt,
    PathsArg,
    check_month_option,
    run_on_plans,
)
from g2g.errors import UsageError
from g2g.escape import terminal_text
from g2g.months import parse_day
from g2g.report.formats import PaperFormat

COMMIT_ENV = "G2G_REPORT_COMMIT"
"""Environment variable that fixes the provenance commit (as ``--commit`` does)."""


def _check_date(value: str | None) -> str | None:
    if value is None:
        return value
    if parse_day(value) is None:
        raise typer.BadParameter(
            f"'{value}' is not a date - write it as YYYY-MM-DD (a year from 1900 to 2999), "
            "e.g. 2019-09-10"
        )
    return value


@app.command()
def report(
    paths: PathsArg = None,
    month: Annotated[
        str | None,
        typer.Option(
            "--month",
            help="The month to report, YYYY-MM. Default: the latest month with updates.",
            callback=check_month_option,
            show_default=False,
        ),
    ] = None,
    board: Annotated[
        str | None,
        typer.Option(
            "--board",
            help="The id of the board or committee the paper goes to (one of plan.boards). "
            "Default: the first board the plan lists.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        PaperFormat,
        typer.Option(
            "--format",
            help="html (one self-contained file), markdown (GitHub), docx (Word) or pdf "
            "(A4, printed by headless Chromium). Word and PDF need --output or --output-dir.",
        ),
    ] = PaperFormat.html,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the paper to this file (replaced whole, never half-written). "
            "Default, or -: standard output.",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="A folder of templates looked up before the defaults, to override one block "
            "or the whole paper.",
            show_default=False,
            exists=True,
            file_okay=False,
        ),
    ] = None,
    meeting_date: Annotated[
        str | None,
        typer.Option(
            "--meeting-date",
            help="The date of the meeting, YYYY-MM-DD, printed on the paper. Default: none.",
            callback=_check_date,
            show_default=False,
        ),
    ] = None,
    commit: Annotated[
        str | None,
        typer.Option(
            "--commit",
            help="The commit to print in the provenance line instead of asking git; 'none' "
            "leaves it out, and the paper then does not look up the plan's earlier versions "
            f"(it says so). Also read from {COMMIT_ENV}.",
            envvar=COMMIT_ENV,
            show_default=False,
        ),
    ] = None,
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir",
            "-d",
            help="Write a paper for each plan into this folder, named by plan id "
            "(e.g. oldham-2019.html); for a folder of many plans.",
            show_default=False,
            file_okay=False,
        ),
    ] = None,
    private: Annotated[
        bool,
        typer.Option(
            "--private/--public",
            help="--private: the version for members, with the content marked exempt under "
            "Schedule 12A and NOT FOR PUBLICATION on every page. Default --public: exempt "
            "content is left out and the paper says where members can find it.",
        ),
    ] = False,
    docx_template: Annotated[
        Path | None,
        typer.Option(
            "--docx-template",
            help="With --format docx: a council's Word document (.docx) whose styles (Title, "
            "Heading 1-3, Normal, List Bullet, Table Grid...), page set-up, headers and "
            "footers the paper uses; its own text is left out.",
            show_default=False,
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full/--committee",
            help="--full: every section's detail in the body of the paper, for boards that "
            "want it. Default --committee: the body is what a committee reads (summary, "
            "exceptions, the 12-week view, service figures, finance, recommendations), with "
            "a contents list; the detail for each recommendation and target, the figures over "
            "time, the reporting line, the RAG definitions and the tracker are appendices.",
        ),
    ] = False,
    no_cache: NoCacheOpt = False,
    jobs: JobsOpt = None,
) -> None:
    """Make the board paper for a month: summary, exceptions, what is due, targets, tracker.

    The paper has the plan's heading and a provenance line, the purpose and overall rating,
    the RAG definitions in force, the summary by plan area with the change since last month,
    progress against each inspection recommendation, the exceptions (Reds, challenged ratings,
    overdue, not reported), the changes to the plan since the last paper (from git: due
    dates and targets moved without a revision record, or why they could not be checked),
    what falls due in the next 12 weeks, a chart and table for each
    measurable target, the service figures by group with trend charts and the caseload
    distribution (when the plan has measures.yaml), the finance table (when it has
    finance.yaml), and the full tracker as an appendix. HTML is one self-contained file
    (styles and charts inline, no scripts) that prints on A4.

    Length: by default (--committee) the body is what a committee reads, with a contents
    list; the table for each recommendation, the chart and table for each target, the
    figures over time, the reporting line and the RAG definitions are appendices after the
    tracker. --full prints them all in the body, in the order above.

    Templates: paper.html.j2 and paper.md.j2 are looked up in --templates DIR first, then in
    g2g's templates/ folder. To override one block, put in DIR a paper.html.j2 that starts
    with {% extends "g2g/paper.html.j2" %} and redefines the block.

    For a region's plans, --output-dir writes one paper per plan, shared out over the
    machine's cores, with a progress bar on stderr when it takes over a second.

    Exit 0 on success; 1 when a plan is invalid (problems on stderr) or a template has an
    error (its file and line on stderr); 2 on misuse (bad month or date, unknown board, no
    such path, more than one plan without --output-dir).

    Examples:

      g2g report --output paper.html

      g2g report plans/oldham-2019 --month 2019-08 --board scrutiny -o paper.html

      g2g report --meeting-date 2019-09-10 --commit none -o paper.html

      g2g report --format markdown > paper.md

      g2g report --templates council-templates -o paper.html

      g2g report region/ --output-dir papers/
    """
    from functools import partial

    from g2g.batch import jobs as batch
    from g2g.io.files import find_plan_folders

    if output == STDOUT:
        if output_format.binary:
            raise UsageError(
                f"a {output_format.value} paper is a file, not for standard output - give "
                f"--output FILE (e.g. -o paper.{output_format.suffix})"
            )
        output = None
    folders = find_plan_folders(paths or DEFAULT_PATHS)
    mode = batch.report_mode(len(folders), output=output, output_dir=output_dir, board=board)
    options = batch.PaperOptions(
        month=month,
        board=board,
        markdown=output_format is PaperFormat.markdown,
        templates=templates,
        meeting=parse_day(meeting_date) if meeting_date else None,
        commit=commit,
        private=private,
        binary=output_format.value if output_format.binary else None,
        docx_template=docx_template,
        full=full,
    )
    if output_format.binary and output is None and output_dir is None:
        raise UsageError(
            f"a {output_format.value} paper is a file - give --output FILE "
            f"(e.g. -o paper.{output_format.suffix}) or --output-dir DIR"
        )
    if docx_template is not None and output_format is not PaperFormat.docx:
        raise UsageError("--docx-template is for --format docx - leave it out or add it")
    if mode is batch.ReportMode.folder:
        assert output_dir is not None
        batch.check_paper_names(folders, options.markdown, options.format.suffix)
        _make_folder(output_dir)
        write = partial(batch.write_paper, options=options, folder=output_dir)
        written = run_on_plans(
            paths, write, "make the papers", "Writing papers", no_cache=no_cache, jobs=jobs
        )
        batch.check_distinct_papers(written, output_dir)
        noun = "paper" if len(written) == 1 else "papers"
        typer.echo(terminal_text(f"g2g: wrote {len(written)} {noun} to {output_dir}"), err=True)
        return
    if mode is batch.ReportMode.overview and output_format.binary:
        raise UsageError(
            f"the overview of several plans is HTML or Markdown - for a {output_format.value} "
            "paper per plan give --output-dir DIR"
        )
    if mode is batch.ReportMode.overview:
        summarise = partial(batch.summarise_plan, month=options.month)
        rows = run_on_plans(
            paths, summarise, "make the overview", "Rating plans", no_cache=no_cache, jobs=jobs
        )
        _emit(batch.overview_text(rows, options), output)
        return
    if output_format.binary:
        assert output is not None
        make = partial(batch.paper_bytes, options=options)
        files = run_on_plans(
            paths, make, "make the paper", "Making the paper", no_cache=no_cache, jobs=1
        )
        _write(output, files[0])
        typer.echo(terminal_text(f"g2g: wrote {output}"), err=True)
        return
    use = partial(batch.paper_text, options=options)
    texts = run_on_plans(
        paths, use, "make the paper", "Making the paper", no_cache=no_cache, jobs=1
    )
    _emit(texts[0], output)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        typer.echo(text, nl=False)
    else:
        _write(output, text)
        typer.echo(terminal_text(f"g2g: wrote {output}"), err=True)


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(
            f"{folder}: cannot make the folder for the papers: {exc.strerror or exc}"
        ) from None


def _write(path: Path, text: str | bytes) -> None:
    """Write the paper whole through a temporary file and a rename: never half a paper."""
    from g2g.io.atomic import atomic_write

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text.encode("utf-8") if isinstance(text, str) else text)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write the paper: {exc.strerror or exc}") from None
