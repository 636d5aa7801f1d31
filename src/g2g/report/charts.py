"""Charts of the paper, as inline SVG: a target's trajectory against its measured values, a
service measure's figures against its comparators and target, and grouped bars (the caseload
distribution).

Each chart is laid out once, from its data (:class:`ChartSpec`, :class:`BarSpec`), as shapes
(:mod:`g2g.report.drawing`): :func:`svg_text` writes them as SVG for the HTML and PDF papers,
and :mod:`g2g.report.raster` paints the same shapes as PNG for the Word paper.

The SVG is written directly as text, with the standard library only:

- speed at scale: a regional body's papers carry thousands of charts. A charting library took
  about 50 ms a chart and most of a second to import; writing the few dozen elements a chart
  needs takes a small fraction of a millisecond;
- determinism by construction: every coordinate and number is formatted with a fixed precision
  and nothing depends on the machine, the date, a font file or a hash salt, so the same plan
  gives byte-identical papers;
- no heavy dependency to install, pin and keep secure.

Text is SVG ``<text>`` in DejaVu Sans (or Arial, Helvetica, any sans-serif), so it prints sharp
and stays legible; the layout (margins, legend width, thinning of crowded ticks) uses DejaVu
Sans's advance widths, which are as wide as or wider than the fallbacks'. The words in a chart
are g2g's own (legend names such as "Trajectory" or a comparator's kind, months, category keys,
figures): plan text stays in the HTML around the chart. Every text is XML-escaped all the same.

The paper wraps the SVG in an element with ``role="img"`` and the chart's text alternative, whose
children assistive technology treats as presentational, and gives the same figures in a table.
The SVG is not ``aria-hidden``: Chromium's tagged PDF leaves out an image with no content it can
see, and with it the text alternative (the PDF's /Figure and its /Alt).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from itertools import pairwise

from g2g.report.drawing import (
    Axes,
    Box,
    Drawing,
    Gridlines,
    Line,
    Markers,
    Point,
    Polyline,
    Shape,
    Stroke,
    Text,
    marker_outline,
)

TRAJECTORY_COLOUR = "#1d4e89"
MEASURED_COLOUR = "#222222"
COMPARATOR_COLOURS = ("#6b4c9a", "#4d4d4d", "#8a5a00")
REPORTED_COLOUR = "#767676"
COMPARATOR_MARKERS = ("D", "^", "v")
"""Marker shapes of comparison series: ``D`` diamond, ``^`` triangle up, ``v`` triangle down
(``o`` circle and ``s`` square are the measured values' and the trajectory's)."""
BAR_COLOURS = ("#6b4c9a", "#b1b4b6", "#1d4e89")
BAR_HATCHES = ("..", "//", "")
"""Bars take the last colours and hatchings, so the newest series is always the plain blue one
and older ones are hatched (``..`` dots, ``//`` diagonal lines) so that they can be told apart
without colour; every bar has a dark outline."""

FIGURE_SIZE = (4.8, 2.8)
"""Inches at 100 user units an inch: the viewBox is 480 by 280. The paper scales the SVG to the
width of its column: about 342 px on a 390 px phone, at most 34rem on a wider screen, 120 mm
printed. A narrow viewBox keeps the text legible on a phone, where the chart is drawn smallest."""

WIDTH = round(FIGURE_SIZE[0] * 100)
HEIGHT = round(FIGURE_SIZE[1] * 100)
FONT_FAMILY = "DejaVu Sans, Arial, Helvetica, sans-serif"
FONT_SIZE = 13.0
"""User units: 9.3 px on a 390 px phone (342 px chart), 14.7 px in the paper's 34rem column,
9.2 pt on the 120 mm printed chart and in the Word paper's picture."""
SMALLEST_FONT_SIZE = 12.7
"""A label that does not fit is made smaller, never below this: 9 px on a 390 px phone."""
TEXT_COLOUR = "#222222"
GRID_COLOUR = "#dddddd"
OUTLINE_COLOUR = "#222222"
LEGEND_CHARS = 32
"""Legend labels longer than this end in an ellipsis (the full words are in the paper)."""
_PLOT_TOP = 16.0
_LINE_HEIGHT = 15.0
_LEGEND_ROW = 19.0
_LEGEND_SAMPLE = 26.0
"""Length of a legend's line sample; its label starts 6 units after it."""
_BIGGEST = 1e300
"""Values are clamped to this magnitude, so no arithmetic overflows."""


@dataclass(frozen=True)
class Series:
    """Points of one line: x is a month index (0 = the chart's first month)."""

    label: str
    """The legend's name for the line."""
    points: tuple[tuple[int, float], ...]
    """(month index, value) pairs in drawing order; a value that is not finite (NaN for a
    figure that is not available) is not drawn and breaks the line."""


@dataclass(frozen=True)
class ChartSpec:
    """Everything one chart draws, already computed by the paper's view model."""

    months: tuple[str, ...]
    """Tick labels, one per month index, e.g. ``Aug 2019`` (drawn as month over year)."""
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
    """A ceiling (100 for percentages): the axis stops at 105% of it rather than leaving 8% of
    room above the highest value, and goes higher only to show a value above it. None for
    none."""
    comparisons: tuple[Series, ...] = ()
    """Comparator series over months (e.g. statistical neighbours month by month), drawn as
    lines with their own markers; a single point is drawn as a marker alone."""
    goal: Series | None = None
    """A horizontal target line (one point, x unused), e.g. an average caseload of 18."""


@dataclass(frozen=True)
class BarSeries:
    """One set of bars: a value (or None for no bar) for each category."""

    label: str
    """The legend's name for the bars, e.g. a month."""
    values: tuple[float | None, ...]
    """One value per category, in the order of the categories; None (or NaN) draws no bar."""


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
    """A ceiling (100 for percentages): the axis stops at 105% of it rather than leaving 8% of
    room above the highest value, and goes higher only to show a value above it. None for
    none."""


def tick_positions(count: int) -> list[int]:
    """Tick positions: every month for a short chart, then every 2, 3 or 6 months, always
    from the first month."""
    step = 1 if count <= 8 else 2 if count <= 16 else 3 if count <= 36 else 6
    return list(range(0, count, step))


# --- line charts ---------------------------------------------------------------------------


def render_svg(spec: ChartSpec) -> str:
    """The chart as an ``<svg>`` element, ready to place inline in HTML."""
    return svg_text(line_drawing(spec))


def line_drawing(spec: ChartSpec) -> Drawing:
    """The line chart laid out as shapes (:mod:`g2g.report.drawing`)."""
    reported = Stroke(REPORTED_COLOUR, 1.7, "1.7 2.8")
    trajectory = Stroke(TRAJECTORY_COLOUR, 2.5, "9 4", "s", 4.0)
    goal = Stroke(TRAJECTORY_COLOUR, 2.2, "8 3.5")
    measured = Stroke(MEASURED_COLOUR, 3.0, "", "o", 4.5)
    references = [
        Stroke(_cycle(COMPARATOR_COLOURS, i), 2.0, "2 4") for i in _count(spec.references)
    ]
    comparisons = [
        Stroke(_cycle(COMPARATOR_COLOURS, i), 2.2, "9 4.5", _cycle(COMPARATOR_MARKERS, i), 6.0)
        for i in _count(spec.comparisons)
    ]
    # The legend lists the lines in the order they are drawn, the measured values last.
    legend: list[_Entry] = []
    if spec.reported is not None:
        legend.append(_Entry("Month reported", reported))
    if spec.trajectory is not None:
        legend.append(_Entry(spec.trajectory.label, trajectory))
    legend += [_Entry(s.label, k) for s, k in zip(spec.references, references, strict=True)]
    if spec.goal is not None:
        legend.append(_Entry(spec.goal.label, goal))
    legend += [_Entry(s.label, k) for s, k in zip(spec.comparisons, comparisons, strict=True)]
    legend.append(_Entry(spec.measured.label, measured))

    flat = [*spec.references, *([spec.goal] if spec.goal is not None else [])]
    lines = [*([spec.trajectory] if spec.trajectory is not None else []), *spec.comparisons]
    lines.append(spec.measured)
    axis = _y_axis((y for s in [*flat, *lines] for _, y in s.points), spec.y_max)
    last = max(len(spec.months) - 1, 1)
    xs = [x for s in lines for x, y in s.points if _finite(y)]
    x_low = min(-0.5, min(xs, default=0) - 0.5)
    x_high = max(last + 0.5, max(xs, default=0) + 0.5)
    rows = 2 if any(" " in month for month in spec.months) else 1
    frame = _frame(axis, legend, x_low, x_high, rows)

    months = {i: spec.months[i] for i in tick_positions(len(spec.months))}
    months = _thinned(frame, months, rows)

    shapes = [*_grid(frame, axis), _axes(frame, axis, months)]
    if spec.reported is not None and x_low <= spec.reported <= x_high:
        x = frame.x(spec.reported)
        shapes.append(Line((x, frame.top), (x, frame.bottom), reported))
    if spec.trajectory is not None:
        shapes += _series(frame, spec.trajectory.points, trajectory)
    for series, stroke in zip(spec.references, references, strict=True):
        shapes += _level(frame, series, stroke)
    if spec.goal is not None:
        shapes += _level(frame, spec.goal, goal)
    for series, stroke in zip(spec.comparisons, comparisons, strict=True):
        shapes += _series(frame, series.points, stroke)
    shapes += _series(frame, spec.measured.points, measured)

    texts = _y_texts(frame, axis, spec.y_label)
    texts += _x_texts(frame, months, rows)
    shapes += _legend(frame, legend, texts)
    return Drawing(tuple(shapes), tuple(texts))


def _count(items: Sequence[object]) -> range:
    return range(len(items))


def _cycle(choices: Sequence[str], index: int) -> str:
    return choices[index % len(choices)]


def _series(frame: _Frame, points: Sequence[tuple[int, float]], stroke: Stroke) -> list[Shape]:
    """A line through the points, broken where a value is missing, with a marker on each (a
    point with no neighbour is a marker alone)."""
    runs: list[list[Point]] = [[]]
    centres: list[Point] = []
    for x, y in points:
        if not _finite(y):
            runs.append([])
            continue
        point = (frame.x(x), frame.y(_clamp(y)))
        runs[-1].append(point)
        if stroke.marker:
            centres.append(point)
    drawn = tuple(tuple(run) for run in runs if len(run) > 1)
    out: list[Shape] = [Polyline(drawn, stroke)] if drawn else []
    if centres:
        out.append(Markers(stroke.marker, stroke.size, stroke.colour, tuple(centres)))
    return out


def _level(frame: _Frame, series: Series, stroke: Stroke) -> list[Shape]:
    """A horizontal line across the plot at the series' first value."""
    values = [y for _, y in series.points if _finite(y)]
    if not values:
        return []
    y = frame.y(_clamp(values[0]))
    return [Line((frame.left, y), (frame.right, y), stroke)]


# --- bar charts ----------------------------------------------------------------------------


def render_bar_svg(spec: BarSpec) -> str:
    """Grouped bars as an ``<svg>`` element, ready to place inline in HTML. Each series has its
    own colour and hatching, so the bars can be told apart without colour."""
    return svg_text(bar_drawing(spec))


def bar_drawing(spec: BarSpec) -> Drawing:
    """The grouped bars laid out as shapes (:mod:`g2g.report.drawing`)."""
    count = max(len(spec.series), 1)
    width = 0.8 / count
    skip = max(len(BAR_COLOURS) - count, 0)
    prefix = "g2g-" + hashlib.sha256(repr(spec).encode("utf-8")).hexdigest()[:10]
    styles = [(skip + index) % len(BAR_COLOURS) for index in range(len(spec.series))]

    def pattern(style: int) -> str:
        return f"{prefix}-hatch-{style}" if BAR_HATCHES[style] else ""

    legend = [
        _Entry(series.label, None, style, pattern(style))
        for series, style in zip(spec.series, styles, strict=True)
    ]
    values = [0.0, *(v for s in spec.series for v in s.values if v is not None and _finite(v))]
    low, high = min(values), max(values)
    if low < 0:
        # Room below the lowest bar for its value label.
        values.append(low - (high - low) * 0.12)
    axis = _y_axis(values, spec.y_max)
    x_high = max(len(spec.categories) - 1, 0) + 0.6
    for series in spec.series:
        x_high = max(x_high, len(series.values) - 1 + 0.6)
    frame = _frame(axis, legend, -0.6, x_high, 1)

    used = sorted({style for style in styles if BAR_HATCHES[style]})
    shapes: list[Shape] = [*_grid(frame, axis)]
    texts: list[Text] = []
    slot = abs(frame.x(width) - frame.x(0.0))
    zero = frame.y(0.0)
    for index, (series, style) in enumerate(zip(spec.series, styles, strict=True)):
        offset = (index - (count - 1) / 2) * width
        words = spec.value_labels[index] if index < len(spec.value_labels) else ()
        for category, value in enumerate(series.values):
            if value is None or not _finite(value):
                continue
            left = frame.x(category + offset - width * 0.46)
            right = frame.x(category + offset + width * 0.46)
            end = frame.y(_clamp(value))
            top, bottom = min(end, zero), max(end, zero)
            shapes.append(Box(left, top, right - left, bottom - top, style, pattern(style)))
            word = words[category] if category < len(words) else ""
            if word:
                size = _fitted(word, slot)
                baseline = top - 3 if value >= 0 else bottom + size * 0.76 + 3
                texts.append(Text((left + right) / 2, baseline, word, "middle", size))
    categories = _thinned(frame, dict(enumerate(spec.categories)), 1)
    shapes.append(_axes(frame, axis, categories))
    texts += _y_texts(frame, axis, spec.y_label)
    texts += _x_texts(frame, categories, 1)
    shapes += _legend(frame, legend, texts)
    return Drawing(tuple(shapes), tuple(texts), tuple((pattern(s), s) for s in used))


def _pattern(pattern_id: str, style: int) -> str:
    """An SVG pattern drawing the style's hatching over its colour."""
    colour = BAR_COLOURS[style]
    hatch = BAR_HATCHES[style]
    head = f'<pattern id="{pattern_id}" width="6" height="6" patternUnits="userSpaceOnUse"'
    ground = f'<rect width="6" height="6" fill="{colour}"/>'
    if "/" in hatch or "\\" in hatch:
        turn = 45 if "/" in hatch else -45
        return (
            f'{head} patternTransform="rotate({turn})">{ground}'
            f'<line x1="3" y1="0" x2="3" y2="6" stroke="{OUTLINE_COLOUR}" stroke-width="1"/>'
            "</pattern>"
        )
    return (
        f"{head}>{ground}"
        f'<circle cx="1.5" cy="1.5" r="0.9" fill="{OUTLINE_COLOUR}"/>'
        f'<circle cx="4.5" cy="4.5" r="0.9" fill="{OUTLINE_COLOUR}"/></pattern>'
    )


def _fitted(word: str, room: float) -> float:
    """A font size at which the word fits the room (never under 7 units)."""
    wide = _width(word, FONT_SIZE)
    if wide <= room or wide == 0:
        return FONT_SIZE
    return max(SMALLEST_FONT_SIZE, FONT_SIZE * room / wide)


# --- the parts every chart shares ----------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """One legend row: a sample of a line (stroke) or of a bar (its style and hatching), and
    its label."""

    label: str
    stroke: Stroke | None
    style: int = 0
    pattern: str = ""


@dataclass(frozen=True)
class _Axis:
    """The y axis: its range and its ticks as (value, label)."""

    low: float
    high: float
    ticks: tuple[tuple[float, str], ...]


@dataclass(frozen=True)
class _Frame:
    """The plot area in user units and the data range it shows."""

    left: float
    right: float
    top: float
    bottom: float
    x_low: float
    x_high: float
    y_low: float
    y_high: float
    legend_x: float

    def x(self, value: float) -> float:
        return self.left + (value - self.x_low) * (self.right - self.left) / (
            self.x_high - self.x_low
        )

    def y(self, value: float) -> float:
        return self.bottom - (value - self.y_low) * (self.bottom - self.top) / (
            self.y_high - self.y_low
        )


def _frame(
    axis: _Axis, legend: Sequence[_Entry], x_low: float, x_high: float, lines: int
) -> _Frame:
    """The plot area: room on the left for the y label and tick labels, below for the x tick
    labels (one or two lines) and on the right for the legend."""
    widest = max((_width(label, FONT_SIZE) for _, label in axis.ticks), default=0.0)
    left = 6 + _LINE_HEIGHT + 4 + widest + 8
    label_room = max((_width(_short(e.label), FONT_SIZE) for e in legend), default=0.0)
    legend_width = _LEGEND_SAMPLE + 6 + label_room if legend else 0.0
    right = WIDTH - 8 - legend_width - (14 if legend else 4)
    right = max(right, left + WIDTH * 0.35)
    bottom = HEIGHT - 8 - _LINE_HEIGHT * lines - 8
    if x_high <= x_low:
        x_high = x_low + 1
    return _Frame(left, right, _PLOT_TOP, bottom, x_low, x_high, axis.low, axis.high, right + 14)


def _y_axis(values: Iterable[float], y_max: float | None) -> _Axis:
    """The y range and its ticks: from min(0, lowest) to the highest value plus 8% of room
    (but no more than 105% of a ceiling, unless a value is above it), stretched so that round
    ticks, 0 among them, cover every value."""
    finite = [_clamp(v) for v in values if _finite(v)]
    low = min(finite, default=0.0)
    high = max(finite, default=0.0)
    bottom = min(0.0, low * 1.08)
    top = high * 1.08
    if y_max is not None and _finite(y_max):
        top = min(top, y_max * 1.05)
    top = max(top, high, 0.0)
    if top - bottom <= 0:
        top = y_max if y_max is not None and _finite(y_max) and y_max > 0 else 1.0
    mantissa, exponent = _nice_step((top - bottom) / 7)
    step = mantissa * 10.0**exponent
    first = math.ceil(bottom / step - 1e-9)
    last = math.floor(top / step + 1e-9)
    if first * step > low + step * 1e-9:
        first -= 1
    if last * step < high - step * 1e-9:
        last += 1
    bottom = min(bottom, first * step)
    top = max(top, last * step)
    scale = max(abs(first), abs(last)) * step
    labels = [(i * step, _tick_label(i, mantissa, exponent, scale)) for i in range(first, last + 1)]
    return _Axis(bottom, top, tuple(labels))


def _nice_step(raw: float) -> tuple[float, int]:
    """The smallest of 1, 2, 2.5 and 5 times a power of ten at least ``raw``."""
    exponent = math.floor(math.log10(raw))
    for mantissa in (1.0, 2.0, 2.5, 5.0):
        if mantissa * 10.0**exponent >= raw * (1 - 1e-9):
            return mantissa, exponent
    return 1.0, exponent + 1


_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"))


def _tick_label(index: int, mantissa: float, exponent: int, scale: float) -> str:
    """A tick's value, compactly and exactly: ``1,200``, ``2.5``, ``0.25``, ``3.5m``."""
    if exponent >= 15 or exponent < -6:
        text = f"{index * mantissa * 10.0**exponent:.3g}"
        return "0" if index == 0 else text
    suffix = ""
    for size, word in _SCALES:
        if scale >= size:
            exponent -= round(math.log10(size))
            suffix = word
            break
    decimals = max(0, -exponent) + (1 if mantissa == 2.5 else 0)
    text = f"{index * mantissa * 10.0**exponent:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.lstrip("-").strip("0,.") == "":
        return "0"
    return text + suffix


def _thinned(frame: _Frame, labels: dict[int, str], lines: int) -> dict[int, str]:
    """The tick labels, only every k-th where they would otherwise overlap."""
    positions = sorted(labels)
    if len(positions) < 2:
        return labels
    gap = min(b - a for a, b in pairwise(positions))
    spacing = gap * (frame.right - frame.left) / (frame.x_high - frame.x_low)
    needed = 6 + max(_width(part, FONT_SIZE) for t in labels.values() for part in _split(t, lines))
    if spacing >= needed:
        return labels
    every = math.ceil(needed / spacing)
    return {p: labels[p] for p in positions[::every]}


def _grid(frame: _Frame, axis: _Axis) -> list[Shape]:
    """Light horizontal gridlines at the y ticks, below everything else."""
    ys = tuple(frame.y(v) for v, _ in axis.ticks)
    return [Gridlines(frame.left, frame.right, ys)] if ys else []


def _axes(frame: _Frame, axis: _Axis, x_ticks: dict[int, str]) -> Axes:
    """The left and bottom axis lines (no box), with outward tick marks."""
    return Axes(
        frame.left,
        frame.top,
        frame.right,
        frame.bottom,
        tuple(frame.y(v) for v, _ in axis.ticks),
        tuple(frame.x(p) for p in x_ticks),
    )


def _y_texts(frame: _Frame, axis: _Axis, y_label: str) -> list[Text]:
    """The y tick labels and the axis label, turned to read upwards."""
    texts = []
    for value, label in axis.ticks:
        texts.append(Text(frame.left - 7, frame.y(value) + FONT_SIZE * 0.36, label, "end"))
    if y_label:
        middle = (frame.top + frame.bottom) / 2
        room = frame.bottom - frame.top
        size = FONT_SIZE
        wide = _width(y_label, size)
        shown = y_label
        if wide > room:
            size = max(8.0, size * room / wide)
            while len(shown) > 1 and _width(shown + "…", size) > room:
                shown = shown[:-1]
            if shown != y_label:
                shown = shown.rstrip() + "…"
        texts.append(Text(6 + size * 0.8, middle, shown, "middle", size, upright=True))
    return texts


def _x_texts(frame: _Frame, labels: dict[int, str], lines: int) -> list[Text]:
    """The x tick labels; with two lines, the first word over the rest (``Aug`` over
    ``2019``)."""
    texts = []
    first = frame.bottom + 6 + FONT_SIZE * 0.76 + 2
    for position, label in labels.items():
        parts = _split(label, lines)
        if len(parts) == 1:
            texts.append(Text(frame.x(position), first, label, "middle"))
            continue
        texts.append(
            Text(
                frame.x(position),
                first,
                parts[0],
                "middle",
                second=parts[1],
                second_y=first + _LINE_HEIGHT,
            )
        )
    return texts


def _split(label: str, lines: int) -> list[str]:
    """A tick label as its lines: with two, the first word over the rest."""
    return label.split(" ", 1) if lines == 2 else [label]


def _legend(frame: _Frame, legend: Sequence[_Entry], texts: list[Text]) -> list[Shape]:
    """The legend to the right of the plot: a sample and a label per row, top down; the
    labels go into ``texts``."""
    if not legend:
        return []
    row = min(_LEGEND_ROW, (HEIGHT - 6 - frame.top) / len(legend))
    x = frame.legend_x
    out: list[Shape] = []
    for index, entry in enumerate(legend):
        middle = frame.top + row * (index + 0.5)
        if entry.stroke is not None:
            stroke = entry.stroke
            out.append(Line((x, middle), (x + _LEGEND_SAMPLE, middle), stroke))
            if stroke.marker:
                centre = ((x + _LEGEND_SAMPLE / 2, middle),)
                out.append(Markers(stroke.marker, stroke.size, stroke.colour, centre))
        else:
            out.append(Box(x + 4, middle - 5.5, 18, 11, entry.style, entry.pattern))
        texts.append(
            Text(x + _LEGEND_SAMPLE + 6, middle + FONT_SIZE * 0.36, _short(entry.label), "start")
        )
    return out


# --- the SVG writer ------------------------------------------------------------------------


def svg_text(drawing: Drawing) -> str:
    """The drawing as an ``<svg>`` element: every coordinate to one decimal at most."""
    out = [
        '<svg class="chart-svg" focusable="false"'
        f' xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}"'
        f' height="{HEIGHT}">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    if drawing.patterns:
        out.append("<defs>")
        out += [_pattern(pattern_id, style) for pattern_id, style in drawing.patterns]
        out.append("</defs>")
    out += [_svg_shape(shape) for shape in drawing.shapes]
    out.append(f'<g font-family="{FONT_FAMILY}" font-size="{_n(FONT_SIZE)}" fill="{TEXT_COLOUR}">')
    out += [_svg_label(text) for text in drawing.texts]
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def _svg_shape(shape: Shape) -> str:
    if isinstance(shape, Gridlines):
        left, right = _n(shape.left), _n(shape.right)
        path = "".join(f"M{left} {_n(y)}H{right}" for y in shape.ys)
        return f'<path d="{path}" stroke="{GRID_COLOUR}" stroke-width="1.1"/>'
    if isinstance(shape, Axes):
        bottom = _n(shape.bottom)
        parts = [f"M{_n(shape.left)} {_n(shape.top)}V{bottom}H{_n(shape.right)}"]
        parts += [f"M{_n(shape.left - 4)} {_n(y)}h4" for y in shape.y_ticks]
        parts += [f"M{_n(x)} {bottom}v4" for x in shape.x_ticks]
        return (
            f'<path d="{"".join(parts)}" fill="none" stroke="{OUTLINE_COLOUR}" stroke-width="1.1"/>'
        )
    if isinstance(shape, Line):
        (x1, y1), (x2, y2) = shape.start, shape.end
        return (
            f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}"'
            f"{_stroke(shape.stroke)}/>"
        )
    if isinstance(shape, Polyline):
        path = "".join("M" + "L".join(f"{_n(x)} {_n(y)}" for x, y in run) for run in shape.runs)
        return f'<path d="{path}" fill="none"{_stroke(shape.stroke)}/>'
    if isinstance(shape, Markers):
        path = "".join(_marker(shape.shape, x, y, shape.size) for x, y in shape.centres)
        return f'<path d="{path}" fill="{shape.colour}" stroke="#ffffff" stroke-width="0.8"/>'
    fill = f"url(#{shape.pattern})" if shape.pattern else BAR_COLOURS[shape.style]
    return (
        f'<rect x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.width)}"'
        f' height="{_n(shape.height)}" fill="{fill}" stroke="{OUTLINE_COLOUR}"'
        ' stroke-width="0.8"/>'
    )


def _stroke(stroke: Stroke) -> str:
    dashes = f' stroke-dasharray="{stroke.dashes}"' if stroke.dashes else ""
    return (
        f' stroke="{stroke.colour}" stroke-width="{_n(stroke.width)}"{dashes}'
        ' stroke-linejoin="round"'
    )


def _svg_label(text: Text) -> str:
    x, y = _n(text.x), _n(text.y)
    if text.second is not None:
        return (
            f'<text text-anchor="middle"><tspan x="{x}" y="{y}">{_escape(text.words)}'
            f'</tspan><tspan x="{x}" y="{_n(text.second_y)}">{_escape(text.second)}'
            "</tspan></text>"
        )
    turn = f' transform="rotate(-90 {x} {y})"' if text.upright else ""
    return (
        f'<text x="{x}" y="{y}" text-anchor="{text.anchor}"{turn}{_size(text.size)}>'
        f"{_escape(text.words)}</text>"
    )


def _marker(shape: str, x: float, y: float, size: float) -> str:
    """Path data of a marker centred on (x, y) (:func:`g2g.report.drawing.marker_outline`):
    a square as its sides, a circle as two arcs."""
    r = size
    if shape == "s":
        return f"M{_n(x - r)} {_n(y - r)}h{_n(2 * r)}v{_n(2 * r)}h{_n(-2 * r)}Z"
    corners = marker_outline(shape, x, y, size)
    if corners:
        return "M" + "L".join(f"{_n(cx)} {_n(cy)}" for cx, cy in corners) + "Z"
    return (
        f"M{_n(x - r)} {_n(y)}a{_n(r)} {_n(r)} 0 1 0 {_n(2 * r)} 0"
        f"a{_n(r)} {_n(r)} 0 1 0 {_n(-2 * r)} 0Z"
    )


def _size(size: float | None) -> str:
    return "" if size is None or size == FONT_SIZE else f' font-size="{_n(size)}"'


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _escape(words: str) -> str:
    """Text for an SVG element: characters XML cannot hold dropped, the rest escaped."""
    return escape(_NOT_XML.sub("", words))


def _short(label: str) -> str:
    """A legend label, cut to LEGEND_CHARS characters with an ellipsis."""
    return label if len(label) <= LEGEND_CHARS else label[: LEGEND_CHARS - 1].rstrip() + "…"


# Advance widths of DejaVu Sans, in thousandths of an em, for the characters " " to "~".
_WIDTHS = (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337,
    636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
    1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
    603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
    500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
    635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
)  # fmt: skip


def _width(words: str, size: float) -> float:
    """The text's width in user units at the font size, from DejaVu Sans's advance widths
    (other characters count as one em, which is wide enough for nearly all)."""
    total = 0
    for char in words:
        code = ord(char) - 32
        total += _WIDTHS[code] if 0 <= code < len(_WIDTHS) else 1000
    return total * size / 1000


def _finite(value: float) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value)


def _clamp(value: float) -> float:
    return max(-_BIGGEST, min(_BIGGEST, value))


def _n(value: float) -> str:
    """A coordinate with one decimal at most: fixed precision, so output is deterministic."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text
