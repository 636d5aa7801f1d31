"""The meaning checks: what the schema cannot see.

Ids are unique, references resolve, every recommendation is answered, dates are ordered and
inside the plan, figures are in range, each action has at most one update a month, and the
suspicious-but-legal cases are warned about. Every check returns diagnostics and carries on.

:func:`check_plan` runs them all. This module checks plan.yaml and the progress files; the
checks of the boards (:mod:`g2g.plan.governance`), of moved goalposts (:mod:`g2g.plan.goalposts`)
and of the service figures and budget lines (:mod:`g2g.plan.figure_checks`) have their own
modules, and all of them report into a :class:`g2g.plan.sink.Sink`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from g2g.diagnostics import Diagnostic, warning
from g2g.months import due_date, month_of, month_start
from g2g.plan.exempt import repeated_figures, withheld_figures
from g2g.plan.figure_checks import check_finance, check_measures, range_problem
from g2g.plan.goalposts import check_goalposts
from g2g.plan.governance import check_governance
from g2g.plan.lifecycle import Stage, action_state
from g2g.plan.load import Plan, ValidPlan, loaded, position
from g2g.plan.model_base import EventStatus, RagScale, Status, Unit, first_day, is_number, last_day
from g2g.plan.model_plan import Action, Inspection, PlanFile, Target
from g2g.plan.model_progress import ProgressFile, Update
from g2g.plan.narrative import (
    Implications,
    NarrativeFile,
    Section,
    Sections,
)
from g2g.plan.narrative_checks import check_narrative
from g2g.plan.officer_fields import OFFICER_FIELDS, Kind
from g2g.plan.sink import Sink, action_locs, unique
from g2g.plan.sources import FINDING_KINDS, SOURCE_KINDS
from g2g.words import did_you_mean, one_line

NO_FINDING = "action-answers-no-finding"
"""The code of the warning for an action with no ``addresses`` that is not marked enabling."""
NO_RAG = "update-no-rag"
"""The code of the warning for an update with no RAG rating."""
TODO_PLACEHOLDER = "todo-placeholder"
"""The code of the warning for a value that still holds a TODO placeholder of g2g init."""
MISSING_UPDATE = "missing-update"
"""The code of the warning for a live action with no update in the latest reported month."""

_FILE_MONTH = re.compile(r"^([0-9]{4}-[0-9]{2})")


def check_plan(plan: ValidPlan, today: dt.date | None = None) -> list[Diagnostic]:
    """Every meaning problem of a plan whose files passed the schema."""
    sink = Sink(plan.path, plan.data)
    _check_definition(plan.model, sink)
    _check_placeholders(plan.data, (), sink)
    check_governance(plan.model, sink)
    check_goalposts(plan.model, sink)
    out = sink.out
    out.extend(_check_progress(plan, plan.model, today or dt.date.today()))
    out.extend(check_measures(plan, plan.model))
    finance = plan.loaded_finance
    if plan.finance is not None and finance is not None:
        out.extend(check_finance(plan.finance.path, plan.finance.data, finance))
    out.extend(_check_narratives(plan, plan.model))
    out.extend(_check_withheld_repeated(plan))
    return out


def _check_withheld_repeated(plan: Plan) -> list[Diagnostic]:
    """A warning where public text (a narrative section, recommendation or update that is not
    exempt) repeats a figure the public outputs withhold (g2g.plan.exempt.withheld_figures):
    the public paper prints that text, so the figure could be read, or worked out, from it."""
    finance = plan.finance.model if plan.finance else None
    measures = plan.measures.model if plan.measures else None
    withheld = withheld_figures(finance, measures)
    if not withheld:
        return []
    thousands = finance is not None and finance.unit is Unit.gbp_thousands
    out: list[Diagnostic] = []

    def look(path: str, data: Any, loc: tuple[int | str, ...], text: str | None) -> None:
        found = repeated_figures(text or "", withheld, thousands)
        if found:
            line, column = position(data, *loc)
            out.append(
                warning(
                    path,
                    line,
                    column,
                    f"the text repeats {'; '.join(found)}: public outputs print this text, so "
                    "the figure can be read or worked out from it - leave the figure out, or mark "
                    "the text exempt",
                    code="exempt-figure-repeated",
                )
            )

    for source in plan.narratives:
        n = source.model
        if n is None or n.exempt is not None:
            continue
        for loc, text in _public_narrative_texts(n):
            look(source.path, source.data, loc, text)
    for progress, model in loaded(plan.progress):
        for loc, text in _public_update_texts(model):
            look(progress.path, progress.data, loc, text)
    return out


def _public_narrative_texts(n: NarrativeFile) -> Iterator[tuple[tuple[int | str, ...], str | None]]:
    """Where each text of a narrative sits, and the text, leaving out exempt sections."""
    parts: list[tuple[tuple[int | str, ...], Section | None]] = [(("purpose",), n.purpose)]
    parts += [(("sections", k), getattr(n.sections, k)) for k in Sections.model_fields]
    parts += [(("implications", k), getattr(n.implications, k)) for k in Implications.model_fields]
    parts += [(("analysis", group), value) for group, value in n.analysis.items()]
    for loc, value in parts:
        if value is not None and value.exempt is None:
            yield loc, value.text
    for index, text in enumerate(n.recommendations):
        yield ("recommendations", index), text


def _public_update_texts(model: ProgressFile) -> Iterator[tuple[tuple[int | str, ...], str | None]]:
    """Where each officer's text field of an update that is not exempt sits, and its text."""
    for index, update in enumerate(model.updates):
        if update.exempt is not None:
            continue
        for officer in OFFICER_FIELDS:
            if officer.kind is Kind.text:
                yield ("updates", index, officer.name), getattr(update, officer.name)


def _check_narratives(plan: Plan, model: PlanFile) -> list[Diagnostic]:
    """Each meeting's narrative: board, groups, appendices, links (g2g.plan.narrative)."""
    measures = plan.measures.model if plan.measures else None
    groups = sorted({m.group for m in measures.measures if m.group}) if measures else []
    out: list[Diagnostic] = []
    for source, narrative in loaded(plan.narratives):
        out.extend(check_narrative(source.path, source.data, narrative, model, plan.folder, groups))
    return out


def _check_placeholders(node: Any, loc: tuple[int | str, ...], sink: Sink) -> None:
    """A warning for each value that still starts with TODO, as g2g init writes them."""
    if isinstance(node, dict):
        for key, value in node.items():
            _check_placeholders(value, (*loc, key), sink)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            _check_placeholders(item, (*loc, index), sink)
    elif isinstance(node, str) and node.lstrip().startswith(TODO_WORD):
        name = next((str(part) for part in reversed(loc) if isinstance(part, str)), "value")
        shown = one_line(node)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        sink.warning(
            loc,
            f"{name} still holds the placeholder '{shown}' - replace it with the plan's own words",
            code=TODO_PLACEHOLDER,
        )


TODO_WORD = "TODO"


@dataclass(frozen=True)
class _Period:
    start: str
    end: str


def _period(model: PlanFile) -> _Period:
    """The plan period in order; a reversed one is reported once, not at every month in it."""
    period = model.plan.period
    if period.end < period.start:
        return _Period("0000-01", "9999-12")
    return _Period(period.start, period.end)


# --- the plan definition -----------------------------------------------------------------


def _check_definition(model: PlanFile, sink: Sink) -> None:
    """The plan definition: its period, unique ids, sources, areas, actions and findings."""
    settings = model.plan
    period = settings.period
    if period.end < period.start:
        sink.error(
            ("plan", "period", "end"),
            f"the plan ends ({period.end}) before it starts ({period.start}) - "
            "make period.end the same month as period.start or later",
            code="plan-period-order",
        )
    unique(
        sink, "board", ((b.id, ("plan", "boards", i, "id")) for i, b in enumerate(settings.boards))
    )
    unique(
        sink,
        "inspection",
        ((x.id, ("inspections", i, "id")) for i, x in enumerate(model.inspections)),
    )
    finding_ids = unique(
        sink,
        "finding",
        (
            (f.id, ("inspections", i, "findings", j, "id"))
            for i, x in enumerate(model.inspections)
            for j, f in enumerate(x.findings)
        ),
    )
    for i, inspection in enumerate(model.inspections):
        _check_inspection_dates(inspection, i, sink)
        _check_source(inspection, i, sink)
    unique(sink, "area", ((a.id, ("areas", i, "id")) for i, a in enumerate(model.areas)))
    unique(
        sink,
        "objective",
        (
            (o.id, ("areas", i, "objectives", j, "id"))
            for i, a in enumerate(model.areas)
            for j, o in enumerate(a.objectives)
        ),
    )
    actions = action_locs(model)
    unique(sink, "action", ((act.id, (*loc, "id")) for act, loc in actions))
    unique(
        sink,
        "target",
        (
            (t.id, (*loc, "targets", n, "id"))
            for act, loc in actions
            for n, t in enumerate(act.targets)
        ),
    )
    _check_empty(model, sink)
    addressed: set[str] = set()
    for action, loc in actions:
        _check_action(action, loc, model, sink, finding_ids)
        addressed.update(action.addresses)
    _check_unaddressed(model, addressed, sink)


def _check_inspection_dates(inspection: Inspection, i: int, sink: Sink) -> None:
    """The dates of one source in order: visit, report, plan due; no findings before a visit."""
    if inspection.end and last_day(inspection.end) < first_day(inspection.start):
        sink.error(
            ("inspections", i, "end"),
            f"the inspection ends ({inspection.end}) before it starts ({inspection.start}) "
            "- end must be on or after start",
            code="inspection-end-before-start",
        )
    ended = inspection.end or inspection.start
    if inspection.published and inspection.published < first_day(ended):
        sink.error(
            ("inspections", i, "published"),
            f"published {inspection.published} is before the visit ended ({ended}) - "
            "a report is published after the visit",
            code="inspection-published-before-end",
        )
    if inspection.plan_due and inspection.published and inspection.plan_due < inspection.published:
        sink.error(
            ("inspections", i, "plan_due"),
            f"plan_due {inspection.plan_due} is before the report was published "
            f"({inspection.published}) - the plan falls due after the report; check both "
            "dates",
            code="inspection-plan-due-before-published",
        )
    if inspection.status is EventStatus.planned and inspection.findings:
        sink.warning(
            ("inspections", i, "findings"),
            f"'{inspection.id}' is planned but already has findings - mark it status: held, "
            "or keep its findings until its report is published",
            code="inspection-findings-before-visit",
        )


def _check_empty(model: PlanFile, sink: Sink) -> None:
    """A warning for each area with no objectives and each objective with no actions."""
    for i, area in enumerate(model.areas):
        if not area.objectives:
            sink.warning(
                ("areas", i, "id"),
                f"area '{area.id}' has no objectives - add some",
                code="area-empty",
            )
        for j, objective in enumerate(area.objectives):
            if not objective.actions:
                sink.warning(
                    ("areas", i, "objectives", j, "id"),
                    f"objective '{objective.id}' has no actions - add the actions that deliver it",
                    code="objective-empty",
                )


def _check_unaddressed(model: PlanFile, addressed: set[str], sink: Sink) -> None:
    """Each finding no action addresses: an error where its kind must be answered, else a
    warning."""
    only_ofsted = all(SOURCE_KINDS[x.kind].ofsted for x in model.inspections)
    for i, inspection in enumerate(model.inspections):
        source = SOURCE_KINDS[inspection.kind]
        # a plan of Ofsted's sources only (every g2g 0.1 plan) reads as it did; in a plan
        # with other sources, each finding is named with its source
        of = "" if only_ofsted else f" of the {source.words} '{inspection.id}'"
        for j, finding in enumerate(inspection.findings):
            if finding.id in addressed:
                continue
            loc = ("inspections", i, "findings", j, "id")
            kind = FINDING_KINDS[finding.kind]
            if kind.required:
                sink.error(
                    loc,
                    f"{kind.word} '{finding.id}'{of} is addressed by no action - list it under "
                    "'addresses' of the actions that answer it",
                    code=kind.code,
                )
            else:
                sink.warning(
                    loc,
                    f"{kind.word} '{finding.id}'{of} is addressed by no action - list it "
                    "under 'addresses' of an action, if one answers it",
                    code=kind.code,
                )


def _check_source(inspection: Inspection, i: int, sink: Sink) -> None:
    """What a kind of source allows: its kinds of finding, an Ofsted judgement and Ofsted's
    plan deadline (from :data:`g2g.plan.sources.SOURCE_KINDS`)."""
    source = SOURCE_KINDS[inspection.kind]
    for j, finding in enumerate(inspection.findings):
        if finding.kind not in source.findings:
            choices = " or ".join(k.value for k in source.findings)
            sink.error(
                ("inspections", i, "findings", j, "kind"),
                f"'{finding.id}' has kind {finding.kind.value}, but the {source.words} "
                f"'{inspection.id}' gives no {FINDING_KINDS[finding.kind].plural} - use kind: "
                f"{choices}",
                code="finding-kind-not-for-source",
            )
    if source.ofsted:
        return
    if inspection.judgement is not None:
        sink.error(
            ("inspections", i, "judgement"),
            f"the {source.words} '{inspection.id}' gives no Ofsted judgement - remove "
            "judgement, or record Ofsted's inspection as a source of its own",
            code="source-judgement-not-ofsted",
        )
    if inspection.plan_due is not None:
        sink.error(
            ("inspections", i, "plan_due"),
            f"plan_due is the deadline for sending Ofsted the plan, which the {source.words} "
            f"'{inspection.id}' does not set - record its dates under reviews instead",
            code="source-plan-due-not-ofsted",
        )


def _check_action(
    action: Action,
    loc: tuple[int | str, ...],
    model: PlanFile,
    sink: Sink,
    finding_ids: set[str],
) -> None:
    period = _period(model)
    # a plan of Ofsted's sources only says "inspection", as g2g 0.1 did
    source = (
        "inspection" if all(SOURCE_KINDS[x.kind].ofsted for x in model.inspections) else "source"
    )
    if not action.addresses and finding_ids and not action.enabling:
        sink.warning(
            (*loc, "id"),
            f"action '{action.id}' answers no {source} finding - list the finding ids it "
            "addresses under 'addresses', or mark it enabling: true if it is an enabling or "
            "cross-cutting action",
            code=NO_FINDING,
        )
    for n, ref in enumerate(action.addresses):
        if ref not in finding_ids:
            hint = did_you_mean(ref, sorted(finding_ids))
            sink.error(
                (*loc, "addresses", n),
                f"'{ref}' is not a finding of any {source} in the plan{hint} - use the id of "
                + (
                    "a recommendation or area for improvement"
                    if source == "inspection"
                    else "a finding listed under one of the plan's sources"
                ),
                code="unknown-finding",
            )
    when = action.timescale
    tloc = (*loc, "timescale")
    if not (when.due or when.ongoing or when.recurring):
        sink.error(
            tloc,
            f"action '{action.id}' has no end - add due: YYYY-MM or YYYY-MM-DD, "
            "ongoing: true, or recurring: quarterly",
            code="action-no-end",
        )
    if when.due and when.ongoing:
        sink.error(
            (*tloc, "ongoing"),
            "an action cannot be both due and ongoing - remove one of them",
            code="action-due-and-ongoing",
        )
    if when.start and when.due and month_of(due_date(when.due)) < when.start:
        sink.error(
            (*tloc, "due"),
            f"due {when.due} is before the action starts ({when.start}) - the due date must be "
            "on or after the start",
            code="action-due-before-start",
        )
    if when.start and not (period.start <= when.start <= period.end):
        sink.warning(
            (*tloc, "start"),
            f"start {when.start} is outside the plan period {period.start} to {period.end} - "
            "check the month or widen plan.period",
            code="action-start-outside-period",
        )
    if when.due and month_of(due_date(when.due)) > period.end:
        sink.warning(
            (*tloc, "due"),
            f"due {when.due} is after the plan ends ({period.end}) - check the date or extend "
            "plan.period.end",
            code="action-due-after-period",
        )
    for n, target in enumerate(action.targets):
        _check_target(target, (*loc, "targets", n), model, sink)


def _check_target(target: Target, loc: tuple[int | str, ...], model: PlanFile, sink: Sink) -> None:
    _check_milestones(target, loc, _period(model), sink)
    if target.baseline:
        problem = range_problem(target.unit, target.baseline.value)
        if problem:
            sink.error((*loc, "baseline", "value"), problem, code="value-out-of-range")
        first = target.milestones[0].month if target.milestones else None
        if target.baseline.month and first and target.baseline.month > first:
            sink.warning(
                (*loc, "baseline", "month"),
                f"baseline {target.baseline.month} is after the first milestone ({first}) - a "
                "baseline is where the measure started",
                code="baseline-after-milestone",
            )
    for n, comparator in enumerate(target.comparators):
        problem = range_problem(target.unit, comparator.value)
        if problem:
            sink.error((*loc, "comparators", n, "value"), problem, code="value-out-of-range")
        if comparator.kind.value == "other" and not comparator.name:
            sink.warning(
                (*loc, "comparators", n, "kind"),
                "a comparator of kind 'other' has no name - add name: to say what it is",
                code="comparator-unnamed",
            )


def _check_milestones(
    target: Target, loc: tuple[int | str, ...], period: _Period, sink: Sink
) -> None:
    """A target's milestones: in month order, inside the plan period, values in range."""
    previous: str | None = None
    for n, milestone in enumerate(target.milestones):
        mloc = (*loc, "milestones", n)
        if previous is not None and milestone.month <= previous:
            sink.error(
                (*mloc, "month"),
                f"milestone {milestone.month} is not after the one before ({previous}) - list "
                "milestones in month order, one per month",
                code="milestone-order",
            )
        previous = milestone.month
        if not period.start <= milestone.month <= period.end:
            sink.error(
                (*mloc, "month"),
                f"milestone {milestone.month} is outside the plan period {period.start} to "
                f"{period.end} - move it inside the period or widen plan.period",
                code="milestone-outside-period",
            )
        problem = range_problem(target.unit, milestone.value)
        if problem:
            sink.error((*mloc, "value"), problem, code="value-out-of-range")


# --- progress ----------------------------------------------------------------------------


def _check_progress(plan: ValidPlan, model: PlanFile, today: dt.date) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    actions: dict[str, Action] = {}
    for _, _, action in model.actions():
        actions.setdefault(action.id, action)
    targets: dict[str, tuple[Target, str]] = {
        t.id: (t, action.id) for action in actions.values() for t in action.targets
    }
    period = _period(model)
    brag = model.plan.rag_policy.scale is RagScale.brag
    this_month = month_of(today)
    seen: dict[tuple[str, str], tuple[str, int]] = {}
    # month -> action -> status, for the "no update in the latest month" warning
    statuses: dict[str, dict[str, Status]] = {}
    latest_source: dict[str, str] = {}
    for source in plan.progress:
        progress = source.model
        if progress is None:
            continue
        sink = Sink(source.path, source.data)
        month = progress.month
        latest_source.setdefault(month, source.path)
        if not period.start <= month <= period.end:
            sink.error(
                ("month",),
                f"month {month} is outside the plan period {period.start} to {period.end} - "
                "check the month or widen plan.period",
                code="progress-month-outside-period",
            )
        if month > this_month:
            sink.warning(
                ("month",),
                f"month {month} is in the future - check the month",
                code="progress-month-future",
            )
        named = _FILE_MONTH.match(Path(source.path).name)
        if named and named.group(1) != month:
            sink.error(
                ("month",),
                f"the file is named for {named.group(1)} but says month: {month} - make the "
                "file name and the month agree",
                code="progress-month-file-name",
            )
        for i, update in enumerate(progress.updates):
            uloc: tuple[int | str, ...] = ("updates", i)
            found_action = actions.get(update.action)
            if found_action is None:
                hint = did_you_mean(update.action, sorted(actions))
                sink.error(
                    (*uloc, "action"),
                    f"'{update.action}' is not an action of the plan{hint} - use an action id "
                    "from plan.yaml",
                    code="unknown-action",
                )
                continue
            line = position(source.data, *uloc)[0]
            first = seen.get((month, update.action))
            if first:
                sink.error(
                    (*uloc, "action"),
                    f"a second update for {update.action} in {month} (first at {first[0]}:"
                    f"{first[1]}) - keep one update per action per month",
                    code="update-duplicate",
                )
            else:
                seen[(month, update.action)] = (source.path, line)
            statuses.setdefault(month, {})[update.action] = update.status
            _check_update(update, found_action, uloc, month, sink, targets, brag, today)
        out.extend(sink.out)
    out.extend(_missing_updates(plan, model, statuses, latest_source))
    return out


def _check_update(
    update: Update,
    action: Action,
    uloc: tuple[int | str, ...],
    month: str,
    sink: Sink,
    targets: dict[str, tuple[Target, str]],
    brag: bool,
    today: dt.date,
) -> None:
    """One update: its values, its rating beside its status and narrative, and its date."""
    _check_update_values(update, action, uloc, sink, targets)
    if update.rag is not None and update.rag.value == "blue" and not brag:
        sink.error(
            (*uloc, "rag"),
            "blue is used only on a BRAG plan - use green for a completed action, or set "
            "plan.rag_policy.scale: brag",
            code="update-blue-on-rag-plan",
        )
    before_start = action.timescale.start is not None and month < action.timescale.start
    if update.rag is None:
        # an action not yet started has no rating to give (it is never "not reported")
        if not (update.status is Status.not_started and before_start):
            sink.warning(
                (*uloc, "action"),
                f"{action.id} has no RAG rating for {month} - add rag: red, amber or green",
                code=NO_RAG,
            )
    elif update.rag.value in ("green", "blue") and not (update.narrative or "").strip():
        sink.warning(
            (*uloc, "rag"),
            f"{action.id} is rated {update.rag.value} for {month} with no narrative - say what "
            "earned it",
            code="update-no-narrative",
        )
    if (
        update.status is Status.not_started
        and update.rag is not None
        and update.rag.value in ("green", "blue")
    ):
        sink.warning(
            (*uloc, "status"),
            f"{action.id} is rated {update.rag.value} for {month} but not started - check the "
            "status or the rating",
            code="update-rated-not-started",
        )
    if update.updated_on:
        if update.updated_on > today:
            sink.warning(
                (*uloc, "updated_on"),
                f"updated_on {update.updated_on} is in the future - check the date",
                code="update-date-future",
            )
        elif update.updated_on < month_start(month):
            sink.warning(
                (*uloc, "updated_on"),
                f"updated_on {update.updated_on} is before the month it reports ({month}) - "
                "check the date",
                code="update-date-before-month",
            )


def _check_update_values(
    update: Update,
    action: Action,
    uloc: tuple[int | str, ...],
    sink: Sink,
    targets: dict[str, tuple[Target, str]],
) -> None:
    """Each value an update records: against a target of its own action, in range."""
    for key, value in update.values.items():
        vloc = (*uloc, "values", key)
        found = targets.get(key)
        if found is None:
            own = [t.id for t in action.targets]
            hint = did_you_mean(key, own)
            choices = f": {', '.join(own)}" if own else " (it has none)"
            sink.error(
                vloc,
                f"'{key}' is not a target of the plan{hint} - record values against the "
                f"targets of {action.id}{choices}",
                key=True,
                code="unknown-target",
            )
            continue
        target, owner = found
        if target.kpi:
            sink.error(
                vloc,
                f"target '{key}' takes its figures from measure '{target.kpi}' - record the "
                "value in measures.yaml, not in the progress file",
                key=True,
                code="target-value-from-measure",
            )
            continue
        if owner != action.id:
            sink.error(
                vloc,
                f"target '{key}' belongs to action {owner}, not {action.id} - record it in "
                f"{owner}'s update",
                key=True,
                code="target-other-action",
            )
        if is_number(value):
            problem = range_problem(target.unit, value)
            if problem:
                sink.error(vloc, problem, code="value-out-of-range")


def _missing_updates(
    plan: ValidPlan,
    model: PlanFile,
    statuses: dict[str, dict[str, Status]],
    latest_source: dict[str, str],
) -> list[Diagnostic]:
    if not statuses:
        return []
    latest = max(statuses)
    reported = statuses[latest]
    updates = plan.updates()
    out: list[Diagnostic] = []
    for action, loc in action_locs(model):
        # Only a live action can be missing an update: not one yet to start, complete, closed
        # or superseded (the one rule of g2g.plan.lifecycle.action_state).
        if action.id in reported or action_state(action, updates, latest).stage is not Stage.live:
            continue
        line, column = position(plan.data, *loc, "id")
        out.append(
            warning(
                plan.path,
                line,
                column,
                f"{action.id} has no update for {latest}, the latest reported month - add one "
                f"to {latest_source[latest]}",
                MISSING_UPDATE,
            )
        )
    return out


# --- service figures ----------------------------------------------------------------------
