"""Engine results as text: rich tables, GitHub markdown, CSV and JSON.

Every rating is shown as its word ("Red", "Not reported"); in rich tables the word also carries
its colour, so nothing depends on colour alone and the output reads the same under NO_COLOR or
when piped. Nothing here prints: rich output is returned as renderables for a console."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from g2g.engine.derive import CHALLENGE_KEY, ActionRating, recorded_mark, reported_mark
from g2g.engine.grouping import Grouping
from g2g.engine.month import History, MonthRating, as_data
from g2g.engine.ratings import ExceptionKind, Rating, Trend, is_rated, status_word
from g2g.engine.rollup import Counts, RollupRow, rating_cell, share_words
from g2g.escape import MdSafe, md_inline, terminal_text
from g2g.output.tabular import csv_table, md_table, plan_names, shown
from g2g.plan.lifecycle import Stage
from g2g.plan.model_base import RagScale, ReportedRating
from g2g.words import format_month, part_of

NOT_JUDGED = "Not judged"
"""The word shown for a derived rating when no rule gives one."""

# The 16 standard colours, so that a basic terminal does not turn Amber into a shade of red.
_STYLES = {
    Rating.red: "bold bright_white on red",
    Rating.amber: "bold black on yellow",
    Rating.green: "bold bright_white on green",
    Rating.blue: "bold bright_white on blue",
    Rating.not_reported: "italic",
    Rating.not_started: "dim",
    Rating.closed: "dim",
    Rating.not_enough: "italic",
}

_GROUP_WORDS = {
    Grouping.area: "Plan area",
    Grouping.objective: "Objective",
    Grouping.recommendation: "Recommendation",
    Grouping.lead: "Lead officer",
    Grouping.task_group: "Task group",
    Grouping.action: "Action",
}

_COUNT_COLUMNS = (Rating.green, Rating.amber, Rating.red, Rating.blue, Rating.not_reported)


NO_ACTIONS = "No actions"
"""What a roll-up row with no actions shows for its rating (a task group holding no plan area):
never "Not reported", which would say that actions went unreported."""


class Marked(NamedTuple):
    """A rating printed with words beside its colour: a challenged recorded rating, "Green,
    challenged: the evidence gives Red"."""

    rating: Rating
    text: str


Cell = Rating | Marked | str | None
"""A rating cell: a rating, a marked rating, None (not judged) or a word such as
:data:`NO_ACTIONS`."""


def action_cell(action: ActionRating) -> Cell:
    """An action's reported rating as a cell: marked when the evidence contradicts it."""
    mark = reported_mark(action)
    return action.reported if mark == action.reported.word else Marked(action.reported, mark)


def row_rating(row: RollupRow) -> Cell:
    """A roll-up row's rating, or :data:`NO_ACTIONS` when it holds no action, or ``Not enough
    reported (N of M)`` when too few of its live actions are rated for a colour."""
    if not row.actions:
        return NO_ACTIONS
    if row.rating is Rating.not_enough:
        return rating_cell(row.rating, row.counts)
    return row.rating


def overall_cell(result: MonthRating) -> Cell:
    """The plan's overall rating as a cell, as :func:`row_rating`."""
    overall = result.overall.rating
    return rating_cell(overall, result.totals) if overall is Rating.not_enough else overall


def word(rating: Cell) -> str:
    """The word for a rating; ``Not judged`` for a derived rating no rule gives."""
    if isinstance(rating, Marked):
        return rating.text
    if isinstance(rating, Rating):
        return rating.word
    return NOT_JUDGED if rating is None else rating


def rating_text(rating: Cell) -> Text:
    """A rating's word in its colour, for rich."""
    if isinstance(rating, Marked):
        return Text(rating.text, style=_STYLES[rating.rating])
    if isinstance(rating, Rating):
        return Text(rating.word, style=_STYLES[rating])
    return Text(word(rating), style="italic")


def _show_blue(result: MonthRating) -> bool:
    return result.scale is RagScale.brag


def _count_columns(result: MonthRating) -> list[Rating]:
    """Blue on a BRAG plan; Not started and Closed only when some action is."""
    return [r for r in _COUNT_COLUMNS if r is not Rating.blue or _show_blue(result)]


def _outside_columns(result: MonthRating) -> list[Rating]:
    """Not started and Closed, shown after the total (they are not in it) when any action is."""
    return [r for r in (Rating.not_started, Rating.closed) if result.totals.of(r)]


def _label(row: RollupRow, by: Grouping) -> str:
    if by in (Grouping.objective, Grouping.recommendation, Grouping.action):
        return f"{row.key}: {row.name}"
    return row.name


def _total_label(by: Grouping) -> str:
    # An action answering two findings counts in both rows, so the total counts actions once.
    return "All actions" if by is Grouping.recommendation else "Total"


def _status(action: ActionRating, month: str) -> str:
    derived = action.derivation
    state = action.lifecycle
    when = format_month(state.since) if state.since else ""
    if state.stage is Stage.complete:
        return f"Complete since {when}"
    if state.stage is Stage.not_started:
        return state.reason[0].upper() + state.reason[1:]
    if state.stage is Stage.closed:
        return f"Closed from {when}"
    if state.stage is Stage.superseded:
        return f"Superseded by {state.replaced_by} from {when}"
    if derived.status is None:
        return "Unknown"
    text = status_word(derived.status).capitalize()
    if derived.status_month and derived.status_month != month:
        text += f" ({format_month(derived.status_month)})"
    return text


def _heading(result: MonthRating, by: Grouping, name: str) -> list[str]:
    compared = (
        f"compared with {format_month(result.previous_month)}"
        if result.previous_month
        else "the first reported month, nothing to compare with"
    )
    return [
        f"{name} - {format_month(result.month)}",
        f"Ratings by {_GROUP_WORDS[by].lower()}, {_policy_words(result.reported_policy)}; "
        f"{compared}.",
    ]


def _policy_words(policy: ReportedRating) -> str:
    return {
        ReportedRating.recorded: "as the lead officers recorded them",
        ReportedRating.derived: "as derived from dates, statuses and figures",
        ReportedRating.worse: "the worse of the recorded and the derived rating",
    }[policy]


def overall_line(result: MonthRating) -> str:
    """``Overall: Amber - the plan is Amber overall (...)`` in plain words."""
    overall = result.overall
    if overall.rating is Rating.not_enough:
        # the coverage once: the reason already counts the live actions rated
        reason = overall.reason.replace(f"{Rating.not_enough.word.lower()}: ", "")
        return f"Overall: {word(overall_cell(result))} - {reason}"
    text = f"Overall: {word(overall_cell(result))}"
    if is_rated(overall.rating):
        text += f" - the plan is {overall.rating.word} overall"
    text += f" ({overall.reason})"
    if result.previous_month:
        before = format_month(result.previous_month)
        if overall.trend is Trend.not_comparable:
            text += f"; not comparable with {before}"
        else:
            text += f"; {overall.trend.word.lower()} since {before}"
    return text


def coverage_line(result: MonthRating) -> str:
    """``Rated: 11 of 12 live actions rated for Aug 2019 (a colour needs more than half)``; a
    month with no update at all says so first."""
    totals = result.totals
    month = format_month(result.month)
    text = f"Rated: {part_of(totals.rated, totals.live, 'live action')} rated for {month}"
    text += f" (a roll-up shows a colour only with {share_words(result.coverage)} rated)"
    if result.no_updates:
        text = f"No updates at all are recorded for {month}. {text}"
    return text


def challenge_key(result: MonthRating) -> str | None:
    """The key to the challenge marks, when any action is challenged."""
    return CHALLENGE_KEY if result.totals.challenged else None


def exception_lines(result: MonthRating) -> list[tuple[ExceptionKind, str]]:
    """The exceptions as (kind, text) pairs, one per line, each with its action's slippage
    when its due date was re-baselined."""
    slipped = {a.action: a.slippage for a in result.actions if a.slippage}
    return [
        (
            item.kind,
            _with_slippage(f"{item.action} {item.title} - {item.reason}", slipped.get(item.action)),
        )
        for item in result.exceptions
    ]


def _with_slippage(text: str, slipped: str | None) -> str:
    return f"{text} ({slipped})" if slipped else text


def note_lines(result: MonthRating) -> list[str]:
    """The requests for evidence, one per line (not challenges), with slippage as above."""
    slipped = {a.action: a.slippage for a in result.actions if a.slippage}
    return [
        _with_slippage(f"{n.action} {n.title} - {n.reason}", slipped.get(n.action))
        for n in result.notes
    ]


def complete_line(result: MonthRating) -> str:
    """``Complete: 1 of 5 actions complete`` plus not started and closed, when any."""
    totals = result.totals
    text = f"Complete: {result.complete_sentence}"
    extra = []
    if totals.not_started:
        extra.append(f"{totals.not_started} not started yet")
    if totals.closed:
        extra.append(f"{totals.closed} closed or superseded")
    return text + (f" ({', '.join(extra)}; not counted)" if extra else "")


def change_lines(result: MonthRating) -> tuple[str, list[str]]:
    """The changes since the previous reported month: a heading and one line each."""
    if result.previous_month is None:
        return f"Changes: {format_month(result.month)} is the first reported month", []
    heading = f"Changes since {format_month(result.previous_month)}"
    lines = [
        f"{c.action} {c.title}: {c.before.word} to {c.after.word} ({c.trend.word.lower()})"
        for c in result.changes
    ]
    return heading, lines


# --- rich ---------------------------------------------------------------------------------


def _group_table(result: MonthRating, by: Grouping) -> Table:
    """Counts per group; the footer is the plan's total with its overall rating."""
    columns = _count_columns(result)
    outside = _outside_columns(result)
    table = Table(box=box.SIMPLE, show_edge=False, show_footer=True)
    table.add_column(_GROUP_WORDS[by], Text(_total_label(by), style="bold"), overflow="fold")
    for rating in columns:
        table.add_column(rating.word, str(result.totals.of(rating)), justify="right", max_width=8)
    table.add_column("Total", str(result.totals.total), justify="right")
    for rating in outside:
        table.add_column(rating.word, str(result.totals.of(rating)), justify="right", max_width=7)
    table.add_column("Rated", result.totals.coverage, justify="right")
    table.add_column("Rating", rating_text(overall_cell(result)), max_width=19)
    table.add_column("Trend", result.overall.trend.word, max_width=10)
    table.add_column("Chal-\nlenged", str(result.totals.challenged), justify="right", max_width=6)
    for row in result.rows(by):
        counts = [str(row.counts.of(r)) for r in columns]
        table.add_row(
            shown(_label(row, by)),
            *counts,
            str(row.counts.total),
            *(str(row.counts.of(r)) for r in outside),
            row.counts.coverage,
            rating_text(row_rating(row)),
            row.trend.word,
            str(row.counts.challenged),
        )
    return table


def _action_table(result: MonthRating) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for name in ("Action", "Title", "Status", "Recorded", "Derived"):
        table.add_column(name, overflow="fold")
    show_reported = result.reported_policy is not ReportedRating.recorded
    if show_reported:
        table.add_column("Reported")
    table.add_column("Trend")
    for action in result.actions:
        cells: list[RenderableType] = [
            shown(action.action),
            shown(action.title),
            _status(action, result.month),
            _recorded_text(action),
            rating_text(action.derivation.rating),
        ]
        if show_reported:
            cells.append(
                Text(reported_mark(action), style=_STYLES[action.reported])
                if action.reported is action.recorded
                else rating_text(action.reported)
            )
        cells.append(action.trend.word)
        table.add_row(*cells)
    return table


def _recorded_text(action: ActionRating) -> Text:
    """The recorded rating in its colour, with the challenge mark in words when the evidence
    contradicts it (colour never alone)."""
    return Text(recorded_mark(action), style=_STYLES[action.recorded])


# Red and Not reported exceptions wear their rating's style; the others are bold.
_KIND_STYLES = {
    ExceptionKind.red: _STYLES[Rating.red],
    ExceptionKind.not_reported: _STYLES[Rating.not_reported],
}


def _exception_line(kind: ExceptionKind, text: str) -> Text:
    style = _KIND_STYLES.get(kind, "bold")
    return Text.assemble("  ", Text(kind.word, style=style), f": {terminal_text(text)}")


def month_renderables(results: Sequence[MonthRating], by: Grouping) -> list[RenderableType]:
    """One section per plan: heading, table, overall line, exceptions and changes."""
    out: list[RenderableType] = []
    names = plan_names(results)
    for number, result in enumerate(results):
        if number:
            out.append(Text(""))
        title, subtitle = _heading(result, by, names[number])
        out.append(Text(terminal_text(title), style="bold"))
        out.append(Text(terminal_text(subtitle)))
        out.append(_action_table(result) if by is Grouping.action else _group_table(result, by))
        key = challenge_key(result)
        if key:
            out.append(Text(key))
        shown_overall = overall_cell(result)
        out.append(
            Text.assemble(
                ("Overall: ", "bold"),
                rating_text(shown_overall),
                overall_line(result).removeprefix(f"Overall: {word(shown_overall)}"),
            )
        )
        out.append(Text(coverage_line(result)))
        out.append(Text(complete_line(result)))
        lines = exception_lines(result)
        out.append(Text("Exceptions:" if lines else "Exceptions: none", style="bold"))
        # One Text per block of lines: rich costs ~0.2 ms a print, and a region's 20 plans
        # have thousands of exception lines.
        if lines:
            out.append(Text("\n").join(_exception_line(kind, text) for kind, text in lines))
        notes = note_lines(result)
        if notes:
            out.append(Text("Evidence requested (not challenges):", style="bold"))
            out.append(Text("\n").join(Text(f"  {line}") for line in notes))
        heading, changes = change_lines(result)
        if result.previous_month and not changes:
            heading += ": none"
        elif changes:
            heading += ":"
        out.append(Text(heading, style="bold"))
        if changes:
            out.append(Text("\n").join(Text(f"  {terminal_text(line)}") for line in changes))
    return out


def _history_rows(item: History, by: Grouping) -> list[tuple[str, list[Cell]]]:
    if not item.ratings:
        return []
    last = item.ratings[-1]
    found = [_month_cells(month, by) for month in item.ratings]
    rows = [(_label(row, by), [f.get(row.key) for f in found]) for row in last.rows(by)]
    rows.append(("Overall", [overall_cell(month) for month in item.ratings]))
    return rows


def _month_cells(month: MonthRating, by: Grouping) -> dict[str, Cell]:
    """One month's cells of the history matrix by row key: each action's rating marked when
    challenged (``--by action``), else each roll-up's rating."""
    if by is Grouping.action:
        return {a.action: action_cell(a) for a in month.actions}
    return {row.key: row_rating(row) for row in month.rows(by)}


def history_renderables(histories: Sequence[History], by: Grouping) -> list[RenderableType]:
    """One month-by-month matrix per plan: rows are the roll-up (or actions), columns months."""
    out: list[RenderableType] = []
    names = plan_names(histories)
    for number, item in enumerate(histories):
        if number:
            out.append(Text(""))
        heading = f"{names[number]} - history by {_GROUP_WORDS[by].lower()}"
        out.append(Text(terminal_text(heading), style="bold"))
        if not item.months:
            out.append(Text("No months with updates yet."))
            continue
        table = Table(box=box.SIMPLE_HEAD, show_edge=False)
        table.add_column(_GROUP_WORDS[by], overflow="fold")
        for month in item.months:
            table.add_column(format_month(month))
        for label, cells in _history_rows(item, by):
            table.add_row(shown(label), *(rating_text(c) for c in cells))
        out.append(table)
    return out


def _md_month(result: MonthRating, by: Grouping, name: str) -> list[str]:
    title, subtitle = _heading(result, by, name)
    lines = [f"## {md_inline(title)}", "", md_inline(subtitle), ""]
    if by is Grouping.action:
        lines.extend(_md_actions(result))
    else:
        lines.extend(_md_groups(result, by))
    key = challenge_key(result)
    if key:
        lines += ["", md_inline(key)]
    lines += ["", f"**{md_inline(overall_line(result))}**", "", md_inline(coverage_line(result))]
    lines += ["", md_inline(complete_line(result))]
    lines += ["", "### Exceptions", ""]
    found = exception_lines(result)
    lines.extend(f"- **{kind.word}**: {md_inline(text)}" for kind, text in found)
    if not found:
        lines.append("None.")
    notes = note_lines(result)
    if notes:
        lines += ["", "### Evidence requested (not challenges)", ""]
        lines.extend(f"- {md_inline(line)}" for line in notes)
    heading, changes = change_lines(result)
    lines += ["", f"### {md_inline(heading)}", ""]
    lines.extend(f"- {md_inline(line)}" for line in changes)
    if not changes and result.previous_month:
        lines.append("None.")
    return lines


def _md_groups(result: MonthRating, by: Grouping) -> list[str]:
    columns = _count_columns(result)
    outside = _outside_columns(result)
    header = [
        _GROUP_WORDS[by],
        *(r.word for r in columns),
        "Total",
        *(r.word for r in outside),
        "Rated",
        "Rating",
        "Trend",
        "Challenged",
    ]
    rows = [
        [
            _label(row, by),
            *(str(row.counts.of(r)) for r in columns),
            str(row.counts.total),
            *(str(row.counts.of(r)) for r in outside),
            row.counts.coverage,
            word(row_rating(row)),
            row.trend.word,
            str(row.counts.challenged),
        ]
        for row in result.rows(by)
    ]
    overall = result.overall
    rows.append(
        [
            MdSafe(f"**{md_inline(_total_label(by))}**"),
            *(str(result.totals.of(r)) for r in columns),
            str(result.totals.total),
            *(str(result.totals.of(r)) for r in outside),
            result.totals.coverage,
            word(overall_cell(result)),
            overall.trend.word,
            str(result.totals.challenged),
        ]
    )
    return md_table(header, rows, right=len(columns) + 2 + len(outside))


def _md_actions(result: MonthRating) -> list[str]:
    header = ["Action", "Title", "Status", "Recorded", "Derived", "Reported", "Trend"]
    rows = [
        [
            a.action,
            a.title,
            _status(a, result.month),
            recorded_mark(a),
            word(a.derivation.rating),
            reported_mark(a),
            a.trend.word,
        ]
        for a in result.actions
    ]
    return md_table(header, rows)


def month_markdown(results: Sequence[MonthRating], by: Grouping) -> str:
    """One markdown section per plan: table, overall line, exceptions, changes."""
    names = plan_names(results)
    sections = [
        "\n".join(_md_month(result, by, name)) for result, name in zip(results, names, strict=True)
    ]
    return "\n\n".join(sections) + "\n"


def history_markdown(histories: Sequence[History], by: Grouping) -> str:
    """One month-by-month markdown table per plan."""
    sections: list[str] = []
    for item, name in zip(histories, plan_names(histories), strict=True):
        lines = [f"## {md_inline(name)} - history by {_GROUP_WORDS[by].lower()}", ""]
        header = [_GROUP_WORDS[by], *(format_month(m) for m in item.months)]
        rows = [[label, *(word(c) for c in cells)] for label, cells in _history_rows(item, by)]
        lines.extend(md_table(header, rows) if item.months else ["No months with updates yet."])
        sections.append("\n".join(lines))
    return "\n\n".join(sections) + "\n"


# --- csv ----------------------------------------------------------------------------------

GROUP_CSV_HEADER = (
    "plan",
    "month",
    "by",
    "id",
    "name",
    "green",
    "amber",
    "red",
    "blue",
    "not_reported",
    "total",
    "rating",
    "trend",
    "not_started",
    "closed",
    "complete",
    "live",
    "rated",
    "challenged",
)
"""Columns of ``--format csv`` for a roll-up; the last row of each plan is its total (the
actions in force: not_started and closed are outside it). A stable interface: new columns
only at the end. ``live`` is the actions running in the month (not complete, not started or
closed), ``rated`` how many of them have a colour for it (below ``rag_policy.coverage`` the
rating is ``Not enough reported (rated of live)``), ``challenged`` how many recorded ratings
the evidence contradicts."""

ACTION_CSV_HEADER = (
    "plan",
    "month",
    "action",
    "title",
    "area",
    "objective",
    "lead",
    "status",
    "recorded",
    "derived",
    "reported",
    "previous",
    "trend",
    "overdue",
    "challenge",
    "derived_reason",
    "stage",
    "since",
    "evidence_requested",
    "slippage",
    "challenged_by",
)
"""Columns of ``--format csv --by action``. A stable interface: new columns only at the end.
``stage`` is not_started, live, complete, closed or superseded; ``since`` the month it began;
``evidence_requested`` a request for evidence that is not a challenge; ``slippage`` a
re-baselined due date against the original ("due Sep 2019, revised to Dec 2019 (+3 months)");
``challenged_by`` the rating the evidence gives when it contradicts the recorded one."""


def _count_cells(counts: Counts) -> list[int]:
    return [
        counts.green,
        counts.amber,
        counts.red,
        counts.blue,
        counts.not_reported,
        counts.total,
    ]


def _outside_cells(counts: Counts) -> list[int]:
    return [counts.not_started, counts.closed, counts.complete]


def _coverage_cells(counts: Counts) -> list[int]:
    return [counts.live, counts.rated, counts.challenged]


def month_csv(results: Sequence[MonthRating], by: Grouping) -> str:
    """CSV rows for every plan: one per roll-up group and a total, or one per action."""
    if by is Grouping.action:
        return csv_table(ACTION_CSV_HEADER, [_action_csv(r, a) for r in results for a in r.actions])
    rows: list[list[object]] = []
    for result in results:
        start = [result.plan, result.month, by.value]
        for row in result.rows(by):
            counts = _count_cells(row.counts)
            rows.append(
                [
                    *start,
                    row.key,
                    row.name,
                    *counts,
                    word(row_rating(row)),
                    row.trend.word,
                    *_outside_cells(row.counts),
                    *_coverage_cells(row.counts),
                ]
            )
        overall = result.overall
        counts = _count_cells(result.totals)
        label = _total_label(by)
        rows.append(
            [
                *start,
                "",
                label,
                *counts,
                word(overall_cell(result)),
                overall.trend.word,
                *_outside_cells(result.totals),
                *_coverage_cells(result.totals),
            ]
        )
    return csv_table(GROUP_CSV_HEADER, rows)


def _action_csv(result: MonthRating, a: ActionRating) -> list[object]:
    return [
        result.plan,
        result.month,
        a.action,
        a.title,
        a.area,
        a.objective,
        a.lead,
        _status(a, result.month),
        a.recorded.word,
        word(a.derivation.rating),
        a.reported.word,
        a.previous.word if a.previous else "",
        a.trend.word,
        "yes" if a.derivation.overdue else "no",
        a.challenge or "",
        a.derivation.reason,
        a.lifecycle.stage.value,
        a.lifecycle.since or "",
        a.evidence or "",
        a.slippage or "",
        a.challenged_by.word if a.challenged_by else "",
    ]


def history_csv(histories: Sequence[History], by: Grouping) -> str:
    """CSV of the month-by-month matrix: plan, id, name, then one column per month."""
    months = sorted({m for item in histories for m in item.months})
    rows: list[list[object]] = []
    for item in histories:
        if not item.ratings:
            continue
        last = item.ratings[-1]
        found = {month.month: _month_cells(month, by) for month in item.ratings}
        for row in last.rows(by):
            cells = [word(found[m].get(row.key)) if m in found else "" for m in months]
            rows.append([item.plan, row.key, row.name, *cells])
        overall = {month.month: overall_cell(month) for month in item.ratings}
        cells = [word(overall[m]) if m in overall else "" for m in months]
        rows.append([item.plan, "", "Overall", *cells])
    return csv_table(["plan", "id", "name", *months], rows)


# --- json ---------------------------------------------------------------------------------


NO_ACTIONS_JSON = "no_actions"
"""The rating JSON gives a roll-up row that holds no action (a task group with no plan area):
never ``not_reported``, which would say an action owes an update."""


def _mark_empty_rows(data: Any) -> Any:
    """``data`` with every roll-up row (the lists under ``by_*``) that holds no action rated
    :data:`NO_ACTIONS_JSON`, as :func:`row_rating` shows it in the other formats."""
    if isinstance(data, list):
        return [_mark_empty_rows(item) for item in data]
    if not isinstance(data, dict):
        return data
    out = {key: _mark_empty_rows(value) for key, value in data.items()}
    for key, rows in out.items():
        if key.startswith("by_") and isinstance(rows, list):
            for row in rows:
                if isinstance(row, dict) and row.get("actions") == []:
                    row["rating"] = NO_ACTIONS_JSON
                    row["reason"] = "the group holds no action"
    return out


def rag_json(items: Sequence[MonthRating] | Sequence[History]) -> str:
    """The full engine results as a JSON list, keys in the dataclasses' field order; a roll-up
    row that holds no action is rated ``no_actions``."""
    return json.dumps(_mark_empty_rows(as_data(list(items))), indent=2, ensure_ascii=False) + "\n"
