"""Pausing Python's cyclic garbage collector while a plan is read and checked.

Reading a plan builds hundreds of thousands of small containers. Each burst of allocations
sets the collector scanning every live object, again and again, although nothing g2g builds
makes reference cycles: pausing it measured 1.2x faster over a whole run. Objects are still
freed by reference counting while it is paused; the collector resumes afterwards and picks up
anything cyclic then.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector for the ``with`` block (nesting is fine)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
