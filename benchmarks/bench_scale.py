"""g2g at scale: every figure of the performance brief, measured in one run.

Run: .venv/bin/python benchmarks/bench_scale.py [--sizes S,M,L] [--runs 5] [--work DIR]

Writes the benchmark plans with benchmarks/generate.py (S = the shipped plan, M = 20 plans,
L = 150 plans), then times each command as a user runs it, each in a fresh process, and prints
the median of ``--runs`` runs and its ratio to a reference measured in the same run:

* floor: PyYAML's C loader (``yaml.load(..., Loader=CSafeLoader)``) reading the same files in
  a fresh process, the fastest plain YAML reading Python offers;
* validate cold (empty cache) in one process (``--jobs 1``) and over every core, and warm (a
  re-run with no file changed);
* rag and report (the overview of every plan; and, without a target, a full paper per plan
  with ``--output-dir``) from an empty cache, against cold validate over every core;
* ``g2g --help`` against ``python -c "import typer"``;
* peak RSS of the one-process cold validate (memory must stay flat as plans are added), and
  how the time of L over M compares with their bytes.

Ratios within one run are what to quote: the machines are noisy. Python's bytecode cache is
switched on for the processes measured (PYTHONDONTWRITEBYTECODE removed) and warmed by a first
run, as on a user's machine: compiling g2g's modules on every start is not g2g's speed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import folder_bytes, generate

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
G2G = str(BIN / "g2g")
FLOOR_CODE = (
    "import pathlib, sys, yaml\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):\n"
    "    yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)\n"
)


def base_env() -> dict[str, str]:
    """The environment of every measured process: the user's, with bytecode caching on."""
    env = dict(os.environ)
    for name in ("PYTHONDONTWRITEBYTECODE", "G2G_REPORT_COMMIT", "G2G_CACHE_DIR"):
        env.pop(name, None)
    return env


@dataclass
class Run:
    """One timed process: wall seconds and peak resident memory."""

    seconds: float
    peak_mb: float


def timed(command: list[str], env: dict[str, str], before: Callable[[], None] | None) -> Run:
    """Run ``command`` once (after ``before``), returning its wall time and peak RSS."""
    if before is not None:
        before()
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=env["PWD"]
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.returncode not in (0,):
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}:\n{stderr}")
    return Run(seconds, usage.ru_maxrss / 1024)


def median_run(
    command: list[str], env: dict[str, str], runs: int, before: Callable[[], None] | None = None
) -> Run:
    """The median time and the largest peak RSS of ``runs`` runs."""
    results = [timed(command, env, before) for _ in range(runs)]
    return Run(statistics.median(r.seconds for r in results), max(r.peak_mb for r in results))


@dataclass
class Row:
    size: str
    what: str
    run: Run
    reference: str
    ratio: float
    target: str = ""

    @property
    def verdict(self) -> str:
        if not self.target:
            return ""
        bound = float(self.target.removeprefix("<= ").removesuffix("x"))
        return "ok" if self.ratio <= bound else "MISSED"


def measure(size: str, folder: Path, work: Path, runs: int) -> list[Row]:
    """Every figure for one size."""
    cache = work / f"cache-{size}"
    papers = work / f"papers-{size}"
    env = {**base_env(), "G2G_CACHE_DIR": str(cache), "PWD": str(work), "COLUMNS": "120"}

    def clear() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(papers, ignore_errors=True)

    target = str(folder)
    floor = median_run([sys.executable, "-c", FLOOR_CODE, target], env, runs)
    cold_one = median_run([G2G, "validate", target, "--jobs", "1"], env, runs, clear)
    cold_all = median_run([G2G, "validate", target], env, runs, clear)
    timed([G2G, "validate", target], env, clear)
    warm = median_run([G2G, "validate", target], env, runs)
    rag = median_run([G2G, "rag", target], env, runs, clear)
    overview = work / f"overview-{size}.html"
    report = median_run([G2G, "report", target, "-o", str(overview)], env, runs, clear)
    papers_command = [G2G, "report", target, "--output-dir", str(papers), "--commit", "none"]
    papers_run = median_run(papers_command, env, runs, clear) if size != "L" else None
    f, c = floor.seconds, cold_all.seconds
    is_m = size == "M"
    rows = [
        Row(size, "floor: PyYAML C loader, fresh process", floor, "floor", 1.0),
        Row(size, "validate cold, one process", cold_one, "floor", cold_one.seconds / f,
            "<= 1.3x" if is_m else ""),
        Row(size, "validate cold, every core", cold_all, "floor", c / f,
            "<= 0.8x" if is_m else ""),
        Row(size, "validate warm (nothing changed)", warm, "floor", warm.seconds / f,
            "<= 0.15x" if is_m else ""),
        Row(size, "rag, empty cache", rag, "validate cold", rag.seconds / c,
            "<= 1.5x" if is_m else ""),
        Row(size, "report (overview of the plans), empty cache", report, "validate cold",
            report.seconds / c, "<= 1.5x" if is_m else ""),
    ]  # fmt: skip
    if papers_run is not None:  # L: 150 full papers add minutes and no target
        rows.append(Row(size, "report --output-dir (a paper per plan)", papers_run,
                        "validate cold", papers_run.seconds / c))  # fmt: skip
    return rows


def startup_rows(work: Path, runs: int) -> list[Row]:
    """``g2g --help`` against importing typer."""
    env = {**base_env(), "PWD": str(work)}
    timed([G2G, "validate", str(ROOT / "plans")], env, None)  # writes the bytecode cache
    typer = median_run([sys.executable, "-c", "import typer"], env, runs * 2)
    helped = median_run([G2G, "--help"], env, runs * 2)
    return [
        Row("-", 'python -c "import typer"', typer, "import typer", 1.0),
        Row("-", "g2g --help", helped, "import typer", helped.seconds / typer.seconds, "<= 1.2x"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="S,M,L", help="comma-separated: S, M, L")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--work", type=Path, help="folder for plans and caches (kept)")
    args = parser.parse_args()
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    work = args.work or Path(tempfile.mkdtemp(prefix="g2g-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"g2g benchmark, Python {sys.version.split()[0]}, {os.cpu_count()} cores, in {work}")
    folders: dict[str, Path] = {}
    sizes_bytes: dict[str, int] = {}
    for size in sizes:
        folder = work / f"plans-{size}"
        if not (folder.exists() and any(folder.rglob("plan.yaml"))):
            generate(size, folder)
        folders[size] = folder
        sizes_bytes[size] = folder_bytes(folder)
        files = sum(1 for _ in folder.rglob("*.yaml"))
        plans = sum(1 for _ in folder.rglob("plan.yaml"))
        print(f"  {size}: {sizes_bytes[size] / 1e6:7.1f} MB, {plans} plans, {files} files")
    rows = startup_rows(work, args.runs)
    for size in sizes:
        runs = args.runs if size != "L" else max(1, min(args.runs, 3))
        rows += measure(size, folders[size], work, runs)
    print()
    print("| size | what | median s | peak MB | ratio | of | target | |")
    print("|---|---|---:|---:|---:|---|---|---|")
    for row in rows:
        print(
            f"| {row.size} | {row.what} | {row.run.seconds:.3f} | {row.run.peak_mb:.0f} | "
            f"{row.ratio:.2f}x | {row.reference} | {row.target} | {row.verdict} |"
        )
    if "M" in sizes and "L" in sizes:
        time_of = {r.size: r.run for r in rows if r.what == "validate cold, one process"}
        byte_ratio = sizes_bytes["L"] / sizes_bytes["M"]
        time_ratio = time_of["L"].seconds / time_of["M"].seconds
        memory_ratio = time_of["L"].peak_mb / time_of["M"].peak_mb
        off = time_ratio / byte_ratio - 1
        print()
        print(
            f"L/M bytes {byte_ratio:.1f}x, L/M time (cold validate, one process) "
            f"{time_ratio:.1f}x: {off:+.0%} (target within 10%: "
            f"{'ok' if abs(off) <= 0.10 else 'MISSED'})"
        )
        if "S" in time_of:
            # A run's fixed cost (Python, typer, pydantic: S's whole run) is a larger share of
            # M than of L; net of it, the ratio shows how the cost per byte scales.
            fixed = time_of["S"].seconds
            net = (time_of["L"].seconds - fixed) / (time_of["M"].seconds - fixed)
            print(
                f"  net of the fixed start-up ({fixed:.2f} s, S's whole run): {net:.1f}x, "
                f"{net / byte_ratio - 1:+.0%}"
            )
        print(
            f"L/M peak RSS (cold validate, one process) {memory_ratio:.2f}x (target <= 1.5x: "
            f"{'ok' if memory_ratio <= 1.5 else 'MISSED'})"
        )


if __name__ == "__main__":
    main()
