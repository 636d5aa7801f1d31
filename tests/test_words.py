"""The words g2g writes, from their one home in ``g2g.words``."""

from __future__ import annotations

import pytest

from g2g.plan.model_base import Unit
from g2g.words import did_you_mean, format_number, format_value, one_line, part_of, plural


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 actions"), (1, "1 action"), (2, "2 actions"), (-1, "-1 actions")]
)
def test_plural_agrees_with_the_count(count: int, expected: str) -> None:
    assert plural(count, "action") == expected


def test_plural_takes_an_irregular_plural() -> None:
    assert plural(1, "measure has", "measures have") == "1 measure has"
    assert plural(3, "measure has", "measures have") == "3 measures have"
    assert plural(0, "row was", "rows were") == "0 rows were"


def test_part_of_agrees_with_the_whole() -> None:
    assert part_of(1, 1, "live action") == "1 of 1 live action"
    assert part_of(0, 3, "live action") == "0 of 3 live actions"
    assert part_of(2, 0, "live action") == "2 of 0 live actions"


@pytest.mark.parametrize(
    ("word", "choices", "expected"),
    [
        ("leed", ["lead", "owner"], " (did you mean 'lead'?)"),
        ("Lead Officer", ["lead_officer"], " (did you mean 'lead_officer'?)"),
        ("in-progress", ["in_progress", "complete"], " (did you mean 'in_progress'?)"),
        # no close match by spelling: a choice the word starts with
        ("lead_oficer", ["lead", "owner"], " (did you mean 'lead'?)"),
        # the choice is shown as written, not as compared
        ("ON HOLD", ["On hold", "Complete"], " (did you mean 'On hold'?)"),
    ],
)
def test_did_you_mean_names_the_closest(word: str, choices: list[str], expected: str) -> None:
    assert did_you_mean(word, choices) == expected


@pytest.mark.parametrize(
    ("word", "choices"), [("zzz", ["lead", "owner"]), ("lead", []), ("ab", ["xyz", "owner"])]
)
def test_did_you_mean_is_empty_when_nothing_is_close(word: str, choices: list[str]) -> None:
    assert did_you_mean(word, choices) == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234.56, "1,234.6"),
        (12.0, "12"),
        (12, "12"),
        (1234567, "1,234,567"),
        (-279, "-279"),
        (0.05, "0.1"),
        (2.55, "2.5"),  # the float 2.55 is just below 2.55
        (-0.04, "0"),
    ],
)
def test_format_number_rounds_to_one_place_with_commas(value: float, expected: str) -> None:
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("unit", "positive", "negative"),
    [
        (Unit.percent, "1,234.6%", "-279%"),
        (Unit.count, "1,234.6", "-279"),
        (Unit.days, "1,234.6 days", "-279 days"),
        (Unit.weeks, "1,234.6 weeks", "-279 weeks"),
        (Unit.rate_per_10000, "1,234.6 per 10,000", "-279 per 10,000"),
        (Unit.gbp, "£1,234.6", "-£279"),
        (Unit.gbp_thousands, "£1,234.6k", "-£279k"),
        (Unit.score, "1,234.6", "-279"),
    ],
)
def test_format_value_for_each_unit(unit: Unit, positive: str, negative: str) -> None:
    assert format_value(1234.56, unit) == positive
    assert format_value(-279, unit) == negative
    # the unit's name as plans write it says the same as the enum
    assert format_value(1234.56, unit.value) == positive


def test_format_value_covers_every_unit() -> None:
    assert {unit.value for unit in Unit} == {
        "percent", "count", "days", "weeks", "rate_per_10000", "gbp", "gbp_thousands", "score"
    }  # fmt: skip


def test_format_value_agrees_the_unit_with_the_number() -> None:
    assert format_value(1, Unit.days) == "1 day"
    assert format_value(1.04, Unit.weeks) == "1 week"  # shown as 1
    assert format_value(0.5, Unit.weeks) == "0.5 weeks"
    assert format_value(0, Unit.days) == "0 days"


@pytest.mark.parametrize(
    ("unit", "expected"), [(Unit.gbp, "£0"), (Unit.gbp_thousands, "£0k"), (Unit.percent, "0%")]
)
def test_format_value_never_loses_a_small_negative_amount(unit: Unit, expected: str) -> None:
    # -0.04 is shown to one decimal place as 0: never as "-£" with the figure cut off
    assert format_value(-0.04, unit) == expected
    assert format_value(-0.05, unit).startswith("-")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\tb\n c", "a b c"),
        ("  Lead:\r\n\r\n  Head of Service  ", "Lead: Head of Service"),
        ("a\u00a0b", "a b"),  # a non-breaking space is whitespace to str.split
        ("x\u2028y", "x y"),  # so is the Unicode line separator
        ("a\u200bb", "a\u200bb"),  # a zero-width space is not
        ("", ""),
        (" \t\n", ""),
    ],
)
def test_one_line_makes_whitespace_runs_single_spaces(text: str, expected: str) -> None:
    assert one_line(text) == expected
