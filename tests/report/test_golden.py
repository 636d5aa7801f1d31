"""Golden files: the shipped plan's paper for August 2019, and the overview of two plans.

The paper must not change by accident. When it changes on purpose, rewrite the goldens with

    make golden    (or G2G_UPDATE_GOLDEN=1 .venv/bin/pytest tests/report/test_golden.py)

and review the diff. The goldens are made through the CLI from the repository's top folder,
with a fixed commit ('none'), so they do not depend on the machine or the git history.

Each chart's SVG is compared separately from the page (tests/test_report_charts.py checks that
charts are byte-for-byte deterministic and well-formed): in the golden HTML every ``<svg>``
element is replaced by a placeholder, so a change to how charts are drawn (g2g/charts.py) does
not fail this test.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from g2g.cli.app import app
from tests.helpers import ROOT

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
UPDATE = os.environ.get("G2G_UPDATE_GOLDEN") == "1"
ARGS = [
    "report",
    "plans/oldham-2019",
    "--month",
    "2019-08",
    "--board",
    "scrutiny",
    "--meeting-date",
    "2019-09-10",
    "--commit",
    "none",
]
SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def without_charts(html: str) -> str:
    """The page with each chart's SVG replaced by a placeholder."""
    return SVG.sub("<svg><!-- chart drawn by g2g.charts --></svg>", html)


def render(fmt: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, [*ARGS, "--format", fmt])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def check(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert path.exists(), f"{path} is missing - run with G2G_UPDATE_GOLDEN=1 to create it"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                f"golden/{name}",
                "actual",
                n=2,
            )
        )
        pytest.fail(
            f"the paper differs from golden/{name} (G2G_UPDATE_GOLDEN=1 rewrites it):\n"
            f"{diff[:6000]}"
        )


def test_markdown_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    check("oldham-2019-08.md", render("markdown", monkeypatch))


def test_html_golden(monkeypatch: pytest.MonkeyPatch) -> None:
    html = render("html", monkeypatch)
    assert len(SVG.findall(html)) >= 5
    check("oldham-2019-08.html", without_charts(html))


def test_the_paper_is_deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    assert render("html", monkeypatch) == render("html", monkeypatch)


OVERVIEW_ARGS = [
    "report",
    "plans/oldham-2019",
    "tests/fixtures/valid/minimal",
    "--month",
    "2019-08",
    "--meeting-date",
    "2019-09-10",
]


@pytest.mark.parametrize(("fmt", "name"), [("markdown", "overview.md"), ("html", "overview.html")])
def test_overview_golden(fmt: str, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, [*OVERVIEW_ARGS, "--format", fmt])
    assert result.exit_code == 0, result.stderr
    check(name, result.stdout)


@pytest.mark.parametrize("private", [False, True], ids=["public", "private"])
def test_the_exempt_fixture_papers_match_their_goldens(
    private: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second plan, with exempt information in every place (EXEMPT.md): the public paper
    (notices, the finance table's "Other lines (including withheld)", the front sheet's
    paragraphs and public interest test) and the private one (everything, each item marked)."""
    monkeypatch.chdir(ROOT)
    args = ["report", "tests/fixtures/plans/bradford-2018-exempt", "--board", "scrutiny"]
    args += ["--commit", "none", "--format", "markdown", *(["--private"] if private else [])]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    check(f"bradford-2018-exempt-2019-03{'-private' if private else ''}.md", result.stdout)


@pytest.mark.parametrize(("fmt", "name"), [("markdown", "md"), ("html", "html")])
def test_the_full_layout_keeps_the_full_papers_order(
    fmt: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--full: every section's detail in the body, in the order of the paper before the
    committee layout (seed 002's order, with g2g's sections after the plan's summary); this
    golden was the default paper's golden up to that change, but for blank lines."""
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, [*ARGS, "--format", fmt, "--full"])
    assert result.exit_code == 0, result.stderr
    check(f"oldham-2019-08-full.{name}", without_charts(result.stdout))
