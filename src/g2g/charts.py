"""Charts of the paper, as inline SVG: a target's trajectory against its measured values, a
service measure's figures against its comparators and target, and grouped bars (the caseload
distribution).

Drawn with matplotlib (object-oriented API, Agg canvas, SVG writer): a well-kept library whose
output is deterministic when the hash salt and the date are fixed, as here, so the same plan
gives byte-identical papers. No plan text is drawn: the chart's words (title, legend names of
comparators) are in the HTML around it, where they are escaped, so nothing a plan holds can
reach the SVG or matplotlib's mathtext parser.

The SVG is hidden from assistive technology (``aria-hidden``); the paper gives each chart a
text alternative and the same figures in a table.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

TRAJECTORY_COLOUR = "#1d4e89"
MEASURED_COLOUR = "#222222"
COMPARATOR_COLOURS = ("#6b4c9a", "#4d4d4d", "#8a5a00")
REPORTED_COLOUR = "#767676"
COMPARATOR_MARKERS = ("D", "^", "v")
BAR_COLOURS = ("#6b4c9a", "#b1b4b6", "#1d4e89")
BAR_HATCHES = ("..", "//", "")
"""Bars take the last colours and hatchings, so the newest series is always the plain blue one
and older ones are hatched (told apart without colour); every bar has a dark outline."""

FIGURE_SIZE = (6.4, 2.6)
"""Inches; the paper scales the SVG to the width of its column."""


@dataclass(frozen=True)
class Series:
    """Points of one line: x is a month index (0 = the chart's first month)."""

    label: str
    points: tuple[tuple[int, float], ...]


@dataclass(frozen=True)
class ChartSpec:
    """Everything one chart draws, already computed by the paper's view model."""

    months: tuple[str, ...]
    """Tick labels, one per month index, e.g. ``Aug 2019``."""
    trajectory: Series | None
    """The baseline and milestones, joined."""
    measured: Series
    """The measured values."""
    references: tuple[Series, ...]
    """Horizontal reference lines (comparators, an undated baseline): one point each, x unused."""
    reported: int | None
    """The month index of the reported month, marked with a vertical line."""
    y_label: str
    """The axis label, e.g. ``Percent``."""
    y_max: float | None
    """A ceiling the y axis never goes above (100 for percentages); None for none."""
    comparisons: tuple[Series, ...] = ()
    """Comparator series over months (e.g. statistical neighbours month by month), drawn as
    lines with their own markers; a single point is drawn as a marker alone."""
    goal: Series | None = None
    """A horizontal target line (one point, x unused), e.g. an average caseload of 18."""


@dataclass(frozen=True)
class BarSeries:
    """One set of bars: a value (or None for no bar) for each category."""

    label: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class BarSpec:
    """Grouped bars: one group per category, one bar per series in each group."""

    categories: tuple[str, ...]
    """Tick labels of the groups: short keys ("1", "2"), never plan text."""
    series: tuple[BarSeries, ...]
    """The bars of each group, e.g. one per month; the legend names them."""
    value_labels: tuple[tuple[str, ...], ...]
    """The text printed above each bar, by series then category ("" for none)."""
    y_label: str
    """The axis label, e.g. ``Percent``."""
    y_max: float | None
    """A ceiling the y axis never goes above (100 for percentages); None for none."""


def render_svg(spec: ChartSpec) -> str:
    """The chart as an ``<svg>`` element, ready to place inline in HTML."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure
    from matplotlib.ticker import FixedLocator, FuncFormatter

    with matplotlib.rc_context(_STYLE):
        figure = Figure(figsize=FIGURE_SIZE)
        axes = figure.add_subplot()
        if spec.reported is not None:
            axes.axvline(
                spec.reported,
                color=REPORTED_COLOUR,
                linestyle=":",
                linewidth=1.2,
                label="Month reported",
            )
        if spec.trajectory is not None:
            xs, ys = _unzip(spec.trajectory.points)
            axes.plot(
                xs,
                ys,
                color=TRAJECTORY_COLOUR,
                linestyle="--",
                linewidth=1.8,
                marker="s",
                markersize=6,
                label=spec.trajectory.label,
            )
        for index, reference in enumerate(spec.references):
            colour = COMPARATOR_COLOURS[index % len(COMPARATOR_COLOURS)]
            axes.axhline(
                reference.points[0][1],
                color=colour,
                linestyle=(0, (1, 2)),
                linewidth=1.4,
                label=reference.label,
            )
        if spec.goal is not None:
            axes.axhline(
                spec.goal.points[0][1],
                color=TRAJECTORY_COLOUR,
                linestyle="--",
                linewidth=1.6,
                label=spec.goal.label,
            )
        for index, comparison in enumerate(spec.comparisons):
            xs, ys = _unzip(comparison.points)
            axes.plot(
                xs,
                ys,
                color=COMPARATOR_COLOURS[index % len(COMPARATOR_COLOURS)],
                linestyle=(0, (4, 2)),
                linewidth=1.6,
                marker=COMPARATOR_MARKERS[index % len(COMPARATOR_MARKERS)],
                markersize=7,
                label=comparison.label,
            )
        xs, ys = _unzip(spec.measured.points)
        axes.plot(
            xs,
            ys,
            color=MEASURED_COLOUR,
            linestyle="-",
            linewidth=2.2,
            marker="o",
            markersize=7,
            label=spec.measured.label,
        )
        last = max(len(spec.months) - 1, 1)
        axes.set_xlim(-0.5, last + 0.5)
        axes.xaxis.set_major_locator(FixedLocator(tick_positions(len(spec.months))))
        # Month and year on two lines, so a year of monthly ticks fits without overlapping.
        labels = [month.replace(" ", "\n", 1) for month in spec.months]
        axes.xaxis.set_major_formatter(
            FuncFormatter(lambda x, _pos: labels[int(x)] if 0 <= int(x) < len(labels) else "")
        )
        _finish(figure, axes, spec.y_label, spec.y_max)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _inline(buffer.getvalue())


def render_bar_svg(spec: BarSpec) -> str:
    """Grouped bars as an ``<svg>`` element, ready to place inline in HTML. Each series has its
    own colour and hatching, so the bars can be told apart without colour."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure
    from matplotlib.ticker import FixedFormatter, FixedLocator

    with matplotlib.rc_context(_STYLE):
        figure = Figure(figsize=FIGURE_SIZE)
        axes = figure.add_subplot()
        count = max(len(spec.series), 1)
        width = 0.8 / count
        skip = max(len(BAR_COLOURS) - count, 0)
        for index, series in enumerate(spec.series):
            offset = (index - (count - 1) / 2) * width
            style = (skip + index) % len(BAR_COLOURS)
            shown = [(i, v) for i, v in enumerate(series.values) if v is not None]
            bars = axes.bar(
                [i + offset for i, _ in shown],
                [v for _, v in shown],
                width=width * 0.92,
                color=BAR_COLOURS[style],
                edgecolor=MEASURED_COLOUR,
                linewidth=0.8,
                hatch=BAR_HATCHES[style],
                label=series.label,
            )
            texts = spec.value_labels[index] if index < len(spec.value_labels) else ()
            axes.bar_label(
                bars, labels=[texts[i] if i < len(texts) else "" for i, _ in shown], padding=2
            )
        axes.set_xlim(-0.6, max(len(spec.categories) - 1, 0) + 0.6)
        axes.xaxis.set_major_locator(FixedLocator(list(range(len(spec.categories)))))
        axes.xaxis.set_major_formatter(FixedFormatter(list(spec.categories)))
        _finish(figure, axes, spec.y_label, spec.y_max)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return _inline(buffer.getvalue())


def _finish(figure: Any, axes: Any, y_label: str, y_max: float | None) -> None:
    """The y axis, grid, spines, legend and layout every chart shares."""
    low, high = axes.get_ylim()
    # Room above the highest point; a ceiling (100%) still shows a marker drawn on it.
    top = high * 1.08 if y_max is None else min(high * 1.08, y_max * 1.05)
    axes.set_ylim(min(0.0, low), top)
    axes.set_ylabel(y_label)
    axes.grid(axis="y", color="#dddddd", linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    figure.tight_layout()


_STYLE: dict[RcKeyType, Any] = {
    # Fixed so the output does not depend on the machine: DejaVu Sans ships with matplotlib,
    # text is drawn as paths, and ids come from a fixed salt rather than a random one.
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "svg.fonttype": "path",
    "svg.hashsalt": "g2g",
    "svg.image_inline": True,
    "path.simplify": False,
    "axes.unicode_minus": False,
    "text.usetex": False,
    "text.parse_math": False,
}


def _unzip(points: Sequence[tuple[int, float]]) -> tuple[list[int], list[float]]:
    return [x for x, _ in points], [y for _, y in points]


def tick_positions(count: int) -> list[int]:
    """Tick positions: every month for a short chart, then every 2, 3 or 6 months, always
    from the first month."""
    step = 1 if count <= 8 else 2 if count <= 16 else 3 if count <= 36 else 6
    return list(range(0, count, step))


def _inline(svg: str) -> str:
    """The ``<svg>`` element alone (no XML prolog or DOCTYPE), hidden from screen readers and
    scaled to its container."""
    start = svg.index("<svg")
    element = svg[start:].strip()
    return element.replace(
        "<svg ", '<svg class="chart-svg" aria-hidden="true" focusable="false" ', 1
    )
