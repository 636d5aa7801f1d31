"""The Word paper's charts as PNG: drawn with Pillow from the HTML chart's own SVG, so the same
lines, markers, dashes, hatching and words; decoded back here and checked pixel by pixel."""

from __future__ import annotations

import io
import math
from itertools import pairwise

from PIL import Image

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
)
from g2g.report.raster import DPI, MIN_TEXT_UNITS, PRINT_WIDTH_INCHES, SCALE, _dashed, chart_png

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
