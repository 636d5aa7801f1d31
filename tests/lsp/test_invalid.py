"""``g2g lsp`` on a plan with every kind of error validate knows (tests/fixtures/invalid): each
fixture's files opened in the editor get exactly validate's diagnostics, and each fixture's
expected problem (its expected.txt) is among them. One server for the module."""

from __future__ import annotations

from pathlib import Path

import pytest

from g2g.io.files import plan_file_paths
from tests.helpers import FIXTURES, ROOT
from tests.helpers.lsp import LspClient, published, validate_notes

INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if (p / "plan.yaml").is_file())


def test_there_are_many_kinds_of_error() -> None:
    assert len(INVALID) > 50


@pytest.mark.parametrize("folder", INVALID, ids=lambda p: p.name)
def test_an_invalid_plan_gets_validates_diagnostics(lsp: LspClient, folder: Path) -> None:
    paths = plan_file_paths(folder)
    uris = []
    for path in paths:
        raw = path.read_bytes()
        # the editor holds the text it could decode; a file that is not UTF-8 stays on disk
        try:
            uris.append(lsp.open(path, raw.decode("utf-8")))
        except UnicodeDecodeError:
            continue
    lsp.sync()
    try:
        expected = validate_notes(folder)
        assert expected, "an invalid fixture with nothing to find"
        assert published(lsp, folder) == expected
        # and the fixture's own expected lines, as path:line:column: severity: message
        prefix = folder.relative_to(ROOT).as_posix() + "/"  # expected.txt is run in the folder
        shown = {
            (uri, line, character, severity, message.replace(prefix, ""))
            for uri, line, character, severity, _, message in published(lsp, folder)
        }
        for text in (folder / "expected.txt").read_text(encoding="utf-8").splitlines():
            if not text.strip():
                continue
            name, line, column, rest = text.split(":", 3)
            severity, _, message = rest.strip().partition(": ")
            if severity == "acknowledged":
                continue
            level = {"error": 1, "warning": 2}[severity]
            uri = (folder / name).as_uri()
            assert (uri, int(line) - 1, int(column) - 1, level, message) in shown, text
    finally:
        for uri in uris:
            lsp.close(uri)
        lsp.sync()
