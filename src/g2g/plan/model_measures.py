"""The model of ``measures.yaml``, the service figures (KPIs) recorded month by month:
validated by :class:`MeasuresFile`. Field docstrings are the reference documentation."""

from __future__ import annotations

from pydantic import Field, StrictInt

from g2g.plan.model_base import (
    ComparatorKind,
    Exempt,
    Figure,
    Id,
    Month,
    Number,
    Polarity,
    Strict,
    Text,
    Unit,
)


class MeasureComparator(Strict):
    """A comparator series for a measure, e.g. the statistical neighbour average."""

    kind: ComparatorKind = ComparatorKind.statistical_neighbours
    """statistical_neighbours, england, region or other."""
    name: str | None = None
    """A label when kind is other, or a fuller description."""
    values: dict[Month, Figure] = Field(default_factory=dict)
    """The comparator's figure by month (YYYY-MM: number, null or suppression code)."""


class DfeIndicator(Strict):
    """Where the DfE's open data publishes a measure: a column of its CSV files."""

    indicator: str = Field(min_length=1)
    """The indicator column, e.g. caseload_fte or rate_per_10000."""
    filters: dict[str, str] = Field(default_factory=dict)
    """Filter columns and the value each must hold, to pick one row per area in a file with
    several (e.g. population_count: Children looked after at 31 March each year)."""
    month: StrictInt | None = Field(default=None, ge=1, le=12)
    """The month of the year (1-12) the figure is as at, e.g. 9 for the workforce census at 30
    September. Default: 3 for a Financial or Reporting year (the year to 31 March), 8 for an
    Academic year, 12 for a Calendar year."""


class Measure(Strict):
    """A service figure (KPI) recorded month by month, such as referrals or caseloads."""

    id: Id
    """Identifier, unique in the plan; targets refer to it with kpi:."""
    name: Text
    """What is measured, as the board paper names it."""
    codes: list[Text] = Field(default_factory=list)
    """Other names g2g import knows it by: the council's own indicator codes or names in its
    scorecard, e.g. [CSC-07, "Re-referrals %"] (matched ignoring case and spacing)."""
    group: str | None = None
    """The section it belongs to on the board paper, e.g. Demand, Caseloads, Workforce."""
    unit: Unit
    """percent, count, days, weeks, rate_per_10000, gbp, gbp_thousands or score."""
    polarity: Polarity | None = None
    """higher (more is better) or lower (less is better). There is no default: without it a
    change is shown as a change ("1,066 -> 1,079"), never called improved or worsened, no
    rating is given against the target, and validate warns."""
    target: Number | None = None
    """The value aimed for, where there is one (e.g. an average caseload of 18)."""
    tolerance: Number | None = Field(default=None, ge=0, le=100)
    """How far (percent of the target) the figure may miss it and still be Amber; the plan's
    tolerance when not given."""
    values: dict[Month, Figure] = Field(default_factory=dict)
    """The figure by month (YYYY-MM: number, null, or a suppression code such as c)."""
    notes: dict[Month, Text] = Field(default_factory=dict)
    """A note on a month's figure (YYYY-MM: text), e.g. "provisional"."""
    comparators: list[MeasureComparator] = Field(default_factory=list)
    """Statistical neighbours, England or other series to compare with."""
    dfe: list[DfeIndicator] = Field(default_factory=list)
    """Where the DfE's open data publishes it, so g2g import records the council's figure and
    its comparators from the DfE's CSV files."""
    source: str | None = None
    """Where the figures come from, e.g. "Oldham O&S paper, 10 Sep 2019, section 6"."""
    exempt: Exempt | None = None
    """The paragraph (1-7) of Part 1 of Schedule 12A when the measure is exempt: public outputs
    leave it out (and its figures where a target takes them with kpi:) and the paper says so."""


class MeasuresFile(Strict):
    """Service figures: ``measures.yaml`` in a plan folder (optional)."""

    local_authority: Text | None = None
    """The council in the DfE's open data, by its code (E08000004, or the old code 353) or its
    name there (Oldham): g2g import takes its figures from a DfE file."""
    statistical_neighbours: list[Text] = Field(default_factory=list)
    """The council's statistical neighbours, by code or name as the DfE's open data gives
    them: g2g import records each one's figure as a comparator."""
    measures: list[Measure] = Field(default_factory=list)
    """The measures, in the order the board paper shows them."""
