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
from g2g.io.cache import Cache, content_hash, prune_folder
from g2g.io.files import display_path, plan_file_paths
from g2g.io.yamlread import PosDict, PosList, read_yaml
from tests.helpers import FIXTURES, ROOT, SHIPPED, run_in

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
    here = Path.cwd()
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
        assert raw.startswith(b"G2GC3\n")
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


@pytest.mark.parametrize("forgery", ["empty-list", "truncated", "other-name", "bit", "link"])
def test_a_damaged_entry_never_changes_an_answer(
    broken: Path, private_cache: Path, forgery: str
) -> None:
    assert run_in(broken.parent, "validate", "broken")[0] == 1
    mine = entries(private_cache)
    assert mine
    # A valid plan's 'no problems' entry, to copy over the broken plan's entries.
    valid = broken.parent / "valid"
    shutil.copytree(FIXTURES / "valid" / "minimal", valid)
    assert run_in(broken.parent, "validate", "valid")[0] == 0
    foreign = next(p for p in entries(private_cache) if p not in mine)
    for entry in mine:
        raw = entry.read_bytes()
        if forgery == "empty-list":
            entry.write_bytes(raw[: 6 + 32] + b"[]")
        elif forgery == "truncated":
            entry.write_bytes(raw[: len(raw) - 3])
        elif forgery == "other-name":
            entry.write_bytes(foreign.read_bytes())
        elif forgery == "link":  # a link to a sound entry is never followed
            entry.unlink()
            entry.symlink_to(foreign)
        else:
            entry.write_bytes(raw[:-2] + bytes([raw[-2] ^ 1]) + raw[-1:])
    code, out, err = run_in(broken.parent, "validate", "broken")
    assert code == 1
    assert PROBLEM in out
    assert "Traceback" not in err


@pytest.mark.parametrize("kind", ["fifo", "device", "over-the-limit"])
def test_an_entry_that_is_not_a_small_regular_file_is_a_miss_at_once(
    broken: Path, private_cache: Path, kind: str
) -> None:
    """G12: a FIFO at an entry hung, /dev/zero ran out of memory, a 2 GB entry was read whole."""
    assert run_in(broken.parent, "rag", "broken")[0] == 1  # parsed files and findings
    mine = entries(private_cache)
    assert len(mine) == 2
    for entry in mine:
        entry.unlink()
        if kind == "fifo":
            os.mkfifo(entry)
        elif kind == "device":
            entry.symlink_to("/dev/zero")
        else:
            with entry.open("wb") as stream:  # sparse: nothing written to the disk
                stream.write(b"G2GC3\n")
                stream.truncate(cache_module.CACHE_ENTRY.max_bytes + 1)
    code, out, err = run_in(broken.parent, "validate", "broken")  # would hang or fail
    assert (code, PROBLEM in out, "Traceback" in err) == (1, True, False)
    if kind == "device":
        assert run_in(broken.parent, "rag", "broken")[0] == 1
        assert all(not p.is_symlink() for p in entries(private_cache))  # replaced, not followed


def test_the_cache_keeps_one_guard_its_own_folder() -> None:
    """Issue 26: no HMAC and no key file; the folder checks are the guard (ARCHITECTURE.md)."""
    source = (ROOT / "src" / "g2g" / "io" / "cache.py").read_text(encoding="utf-8")
    assert "import hmac" not in source and "def _secret" not in source
    assert "CACHEDIR.TAG" in source
    architecture = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    section = architecture.split("### The cache's threat model\n", 1)[1].split("\n#", 1)[0]
    paragraphs = [p for p in section.strip().split("\n\n") if p.strip()]
    assert len(paragraphs) == 1  # the threat model in one paragraph
    for part in ("What an attacker could do", "What the guard stops", "What it leaves"):
        assert part in " ".join(paragraphs[0].split())


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


def test_position_annotated_values_come_back_exactly(tmp_path: Path) -> None:
    cache = the_cache()
    files = list((SHIPPED / "oldham-2019").rglob("*.yaml"))
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
    size = files[0].stat().st_size
    monkeypatch.setattr(cache_module, "MAX_BYTES", size * 5)
    prune_folder(private_cache, now)
    left = entries(private_cache)
    assert left == files[:5]  # the five newest
    assert (private_cache / "CACHEDIR.TAG").exists()


def test_pruning_runs_at_most_once_a_day(private_cache: Path) -> None:
    cache = the_cache()
    cache.store_findings("first", [])  # prunes and stamps
    stale = entries(private_cache)[0]
    os.utime(stale, (0, 0))
    cache.store_findings("second", [])
    assert stale.exists()
    cache.prune(now=time.time() + 2 * 86400)
    assert not stale.exists()


# --- g2g deletes only what it created (G2, G13) ----------------------------------------------


def old_files(folder: Path) -> list[Path]:
    """Files of the user's own, 40 days old, named like g2g's entries and not."""
    made = [
        folder / "notes.txt",
        folder / "entries" / "ab" / ("ab" + "0" * 38 + ".json"),
        folder / "pruned.stamp",
    ]
    for path in made:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("mine\n", encoding="utf-8")
        os.utime(path, (time.time() - 40 * 86400,) * 2)
    return made


def use_cache_at(folder: Path | str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("G2G_CACHE_DIR", str(folder))
    monkeypatch.setattr(cache_module, "_noted", set())


@pytest.mark.parametrize("plan", [BROKEN, FIXTURES / "plans" / "bradford-2018"])
def test_a_folder_of_the_users_own_files_is_refused_and_nothing_deleted(
    plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """G2: G2G_CACHE_DIR=$HOME deleted files over 30 days old and beyond 256 MB."""
    home = tmp_path / "home"
    mine = old_files(home)
    shutil.copytree(plan, tmp_path / "plan")
    use_cache_at(home, monkeypatch)
    monkeypatch.setattr(cache_module, "MAX_BYTES", 0)
    code, _out, err = run_in(tmp_path, "rag", "plan")
    assert code in (0, 1)
    assert err.count("note: the cache folder") == 1
    assert "not empty and not tagged as g2g's (no CACHEDIR.TAG in it)" in err
    assert all(p.read_text(encoding="utf-8") == "mine\n" for p in mine)
    assert sorted(p.name for p in home.iterdir()) == ["entries", "notes.txt", "pruned.stamp"]


def test_an_empty_folder_is_tagged_and_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "empty"
    folder.mkdir(mode=0o700)
    use_cache_at(folder, monkeypatch)
    cache = the_cache()
    tag = (folder / "CACHEDIR.TAG").read_bytes()
    assert tag.startswith(b"Signature: 8a477f597d28d172789f06886806bc55")
    cache.store_findings("k", [])
    assert cache.findings("k") == []
    assert Cache.at(folder) is not None  # tagged for itself: used again


def test_a_link_planted_at_the_cache_folder_is_refused(
    broken: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """G2: another user's link in /tmp named as the cache folder led to the victim's files."""
    victim = tmp_path / "victim"
    mine = old_files(victim)
    planted = tmp_path / "tmp" / "g2g-cache"
    planted.parent.mkdir()
    planted.symlink_to(victim)
    use_cache_at(planted, monkeypatch)
    monkeypatch.setattr(cache_module, "MAX_BYTES", 0)
    code, out, err = run_in(broken.parent, "validate", "broken")
    assert (code, PROBLEM in out) == (1, True)
    assert "is a symbolic link - g2g works without it" in err
    assert all(p.exists() for p in mine)
    # An empty folder behind the link is refused too: nothing is written through it.
    empty = tmp_path / "empty"
    empty.mkdir()
    planted.unlink()
    planted.symlink_to(empty)
    monkeypatch.setattr(cache_module, "_noted", set())
    assert Cache.default() is None
    assert list(empty.iterdir()) == []


def test_a_folder_reached_through_another_users_link_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    planted = tmp_path / "tmp-link"
    planted.symlink_to(victim)
    if os.geteuid() == 0:
        os.lchown(planted, 4242, 4242)
    else:  # the link is the user's: pretend to be someone else (the folder is checked later)
        monkeypatch.setattr(os, "getuid", lambda: os.geteuid() + 1)
    use_cache_at(planted / "g2g", monkeypatch)
    capture: list[str] = []
    monkeypatch.setattr(cache_module.sys.stderr, "write", capture.append)
    assert Cache.default() is None
    assert "reached through a symbolic link another user owns" in "".join(capture)
    assert list(victim.iterdir()) == []


def test_a_users_own_link_above_the_cache_folder_is_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """~/.cache as a link to another disk is common, and the user's own choice."""
    disk = tmp_path / "disk"
    disk.mkdir()
    (tmp_path / "dot-cache").symlink_to(disk)
    use_cache_at(tmp_path / "dot-cache" / "g2g", monkeypatch)
    assert the_cache().root == tmp_path / "dot-cache" / "g2g"
    assert (disk / "g2g" / "CACHEDIR.TAG").is_file()


def test_a_relative_cache_folder_is_refused(broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """G13: G2G_CACHE_DIR=.cache moved with the working folder (into a repository)."""
    use_cache_at(".g2g-cache", monkeypatch)
    code, out, err = run_in(broken.parent, "validate", "broken")
    assert (code, PROBLEM in out) == (1, True)
    assert "note: the cache folder .g2g-cache is a relative path" in err
    assert not (broken.parent / ".g2g-cache").exists()


def test_a_cache_copied_from_elsewhere_is_refused(
    broken: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """G13: a cache committed to a repository, entries and all, forged a 'valid' when
    cloned under umask 077 (every file the cloner's own and private)."""
    made = tmp_path / "made"
    use_cache_at(made, monkeypatch)
    plant_valid_findings(the_cache(), broken, broken.parent)
    assert run_in(broken.parent, "validate", "broken")[0] == 0  # a forged 'valid' is used here
    cloned = tmp_path / "clone" / ".g2g-cache"
    shutil.copytree(made, cloned)
    for path in [cloned, *cloned.rglob("*")]:
        path.chmod(0o700 if path.is_dir() else 0o600)
    use_cache_at(cloned, monkeypatch)
    code, out, err = run_in(broken.parent, "validate", "broken")
    assert (code, PROBLEM in out) == (1, True)
    assert "a copy of a g2g cache made for another folder" in err


@pytest.mark.parametrize("tag", ["fifo", "other-program", "link"])
def test_a_tag_that_is_not_g2gs_is_refused_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tag: str
) -> None:
    folder = tmp_path / "tagged"
    folder.mkdir(mode=0o700)
    if tag == "fifo":
        os.mkfifo(folder / "CACHEDIR.TAG")  # reading it would wait for ever
    elif tag == "other-program":
        (folder / "CACHEDIR.TAG").write_bytes(cache_module.TAG_SIGNATURE + b"\n# Cargo\n")
    else:
        (tmp_path / "real.tag").write_bytes(cache_module.TAG_SIGNATURE + b"\n")
        (folder / "CACHEDIR.TAG").symlink_to(tmp_path / "real.tag")
    use_cache_at(folder, monkeypatch)
    assert Cache.default() is None


def test_pruning_deletes_only_what_g2g_named(private_cache: Path) -> None:
    """G2: only entries named as g2g names them, in their own subfolder, are ever deleted."""
    cache = the_cache()
    cache.store_findings("kept-not", [])
    (entry,) = entries(private_cache)
    long_ago = time.time() - 40 * 86400
    outside = private_cache.parent / "outside.json"
    outside.write_text("{}", encoding="utf-8")
    strangers = [
        private_cache / "notes.txt",
        private_cache / "entries" / "notes.json",
        private_cache / "entries" / "zz" / ("ab" + "0" * 38 + ".json"),
        entry.parent / ("ab" + "0" * 38 + ".json.bak"),
        private_cache / "entries" / "ab" / ("cd" + "0" * 38 + ".json"),
    ]
    for path in strangers:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("mine", encoding="utf-8")
    link = entry.parent / (entry.parent.name + "1" * 38 + ".json")
    link.symlink_to(outside)
    for path in [*strangers, entry, outside]:
        os.utime(path, (long_ago, long_ago))
    prune_folder(private_cache, time.time())
    assert not entry.exists()
    assert all(p.exists() for p in strangers)
    assert link.is_symlink() and outside.exists()


@pytest.mark.parametrize(
    "plan", [FIXTURES / "valid" / "minimal", FIXTURES / "plans" / "bradford-2018"]
)
def test_a_warm_cache_sees_a_file_become_a_link_out_of_the_plan(
    plan: Path, tmp_path: Path, private_cache: Path
) -> None:
    """G11: the same bytes behind a link out of the plan folder are not an acceptable file."""
    copy = tmp_path / "plan"
    shutil.copytree(plan, copy)
    (copy / "expected.txt").unlink(missing_ok=True)
    assert run_in(tmp_path, "validate", "plan")[0] == 0
    assert entries(private_cache)  # warm
    outside = tmp_path / "elsewhere.yaml"
    (copy / "plan.yaml").rename(outside)
    (copy / "plan.yaml").symlink_to(outside)
    for command in (["validate", "plan"], ["rag", "plan"]):
        code, out, err = run_in(tmp_path, *command)
        assert code == 1, (command, out, err)
        assert "plan/plan.yaml:1:1: error: this file is a link to a file outside" in out + err


def test_an_earlier_g2gs_cache_folder_is_tagged_and_its_old_entries_only_pruned(
    broken: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Format 2 kept entries/, secret.key and pruned.stamp, and no tag. Its entries, which
    anyone with a copy of the key could have written, are never read; pruning removes them."""
    folder = tmp_path / "earlier"
    old = folder / "entries" / "ab" / ("ab" + "0" * 38 + ".json")
    old.parent.mkdir(parents=True)
    old.write_bytes(b"G2GC2\n" + bytes(32) + b"[]")
    (folder / "secret.key").write_bytes(bytes(32))
    (folder / "pruned.stamp").touch()
    os.utime(old, (time.time() - 40 * 86400,) * 2)
    os.utime(folder / "pruned.stamp", (0, 0))
    use_cache_at(folder, monkeypatch)
    code, out, err = run_in(broken.parent, "validate", "broken")
    assert (code, PROBLEM in out, "note:" in err) == (1, True, False)
    assert (folder / "CACHEDIR.TAG").is_file()
    assert not old.exists()  # pruned: a g2g entry over 30 days old
    assert (folder / "secret.key").exists()


def test_runs_starting_together_on_a_new_folder_all_use_it(broken: Path, tmp_path: Path) -> None:
    """One run tags the folder; the others wait for the tag rather than refuse the folder."""
    import subprocess
    import sys

    folder = tmp_path / "new-cache"
    env = {**os.environ, "G2G_CACHE_DIR": str(folder)}
    script = "import sys; from g2g.cli import app; sys.argv[0] = 'g2g'; app()"
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, "validate", "broken"],
            cwd=broken.parent,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(4)
    ]
    for run in runs:
        _out, err = run.communicate(timeout=120)
        assert run.returncode == 1
        assert b"note:" not in err, err
    assert (folder / "CACHEDIR.TAG").read_bytes().startswith(cache_module.TAG_SIGNATURE)
