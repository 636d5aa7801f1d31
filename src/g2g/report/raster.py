"""Charts as PNG images, for the Word paper (Word has no use for inline SVG).

The PNG is drawn with Pillow from the very SVG :mod:`g2g.report.charts` writes for the HTML
paper, so the two never differ: same layout, axes, gridlines, ticks, lines with their markers and
dashes, comparators, targets, hatched bars and legend. Only the small subset of SVG that module
writes is read (``rect``, ``line``, ``path`` with ``M L H V Z h v a`` commands, ``text`` with
``tspan`` and a ``rotate`` transform, and its two hatch patterns); no browser, no system library.

Text is drawn in the font Pillow carries (so the image is the same on every machine) at no less
than 8 points when the chart is printed at its intended width, ``PRINT_WIDTH_INCHES``.
"""

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from g2g.report.charts import (
    BAR_COLOURS,
    BAR_HATCHES,
    FONT_SIZE,
    HEIGHT,
    OUTLINE_COLOUR,
    TEXT_COLOUR,
    WIDTH,
    BarSpec,
    ChartSpec,
    render_bar_svg,
    render_svg,
)

SCALE = 3
"""Pixels per SVG user unit: 1440 by 840 pixels, 300 dots an inch at 4.8 inches wide."""
PRINT_WIDTH_INCHES = WIDTH / 100
DPI = round(WIDTH * SCALE / PRINT_WIDTH_INCHES)
MIN_TEXT_UNITS = 8 / 72 * 100 * 1.04
"""The smallest text in user units: a little over 8 points at ``PRINT_WIDTH_INCHES`` (100 user
units an inch)."""
_SVG = "{http://www.w3.org/2000/svg}"
_TOKEN = re.compile(r"[MLHVZhvla]|-?\d+(?:\.\d+)?")
_Point = tuple[float, float]


def chart_png(spec: ChartSpec | BarSpec) -> bytes:
    """The chart (line or bar) as PNG bytes, ``WIDTH * SCALE`` by ``HEIGHT * SCALE`` pixels."""
    svg = render_bar_svg(spec) if isinstance(spec, BarSpec) else render_svg(spec)
    return svg_png(svg)


def svg_png(svg: str) -> bytes:
    """PNG bytes of an SVG written by :mod:`g2g.report.charts`."""
    root = ET.fromstring(svg)
    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), "#ffffff")
    painter = _Painter(image)
    for element in root:
        painter.element(element, {})
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(DPI, DPI), optimize=True)
    return out.getvalue()


class _Painter:
    def __init__(self, image: Image.Image) -> None:
        self.image = image
        self.draw = ImageDraw.Draw(image)
        self.fonts: dict[int, Any] = {}

    def element(self, element: ET.Element, inherited: dict[str, str]) -> None:
        tag = element.tag.removeprefix(_SVG)
        attrs = {**inherited, **element.attrib}
        if tag == "defs":
            return
        if tag == "g":
            for child in element:
                self.element(child, {k: v for k, v in attrs.items() if k.startswith("font")})
            return
        if tag == "rect":
            self.rect(attrs)
        elif tag == "line":
            points = [
                (_f(attrs, "x1"), _f(attrs, "y1")),
                (_f(attrs, "x2"), _f(attrs, "y2")),
            ]
            self.polyline(points, attrs)
        elif tag == "path":
            self.path(attrs)
        elif tag == "text":
            self.text(element, attrs)

    # --- shapes ------------------------------------------------------------------------------

    def rect(self, attrs: dict[str, str]) -> None:
        x, y = _f(attrs, "x"), _f(attrs, "y")
        box = [_px(x), _px(y), _px(x + _f(attrs, "width")), _px(y + _f(attrs, "height"))]
        fill = attrs.get("fill", "#000000")
        if fill.startswith("url("):
            self.hatched(box, int(fill.rstrip(")").rsplit("-", 1)[1]))
        elif fill != "none":
            self.draw.rectangle(box, fill=fill)
        stroke = attrs.get("stroke")
        if stroke:
            self.draw.rectangle(box, outline=stroke, width=_width(attrs))

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

    def path(self, attrs: dict[str, str]) -> None:
        subpaths, circles = _parse_path(attrs.get("d", ""))
        fill = attrs.get("fill")
        if fill and fill != "none":
            stroke = attrs.get("stroke")
            width = _width(attrs) if stroke else 0
            for points, closed in subpaths:
                if closed and len(points) > 2:
                    self.draw.polygon([_pt(p) for p in points], fill=fill)
                    if stroke:
                        self.draw.line(
                            [_pt(p) for p in [*points, points[0]]], fill=stroke, width=width
                        )
            for (cx, cy), r in circles:
                box = [_px(cx - r), _px(cy - r), _px(cx + r), _px(cy + r)]
                self.draw.ellipse(box, fill=fill, outline=stroke, width=width)
            return
        for points, closed in subpaths:
            self.polyline([*points, points[0]] if closed else points, attrs)

    def polyline(self, points: Sequence[_Point], attrs: dict[str, str]) -> None:
        stroke = attrs.get("stroke")
        if not stroke or len(points) < 2:
            return
        width = _width(attrs)
        pixels = [_pt(p) for p in points]
        dashes = [float(d) * SCALE for d in attrs.get("stroke-dasharray", "").split() if d]
        runs = _dashed(pixels, dashes) if dashes else [pixels]
        for run in runs:
            if len(run) > 1:
                self.draw.line(run, fill=stroke, width=width, joint="curve")

    # --- text --------------------------------------------------------------------------------

    def font(self, units: float) -> Any:
        pixels = round(max(units * 1.04, MIN_TEXT_UNITS) * SCALE)
        if pixels not in self.fonts:
            self.fonts[pixels] = ImageFont.load_default(size=pixels)
        return self.fonts[pixels]

    def text(self, element: ET.Element, attrs: dict[str, str]) -> None:
        font = self.font(float(attrs.get("font-size", FONT_SIZE)))
        anchor = {"start": "ls", "middle": "ms", "end": "rs"}[attrs.get("text-anchor", "start")]
        fill = attrs.get("fill", TEXT_COLOUR)
        spans = list(element)
        if spans:
            for span in spans:
                point = (_f(span.attrib, "x"), _f(span.attrib, "y"))
                self.draw.text(_pt(point), span.text or "", font=font, fill=fill, anchor=anchor)
            return
        words = element.text or ""
        point = (_f(attrs, "x"), _f(attrs, "y"))
        if "rotate(" not in attrs.get("transform", ""):
            self.draw.text(_pt(point), words, font=font, fill=fill, anchor=anchor)
            return
        # Read upwards: drawn level on its own image, turned a quarter left, centred on x.
        left, top, right, bottom = font.getbbox(words, anchor="ls")
        level = Image.new("RGBA", (right - left + 2, bottom - top + 2), (255, 255, 255, 0))
        ImageDraw.Draw(level).text((-left + 1, -top + 1), words, font=font, fill=fill, anchor="ls")
        turned = level.rotate(90, expand=True)
        x, y = _pt(point)
        # The baseline is at x; the text is centred on y.
        at = (round(x + top - 1), round(y - turned.height / 2))
        self.image.paste(turned, at, turned)


def _parse_path(d: str) -> tuple[list[tuple[list[_Point], bool]], list[tuple[_Point, float]]]:
    """Subpaths (points, closed) and full circles (centre, radius) of the path data."""
    tokens = _TOKEN.findall(d)
    subpaths: list[tuple[list[_Point], bool]] = []
    circles: list[tuple[_Point, float]] = []
    x = y = 0.0
    index = 0
    points: list[_Point] = []
    arc = False

    def take() -> float:
        nonlocal index
        index += 1
        return float(tokens[index - 1])

    def finish(closed: bool) -> None:
        nonlocal points
        if points and not arc:
            subpaths.append((points, closed))
        points = []

    while index < len(tokens):
        command = tokens[index]
        index += 1
        if command == "M":
            finish(False)
            arc = False
            x, y = take(), take()
            points = [(x, y)]
        elif command == "L":
            x, y = take(), take()
            points.append((x, y))
        elif command in "HVhv":
            value = take()
            if command == "H":
                x = value
            elif command == "V":
                y = value
            elif command == "h":
                x += value
            else:
                y += value
            points.append((x, y))
        elif command == "a":
            r = take()
            index += 4  # ry, rotation, large-arc and sweep flags: only full circles are written
            dx, dy = take(), take()
            if not arc:
                circles.append(((x + dx / 2, y + dy / 2), r))
            arc = True
            x, y = x + dx, y + dy
        elif command == "Z":
            finish(True)
            arc = False
        else:
            raise ValueError(f"unexpected path data {command!r}")
    finish(False)
    return subpaths, circles


def _dashed(points: Sequence[_Point], pattern: Sequence[float]) -> list[list[_Point]]:
    """The polyline cut into its dashes (on, off, on...), continuing across its corners."""
    if min(pattern) <= 0:
        return [list(points)]
    runs: list[list[_Point]] = []
    index, left, on = 0, pattern[0], True
    current: list[_Point] = [points[0]]
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


def _f(attrs: dict[str, str], name: str) -> float:
    return float(attrs.get(name, "0"))


def _width(attrs: dict[str, str]) -> int:
    return max(1, round(float(attrs.get("stroke-width", "1")) * SCALE))


def _px(value: float) -> float:
    return value * SCALE


def _pt(point: _Point) -> tuple[float, float]:
    return (point[0] * SCALE, point[1] * SCALE)
