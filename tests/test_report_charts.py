"""Charts: matplotlib SVG, deterministic, hidden from screen readers, no plan text inside."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from g2g.charts import ChartSpec, Series, render_svg, tick_positions

SPEC = ChartSpec(
    months=("Aug 2019", "Sep 2019", "Oct 2019", "Nov 2019", "Dec 2019"),
    trajectory=Series("Trajectory", ((0, 20.0), (2, 55.0), (4, 70.0))),
    measured=Series("Measured", ((0, 24.0), (1, 30.0))),
    references=(Series("Statistical neighbours: 36.7%", ((0, 36.7),)),),
    reported=1,
    y_label="Percent",
    y_max=100.0,
)


def test_svg_is_one_inline_element() -> None:
    svg = render_svg(SPEC)
    assert svg.startswith('<svg class="chart-svg" aria-hidden="true" focusable="false" ')
    assert svg.rstrip().endswith("</svg>")
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg
    root = ET.fromstring(svg)
    assert root.get("viewBox")
    assert root.iter("{http://www.w3.org/2000/svg}path")


def test_svg_is_deterministic() -> None:
    first = render_svg(SPEC)
    assert first == render_svg(SPEC)
    assert "<dc:date>" not in first
    assert "Matplotlib v" not in first


def test_text_is_drawn_as_paths_not_fonts() -> None:
    svg = render_svg(SPEC)
    assert "<text" not in svg
    assert "font-family" not in svg


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
    assert render_svg(spec).startswith("<svg")


def test_ticks_thin_out_on_long_charts() -> None:
    assert tick_positions(5) == [0, 1, 2, 3, 4]
    assert tick_positions(14) == [0, 2, 4, 6, 8, 10, 12]
    assert tick_positions(24)[:3] == [0, 3, 6]
    assert tick_positions(48)[:3] == [0, 6, 12]
