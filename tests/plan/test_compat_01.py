"""Plans written for g2g 0.1 (inspections only) keep validating, with the same results.

The files under ``tests/fixtures/compat/<plan>/`` were written once, by the code of the
integration branch before a plan could record sources other than Ofsted's (issue 27; ``due``
after issue 22's one vocabulary and the deadline rule, which changed it on purpose), and are
never regenerated: ``validate`` (text with its exit code, and JSON) and ``due`` (CSV) must print
them byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import FIXTURES, ROOT, run_in

PINNED = FIXTURES / "compat"

PLANS = {
    "oldham-2019": ("plans/oldham-2019", "2019-04"),
    "oldham-2022": ("plans/oldham-2022", "2022-01"),
    "bradford-2018": ("tests/fixtures/plans/bradford-2018", "2018-11"),
    "oldham-2015": ("tests/fixtures/plans/oldham-2015", "2015-08"),
    "minimal": ("tests/fixtures/valid/minimal", "2019-04"),
}
"""Each plan written for 0.1: its folder (from the repository root) and the month ``due`` looks
from (the plan's first month; 104 weeks covers its calendar)."""


def _pinned(name: str, file: str) -> str:
    return (PINNED / name / file).read_text(encoding="utf-8")


def test_every_01_plan_is_pinned() -> None:
    assert sorted(p.name for p in PINNED.iterdir()) == sorted(PLANS)
    for folder, _month in PLANS.values():
        assert (ROOT / folder / "plan.yaml").is_file()


@pytest.mark.parametrize("name", sorted(PLANS))
def test_validate_text_is_unchanged(name: str) -> None:
    folder, _ = PLANS[name]
    code, out, _err = run_in(ROOT, "validate", "--no-cache", "-j1", folder)
    assert f"{out}exit {code}\n" == _pinned(name, "validate.txt")


@pytest.mark.parametrize("name", sorted(PLANS))
def test_validate_json_is_unchanged(name: str) -> None:
    folder, _ = PLANS[name]
    _code, out, _err = run_in(ROOT, "validate", "--no-cache", "-j1", "--format", "json", folder)
    assert out == _pinned(name, "validate.json")


@pytest.mark.parametrize("name", sorted(PLANS))
def test_due_is_unchanged(name: str) -> None:
    folder, month = PLANS[name]
    args = ("due", "--no-cache", "-j1", "--month", month, "--weeks", "104", "--format", "csv")
    code, out, _err = run_in(ROOT, *args, folder)
    assert code == 0
    assert out == _pinned(name, "due.csv")


def test_pinned_files_are_not_empty() -> None:
    # a pinned file that lost its content would pass against a plan that prints nothing
    for path in Path(PINNED).rglob("*"):
        if path.is_file():
            assert path.read_text(encoding="utf-8").strip(), path
