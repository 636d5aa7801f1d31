"""Plain English for members: no codes, ids or internal field names in the paper's sentences.

Members read the paper; officers write the plan. The paper names things by their words (the
measure, the action's number and title), never by a target's or a measure's id, a suppression
code ("(:)", "(c)"), a field name (``task_group``, ``rag_policy``), or a developer's
counterfactual ("even had it started at 0%"). Checked on every plan's public and private paper,
in Markdown and in the text of the Word paper, with each plan's own ids collected from its
files (the controls show those ids are there to be found).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.plan.load import load_plan
from g2g.plan.model_base import SUPPRESSION_CODES
from tests.helpers import FIXTURES, SHIPPED

runner = CliRunner()
PLANS = {
    "oldham-2019": (SHIPPED / "oldham-2019", ["--board", "scrutiny", "--month", "2019-08"]),
    "bradford-2018": (FIXTURES / "plans" / "bradford-2018", []),
    "oldham-2015": (FIXTURES / "plans" / "oldham-2015", []),
}
DEVELOPER_WORDS = re.compile(
    r"even had it|[\w-]+-[\w-]+'s\b|\bkpi:|\b[a-z]+_[a-z_]+\b|Not available \("
    r"|\bNone\b(?! set| given)"
)


def ids_of(folder: Path) -> set[str]:
    """The ids a plan gives its targets and measures: names for machines, not for members."""
    plan = load_plan(folder)
    model = plan.model
    assert model is not None
    found = {t.id for _, _, action in model.actions() for t in action.targets}
    if plan.measures is not None and plan.measures.model is not None:
        found |= {m.id for m in plan.measures.model.measures}
    # an id that is an ordinary word ("referrals") can be in a sentence as that word
    return {i for i in found if re.search(r"[-_\d]", i)}


def papers(folder: Path, extra: list[str], tmp_path: Path, private: bool) -> str:
    """The paper's Markdown and the text of its Word version."""
    flags = [*extra, "--commit", "none", *(["--private"] if private else [])]
    markdown = runner.invoke(app, ["report", str(folder), *flags, "--format", "markdown"])
    assert markdown.exit_code == 0, markdown.stderr
    target = tmp_path / "paper.docx"
    word = runner.invoke(
        app, ["report", str(folder), *flags, "--format", "docx", "-o", str(target)]
    )
    assert word.exit_code == 0, word.stderr
    with zipfile.ZipFile(target) as package:
        body = package.read("word/document.xml").decode("utf-8")
    words = " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", body))
    return markdown.stdout + "\n" + words


def sentences(text: str) -> str:
    """The text without Markdown links' targets and anchors (where ids belong)."""
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r'<a id="[^"]*"></a>|\{#[^}]*\}', "", text)


@pytest.mark.parametrize("private", [False, True])
@pytest.mark.parametrize("name", sorted(PLANS))
def test_no_ids_codes_or_field_names_in_sentences(name: str, private: bool, tmp_path: Path) -> None:
    folder, extra = PLANS[name]
    text = sentences(papers(folder, extra, tmp_path, private))
    ids = ids_of(folder)
    assert len(ids) >= 5  # the control: the plan has ids a careless sentence could print
    leaked = sorted(i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text))
    assert leaked == []
    assert DEVELOPER_WORDS.findall(text) == []
    for code in SUPPRESSION_CODES:
        assert f"({code})" not in text, code


def test_the_planted_words_would_be_caught() -> None:
    """The checks are not empty: each catches the wording this test was written against."""
    for old in (
        "Not available (:)",
        "18 (rated against PI-1-average-caseload's trajectory)",
        "even had it started at 0% in Apr 2019",
        "grouped by task_group",
    ):
        assert DEVELOPER_WORDS.search(old), old


def test_the_rated_key_says_plainly_which_actions_are_live() -> None:
    # "live actions (running in August 2019: not complete, not yet started or closed)" reads
    # as "live = not complete, or not yet started, or closed": the opposite of what it means
    folder, extra = PLANS["oldham-2019"]
    result = runner.invoke(app, ["report", str(folder), *extra, "--format", "markdown"])
    assert result.exit_code == 0, result.stderr
    assert (
        "Rated: the live actions (those running in August 2019: started, and neither complete "
        "nor closed) with a rating for the month, of all live actions." in result.stdout
    )
    assert "not yet started or closed" not in result.stdout


def test_the_changes_table_marks_a_challenged_rating_it_was() -> None:
    # issue 22: every table that prints a recorded rating marks one the evidence contradicted.
    # September 2019 has no updates; the changes table printed PI-5's August rating as plain
    # Amber, though August's paper itself showed it challenged (the evidence gave Red).
    folder, _ = PLANS["oldham-2019"]
    result = runner.invoke(
        app, ["report", str(folder), "--month", "2019-09", "--format", "markdown"]
    )
    assert result.exit_code == 0, result.stderr
    rows = {
        line.split(" | ")[0]: line
        for line in result.stdout.splitlines()
        if "| ⚪ Not reported |" in line
    }
    pi5 = next(line for line in rows.values() if "**PI-5**" in line and "(was Amber)" in line)
    assert "| 🟠 Amber, challenged: the evidence gives Red | ⚪ Not reported |" in pi5
    # the control: PI-6, plain Amber in August, stays plain
    pi6 = next(line for line in rows.values() if "**PI-6**" in line and "(was Amber)" in line)
    assert "| 🟠 Amber | ⚪ Not reported |" in pi6


def test_the_due_table_dates_a_status_from_an_earlier_month() -> None:
    # issue 22: nothing not reported is shown as if it were this month's. Herefordshire's
    # March 2023 paper said QP-3's latest position was "Not reported, in progress": the
    # status is February's, as the tracker already says ("In progress (as at Feb 2023)")
    folder = FIXTURES / "plans" / "herefordshire-2022"
    result = runner.invoke(app, ["report", str(folder), "--format", "markdown"])
    assert result.exit_code == 0, result.stderr
    row = next(
        line
        for line in result.stdout.splitlines()
        if line.startswith("| 30 Apr 2023 | Action due |") and "**QP-3**" in line
    )
    assert row.endswith("| Not reported, in progress (as at Feb 2023) |"), row
    # the control: an action reported this month keeps its plain position (Oldham's PI-1)
    shipped, extra = PLANS["oldham-2019"]
    result = runner.invoke(app, ["report", str(shipped), *extra, "--format", "markdown"])
    assert "| **PI-1** Leadership restructure and operating model |" in result.stdout
    assert "| Green, in progress |" in result.stdout
    assert "(as at Aug 2019)" not in result.stdout.split("Due in the next 12 weeks")[1]
