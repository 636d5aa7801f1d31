"""The Excel bridge's writing: the month's returns for lead officers to fill in, and the whole
tracker as a workbook (``g2g returns`` and ``g2g export``; ``g2g import`` reads the returns back
through g2g.cycle.importing).

Each plan is loaded and checked first; a plan whose period leaves the month out, or that is no
longer in force then, is skipped with a note among many plans and refused on its own. Notes go
to ``note`` as they arise, so they are printed before any error that follows them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from g2g.errors import MonthError, UsageError
from g2g.plan.load import ValidPlan, display_path
from g2g.words import one_line

if TYPE_CHECKING:
    from g2g.engine.returns import ReturnBook
    from g2g.plan.load import LaterPlan

Note = Callable[[str], None]
"""Where a one-line note goes (the CLI prints it on stderr as ``note: ...``)."""


def skip_note(
    plan: ValidPlan, month: str, folders: list[Path], later: LaterPlan | None
) -> str | None:
    """Among several plans, the one-line note of a plan whose period leaves ``month`` out or
    that is no longer in force then (the plan is skipped); on its own, the plan's UsageError.
    None when the plan takes the month."""
    from g2g.engine.ratings import check_plan_month
    from g2g.months import month_end
    from g2g.plan.portfolio import ended_note

    model = plan.model
    shown = display_path(plan.folder)
    try:
        check_plan_month(model, month)
    except MonthError as exc:
        if len(folders) == 1:
            raise UsageError(str(exc)) from None
        return f"{shown}: {exc}"
    ended = ended_note(model.plan, month_end(month), later)
    if ended is None:
        return None
    message = f"{shown}: {model.plan.id} {ended} - skipped for {month}"
    if len(folders) == 1:
        raise UsageError(message)
    return message


@dataclass(frozen=True)
class WrittenReturn:
    """A return written: where, for whom (None: every lead officer), and what it asks for."""

    path: Path
    lead: str | None
    actions: int
    figures: int


def write_returns(
    folders: list[Path],
    month: str,
    output_dir: Path,
    *,
    note: Note,
    lead: str | None = None,
    by_lead: bool = True,
    force: bool = False,
) -> Iterator[WrittenReturn]:
    """Write the month's returns of the plans in ``folders`` into ``output_dir``, yielding each
    as it is written. Every plan is loaded and every return checked before any is written: a
    return in the folder that a lead filled in is never written over without ``force``.
    UsageError for a lead that leads nothing, a month no plan takes, or a file that cannot be
    written; CycleError for a plan with errors."""
    from g2g.engine.returns import return_names
    from g2g.output.returns import return_workbook
    from g2g.output.xlsx import save_workbook

    books, plans = _books(folders, month, note, lead, by_lead)
    try:
        targets = [output_dir / name for name in return_names(books)]
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    _suffixed_notes(books, targets, note)
    if not force:  # every return is checked before any is written
        for plan, target in zip(plans, targets, strict=True):
            _refuse_a_filled_return(plan, target, month)
    if books:
        try:
            output_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(
                f"--output-dir {output_dir}: cannot create it: {exc.strerror}"
            ) from None
    for book, target in zip(books, targets, strict=True):
        try:
            save_workbook(return_workbook(book), target)
        except OSError as exc:
            raise UsageError(f"{target}: cannot write it: {exc.strerror or exc}") from None
        figures = sum(len(row.figures) for row in book.rows)
        yield WrittenReturn(target, book.lead, len(book.rows), figures)


def _books(
    folders: list[Path], month: str, note: Note, lead: str | None, by_lead: bool
) -> tuple[list[ReturnBook], list[ValidPlan]]:
    """The returns to write for the plans that take ``month``, each with its plan; a note for
    each plan skipped, UsageError when every plan is."""
    from g2g.cycle.common import load_valid_plan
    from g2g.engine.returns import build_returns
    from g2g.plan.portfolio import later_plans

    skipped = 0
    later = later_plans(folders)
    books: list[ReturnBook] = []
    plans: list[ValidPlan] = []
    for folder in folders:
        plan = load_valid_plan(folder, "writing returns")
        skip = skip_note(plan, month, folders, later.get(folder))
        if skip is not None:
            note(skip)
            skipped += 1
            continue
        chosen = _lead_named(plan, lead) if lead is not None else None
        for book in build_returns(
            plan.model, plan.updates(private=True), month, lead=chosen, by_lead=by_lead
        ):
            books.append(book)
            plans.append(plan)
    if skipped == len(folders):
        raise UsageError(f"no plan given takes {month} - the notes above say why")
    return books, plans


def _lead_named(plan: ValidPlan, lead: str) -> str:
    """The plan's lead officer ``lead`` names (case and spacing aside); UsageError, with the
    plan's leads, when it leads no action of the plan."""
    from g2g.engine.returns import leads_of
    from g2g.words import did_you_mean

    names = leads_of(plan.model)
    key = one_line(lead).lower()
    chosen = next((n for n in names if n.lower() == key), None)
    if chosen is None:
        hint = did_you_mean(lead, names)
        raise UsageError(
            f"--lead '{lead}' leads no action of {plan.model.plan.id}{hint} - the leads are: "
            + "; ".join(names)
        )
    return chosen


def _suffixed_notes(books: list[ReturnBook], targets: list[Path], note: Note) -> None:
    """Say which returns were given a suffix because their leads' names give one file name."""
    from g2g.engine.returns import slug

    for book, target in zip(books, targets, strict=True):
        name = slug(book.lead) if book.lead is not None else "all"
        if not target.stem.endswith(f"-{name}"):
            note(
                f"{book.lead}'s return is {target.name}: another lead's name gives the same "
                "file name, so each has a suffix made from their own name"
            )


def _refuse_a_filled_return(plan: ValidPlan, target: Path, month: str) -> None:
    """UsageError when ``target`` holds something other than a return as g2g wrote it: a lead
    filled it in (an officer saves an emailed-back return under the name it was sent), or it is
    another file. A return nobody changed may be written again."""
    from g2g.cycle.returns import read_return

    if not target.exists() and not target.is_symlink():
        return
    read = read_return(target, {plan.model.plan.id: plan}, month)
    if read.requests or read.problems:
        what = (
            "holds updates filled in since it was written"
            if read.requests and not read.problems
            else "is not a return as g2g wrote it (it was filled in or changed)"
        )
        raise UsageError(
            f"{display_path(target)} {what} - nothing was written; import it with g2g "
            f"import {display_path(target)} --month {month} if that is not done yet, then "
            "move it away, or give --force to write a blank return over it"
        )


@dataclass(frozen=True)
class ExportDone:
    """The tracker workbook written: where, as at which month, with how many plans and
    actions."""

    path: Path
    month: str
    """The latest month of any plan exported (it names the default file)."""
    plans: int
    actions: int
    earliest: str = ""
    """The earliest plan's month, when the plans are not all as at the same one."""

    @property
    def as_at(self) -> str:
        """ "as at 2019-08", or, for plans as at different months, "each plan as at its latest
        month with updates, 2019-08 to 2022-01"."""
        if not self.earliest or self.earliest == self.month:
            return f"as at {self.month}"
        return f"each plan as at its own month, {self.earliest} to {self.month}"


def export_tracker(
    folders: list[Path], month: str | None, output: Path | None, *, note: Note
) -> ExportDone:
    """Write the tracker of the plans in ``folders`` as at ``month`` (default: each plan's
    latest month with updates) to ``output`` (default: ``tracker-MONTH.xlsx``). UsageError for
    a month no plan takes or a file that cannot be written; CycleError for a plan with
    errors."""
    from g2g.cycle.common import load_valid_plan
    from g2g.engine.month import history
    from g2g.engine.ratings import latest_month
    from g2g.output.export import PlanExport, export_workbook
    from g2g.output.xlsx import save_workbook
    from g2g.plan.portfolio import later_plans

    items: list[PlanExport] = []
    later = later_plans(folders) if month is not None else {}
    for folder in folders:
        plan = load_valid_plan(folder, "exporting it")
        model = plan.model
        if month is not None:
            skip = skip_note(plan, month, folders, later.get(folder))
            if skip is not None:
                note(skip)
                continue
        updates = plan.updates()
        until = month or latest_month(updates) or model.plan.period.start
        try:
            items.append(PlanExport(model, updates, history(model, updates, until)))
        except MonthError as exc:
            raise UsageError(str(exc)) from None
    if not items:
        raise UsageError(f"no plan to export{' for ' + month if month else ''}")
    months = [item.history.ratings[-1].month for item in items]
    shown_month = max(months)
    target = output or Path(f"tracker-{shown_month}.xlsx")
    try:
        if target.parent != Path():
            target.parent.mkdir(parents=True, exist_ok=True)
        save_workbook(export_workbook(items), target)
    except OSError as exc:
        raise UsageError(f"{target}: cannot write it: {exc.strerror or exc}") from None
    actions = sum(len(item.history.ratings[-1].actions) for item in items)
    return ExportDone(target, shown_month, len(items), actions, min(months))
