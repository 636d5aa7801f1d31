"""Charts: SVG written directly, deterministic, well-formed, hidden from screen readers, every
text escaped, round y ticks that cover the data, and no failure on degenerate input."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path

import pytest

from g2g.report.charts import (
    BarSeries,
    BarSpec,
    ChartSpec,
    Series,
    render_bar_svg,
    render_svg,
    tick_positions,
)

NS = "{http://www.w3.org/2000/svg}"

SPEC = ChartSpec(
    months=("Aug 2019", "Sep 2019", "Oct 2019", "Nov 2019", "Dec 2019"),
    trajectory=Series("Trajectory", ((0, 20.0), (2, 55.0), (4, 70.0))),
    measured=Series("Measured", ((0, 24.0), (1, 30.0))),
    references=(Series("Statistical neighbours: 36.7%", ((0, 36.7),)),),
    reported=1,
    y_label="Percent",
    y_max=100.0,
)

BARS = BarSpec(
    categories=("1", "2", "3"),
    series=(
        BarSeries("Jun 2019", (50.0, 18.0, 4.0)),
        BarSeries("Jul 2019", (30.0, None, 6.0)),
        BarSeries("Aug 2019", (20.0, 12.0, 8.0)),
    ),
    value_labels=(("50%", "18%", "4%"), ("30%", "", "6%"), ("20%", "12%", "8%")),
    y_label="Percent",
    y_max=100.0,
)


def parse(svg: str) -> ET.Element:
    """The SVG as XML: parsing fails on anything that is not well-formed."""
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    """Every text the chart draws, tspans joined by a space."""
    return [" ".join(t.strip() for t in element.itertext()) for element in root.iter(f"{NS}text")]


def y_ticks(root: ET.Element) -> list[float]:
    """The y tick labels' values: right-aligned texts."""
    labels = [t for t in root.iter(f"{NS}text") if t.get("text-anchor") == "end"]
    return [float((t.text or "").replace(",", "")) for t in labels]


def test_svg_is_one_inline_element() -> None:
    svg = render_svg(SPEC)
    assert svg.startswith('<svg class="chart-svg" focusable="false" ')
    assert svg.endswith("</svg>") and svg.count("<svg") == 1
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg
    root = parse(svg)
    assert root.tag == f"{NS}svg"
    assert root.get("viewBox") == "0 0 480 280"  # 4.8 by 2.8 inches, as the paper lays out
    assert 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert list(root.iter(f"{NS}path"))


def test_svg_is_deterministic() -> None:
    first = render_svg(SPEC)
    assert first == render_svg(SPEC)
    assert render_bar_svg(BARS) == render_bar_svg(BARS)
    # A spec built separately but equal draws the same bytes.
    copy = ChartSpec(**{f: getattr(SPEC, f) for f in SPEC.__dataclass_fields__})
    assert render_svg(copy) == first


def test_nothing_runs_or_loads_from_elsewhere() -> None:
    for svg in (render_svg(SPEC), render_bar_svg(BARS)):
        assert "<script" not in svg and "javascript:" not in svg
        assert "href" not in svg and "@import" not in svg
        assert not re.search(r"url\((?!#)", svg)


def test_no_module_imports_matplotlib() -> None:
    root = Path(__file__).resolve().parents[2]
    for path in [*(root / "src").rglob("*.py"), *(root / "tests").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+matplotlib", text, re.M), path


def test_text_is_drawn_as_text_and_escaped() -> None:
    spec = ChartSpec(
        months=("Aug <2019>", "Sep & 2019"),
        trajectory=None,
        measured=Series("<b>&", ((0, 1.0), (1, 2.0))),
        references=(Series('Say "hi"', ((0, 1.5),)),),
        reported=1,
        y_label="<i>Percent</i>",
        y_max=None,
    )
    svg = render_svg(spec)
    assert "<b>" not in svg and "<i>" not in svg and "<2019>" not in svg
    assert "&lt;b&gt;&amp;" in svg and "&lt;i&gt;Percent&lt;/i&gt;" in svg
    assert "&quot;hi&quot;" in svg
    drawn = texts(parse(svg))
    assert {"<b>&", "<i>Percent</i>", 'Say "hi"', "Aug <2019>", "Sep & 2019"} <= set(drawn)
    assert 'font-family="DejaVu Sans, Arial, Helvetica, sans-serif"' in svg


def test_characters_xml_cannot_hold_are_dropped() -> None:
    spec = ChartSpec(("Aug 2019",), None, Series("Mea\x00sured\x1b", ((0, 1.0),)), (), 0, "", None)
    assert "Measured" in texts(parse(render_svg(spec)))


def test_months_are_drawn_as_month_over_year() -> None:
    root = parse(render_svg(SPEC))
    month = next(t for t in root.iter(f"{NS}text") if "".join(t.itertext()) == "Aug2019")
    spans = list(month.iter(f"{NS}tspan"))
    assert [s.text for s in spans] == ["Aug", "2019"]
    assert float(spans[1].get("y", 0)) > float(spans[0].get("y", 0))


def test_the_legend_lists_every_line_in_drawing_order() -> None:
    spec = ChartSpec(
        months=("Jul 2019", "Aug 2019"),
        trajectory=Series("Trajectory", ((0, 10.0), (1, 12.0))),
        measured=Series("Measured", ((0, 11.0),)),
        references=(Series("England: 9", ((0, 9.0),)),),
        reported=1,
        y_label="Number",
        y_max=None,
        comparisons=(Series("Region", ((0, 8.0), (1, 8.5))),),
        goal=Series("Target: 12", ((0, 12.0),)),
    )
    drawn = texts(parse(render_svg(spec)))
    legend = ["Month reported", "Trajectory", "England: 9", "Target: 12", "Region", "Measured"]
    assert [t for t in drawn if t in legend] == legend


def test_long_legend_labels_end_in_an_ellipsis() -> None:
    long = "Statistical neighbours: 1,234.5 per 10,000 children"
    spec = ChartSpec(("Aug 2019",), None, Series(long, ((0, 1.0),)), (), 0, "Rate", None)
    drawn = texts(parse(render_svg(spec)))
    assert long not in drawn
    shown = next(t for t in drawn if t.startswith("Statistical"))
    assert shown.endswith("…") and len(shown) <= 32


@pytest.mark.parametrize(
    ("values", "y_max"),
    [
        ((24.0, 30.0, 70.0), 100.0),
        ((100.0,), 100.0),
        ((17.0, 21.0), None),
        ((0.1, 0.2, 0.3), None),
        ((-3.0, 5.5), None),
        ((-7.25, -1.0), None),
        ((1_234.0, 98_000.0), None),
        ((2.5e9, 1.0e9), None),
        ((0.0, 0.0), None),
        ((42.0, 42.0), None),
    ],
)
def test_y_ticks_are_round_include_zero_and_cover_the_data(
    values: tuple[float, ...], y_max: float | None
) -> None:
    spec = ChartSpec(
        months=("Jul 2019", "Aug 2019"),
        trajectory=None,
        measured=Series("Measured", tuple(enumerate(values))),
        references=(),
        reported=None,
        y_label="Number",
        y_max=y_max,
    )
    svg = render_svg(spec)
    labels = [t.text or "" for t in parse(svg).iter(f"{NS}text") if t.get("text-anchor") == "end"]
    assert "0" in labels
    assert not any(re.search(r"\d{6}|e[+-]|\.\d*0$", label) for label in labels), labels
    scale = {"m": 1e6, "bn": 1e9}
    ticks = []
    for label in labels:
        suffix = re.sub(r"[-\d.,]", "", label)
        ticks.append(float(label.rstrip("mbn").replace(",", "")) * scale.get(suffix, 1.0))
    steps = {round(b - a, 9) for a, b in pairwise(ticks)}
    assert len(steps) == 1 and min(steps) > 0  # evenly spaced, bottom to top
    step = steps.pop()
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m) for m in (1, 2, 2.5, 5))
    assert ticks[0] <= min(0.0, *values) and ticks[-1] >= max(values)
    assert 3 <= len(ticks) <= 9
    if y_max is not None:
        assert ticks[-1] <= y_max


def test_tick_labels_are_compact_and_exact() -> None:
    def labels(*values: float) -> list[str]:
        spec = ChartSpec(
            ("Aug 2019",), None, Series("M", tuple(enumerate(values))), (), 0, "", None
        )
        root = parse(render_svg(spec))
        return [t.text or "" for t in root.iter(f"{NS}text") if t.get("text-anchor") == "end"]

    assert labels(0.3) == ["0", "0.05", "0.1", "0.15", "0.2", "0.25", "0.3"]
    assert "1,200" in labels(1_150.0)
    assert "2.5" in labels(15.0)
    assert labels(2.2e6)[-1] == "2.5m"


def test_a_none_bar_value_draws_no_bar() -> None:
    bars = list(parse(render_bar_svg(BARS)).iter(f"{NS}rect"))
    drawn = [r for r in bars if r.get("stroke") == "#222222" and r.get("width") != "18"]
    assert len(drawn) == 8  # 3 by 3, less the missing one
    values = texts(parse(render_bar_svg(BARS)))
    assert values.count("18%") == 1 and "" not in values


def test_bars_are_hatched_with_patterns_defined_in_the_same_svg() -> None:
    svg = render_bar_svg(BARS)
    root = parse(svg)
    defined = [p.get("id") for p in root.iter(f"{NS}pattern")]
    used = set(re.findall(r"url\(#([^)]+)\)", svg))
    assert len(defined) == 2 and len(set(defined)) == 2  # dots and lines; the blue is plain
    assert used == set(defined)
    assert all(str(i).startswith("g2g-") for i in defined)


def test_pattern_ids_differ_between_charts_and_repeat_for_the_same_chart() -> None:
    other = BarSpec(BARS.categories, BARS.series[:2], BARS.value_labels[:2], "Percent", 100.0)
    ids = set(re.findall(r'id="([^"]+)"', render_bar_svg(BARS)))
    assert ids == set(re.findall(r'id="([^"]+)"', render_bar_svg(BARS)))
    assert not ids & set(re.findall(r'id="([^"]+)"', render_bar_svg(other)))


def test_every_bar_has_a_dark_outline_and_a_value_label() -> None:
    root = parse(render_bar_svg(BARS))
    drawn = texts(root)
    for label in ("50%", "30%", "20%", "4%", "6%", "8%", "12%"):
        assert label in drawn
    assert {"1", "2", "3", "Jun 2019", "Jul 2019", "Aug 2019"} <= set(drawn)


DEGENERATE = [
    ChartSpec((), None, Series("Measured", ()), (), None, "", None),
    ChartSpec(("Aug 2019",), None, Series("Measured", ()), (), 0, "Percent", 100.0),
    ChartSpec(
        ("Aug 2019",),
        Series("Trajectory", ((0, 5.0),)),
        Series("Measured", ((0, 5.0),)),
        (Series("England", ((0, 5.0),)),),
        0,
        "Number",
        None,
        comparisons=(Series("Region", ((0, 5.0),)),),
        goal=Series("Target: 5", ((0, 5.0),)),
    ),
    ChartSpec(
        ("Jul 2019", "Aug 2019", "Sep 2019"),
        None,
        Series("Measured", ((0, 7.0), (1, 7.0), (2, 7.0))),
        (),
        2,
        "Number",
        None,
    ),
    ChartSpec(("Jul 2019", "Aug 2019"), None, Series("M", ((0, 0.0), (1, 0.0))), (), 1, "", 100.0),
    ChartSpec(
        ("Jul 2019", "Aug 2019", "Sep 2019"),
        None,
        Series("Measured", ((0, -12.5), (1, math.nan), (2, -0.5))),
        (Series("Baseline", ((0, -3.0),)),),
        1,
        "Change",
        None,
    ),
    ChartSpec(
        tuple(f"M{i} {2000 + i // 12}" for i in range(240)),
        None,
        Series("Measured", tuple((i, 1e15 * (i + 1)) for i in range(240))),
        (),
        239,
        "Pounds",
        None,
    ),
    ChartSpec(
        ("Aug 2019",),
        None,
        Series("Measured", ((0, 1e308), (0, -1e308), (0, math.inf), (0, math.nan))),
        (Series("Empty", ()),),
        5,
        "Number",
        None,
        goal=Series("Target", ()),
    ),
    ChartSpec(("Aug 2019",), None, Series("Measured", ((0, 1e-9),)), (), 0, "Rate", 1e-9),
    ChartSpec(("Aug 2019",), None, Series("Measured", ((0, 140.0),)), (), 0, "Percent", 100.0),
]


@pytest.mark.parametrize("spec", DEGENERATE)
def test_degenerate_charts_draw_well_formed_svg(spec: ChartSpec) -> None:
    svg = render_svg(spec)
    root = parse(svg)
    assert root.get("viewBox") == "0 0 480 280"
    assert "nan" not in svg.lower() and "inf" not in svg.lower()
    assert render_svg(spec) == svg
    for element in root.iter():
        for name in ("x", "y", "x1", "y1", "x2", "y2", "width", "height"):
            if element.get(name) is not None:
                assert -1000 < float(element.get(name, 0)) < 2000, (name, element.attrib)


DEGENERATE_BARS = [
    BarSpec((), (), (), "Percent", 100.0),
    BarSpec(("1",), (BarSeries("Aug 2019", (None,)),), (("",),), "Percent", 100.0),
    BarSpec(("1", "2"), (BarSeries("Aug 2019", (0.0, 0.0)),), (("0%", "0%"),), "", 100.0),
    BarSpec(("1", "2"), (BarSeries("A", (-5.0, 12.5)),), (("-5", "12.5"),), "Change", None),
    BarSpec(("1", "2", "3"), (BarSeries("A", (1.0, 2.0)),), (), "Number", None),
    BarSpec(
        tuple(str(i) for i in range(30)),
        tuple(BarSeries(f"S{k}", tuple(float(i * k) for i in range(30))) for k in range(5)),
        tuple(tuple(f"{i * k}%" for i in range(30)) for k in range(5)),
        "Percent",
        100.0,
    ),
]


@pytest.mark.parametrize("spec", DEGENERATE_BARS)
def test_degenerate_bar_charts_draw_well_formed_svg(spec: BarSpec) -> None:
    svg = render_bar_svg(spec)
    root = parse(svg)
    assert root.get("viewBox") == "0 0 480 280"
    assert "nan" not in svg.lower()
    defined = {p.get("id") for p in root.iter(f"{NS}pattern")}
    assert set(re.findall(r"url\(#([^)]+)\)", svg)) == defined


def test_a_chart_with_only_measured_values() -> None:
    spec = ChartSpec(
        months=("Aug 2019",),
        trajectory=None,
        measured=Series("Measured", ((0, 60.0),)),
        references=(),
        reported=0,
        y_label="Percent",
        y_max=100.0,
    )
    svg = render_svg(spec)
    assert svg.startswith("<svg")
    assert texts(parse(svg)).count("Measured") == 1


def test_a_missing_value_breaks_the_line() -> None:
    spec = ChartSpec(
        months=("Jul 2019", "Aug 2019", "Sep 2019", "Oct 2019"),
        trajectory=None,
        measured=Series("Figure", ((0, 334.0), (1, 330.0), (2, math.nan), (3, 320.0))),
        references=(),
        reported=3,
        y_label="Number",
        y_max=None,
    )
    root = parse(render_svg(spec))
    lines = [p.get("d", "") for p in root.iter(f"{NS}path") if p.get("fill") == "none"]
    measured = [d for d in lines if d.count("M") == 1 and "L" in d]
    assert len(measured) == 1 and measured[0].count("L") == 1  # 0 to 1; 3 is a marker alone


def test_ticks_thin_out_on_long_charts() -> None:
    assert tick_positions(5) == [0, 1, 2, 3, 4]
    assert tick_positions(14) == [0, 2, 4, 6, 8, 10, 12]
    assert tick_positions(24)[:3] == [0, 3, 6]
    assert tick_positions(48)[:3] == [0, 6, 12]


def test_month_labels_never_crowd_on_very_long_charts() -> None:
    months = tuple(f"Jan {2000 + i // 12}" for i in range(240))
    spec = ChartSpec(months, None, Series("M", ((0, 1.0),)), (), None, "", None)
    root = parse(render_svg(spec))
    xs = [float(t.get("x", 0)) for t in root.iter(f"{NS}tspan") if (t.text or "") == "Jan"]
    assert 3 <= len(xs) < len(tick_positions(240))
    assert min(b - a for a, b in pairwise(xs)) >= 28
