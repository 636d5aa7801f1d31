"""A chart as a list of shapes: what :mod:`g2g.report.charts` lays out from a chart's data, and
what both its SVG writer (the HTML and PDF papers) and :mod:`g2g.report.raster` (the Word
paper's PNG) draw.

Coordinates are user units of the chart's viewBox (480 by 280), y downwards. A shape says what
to draw (gridlines, axes, a line with its dashes, markers, a bar, a label), never how a format
writes it, so the two pictures come from one layout and cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

Point = tuple[float, float]


@dataclass(frozen=True)
class Stroke:
    """How a line is drawn: colour, width and dashes in user units, and its marker."""

    colour: str
    width: float
    dashes: str = ""
    """Dash and gap lengths, space-separated (``"9 4"``); empty for a solid line."""
    marker: str = ""
    """The marker on each point (see :func:`marker_outline`); empty for none."""
    size: float = 0.0
    """The marker's half-height."""

    @property
    def dash_lengths(self) -> tuple[float, ...]:
        """The dashes as numbers: on, off, on..."""
        return tuple(float(d) for d in self.dashes.split())


@dataclass(frozen=True)
class Gridlines:
    """Light horizontal lines across the plot at the y ticks."""

    left: float
    right: float
    ys: tuple[float, ...]


@dataclass(frozen=True)
class Axes:
    """The left and bottom axis lines (no box), with outward tick marks 4 units long."""

    left: float
    top: float
    right: float
    bottom: float
    y_ticks: tuple[float, ...]
    x_ticks: tuple[float, ...]


@dataclass(frozen=True)
class Line:
    """A straight line: a level (comparator, target), the reported month, a legend sample."""

    start: Point
    end: Point
    stroke: Stroke


@dataclass(frozen=True)
class Polyline:
    """A series' line, in runs broken where a value is missing (each run two points or more)."""

    runs: tuple[tuple[Point, ...], ...]
    stroke: Stroke


@dataclass(frozen=True)
class Markers:
    """The same marker at each centre, in one colour with a thin white outline."""

    shape: str
    size: float
    colour: str
    centres: tuple[Point, ...]


@dataclass(frozen=True)
class Box:
    """A bar, or a bar's legend sample: filled in the bar style's colour (hatched when the
    style has hatching, see :data:`g2g.report.charts.BAR_HATCHES`), with a dark outline."""

    x: float
    y: float
    width: float
    height: float
    style: int
    """Index into the bar colours and hatchings."""
    pattern: str = ""
    """The id of the SVG pattern that hatches it; empty for a plain bar."""


@dataclass(frozen=True)
class Text:
    """A label: one line at (x, y) on its baseline, or two stacked lines (``second`` on the
    baseline ``second_y``); ``upright`` turns it a quarter left to read upwards, centred on
    y."""

    x: float
    y: float
    words: str
    anchor: str
    """``start``, ``middle`` or ``end``."""
    size: float | None = None
    """The type size in user units; None for the chart's own
    (:data:`g2g.report.charts.FONT_SIZE`)."""
    upright: bool = False
    second: str | None = None
    """The second line of a two-line label (a month over its year), or None."""
    second_y: float = 0.0


Shape = Gridlines | Axes | Line | Polyline | Markers | Box


@dataclass(frozen=True)
class Drawing:
    """A whole chart: its shapes in drawing order, then its labels (drawn last, on top)."""

    shapes: tuple[Shape, ...]
    texts: tuple[Text, ...]
    patterns: tuple[tuple[str, int], ...] = ()
    """The hatching the bars use: (pattern id, bar style), for the SVG's ``<defs>``."""


def marker_outline(shape: str, x: float, y: float, size: float) -> tuple[Point, ...]:
    """The corners of a marker centred on (x, y), ``size`` its half-height: ``s`` square, ``D``
    diamond, ``^`` and ``v`` triangles; none for ``o``, a circle of radius ``size``."""
    r = size
    if shape == "s":
        return ((x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r))
    if shape == "D":
        w = r * 0.9
        return ((x, y - r), (x + w, y), (x, y + r), (x - w, y))
    if shape in ("^", "v"):
        tip, base = (-r, r * 0.8) if shape == "^" else (r, -r * 0.8)
        return ((x, y + tip), (x + r, y + base), (x - r, y + base))
    return ()
