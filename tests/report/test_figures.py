"""The paper's service figures: the service-performance section (measures by group, trend
charts, the caseload distribution) and the finance table, in the view model and both formats."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.plan.load import load_plans
from g2g.plan.model_finance import BudgetLine, FinanceFile, FinancePeriod
from g2g.plan.model_measures import MeasuresFile
from g2g.report.charts import BarSeries, BarSpec, ChartSpec, Series, render_bar_svg, render_svg
from g2g.report.figures import (
    MeasureGroup,
    MeasureRow,
    Performance,
    amount,
    build_finance,
    build_performance,
)
from g2g.report.paper import Paper, build_paper
from tests.helpers import FIXTURES, SHIPPED
from tests.helpers.markdown import cell_count, table_rows

runner = CliRunner()
OLDHAM = SHIPPED / "oldham-2019"
MINIMAL = FIXTURES / "valid" / "minimal"
BASIC = FIXTURES / "rag" / "basic"

BADGE = '<span class="rag rag-{}"><span class="rag-mark" aria-hidden="true">{}</span> {}</span>'


def paper_of(folder: Path, month: str = "2019-08", charts: bool = False) -> Paper:
    plan = load_plans([folder])[0]
    return build_paper(plan, month, meeting=dt.date(2019, 9, 10), charts=charts)


def report(folder: Path, fmt: str, *args: str) -> str:
    result = runner.invoke(app, ["report", str(folder), "--format", fmt, "--commit", "none", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def performance_of(paper: Paper) -> Performance:
    assert paper.performance is not None
    return paper.performance


def group(performance: Performance, name: str) -> MeasureGroup:
    return next(g for g in performance.groups if g.name == name)


def row(performance: Performance, measure: str) -> MeasureRow:
    return next(r for g in performance.groups for r in g.rows if r.id == measure)


# --- the shipped plan ------------------------------------------------------------------------


def test_measures_are_grouped_in_file_order() -> None:
    performance = performance_of(paper_of(OLDHAM))
    assert [g.name for g in performance.groups] == ["Demand", "Caseloads", "Workforce"]
    assert [r.id for r in group(performance, "Workforce").rows] == ["permanent-social-workers"]
    assert performance.intro.startswith("14 service measures in 3 groups")
    # S47 to ICPC is judged once, by its plan target's trajectory (not yet judgeable), not
    # Red against the measure's target in one section and "not judged" in another.
    assert (
        "4 measures have a target: 2 Red, 1 Green and 1 not yet judged against the trajectory "
        "of the target it serves." in performance.intro
    )


def test_average_caseload_is_green_against_its_target() -> None:
    found = row(performance_of(paper_of(OLDHAM)), "average-caseload")
    # rated by PI-1's trajectory (kpi:), which the target cell says
    assert (found.figure, found.as_at, found.target) == (
        "17",
        "Aug 2019",
        "18 (rated against the improvement plan's trajectory)",
    )
    assert (found.rating.word, found.rating.key) == ("Green", "green")
    assert found.direction == "Improved from 21 in Jul 2018"
    assert found.comparators == "Best-practice optimum: 15 (Aug 2019)"
    # the source names the document and its section, not a bare section number that would
    # read as one of g2g's own paper's sections
    assert (
        found.source
        == "Oldham Overview and Scrutiny Board paper, 10 Sep 2019, sections 7.1 and 7.2"
    )


def test_iro_caseload_is_red_against_the_handbook() -> None:
    performance = performance_of(paper_of(OLDHAM))
    found = row(performance, "iro-cla-caseload")
    assert (found.figure, found.target, found.rating.word, found.rating.key) == (
        "74",
        "70",
        "Red",
        "red",
    )
    assert "Average caseload of Children Looked After IROs (74 against a target of 70)" in (
        performance.attention
    )


def test_a_measure_without_a_target_says_so_and_keeps_its_month() -> None:
    found = row(performance_of(paper_of(OLDHAM)), "referrals-12m-average")
    assert (found.figure, found.as_at, found.target) == ("366", "Jul 2019", "None set")
    assert (found.rating.word, found.rating.key) == ("No target", "none")


def test_trend_charts_for_measures_with_two_figures_or_a_comparator() -> None:
    performance = performance_of(paper_of(OLDHAM))
    trends = {t.id for g in performance.groups for t in g.trends}
    assert trends == {
        "cp-plans",
        "children-looked-after",
        "s47-to-icpc",
        "average-caseload",
        "high-caseloads",
        "very-high-caseloads",
        "span-of-control",
    }
    caseload = next(t for t in group(performance, "Caseloads").trends if t.id == "average-caseload")
    assert caseload.columns == ("Figure", "Best-practice optimum", "Target")
    assert [(r.month, r.cells) for r in caseload.rows] == [
        ("Jul 2018", ("21", "", "18")),
        ("Aug 2019", ("17", "15", "18")),
    ]
    assert caseload.alt == (
        "Line chart of Average caseload per social worker, Jul 2018 to Aug 2019. "
        "Figures: 21 in Jul 2018, 17 in Aug 2019. Target: 18. "
        "Best-practice optimum: 15 in Aug 2019."
    )
    assert "\u201cComparator\u201d is Best-practice optimum" in caseload.summary
    chart = caseload.chart
    assert chart.months[0] == "Jul 2018" and chart.months[-1] == "Aug 2019"
    assert len(chart.months) == 14
    assert chart.measured.points == ((0, 21.0), (13, 17.0))
    assert chart.goal is not None and chart.goal.points[0][1] == 18.0
    assert [s.label for s in chart.comparisons] == ["Comparator"]
    assert chart.reported == 13


def test_caseload_distribution() -> None:
    distribution = group(performance_of(paper_of(OLDHAM)), "Caseloads").distribution
    assert distribution is not None
    assert distribution.months == ("Jul 2018", "Aug 2019")
    assert [(r.key, r.name, r.cells, r.change) for r in distribution.rows] == [
        (
            "1",
            "Social workers with a high caseload",
            ("50%", "30%"),
            "Down 20 percentage points since Jul 2018",
        ),
        (
            "2",
            "Social workers with a very high caseload (30 or more)",
            ("18%", "3%"),
            "Down 15 percentage points since Jul 2018",
        ),
    ]
    assert distribution.chart.categories == ("1", "2")
    assert [s.values for s in distribution.chart.series] == [(50.0, 18.0), (30.0, 3.0)]
    assert "2, Social workers with a very high caseload (30 or more): 18% in Jul 2018" in (
        distribution.alt
    )
    assert group(performance_of(paper_of(OLDHAM)), "Demand").distribution is None


def test_finance_is_seed_002s_month_3_table() -> None:
    finance = paper_of(OLDHAM).finance
    assert finance is not None
    assert finance.unit == "£000"
    assert "GBP thousands" in finance.caption and finance.caption.startswith("2019/20 Month 3")
    assert finance.total is not None
    total = finance.total
    assert (
        total.name,
        total.revised_budget,
        total.forecast,
        total.use_of_reserves,
        total.variance,
    ) == ("Children's Social Care Total", "35,657", "36,407", "(279)", "471")
    assert [(r.name, r.use_of_reserves, r.variance) for r in finance.rows] == [
        ("Children in Care", "0", "205"),
        ("Childrens Safeguarding", "0", "0"),
        ("Fieldwork & Family Support", "(279)", "267"),
    ]
    assert "2019/20 Month 3, reported for June 2019" in finance.intro
    assert "forecast overspend of £471k against a revised budget of £35,657k" in finance.summary


def test_html_places_the_sections_between_targets_and_appendix() -> None:
    html = report(OLDHAM, "html", "--month", "2019-08", "--full")  # the full order
    order = [html.index(f'id="{name}"') for name in ("targets", "performance", "finance")]
    order.append(html.index('id="appendix"'))
    assert order == sorted(order)
    section = html[order[1] : order[3]]
    # RAG as word and colour, through the paper's badge.
    assert BADGE.format("green", "●", "Green") in section
    assert BADGE.format("red", "■", "Red") in section
    assert BADGE.format("none", "○", "No target") in section
    # Scoped headers and captions.
    assert "<caption>Caseloads: figures at or before August 2019</caption>" in section
    assert '<th scope="row">Average caseload per social worker</th>' in section
    # Every chart has a text alternative; the SVG inside is not aria-hidden (the img role makes
    # it presentational, and Chromium's tagged PDF drops an image whose content is hidden).
    charts = re.findall(
        r'<div class="chart" role="img" aria-label="([^"]+)"><svg ([^>]*)>', section
    )
    assert len(charts) == 8  # 7 trends and the caseload distribution
    assert not any("aria-hidden" in attributes for _, attributes in charts)
    assert any(alt.startswith("Bar chart of the percentage measures") for alt, _ in charts)
    # The finance total is emphasised (the table footer) with the council's brackets.
    footer = re.search(r"<tfoot>(.*?)</tfoot>", html[order[2] : order[3]], re.S)
    assert footer is not None
    assert '<th scope="row">Children&#39;s Social Care Total</th>' in footer.group(1)
    assert '<td class="num">(279)</td>' in footer.group(1)
    assert "Revised budget (£000)" in html


def test_markdown_has_the_sections_and_valid_tables() -> None:
    markdown = report(OLDHAM, "markdown", "--month", "2019-08", "--full")  # the full order
    start = markdown.index(". Service performance\n")
    finance = markdown.index(". Finance\n")
    assert markdown.index(". Measurable targets\n") < start < finance
    assert finance < markdown.index("## Appendix: the full tracker")
    assert (
        "| Average caseload per social worker | 17 | Aug 2019 | 18 (rated against "
        "the improvement plan's trajectory) | 🟢 Green | Improved from 21 in Jul 2018 |" in markdown
    )
    assert "| Average caseload of Children Looked After IROs | 74 | Aug 2019 | 70 | 🔴 Red |" in (
        markdown
    )
    assert (
        "| **Children's Social Care Total** | **35,657** | **36,407** | **(279)** | **471** |"
        in markdown
    )
    for table in table_rows(markdown[start:]):
        header = cell_count(table[0])
        assert all(cell_count(line) == header for line in table), table


# --- absent, suppressed, chosen period -------------------------------------------------------


def test_absent_when_the_plan_has_no_measures_or_finance() -> None:
    paper = paper_of(BASIC)
    assert paper.performance is None
    assert paper.finance is None
    html = report(BASIC, "html")
    assert 'id="performance"' not in html and 'id="finance"' not in html
    markdown = report(BASIC, "markdown")
    assert "## Service performance" not in markdown and "## Finance" not in markdown


def test_a_suppressed_figure_is_not_available_never_zero() -> None:
    performance = performance_of(paper_of(MINIMAL, charts=True))
    found = row(performance, "cp-plans")
    assert found.figure == "Withheld (confidential)"
    assert found.as_at == "Aug 2019"
    assert (found.rating.word, found.rating.key) == ("No target", "none")
    assert found.direction == "Not known: not available"
    trend = next(t for t in group(performance, "Demand").trends if t.id == "cp-plans")
    assert [(r.month, r.cells[0]) for r in trend.rows] == [
        ("Jul 2019", "334"),
        ("Aug 2019", "Withheld (confidential)"),
    ]
    # The chart breaks its line at the missing month: it never draws a zero.
    (_, before), (_, missing) = trend.chart.measured.points
    assert before == 334.0 and math.isnan(missing)
    assert "Withheld (confidential) in Aug 2019" in trend.alt
    assert trend.svg.startswith("<svg")
    markdown = report(MINIMAL, "markdown")
    line = next(x for x in markdown.splitlines() if x.startswith("| Children subject"))
    assert "| Withheld (confidential) |" in line
    assert "| 0 |" not in line


def test_a_target_with_a_suppressed_figure_is_not_rated() -> None:
    measures = MeasuresFile.model_validate(
        {
            "measures": [
                {
                    "id": "m",
                    "name": "Re-referrals",
                    "unit": "percent",
                    "target": 20,
                    "values": {"2019-07": 22, "2019-08": ":"},
                }
            ]
        }
    )
    performance = build_performance(measures, "2019-08", 10, draw=False)
    assert performance is not None
    found = performance.groups[0].rows[0]
    assert found.figure == "Not available"
    assert found.rating.word == "Not rated"
    assert performance.groups[0].name == "Other"
    assert "1 not rated, for want of a figure" in performance.intro


def test_figures_after_the_month_are_not_shown() -> None:
    measures = load_plans([MINIMAL])[0].measures
    assert measures is not None and measures.model is not None
    performance = build_performance(measures.model, "2019-07", 10, draw=False)
    assert performance is not None
    found = row(performance, "audits-completed")
    assert (found.figure, found.as_at, found.direction) == ("12", "Jul 2019", "First figure")
    assert all(t.id != "audits-completed" for g in performance.groups for t in g.trends)


def test_an_empty_measures_file_gives_no_section() -> None:
    assert build_performance(MeasuresFile(), "2019-08", 10, draw=False) is None
    assert build_finance(FinanceFile(), "2019-08") is None


def _line(name: str, budget: float, forecast: float, reserves: float, variance: float) -> Any:
    return BudgetLine(
        name=name,
        revised_budget=budget,
        forecast=forecast,
        use_of_reserves=reserves,
        variance=variance,
    )


def test_the_latest_period_at_or_before_the_month_is_shown() -> None:
    finance = FinanceFile(
        periods=[
            FinancePeriod(month="2019-06", label="Month 3", total=_line("Total", 10, 12, 0, 2)),
            FinancePeriod(month="2019-07", total=_line("Total", 10, 9, 0, -1)),
            FinancePeriod(month="2019-09", label="Month 6", total=_line("Total", 10, 11, 0, 1)),
        ]
    )
    section = build_finance(finance, "2019-08")
    assert section is not None and section.total is not None
    assert section.total.variance == "(1)"
    assert "the one reported for July 2019" in section.intro
    assert "forecast underspend of £1k" in section.summary
    early = build_finance(finance, "2019-05")
    assert early is not None and early.total is None
    assert "No budget monitoring position is recorded at or before May 2019" in early.intro
    pounds = build_finance(FinanceFile(unit="gbp", periods=finance.periods), "2019-06")
    assert pounds is not None and pounds.unit == "£" and "GBP (£)" in pounds.caption


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (35657, "35,657"),
        (-279, "(279)"),
        (0, "0"),
        (-0.0, "0"),
        (1234.5, "1,234.50"),
        (-1234.5, "(1,234.50)"),
    ],
)
def test_amounts_are_printed_as_councils_print_them(value: float, expected: str) -> None:
    assert amount(value) == expected


# --- untrusted text --------------------------------------------------------------------------

HOSTILE = "Share | <script>x</script> **bold**\n# not a heading"


@pytest.fixture
def hostile_figures(minimal_plan: Path) -> Path:
    path = minimal_plan / "measures.yaml"
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["measures"].append(
        {
            "id": "high",
            "name": HOSTILE,
            "group": "Caseloads | <b>x</b>",
            "unit": "percent",
            "polarity": "lower",
            "values": {"2019-07": 40, "2019-08": 35},
            "comparators": [{"kind": "other", "name": "Best | <i>", "values": {"2019-08": 30}}],
            "source": "Source | - item",
        }
    )
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    finance = minimal_plan / "finance.yaml"
    text = finance.read_text(encoding="utf-8").replace(
        "name: Children in Care", "name: 'Care | <em>x</em>'"
    )
    finance.write_text(text, encoding="utf-8")
    return minimal_plan


def test_hostile_text_is_escaped_in_html(hostile_figures: Path) -> None:
    html = report(hostile_figures, "html")
    assert "<script" not in html.lower()
    assert "<b>x</b>" not in html and "<em>x</em>" not in html and "<i>" not in html
    assert "Share | &lt;script&gt;x&lt;/script&gt;" in html
    assert "Caseloads | &lt;b&gt;x&lt;/b&gt;" in html
    assert "Care | &lt;em&gt;x&lt;/em&gt;" in html
    # Plan text never reaches a chart: the distribution's bars are keyed 1, 2...
    for svg in re.findall(r"<svg.*?</svg>", html, re.S):
        assert "Share" not in svg and "Best" not in svg


def test_hostile_text_keeps_markdown_tables_valid(hostile_figures: Path) -> None:
    markdown = report(hostile_figures, "markdown")
    start = markdown.index(". Service performance\n")
    tables = table_rows(markdown[start:])
    assert len(tables) >= 6
    for table in tables:
        header = cell_count(table[0])
        assert all(cell_count(line) == header for line in table), table
    assert not re.search(r"(?<!\\)<script", markdown)
    assert not re.search(r"(?<!\\)<b>", markdown)
    assert "\n# not a heading" not in markdown
    assert "#### Share \\| \\<script\\>x\\</script\\> \\*\\*bold\\*\\* # not a heading" in markdown


# --- the charts ------------------------------------------------------------------------------


def test_measure_chart_with_comparators_and_a_target_is_deterministic() -> None:
    spec = ChartSpec(
        months=("Jul 2019", "Aug 2019", "Sep 2019"),
        trajectory=None,
        measured=Series("Figure", ((0, 334.0), (1, math.nan), (2, 320.0))),
        references=(),
        reported=2,
        y_label="Number",
        y_max=None,
        comparisons=(Series("Statistical neighbours", ((0, 340.0), (2, 330.0))),),
        goal=Series("Target: 300", ((0, 300.0),)),
    )
    svg = render_svg(spec)
    assert svg == render_svg(spec)
    assert svg.startswith('<svg class="chart-svg" focusable="false" ')
    assert ">Statistical neighbours</text>" in svg  # the legend names the comparator's kind


def test_bar_chart_is_deterministic_and_names_its_series() -> None:
    spec = BarSpec(
        categories=("1", "2"),
        series=(BarSeries("Jul 2018", (50.0, 18.0)), BarSeries("Aug 2019", (30.0, None))),
        value_labels=(("50%", "18%"), ("30%", "")),
        y_label="Percent",
        y_max=100.0,
    )
    svg = render_bar_svg(spec)
    assert svg == render_bar_svg(spec)
    assert svg.startswith('<svg class="chart-svg" focusable="false" ')
    assert ">Aug 2019</text>" in svg and "<?xml" not in svg
