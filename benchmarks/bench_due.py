"""``g2g due`` on one plan of many actions: the time should grow in step with the actions.

Run: .venv/bin/python benchmarks/bench_due.py [ACTIONS ...]   (default: 2000 4000 8000 16000)

Each plan is written by ``benchmarks/generate.py`` (one plan, the given number of actions, 12
monthly updates) and ``g2g due --no-cache`` is timed in a fresh process (median of three), with
the time per 1,000 actions: near-constant per 1,000 means near-linear. The figure includes
reading and validating the plan, which ``due`` does first.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import Size, folder_bytes, write_plan

G2G = str(Path(sys.executable).with_name("g2g"))


def seconds(command: list[str], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=False, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    counts = [int(a) for a in sys.argv[1:]] or [2000, 4000, 8000, 16000]
    print("| actions | MB | g2g due (s) | s per 1,000 actions |")
    print("|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as work:
        for count in counts:
            folder = Path(work) / f"plan-{count}"
            write_plan(folder, 1, Size(1, count, 12))
            command = [G2G, "due", "--from", "2019-10-01", "--no-cache", str(folder)]
            taken = seconds(command)
            megabytes = folder_bytes(folder) / 1e6
            print(f"| {count} | {megabytes:.1f} | {taken:.2f} | {taken / count * 1000:.3f} |")


if __name__ == "__main__":
    main()
