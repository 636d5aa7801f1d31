"""The model of ``finance.yaml``, the budget lines reported month by month: validated by
:class:`FinanceFile`. Field docstrings are the reference documentation."""

from __future__ import annotations

from pydantic import Field

from g2g.plan.model_base import Exempt, Month, Number, Strict, Text, Unit


class BudgetLine(Strict):
    """One line of a budget monitoring table (amounts in the file's unit). Councils often
    publish only part of a line - a pressure with no budget, an outturn - so only the name and
    the variance are required, and a paper prints only what is given."""

    name: Text
    """The budget line, e.g. "Children in Care"."""
    revised_budget: Number | None = None
    """The revised budget for the year; left out when the source does not give it."""
    forecast: Number | None = None
    """The forecast outturn for the year; left out when the source does not give it."""
    outturn: Number | None = None
    """The actual spend for the year, once it has closed (e.g. the 2018/19 outturn)."""
    use_of_reserves: Number = 0
    """Reserves applied, written as a negative number (the paper's "(279)")."""
    variance: Number
    """Forecast (or outturn) less revised budget plus use of reserves: positive is an overspend
    (a "pressure"); the one figure a council always publishes."""
    exempt: Exempt | None = None
    """The paragraph (1-7) of Part 1 of Schedule 12A when the line is exempt: public outputs
    print it only inside one line, "Other lines (including withheld)", with another line, so
    it cannot be worked out from the total (which stays), and the paper says so."""


class FinancePeriod(Strict):
    """The budget monitoring position reported at one month."""

    month: Month
    """The month the position is reported at, YYYY-MM."""
    label: str | None = None
    """How the council names the period, e.g. "2019/20 Month 3"."""
    lines: list[BudgetLine] = Field(default_factory=list)
    """The budget lines; may be empty when only the total is known."""
    total: BudgetLine
    """The total row; checked against the sum of the lines."""


class FinanceFile(Strict):
    """Budget lines by month: ``finance.yaml`` in a plan folder (optional)."""

    unit: Unit = Unit.gbp_thousands
    """gbp or gbp_thousands."""
    rounding: Number = Field(default=1, ge=0)
    """How far a stated figure may differ from the arithmetic because the source rounds each
    figure (in the file's unit); Oldham's month 3 table differs by 1 in two places."""
    periods: list[FinancePeriod] = Field(default_factory=list)
    """The positions reported, in month order."""
