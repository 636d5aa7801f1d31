"""Many plans: one at a time over worker processes, the cache, the progress bar, exact places.

Every path a run can take (cold, warm from the cache, in worker processes) must report the
same problems at the same lines; the cache may only ever cost speed.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import g2g.batch.each as validate_module
from g2g.batch import pool as batch
from g2g.batch.each import check_folder, check_paths
from g2g.cli.progress import ByteProgress
from g2g.io.cache import Cache
from tests.helpers import FIXTURES, ROOT, SHIPPED, run_in

runner = CliRunner()
MINIMAL = FIXTURES / "valid" / "minimal"
BAD_FILE = Path("plan-3") / "progress" / "2019-08.yaml"
BAD_LINE, BAD_COLUMN = 6, 10

BADGE = '<span class="rag rag-{}"><span class="rag-mark" aria-hidden="true">{}</span> {}</span>'


def make_region(root: Path, count: int = 5) -> Path:
    """``count`` copies of the minimal plan under ``root/region``, each its own council."""
    region = root / "region"
    for number in range(1, count + 1):
        target = region / f"plan-{number}"
        shutil.copytree(MINIMAL, target)
        plan = target / "plan.yaml"
        text = plan.read_text(encoding="utf-8")
        text = text.replace("id: example-2019", f"id: example-{number}")
        text = text.replace("Example Borough Council", f"Council {number}")
        plan.write_text(text, encoding="utf-8")
    return region


def corrupt(region: Path) -> str:
    """Break one value in one file among many; returns the problem's expected place."""
    path = region / BAD_FILE
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[BAD_LINE - 1] == "    rag: amber"
    lines[BAD_LINE - 1] = "    rag: ambr"
    path.write_text("\n".join(lines), encoding="utf-8")
    return f"{Path('region') / BAD_FILE}:{BAD_LINE}:{BAD_COLUMN}: error:"


@pytest.fixture
def always_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use worker processes however few bytes the plans hold."""
    monkeypatch.setattr(batch, "PARALLEL_MIN_BYTES", 0)


# --- exact places on every path ----------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_one_bad_file_among_many_is_reported_at_its_line_cold_warm_and_parallel(
    tmp_path: Path, jobs: str, always_parallel: None
) -> None:
    region = make_region(tmp_path)
    place = corrupt(region)
    runs = [
        run_in(tmp_path, "validate", "region", "--jobs", jobs),  # cold: cache empty
        run_in(tmp_path, "validate", "region", "--jobs", jobs),  # warm: findings cached
        run_in(tmp_path, "validate", "region", "--jobs", jobs, "--no-cache"),
    ]
    for code, out, _ in runs:
        assert code == 1
        problems = [line for line in out.splitlines() if ": error:" in line]
        assert len(problems) == 1, out
        assert problems[0].startswith(place), problems[0]
        assert "'ambr'" in problems[0]
    assert runs[0][1] == runs[1][1] == runs[2][1]


def test_a_syntax_error_in_one_file_keeps_its_line_in_a_worker(
    tmp_path: Path, always_parallel: None
) -> None:
    region = make_region(tmp_path, 4)
    path = region / "plan-2" / "progress" / "2019-08.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "narrative: Quality Assurance Framework launched.",
        'narrative: "Quality Assurance Framework launched.',
    )
    path.write_text(text, encoding="utf-8")
    code, out, _ = run_in(tmp_path, "validate", "region", "--jobs", "2")
    assert code == 1
    shown = Path("region") / "plan-2" / "progress" / "2019-08.yaml"
    assert f"{shown}:15:16: error: a quoted text that starts here is never closed" in out


def test_workers_and_one_process_find_the_same(tmp_path: Path, always_parallel: None) -> None:
    region = make_region(tmp_path, 6)
    corrupt(region)
    alone = list(check_paths([region], jobs=1))
    shared = list(check_paths([region], jobs=2))
    assert [c.folder for c in alone] == [c.folder for c in shared]
    assert [c.diagnostics for c in alone] == [c.diagnostics for c in shared]
    assert sum(len(c.diagnostics) for c in shared) == 1


def test_rag_over_many_plans_is_the_same_in_workers(tmp_path: Path, always_parallel: None) -> None:
    make_region(tmp_path, 4)
    one = run_in(tmp_path, "rag", "region", "--jobs", "1", "--format", "csv", "--no-cache")
    two = run_in(tmp_path, "rag", "region", "--jobs", "2", "--format", "csv")
    assert one[0] == two[0] == 0
    assert one[1] == two[1]
    assert one[1].count("Practice Improvement") == 4


def test_rag_stops_on_errors_in_any_plan_with_their_places(
    tmp_path: Path, always_parallel: None
) -> None:
    region = make_region(tmp_path, 4)
    place = corrupt(region)
    code, out, err = run_in(tmp_path, "rag", "region", "--jobs", "2")
    assert code == 1
    assert out == ""
    assert place in err
    assert "cannot rate: 1 error in the plan files" in err


# --- the cache ---------------------------------------------------------------------------------


def test_a_warm_run_reads_no_plan(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    region = make_region(tmp_path, 3)
    corrupt(region)
    cache = Cache.default()
    first = list(check_paths([region], cache=cache, jobs=1))

    def no_loading(*args: object, **kwargs: object) -> None:
        raise AssertionError("a plan was loaded although nothing changed")

    monkeypatch.setattr(validate_module, "_load_and_check", no_loading)
    second = list(check_paths([region], cache=cache, jobs=1))
    assert [c.diagnostics for c in first] == [c.diagnostics for c in second]
    assert [c.files for c in first] == [c.files for c in second]


def test_an_edited_file_is_checked_again(tmp_path: Path) -> None:
    region = make_region(tmp_path, 3)
    cache = Cache.default()
    assert all(c.diagnostics == [] for c in check_paths([region], cache=cache, jobs=1))
    corrupt(region)
    found = [d for c in check_paths([region], cache=cache, jobs=1) for d in c.diagnostics]
    assert [(d.line, d.column) for d in found] == [(BAD_LINE, BAD_COLUMN)]


def test_only_the_edited_file_is_parsed_again_after_rag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    region = make_region(tmp_path, 3)
    assert run_in(tmp_path, "rag", "region", "--jobs", "1")[0] == 0  # keeps parsed files
    corrupt(region)
    import g2g.plan.load

    parsed: list[str] = []
    real = g2g.plan.load.read_yaml

    def counting(path: str, raw: bytes) -> object:
        parsed.append(path)
        return real(path, raw)

    monkeypatch.setattr(g2g.plan.load, "read_yaml", counting)
    code, out, _ = run_in(tmp_path, "validate", "region", "--jobs", "1")
    assert code == 1
    assert parsed == [str(Path("region") / BAD_FILE)]
    assert f"{Path('region') / BAD_FILE}:{BAD_LINE}:{BAD_COLUMN}" in out


def _cache_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.json") if p.is_file())


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "empty", "deleted"])
def test_a_damaged_cache_only_costs_speed(tmp_path: Path, private_cache: Path, damage: str) -> None:
    region = make_region(tmp_path, 3)
    place = corrupt(region)
    assert run_in(tmp_path, "rag", "region", "--jobs", "1")[0] == 1  # findings
    run_in(tmp_path, "rag", str(Path("region") / "plan-1"), "--jobs", "1")  # parsed files
    baseline = run_in(tmp_path, "validate", "region", "--no-cache")
    entries = _cache_files(private_cache)
    assert len(entries) >= 4
    for entry in entries:
        raw = entry.read_bytes()
        if damage == "garbage":
            entry.write_bytes(b"not a pickle at all")
        elif damage == "truncated":
            entry.write_bytes(raw[: len(raw) // 2])
        elif damage == "flipped":
            middle = len(raw) // 2
            entry.write_bytes(raw[:middle] + bytes([raw[middle] ^ 0x20]) + raw[middle + 1 :])
        elif damage == "empty":
            entry.write_bytes(b"")
        else:
            entry.unlink()
    for _ in range(2):  # the damaged run, then the run after it rewrote the entries
        code, out, err = run_in(tmp_path, "validate", "region", "--jobs", "1")
        assert (code, out) == baseline[:2]
        assert place in out
        assert "Traceback" not in err
    code, out, _ = run_in(tmp_path, "rag", str(Path("region") / "plan-1"), "--jobs", "1")
    assert code == 0
    assert "Practice Improvement" in out


def test_a_cache_folder_that_cannot_be_written_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("G2G_CACHE_DIR", str(blocker / "cache"))
    code, out, err = run_in(SHIPPED, "validate", ".")
    assert code == 0, err
    assert "valid, no problems found" in out


def test_no_cache_neither_reads_nor_writes(tmp_path: Path, private_cache: Path) -> None:
    make_region(tmp_path, 2)
    assert run_in(tmp_path, "validate", "region", "--no-cache")[0] == 0
    assert run_in(tmp_path, "rag", "region", "--no-cache")[0] == 0
    assert _cache_files(private_cache) == []
    assert run_in(tmp_path, "validate", "region")[0] == 0
    assert _cache_files(private_cache) != []


def test_entries_belong_to_one_code_and_one_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    region = make_region(tmp_path, 1)
    folder = region / "plan-1"
    cache = Cache.default()
    assert cache is not None
    loads: list[Path] = []
    real = validate_module._load_and_check

    def counting(folder: Path, *args: object, **kwargs: object) -> object:
        loads.append(folder)
        return real(folder, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(validate_module, "_load_and_check", counting)
    day = dt.date(2019, 9, 1)
    check_folder(folder, day, cache)
    check_folder(folder, day, cache)
    assert len(loads) == 1
    check_folder(folder, day + dt.timedelta(days=1), cache)  # checks compare dates with today
    assert len(loads) == 2
    other = Cache(cache.root, "other code")  # an edited check: other entries
    check_folder(folder, day, other)
    assert len(loads) == 3


def _loaded(plan: object, diagnostics: list[object]) -> tuple[bool, int]:
    return getattr(plan, "model", None) is not None, len(diagnostics)


def test_a_command_on_an_unchanged_plan_uses_its_findings_without_checking_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    region = make_region(tmp_path, 1)
    folder = region / "plan-1"
    plan = folder / "plan.yaml"
    text = plan.read_text(encoding="utf-8").replace("Audit programme", "TODO audit programme")
    plan.write_text(text, encoding="utf-8")  # a warning: todo-placeholder
    cache = Cache.default()
    assert cache is not None
    day = dt.date(2019, 9, 1)
    checks: list[object] = []
    real = validate_module.validate_plan

    def counting(plan: object, today: object = None) -> object:
        checks.append(plan)
        return real(plan, today)  # type: ignore[arg-type]

    monkeypatch.setattr(validate_module, "validate_plan", counting)
    first = validate_module.use_folder(folder, _loaded, day, cache)
    assert len(checks) == 1 and first.result is not None and first.result[0]
    assert first.check.diagnostics  # findings to carry: the warning
    again = validate_module.use_folder(folder, _loaded, day, cache)
    assert len(checks) == 1  # the findings came from the cache
    assert again.check.diagnostics == first.check.diagnostics
    assert again.result == first.result
    assert check_folder(folder, day, cache).diagnostics == first.check.diagnostics
    plan.write_text(plan.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    validate_module.use_folder(folder, _loaded, day, cache)
    assert len(checks) == 2  # a changed file is checked again
    validate_module.use_folder(folder, _loaded, day, None)
    assert len(checks) == 3  # no cache: always checked


def test_paths_in_findings_follow_the_working_folder(tmp_path: Path) -> None:
    region = make_region(tmp_path, 3)
    corrupt(region)
    from_top = run_in(tmp_path, "validate", "region")[1]
    from_inside = run_in(region, "validate", ".")[1]
    assert f"{Path('region') / BAD_FILE}:{BAD_LINE}" in from_top
    assert from_inside.splitlines()[0].startswith(f"{BAD_FILE}:{BAD_LINE}:")


# --- the progress bar --------------------------------------------------------------------------


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_once_the_run_is_slow() -> None:
    stream = Terminal()
    with ByteProgress("Checking plans", stream=stream, show_after=0) as progress:
        progress.advance(50, 100)
        progress.advance(50, 100)
        assert progress.bar is not None
    assert "Checking plans" in stream.getvalue()


def test_progress_stays_hidden_when_quick_or_not_a_terminal() -> None:
    quick = Terminal()
    with ByteProgress("Checking plans", stream=quick, show_after=3600) as progress:
        progress.advance(100, 100)
    piped = io.StringIO()
    with ByteProgress("Checking plans", stream=piped, show_after=0) as progress:
        progress.advance(100, 100)
    assert quick.getvalue() == piped.getvalue() == ""


def test_validate_output_is_the_same_with_the_progress_bar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_region(tmp_path, 3)
    quiet = run_in(tmp_path, "validate", "region", "--no-cache")
    monkeypatch.setattr("g2g.cli.progress.SHOW_AFTER_SECONDS", 0.0)
    monkeypatch.setattr("g2g.cli.progress._is_terminal", lambda stream: True)
    shown = run_in(tmp_path, "validate", "region", "--no-cache")
    assert shown[1] == quiet[1]
    assert shown[0] == quiet[0] == 0


# --- reports over many plans -------------------------------------------------------------------


def test_report_on_many_plans_is_the_overview(tmp_path: Path) -> None:
    region = make_region(tmp_path, 3)
    code, out, err = run_in(tmp_path, "report", str(region), "--format", "markdown")
    assert code == 0, err
    assert out.startswith("# Improvement plans: overview")
    assert "3 plans: 3 Amber overall." in out
    for number in (1, 2, 3):
        assert f"| Council {number} |" in out
    code, out, _ = run_in(tmp_path, "report", "region", "-o", "overview.html")
    assert code == 0
    page = (tmp_path / "overview.html").read_text(encoding="utf-8")
    assert BADGE.format("amber", "▲", "Amber") in page
    assert "<script" not in page


def test_board_is_for_one_plan(tmp_path: Path) -> None:
    make_region(tmp_path, 2)
    code, _, err = run_in(tmp_path, "report", "region", "--board", "g2g-board")
    assert code == 2
    assert "--board chooses one plan's board" in err


def test_output_dir_writes_a_paper_per_plan(tmp_path: Path, always_parallel: None) -> None:
    make_region(tmp_path, 3)
    code, _, err = run_in(
        tmp_path, "report", "region", "--output-dir", "papers", "--commit", "none", "-j", "2"
    )
    assert code == 0, err
    assert "wrote 3 papers to papers" in err
    papers = sorted(p.name for p in (tmp_path / "papers").iterdir())
    assert papers == ["example-1.html", "example-2.html", "example-3.html"]
    page = (tmp_path / "papers" / "example-2.html").read_text(encoding="utf-8")
    assert "Council 2" in page


def test_output_dir_refuses_plans_that_share_an_id(tmp_path: Path) -> None:
    region = tmp_path / "region"
    for name in ("a", "b"):
        shutil.copytree(MINIMAL, region / name)
    (tmp_path / "papers").mkdir()
    kept = tmp_path / "papers" / "example-2019.html"
    kept.write_text("last month's paper\n", encoding="utf-8")
    code, _, err = run_in(tmp_path, "report", "region", "--output-dir", "papers")
    assert code == 2
    assert "region/a and region/b share the plan id example-2019, so both papers would be" in err
    assert "nothing was written" in err
    assert kept.read_text(encoding="utf-8") == "last month's paper\n"  # checked before writing
    assert [p.name for p in (tmp_path / "papers").iterdir()] == ["example-2019.html"]


def test_output_dir_refuses_plan_ids_alike_but_for_case(tmp_path: Path) -> None:
    region = tmp_path / "region"
    for name in ("a", "b"):
        shutil.copytree(MINIMAL, region / name)
    plan = region / "b" / "plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("id: example-2019", "id: Example-2019")
    )
    code, _, err = run_in(
        tmp_path, "report", "region", "--output-dir", "papers", "--format", "markdown"
    )
    assert code == 2, err
    assert "share the plan id Example-2019, so both papers would be Example-2019.md" in err
    assert not (tmp_path / "papers").exists()


def test_output_and_output_dir_together_is_misuse(tmp_path: Path) -> None:
    code, _, err = run_in(SHIPPED, "report", ".", "-o", "a.html", "--output-dir", "b")
    assert code == 2
    assert "not both" in err


# --- the benchmark's plans ---------------------------------------------------------------------


def test_the_benchmark_generator_writes_valid_plans_the_same_every_time(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    size = generate.Size(plans=2, actions=10, months=4)
    for run in ("one", "two"):
        for number in (1, 2):
            generate.write_plan(tmp_path / run / f"council-{number:03d}", number, size)
    one = {
        p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*.yaml")
    }
    two = {
        p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*.yaml")
    }
    assert one == two
    checks = list(check_paths([tmp_path / "one"], jobs=1))
    assert len(checks) == 2
    assert [d for c in checks for d in c.diagnostics if d.severity.value == "error"] == []
    assert all(c.files == 1 + 1 + 4 for c in checks)  # plan, measures, 4 months
