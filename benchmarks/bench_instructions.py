"""The benchmark figures as CPU instructions, this checkout against a base revision: the answer
to "does every figure hold or improve?" on a machine too noisy for seconds to say.

Run: .venv/bin/python benchmarks/bench_instructions.py [--base c9ce93e] [--plans 4]

Each figure's command runs once under valgrind's cachegrind (``--cache-sim=no``), which counts
the instructions the process executes: the same run gives the same count, within a fraction of
a percent, however busy the machine, where wall-clock seconds on a shared 2-core machine move by
a third between runs. Instructions are not seconds (they ignore the disk, memory stalls and
extra cores, so "every core" figures are left out), but a change that makes g2g do more work
shows here first. The base revision is checked out into a temporary git worktree and run from
its ``src/`` with ``PYTHONPATH`` in the same virtual environment; its figures on the shipped
plan use its own ``plans/``. The many-plans figures use the first ``--plans`` plans of the M
size of ``benchmarks/generate.py`` (the same files for both), one process (``--jobs 1``).

Needs valgrind (``apt-get install valgrind``); it is not a dependency of g2g. Takes a few
minutes: valgrind runs Python about 30 times slower.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
G2G = str(BIN / "g2g")
_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions(command: list[str], env: dict[str, str], cwd: Path) -> int:
    """The instructions ``command`` executes (valgrind's "I refs")."""
    done = subprocess.run(
        [
            "valgrind",
            "--tool=cachegrind",
            "--cache-sim=no",
            "--cachegrind-out-file=/dev/null",
            *command,
        ],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    found = _REFS.findall(done.stderr)
    if done.returncode != 0 or not found:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return int(found[-1].replace(",", ""))


def figures(
    root: Path, plans: Path, cache: Path
) -> dict[str, tuple[list[str], Callable[[], None] | None]]:
    """Each figure's command and what to do before it (empty the cache, for a cold figure)."""

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    shipped = str(root / "plans" / "oldham-2019")
    many = str(plans)
    return {
        "g2g --help": ([G2G, "--help"], None),
        "validate the shipped plan, cold cache": ([G2G, "validate", shipped], cold),
        "validate the shipped plan, warm cache": ([G2G, "validate", shipped], None),
        "validate many plans, cold cache": ([G2G, "validate", "--jobs", "1", many], cold),
        "validate many plans, warm cache": ([G2G, "validate", "--jobs", "1", many], None),
        "rag many plans, empty cache": ([G2G, "rag", "--jobs", "1", many], cold),
        "report (overview) many plans, empty cache": ([G2G, "report", "--jobs", "1", many], cold),
    }


def measure(root: Path, src: Path | None, plans: Path, work: Path) -> dict[str, int]:
    """Every figure for the code in ``src`` (None: this checkout's installed g2g)."""
    cache = work / "cache"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE",)}
    env.update({"G2G_CACHE_DIR": str(cache), "PYTHONHASHSEED": "0", "COLUMNS": "120"})
    if src is not None:
        env["PYTHONPATH"] = str(src)
    result: dict[str, int] = {}
    for name, (command, before) in figures(root, plans, cache).items():
        subprocess.run(command, env=env, cwd=work, capture_output=True, check=False)  # bytecode
        if before is not None:
            before()
        result[name] = instructions(command, env, work)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="c9ce93e", help="git revision to compare against")
    parser.add_argument("--plans", type=int, default=4, help="plans of size M to use")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is needed: apt-get install valgrind", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="g2g-bench-instr-") as tmp:
        work = Path(tmp)
        generate("M", work / "M")
        plans = work / "plans"
        plans.mkdir()
        for folder in sorted(p for p in (work / "M").iterdir() if p.is_dir())[: args.plans]:
            shutil.copytree(folder, plans / folder.name)
        base = work / "base"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base), args.base],
            check=True,
            capture_output=True,
        )
        try:
            typer = instructions([sys.executable, "-c", "import typer"], dict(os.environ), work)
            now = measure(ROOT, None, plans, work)
            before = measure(base, base / "src", plans, work)
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)],
                check=False,
                capture_output=True,
            )
    print(f"Instructions (millions), base {args.base} against this checkout; {args.plans} M plans")
    print(f'python -c "import typer": {typer / 1e6:,.0f}')
    print()
    print("| what | base | now | now/base | now / import typer |")
    print("|---|---:|---:|---:|---:|")
    for name, count in now.items():
        print(
            f"| {name} | {before[name] / 1e6:,.0f} | {count / 1e6:,.0f} | "
            f"{count / before[name]:.2f}x | {count / typer:.2f}x |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
