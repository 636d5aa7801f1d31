"""``g2g lsp`` driven as an editor drives it (a subprocess over stdio), on the shipped plans:
the same diagnostics as ``g2g validate``, as you type, across files; challenges on the rag
line; hover, completion, definition, references, outline, the quick fix; shutdown and exit.

One server serves the whole module; each test leaves the files as it found them (closed, or
its text put back)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from g2g.io.files import plan_file_paths
from tests.helpers import FIXTURES, ROOT, SHIPPED
from tests.helpers.lsp import LspClient, published, validate_notes

OLDHAM = SHIPPED / "oldham-2019"
PROGRESS = OLDHAM / "progress" / "2019-08.yaml"
PLAN = OLDHAM / "plan.yaml"
PLANS = [OLDHAM, SHIPPED / "oldham-2022", *sorted((FIXTURES / "plans").iterdir())]


def by_code(lsp: LspClient, uri: str, code: str) -> list[dict[str, Any]]:
    return [d for d in lsp.diagnostics.get(uri, []) if d.get("code") == code]


def test_initialize_offers_every_feature() -> None:
    result = LspClient(ROOT)
    try:
        answer = result.initialize(ROOT)
        assert result.shutdown() == 0
    finally:
        result.kill()
    offered = answer["capabilities"]
    assert answer["serverInfo"]["name"] == "g2g"
    for feature in (
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "documentSymbolProvider",
        "completionProvider",
        "codeActionProvider",
        "textDocumentSync",
    ):
        assert offered.get(feature), feature
    assert offered["codeActionProvider"]["codeActionKinds"] == ["quickfix"]


@pytest.mark.parametrize("folder", PLANS, ids=lambda p: p.name)
def test_on_open_every_file_gets_validates_diagnostics(lsp: LspClient, folder: Path) -> None:
    """Every file kind of each plan (plan, progress, measures, finance, narrative), opened:
    the same codes, severities, positions and messages as g2g validate."""
    uris = [lsp.open(path) for path in plan_file_paths(folder)]
    lsp.sync()
    try:
        assert published(lsp, folder) == validate_notes(folder)
    finally:
        for uri in uris:
            lsp.close(uri)
        lsp.sync()


def test_an_edit_shows_validates_error_and_the_quick_fix_clears_it(lsp: LspClient) -> None:
    text = PROGRESS.read_text(encoding="utf-8")
    uri = lsp.open(PROGRESS)
    try:
        lsp.sync()
        assert by_code(lsp, uri, "unknown-action") == []
        line = text.splitlines().index("  - action: SP-2")
        lsp.edit(uri, line, 12, 16, "SP-X")  # the officer mistypes the id
        lsp.sync()
        [diagnostic] = by_code(lsp, uri, "unknown-action")
        assert diagnostic["severity"] == 1
        assert diagnostic["range"] == {
            "start": {"line": line, "character": 12},
            "end": {"line": line, "character": 16},
        }
        assert diagnostic["message"].startswith("'SP-X' is not an action of the plan")
        # plan.yaml: SP-2 now has no update in the latest month (a check across files)
        [missing] = [d for d in lsp.diagnostics[PLAN.as_uri()] if d["code"] == "missing-update"]
        assert missing["message"].startswith("SP-2 has no update for 2019-08")
        actions = lsp.request(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": uri},
                "range": diagnostic["range"],
                "context": {"diagnostics": [diagnostic]},
            },
        )
        [fix] = actions
        assert fix["kind"] == "quickfix"
        [edit] = fix["edit"]["changes"][uri]
        assert edit["range"] == diagnostic["range"]
        suggested = edit["newText"]
        assert f"did you mean '{suggested}'" in diagnostic["message"]
        lsp.edit(uri, line, 12, 16, "SP-2")  # the right id: everything clears
        lsp.sync()
        assert by_code(lsp, uri, "unknown-action") == []
        assert lsp.diagnostics.get(PLAN.as_uri(), []) == []
        assert published(lsp, OLDHAM) == validate_notes(OLDHAM)
    finally:
        lsp.close(uri)
        lsp.sync()
    # the file on disk was never written
    assert PROGRESS.read_text(encoding="utf-8") == text


def test_typing_green_for_an_action_behind_its_trajectory_shows_the_challenge(
    lsp: LspClient,
) -> None:
    text = PROGRESS.read_text(encoding="utf-8")
    lines = text.splitlines()
    start = lines.index("  - action: PI-5")
    rag = next(i for i in range(start, len(lines)) if lines[i].strip().startswith("rag:"))
    uri = lsp.open(PROGRESS)
    try:
        lsp.sync()
        [before] = by_code(lsp, uri, "challenge")  # recorded Amber: already challenged
        assert before["range"]["start"] == {"line": rag, "character": 9}
        assert before["message"].startswith("recorded Amber, but the evidence gives Red: ")
        column = lines[rag].index("amber")
        lsp.edit(uri, rag, column, column + 5, "green")
        lsp.sync()
        [challenge] = by_code(lsp, uri, "challenge")
        assert challenge["severity"] == 3  # information
        assert challenge["range"]["start"] == {"line": rag, "character": 9}
        assert challenge["message"].startswith("recorded Green, but the evidence gives Red: ")
        assert "behind by more than the 10% tolerance" in challenge["message"]
        # an action with nothing against it: no challenge, no evidence request
        for d in lsp.diagnostics[uri]:
            if d["severity"] == 3:
                assert d["range"]["start"]["line"] == rag, d
        lsp.edit(uri, rag, column, column + 5, "red")  # rated as the evidence says
        lsp.sync()
        assert by_code(lsp, uri, "challenge") == []
    finally:
        lsp.close(uri)
        lsp.sync()
    assert by_code(lsp, uri, "challenge") == []  # closed: challenges are for the open month


def test_a_check_across_files_reads_the_unsaved_buffer_of_another_file(
    lsp: LspClient,
) -> None:
    plan_text = PLAN.read_text(encoding="utf-8")
    plan_uri = lsp.open(PLAN)
    progress_uri = lsp.open(PROGRESS)
    try:
        lsp.sync()
        assert by_code(lsp, progress_uri, "progress-month-outside-period") == []
        # the plan period is changed in the editor, not saved
        lsp.change(plan_uri, plan_text.replace("    start: 2019-04\n", "    start: 2019-09\n", 1))
        lsp.sync()
        [outside] = by_code(lsp, progress_uri, "progress-month-outside-period")
        assert outside["severity"] == 1
        assert outside["range"]["start"] == {"line": 19, "character": 7}
        lsp.change(plan_uri, plan_text)
        lsp.sync()
        assert by_code(lsp, progress_uri, "progress-month-outside-period") == []
    finally:
        lsp.close(plan_uri)
        lsp.close(progress_uri)
        lsp.sync()


def test_acknowledged_warnings_stay_quiet(lsp: LspClient, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "oldham"
    shutil.copytree(OLDHAM, folder)
    plan = folder / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    uri = lsp.open(folder / "progress" / "2019-08.yaml")
    lsp.sync()
    progress = (folder / "progress" / "2019-08.yaml").as_uri()
    lines = (folder / "progress" / "2019-08.yaml").read_text(encoding="utf-8").splitlines()
    line = lines.index("  - action: SP-2")
    try:
        lsp.edit(uri, line, 12, 16, "SP-X")
        lsp.sync()
        assert [d["code"] for d in lsp.diagnostics[plan.as_uri()]] == ["missing-update"]
        accepted = text + (
            "acknowledged:\n  - code: missing-update\n    action: SP-2\n"
            "    reason: SP-2 is reported with SP-1 this month\n"
        )
        plan_uri = lsp.open(plan, accepted)
        lsp.sync()
        assert lsp.diagnostics[plan.as_uri()] == []
        assert by_code(lsp, progress, "unknown-action")
        lsp.close(plan_uri)
    finally:
        lsp.close(uri)
        lsp.sync()


def test_hover_on_an_action_gives_its_lead_due_date_and_ratings(lsp: LspClient) -> None:
    uri = lsp.open(PROGRESS)
    try:
        lines = PROGRESS.read_text(encoding="utf-8").splitlines()
        line = lines.index("  - action: PI-5")
        answer = lsp.at("textDocument/hover", uri, line, 13)
        text = answer["contents"]["value"]
        assert text.splitlines()[0].startswith("action PI-5: ")
        assert "lead: " in text
        assert "due: " in text
        assert "recorded for 2019-08: Amber" in text
        assert "derived: Red" in text
        assert "challenge: recorded Amber, but the evidence gives Red" in text
        target_line = next(i for i, t in enumerate(lines) if "PI-4-plan-audits-good:" in t)
        target = lsp.at("textDocument/hover", uri, target_line, 8)["contents"]["value"]
        assert target.startswith("target PI-4-plan-audits-good: ")
        assert "target of action PI-4" in target
        assert lsp.at("textDocument/hover", uri, 0, 0) is None  # a comment: nothing
    finally:
        lsp.close(uri)
        lsp.sync()


def test_hover_on_a_finding_and_a_measure(lsp: LspClient) -> None:
    uri = lsp.open(PLAN)
    try:
        lines = PLAN.read_text(encoding="utf-8").splitlines()
        line = next(i for i, t in enumerate(lines) if t.strip() == "addresses: [R6]")
        text = lsp.at("textDocument/hover", uri, line, lines[line].index("R6"))["contents"]
        assert text["value"].startswith("finding R6: ")
        assert "answered by SP-1" in text["value"]
        kpi = next(i for i, t in enumerate(lines) if t.strip().startswith("kpi: "))
        name = lines[kpi].split("kpi:")[1].strip()
        hover = lsp.at("textDocument/hover", uri, kpi, lines[kpi].index(name))
        assert hover["contents"]["value"].startswith(f"measure {name}: ")
        assert "latest figure: " in hover["contents"]["value"]
    finally:
        lsp.close(uri)
        lsp.sync()


def test_definition_goes_from_a_progress_id_to_plan_yaml(lsp: LspClient) -> None:
    uri = lsp.open(PROGRESS)
    try:
        lines = PROGRESS.read_text(encoding="utf-8").splitlines()
        plan_lines = PLAN.read_text(encoding="utf-8").splitlines()
        for ident, character in (("PI-5", 13), ("PI-4-plan-audits-good", 8)):
            line = next(i for i, t in enumerate(lines) if ident in t and "#" not in t)
            answer = lsp.at("textDocument/definition", uri, line, character)
            assert answer["uri"] == PLAN.as_uri()
            start = answer["range"]["start"]
            assert plan_lines[start["line"]][start["character"] :].startswith(ident)
            assert plan_lines[start["line"]].strip() == f"- id: {ident}"
    finally:
        lsp.close(uri)
        lsp.sync()


def test_definition_from_narrative_and_measures(lsp: LspClient) -> None:
    narrative = OLDHAM / "narrative" / "scrutiny-2019-09-10.yaml"
    uri = lsp.open(narrative)
    try:
        line = narrative.read_text(encoding="utf-8").splitlines().index("board: scrutiny")
        answer = lsp.at("textDocument/definition", uri, line, 9)
        assert answer["uri"] == PLAN.as_uri()
        plan_lines = PLAN.read_text(encoding="utf-8").splitlines()
        assert plan_lines[answer["range"]["start"]["line"]].strip() == "- id: scrutiny"
    finally:
        lsp.close(uri)
        lsp.sync()


def test_references_list_every_update_of_an_action(lsp: LspClient, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "oldham"
    shutil.copytree(OLDHAM, folder)
    first = folder / "progress" / "2019-08.yaml"
    second = folder / "progress" / "2019-09.yaml"
    second.write_text(
        first.read_text(encoding="utf-8").replace("month: 2019-08", "month: 2019-09"),
        encoding="utf-8",
    )
    uri = lsp.open(first)
    try:
        line = first.read_text(encoding="utf-8").splitlines().index("  - action: PI-5")
        found = lsp.at(
            "textDocument/references", uri, line, 13, context={"includeDeclaration": False}
        )
        assert sorted((r["uri"], r["range"]["start"]["line"]) for r in found) == [
            (first.as_uri(), line),
            (second.as_uri(), line),
        ]
        with_declaration = lsp.at(
            "textDocument/references", uri, line, 13, context={"includeDeclaration": True}
        )
        assert len(with_declaration) == 3
        assert with_declaration[0]["uri"] == (folder / "plan.yaml").as_uri()
    finally:
        lsp.close(uri)
        lsp.sync()


def test_completion_offers_what_fits_where_the_cursor_is(lsp: LspClient) -> None:
    text = PROGRESS.read_text(encoding="utf-8")
    lines = text.splitlines()
    uri = lsp.open(PROGRESS)
    try:

        def labels(line: int, character: int) -> list[str]:
            return [
                item["label"] for item in lsp.at("textDocument/completion", uri, line, character)
            ]

        action = lines.index("  - action: PI-5")
        offered = labels(action, len("  - action: "))
        assert offered[:3] == ["SP-1", "SP-2", "SP-3"] and "PI-5" in offered
        rag = next(i for i in range(action, len(lines)) if lines[i].strip().startswith("rag:"))
        assert labels(rag, len("    rag: ")) == ["red", "amber", "green"]
        status = next(i for i in range(action, len(lines)) if "status:" in lines[i])
        assert "awaiting_sign_off" in labels(status, len("    status: "))
        assert labels(19, len("month: "))[:2] == ["2019-04", "2019-05"]
        assert labels(19, len("month: "))[-1] == "2021-03"
        # a new key under an update's values: the targets of that action only
        values = next(i for i, t in enumerate(lines) if t.strip() == "values:" and i > 146)
        lsp.edit(uri, values + 1, 0, 0, "      \n")
        offered = labels(values + 1, 6)
        assert offered and all(t.startswith("PI-4-") for t in offered)
    finally:
        lsp.close(uri)
        lsp.sync()


def test_document_symbols_outline_areas_objectives_actions(lsp: LspClient) -> None:
    uri = lsp.open(PLAN)
    try:
        symbols = lsp.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
        names = [s["name"] for s in symbols]
        assert names[-4:] == ["SP", "PI", "LD", "QA"]
        area = symbols[names.index("SP")]
        objectives = area["children"]
        assert objectives[0]["children"][0]["name"] == "SP-1"
        assert objectives[0]["children"][0]["kind"] == 12  # function: an action
        for child in objectives:
            assert area["range"]["start"]["line"] <= child["range"]["start"]["line"]
            assert child["range"]["end"]["line"] <= area["range"]["end"]["line"]
    finally:
        lsp.close(uri)
        lsp.sync()
    progress = lsp.open(PROGRESS)
    try:
        symbols = lsp.request("textDocument/documentSymbol", {"textDocument": {"uri": progress}})
        assert [s["name"] for s in symbols][:3] == ["SP-1", "SP-2", "SP-3"]
        assert len(symbols) == 25
    finally:
        lsp.close(progress)
        lsp.sync()


def test_a_file_outside_any_plan_is_left_alone(lsp: LspClient, tmp_path: Path) -> None:
    stray = tmp_path / "notes.yaml"
    stray.write_text("a: [1\n", encoding="utf-8")
    uri = lsp.open(stray)
    lsp.sync()
    assert lsp.diagnostics.get(uri) is None
    assert lsp.at("textDocument/hover", uri, 0, 0) is None
    assert lsp.at("textDocument/completion", uri, 0, 3) == []
    lsp.close(uri)


def test_shutdown_and_exit() -> None:
    client = LspClient(ROOT)
    try:
        client.initialize(ROOT)
        uri = client.open(PROGRESS)
        client.sync()
        assert client.shutdown() == 0
        assert uri in client.diagnostics
    finally:
        client.kill()


def test_other_commands_never_import_pygls() -> None:
    import subprocess

    code = (
        "import sys\n"
        "from g2g.cli.app import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "try:\n    app(['validate', 'plans/oldham-2019'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol')))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert run.stdout.strip().splitlines()[-1] == "[]"
    assert "lsp" in run.stdout  # --help lists the command


def test_positions_count_in_utf16_as_the_protocol_says(lsp: LspClient) -> None:
    """A character outside the Basic Multilingual Plane counts two: the diagnostic and its
    quick fix cover exactly the mistyped word after it."""
    text = PROGRESS.read_text(encoding="utf-8")
    added = '  - {narrative: "\U0001f600 done", action: QA-66, status: in_progress, rag: amber}'
    at = len(text.splitlines())
    uri = lsp.open(PROGRESS, text.rstrip("\n") + "\n" + added + "\n")
    try:
        lsp.sync()
        [diagnostic] = by_code(lsp, uri, "unknown-action")
        start = added.index("QA-66") + 1  # the emoji is two UTF-16 units
        assert diagnostic["range"] == {
            "start": {"line": at, "character": start},
            "end": {"line": at, "character": start + len("QA-66")},
        }
        assert diagnostic["data"] == {"fix": "QA-6"}
    finally:
        lsp.close(uri)
        lsp.sync()


def test_the_quick_fix_mends_a_misspelt_key_and_a_misspelt_value(lsp: LspClient) -> None:
    text = PROGRESS.read_text(encoding="utf-8")
    edited = text.replace("    status: awaiting_sign_off\n", "    statu: awaiting_sign_off\n", 1)
    edited = edited.replace("status: in_progress", "status: in_progres", 1)
    uri = lsp.open(PROGRESS, edited)
    try:
        lsp.sync()
        for code, wrong, right in (
            ("extra_forbidden", "statu", "status"),
            ("enum", "in_progres", "in_progress"),
        ):
            [diagnostic] = by_code(lsp, uri, code)
            [fix] = lsp.request(
                "textDocument/codeAction",
                {
                    "textDocument": {"uri": uri},
                    "range": diagnostic["range"],
                    "context": {"diagnostics": [diagnostic]},
                },
            )
            [edit] = fix["edit"]["changes"][uri]
            line = edited.splitlines()[edit["range"]["start"]["line"]]
            start, end = edit["range"]["start"]["character"], edit["range"]["end"]["character"]
            assert line[start:end] == wrong
            assert edit["newText"] == right
            edited = edited.replace(line, line[:start] + right + line[end:], 1)
        lsp.change(uri, edited)
        lsp.sync()
        assert edited == text
        assert lsp.diagnostics[uri] and all(d["severity"] == 3 for d in lsp.diagnostics[uri])
    finally:
        lsp.close(uri)
        lsp.sync()
