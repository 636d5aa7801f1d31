"""The pre-commit hook (.pre-commit-hooks.yaml): its ``files`` pattern takes every kind of file
g2g reads from a plan folder, and its entry command blocks a commit that breaks one.

pre-commit itself is not run here (it installs the hook's repository from the network); the
test checks what pre-commit would do with the hook: match each staged path against ``files``
with Python's ``re.search`` (as pre-commit does), then run ``entry`` with the matching paths.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from g2g.plan.load import load_plans
from tests.helpers import FIXTURES, ROOT, SHIPPED

HOOKS = ROOT / ".pre-commit-hooks.yaml"
PLAN_FOLDERS = [
    *sorted(p.parent for p in SHIPPED.glob("*/plan.yaml")),
    *sorted(p.parent for p in (FIXTURES / "plans").glob("*/plan.yaml")),
    FIXTURES / "valid" / "minimal",
]


def hook() -> dict[str, object]:
    (only,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(only, dict)
    return only


def staged(path: Path) -> str:
    """The path as pre-commit passes it: relative to the repository, with slashes."""
    return path.resolve().relative_to(ROOT).as_posix()


def test_the_pattern_takes_every_file_g2g_reads_from_every_plan() -> None:
    pattern = re.compile(str(hook()["files"]))
    kinds: set[str] = set()
    for folder in PLAN_FOLDERS:
        (plan,) = load_plans([folder])
        read = [folder / Path(name).relative_to(Path(plan.path).parent) for name in plan.files]
        appendices = [p for p in (folder / "narrative").rglob("*") if p.is_file()]
        for path in [*read, *appendices]:
            assert pattern.search(staged(path)), staged(path)
            relative = path.relative_to(folder)
            kinds.add(relative.parts[0] if len(relative.parts) > 1 else relative.name)
    # Every kind of plan file is among the shipped and fixture plans checked above.
    assert kinds >= {"plan.yaml", "measures.yaml", "finance.yaml", "progress", "narrative"}
    # A file of the plan at the repository's top level (a plan repository of one plan).
    for name in ("plan.yaml", "progress/2019-08.yml", "narrative/scrutiny-2019-09-10.yaml"):
        assert pattern.search(name), name


def test_the_pattern_leaves_other_files_alone() -> None:
    pattern = re.compile(str(hook()["files"]))
    for name in ("README.md", "out/board-paper.html", "plans/notes.yaml", "myplan.yaml",
                 "plans/x/progress.yaml", "returns/lead.xlsx", ".gitlab-ci.yml"):  # fmt: skip
        assert not pattern.search(name), name


def test_the_hook_blocks_a_commit_of_a_broken_narrative_file(tmp_path: Path) -> None:
    spec = hook()
    assert spec["language"] == "python" and spec["pass_filenames"] is True
    entry = str(spec["entry"]).split()
    assert entry[0] == "g2g"
    folder = tmp_path / "plans" / "oldham-2019"
    shutil.copytree(SHIPPED / "oldham-2019", folder)
    narrative = folder / "narrative" / "scrutiny-2019-09-10.yaml"
    pattern = re.compile(str(spec["files"]))
    name = narrative.relative_to(tmp_path).as_posix()
    assert pattern.search(name)

    def commit() -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "g2g", *entry[1:], name]
        return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)

    assert commit().returncode == 0
    text = narrative.read_text(encoding="utf-8")
    broken = text.replace("meeting:", "meetin:", 1)
    assert broken != text
    narrative.write_text(broken, encoding="utf-8")
    done = commit()
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{name}:" in done.stdout + done.stderr
    assert "meetin" in done.stdout + done.stderr


def test_the_example_rev_and_the_ci_recipes_name_this_release() -> None:
    import tomllib

    from g2g.version import __version__

    assert f"rev: v{__version__}" in HOOKS.read_text(encoding="utf-8")
    name = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]
    assert name == "getting-to-good"
    for doc in (ROOT / "README.md", ROOT / "docs" / "monthly-cycle.md"):
        text = doc.read_text(encoding="utf-8")
        pins = re.findall(r'pip install "([a-z-]+)==([0-9.]+)"', text)
        assert pins and set(pins) == {(name, __version__)}, (doc, pins)
        assert "fetch-depth: 0" in text and "GIT_DEPTH: 0" in text
        assert "g2g changes --strict" in text and "g2g validate --strict" in text
        assert "v0.1.0" not in text
