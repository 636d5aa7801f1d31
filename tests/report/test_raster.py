"""The Word paper's charts as PNG: painted with Pillow from the chart's layout (the shapes the
HTML chart's SVG is written from), so the same lines, markers, dashes, hatching and words, and
never from SVG text; decoded back here and checked pixel by pixel."""

from __future__ import annotations

import ast
import datetime as dt
import io
import math
import xml.etree.ElementTree as ET
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest
from PIL import Image

import g2g.report.charts as charts
import g2g.report.raster as raster
from g2g.plan.load import load_plans
from g2g.report.charts import (
    BAR_COLOURS,
    HEIGHT,
    MEASURED_COLOUR,
    TRAJECTORY_COLOUR,
    WIDTH,
    BarSeries,
    BarSpec,
    ChartSpec,
    Series,
    bar_drawing,
    line_drawing,
)
from g2g.report.drawing import Box, Markers
from g2g.report.paper import Paper, build_paper
from g2g.report.raster import DPI, MIN_TEXT_UNITS, PRINT_WIDTH_INCHES, SCALE, _dashed, chart_png
from tests.helpers import FIXTURES, SHIPPED

SPEC = ChartSpec(
    months=("Aug 2019", "Sep 2019", "Oct 2019", "Nov 2019", "Dec 2019"),
    trajectory=Series("Trajectory", ((0, 20.0), (2, 55.0), (4, 70.0))),
    measured=Series("Measured", ((0, 24.0), (1, 30.0), (2, math.nan), (3, 60.0))),
    references=(Series("Statistical neighbours: 36.7%", ((0, 36.7),)),),
    reported=1,
    y_label="Percent",
    y_max=100.0,
    comparisons=(Series("England", ((0, 40.0), (3, 45.0))),),
    goal=Series("Target: 50", ((0, 50.0),)),
)
BARS = BarSpec(
    categories=("1", "2", "3"),
    series=(
        BarSeries("Jun 2019", (50.0, 18.0, 4.0)),
        BarSeries("Jul 2019", (30.0, None, 6.0)),
        BarSeries("Aug 2019", (20.0, 10.0, 8.0)),
    ),
    value_labels=(("50%", "18%", "4%"), ("30%", "", "6%"), ("20%", "10%", "8%")),
    y_label="Percent",
    y_max=100.0,
)


def rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_png_decodes_at_the_expected_size_and_resolution() -> None:
    for spec in (SPEC, BARS):
        image = decode(chart_png(spec))
        assert image.format == "PNG"
        assert image.size == (WIDTH * SCALE, HEIGHT * SCALE) == (1440, 840)
        assert round(image.info["dpi"][0]) == DPI == 300
        assert image.width / DPI == PRINT_WIDTH_INCHES


def test_text_is_at_least_8_points_at_print_size() -> None:
    assert MIN_TEXT_UNITS / 100 * 72 >= 8  # 100 user units an inch at PRINT_WIDTH_INCHES


def test_png_is_deterministic() -> None:
    assert chart_png(SPEC) == chart_png(SPEC)
    assert chart_png(SPEC) != chart_png(BARS)


def test_line_chart_draws_each_series_in_its_colour() -> None:
    image = decode(chart_png(SPEC)).convert("RGB")
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 20) or []}
    assert rgb(TRAJECTORY_COLOUR) in colours
    assert rgb(MEASURED_COLOUR) in colours
    assert rgb("#6b4c9a") in colours  # the first comparator's colour
    assert rgb("#dddddd") in colours  # gridlines


def test_bar_chart_draws_plain_and_hatched_bars() -> None:
    image = decode(chart_png(BARS)).convert("RGB")
    counts = {colour: n for n, colour in image.getcolors(maxcolors=1 << 20) or []}
    # The newest series is plain blue; the older ones are hatched over their colours.
    for colour in BAR_COLOURS:
        assert counts.get(rgb(colour), 0) > 2000, colour


def test_an_empty_chart_still_draws() -> None:
    empty = ChartSpec(
        months=("Aug 2019",),
        trajectory=None,
        measured=Series("Measured", ()),
        references=(),
        reported=None,
        y_label="",
        y_max=None,
    )
    assert decode(chart_png(empty)).size == (1440, 840)


def test_dashes_alternate_along_the_line_and_across_corners() -> None:
    runs = _dashed([(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)], [4.0, 2.0])
    assert runs[0] == [(0.0, 0.0), (4.0, 0.0)]
    assert runs[1] == [(6.0, 0.0), (10.0, 0.0)]
    # The third dash turns the corner: 2 across the gap, then on for 4 from (10, 2).
    assert runs[2] == [(10.0, 2.0), (10.0, 6.0)]
    assert sum(math.dist(a, b) for run in runs for a, b in pairwise(run)) == 4 + 4 + 4 + 2


# --- drawn from the chart data, never from SVG -------------------------------------------------


def paper_of(folder: Path, month: str) -> Paper:
    plan = load_plans([folder])[0]
    return build_paper(plan, month, meeting=dt.date(2019, 9, 10), charts=True)


def oldham_distribution() -> BarSpec:
    """Oldham 2019's caseload distribution, August 2019 (grouped bars)."""
    performance = paper_of(SHIPPED / "oldham-2019", "2019-08").performance
    assert performance is not None
    found = [g.distribution.chart for g in performance.groups if g.distribution is not None]
    assert len(found) == 1
    return found[0]


def richest_trend(folder: Path, month: str) -> ChartSpec:
    """The plan's service measure with the most measured values over time (a line chart)."""
    performance = paper_of(folder, month).performance
    assert performance is not None
    trends = [t.chart for g in performance.groups for t in g.trends]
    return max(trends, key=lambda c: sum(1 for _, y in c.measured.points if math.isfinite(y)))


def bradford_trend() -> ChartSpec:
    return richest_trend(FIXTURES / "plans" / "bradford-2018", "2019-03")


def oldham_trend() -> ChartSpec:
    return richest_trend(SHIPPED / "oldham-2019", "2019-08")


def pixel(image: Image.Image, x: float, y: float) -> tuple[int, int, int]:
    found = image.getpixel((round(x * SCALE), round(y * SCALE)))
    assert isinstance(found, tuple)
    return (found[0], found[1], found[2])


def test_the_raster_module_reads_no_svg() -> None:
    tree = ast.parse(Path(raster.__file__).read_text(encoding="utf-8"))
    modules = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    modules |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not {m for m in modules if m.split(".")[0] in ("xml", "re", "lxml", "html")}
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    assert not names & {"render_svg", "render_bar_svg", "svg_text"}
    assert "svg" not in {n.id.lower() for n in ast.walk(tree) if isinstance(n, ast.Name)}


def test_charts_are_painted_with_the_svg_writer_and_parser_out_of_reach(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> str:
        raise AssertionError("the PNG must not go through SVG")

    specs = (SPEC, BARS, oldham_distribution(), bradford_trend())
    for name in ("svg_text", "render_svg", "render_bar_svg"):
        monkeypatch.setattr(charts, name, refuse)
    monkeypatch.setattr(ET, "fromstring", refuse)
    monkeypatch.setattr(ET, "XMLParser", refuse)
    for spec in specs:
        assert decode(chart_png(spec)).size == (WIDTH * SCALE, HEIGHT * SCALE)


@pytest.mark.parametrize("make", [oldham_distribution, lambda: BARS], ids=["oldham", "planted"])
def test_one_bar_for_each_value_at_its_height_in_its_colour(make: Callable[[], BarSpec]) -> None:
    spec = make()
    values = [v for s in spec.series for v in s.values if v is not None and math.isfinite(v)]
    assert values  # the chart has bars to draw
    drawing = bar_drawing(spec)
    boxes = [s for s in drawing.shapes if isinstance(s, Box)]
    bars, swatches = boxes[: len(values)], boxes[len(values) :]
    assert len(swatches) == len(spec.series)  # one legend sample per series, after the bars
    # Each bar's height is its value on one scale (the bars stand on 0).
    scale = {round(b.height / v, 6) for b, v in zip(bars, values, strict=True) if v > 0}
    assert len(scale) == 1
    image = decode(chart_png(spec)).convert("RGB")
    for bar in bars:
        colour = rgb(BAR_COLOURS[bar.style])
        middle = bar.x + bar.width / 2
        # Inside the bar: its colour (over a hatching's gaps, within a 6-unit tile).
        around = {
            pixel(image, middle + dx, bar.y + bar.height / 2 + dy)
            for dx in (-2.0, -1.0, 0.0, 1.0, 2.0)
            for dy in (-2.0, -1.0, 0.0, 1.0, 2.0)
        }
        assert colour in around, (bar, spec.series)
    # Each style's colour covers a bar's area, not only a legend sample's.
    counts = {c: n for n, c in image.getcolors(maxcolors=1 << 20) or []}
    for style in {b.style for b in bars}:
        assert counts.get(rgb(BAR_COLOURS[style]), 0) > 500


@pytest.mark.parametrize("make", [bradford_trend, oldham_trend], ids=["bradford", "oldham"])
def test_one_marker_for_each_measured_value_at_its_place(make: Callable[[], ChartSpec]) -> None:
    spec = make()
    measured = [(x, y) for x, y in spec.measured.points if math.isfinite(y)]
    assert len(measured) >= 2
    drawing = line_drawing(spec)
    dots = [s for s in drawing.shapes if isinstance(s, Markers) and s.colour == MEASURED_COLOUR]
    # The measured series' markers, then its legend sample's one.
    centres = dots[0].centres
    assert len(centres) == len(measured)
    assert len(dots) == 2 and len(dots[1].centres) == 1
    # Later months are further right; higher values are higher up.
    for (x1, y1), (x2, y2), (m1, v1), (m2, v2) in zip(
        centres, centres[1:], measured, measured[1:], strict=False
    ):
        assert (x2 > x1) == (m2 > m1)
        assert (y2 < y1) == (v2 > v1) or v1 == v2
    image = decode(chart_png(spec)).convert("RGB")
    for x, y in centres:
        # A filled disc of radius 4.5 units: wider than the 3-unit line through it all round.
        ring = [(x + 3 * math.cos(a), y + 3 * math.sin(a)) for a in range(0, 360, 45)]
        for px, py in [(x, y), *ring]:
            assert pixel(image, px, py) == rgb(MEASURED_COLOUR), (x, y)
    # Between two markers a measured line is drawn (no value is missing between them).
    (x1, y1), (x2, y2) = centres[-2], centres[-1]
    assert pixel(image, (x1 + x2) / 2, (y1 + y2) / 2) == rgb(MEASURED_COLOUR)
