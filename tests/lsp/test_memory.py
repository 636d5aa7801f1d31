"""Memory stays flat over many edits: the workspace keeps one parse per file and one checked
plan per folder, whatever the number of edits (measured in-process with tracemalloc; no
timing)."""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

from g2g.lsp.workspace import Workspace
from tests.helpers import FIXTURES, SHIPPED

PROGRESS = SHIPPED / "oldham-2019" / "progress" / "2019-08.yaml"
MINIMAL = FIXTURES / "valid" / "minimal" / "progress" / "2019-08.yaml"


def _edit(workspace: Workspace, text: str, n: int, path: Path = MINIMAL) -> None:
    # each edit differs (a comment typed), as typing does, and the plan is re-checked
    workspace.set_text(path.resolve(), text.replace("rag: amber", f"rag: amber # {n}", 1))
    workspace.check(path.resolve().parent.parent)


def test_memory_stays_flat_over_hundreds_of_edits() -> None:
    """Python's allocations over 300 edits of a small plan (tracemalloc slows everything, so
    not the shipped plan; the benchmark shows the server's memory over 1,000 edits of it)."""
    text = MINIMAL.read_text(encoding="utf-8")
    workspace = Workspace()
    for n in range(30):  # warm: imports, caches of pydantic and the engine
        _edit(workspace, text, n)
    gc.collect()
    tracemalloc.start()
    try:
        _edit(workspace, text, 30)
        gc.collect()
        start, _ = tracemalloc.get_traced_memory()
        for n in range(31, 331):
            _edit(workspace, text, n)
        gc.collect()
        end, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # a plan kept per edit would be about 40 KB each (12 MB); allow a few edits' worth
    assert end - start < 128 * 1024, f"grew {end - start} bytes over 300 edits"
    assert len(workspace.checked) == 1
    assert sum(len(memo) for memo in workspace._memo.values()) == 4


def test_a_closed_file_is_read_from_disk_again(tmp_path: Path) -> None:
    workspace = Workspace()
    folder = SHIPPED / "oldham-2019"
    path = PROGRESS.resolve()
    text = path.read_text(encoding="utf-8")
    workspace.set_text(path, text.replace("action: SP-2", "action: SP-X", 1))
    checked = workspace.check(folder.resolve())
    assert [n.code for n in checked.notes[path]].count("unknown-action") == 1
    workspace.close(path)
    checked = workspace.check(folder.resolve())
    assert [n.code for n in checked.notes[path]].count("unknown-action") == 0
