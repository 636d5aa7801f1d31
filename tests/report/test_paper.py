"""g2g report: the command, its options and exit codes, and the paper's view model."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.plan.load import load_plans
from g2g.plan.model_plan import Timescale
from g2g.report.heading import git_commit
from g2g.report.labels import join_words, long_day, prose, timescale_words
from g2g.report.paper import Paper, build_paper
from g2g.words import plural
from tests.helpers import FIXTURES, ROOT, SHIPPED

runner = CliRunner()
OLDHAM = SHIPPED / "oldham-2019"
MINIMAL = FIXTURES / "valid" / "minimal"


def report(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["report", "--commit", "none", *args])
    return result.exit_code, result.stdout, result.stderr


def oldham_paper(month: str = "2019-08") -> Paper:
    """The shipped plan's paper for the scrutiny board, without charts (they are slow)."""
    plan = load_plans([OLDHAM])[0]
    assert plan.model is not None
    board = next(b for b in plan.model.plan.boards if b.id == "scrutiny")
    return build_paper(plan, month, board=board, meeting=dt.date(2019, 9, 10), charts=False)


# --- the command ---------------------------------------------------------------------------


def test_default_is_an_html_paper_of_the_latest_month_on_stdout() -> None:
    # plans/ holds two plans since oldham-2022 was added: the one-plan paper is oldham-2019's
    code, out, _ = report(str(OLDHAM))
    assert code == 0
    assert out.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in out
    assert "August 2019" in out
    assert "<script" not in out.lower()
    # Self-contained: nothing is fetched (no links to stylesheets, images, fonts or scripts).
    for fetch in ("<link", "src=", "@import", "<img"):
        assert fetch not in out
    assert not re.search(r"url\((?!#)", out)  # url(#clip-id) inside a chart is local


def test_markdown_format() -> None:
    code, out, _ = report(str(OLDHAM), "--format", "markdown", "--month", "2019-08")
    assert code == 0
    assert out.startswith("# Getting to Good Children’s Improvement Plan: progress update")
    assert "| Standards of Practice | 0 | 6 | 0 | 6 | 6 of 6 | 🟠 Amber | 0 |" in out
    assert "<svg" not in out


def test_board_and_meeting_date_are_on_the_heading() -> None:
    code, out, _ = report(
        str(OLDHAM), "--board", "scrutiny", "--meeting-date", "2019-09-10", "--format", "markdown"
    )
    assert code == 0
    assert "report to the Overview and Scrutiny Board" in out
    assert "**Date of meeting:** 10 September 2019" in out
    assert "Cllr Amanda Chadderton" in out
    assert "Merlin Joseph" in out


def test_unknown_board_is_misuse_and_lists_the_boards() -> None:
    code, out, err = report(str(OLDHAM), "--board", "cabinet")
    assert code == 2
    assert out == ""
    assert "no board 'cabinet'" in err
    for board in ("portfolio", "change-board", "programme-board", "scrutiny"):
        assert board in err
    assert "Overview and Scrutiny Board" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2019-13"], "not a month"),
        (["--month", "2030-01"], "outside the plan period"),
        (["--meeting-date", "2019-02-30"], "not a date"),
        (["--format", "pdf"], "pdf"),
    ],
)
def test_bad_options_are_misuse(args: list[str], message: str) -> None:
    code, _, err = report(str(OLDHAM), *args)
    assert code == 2
    assert message in err


def test_missing_path_is_misuse() -> None:
    code, _, err = report("no/such/folder")
    assert code == 2
    assert "no such file or folder" in err


def test_several_plans_make_the_overview_not_one_paper(tmp_path: Path) -> None:
    shutil.copytree(MINIMAL, tmp_path / "one")
    shutil.copytree(MINIMAL, tmp_path / "two")
    code, out, err = report(str(tmp_path))
    assert code == 0, err
    assert "<h1>Improvement plans: overview</h1>" in out
    assert "2 plans: 2 Amber overall." in out


def test_invalid_plan_prints_diagnostics_and_exits_1() -> None:
    code, out, err = report(str(FIXTURES / "invalid" / "bad-rag-value"))
    assert code == 1
    assert out == ""
    assert "error:" in err
    assert "cannot make the paper" in err
    assert "Traceback" not in err


def test_plan_without_updates_needs_a_month(minimal_plan: Path) -> None:
    shutil.rmtree(minimal_plan / "progress")
    code, _, err = report(str(minimal_plan))
    assert code == 2
    assert "no progress updates yet" in err
    code, out, _ = report(str(minimal_plan), "--month", "2019-08", "--format", "markdown")
    assert code == 0
    assert "Not reported" in out


def test_output_file_is_written_whole_with_normal_permissions(tmp_path: Path) -> None:
    target = tmp_path / "papers" / "paper.html"
    code, out, err = report(str(OLDHAM), "--output", str(target))
    assert code == 0
    assert out == ""
    assert f"wrote {target}" in err
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.endswith("</html>\n")
    assert [p.name for p in target.parent.iterdir()] == ["paper.html"]  # no temporary left
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_output_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "paper.md"
    target.write_text("old paper", encoding="utf-8")
    code, _, _ = report(str(OLDHAM), "--format", "markdown", "-o", str(target))
    assert code == 0
    assert target.read_text(encoding="utf-8").startswith("# Getting to Good")


def test_unwritable_output_is_misuse(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    code, _, err = report(str(OLDHAM), "-o", str(blocker / "paper.html"))
    assert code == 2
    assert "cannot write the paper" in err


def test_commit_option_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(
        app, ["report", str(MINIMAL), "--commit", "abc1234", "--format", "markdown"]
    )
    assert "- **Git commit:** abc1234" in result.stdout
    monkeypatch.setenv("G2G_REPORT_COMMIT", "def5678")
    result = runner.invoke(app, ["report", str(MINIMAL), "--format", "markdown"])
    assert "- **Git commit:** def5678" in result.stdout
    monkeypatch.setenv("G2G_REPORT_COMMIT", "none")
    result = runner.invoke(app, ["report", str(MINIMAL), "--format", "markdown"])
    assert "Git commit" not in result.stdout


def test_help_has_examples() -> None:
    result = runner.invoke(app, ["report", "--help"])
    assert result.exit_code == 0
    for option in ("--month", "--board", "--format", "--output", "--templates", "--meeting-date"):
        assert option in result.stdout
    assert "g2g report --output paper.html" in result.stdout


# --- templates -----------------------------------------------------------------------------


def test_a_council_overrides_one_block(tmp_path: Path) -> None:
    (tmp_path / "paper.html.j2").write_text(
        '{% extends "g2g/paper.html.j2" %}\n'
        "{% block purpose %}<h3>Purpose</h3><p>Our own words for {{ paper.month_label }}.</p>"
        "{% endblock %}\n",
        encoding="utf-8",
    )
    code, out, err = report(str(OLDHAM), "--templates", str(tmp_path))
    assert code == 0, err
    assert "<p>Our own words for August 2019.</p>" in out
    assert "To update the" not in out
    assert "Summary by plan area" in out  # the other blocks are the defaults


def test_a_council_replaces_the_stylesheet(tmp_path: Path) -> None:
    (tmp_path / "paper.css").write_text("body{color:#000000} /* council {# {{ */", encoding="utf-8")
    code, out, _ = report(str(OLDHAM), "--templates", str(tmp_path))
    assert code == 0
    assert "/* council {# {{ */" in out
    assert "--rag-amber-bg" not in out


def test_a_council_overrides_a_markdown_block(tmp_path: Path) -> None:
    (tmp_path / "paper.md.j2").write_text(
        '{% extends "g2g/paper.md.j2" %}{% block appendix %}\nNo appendix.\n{% endblock %}',
        encoding="utf-8",
    )
    code, out, _ = report(str(OLDHAM), "--templates", str(tmp_path), "--format", "markdown")
    assert code == 0
    assert "\nNo appendix.\n" in out
    assert "| Objective | Action |" not in out  # the tracker block was replaced
    assert out.index("No appendix.") < out.rindex("Document control")


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("line one\n{% if %}\n", 2, "template error"),
        ("line one\nline two\n{{ paper.no_such_field }}\n", 3, "no_such_field"),
        ("{{ paper.month }}\n{{ nothing_here }}\n", 2, "'nothing_here' is undefined"),
        ("{% include 'missing.j2' %}\n", 1, "'missing.j2' not found"),
        ("{{ 1 // 0 }}\n", 1, "ZeroDivisionError"),
    ],
)
def test_template_errors_name_the_template_and_line(
    tmp_path: Path, body: str, line: int, words: str
) -> None:
    (tmp_path / "paper.md.j2").write_text(body, encoding="utf-8")
    code, out, err = report(str(OLDHAM), "--templates", str(tmp_path), "--format", "markdown")
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    assert re.search(rf"paper\.md\.j2:{line}: template error: ", err), err
    assert words in err


def test_templates_folder_must_exist() -> None:
    code, _, err = report(str(OLDHAM), "--templates", "no/such/templates")
    assert code == 2
    assert "does not exist" in err


# --- the view model ------------------------------------------------------------------------


def test_area_table_is_table_1_of_the_seed() -> None:
    paper = oldham_paper()
    areas = paper.areas
    assert [c.word for c in areas.columns] == ["Green", "Amber", "Red"]
    assert [(r.name, r.counts, r.total) for r in areas.rows] == [
        ("Standards of Practice", (0, 6, 0), 6),
        ("Practice Improvement", (1, 8, 1), 10),
        ("Learning and Development", (0, 3, 0), 3),
        ("Quality Assurance", (0, 5, 1), 6),
    ]
    assert (areas.total.counts, areas.total.total, areas.total.rating.word) == (
        (1, 22, 2),
        25,
        "Amber",
    )
    assert all(r.change == "No earlier month" for r in areas.rows)


def test_summary_sentences() -> None:
    summary = oldham_paper().summary
    assert summary.overall.word == "Amber"
    assert summary.overall_sentence == (
        "The plan is rated Amber overall for August 2019: 22 of its 25 actions are Amber, "
        "2 Red and 1 Green. 0 of 25 actions complete. Of its 25 live actions, 25 are rated for "
        "the month. As recorded: 1 Green, 22 Amber, 2 Red. On the evidence: 1 Green, 21 Amber, "
        "3 Red."
    )
    assert "first month" in summary.direction
    assert "Overview and Scrutiny Board" in summary.purpose
    assert summary.inspections[0].startswith("Ofsted's ILACS inspection of Oldham Council's")
    assert "Requires Improvement to be Good" in summary.inspections[0]


def test_definitions_are_oldhams_rules() -> None:
    definitions = oldham_paper().definitions
    words = {d.label.word: d.meaning for d in definitions.ratings}
    assert words["Red"].startswith("The activity is behind schedule")
    assert words["Amber"].startswith("The activity is being delivered")
    assert words["Green"].startswith("The activity is on track")
    assert "Blue" not in words
    assert any("10% of the expected value" in s for s in definitions.policy)


def test_exceptions_list_every_red_and_challenge() -> None:
    exceptions = oldham_paper().exceptions
    reds = [r.action for r in exceptions.rows if r.kind == "Red"]
    assert reds == ["PI-4", "QA-3"]
    challenged = [r for r in exceptions.rows if r.kind == "Challenge"]
    # PI-1's Green is earned (turnover at its 12% milestone, caseload ahead of its
    # trajectory): no challenge. PI-5's Amber is contradicted by its audit figure.
    assert [r.action for r in challenged] == ["PI-5"]
    qa3 = next(r for r in exceptions.rows if r.action == "QA-3")
    assert "against the 90% milestone - out of reach" in qa3.reason
    assert all(
        r.reason and r.reason[0].isupper() and r.reason.endswith(".") for r in exceptions.rows
    )
    assert exceptions.changes == ()


@pytest.mark.parametrize(
    ("july", "august", "kind", "position"),
    [
        # 24% in August against August's 30%: missed (the basic plan as it is)
        (None, "24", "Milestone missed", "24% in Aug 2019"),
        # only July's 22%: passed, and nothing shows whether August met it
        (
            "22",
            None,
            "Milestone passed",
            "No figure for Aug 2019 or after (latest 22% in Jul 2019)",
        ),
        (None, None, "Milestone passed", "No figure for Aug 2019 or after"),
        # 31% in July met it early: not listed
        ("31", None, None, None),
    ],
)
def test_the_12_week_table_calls_a_milestone_missed_only_on_a_figure_from_its_month(
    tmp_path: Path, july: str | None, august: str | None, kind: str | None, position: str | None
) -> None:
    folder = tmp_path / "p"
    shutil.copytree(FIXTURES / "cycle" / "basic", folder)
    aug = folder / "progress" / "2019-08.yaml"
    text = aug.read_text(encoding="utf-8").replace("{QA-1-audits-good: 24, ", "{")
    if august is not None:
        text = text.replace("{QA-1-audits-done", f"{{QA-1-audits-good: {august}, QA-1-audits-done")
    aug.write_text(text, encoding="utf-8")
    if july is not None:
        jul = folder / "progress" / "2019-07.yaml"
        jul.write_text(
            jul.read_text(encoding="utf-8").replace(
                "      QA-1-audits-done: 12",
                f"      QA-1-audits-done: 12\n      QA-1-audits-good: {july}",
            ),
            encoding="utf-8",
        )
    plan = load_plans([folder])[0]
    assert plan.model is not None
    assert not [d for d in plan.diagnostics if d.severity == "error"], plan.diagnostics
    paper = build_paper(plan, "2019-08", charts=False)
    rows = [
        (r.kind, r.position)
        for r in paper.due.rows
        if r.what == "Audits judged Good or Outstanding: 30%"
    ]
    assert rows == ([] if kind is None else [(kind, position)])
    if kind == "Milestone passed":
        code, out, err = report("--format", "markdown", "--month", "2019-08", str(folder))
        assert code == 0, err
        assert "Milestone missed" not in out
        assert "| Milestone passed | Audits judged Good or Outstanding: 30% |" in out


def test_the_12_week_table_does_not_judge_a_milestone_of_a_target_with_no_direction(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "p"
    shutil.copytree(FIXTURES / "cycle" / "basic", folder)
    path = folder / "plan.yaml"
    text = path.read_text(encoding="utf-8")
    for gone in (
        "                polarity: higher\n                baseline: {value: 20, month: 2019-05}\n",
        "                  - {month: 2019-10, value: 55}\n"
        "                  - {month: 2020-03, value: 70}\n",
    ):
        assert gone in text
        text = text.replace(gone, "")
    path.write_text(text, encoding="utf-8")
    plan = load_plans([folder])[0]
    paper = build_paper(plan, "2019-08", charts=False)
    rows = [(r.kind, r.position) for r in paper.due.rows if r.action == "QA-1" and "Good" in r.what]
    assert rows == [
        (
            "Milestone passed",
            "24% in Aug 2019; not judged: the plan does not say whether higher or lower is better",
        )
    ]


def test_due_in_the_next_12_weeks() -> None:
    due = oldham_paper().due
    # The same window as `g2g due --from 2019-09-01` (12 weeks after the start).
    assert due.window == "1 September 2019 to 24 November 2019"
    actions_due = [(r.date, r.action) for r in due.rows if r.kind == "Action due"]
    assert actions_due == [
        ("30 Sep 2019", "PI-1"),
        ("30 Sep 2019", "PI-10"),
        ("31 Oct 2019", "PI-6"),
        ("31 Oct 2019", "QA-3"),
    ]
    milestones = [r for r in due.rows if r.kind == "Milestone"]
    assert {r.action for r in milestones} >= {"PI-1", "PI-3", "PI-4", "PI-5", "QA-3"}
    turnover = next(r for r in milestones if r.what.startswith("Staff turnover"))
    assert turnover.what == "Staff turnover: 12%"
    assert turnover.position == "12% in Aug 2019"
    order = [r.date for r in due.rows]
    assert order.index("30 Sep 2019") < order.index("31 Oct 2019")


def test_targets_have_figures_and_a_text_alternative() -> None:
    targets = oldham_paper().targets
    ids = [t.id for t in targets.sections]
    assert "PI-4-plan-audits-good" in ids
    plans = next(t for t in targets.sections if t.id == "PI-4-plan-audits-good")
    assert plans.svg == ""  # charts=False
    assert "24% in Aug 2019" in plans.alt
    assert "55% by Oct 2019" in plans.alt
    measured = [(r.month, r.measured) for r in plans.rows if r.measured]
    assert measured == [("Aug 2019", "24%")]
    milestones = [(r.month, r.milestone) for r in plans.rows if r.milestone]
    assert milestones == [("Oct 2019", "55%"), ("Jun 2020", "70%"), ("Sep 2020", "85%")]
    assert plans.chart.measured.points and plans.chart.trajectory is not None
    pending = [p.measure for p in targets.pending]
    assert "Social workers who have completed the corporate induction" in pending


def test_tracker_has_every_action_with_its_update() -> None:
    tracker = oldham_paper().tracker
    rows = [row for area in tracker for o in area.objectives for row in o.rows]
    assert len(rows) == 25
    pi4 = next(r for r in rows if r.id == "PI-4")
    assert pi4.rating.word == "Red"
    assert pi4.timescale == "April 2019- Sept 2020"
    assert pi4.update[-1].items == ("45 baseline audits conducted since April 19 – 24% Good",)
    assert pi4.direction == "No earlier month"
    assert any(block.is_list for block in pi4.description)


def test_direction_of_travel_against_the_previous_month(minimal_plan: Path) -> None:
    progress = minimal_plan / "progress"
    september = (progress / "2019-08.yaml").read_text(encoding="utf-8")
    september = september.replace("month: 2019-08", "month: 2019-09")
    september = september.replace("rag: amber", "rag: red").replace("updated_on: 2019-09-02", "")
    (progress / "2019-09.yaml").write_text(september, encoding="utf-8")
    plan = load_plans([minimal_plan])[0]
    paper = build_paper(plan, "2019-09", charts=False)
    assert paper.areas.change_heading == "Change since Aug 2019"
    row = paper.areas.rows[0]
    assert row.change.startswith("Unchanged") or row.change.startswith("Worsened")
    assert "Red up 1" in row.change and "Amber down 1" in row.change
    # August's Amber was challenged (the evidence gave Red), and the Was column says so
    assert [(c.action, c.before.word, c.after.word) for c in paper.exceptions.changes] == [
        ("PI-1", "Amber, challenged: the evidence gives Red", "Red")
    ]
    assert "since August 2019" in paper.summary.direction
    tracker = paper.tracker[0].objectives[0].rows[0]
    assert tracker.direction == "Worsened from Amber"


def test_provenance_names_files_version_and_validation() -> None:
    provenance = oldham_paper().heading.provenance
    assert provenance.version
    assert any(f.endswith("plan.yaml") for f in provenance.files)
    assert any(f.endswith("2019-08.yaml") for f in provenance.files)
    assert provenance.commit is None
    assert "Validation: valid" in provenance.sentence


def test_git_commit_in_a_repository_and_outside(tmp_path: Path) -> None:
    inside = git_commit(ROOT)
    if shutil.which("git") and (ROOT / ".git").exists():
        assert inside and re.match(r"^[0-9a-f]{12}", inside)
    assert git_commit(tmp_path) is None


def test_small_helpers() -> None:
    assert long_day(dt.date(2019, 9, 10)) == "10 September 2019"
    assert plural(1, "action") == "1 action" and plural(2, "action") == "2 actions"
    assert join_words(["a", "b", "c"]) == "a, b and c"
    assert prose("One\n- a\n- b\nTwo") == (
        prose("One")[0],
        type(prose("One")[0])(True, ("a", "b")),
        prose("Two")[0],
    )
    assert prose(None) == ()
    assert (
        timescale_words(Timescale(start="2019-04", due="2019-09-30")) == "Apr 2019 to 30 Sep 2019"
    )
    assert timescale_words(Timescale(due="2020-02")) == "By 29 Feb 2020"
    assert timescale_words(Timescale(start="2019-04", ongoing=True)) == "Apr 2019, ongoing"
    assert timescale_words(Timescale(recurring="quarterly")) == "Repeats quarterly"  # type: ignore[arg-type]


# --- the stylesheet ------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_rag_badges_meet_aa_contrast() -> None:
    css = (ROOT / "templates" / "paper.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"--(rag-[a-z]+-(?:bg|fg)):\s*(#[0-9a-fA-F]{6})", css))
    for rag in ("red", "amber", "green", "blue", "none"):
        ratio = contrast(colours[f"rag-{rag}-bg"], colours[f"rag-{rag}-fg"])
        assert ratio >= 4.5, f"{rag}: {ratio:.2f}"


def test_print_stylesheet_is_for_a4() -> None:
    css = (ROOT / "templates" / "paper.css").read_text(encoding="utf-8")
    assert "size: A4" in css
    assert "thead { display: table-header-group; }" in css
    assert re.search(r"tr, [^{]*\{ break-inside: avoid; \}", css)
    assert "break-before: page" in css


def test_an_error_in_an_included_template_names_that_file(tmp_path: Path) -> None:
    (tmp_path / "paper.md.j2").write_text("{% include 'part.md' %}\n", encoding="utf-8")
    (tmp_path / "part.md").write_text("fine\n{{ paper.heading.nope }}\n", encoding="utf-8")
    code, _, err = report(str(OLDHAM), "--templates", str(tmp_path), "--format", "markdown")
    assert code == 1
    assert re.search(r"part\.md:2: template error: .*nope", err), err
