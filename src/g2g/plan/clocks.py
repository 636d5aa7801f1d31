"""Statutory clocks, counted in working days.

A working day is Monday to Friday and not a bank holiday in England (England and Wales share
their bank holidays). The bank holidays come from the maintained ``holidays`` package
(``holidays.country_holidays("GB", subdiv="ENG")``), which computes them by rule for every year
and carries the one-off days such as the Platinum Jubilee (3 June 2022) and the State Funeral
of Queen Elizabeth II (19 September 2022); it is imported only when a clock is first counted,
because importing it takes a noticeable fraction of a second.

Two clocks:

* **The plan submission deadline.** After an inspection that judges a council's children's
  services requires improvement to be good or inadequate, the council must send Ofsted a
  written statement of the action it will take (Education and Inspections Act 2006, s.137(3));
  Ofsted's framework for inspecting local authority children's services (ILACS) sets the time
  allowed as 70 working days. g2g counts 70 working days from the day the report was published
  (the day itself not counted). Ofsted counts from the day the council receives the final
  report, which can be a few days before publication - Oldham's 2019 deadline of 11 June was 3
  working days before the count from publication (4 March 2019) - so a deadline the council
  states (``Inspection.plan_due``) is always preferred to the count.

* **A committee paper's latest publication date.** The agenda and reports of a meeting of a
  principal council in England must be open to inspection at least five clear days before the
  meeting (Local Government Act 1972, s.100B(3) with s.100A(6)(a), "three clear days" made
  "five clear days" for England by the Local Government (Access to Information) (Variation)
  Order 2002, SI 2002/715). "Clear days" leave out both the day of publication and the day of
  the meeting (R v Swansea City Council, ex parte Elitestone Ltd, 1993), and councils' standing
  practice, confirmed by monitoring officers' advice (e.g. Cheshire East's Governance and
  Constitution Committee, 21 January 2010), leaves out weekends and bank holidays. So g2g asks
  for five working days strictly between publication and the meeting: for a meeting on Tuesday
  10 September 2019 the paper must be published by Monday 2 September 2019.
"""

from __future__ import annotations

import datetime as dt
import functools

PLAN_WORKING_DAYS = 70
"""Working days after the report's publication by which the plan goes to Ofsted."""

CLEAR_DAYS = 5
"""Clear working days between a paper's publication and its meeting."""


@functools.lru_cache(maxsize=256)
def bank_holidays(year: int) -> frozenset[dt.date]:
    """England's bank holidays in ``year`` (England and Wales share them)."""
    import holidays

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=[year]))


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday and not a bank holiday."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after ``day`` (``day`` itself not counted); with a negative
    count, the working day that many before it."""
    step = 1 if count >= 0 else -1
    left = abs(count)
    current = day
    while left:
        current += dt.timedelta(days=step)
        if is_working_day(current):
            left -= 1
    return current


def working_days_between(first: dt.date, last: dt.date) -> int:
    """Working days strictly after ``first`` and strictly before ``last`` (clear days)."""
    count = 0
    current = first + dt.timedelta(days=1)
    while current < last:
        count += is_working_day(current)
        current += dt.timedelta(days=1)
    return count


def plan_deadline(published: dt.date) -> dt.date:
    """The 70th working day after the report's publication."""
    return add_working_days(published, PLAN_WORKING_DAYS)


def latest_publication(meeting: dt.date) -> dt.date:
    """The last working day a paper may be published and still leave five clear working days
    before ``meeting``."""
    return add_working_days(meeting, -(CLEAR_DAYS + 1))
