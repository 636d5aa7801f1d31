"""A progress bar on stderr for long runs over many plans.

It appears only when stderr is a terminal and the run has already taken a second, so quick
runs, pipes, CI logs and stdout stay exactly as they were; it is removed when the run ends.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import Any, TextIO

SHOW_AFTER_SECONDS = 1.0


class ByteProgress:
    """Counts bytes of plan files done and shows a bar once the run has taken a second."""

    def __init__(
        self,
        label: str,
        *,
        stream: TextIO | None = None,
        show_after: float = SHOW_AFTER_SECONDS,
    ) -> None:
        self.total = 0
        self.label = label
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.show_after = show_after
        self.started = time.monotonic()
        self.enabled = _is_terminal(self.stream)
        self.bar: Any = None
        self.task: Any = None

    def advance(self, size: int, total: int) -> None:
        """Count ``size`` more bytes done out of ``total``; shows the bar once it is due."""
        self.done += size
        self.total = total
        if not self.enabled:
            return
        if self.bar is None and time.monotonic() - self.started >= self.show_after:
            self._show()
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done, total=max(self.total, 1))

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TimeRemainingColumn

        self.bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            TaskProgressColumn(),
            TimeRemainingColumn(),
            console=Console(file=self.stream),
            transient=True,
        )
        self.task = self.bar.add_task(self.label, total=max(self.total, 1), completed=self.done)
        self.bar.start()

    def close(self) -> None:
        """Remove the bar, if it was shown."""
        if self.bar is not None:
            self.bar.stop()
            self.bar = None

    def __enter__(self) -> ByteProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
