"""Charts as PNG images, for the Word paper (Word has no use for inline SVG).

The PNG is painted with Pillow from the chart's layout, the shapes :mod:`g2g.report.charts` lays
out from the chart data (:mod:`g2g.report.drawing`), which its SVG writer writes for the HTML
paper too: so the two never differ, with the same layout, axes, gridlines, ticks, lines with
their markers and dashes, comparators, targets, hatched bars, labels and legend. No SVG is
written or read on the way; no browser, no system library.

Text is drawn in the font Pillow carries (so the image is the same on every machine) at no less
than 8 points when the chart is printed at its intended width, ``PRINT_WIDTH_INCHES``.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from g2g.report.charts import (
    BAR_COLOURS,
    BAR_HATCHES,
    FONT_SIZE,
    GRID_COLOUR,
    HEIGHT,
    OUTLINE_COLOUR,
    TEXT_COLOUR,
    WIDTH,
    BarSpec,
    ChartSpec,
    bar_drawing,
    line_drawing,
)
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

SCALE = 3
"""Pixels per SVG user unit: 1440 by 840 pixels, 300 dots an inch at 4.8 inches wide."""
PRINT_WIDTH_INCHES = WIDTH / 100
DPI = round(WIDTH * SCALE / PRINT_WIDTH_INCHES)
MIN_TEXT_UNITS = 8 / 72 * 100 * 1.04
"""The smallest text in user units: a little over 8 points at ``PRINT_WIDTH_INCHES`` (100 user
units an inch)."""
_AXIS_WIDTH = 1.1
"""The width of gridlines and axis lines, as in the SVG."""
_OUTLINE_WIDTH = 0.8
"""The width of a bar's outline and of a marker's white edge, as in the SVG."""
_TICK = 4.0
"""The length of a tick mark."""
_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


def chart_png(spec: ChartSpec | BarSpec) -> bytes:
    """The chart (line or bar) as PNG bytes, ``WIDTH * SCALE`` by ``HEIGHT * SCALE`` pixels."""
    return drawing_png(bar_drawing(spec) if isinstance(spec, BarSpec) else line_drawing(spec))


def drawing_png(drawing: Drawing) -> bytes:
    """PNG bytes of a chart's layout."""
    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), "#ffffff")
    painter = _Painter(image)
    for shape in drawing.shapes:
        painter.shape(shape)
    for text in drawing.texts:
        painter.text(text)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(DPI, DPI), optimize=True)
    return out.getvalue()


class _Painter:
    def __init__(self, image: Image.Image) -> None:
        self.image = image
        self.draw = ImageDraw.Draw(image)
        self.fonts: dict[int, Any] = {}

    def shape(self, shape: Shape) -> None:
        if isinstance(shape, Gridlines):
            for y in shape.ys:
                self.lines([(shape.left, y), (shape.right, y)], GRID_COLOUR, _AXIS_WIDTH)
        elif isinstance(shape, Axes):
            self.axes(shape)
        elif isinstance(shape, Line):
            self.stroked([shape.start, shape.end], shape.stroke)
        elif isinstance(shape, Polyline):
            for run in shape.runs:
                self.stroked(run, shape.stroke)
        elif isinstance(shape, Markers):
            for x, y in shape.centres:
                self.marker(shape, x, y)
        else:
            self.box(shape)

    # --- shapes ------------------------------------------------------------------------------

    def axes(self, axes: Axes) -> None:
        corner = [(axes.left, axes.top), (axes.left, axes.bottom), (axes.right, axes.bottom)]
        self.lines(corner, OUTLINE_COLOUR, _AXIS_WIDTH)
        for y in axes.y_ticks:
            self.lines([(axes.left - _TICK, y), (axes.left, y)], OUTLINE_COLOUR, _AXIS_WIDTH)
        for x in axes.x_ticks:
            self.lines([(x, axes.bottom), (x, axes.bottom + _TICK)], OUTLINE_COLOUR, _AXIS_WIDTH)

    def lines(self, points: Sequence[Point], colour: str, width: float) -> None:
        pixels = [_pt(p) for p in points]
        self.draw.line(pixels, fill=colour, width=_px_width(width), joint="curve")

    def stroked(self, points: Sequence[Point], stroke: Stroke) -> None:
        """A line in the stroke's colour, width and dashes."""
        pixels = [_pt(p) for p in points]
        dashes = [d * SCALE for d in stroke.dash_lengths]
        runs = _dashed(pixels, dashes) if dashes else [pixels]
        for run in runs:
            if len(run) > 1:
                self.draw.line(
                    run, fill=stroke.colour, width=_px_width(stroke.width), joint="curve"
                )

    def marker(self, markers: Markers, x: float, y: float) -> None:
        """One marker, filled in its colour with a thin white edge."""
        edge = _px_width(_OUTLINE_WIDTH)
        corners = marker_outline(markers.shape, x, y, markers.size)
        if not corners:
            r = markers.size
            box = [_px(x - r), _px(y - r), _px(x + r), _px(y + r)]
            self.draw.ellipse(box, fill=markers.colour, outline="#ffffff", width=edge)
            return
        pixels = [_pt(p) for p in corners]
        self.draw.polygon(pixels, fill=markers.colour)
        self.draw.line([*pixels, pixels[0]], fill="#ffffff", width=edge)

    def box(self, box: Box) -> None:
        """A bar in its style's colour (hatched when the style is) with a dark outline."""
        pixels = [_px(box.x), _px(box.y), _px(box.x + box.width), _px(box.y + box.height)]
        if BAR_HATCHES[box.style]:
            self.hatched(pixels, box.style)
        else:
            self.draw.rectangle(pixels, fill=BAR_COLOURS[box.style])
        self.draw.rectangle(pixels, outline=OUTLINE_COLOUR, width=_px_width(_OUTLINE_WIDTH))

    def hatched(self, box: Sequence[float], style: int) -> None:
        """A bar in the style's colour with its hatching (diagonal lines or dots)."""
        left, top = round(box[0]), round(box[1])
        size = (max(round(box[2]) - left, 1), max(round(box[3]) - top, 1))
        tile = Image.new("RGB", size, BAR_COLOURS[style])
        pen = ImageDraw.Draw(tile)
        step = 6 * SCALE
        hatch = BAR_HATCHES[style]
        if "/" in hatch or "\\" in hatch:
            # Lines 6 units apart at 45 degrees, as in the SVG pattern: 6 times root 2 across.
            gap = step * math.sqrt(2)
            offset = float(-size[1])
            while offset < size[0] + size[1]:
                if "/" in hatch:
                    pen.line(
                        [(offset, size[1]), (offset + size[1], 0)], fill=OUTLINE_COLOUR, width=SCALE
                    )
                else:
                    pen.line(
                        [(offset, 0), (offset + size[1], size[1])], fill=OUTLINE_COLOUR, width=SCALE
                    )
                offset += gap
        else:
            r = 0.9 * SCALE
            for row in range(0, size[1] + step, step):
                for col in range(0, size[0] + step, step):
                    for dx, dy in ((1.5, 1.5), (4.5, 4.5)):
                        cx, cy = col + dx * SCALE, row + dy * SCALE
                        pen.ellipse([cx - r, cy - r, cx + r, cy + r], fill=OUTLINE_COLOUR)
        self.image.paste(tile, (left, top))

    # --- text --------------------------------------------------------------------------------

    def font(self, units: float) -> Any:
        pixels = round(max(units * 1.04, MIN_TEXT_UNITS) * SCALE)
        if pixels not in self.fonts:
            self.fonts[pixels] = ImageFont.load_default(size=pixels)
        return self.fonts[pixels]

    def text(self, text: Text) -> None:
        font = self.font(FONT_SIZE if text.size is None else text.size)
        anchor = _ANCHORS[text.anchor]
        if text.second is not None:
            for words, y in ((text.words, text.y), (text.second, text.second_y)):
                self.draw.text(_pt((text.x, y)), words, font=font, fill=TEXT_COLOUR, anchor=anchor)
            return
        if not text.upright:
            point = _pt((text.x, text.y))
            self.draw.text(point, text.words, font=font, fill=TEXT_COLOUR, anchor=anchor)
            return
        # Read upwards: drawn level on its own image, turned a quarter left, centred on y.
        left, top, right, bottom = font.getbbox(text.words, anchor="ls")
        level = Image.new("RGBA", (right - left + 2, bottom - top + 2), (255, 255, 255, 0))
        pen = ImageDraw.Draw(level)
        pen.text((-left + 1, -top + 1), text.words, font=font, fill=TEXT_COLOUR, anchor="ls")
        turned = level.rotate(90, expand=True)
        x, y = _pt((text.x, text.y))
        # The baseline is at x; the text is centred on y.
        at = (round(x + top - 1), round(y - turned.height / 2))
        self.image.paste(turned, at, turned)


def _dashed(points: Sequence[Point], pattern: Sequence[float]) -> list[list[Point]]:
    """The polyline cut into its dashes (on, off, on...), continuing across its corners."""
    if min(pattern) <= 0:
        return [list(points)]
    runs: list[list[Point]] = []
    index, left, on = 0, pattern[0], True
    current: list[Point] = [points[0]]
    for (x1, y1), (x2, y2) in pairwise(points):
        length = math.hypot(x2 - x1, y2 - y1)
        done = 0.0
        while length - done >= left:
            done += left
            point = (x1 + (x2 - x1) * done / length, y1 + (y2 - y1) * done / length)
            if on:
                current.append(point)
                runs.append(current)
                current = []
            else:
                current = [point]
            on = not on
            index = (index + 1) % len(pattern)
            left = pattern[index]
        left -= length - done
        if on:
            current.append((x2, y2))
    if on and len(current) > 1:
        runs.append(current)
    return runs


def _px_width(units: float) -> int:
    return max(1, round(units * SCALE))


def _px(value: float) -> float:
    return value * SCALE


def _pt(point: Point) -> tuple[float, float]:
    return (point[0] * SCALE, point[1] * SCALE)
