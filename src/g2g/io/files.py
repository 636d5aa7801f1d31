"""Where a plan's files are: finding plan folders and the files g2g reads in each.

Kept apart from loading (and free of pydantic) so that work which only needs to know the files,
such as hashing them for the cache, starts quickly.
"""

from __future__ import annotations

import os
from pathlib import Path

from g2g.diagnostics import Diagnostic, error
from g2g.errors import UsageError

PLAN_FILE = "plan.yaml"
PROGRESS_DIR = "progress"
MEASURES_FILE = "measures.yaml"
FINANCE_FILE = "finance.yaml"
NARRATIVE_DIR = "narrative"
"""The folder of one officers' narrative file per meeting (g2g.plan.narrative)."""
YAML_SUFFIXES = (".yaml", ".yml")


def display_path(path: Path) -> str:
    """A path as people should see it: relative to the working directory where possible."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _is_yaml(path: Path) -> bool:
    return path.suffix.lower() in YAML_SUFFIXES


def find_plan_folders(paths: list[Path]) -> list[Path]:
    """The plan folders named by ``paths``; raises UsageError for a path that names none."""
    folders: list[Path] = []
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder - give a plan folder or plan file")
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
            found = sorted(p.parent for p in path.rglob(PLAN_FILE) if p.is_file())
            if not found:
                raise UsageError(
                    f"{path}: no {PLAN_FILE} in this folder or below it - give a plan folder, "
                    "or create one with 'g2g init'"
                )
            folders.extend(found)
    unique: dict[Path, None] = {}
    for folder in folders:
        unique.setdefault(folder.resolve(), None)
    return [Path(display_path(f)) for f in unique]


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
    return sorted(p for p in directory.rglob("*") if p.is_file() and _is_yaml(p))


def plan_file_paths(folder: Path) -> list[Path]:
    """Every file of a plan folder that g2g reads, in the order they are read."""
    extra = [folder / name for name in (MEASURES_FILE, FINANCE_FILE) if (folder / name).is_file()]
    return [folder / PLAN_FILE, *extra, *progress_files(folder), *narrative_files(folder)]


def narrative_files(folder: Path) -> list[Path]:
    """The narrative files of a plan folder (``narrative/*.yaml``), in name order."""
    directory = folder / NARRATIVE_DIR
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.is_file() and _is_yaml(p))


def read_file(path: Path) -> tuple[str, bytes | None, list[Diagnostic]]:
    """The display path and bytes of a file, or a diagnostic when it cannot be read."""
    shown = display_path(path)
    try:
        return shown, path.read_bytes(), []
    except OSError as exc:
        return shown, None, [error(shown, 1, 1, f"cannot read the file: {exc.strerror}")]
