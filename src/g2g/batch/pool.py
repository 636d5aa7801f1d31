"""Work on many plans: one plan at a time, spread over the machine's cores.

Commands that read many plans (a region's, or every council's) hand each plan folder to a
function and get its result back in order. Each plan is read, used and let go before the next,
so memory stays flat however many plans there are; only the small results are kept. With more
than one plan and enough bytes to be worth it, worker processes share the plans out (forked
on Linux, so they start in milliseconds with g2g already imported).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from g2g.io.files import plan_file_paths

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

R = TypeVar("R")

PARALLEL_MIN_BYTES = 2_000_000
"""Below this many bytes of plan files, starting workers costs more than it saves."""


def available_cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def folder_bytes(folder: Path) -> int:
    """How many bytes of plan files a folder holds (0 for files that cannot be seen)."""
    total = 0
    for path in plan_file_paths(folder):
        try:
            total += path.stat().st_size
        except OSError:
            continue
    return total


def run_each(
    folders: Sequence[Path],
    work: Callable[[Path], R],
    *,
    jobs: int | None = None,
    advance: Callable[[int, int], None] | None = None,
) -> Iterator[R]:
    """``work(folder)`` for each folder, in order, one plan at a time per process.

    ``jobs`` caps the processes (None: every available core; 1: this process only).
    ``advance(size, total)`` is called as each plan is done with its bytes and the bytes of
    all the plans, for a progress bar. ``work`` must
    be a module-level function (or a partial of one) so workers can receive it.
    """
    sizes = [folder_bytes(folder) for folder in folders]
    total = sum(sizes)
    workers = min(jobs or available_cores(), len(folders))
    if workers <= 1 or total < PARALLEL_MIN_BYTES:
        for folder, size in zip(folders, sizes, strict=True):
            result = work(folder)
            if advance is not None:
                advance(size, total)
            yield result
        return
    # Imported here: a run that stays in one process should not pay for them.
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        results = pool.map(work, folders, chunksize=1)
        for size, result in zip(sizes, results, strict=True):
            if advance is not None:
                advance(size, total)
            yield result


def _context() -> BaseContext:
    # fork starts a worker in milliseconds with everything imported; macOS and Windows only
    # offer spawn safely, which re-imports g2g in each worker.
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
