"""Reading speed: g2g's position-aware reader against PyYAML's C loader on plan-shaped YAML.

Run: .venv/bin/python benchmarks/bench_read.py [MEGABYTES]

Prints the median of five runs of each reader on the same bytes, and each as a ratio of the
floor (PyYAML's C loader building plain Python values). Ratios within one run are what to quote;
the machines are noisy.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from ruamel.yaml import YAML

from g2g.io.yamlread import read_yaml
from g2g.plan.model_progress import ProgressFile

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_PROGRESS = ROOT / "plans" / "oldham-2019" / "progress" / "2019-08.yaml"


def plan_shaped_yaml(megabytes: float) -> bytes:
    """The shipped August progress file's updates repeated to about ``megabytes``."""
    text = SHIPPED_PROGRESS.read_text(encoding="utf-8")
    head, body = text.split("updates:\n", 1)
    copies = max(1, int(megabytes * 1e6 / len(body.encode())))
    return (head + "updates:\n" + body * copies).encode()


def median_seconds(work: Callable[[], object], runs: int = 5) -> float:
    """The median wall time of ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    raw = plan_shaped_yaml(megabytes)
    data = read_yaml("bench.yaml", raw).data
    small = raw[: len(raw) // 10]
    small = small[: small.rfind(b"\n  - action:")]
    round_trip = YAML()
    rows = [
        (
            "PyYAML C loader (floor)",
            median_seconds(lambda: yaml.load(raw, Loader=yaml.CSafeLoader)),
        ),
        ("g2g read (C events + positions)", median_seconds(lambda: read_yaml("b.yaml", raw))),
        (
            "pydantic validation of read data",
            median_seconds(lambda: ProgressFile.model_validate(data)),
        ),
        (
            "ruamel round-trip (1/10 of the bytes) x10",
            10 * median_seconds(lambda: round_trip.load(small), runs=3),
        ),
    ]
    floor = rows[0][1]
    print(f"plan-shaped YAML: {len(raw) / 1e6:.1f} MB, Python {sys.version.split()[0]}")
    print(f"{'reader':45} {'median s':>9} {'x floor':>8}")
    for name, seconds in rows:
        print(f"{name:45} {seconds:9.3f} {seconds / floor:8.2f}")


if __name__ == "__main__":
    main()
