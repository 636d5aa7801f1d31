"""Service figures at scale: a 12-month scorecard of 200 measures imported into 5 plans.

Run: .venv/bin/python benchmarks/bench_figures.py [--runs N]

Generates 5 plans (``benchmarks/generate.py``: 40 actions, 12 months each) whose measures.yaml
holds 40 measures each (200 in all, 6 months of figures already recorded), and one scorecard
workbook: a row per measure (a code and a name column), a column per month for 12 months
(Excel dates), six of them new. Then times, in fresh processes, each with an empty cache:

* the reference: a cold ``g2g validate`` of the 5 plans;
* ``g2g import scorecard.xlsx`` into the 5 plans (1,200 figures recorded, 1,200 already held),
  on a fresh copy of the plans each run.

It checks that the import recorded every figure before printing the medians and the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import Size, month_name, write_plan

G2G = str(Path(sys.executable).parent / "g2g")
PLANS = 5
PER_PLAN = 40
MONTHS = 12
RECORDED = 6


def make_plans(root: Path) -> None:
    """5 plans, each with 40 measures and their first 6 months of figures."""
    for number in range(1, PLANS + 1):
        folder = root / f"council-{number:03d}"
        folder.mkdir(parents=True)
        write_plan(folder, number, Size(1, 40, MONTHS))
        lines = ["measures:"]
        for k in range(1, PER_PLAN + 1):
            lines += [
                f"  # measure {k} of council {number}",
                f"  - id: c{number}-m{k:02d}",
                f"    name: Council {number} indicator {k}",
                f"    codes: [PI-{number}{k:02d}]",
                "    group: Demand",
                f"    unit: {'percent' if k % 4 == 0 else 'count'}",
                "    polarity: lower",
                "    values:",
            ]
            lines += [f"      {month_name(i)}: {value(number, k, i)}" for i in range(RECORDED)]
        (folder / "measures.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def value(number: int, k: int, month: int) -> int:
    return (number * 7 + k * 3 + month) % 90 + 5


def make_scorecard(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Scorecard"
    ws.append(["Performance scorecard"])
    months = [month_name(i) for i in range(MONTHS)]
    ws.append(["Code", "Indicator", *(dt.datetime.strptime(m, "%Y-%m") for m in months)])
    for number in range(1, PLANS + 1):
        for k in range(1, PER_PLAN + 1):
            figures = [value(number, k, i) for i in range(MONTHS)]
            ws.append([f"PI-{number}{k:02d}", f"Council {number} indicator {k}", *figures])
    wb.save(path)


def run(*args: str, cwd: Path) -> tuple[float, float, str]:
    """Run g2g in a fresh process with an empty cache: (wall s, CPU s, stdout)."""
    cache = tempfile.mkdtemp(prefix="g2g-bench-cache-")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [G2G, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "G2G_CACHE_DIR": cache},
        check=False,
    )
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    shutil.rmtree(cache, ignore_errors=True)
    if done.returncode != 0:
        raise SystemExit(f"g2g {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return took, cpu, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory(prefix="g2g-bench-figures-") as tmp:
        root = Path(tmp)
        make_plans(root / "master")
        make_scorecard(root / "scorecard.xlsx")
        validate: list[tuple[float, float]] = []
        imports: list[tuple[float, float]] = []
        for n in range(runs):
            work = root / f"run-{n}"
            shutil.copytree(root / "master", work / "plans")
            shutil.copy(root / "scorecard.xlsx", work / "scorecard.xlsx")
            wall, cpu, _ = run("validate", "plans", cwd=work)
            validate.append((wall, cpu))
            wall, cpu, out = run("import", "scorecard.xlsx", "plans", cwd=work)
            imports.append((wall, cpu))
            recorded = PLANS * PER_PLAN * (MONTHS - RECORDED)
            held = PLANS * PER_PLAN * RECORDED
            if f"Recorded {recorded} figures" not in out or f"{held} figures already" not in out:
                raise SystemExit(f"the import did not record every figure:\n{out[-400:]}")
            shutil.rmtree(work)
    v_wall = statistics.median(w for w, _ in validate)
    v_cpu = statistics.median(c for _, c in validate)
    i_wall = statistics.median(w for w, _ in imports)
    i_cpu = statistics.median(c for _, c in imports)
    print(f"{PLANS} plans, {PLANS * PER_PLAN} measures, a {MONTHS}-month scorecard; {runs} runs")
    print("| what | wall s | CPU s | ratio (CPU) |")
    print("|---|---:|---:|---:|")
    print(f"| cold `g2g validate` of the 5 plans | {v_wall:.3f} | {v_cpu:.3f} | 1.00x |")
    print(
        f"| `g2g import scorecard.xlsx` (cold) | {i_wall:.3f} | {i_cpu:.3f} | "
        f"{i_wall / v_wall:.2f}x ({i_cpu / v_cpu:.2f}x) |"
    )


if __name__ == "__main__":
    main()
