"""Update returns: what each lead officer's monthly spreadsheet holds, as plain data.

A return is the month's page of the plan for one lead officer (or for every lead at once): a
row per live action they lead, with what they need to see (the action, its evidence of success,
when it is due, its targets with the last figure and the value the trajectory expects this
month, last month's rating and note) and the cells they fill (the officer fields with a
column, :data:`RETURN_FIELDS`: rating, status, narrative, barriers, the date, support needed;
and each target's figure). ``g2g returns`` writes it as a workbook
(:mod:`g2g.output.returns`); ``g2g import`` reads it back (:mod:`g2g.cycle.returns`). Both
share this module's vocabulary: the sheet names, the column headings (the import finds columns
by heading, never by position), the words allowed in the drop-downs, and the hidden metadata
with its checksum, which lets the import tell a cell the lead changed from one left as sent.

Pure: no files, no printing.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from enum import StrEnum

from g2g.engine.ratings import Updates, latest_before, status_word
from g2g.engine.targets import expected_at
from g2g.plan.lifecycle import Stage, action_state
from g2g.plan.model_base import Rag, RagScale, Status, Unit, scale_ratings
from g2g.plan.model_plan import Action, PlanFile
from g2g.plan.model_progress import Update
from g2g.plan.officer_fields import OFFICER_FIELDS, Kind, OfficerField
from g2g.plan.timescale import timescale_shown
from g2g.words import one_line

FORMAT = "g2g-return/1"
"""The metadata format; a return written by a later, incompatible g2g says so."""

INSTRUCTIONS_SHEET = "Instructions"
UPDATES_SHEET = "Updates"
FIGURES_SHEET = "Figures"
META_SHEET = "g2g"
"""The hidden sheet that holds the metadata (plan, month, lead, rows and original values)."""


class UpdateColumn(StrEnum):
    """The columns of the Updates sheet a lead reads, by key; the columns they fill are the
    officer fields that have a heading (:data:`RETURN_FIELDS`). The headings of both are in
    :data:`UPDATE_HEADINGS`."""

    action = "action"
    title = "title"  # type: ignore[assignment]  # shadows str.title, harmless
    lead = "lead"
    description = "description"
    evidence = "evidence"
    due = "due"
    targets = "targets"
    last_rating = "last_rating"
    last_note = "last_note"


class FigureColumn(StrEnum):
    """The columns of the Figures sheet, by key; the headings are in :data:`FIGURE_HEADINGS`."""

    action = "action"
    target = "target"
    measure = "measure"
    unit = "unit"
    last = "last"
    expected = "expected"
    next = "next"
    value = "value"


RETURN_FIELDS: tuple[OfficerField, ...] = tuple(f for f in OFFICER_FIELDS if f.heading)
"""The officer fields a lead fills on the Updates sheet, in sheet order (after the others)."""

UPDATE_HEADINGS: dict[str, str] = {
    UpdateColumn.action: "Action",
    UpdateColumn.title: "Title",
    UpdateColumn.lead: "Lead officer",
    UpdateColumn.description: "What the action is",
    UpdateColumn.evidence: "Evidence of success",
    UpdateColumn.due: "Due",
    UpdateColumn.targets: "Targets (figures go on the Figures sheet)",
    UpdateColumn.last_rating: "Last rating",
    UpdateColumn.last_note: "Last update",
    **{f.key: f.heading for f in RETURN_FIELDS if f.heading},
}
"""Headings of the Updates sheet by column key, in sheet order."""

UPDATE_FILLED = frozenset(f.key for f in RETURN_FIELDS)
"""The columns a lead officer fills; every other column is locked."""

FIGURE_HEADINGS: dict[FigureColumn, str] = {
    FigureColumn.action: "Action",
    FigureColumn.target: "Target",
    FigureColumn.measure: "Measure",
    FigureColumn.unit: "Unit",
    FigureColumn.last: "Last figure",
    FigureColumn.expected: "Expected this month",
    FigureColumn.next: "Next milestone",
    FigureColumn.value: "Figure this month",
}
"""Headings of the Figures sheet, in sheet order."""

STATUS_CHOICES: tuple[tuple[Status, str], ...] = tuple(
    (status, status_word(status).capitalize()) for status in Status
)
"""The status drop-down: each status with the words the sheet shows."""

UNIT_WORDS = {
    Unit.percent: "percent (write 55 for 55%)",
    Unit.count: "number",
    Unit.days: "days",
    Unit.weeks: "weeks",
    Unit.rate_per_10000: "rate per 10,000",
    Unit.gbp: "pounds",
    Unit.gbp_thousands: "thousands of pounds",
    Unit.score: "score",
}


def heading_key(text: object) -> str:
    """A heading as the import compares it: lower case, spaces collapsed."""
    return one_line(str(text or "")).lower()


def rating_choices(scale: RagScale) -> tuple[tuple[Rag, str], ...]:
    """The rating drop-down of a plan: Red, Amber, Green (and Blue on a BRAG plan)."""
    return tuple((rag, rag.value.capitalize()) for rag in scale_ratings(scale))


def status_cell(status: Status) -> str:
    """A status as the sheet shows it: ``Awaiting sign-off``."""
    return dict(STATUS_CHOICES)[status]


# --- what a return holds ------------------------------------------------------------------


@dataclass(frozen=True)
class FigureLine:
    """One target of an action, as the Figures sheet shows it."""

    action: str
    target: str
    measure: str
    unit: Unit
    last: tuple[str, float] | None
    """The latest figure recorded before the month, with its month."""
    expected: float | None
    """The value the trajectory expects in the month; None when it cannot be judged."""
    expected_note: str
    """Why there is no expected value, when there is none."""
    next_milestone: tuple[str, float] | None
    """The first milestone in or after the month."""
    value: float | None
    """The figure already recorded for the month (pre-filled), if any."""


@dataclass(frozen=True)
class ReturnRow:
    """One live action, as the Updates sheet shows it."""

    action: str
    title: str
    lead: str
    description: str
    evidence: str
    due: str
    last: tuple[str, Update] | None
    """The latest update before the month, with its month."""
    current: Update | None
    """The month's update already recorded, if any: its values are pre-filled."""
    status: Status
    """The status pre-filled: the month's, else the last one, else from the start month."""
    figures: tuple[FigureLine, ...]


@dataclass(frozen=True)
class ReturnBook:
    """One return: a workbook for one lead officer (``lead``), or for every lead (None)."""

    plan: str
    title: str
    council: str
    month: str
    lead: str | None
    scale: RagScale
    rows: tuple[ReturnRow, ...]


def is_live(action: Action, updates: Updates, month: str) -> bool:
    """Whether the action belongs in the month's return: live in ``month`` (see
    :func:`g2g.plan.lifecycle.action_state`), or completed by the month's own update (so the
    lead can still change it). Not started, closed, superseded and earlier-completed actions
    are left out."""
    state = action_state(action, updates, month)
    return state.stage is Stage.live or (state.stage is Stage.complete and state.since == month)


def _due_text(action: Action) -> str:
    timescale = action.timescale
    stale = timescale_shown(timescale.text, timescale.due)
    if stale is not None:
        return stale
    if timescale.text:
        return one_line(timescale.text)
    if timescale.due:
        return timescale.due
    if timescale.recurring:
        return f"{timescale.recurring.value}, ongoing"
    return "ongoing" if timescale.ongoing else ""


def _prefilled_status(action: Action, last: tuple[str, Update] | None, month: str) -> Status:
    if last:
        return last[1].status
    start = action.timescale.start
    return Status.in_progress if start and start < month else Status.not_started


def build_row(action: Action, updates: Updates, month: str) -> ReturnRow:
    """One action's row for ``month``."""
    last = latest_before(updates, action.id, month)
    current = updates.get(month, {}).get(action.id)
    status = current.status if current else _prefilled_status(action, last, month)
    figures: list[FigureLine] = []
    for target in action.targets:
        if target.kpi:  # its figures come from measures.yaml, not from the lead's return
            continue
        expectation, why = expected_at(target, month)
        recorded = _last_figure(updates, action.id, target.id, month)
        upcoming = next(((m.month, m.value) for m in target.milestones if m.month >= month), None)
        figures.append(
            FigureLine(
                action=action.id,
                target=target.id,
                measure=one_line(target.measure),
                unit=target.unit,
                last=recorded,
                expected=expectation.value if expectation else None,
                expected_note=why,
                next_milestone=upcoming,
                value=current.values.get(target.id) if current else None,
            )
        )
    return ReturnRow(
        action=action.id,
        title=one_line(action.title),
        lead=one_line(action.lead),
        description=action.description.strip(),
        evidence=action.evidence_of_success.strip(),
        due=_due_text(action),
        last=last,
        current=current,
        status=status,
        figures=tuple(figures),
    )


def _last_figure(
    updates: Updates, action_id: str, target_id: str, month: str
) -> tuple[str, float] | None:
    for earlier in sorted(updates, reverse=True):
        if earlier >= month:
            continue
        value = updates[earlier].get(action_id)
        if value is not None and value.values.get(target_id) is not None:
            figure = value.values[target_id]
            assert figure is not None
            return earlier, figure
    return None


def leads_of(plan: PlanFile) -> list[str]:
    """The plan's lead officers, in order of first appearance (spaces collapsed)."""
    return list(dict.fromkeys(one_line(a.lead) for _, _, a in plan.actions()))


def build_returns(
    plan: PlanFile, updates: Updates, month: str, *, lead: str | None = None, by_lead: bool = True
) -> list[ReturnBook]:
    """The month's returns: one per lead officer with a live action (``by_lead``), or one for
    every lead; ``lead`` keeps only that lead's (matched as :func:`leads_of` spells it)."""
    rows = [
        build_row(action, updates, month)
        for _, _, action in plan.actions()
        if is_live(action, updates, month)
    ]
    if lead is not None:
        rows = [row for row in rows if row.lead == lead]

    def book(for_lead: str | None, chosen: list[ReturnRow]) -> ReturnBook:
        settings = plan.plan
        return ReturnBook(
            settings.id,
            settings.title,
            settings.council,
            month,
            for_lead,
            settings.rag_policy.scale,
            tuple(chosen),
        )

    if lead is not None:
        return [book(lead, rows)]
    if not by_lead:
        return [book(None, rows)]
    return [
        book(name, [r for r in rows if r.lead == name])
        for name in leads_of(plan)
        if any(r.lead == name for r in rows)
    ]


def slug(text: str) -> str:
    """A file-name-safe form of a lead's name: ``director-of-childrens-social-care``."""
    cleaned = re.sub(r"[’'`]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", cleaned).strip("-")[:60] or "lead"


def return_names(books: list[ReturnBook]) -> list[str]:
    """Each return's file name, ``<plan>-<month>-<lead>.xlsx`` (``all`` for every lead), never
    two alike, even on a disk that ignores case.

    Leads whose names give one name (``A/B`` and ``A B``, or names alike in their first 60
    characters) each get a suffix made from the plan and their own name, so a lead's file is
    named the same from run to run. ValueError when two returns are for one lead of one plan id
    (two plans with the same id): no suffix could say which is which."""
    base = [f"{b.plan}-{b.month}-{slug(b.lead) if b.lead is not None else 'all'}" for b in books]
    groups: dict[str, list[int]] = {}
    for index, name in enumerate(base):
        groups.setdefault(name.lower(), []).append(index)
    names = list(base)
    for indexes in groups.values():
        if len(indexes) < 2:
            continue
        for index in indexes:
            book = books[index]
            lead = book.lead if book.lead is not None else ""
            twins = [i for i in indexes if (books[i].plan, books[i].lead) == (book.plan, book.lead)]
            if len(twins) > 1:
                raise ValueError(
                    f"two plans have the id {book.plan}, so their returns would be one file "
                    f"({base[index]}.xlsx) - give each plan its own id in plan.yaml"
                )
            digest = hashlib.sha256(f"{book.plan}\n{lead}".encode()).hexdigest()[:6]
            names[index] = f"{base[index]}-{digest}"
    if len({name.lower() for name in names}) != len(names):
        raise ValueError("two returns would have one file name - give the leads distinct names")
    return [f"{name}.xlsx" for name in names]


# --- the metadata -------------------------------------------------------------------------


def original_update(row: ReturnRow, scale: RagScale) -> dict[str, str]:
    """The Updates sheet's cells a lead fills, as sent (text; empty when blank)."""
    current = row.current
    words = dict(rating_choices(scale))

    def sent(field: OfficerField) -> str:
        value = getattr(current, field.name, None) if current else None
        if field.kind is Kind.rating:
            return words.get(value, "") if value else ""
        if field.kind is Kind.status:
            return status_cell(row.status)
        if field.kind is Kind.text:
            return value or ""
        return ""  # the date of the update is always left to fill

    return {field.key: sent(field) for field in RETURN_FIELDS}


def original_figure(line: FigureLine) -> float | None:
    """A Figures row's value cell as sent."""
    return line.value


def checksum(payload: object) -> str:
    """The checksum of the metadata: sha256 of its canonical JSON, 16 hex digits."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:16]


def metadata_rows(book: ReturnBook) -> list[list[str]]:
    """The rows of the hidden sheet under its heading: sheet, action, target, original."""
    rows: list[list[str]] = []
    for row in book.rows:
        original = original_update(row, book.scale)
        rows.append([UPDATES_SHEET, row.action, "", json.dumps(original, sort_keys=True)])
    for row in book.rows:
        for line in row.figures:
            value = {"value": original_figure(line)}
            rows.append([FIGURES_SHEET, line.action, line.target, json.dumps(value)])
    return rows


def metadata_checksum(plan: str, month: str, lead: str, rows: list[list[str]]) -> str:
    """The checksum the hidden sheet carries (and the import recomputes)."""
    return checksum([FORMAT, plan, month, lead, rows])
