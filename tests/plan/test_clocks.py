"""Statutory clocks against dates counted by hand on a calendar, across Easter, Christmas and
the 2022 extra bank holidays (Platinum Jubilee 3 June, State Funeral 19 September)."""

from __future__ import annotations

import datetime as dt

import pytest

from g2g.plan.clocks import (
    add_working_days,
    bank_holidays,
    is_working_day,
    latest_publication,
    plan_deadline,
    working_days_between,
)

D = dt.date.fromisoformat


def test_the_2022_extra_bank_holidays_are_known() -> None:
    days = bank_holidays(2022)
    assert D("2022-06-03") in days  # Platinum Jubilee
    assert D("2022-06-02") in days  # Spring bank holiday, moved for the Jubilee
    assert D("2022-09-19") in days  # State Funeral of Queen Elizabeth II
    assert D("2022-05-30") not in days  # the usual last-Monday-in-May holiday did not happen
    assert not is_working_day(D("2022-09-19"))
    assert is_working_day(D("2022-09-20"))


@pytest.mark.parametrize(
    ("published", "deadline"),
    [
        # Oldham 2019: published Mon 4 March; Good Friday 19 Apr, Easter Monday 22 Apr, 6 May
        # and 27 May 2019 are not counted -> Fri 14 June (the council stated 11 June: Ofsted
        # counts from receipt of the final report, a few days before publication).
        ("2019-03-04", "2019-06-14"),
        # Across Easter 2022 (15 and 18 April), 2 May and the Jubilee pair (2 and 3 June).
        ("2022-03-01", "2022-06-14"),
        # Across Christmas 2021: 27 and 28 Dec 2021 (Christmas and Boxing Day observed) and
        # 3 Jan 2022 (New Year's Day observed).
        ("2021-12-01", "2022-03-14"),
        # Across the August bank holiday and the State Funeral (19 September 2022).
        ("2022-07-01", "2022-10-11"),
    ],
)
def test_plan_deadline_is_70_working_days_after_publication(published: str, deadline: str) -> None:
    assert plan_deadline(D(published)) == D(deadline)


@pytest.mark.parametrize(
    ("meeting", "latest"),
    [
        # Tue 10 Sep 2019 (Oldham O&S): clear days Tue 3 to Mon 9 -> Mon 2 September.
        ("2019-09-10", "2019-09-02"),
        # Tue 23 April 2019, after Easter: 18, 17, 16, 15, 12 April -> Thu 11 April.
        ("2019-04-23", "2019-04-11"),
        # Fri 26 April 2019: 25, 24, 23, 18, 17 April (19 and 22 are holidays) -> Tue 16.
        ("2019-04-26", "2019-04-16"),
        # Mon 30 Dec 2019: 27, 24, 23, 20, 19 Dec (25, 26 holidays) -> Wed 18 December.
        ("2019-12-30", "2019-12-18"),
        # Thu 2 Jan 2020: 31, 30, 27, 24, 23 Dec (1 Jan, 25, 26 holidays) -> Fri 20 Dec.
        ("2020-01-02", "2019-12-20"),
        # Tue 7 June 2022: 6 June, 1 June, 31, 30, 27 May (2, 3 June holidays) -> Thu 26 May.
        ("2022-06-07", "2022-05-26"),
        # Thu 22 Sep 2022: 21, 20, 16, 15, 14 Sep (19 the State Funeral) -> Tue 13 Sep.
        ("2022-09-22", "2022-09-13"),
    ],
)
def test_latest_publication_leaves_five_clear_working_days(meeting: str, latest: str) -> None:
    assert latest_publication(D(meeting)) == D(latest)
    assert working_days_between(D(latest), D(meeting)) == 5
    # a day later would leave only four clear days
    assert working_days_between(add_working_days(D(latest), 1), D(meeting)) == 4


def test_adding_working_days_both_ways() -> None:
    assert add_working_days(D("2019-04-18"), 1) == D("2019-04-23")  # over Easter
    assert add_working_days(D("2019-04-23"), -1) == D("2019-04-18")
    assert add_working_days(D("2019-04-18"), 0) == D("2019-04-18")
