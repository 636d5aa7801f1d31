"""Print and small screens, checked from the paper's own numbers (the browser tests in
test_browser.py and test_pdf.py check the laid-out page)."""

from __future__ import annotations

import datetime as dt
import re

from g2g.engine.ratings import Rating
from g2g.plan.load import load_plans
from g2g.report import charts
from g2g.report.labels import label
from g2g.report.paper import build_paper
from tests.helpers import FIXTURES, ROOT, SHIPPED

POINTS_PER_MM = 72 / 25.4


def test_chart_text_prints_at_8_points_or_more() -> None:
    css = (ROOT / "templates" / "paper.css").read_text(encoding="utf-8")
    printed = css[css.index("@media print") :]
    width_mm = float(re.search(r"\.chart \{ width: ([\d.]+)mm", printed).group(1))  # type: ignore[union-attr]
    size = charts.FONT_SIZE * width_mm / charts.WIDTH * POINTS_PER_MM
    assert size >= 8, f"chart text prints at {size:.1f} pt"
    assert width_mm <= 182  # fits the A4 page inside its 14 mm margins


def test_a_target_with_one_measured_point_is_figures_not_a_chart() -> None:
    for folder, month in (
        (SHIPPED / "oldham-2019", "2019-08"),
        (FIXTURES / "rag" / "basic", "2019-08"),
    ):
        plan = load_plans([folder])[0]
        paper = build_paper(plan, month, meeting=dt.date(2019, 9, 10))
        for target in paper.targets.sections:
            measured = [r for r in target.rows if r.measured not in ("", "-", "Not measured")]
            if len(measured) < 2:
                assert target.svg == "", target.measure
                assert target.rows  # the figures are still there, as a table
        if folder.name == "basic":
            assert any(t.svg for t in paper.targets.sections)  # two or more points: a chart


def test_red_amber_and_green_differ_in_shape_as_well_as_colour() -> None:
    marks = {label(r).mark for r in (Rating.red, Rating.amber, Rating.green)}
    assert len(marks) == 3
    css = (ROOT / "templates" / "paper.css").read_text(encoding="utf-8")
    borders = {
        key: re.search(rf"\.rag-{key} \{{[^}}]*border: 2px (\w+)", css).group(1)  # type: ignore[union-attr]
        for key in ("red", "amber", "green")
    }
    assert len(set(borders.values())) == 3
