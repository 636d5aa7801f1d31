"""``g2g due`` on one plan of many actions: the time should grow in step with the actions.

Run: .venv/bin/python benchmarks/bench_due.py [ACTIONS ...]   (default: 2000 4000 8000 16000)

Each plan is written by ``benchmarks/generate.py`` (one plan, the given number of actions, 3
monthly updates) and ``g2g due --no-cache`` is timed in a fresh process (one run: the large
plans take minutes), with the time per 1,000 actions: near-constant per 1,000 means
near-linear. That figure includes reading and validating the plan, which ``due`` does first;
the engine's own part (:func:`g2g.engine.due.due_items` on the loaded plan, median of three) is
shown beside it.
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import Size, folder_bytes, write_plan

G2G = str(Path(sys.executable).with_name("g2g"))


def seconds(command: list[str], runs: int = 1) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=False, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def engine_seconds(folder: Path) -> float:
    """The median time of the due engine alone on the loaded plan."""
    from g2g.engine.due import Window, due_items
    from g2g.plan.load import load_plan

    plan = load_plan(folder)
    assert plan.model is not None
    updates = plan.updates()
    window = Window.of(dt.date(2019, 6, 1), 12)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        due_items(plan.model.plan.id, plan.model, updates, window)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    counts = [int(a) for a in sys.argv[1:]] or [2000, 4000, 8000, 16000]
    print("| actions | MB | g2g due (s) | s per 1,000 actions | due_items (s) | per 1,000 |")
    print("|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as work:
        for count in counts:
            folder = Path(work) / f"plan-{count}"
            write_plan(folder, 1, Size(1, count, 3))
            command = [G2G, "due", "--from", "2019-06-01", "--no-cache", str(folder)]
            taken = seconds(command)
            engine = engine_seconds(folder)
            megabytes = folder_bytes(folder) / 1e6
            print(
                f"| {count} | {megabytes:.1f} | {taken:.2f} | {taken / count * 1000:.3f} "
                f"| {engine:.3f} | {engine / count * 1000:.4f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
