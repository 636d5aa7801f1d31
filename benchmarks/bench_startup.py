"""Start-up on the everyday case: one plan, as the pre-commit hook and an editor's validate-on-save
run it, against ``python -c "import typer"`` measured in the same run.

Run: .venv/bin/python benchmarks/bench_startup.py [--pairs 15]

Each figure is the median of ``--pairs`` fresh processes, taken in turns with the reference so
that the machine's load falls on both alike. Targets (issue 15): ``g2g validate`` on the shipped
plan with a warm cache (nothing changed since the last run) <= 1.5x, with a cold (empty) cache
<= 2.5x; ``g2g --help`` <= 1.2x. Python's bytecode cache is on and warmed by a first run, as
on a user's machine.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
G2G = str(Path(sys.executable).parent / "g2g")


def _time(command: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr.decode()}")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=15, help="runs of each figure (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="g2g-bench-startup-") as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "plans", work / "plans")
        warm_cache, cold_cache = work / "warm-cache", work / "cold-cache"
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE",)}
        env["COLUMNS"] = "100"
        warm_env = {**env, "G2G_CACHE_DIR": str(warm_cache)}
        cold_env = {**env, "G2G_CACHE_DIR": str(cold_cache)}

        def cold_clear() -> None:
            shutil.rmtree(cold_cache, ignore_errors=True)

        figures: dict[str, tuple[list[str], dict[str, str], Callable[[], None] | None]] = {
            'python -c "import typer"': ([sys.executable, "-c", "import typer"], env, None),
            "g2g --help": ([G2G, "--help"], env, None),
            "g2g validate, warm cache": ([G2G, "validate"], warm_env, None),
            "g2g validate, cold cache": ([G2G, "validate"], cold_env, cold_clear),
        }
        for command, run_env, _ in figures.values():  # bytecode and the warm cache
            _time(command, run_env, work)
        times: dict[str, list[float]] = {name: [] for name in figures}
        for _ in range(args.pairs):
            for name, (command, run_env, before) in figures.items():
                if before is not None:
                    before()
                times[name].append(_time(command, run_env, work))
    medians = {name: statistics.median(values) for name, values in times.items()}
    typer = medians['python -c "import typer"']
    targets = {
        "g2g --help": 1.2,
        "g2g validate, warm cache": 1.5,
        "g2g validate, cold cache": 2.5,
    }
    print(f"Start-up, medians of {args.pairs} runs each, taken in turns (Python {sys.version[:4]})")
    print()
    print("| what | median s | ratio to import typer | target | |")
    print("|---|---:|---:|---|---|")
    missed = 0
    for name, seconds in medians.items():
        ratio = seconds / typer
        bound = targets.get(name)
        verdict = "" if bound is None else ("ok" if ratio <= bound else "MISSED")
        missed += verdict == "MISSED"
        shown = "" if bound is None else f"<= {bound}x"
        print(f"| {name} | {seconds:.3f} | {ratio:.2f}x | {shown} | {verdict} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
