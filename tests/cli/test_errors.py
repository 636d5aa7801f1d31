"""The one exit-code funnel: commands raise g2g.errors exceptions, g2g.cli.app maps them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.helpers import FIXTURES, ROOT, run_in

CLI = ROOT / "src" / "g2g" / "cli"


def test_only_the_app_decides_exit_codes() -> None:
    deciders = re.compile(r"typer\.Exit\(|sys\.exit\(|raise SystemExit|EXIT_(OK|INVALID|USAGE)")
    found = [
        f"{path.name}:{number}"
        for path in sorted(CLI.glob("*.py"))
        if path.name != "app.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if deciders.search(line)
    ]
    # The one exception: Ctrl-C while the package imports app itself (so app cannot decide).
    init = (CLI / "__init__.py").read_text().splitlines()
    assert [f"__init__.py:{i + 1}" for i, line in enumerate(init) if "SystemExit" in line] == [
        f"__init__.py:{i + 3}" for i, line in enumerate(init) if "except KeyboardInterrupt" in line
    ]
    assert [f for f in found if not f.startswith("__init__.py:")] == []
    assert len(found) <= 1


def test_exit_codes_are_defined_once() -> None:
    defined = [
        path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / "src" / "g2g").rglob("*.py"))
        if re.search(r"^EXIT_USAGE\s*=", path.read_text(), re.MULTILINE)
    ]
    assert defined == ["src/g2g/errors.py"]


def test_every_plan_a_command_cannot_use_is_reported_with_the_highest_code(
    tmp_path: Path,
) -> None:
    # Two valid plans without the board asked for: report reports both (exit 2), one plan at a
    # time. (A plan without measures.yaml is no longer a problem for kpi: it is skipped with a
    # note - see tests/batch/test_portfolio.py.)
    for name in ("one", "two"):
        shutil.copytree(FIXTURES / "rag" / "basic", tmp_path / "region" / name)
        plan = tmp_path / "region" / name / "plan.yaml"  # each its own id, or their papers clash
        plan.write_text(plan.read_text(encoding="utf-8").replace("id: basic", f"id: {name}", 1))
    code, out, err = run_in(
        tmp_path, "report", "region", "--output-dir", "out", "--board", "nope", "--jobs", "1"
    )
    assert code == 2
    assert out == ""
    lines = [line for line in err.splitlines() if "no board 'nope'" in line]
    assert len(lines) == 2
    assert all(line.startswith("g2g: ") for line in lines)
    assert {Path(line.split(":")[1].strip()).parent.name for line in lines} == {"one", "two"}


def test_invalid_data_wins_over_misuse_and_lists_the_errors(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "rag" / "basic", tmp_path / "region" / "good")
    shutil.copytree(FIXTURES / "rag" / "basic", tmp_path / "region" / "bad")
    (tmp_path / "region" / "bad" / "plan.yaml").write_text("plan: 3\n")
    code, _, err = run_in(tmp_path, "rag", "region", "--month", "2019-08")
    assert code == 1
    assert "region/bad/plan.yaml:1:" in err
    assert err.rstrip().splitlines()[-1].startswith("g2g: cannot rate: ")


def test_a_bad_path_is_misuse_for_every_command(tmp_path: Path) -> None:
    for command in (["validate"], ["rag"], ["kpi"], ["report"], ["due"], ["month", "2019-09"]):
        code, out, err = run_in(tmp_path, *command, "no-such-folder")
        assert code == 2, command
        assert out == ""
        assert err.startswith("g2g: ") and "no-such-folder" in err, (command, err)
        assert "Traceback" not in err
