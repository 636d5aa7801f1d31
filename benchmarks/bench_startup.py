"""Start-up on the everyday case: one plan, as the pre-commit hook and an editor's validate-on-save
run it, against ``python -c "import typer"`` measured in the same run.

Run: .venv/bin/python benchmarks/bench_startup.py [--pairs 15]

Each figure is the median of ``--pairs`` fresh processes, taken in turns with the reference so
that the machine's load falls on both alike; wall-clock seconds give the ratio, and the CPU
seconds (user + system) of the same runs are shown beside them, as a check that steadier on a
busy machine. Targets (issue 15): ``g2g validate`` on the shipped plan (``plans/oldham-2019``,
the plan the issue was written about) with a warm cache (nothing changed since the last run)
<= 1.5x, with a cold (empty) cache <= 2.5x; ``g2g --help`` <= 1.2x. ``g2g validate`` with no
argument (the whole ``plans/`` folder, which holds two plans) is shown too, without a target.
Python's bytecode cache is on and warmed by a first run, as on a user's machine.
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
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
G2G = str(Path(sys.executable).parent / "g2g")


def _time(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one run of ``command``."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}:\n{errors.decode()}")
    return seconds, usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=15, help="runs of each figure (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="g2g-bench-startup-") as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "plans", work / "plans")
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE",)}
        env["COLUMNS"] = "100"

        def cache(name: str, *, cold: bool) -> tuple[dict[str, str], Callable[[], None] | None]:
            folder = work / name
            if not cold:
                return {**env, "G2G_CACHE_DIR": str(folder)}, None
            return {**env, "G2G_CACHE_DIR": str(folder)}, partial(
                shutil.rmtree, folder, ignore_errors=True
            )

        shipped = [G2G, "validate", "plans/oldham-2019"]
        folder = [G2G, "validate"]
        figures: dict[str, tuple[list[str], dict[str, str], Callable[[], None] | None]] = {
            'python -c "import typer"': ([sys.executable, "-c", "import typer"], env, None),
            "g2g --help": ([G2G, "--help"], env, None),
            "g2g validate plans/oldham-2019, warm cache": (shipped, *cache("w1", cold=False)),
            "g2g validate plans/oldham-2019, cold cache": (shipped, *cache("c1", cold=True)),
            "g2g validate (plans/: two plans), warm cache": (folder, *cache("w2", cold=False)),
            "g2g validate (plans/: two plans), cold cache": (folder, *cache("c2", cold=True)),
        }
        for command, run_env, _ in figures.values():  # bytecode and the warm caches
            _time(command, run_env, work)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in figures}
        for _ in range(args.pairs):
            for name, (command, run_env, before) in figures.items():
                if before is not None:
                    before()
                times[name].append(_time(command, run_env, work))
    wall = {name: statistics.median(w for w, _ in values) for name, values in times.items()}
    cpu = {name: statistics.median(c for _, c in values) for name, values in times.items()}
    reference = 'python -c "import typer"'
    targets = {
        "g2g --help": 1.2,
        "g2g validate plans/oldham-2019, warm cache": 1.5,
        "g2g validate plans/oldham-2019, cold cache": 2.5,
    }
    print(f"Start-up, medians of {args.pairs} runs each, taken in turns (Python {sys.version[:4]})")
    print()
    print("| what | median s | ratio to import typer | CPU s | CPU ratio | target | |")
    print("|---|---:|---:|---:|---:|---|---|")
    for name, seconds in wall.items():
        ratio = seconds / wall[reference]
        bound = targets.get(name)
        verdict = "" if bound is None else ("ok" if ratio <= bound else "MISSED")
        shown = "" if bound is None else f"<= {bound}x"
        print(
            f"| {name} | {seconds:.3f} | {ratio:.2f}x | {cpu[name]:.3f} | "
            f"{cpu[name] / cpu[reference]:.2f}x | {shown} | {verdict} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
