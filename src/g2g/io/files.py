"""Where a plan's files are: finding plan folders and the files g2g reads in each.

Kept apart from loading (and free of pydantic) so that work which only needs to know the files,
such as hashing them for the cache, starts quickly.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from g2g.diagnostics import Diagnostic, error, warning
from g2g.errors import UsageError
from g2g.io.limits import YAML, over_text, size_text
from g2g.months import is_month

PLAN_FILE = "plan.yaml"
PROGRESS_DIR = "progress"
MEASURES_FILE = "measures.yaml"
FINANCE_FILE = "finance.yaml"
NARRATIVE_DIR = "narrative"
"""The folder of one officers' narrative file per meeting (g2g.plan.narrative)."""
YAML_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = YAML.max_bytes
"""The largest plan file g2g reads (checked by its size before reading it; g2g.io.limits)."""


def display_path(path: Path) -> str:
    """A path as people should see it: relative to the working directory where possible."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _is_yaml(path: Path) -> bool:
    return path.suffix.lower() in YAML_SUFFIXES


FOLDER_LINK = "plan-folder-link"
"""The code of the warning for a plan folder reached only through a link (see below)."""


@dataclass(frozen=True)
class PlanSearch:
    """The plan folders some paths name, and the ones their search passed over."""

    folders: list[Path]
    """Each plan folder once, in the order the paths name them (a folder's in name order)."""
    links: list[Path]
    """Plan folders below a searched folder that are symbolic links to folders. The search does
    not follow links to folders (one could lead anywhere on the machine, or round in a loop),
    so the commands say so instead (:func:`folder_link_warning`). A link to a plan folder the
    search finds anyway is not listed, nor is a link named directly: that one is read."""


def search_plan_folders(paths: list[Path]) -> PlanSearch:
    """The plan folders named by ``paths``, found in one walk of each folder searched; raises
    UsageError for a path that names none."""
    folders: list[Path] = []
    links: list[Path] = []
    for path in paths:
        if not path.exists():
            hint = ""
            if is_month(str(path)):  # "g2g rag 2019-08": a month given where a path goes
                hint = f" (for the month, give --month {path} to a command that takes one)"
            raise UsageError(
                f"{path}: no such file or folder - give a plan folder or plan file{hint}"
            )
        if path.is_file():
            folder = _owning_folder(path)
            if folder is None:
                raise UsageError(
                    f"{path}: not inside a plan folder (no {PLAN_FILE} beside it or above it) "
                    f"- give a folder that holds {PLAN_FILE}"
                )
            folders.append(folder)
        elif (path / PLAN_FILE).is_file():
            folders.append(path)
        else:
            found, linked = _walk(path)
            if not found:
                hint = (
                    " (g2g does not follow links to folders: name a linked plan folder "
                    f"directly, e.g. {display_path(linked[0])})"
                    if linked
                    else ""
                )
                raise UsageError(
                    f"{path}: no {PLAN_FILE} in this folder or below it - give a plan folder, "
                    f"or create one with 'g2g init'{hint}"
                )
            folders.extend(found)
            links.extend(linked)
    unique: dict[Path, None] = {}
    for folder in folders:
        unique.setdefault(folder.resolve(), None)
    return PlanSearch(
        [Path(display_path(f)) for f in unique],
        [Path(display_path(link)) for link in links if link.resolve() not in unique],
    )


def find_plan_folders(paths: list[Path]) -> list[Path]:
    """The plan folders named by ``paths``; raises UsageError for a path that names none."""
    return search_plan_folders(paths).folders


def _walk(path: Path) -> tuple[list[Path], list[Path]]:
    """The plan folders below ``path`` (in name order) and the links to plan folders there."""
    found: list[Path] = []
    linked: list[Path] = []
    for top, dirs, files in os.walk(path):
        here = Path(top)
        if PLAN_FILE in files and (here / PLAN_FILE).is_file():
            found.append(here)
        for name in dirs:
            if (here / name).is_symlink() and (here / name / PLAN_FILE).is_file():
                linked.append(here / name)
    return sorted(found), sorted(linked)


def folder_link_warning(link: Path) -> Diagnostic:
    """The warning that the plan folder ``link`` (a symbolic link) was not checked."""
    shown = display_path(link / PLAN_FILE)
    return warning(
        shown,
        1,
        1,
        "this plan folder is a symbolic link, which g2g does not follow when it searches a "
        f"folder, so it was not checked - name it directly ({display_path(link)}) or move the "
        "plan into the folder",
        code=FOLDER_LINK,
    )


def _owning_folder(path: Path) -> Path | None:
    for parent in [path.parent, *path.parent.parents]:
        if (parent / PLAN_FILE).is_file():
            return parent
    return None


def progress_files(folder: Path) -> list[Path]:
    """The progress files of a plan folder, in name order."""
    directory = folder / PROGRESS_DIR
    if not directory.is_dir():
        return []
    unreadable = [d for d in [directory, *directory.rglob("*")] if d.is_dir() and _closed(d)]
    if unreadable:
        # An unreadable folder is an error reported where it is, never a silent skip.
        return unreadable
    return sorted(p for p in directory.rglob("*") if p.is_file() and _is_yaml(p))


def _closed(directory: Path) -> bool:
    try:
        next(directory.iterdir(), None)  # reads the folder: refused when it may not be listed
    except OSError:
        return True
    return False


def plan_file_paths(folder: Path) -> list[Path]:
    """Every file of a plan folder that g2g reads, in the order they are read."""
    extra = [folder / name for name in (MEASURES_FILE, FINANCE_FILE) if (folder / name).is_file()]
    return [folder / PLAN_FILE, *extra, *progress_files(folder), *narrative_files(folder)]


def folder_listing(folder: Path) -> str:
    """Every name below a plan folder with its kind (file, folder, link, other), one a line.

    What validate finds depends on more than the plan files' bytes: whether an appendix file
    exists, whether a plan file is a link leading out of the folder. A cache of findings keys
    on this listing too, so a deleted appendix or a file swapped for a link is checked again.
    Git's own folder is left out (it changes with every commit and holds no plan file)."""
    lines: list[str] = []
    for top, dirs, names in os.walk(folder, onerror=lambda _: None):
        dirs[:] = sorted(d for d in dirs if d != ".git")
        base = Path(top).relative_to(folder)
        for name in sorted([*dirs, *names]):
            path = Path(top) / name
            lines.append(f"{base / name}\0{_kind(path)}")
    return "\n".join(lines)


def _kind(path: Path) -> str:
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return "?"
    if stat.S_ISLNK(mode):
        return "link"
    return "folder" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "other"


def narrative_files(folder: Path) -> list[Path]:
    """The narrative files of a plan folder (``narrative/*.yaml``), in name order."""
    directory = folder / NARRATIVE_DIR
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.is_file() and _is_yaml(p))


def read_file(path: Path, folder: Path | None = None) -> tuple[str, bytes | None, list[Diagnostic]]:
    """The display path and bytes of a file, or a diagnostic when it cannot be read: an
    unreadable file or folder, a file that is not a regular file (a FIFO would never end), a
    file over the size limit (checked before reading), or, given the plan ``folder``, a link
    that leads outside it (whose target is never shown)."""
    shown = display_path(path)
    if folder is not None and leads_outside(path, folder):
        return shown, None, [error(shown, 1, 1, OUTSIDE_MESSAGE, code="file-outside-plan")]
    try:
        return shown, read_limited(path), []
    except FileTooLarge as exc:
        return shown, None, [error(shown, 1, 1, exc.message, code="file-too-large")]
    except IsADirectoryError:
        message = "cannot read this folder - let g2g read it (for example chmod u+rx)"
        return shown, None, [error(shown, 1, 1, message, code="unreadable")]
    except OSError as exc:
        message = f"cannot read the file: {exc.strerror or exc} - let g2g read it"
        return shown, None, [error(shown, 1, 1, message, code="unreadable")]


OUTSIDE_MESSAGE = (
    "this file is a link to a file outside the plan folder - g2g reads only the plan folder's "
    "own files: copy the file into the plan folder instead of linking to it"
)


def leads_outside(path: Path, folder: Path) -> bool:
    """Whether ``path`` (through any symbolic links) is a file outside ``folder``."""
    try:
        return not path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return True


def file_too_large(size: int) -> str:
    """The message for a plan file of ``size`` bytes, over the limit."""
    return (
        f"file is {over_text(size, MAX_FILE_BYTES)} - split it; the limit is "
        f"{size_text(MAX_FILE_BYTES)}"
    )


class FileTooLarge(OSError):
    """A file over :data:`MAX_FILE_BYTES`, found before reading it."""

    def __init__(self, size: int) -> None:
        self.message = file_too_large(size)
        super().__init__(self.message)


def read_limited(path: Path) -> bytes:
    """A regular file's bytes, refusing (FileTooLarge) one over the size limit by its size
    before reading it, and never reading more than the limit even if it grows meanwhile;
    IsADirectoryError for a folder, OSError for anything that is not a regular file."""
    # O_NONBLOCK: a FIFO put in the file's place after a look at it must not hang the open.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a folder", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise OSError(0, "not a regular file (a device or pipe)", str(path))
        if info.st_size > MAX_FILE_BYTES:
            raise FileTooLarge(info.st_size)
        raw = read_at_most(fd, MAX_FILE_BYTES + 1, info.st_size)
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:
        raise FileTooLarge(len(raw))
    return raw


def read_at_most(fd: int, limit: int, expected: int) -> bytes:
    """At most ``limit`` bytes from ``fd`` (``expected``: its size when last looked at)."""
    chunks: list[bytes] = []
    total = 0
    want = min(expected + 1, limit)
    while total < limit:
        chunk = os.read(fd, min(max(want - total, 65536), limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks) if len(chunks) != 1 else chunks[0]
