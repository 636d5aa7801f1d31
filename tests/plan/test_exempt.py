"""Exempt information is defined by the fields that stay public (g2g.plan.exempt), and the
finance table's complementary suppression leaves no withheld figure derivable."""

from __future__ import annotations

import datetime as dt
import shutil
import types
import typing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, create_model
from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.plan.exempt import (
    FINANCE_FIGURES,
    OTHER_LINES,
    STAYS_PUBLIC,
    public_appendix,
    public_copy,
    public_finance,
    public_period,
    public_section,
    public_update,
    repeated_figures,
    withheld_figures,
)
from g2g.plan.model_finance import BudgetLine, FinanceFile, FinancePeriod
from g2g.plan.model_progress import Update
from g2g.plan.narrative import Appendix, Section
from g2g.plan.officer_fields import OFFICER_FIELDS, Kind
from tests.helpers import SHIPPED, run_in
from tests.helpers.exempt import derivable_cells

# --- G1: the fields that stay ------------------------------------------------------------


def _is_text(annotation: object) -> bool:
    """Whether a field's type holds free text (str, optional str, a list of str)."""
    if annotation is str:
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _is_text(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, tuple):
        return any(_is_text(a) for a in typing.get_args(annotation))
    return False


def full_update() -> Update:
    return Update(
        action="1.1",
        status="in_progress",
        rag="amber",
        narrative="SECRET narrative",
        barriers="SECRET barriers",
        values={"t1": 12.0},
        updated_by="SECRET officer",
        updated_on=dt.date(2019, 8, 30),
        exempt=1,
    )


def test_an_exempt_update_keeps_rating_status_and_figures_and_loses_every_text_field() -> None:
    shown = public_update(full_update())
    assert (shown.action, shown.status.value, shown.rag, shown.values, shown.updated_on) == (
        "1.1",
        "in_progress",
        full_update().rag,
        {"t1": 12.0},
        dt.date(2019, 8, 30),
    )
    assert shown.narrative is not None and "not for publication" in shown.narrative
    assert shown.barriers is None  # G1: export --format xlsx printed it
    assert shown.updated_by is None
    assert "SECRET" not in shown.model_dump_json()


def test_every_text_field_of_every_exempt_model_is_withheld() -> None:
    """Inspect the models: no field that stays public holds free text, except an id."""
    ids = {(Update, "action"), (Appendix, "id")}
    for model, stays in STAYS_PUBLIC.items():
        assert issubclass(model, BaseModel)
        for name, info in model.model_fields.items():
            if name in stays and _is_text(info.annotation):
                assert (model, name) in ids, f"{model.__name__}.{name} is text and stays public"
    texts = [n for n, i in Update.model_fields.items() if _is_text(i.annotation)]
    free = {f.name for f in OFFICER_FIELDS if f.kind is Kind.text}
    assert {"narrative", "barriers"} <= free
    assert set(texts) == {"action", "updated_by", *free}


def test_a_text_field_added_later_is_withheld_by_default() -> None:
    later = create_model("LaterUpdate", __base__=Update, risk_owner=(str | None, None))
    update: Update = later.model_validate(
        {**full_update().model_dump(), "risk_owner": "SECRET owner"}
    )
    shown = public_update(update)
    assert type(shown) is later
    assert shown.risk_owner is None  # type: ignore[attr-defined]
    assert "SECRET" not in shown.model_dump_json()
    # a non-exempt update is untouched
    plain: Update = later.model_validate(
        {**full_update().model_dump(exclude={"exempt"}), "risk_owner": "owner"}
    )
    assert public_update(plain) is plain


def test_a_required_field_without_a_notice_is_refused_not_published() -> None:
    later = create_model("Odd", __base__=Section, owner=(str, ...))
    with pytest.raises(TypeError, match="owner is withheld but has no notice"):
        odd: Section = later.model_validate({"text": "x", "owner": "SECRET", "exempt": 1})
        public_copy(odd, {"text": "notice"})


def test_sections_and_appendices_keep_only_their_place() -> None:
    section = public_section(Section(title="SECRET title", text="SECRET text", exempt=2), "It")
    assert section.title is None and section.exempt == 2
    assert section.text.startswith("It is not for publication by virtue of paragraph 2")
    appendix = public_appendix(
        Appendix(id="B", title="SECRET title", file="secret.md", tracker=False, exempt=1)
    )
    assert (appendix.id, appendix.title, appendix.file) == ("B", "Not for publication", None)
    kept = Section(title="Open", text="Open text")
    assert public_section(kept, "It") is kept


# --- complementary suppression: Oldham's month 3 -------------------------------------------


def line(name: str, budget: float | None, forecast: float | None, reserves: float, variance: float,
         exempt: int | None = None) -> BudgetLine:  # fmt: skip
    return BudgetLine(
        name=name,
        revised_budget=budget,
        forecast=forecast,
        use_of_reserves=reserves,
        variance=variance,
        exempt=exempt,
    )


OLDHAM_TOTAL = line("Total", 35657, 36407, -279, 471)


def oldham(exempt_line: int) -> FinancePeriod:
    lines = [
        line("Children in Care", 24681, 24886, 0, 205),
        line("Childrens Safeguarding", 1476, 1476, 0, 0),
        line("Fieldwork & Family Support", 9500, 10045, -279, 267),
    ]
    lines[exempt_line] = lines[exempt_line].model_copy(update={"exempt": 3})
    return FinancePeriod(month="2019-06", lines=lines, total=OLDHAM_TOTAL)


def test_the_issue_s_example_can_no_longer_be_worked_out() -> None:
    """35,657 - 24,681 - 1,476 = 9,500 was the withheld revised budget."""
    shown, note = public_period(oldham(2))
    assert shown is not None and note is not None
    names = [x.name for x in shown.lines]
    # the partner is the line with the fewest zero figures (Safeguarding's variance is 0)
    assert names == ["Childrens Safeguarding", OTHER_LINES]
    other = shown.lines[1]
    assert (other.revised_budget, other.forecast, other.use_of_reserves, other.variance) == (
        34181,
        34931,
        -279,
        472,
    )
    assert shown.total == OLDHAM_TOTAL
    assert "together with 1 other line" in note and "paragraph 3" in note
    assert_no_withheld_figure_derivable(oldham(2), shown)


def test_a_lone_line_or_a_lone_figure_withholds_the_whole_position() -> None:
    alone = FinancePeriod(
        month="2019-06", lines=[line("Only", 10, 12, 0, 2, exempt=1)], total=line("T", 10, 12, 0, 2)
    )
    shown, note = public_period(alone)
    assert shown is None and note is not None and "is not published" in note
    # the exempt line is the only one giving a revised budget, and no other line gives one
    lonely = FinancePeriod(
        month="2019-06",
        lines=[line("A", 10, 12, 0, 2, exempt=1), line("B", None, None, 0, 5)],
        total=line("T", 10, 12, 0, 7),
    )
    assert public_period(lonely)[0] is None


def test_nothing_exempt_is_unchanged_and_an_exempt_total_withholds_the_period() -> None:
    period = oldham(0).model_copy(update={"lines": oldham(0).lines[1:]})
    assert public_period(period) == (period, None)
    total = period.model_copy(update={"total": OLDHAM_TOTAL.model_copy(update={"exempt": 3})})
    shown, note = public_period(total)
    assert shown is None and note is not None
    finance = FinanceFile(periods=[period, total.model_copy(update={"month": "2019-07"})])
    public, notes = public_finance(finance)
    assert [p.month for p in public.periods] == ["2019-06"] and list(notes) == ["2019-07"]


# --- the property: no withheld cell is a linear combination of printed cells ---------------


def assert_no_withheld_figure_derivable(original: FinancePeriod, shown: FinancePeriod) -> None:
    assert derivable_cells(original, shown) == []


def test_the_checker_finds_the_issue_s_leak_in_the_old_table() -> None:
    """Control: the table the issue complains of (exempt line dropped, total kept) fails."""
    period = oldham(2)
    old = period.model_copy(update={"lines": period.lines[:2]})
    assert "Fieldwork & Family Support.revised_budget" in derivable_cells(period, old)


amounts = st.integers(min_value=-50_000, max_value=50_000)


@st.composite
def periods(draw: st.DrawFn) -> FinancePeriod:
    count = draw(st.integers(min_value=1, max_value=6))
    lines = []
    for n in range(count):
        budget = draw(st.one_of(st.none(), amounts))
        spend_kind = draw(st.sampled_from(["forecast", "outturn", "none"]))
        spend = draw(amounts) if spend_kind != "none" else None
        reserves = draw(st.one_of(st.just(0), amounts))
        variance = (spend or 0) - (budget or 0) + reserves
        lines.append(
            BudgetLine(
                name=f"Line {n}",
                revised_budget=budget,
                forecast=spend if spend_kind == "forecast" else None,
                outturn=spend if spend_kind == "outturn" else None,
                use_of_reserves=reserves,
                variance=variance,
                exempt=draw(st.one_of(st.none(), st.integers(min_value=1, max_value=7))),
            )
        )

    def total(figure: str) -> float | None:
        given = [getattr(x, figure) for x in lines if getattr(x, figure) is not None]
        return sum(given) if given else None

    return FinancePeriod(
        month="2019-06",
        lines=lines,
        total=BudgetLine(
            name="Total",
            revised_budget=total("revised_budget"),
            forecast=total("forecast"),
            outturn=total("outturn"),
            use_of_reserves=total("use_of_reserves") or 0,
            variance=total("variance") or 0,
        ),
    )


@settings(max_examples=300, deadline=None)
@given(periods())
def test_no_withheld_cell_is_a_linear_combination_of_printed_cells(period: FinancePeriod) -> None:
    shown, note = public_period(period)
    exempt = [x for x in period.lines if x.exempt is not None]
    if not exempt:
        assert shown is period and note is None
        return
    assert note is not None
    if shown is None:
        return
    # no exempt line is printed as itself, and every other line is printed or combined
    names = [x.name for x in shown.lines]
    assert not {x.name for x in exempt} & set(names)
    assert names.count(OTHER_LINES) == 1
    # the combined line sums what it hides; the total is printed as given
    hidden = [x for x in period.lines if x.name not in names]
    other = shown.lines[names.index(OTHER_LINES)]
    assert other.variance == sum(x.variance for x in hidden)
    assert shown.total == period.total
    # the smallest change: a partner only when the exempt lines cannot protect each other
    assert len(hidden) - len(exempt) <= len(FINANCE_FIGURES)
    assert derivable_cells(period, shown) == []


# --- figures repeated in public text --------------------------------------------------------


def test_repeated_figures_reads_numbers_as_officers_write_them() -> None:
    withheld = {9500.0: "budget", 267.0: "variance", 24886.0: "partner", 17.5: "decimal"}
    text = "A budget of £9.5m, 9,500 or 9500; a variance of £267k; 24,886; 17.5; 7 staff."
    found = repeated_figures(text, withheld, thousands=True)
    assert found == [
        "9.5m (budget)",
        "9,500 (budget)",
        "9500 (budget)",
        "267k (variance)",
        "24,886 (partner)",
        "17.5 (decimal)",
    ]
    # not a withheld figure: part of a longer number, a date, a small count
    assert repeated_figures("19,500 and 9,5001 and 2019-09-10 and 1.9500", withheld, True) == []
    assert repeated_figures("£9.5m", withheld, thousands=False) == []


def test_withheld_figures_are_the_hidden_lines_and_exempt_measures() -> None:
    finance = FinanceFile(periods=[oldham(2)])
    found = withheld_figures(finance, None)
    # the exempt line and its partner (Children in Care): a partner's figure in prose gives
    # the exempt one by subtraction from "Other lines"
    assert {9500.0, 10045.0, 279.0, 267.0, 24681.0, 24886.0, 205.0} <= set(found)
    assert 1476.0 not in found and 35657.0 not in found  # printed: Safeguarding, the total


def test_validate_warns_where_public_text_repeats_a_withheld_figure(tmp_path: Path) -> None:
    plan = tmp_path / "oldham-2019"
    shutil.copytree(SHIPPED / "oldham-2019", plan)
    narrative = plan / "narrative" / "scrutiny-2019-09-10.yaml"
    text = narrative.read_text(encoding="utf-8")
    sentence = "    position from an initial £1,152k at the end of May to £471k at the end of June"
    assert sentence in text
    planted = text.replace(
        sentence,
        sentence + " (Fieldwork £10,045k against £9.5m; Children in Care forecast 24,886)",
    )
    narrative.write_text(planted, encoding="utf-8")
    runner = CliRunner()
    # control: nothing exempt, nothing withheld, no warning
    result = runner.invoke(app, ["validate", "--format", "json", str(plan)])
    assert result.exit_code == 0 and "exempt-figure-repeated" not in result.stdout
    finance = plan / "finance.yaml"
    lines = finance.read_text(encoding="utf-8").replace(
        "        variance: 267\n", "        variance: 267\n        exempt: 3\n"
    )
    finance.write_text(lines, encoding="utf-8")
    code, out, _ = run_in(tmp_path, "validate", "oldham-2019")
    assert code == 0, out
    found = [line for line in out.splitlines() if "repeats" in line]
    line = planted.splitlines().index("  finance: |") + 1
    withheld = "which the public paper withholds"
    assert found == [
        f"oldham-2019/narrative/scrutiny-2019-09-10.yaml:{line}:12: warning: the text repeats "
        f"10,045k (a figure of the budget line 'Fieldwork & Family Support' (2019-06), "
        f"{withheld}); 9.5m (a figure of the budget "
        f"line 'Fieldwork & Family Support' (2019-06), {withheld}); 24,886 (a figure of the "
        f"budget line 'Children in Care' (2019-06), {withheld}): public outputs print this "
        "text, so the figure can be read or worked out from it - leave the figure out, or mark "
        "the text exempt"
    ]


def test_validate_warns_when_a_target_takes_its_figures_from_an_exempt_measure(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "oldham-2019"
    shutil.copytree(SHIPPED / "oldham-2019", plan)
    code, out, _ = run_in(tmp_path, "validate", "oldham-2019")
    assert code == 0 and "exempt-measure" not in out and "which is exempt" not in out  # control
    measures = plan / "measures.yaml"
    text = measures.read_text(encoding="utf-8")
    head, tail = text.split("  - id: average-caseload\n", 1)
    measures.write_text(f"{head}  - id: average-caseload\n    exempt: 1\n{tail}", "utf-8")
    code, out, _ = run_in(tmp_path, "validate", "oldham-2019")
    assert code == 0, out
    line = (
        (plan / "plan.yaml")
        .read_text(encoding="utf-8")
        .splitlines()
        .index("                kpi: average-caseload")
    )
    assert [x for x in out.splitlines() if ": warning: " in x] == [
        f"oldham-2019/plan.yaml:{line + 1}:22: warning: target 'PI-1-average-caseload' takes its "
        "figures from measure 'average-caseload', which is exempt: public outputs show the "
        "target with no figure and judge it without one, so its rating there can differ from "
        "the private paper's - publish the measure, or accept this warning (acknowledged:)"
    ]
