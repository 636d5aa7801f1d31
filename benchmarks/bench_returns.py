"""Update returns at scale: a plan of 500 actions led by 40 lead officers.

Run: .venv/bin/python benchmarks/bench_returns.py [--runs N] [--baseline-sample N]

Times, in fresh processes:

* ``g2g returns`` writing the month's 40 returns;
* ``g2g import`` reading the 40 filled-in returns back and recording 500 updates (one batch:
  one lock, one check of the whole plan, one atomic write);
* the baseline: ``g2g update`` called once per action with the same rating, note and figures,
  as an officer without returns would record them.

The returns are filled in by a script (a rating, a note and every figure on every row), which is
not timed: that is the leads' part. Both ways must leave the same updates in the month's file;
the script checks that before printing the figures. ``--baseline-sample N`` times N of the 500
``g2g update`` calls and scales the total up (the calls are alike; the file grows by one entry
each time, so the sample is taken evenly over the whole run).
"""

from __future__ import annotations

import argparse
import os
import re
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

ROOT = Path(__file__).resolve().parent.parent
G2G = str(Path(sys.executable).parent / "g2g")
ACTIONS = 500
LEADS = 40
MONTHS = 6  # months of history before the month returned
MONTH = month_name(MONTHS)
RATINGS = ("Green", "Amber", "Red")


def make_plan(folder: Path) -> None:
    """One plan of 500 actions, 6 months of updates, the actions shared among 40 leads."""
    write_plan(folder, 1, Size(1, ACTIONS, MONTHS))
    plan = folder / "plan.yaml"
    counter = iter(range(10**6))

    def lead(match: re.Match[str]) -> str:
        return f"{match.group(1)}lead: Lead officer {next(counter) % LEADS + 1:02d}"

    text = re.sub(r"^(\s+)lead: .*$", lead, plan.read_text(encoding="utf-8"), flags=re.M)
    plan.write_text(text, encoding="utf-8")


def run(*args: str, cwd: Path) -> tuple[float, float]:
    """Run g2g in a fresh process: (wall seconds, CPU seconds of the process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [G2G, *args], cwd=cwd, capture_output=True, text=True, env={**os.environ}, check=False
    )
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"g2g {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return took, cpu


def heading_columns(ws: object) -> tuple[int, dict[str, int]]:
    for row in ws.iter_rows(min_row=1, max_row=10):  # type: ignore[attr-defined]
        names = {str(c.value): c.column for c in row if c.value is not None}
        if "Action" in names:
            return row[0].row, names
    raise AssertionError("no headings")


def wanted(action: str) -> tuple[str, str]:
    number = sum(ord(c) for c in action)
    return RATINGS[number % 3], f"Progress on {action} this month, recorded from the return."


def figure_for(target: str) -> float:
    return float(30 + sum(ord(c) for c in target) % 60)


def fill_returns(folder: Path) -> dict[str, tuple[str, str, dict[str, float]]]:
    """Fill every return as a lead would; the updates typed, by action."""
    typed: dict[str, tuple[str, str, dict[str, float]]] = {}
    for book in sorted(folder.glob("*.xlsx")):
        wb = openpyxl.load_workbook(book)
        ws = wb["Updates"]
        heading, columns = heading_columns(ws)
        for r in range(heading + 1, ws.max_row + 1):
            action = ws.cell(r, columns["Action"]).value
            if not action:
                continue
            rating, note = wanted(action)
            ws.cell(r, columns["Rating this month"]).value = rating
            ws.cell(r, columns["Progress this month"]).value = note
            typed[action] = (rating, note, {})
        figures = wb["Figures"]
        heading, columns = heading_columns(figures)
        for r in range(heading + 1, figures.max_row + 1):
            action = figures.cell(r, columns["Action"]).value
            target = figures.cell(r, columns["Target"]).value
            if not action:
                continue
            figures.cell(r, columns["Figure this month"]).value = figure_for(target)
            typed[action][2][target] = figure_for(target)
        wb.save(book)
    return typed


def recorded(plan: Path) -> dict[str, tuple[str, str, dict[str, float]]]:
    sys.path.insert(0, str(ROOT / "src"))
    from g2g.plan.load import load_plan

    loaded = load_plan(plan)
    out = {}
    for action, update in loaded.updates().get(MONTH, {}).items():
        values = {k: v for k, v in update.values.items() if v is not None}
        rag = update.rag.value.capitalize() if update.rag else ""
        out[action] = (rag, update.narrative or "", values)
    return out


def _median(times: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-sample", type=int, default=ACTIONS)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="g2g-bench-returns-"))
    try:
        pristine = work / "pristine"
        make_plan(pristine)
        run("validate", str(pristine), cwd=work)

        write_times: list[tuple[float, float]] = []
        for n in range(options.runs):
            out = work / f"returns-{n}"
            write_times.append(
                run("returns", "--month", MONTH, "--output-dir", str(out), str(pristine), cwd=work)
            )
        returns = work / "returns-0"
        books = sorted(returns.glob("*.xlsx"))
        typed = fill_returns(returns)

        import_times: list[tuple[float, float]] = []
        for n in range(options.runs):
            plan = work / f"import-{n}"
            shutil.copytree(pristine, plan)
            import_times.append(
                run("import", *map(str, books), "--month", MONTH, str(plan), cwd=work)
            )
        imported = recorded(work / "import-0")
        if imported != typed:
            raise SystemExit("the import did not record exactly what was typed")

        baseline = work / "baseline"
        shutil.copytree(pristine, baseline)
        actions = sorted(typed)
        step = max(1, len(actions) // options.baseline_sample)
        sample = actions[::step][: options.baseline_sample]
        calls: list[tuple[float, float]] = []
        for action in actions:
            rating, note, values = typed[action]
            args = ["update", action, "--month", MONTH, "--rag", rating.lower(), "--note", note]
            for target, value in values.items():
                args += ["--value", f"{target}={value:g}"]
            if action in sample:
                calls.append(run(*args, str(baseline), cwd=work))
        baseline_total = (
            statistics.mean(c[0] for c in calls) * len(actions),
            statistics.mean(c[1] for c in calls) * len(actions),
        )
        if len(sample) == len(actions) and recorded(baseline) != typed:
            raise SystemExit("the g2g update baseline did not record what was typed")

        bytes_plan = sum(p.stat().st_size for p in pristine.rglob("*.yaml"))
        figures = sum(len(v[2]) for v in typed.values())
        write_s = _median(write_times)
        import_s = _median(import_times)
        sampled = "" if len(sample) == len(actions) else f" (mean of {len(sample)} calls x 500)"
        print(
            f"Plan: {ACTIONS} actions, {LEADS} leads, {figures} target figures, "
            f"{bytes_plan / 1e6:.1f} MB of YAML ({MONTHS} months of updates); month {MONTH}; "
            f"medians of {options.runs} runs, fresh processes, {os.cpu_count()} cores, "
            f"Python {sys.version.split()[0]}"
        )
        print()
        print("| what | wall s | CPU s | CPU per action | CPU ratio to baseline |")
        print("|---|---:|---:|---:|---:|")
        both = (write_s[0] + import_s[0], write_s[1] + import_s[1])
        rows = [
            (f"g2g returns: write {len(books)} returns", write_s),
            (f"g2g import: read {len(books)} returns, record {ACTIONS} updates", import_s),
            ("returns written + imported", both),
            (f"baseline: g2g update once per action, {ACTIONS} calls{sampled}", baseline_total),
        ]
        for label, (wall, cpu) in rows:
            print(
                f"| {label} | {wall:.1f} | {cpu:.1f} | {cpu / ACTIONS * 1000:.1f} ms | "
                f"{cpu / baseline_total[1]:.3f}x |"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
