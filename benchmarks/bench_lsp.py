"""``g2g lsp`` as an editor uses it: how long after an edit to a progress file of the shipped
plan its diagnostics arrive, against a cold ``g2g validate`` of that plan, in the same run.

Run: .venv/bin/python benchmarks/bench_lsp.py [--edits 200] [--runs 11] [--memory-edits 1000]

The server is a ``g2g lsp`` subprocess driven over stdio by the tests' JSON-RPC client
(tests/helpers/lsp.py), as an editor drives it: initialize, open
``plans/oldham-2019/progress/2019-08.yaml``, then ``--edits`` incremental edits, each
changing one action's ``rag:`` between amber and green (so the challenge is worked out each
time). An edit's latency is the wall-clock time from sending ``textDocument/didChange`` to
receiving ``textDocument/publishDiagnostics`` for the file; the round trip to a request sent
just after it (every file of the plan published by then) is shown beside it. The reference
is ``g2g validate plans/oldham-2019 --no-cache`` in fresh processes (the median of
``--runs``, after a first run that warms Python's bytecode cache), with the startup an
editor's validate-on-save pays. Target (issue 28): the median edit latency <= 0.1x the cold
validate.

Memory: the server's resident set size (Linux /proc) after the timed edits and after
``--memory-edits`` more.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers.lsp import LspClient  # noqa: E402

G2G = str(Path(sys.executable).parent / "g2g")
PLAN = ROOT / "plans" / "oldham-2019"
PROGRESS = PLAN / "progress" / "2019-08.yaml"


def cold_validate(runs: int) -> list[float]:
    """Wall-clock seconds of ``g2g validate plans/oldham-2019 --no-cache``, fresh processes."""
    times: list[float] = []
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "G2G_CACHE_DIR": cache}
        command = [G2G, "validate", str(PLAN.relative_to(ROOT)), "--no-cache"]
        subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=True)
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, env=env, capture_output=True, check=True)
            times.append(time.perf_counter() - start)
    return times


def rss_kb(pid: int) -> int:
    """The resident set size of a process, in KB (0 where /proc is not there)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def edit_latencies(client: LspClient, uri: str, edits: int) -> tuple[list[float], list[float]]:
    """Seconds from each didChange to its publishDiagnostics, and to the next request's
    answer."""
    lines = PROGRESS.read_text(encoding="utf-8").splitlines()
    start = lines.index("  - action: PI-5")
    rag = next(i for i in range(start, len(lines)) if lines[i].strip().startswith("rag:"))
    column = lines[rag].index("amber")
    words = ["green", "amber"]
    published: list[float] = []
    answered: list[float] = []
    current = "amber"
    for n in range(edits):
        new = words[n % 2]
        seen = len(client.published)
        sent = time.monotonic()
        client.edit(uri, rag, column, column + len(current), new)
        current = new
        client.wait(
            lambda seen=seen: any(u == uri for _, u in client.published[seen:]),
            what="diagnostics",
        )
        arrived = next(t for t, u in client.published[seen:] if u == uri)
        client.sync()
        published.append(arrived - sent)
        answered.append(time.monotonic() - sent)
    return published, answered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--memory-edits", type=int, default=1000)
    args = parser.parse_args()

    validate = cold_validate(args.runs)
    client = LspClient(ROOT, [G2G, "lsp"])
    try:
        started = time.monotonic()
        client.initialize(ROOT)
        uri = client.open(PROGRESS)
        client.wait(lambda: uri in client.diagnostics, what="first diagnostics")
        first = time.monotonic() - started
        edit_latencies(client, uri, 20)  # warm: the engine's first run, pydantic's caches
        published, answered = edit_latencies(client, uri, args.edits)
        rss_before = rss_kb(client.process.pid)
        edit_latencies(client, uri, args.memory_edits)
        rss_after = rss_kb(client.process.pid)
        client.shutdown()
    finally:
        client.kill()

    cold = statistics.median(validate)
    edit = statistics.median(published)
    ratio = edit / cold
    print(f"g2g lsp on plans/oldham-2019, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(
        f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores, Python "
        f"{sys.version.split()[0]}\n"
    )
    print("| what | median s | p90 s | max s | ratio to cold validate |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| `g2g validate plans/oldham-2019 --no-cache` (fresh process, {args.runs} runs) "
        f"| {cold:.3f} | {_p90(validate):.3f} | {max(validate):.3f} | 1.00x |"
    )
    print(
        f"| server start to first diagnostics (initialize, open) | {first:.3f} | | | "
        f"{first / cold:.2f}x |"
    )
    print(
        f"| edit to the file's diagnostics ({args.edits} edits) | {edit:.4f} | "
        f"{_p90(published):.4f} | {max(published):.4f} | **{ratio:.3f}x** |"
    )
    print(
        f"| edit to every file published, round trip ({args.edits} edits) | "
        f"{statistics.median(answered):.4f} | {_p90(answered):.4f} | {max(answered):.4f} | "
        f"{statistics.median(answered) / cold:.3f}x |"
    )
    print(
        f"\ntarget: edit <= 0.1x cold validate: {'met' if ratio <= 0.1 else 'MISSED'} "
        f"({ratio:.3f}x, {1 / ratio:.0f} times faster)"
    )
    if rss_before:
        print(
            f"memory: {rss_before / 1024:.1f} MB resident after {args.edits + 20} edits, "
            f"{rss_after / 1024:.1f} MB after {args.memory_edits} more "
            f"({(rss_after - rss_before) / 1024:+.1f} MB)"
        )


def _p90(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.9) - 1)]


if __name__ == "__main__":
    main()
