"""The traps of an officer's month (issue 17), through the CLI, on more than one plan."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, SHIPPED, run_in

PLANS = [SHIPPED / "oldham-2019", *sorted((FIXTURES / "plans").glob("*/"))]


@pytest.fixture(params=PLANS, ids=lambda p: p.name)
def plan(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    target = tmp_path / "plan"
    shutil.copytree(request.param, target)
    return target


def test_every_unquoted_bracket_title_is_reported_in_one_run(plan: Path) -> None:
    path = plan / "plan.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    changed = []
    for index, line in enumerate(lines):
        match = re.match(r"^(\s+)title: (?!['\"])(.*)$", line)
        if match and len(changed) < 12:
            lines[index] = f"{match.group(1)}title: [placeholder] {match.group(2)}"
            changed.append(index + 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    assert len(changed) >= 5
    code, out, _ = run_in(plan, "validate", ".")
    assert code == 1
    reported = [
        int(m.group(1))
        for m in re.finditer(r"plan\.yaml:(\d+):\d+: error: text starting with \[", out)
    ]
    assert reported == changed
    assert "write '[placeholder] " in out
    assert "Traceback" not in out


def test_meaning_checks_run_beside_shape_errors(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(SHIPPED / "oldham-2019", plan)
    path = plan / "plan.yaml"
    text = path.read_text(encoding="utf-8")
    # A shape error (a misspelt key) in action PI-5, which the August update reports on ...
    text = text.replace("addresses: [R2]\n", "addresses: [R2]\n            lead_oficer: x\n", 1)
    # ... and a reference error in another action of the same file.
    text = text.replace("addresses: [R4]\n", "addresses: [R44]\n", 1)
    path.write_text(text, encoding="utf-8")
    code, out, _ = run_in(plan, "validate", ".")
    assert code == 1
    assert "unknown key 'lead_oficer'" in out
    assert "'R44'" in out, "the reference error is reported in the same run"
    # The action left out for its shape error is not blamed on anything else (its update).
    assert "PI-5" not in out
    assert out.strip().endswith("invalid, 2 errors, 0 warnings")


# --- messages in the user's words --------------------------------------------------------


def _august(plan: Path) -> Path:
    return sorted((plan / "progress").glob("*.yaml"))[-1]


def test_an_empty_status_says_empty_not_none(plan: Path) -> None:
    path = _august(plan)
    text = path.read_text(encoding="utf-8")
    assert "status: in_progress" in text
    path.write_text(text.replace("status: in_progress", "status:", 1), encoding="utf-8")
    code, out, _ = run_in(plan, "validate", ".")
    assert code == 1
    assert "status is empty - write one of: not_started, in_progress" in out
    assert "None" not in out


@pytest.mark.parametrize(
    "written", ["Amber/Green", "amber-green", "Amber / Green", "amber or green"]
)
def test_a_compound_rating_is_asked_to_pick_one(plan: Path, written: str) -> None:
    path = _august(plan)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("rag: amber", f"rag: {written}", 1), encoding="utf-8")
    code, out, _ = run_in(plan, "validate", ".")
    assert code == 1
    assert f"rag '{written}' names 2 values - pick one of amber or green" in out
    assert "did you mean" not in out


def test_the_update_command_asks_to_pick_one_too(plan: Path) -> None:
    action = _first_update_action(plan)
    code, _, err = run_in(
        plan, "update", action, "--month", _month(plan), "--rag", "Amber/Green", "."
    )
    assert code == 2
    assert "--rag 'Amber/Green' names 2 values - pick one of amber or green" in err


def test_blue_is_not_offered_on_a_rag_plan(plan: Path) -> None:
    action = _first_update_action(plan)
    code, _, err = run_in(plan, "update", action, "--month", _month(plan), "--rag", "bleu", ".")
    assert code == 2
    assert "use one of: red, amber, green" in err
    assert "blue" not in err
    path = _august(plan)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("rag: amber", "rag: bleu", 1), encoding="utf-8")
    code, out, _ = run_in(plan, "validate", ".")
    assert "rag 'bleu' is not an allowed value - use one of: red, amber, green\n" in out


def _month(plan: Path) -> str:
    return _august(plan).stem


def _first_update_action(plan: Path) -> str:
    match = re.search(r"- action: (\S+)", _august(plan).read_text(encoding="utf-8"))
    assert match
    return match.group(1)


@pytest.mark.parametrize("written", ["yes", "Yes", "1", "on", "'true'"])
def test_only_true_and_false_are_booleans(tmp_path: Path, written: str) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(SHIPPED / "oldham-2019", plan)
    path = plan / "plan.yaml"
    text = path.read_text(encoding="utf-8")
    assert "ongoing: true" in text
    path.write_text(text.replace("ongoing: true", f"ongoing: {written}", 1), encoding="utf-8")
    code, out, _ = run_in(plan, "validate", ".")
    assert code == 1
    assert "- write true or false" in out


def test_a_huge_integer_is_not_called_a_leading_zero(plan: Path) -> None:
    path = _august(plan)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("rag: amber", "rag: " + "7" * 5000, 1), encoding="utf-8")
    code, out, _ = run_in(plan, "validate", ".")
    assert code == 1
    assert "has 5000 digits, too many for a number" in out
    assert "leading zero" not in out


def test_no_library_wording_on_a_bad_choice(tmp_path: Path) -> None:
    for args in (["schema", "nonsense"], ["due", "--format", "xls"], ["rag", "--by", "x"]):
        code, out, err = run_in(tmp_path, *args)
        assert code == 2
        assert "Value error" not in out + err
        assert "is not one of: " in err


def test_strict_summary_says_it_fails(plan: Path) -> None:
    before = run_in(plan, "validate", ".")[1].count(": warning: ")
    path = _august(plan)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("rag: amber", "rag:", 1), encoding="utf-8")
    code, out, _ = run_in(plan, "validate", ".")
    assert code == 0
    warnings = before + 1
    assert f"checked: valid, 0 errors, {warnings} warning" in out
    code, out, _ = run_in(plan, "validate", ".", "--strict")
    assert code == 1
    last = out.strip().splitlines()[-1]
    assert f"fails under --strict: {warnings} warning" in last
    assert ": valid," not in last


# --- acknowledging a warning, enabling actions -------------------------------------------


def _no_rag_warning(plan: Path) -> tuple[str, str]:
    """Blank one update's rating: a warning 'X has no RAG rating for M'. Returns (X, M)."""
    path = _august(plan)
    text = path.read_text(encoding="utf-8")
    match = re.search(r"- action: (\S+)\n(?:\s+\w+:.*\n)*?\s+rag: (red|amber|green)", text)
    assert match
    start, end = match.span(2)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    return match.group(1), _month(plan)


def _acknowledge(plan: Path, entries: str) -> None:
    path = plan / "plan.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\nacknowledged:\n" + entries, encoding="utf-8")


def test_an_acknowledged_warning_passes_strict_and_is_listed(plan: Path) -> None:
    action, month = _no_rag_warning(plan)
    code, out, _ = run_in(plan, "validate", ".", "--strict", "--format", "json")
    assert code == 1
    found = json.loads(out)
    mine = [d for d in found if d["code"] == "update-no-rag" and action in d["message"]]
    assert len(mine) == 1 and mine[0]["severity"] == "warning"
    others = [d for d in found if d is not mine[0]]
    entries = (
        f"  - code: update-no-rag\n    action: {action}\n    month: '{month}'\n"
        "    reason: The lead officer was on leave; rated at the next board\n"
        "    by: Head of Service\n"
    )
    codes = sorted({other["code"] for other in others})
    for n, rule in enumerate(codes):  # the fixture plans' planted warnings, by rule
        entries += f"  - code: {rule or 'none'}\n    reason: planted case {n}\n"
    _acknowledge(plan, entries)
    code, out, _ = run_in(plan, "validate", ".", "--format", "json")
    after = json.loads(out)
    ours = [d for d in after if d["code"] == "update-no-rag" and action in d["message"]]
    assert ours[0]["severity"] == "acknowledged"
    assert "[acknowledged by Head of Service: The lead officer was on leave" in ours[0]["message"]
    if all(d["code"] for d in others):
        code, out, _ = run_in(plan, "validate", ".", "--strict")
        assert code == 0, out
        assert "acknowledged" in out.strip().splitlines()[-1]


def test_an_acknowledgement_for_another_action_or_month_does_not_match(plan: Path) -> None:
    action, month = _no_rag_warning(plan)
    _acknowledge(
        plan,
        f"  - code: update-no-rag\n    action: {action}\n    month: '2000-01'\n"
        "    reason: wrong month\n",
    )
    code, out, _ = run_in(plan, "validate", ".")
    assert code == 0
    assert f"{action} has no RAG rating for {month}" in out
    assert "warning: the acknowledgement of update-no-rag for " in out
    assert "matches no warning - remove it" in out


def test_the_library_lists_acknowledged_warnings_for_the_paper(plan: Path) -> None:
    from g2g.plan.acknowledge import acknowledged_warnings
    from g2g.plan.load import load_plan
    from g2g.plan.validate import validate_plan

    action, month = _no_rag_warning(plan)
    _acknowledge(plan, "  - code: update-no-rag\n    reason: rated at the board\n")
    loaded = load_plan(plan)
    listed = acknowledged_warnings(loaded, validate_plan(loaded))
    assert [(w.diagnostic.code, w.acknowledgement.reason) for w in listed] == [
        ("update-no-rag", "rated at the board")
    ]
    assert (
        listed[0].diagnostic.message
        == f"{action} has no RAG rating for {month} - add rag: red, amber or green"
    )


def test_an_enabling_action_needs_no_finding(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(SHIPPED / "oldham-2019", plan)
    path = plan / "plan.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("            addresses: [R6]\n", "", 1), encoding="utf-8")
    code, out, _ = run_in(plan, "validate", ".", "--strict")
    assert code == 1
    assert "action 'SP-1' answers no inspection finding" in out
    assert "or mark it enabling: true" in out
    path.write_text(
        text.replace("            addresses: [R6]\n", "            enabling: true\n", 1),
        encoding="utf-8",
    )
    code, out, _ = run_in(plan, "validate", ".", "--strict")
    assert code == 0, out


# --- g2g month's hints --------------------------------------------------------------------


def test_month_hints_go_when_update_fills_the_line(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(SHIPPED / "oldham-2019", plan)
    code, _, err = run_in(plan, "month", "2019-09", ".")
    assert code == 0, err
    path = plan / "progress" / "2019-09.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("# as in 2019-08 - change it if the action moved on") == 25
    assert text.count("# 2019-08: amber - write red, amber or green") >= 2
    code, out, err = run_in(
        plan,
        "update",
        "SP-1",
        "--month",
        "2019-09",
        "--rag",
        "green",
        "--status",
        "in_progress",
        "--note",
        "Appraisals done",
        "--value",
        "SP-1-annual-appraisal=80",
        "--on",
        "2019-09-20",
        ".",
    )
    assert code == 0, err
    assert "SP-1-annual-appraisal 80." in out, "a blank from g2g month is not 'was not available'"
    after = path.read_text(encoding="utf-8")
    entry = after[after.index("- action: SP-1") : after.index("- action: SP-2")]
    assert "    status: in_progress\n" in entry
    assert "    rag: green\n" in entry
    assert "change it if" not in entry and "write red, amber or green" not in entry
    assert "target 100 by 2020-03" in entry, "the target notes stay: they stay true"
    # SP-2 was rated but its status not touched: its status hint is still true and stays.
    code, _, err = run_in(plan, "update", "SP-2", "--month", "2019-09", "--rag", "amber", ".")
    assert code == 0, err
    after = path.read_text(encoding="utf-8")
    entry = after[after.index("- action: SP-2") : after.index("- action: SP-3")]
    assert "# as in 2019-08 - change it if the action moved on" in entry
    assert "write red, amber or green" not in entry
    assert after.count("# as in 2019-08 - change it if the action moved on") == 24


def test_update_leaves_the_other_blanks_of_the_entry_blank(plan: Path) -> None:
    """g2g month leaves blanks for the officer; g2g update fills only what it is given and
    never writes them back as ``null`` (which reads as "not available", a recorded fact)."""
    from g2g.months import add_months

    latest = max(p.stem for p in (plan / "progress").glob("*.yaml"))
    month = add_months(latest, 1)
    code, _, err = run_in(plan, "month", month, ".")
    assert code == 0, err
    path = plan / "progress" / f"{month}.yaml"
    before = path.read_text(encoding="utf-8")
    assert ": null" not in before
    first = re.search(r"- action: (\S+)", before)
    assert first is not None
    action = first.group(1)
    code, out, err = run_in(
        plan, "update", action, "--month", month, "--rag", "amber", "--note", "Moving", "."
    )
    assert code == 0, out + err
    after = path.read_text(encoding="utf-8")
    assert ": null" not in after
    old, new = before.split("\n"), after.split("\n")
    assert len(old) == len(new)
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    keys = sorted(b.split(":")[0].strip() for _, b in changed)
    assert keys == ["narrative", "rag", "updated_on"], changed
    # a figure cleared on purpose is written as null, the other blanks stay blank
    targets = re.findall(r"\n {6}(\S+):  #", before)
    if targets:
        owner = re.search(
            rf"- action: (\S+)\n(?:(?!- action:).*\n)*? {{6}}{re.escape(targets[0])}:", before
        )
        assert owner is not None
        code, out, err = run_in(
            plan, "update", owner.group(1), "--month", month, "--value", f"{targets[0]}=null", "."
        )
        assert code == 0, out + err
        final = path.read_text(encoding="utf-8")
        assert final.count(": null") == 1
        assert f"      {targets[0]}: null" in final


# --- quiet gaps -------------------------------------------------------------------------------


def test_the_due_table_wraps_rather_than_cuts(tmp_path: Path) -> None:
    code, out, _ = run_in(SHIPPED, "due", "--from", "2019-09-01", "oldham-2019")
    assert code == 0
    assert "…" not in out
    # The longest "What" of the window is there in full, over two lines.
    assert "Baseline audits of assessments for CIN, CP and CLA judged" in out
    assert "Good or Outstanding: 55% expected (no value yet)" in out


def test_help_says_what_each_format_holds() -> None:
    code, out, _ = run_in(SHIPPED, "rag", "--help")
    assert code == 0
    flat = " ".join(out.split())
    assert "so --by does not change it" in flat
    for command in ("kpi", "due"):
        code, out, _ = run_in(SHIPPED, command, "--help")
        flat = " ".join(out.split())
        assert "csv: one row per" in flat and "json:" in flat
