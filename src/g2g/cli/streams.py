"""Standard output that ends the way a person expects: a reader that stops early (``g2g rag |
head``) is not an error, and an output that cannot be written (``> /dev/full``, a closed
standard output) is a plain message and exit 2, never a traceback."""

import contextlib
import errno
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from g2g.errors import G2GError, UsageError

_UNWRITABLE = frozenset({errno.ENOSPC, errno.EIO, errno.EBADF, errno.EFBIG, errno.EDQUOT})
"""Errors of writing to standard output that a person can fix (a full disk, a closed stream)."""


class ClosedOutput(io.TextIOBase):
    """Stands for a standard output that was closed before g2g started (``g2g rag >&-``):
    writing to it is the error a closed descriptor gives, reported in words."""

    def write(self, text: str) -> int:
        """Refuse, as a closed descriptor does."""
        raise OSError(errno.EBADF, "standard output is closed")

    def isatty(self) -> bool:
        """A closed output is not a terminal."""
        return False

    encoding = "utf-8"


def open_streams() -> None:
    """Give a closed standard output or error a stand-in, so printing can report it."""
    if sys.stdout is None:
        sys.stdout = ClosedOutput()
    if sys.stderr is None:
        sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 - lives as long as g2g


class OutputUnwritable(UsageError):
    """Standard output could not be written: the disk is full, or it was closed."""


@contextlib.contextmanager
def written_output() -> Iterator[None]:
    """Run a command and flush what it printed: a closed pipe ends it quietly (exit 0, as
    ``head`` closing ``g2g rag``'s output is what the person asked for); an output that cannot
    be written raises :class:`OutputUnwritable`."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_output()
        raise _PipeClosed("the reader of the output closed it") from None
    except OSError as exc:
        if exc.errno not in _UNWRITABLE:
            raise
        _discard_output()
        remedy = (
            "give g2g somewhere to write it (> FILE)"
            if exc.errno == errno.EBADF
            else "write it to a disk with room (--output FILE, or > FILE)"
        )
        raise OutputUnwritable(
            f"cannot write the output: {exc.strerror or exc} - {remedy}"
        ) from None


class _PipeClosed(G2GError):
    """The reader of standard output went away: the command ends, with nothing to report."""

    exit_code = 0


def pipe_closed(exc: BaseException) -> bool:
    """Whether ``exc`` is the quiet end of a closed pipe."""
    return isinstance(exc, _PipeClosed)


def _discard_output() -> None:
    """Point standard output at the null device, so Python's flush at exit finds nothing to
    write to a closed pipe or a full disk (which would print 'Exception ignored')."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    sys.stdout = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 - lives as long as g2g
