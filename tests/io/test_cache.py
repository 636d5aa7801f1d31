"""The cache holds data, not code, and only ever costs speed: a forged, truncated, foreign or
stale entry is a miss, and an unsafe folder is ignored with one note."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

import g2g.io.cache as cache_module
from g2g.batch.each import plan_findings_key
from g2g.io.cache import Cache, code_fingerprint, content_hash, prune_folder
from g2g.io.files import display_path, plan_file_paths
from g2g.io.yamlread import PosDict, PosList, read_yaml
from tests.conftest import FIXTURES, ROOT, SHIPPED, run_in

BROKEN = FIXTURES / "invalid" / "missing-key"
PROBLEM = "plan.yaml:73:13: error: action 'PI-2' has no 'lead'"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    target = tmp_path / "broken"
    shutil.copytree(BROKEN, target)
    (target / "expected.txt").unlink()
    return target


def entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.json") if p.is_file())


def the_cache() -> Cache:
    cache = Cache.default()
    assert cache is not None
    return cache


def plant_valid_findings(cache: Cache, plan: Path, cwd: Path) -> None:
    """Store 'no problems' for ``plan`` as validate run in ``cwd`` would look it up."""
    here = os.getcwd()
    os.chdir(cwd)
    try:
        shown = [
            (display_path(p), content_hash(p.read_bytes()))
            for p in plan_file_paths(Path(plan.name))
        ]
        key = plan_findings_key(shown, Path(plan.name), dt.date.today())
    finally:
        os.chdir(here)
    cache.store_findings(key, [])


def test_an_entry_holds_json_not_code(broken: Path, private_cache: Path) -> None:
    assert run_in(broken.parent, "rag", "broken")[0] == 1
    assert run_in(broken.parent, "validate", "broken")[0] == 1
    stored = entries(private_cache)
    assert stored
    for entry in stored:
        raw = entry.read_bytes()
        assert raw.startswith(b"G2GC2\n")
        assert b"pickle" not in raw and b"\x80\x05" not in raw


def test_no_pickle_anywhere_in_the_package() -> None:
    for path in (ROOT / "src" / "g2g").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import pickle|from pickle)|pickle\.loads", text, re.M), path


def test_a_planted_valid_entry_is_used_by_its_own_code_only(
    broken: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An entry the same code wrote is an answer (so the misses below are real misses) ...
    plant_valid_findings(the_cache(), broken, broken.parent)
    code, out, _ = run_in(broken.parent, "validate", "broken")
    assert (code, PROBLEM in out) == (0, False)
    # ... and the same entry is a miss for other code (a check was edited).
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "edited code")
    code, out, _ = run_in(broken.parent, "validate", "broken")
    assert code == 1
    assert PROBLEM in out


@pytest.mark.parametrize("forgery", ["empty-list", "truncated", "other-key", "other-user", "bit"])
def test_a_forged_entry_never_changes_an_answer(
    broken: Path, private_cache: Path, forgery: str
) -> None:
    assert run_in(broken.parent, "validate", "broken")[0] == 1
    mine = entries(private_cache)
    assert mine
    # A valid plan's 'no problems' entry, to copy over the broken plan's entries.
    valid = broken.parent / "valid"
    shutil.copytree(FIXTURES / "valid" / "minimal", valid)
    assert run_in(broken.parent, "validate", "valid")[0] == 0
    foreign = next(p for p in entries(private_cache) if p not in mine).read_bytes()
    other = Cache(private_cache, b"k" * 32, code_fingerprint())  # another user's key
    for entry in mine:
        raw = entry.read_bytes()
        if forgery == "empty-list":
            entry.write_bytes(raw[: 6 + 32] + b"[]")
        elif forgery == "truncated":
            entry.write_bytes(raw[: len(raw) - 3])
        elif forgery == "other-key":
            entry.write_bytes(foreign)
        elif forgery == "other-user":
            name = entry.stem
            entry.write_bytes(b"G2GC2\n" + other._mac(name, b"[]") + b"[]")
        else:
            entry.write_bytes(raw[:-2] + bytes([raw[-2] ^ 1]) + raw[-1:])
    code, out, err = run_in(broken.parent, "validate", "broken")
    assert code == 1
    assert PROBLEM in out
    assert "Traceback" not in err


def test_a_world_writable_folder_is_ignored_with_one_note(
    broken: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("G2G_CACHE_DIR", str(shared))
    monkeypatch.setattr(cache_module, "_noted", set())
    code, out, err = run_in(broken.parent, "validate", "broken")
    assert code == 1
    assert PROBLEM in out
    assert err.count("note: the cache folder") == 1
    assert "writable by other users" in err
    assert list(shared.iterdir()) == []  # nothing read, nothing written
    code, _, err = run_in(broken.parent, "rag", "broken")
    assert "note: the cache folder" not in err  # once per process


def test_a_folder_of_another_user_is_ignored(
    broken: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "_noted", set())
    monkeypatch.setattr(os, "getuid", lambda: os.geteuid() + 1)
    assert Cache.default() is None
    monkeypatch.setattr(cache_module, "_noted", set())
    code, _, err = run_in(broken.parent, "validate", "broken")
    assert code == 1
    assert "owned by another user" in err
    assert entries(private_cache) == []


def test_a_key_file_others_can_read_disables_the_cache(
    private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    the_cache()
    key = private_cache / cache_module.KEY_FILE
    assert key.stat().st_mode & 0o777 == 0o600
    key.chmod(0o644)
    monkeypatch.setattr(cache_module, "_noted", set())
    assert Cache.default() is None


def test_position_annotated_values_come_back_exactly(tmp_path: Path) -> None:
    cache = the_cache()
    files = [p for p in (SHIPPED / "oldham-2019").rglob("*.yaml")]
    tricky = b'"\\ud7ff": 1\n"": [a, {b: 2.5, c: [], d: {}}]\nn: ~\nt: true\nbig: 1e400\n'
    parsed = {content_hash(p.read_bytes()): read_yaml(p.name, p.read_bytes()) for p in files}
    parsed["tricky"] = read_yaml("t.yaml", tricky)
    cache.store_parsed_files(tmp_path, {k: (d.data, [], d.empty) for k, d in parsed.items()})
    back = cache.parsed_files(tmp_path)
    assert set(back) == set(parsed)
    for key, document in parsed.items():
        same(document.data, back[key][0])


def same(a: Any, b: Any) -> None:
    assert type(a) is type(b)
    if isinstance(a, PosDict):
        assert (a.pos, a.key_pos, a.value_pos, list(a)) == (b.pos, b.key_pos, b.value_pos, list(b))
        for key in a:
            same(a[key], b[key])
    elif isinstance(a, PosList):
        assert (a.pos, a.item_pos, len(a)) == (b.pos, b.item_pos, len(b))
        for x, y in zip(a, b, strict=True):
            same(x, y)
    else:
        assert a == b


def test_pruning_keeps_the_newest_entries_within_the_limits(
    private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = the_cache()
    now = time.time()
    for number in range(10):
        cache.store_findings(f"key-{number}", [])
    files = entries(private_cache)
    assert len(files) == 10
    for age, path in enumerate(files):
        os.utime(path, (now - age * 3600, now - age * 3600))
    old = files[-1]
    os.utime(old, (now - 40 * 86400, now - 40 * 86400))
    legacy = private_cache / "v0.1.0-1" / "parsed" / "x.pickle"
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(b"old")
    size = files[0].stat().st_size
    monkeypatch.setattr(cache_module, "MAX_BYTES", size * 5)
    prune_folder(private_cache, now)
    left = entries(private_cache)
    assert left == files[:5]  # the five newest
    assert not legacy.exists()
    assert (private_cache / cache_module.KEY_FILE).exists()


def test_pruning_runs_at_most_once_a_day(private_cache: Path) -> None:
    cache = the_cache()
    cache.store_findings("first", [])  # prunes and stamps
    stale = entries(private_cache)[0]
    os.utime(stale, (0, 0))
    cache.store_findings("second", [])
    assert stale.exists()
    cache.prune(now=time.time() + 2 * 86400)
    assert not stale.exists()
