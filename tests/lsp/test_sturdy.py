"""``g2g lsp`` never stops for what is typed: random truncations and garbage of every shipped
file, sent as edits (a seeded loop, bounded), then NUL bytes, tabs, unbalanced brackets and
an alias bomb. After each edit the server answers hover, completion, definition, references
and the outline without an error, and when the text is whole again its diagnostics are
validate's once more. It never writes a plan file."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from g2g.io.files import plan_file_paths
from tests.helpers import SHIPPED
from tests.helpers.lsp import LspClient, published, validate_notes

FOLDERS = sorted(p for p in SHIPPED.iterdir() if (p / "plan.yaml").is_file())
FILES = [path for folder in FOLDERS for path in plan_file_paths(folder)]
EDITS_PER_FILE = 8

ALIAS_BOMB = (
    'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
)


def _truncate(text: str, rng: random.Random) -> str:
    return text[: rng.randrange(len(text) + 1)]


def _garbage(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    junk = "".join(
        chr(rng.choice([0, 9, 10, 13, 27, 0x85, 0x2028, 0xFEFF, rng.randrange(32, 0x3000)]))
        for _ in range(rng.randrange(1, 40))
    )
    return text[:at] + junk + text[at:]


def _tabs(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(3):
        index = rng.randrange(len(lines))
        lines[index] = lines[index].replace("  ", "\t", 1)
    return "\n".join(lines)


def _brackets(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice(["[", "{", "]", "}", "[{", '"', "'", ": ", "- "]) + text[at:]


def _half_typed(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    index = rng.randrange(len(lines))
    lines[index] = lines[index][: rng.randrange(len(lines[index]) + 1)]
    return "\n".join(lines)


def _nul(text: str, rng: random.Random) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + "\x00" + text[at:]


MUTATIONS: list[Callable[[str, random.Random], str]] = [
    _truncate,
    _garbage,
    _tabs,
    _brackets,
    _half_typed,
    _nul,
]


def _ask_everything(lsp: LspClient, uri: str, text: str, rng: random.Random) -> None:
    """Every request at a random place: each answers (the client fails on an error)."""
    lines = text.split("\n") or [""]
    line = rng.randrange(len(lines))
    character = rng.randrange(len(lines[line]) + 1)
    lsp.at("textDocument/hover", uri, line, character)
    lsp.at("textDocument/completion", uri, line, character)
    lsp.at("textDocument/definition", uri, line, character)
    lsp.at("textDocument/references", uri, line, character, context={"includeDeclaration": True})
    lsp.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    lsp.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": {
                "start": {"line": line, "character": 0},
                "end": {"line": line, "character": 0},
            },
            "context": {"diagnostics": lsp.diagnostics.get(uri, [])[:3]},
        },
    )


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SHIPPED)))
def test_random_truncations_and_garbage_never_stop_the_server(lsp: LspClient, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    folder = next(f for f in FOLDERS if path.is_relative_to(f))
    rng = random.Random(f"g2g-lsp-{path.name}")
    uri = lsp.open(path)
    try:
        for _ in range(EDITS_PER_FILE):
            mutated = rng.choice(MUTATIONS)(text, rng)
            lsp.change(uri, mutated)
            _ask_everything(lsp, uri, mutated, rng)
        lsp.change(uri, text)  # whole again
        lsp.sync()
        assert published(lsp, folder) == validate_notes(folder)
        assert not [m for m in lsp.log if "failed" in m], lsp.log
    finally:
        lsp.close(uri)
        lsp.sync()
    assert path.read_text(encoding="utf-8") == text  # never written


@pytest.mark.parametrize(
    "hostile",
    [
        ALIAS_BOMB,
        "month: 2019-08\nupdates:\n  - action: SP-1\n\x00\x00\n",
        "month: 2019-08\nupdates:\n\t- action: SP-1\n\t  rag: green\n",
        "month: 2019-08\nupdates: [ {action: SP-1, rag: [green\n",
        "month: 2019-08\nupdates:\n  - action: &x SP-1\n    rag: *x\n    values: *nope\n",
        "month: 2019-08\nupdates:\n  - action: SP-1\n    rag: green\n" * 400,
        "",
        "\ufeff",
        "[" * 5000,
        "- " * 5000,
        "a:\n" + "  " * 200 + "b: 1\n",
        "month: '\ud800'\n",
    ],
    ids=[
        "alias-bomb",
        "nul",
        "tabs",
        "unbalanced",
        "bad-alias",
        "repeated",
        "empty",
        "bom",
        "deep-brackets",
        "deep-dashes",
        "deep-indent",
        "lone-surrogate",
    ],
)
def test_hostile_text_is_reported_and_the_server_recovers(lsp: LspClient, hostile: str) -> None:
    path = SHIPPED / "oldham-2019" / "progress" / "2019-08.yaml"
    text = path.read_text(encoding="utf-8")
    uri = lsp.open(path)
    rng = random.Random(len(hostile))
    try:
        lsp.change(uri, hostile)
        _ask_everything(lsp, uri, hostile, rng)
        if hostile.strip("\ufeff"):
            assert any(d["severity"] == 1 for d in lsp.diagnostics[uri]), hostile[:40]
        lsp.change(uri, text)
        lsp.sync()
        assert published(lsp, SHIPPED / "oldham-2019") == validate_notes(SHIPPED / "oldham-2019")
        assert not [m for m in lsp.log if "failed" in m], lsp.log
    finally:
        lsp.close(uri)
        lsp.sync()
