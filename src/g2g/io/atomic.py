"""Writing files safely: a lock beside the file, and an atomic replace that leaves the old or
the new bytes.
"""

from __future__ import annotations

import os
import secrets
import stat
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from g2g.errors import LockTimeout, WriteError

# --- locking and atomic writes -----------------------------------------------------------


def lock_path_for(path: Path) -> Path:
    """The lock file that guards ``path``: ``.NAME.lock`` beside it (``.2019-08.lock``)."""
    return path.parent / f".{path.stem}.lock"


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def file_lock(path: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold an exclusive lock on ``path``'s lock file; raise LockTimeout after ``timeout`` s.

    The lock file is removed on release, so no empty ``.YYYY-MM.lock`` is left behind. That
    is safe because a waiter that wins the lock checks that the file it locked is still the one
    at the lock's path (same inode); if the holder removed it meanwhile, the waiter opens the
    path afresh and tries again. (On Windows, where an open file cannot be removed, the lock
    file stays.)
    """
    lock = lock_path_for(path)
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise WriteError(f"{lock}: cannot create the lock file: {exc.strerror}") from None
        try:
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        f"{path}: another g2g command is still writing this file (waited "
                        f"{timeout:g} seconds) - nothing was changed; run the command again in "
                        f"a moment. If no g2g command is running, the lock {lock.name} is "
                        "stale: wait for the other process to end or restart the machine"
                    )
                time.sleep(0.02)
        except BaseException:
            os.close(fd)
            raise
        if _still_at(fd, lock):
            break
        os.close(fd)  # the holder removed the file we waited on: lock the new one
    try:
        yield
    finally:
        if sys.platform != "win32":
            with suppress(OSError):
                lock.unlink()  # while still holding the lock: see the docstring
        os.close(fd)  # closing the descriptor releases the lock


def _still_at(fd: int, lock: Path) -> bool:
    """Whether the open lock file ``fd`` is still the file at ``lock``."""
    if sys.platform == "win32":
        return True
    try:
        return os.stat(lock).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False


def _fsync_folder(folder: Path) -> None:
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``path``: the one way g2g writes a file.

    * A regular file (or a new one) is replaced atomically: the bytes go to a hidden temporary
      file in the same folder, which is flushed, fsynced and renamed over it, so readers see
      the old file or the new one, never half. The file keeps its permissions; a new file gets
      the usual ones (umask). With ``overwrite`` False, FileExistsError if it exists.
    * A symbolic link is followed: its target is replaced atomically as above, and the link
      stays a link.
    * A file with other hard links is updated in place (written and truncated, then fsynced),
      so every name keeps sharing the new bytes; the write is not atomic, and callers that
      edit such files hold the file lock.
    * A device, a FIFO, a socket or /dev/stdout (anything that is not a regular file, or a
      path under /dev or /proc) is written through: opened and written, never replaced.

    The temporary file is removed whatever happens, Ctrl-C included.
    """
    target = _write_target(path)
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None and not overwrite:
        raise FileExistsError(str(path))
    if _special(target, info):
        _write_through(target, data)
        return
    if info is not None:
        _refuse_read_only(path, target, info)
    if info is not None and info.st_nlink > 1:
        _write_in_place(target, data)
        return
    _replace(target, data, info, overwrite=overwrite)


def _refuse_read_only(path: Path, target: Path, info: os.stat_result) -> None:
    """WriteError when the file is read-only: no write permission for anyone (root included,
    who could otherwise replace it), or none for this user. A council officer who made a file
    read-only means it to stay as it is."""
    if info.st_mode & 0o222 and os.access(target, os.W_OK):
        return
    shown = path if target == path else f"{path} (a link to {target})"
    raise WriteError(
        f"{shown} is read-only - nothing was changed; make it writable (chmod u+w "
        f"{target}, or untick Read-only in the file's Properties) and run the command again"
    )


def _write_target(path: Path) -> Path:
    """The file a write to ``path`` lands in: the end of its chain of symbolic links."""
    if not path.is_symlink():
        return path
    if str(path).startswith(_SPECIAL_ROOTS):
        return path
    return Path(os.path.realpath(path))


_SPECIAL_ROOTS = ("/dev/", "/proc/")


def _special(path: Path, info: os.stat_result | None) -> bool:
    if str(path).startswith(_SPECIAL_ROOTS):
        return True
    return info is not None and not stat.S_ISREG(info.st_mode)


def _write_through(path: Path, data: bytes) -> None:
    with open(path, "wb") as stream:
        stream.write(data)


def _write_in_place(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.ftruncate(fd, len(data))
        os.fsync(fd)
    finally:
        os.close(fd)


def _replace(path: Path, data: bytes, info: os.stat_result | None, *, overwrite: bool) -> None:
    folder = path.parent
    temp = folder / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    mode = None if info is None else stat.S_IMODE(info.st_mode)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 if mode is None else mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if info is not None and hasattr(os, "geteuid") and os.geteuid() == 0:
            # root's write keeps the file's owner and group (a replace would make it root's)
            os.chown(temp, info.st_uid, info.st_gid)
        if mode is not None:
            os.chmod(temp, mode)  # after chown, which may clear set-id bits
        if overwrite:
            os.replace(temp, path)
        else:
            _link_new(temp, path)
        _fsync_folder(folder)
    finally:
        with suppress(OSError):
            temp.unlink()


def _link_new(temp: Path, path: Path) -> None:
    """Give ``temp`` the name ``path`` unless ``path`` exists (atomic where links work)."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError:
        # Some file systems have no hard links; callers hold the file lock, so a check
        # followed by a rename is safe enough there.
        if path.exists():
            raise FileExistsError(str(path)) from None
        os.replace(temp, path)
