"""A cache in the user's cache folder that spares re-reading files that have not changed.

Two kinds of entry, both keyed by the blake2b hash of file contents and g2g's version, so an
edited file or a new g2g never meets a stale entry:

* parsed files: the position-annotated values ``g2g.yamlread`` built from a file's bytes, with
  the problems found while reading (their path is filled in on the way out). One entry per
  plan folder holds its files by content hash, so an edited file is read again and the others
  are not. Any command that reads a plan uses these.
* plan findings: everything ``g2g validate`` found in a plan folder, keyed also by every file's
  path and content and by today's date (some checks compare dates with today). A re-run of
  validate on plans that have not changed reads only these small entries.

Each command keeps what its own re-run needs. ``g2g validate`` keeps findings, and keeps the
parsed files of a folder current only where an entry exists already: it is what CI runs once on
a fresh machine, where storing parsed files (a third of the time of reading them) would be
pure cost. Commands that use the plan's contents (rag, report) start parsed-file entries, so
after one of them, validate after an edit re-reads only the edited file.

The cache only ever costs speed: an entry that is missing, truncated, corrupt or from another
version is treated as absent and written afresh, writes go through a temporary file and a
rename (concurrent runs never see half an entry), and a cache folder that cannot be written is
ignored. ``--no-cache`` bypasses it; ``G2G_CACHE_DIR`` moves it.

Entries are pickles: reading one back is ~8x faster than parsing the YAML again. A pickle can
run code when loaded, so entries are only ever read from the user's own cache folder, which
only they can write (the same trust as black's and pytest's caches).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from g2g.diagnostics import Diagnostic, Severity
from g2g.version import __version__

if TYPE_CHECKING:
    # Imported where used: a run answered from the cache never parses YAML.
    from g2g.io.yamlread import YamlDocument

CACHE_ENV = "G2G_CACHE_DIR"
"""Environment variable naming the cache folder instead of the platform's default."""

_FORMAT = 1
"""Bumped when the layout of an entry changes, like the version is on every release."""

_CHECK_BYTES = 16

Finding = tuple[str, int, int, str, str, str]
"""A diagnostic as stored: path, line, column, severity, message, code."""

ParsedEntry = tuple[Any, list[Finding], bool]
"""A file as read: its values, the problems met reading it, whether it was empty."""


def default_cache_dir() -> Path:
    """The user's cache folder for g2g: ``$G2G_CACHE_DIR``, else the platform's convention
    (``$XDG_CACHE_HOME/g2g`` or ``~/.cache/g2g``; ``~/Library/Caches/g2g`` on macOS;
    ``%LOCALAPPDATA%\\g2g\\Cache`` on Windows)."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "g2g" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "g2g"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "g2g"


def content_hash(raw: bytes) -> str:
    """The hex digest that names a file's contents in the cache."""
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


@dataclass(frozen=True)
class Cache:
    """The cache folder of one g2g version. Every method is safe to call whatever state the
    folder is in: problems with the cache are never the user's problem."""

    root: Path

    @classmethod
    def default(cls) -> Cache:
        """The cache in the user's cache folder, for this version of g2g."""
        return cls.at(default_cache_dir())

    @classmethod
    def at(cls, folder: Path) -> Cache:
        """The cache for this version of g2g under ``folder``."""
        return cls(folder / f"v{__version__}-{_FORMAT}")

    # --- parsed files ---------------------------------------------------------------------

    def parsed_files(self, folder: Path) -> dict[str, ParsedEntry]:
        """What was read earlier from a plan folder's files, by content hash ({} if nothing).

        A folder's files are kept together in one entry: creating a file costs far more than
        writing bytes, and a plan is read as a whole anyway.
        """
        entry = self._load(self._file("parsed", _folder_key(folder)))
        if not isinstance(entry, dict):
            return {}
        return {k: v for k, v in entry.items() if isinstance(k, str) and _is_parsed(v)}

    def store_parsed_files(self, folder: Path, entries: dict[str, ParsedEntry]) -> None:
        """Keep what was read from a plan folder's files, by content hash."""
        self._store(self._file("parsed", _folder_key(folder)), entries)

    # --- findings of a plan folder ----------------------------------------------------------

    def findings(self, key: str) -> list[Diagnostic] | None:
        """What validate found in a plan whose files and date give ``key``; None if unknown."""
        entry = self._load(self._file("findings", key))
        if not (isinstance(entry, list) and all(_is_finding(f) for f in entry)):
            return None
        return [_diagnostic(f[0], f) for f in entry]

    def store_findings(self, key: str, diagnostics: Sequence[Diagnostic]) -> None:
        """Keep what validate found in a plan."""
        self._store(self._file("findings", key), [_finding(d) for d in diagnostics])

    # --- storage ------------------------------------------------------------------------------

    def _file(self, kind: str, name: str) -> Path:
        return self.root / kind / f"{name}.pickle"

    def _load(self, file: Path) -> Any:
        try:
            raw = file.read_bytes()
        except OSError:
            return None
        check, payload = raw[:_CHECK_BYTES], raw[_CHECK_BYTES:]
        if len(check) != _CHECK_BYTES or _checksum(payload) != check:
            return None
        try:
            return pickle.loads(payload)
        except Exception:  # any damage to an entry only means a miss
            return None

    def _store(self, file: Path, value: object) -> None:
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            file.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(_checksum(payload))
                    stream.write(payload)
                os.replace(temporary, file)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except (OSError, pickle.PicklingError, RecursionError):
            return


def findings_key(files: Sequence[tuple[str, str]], today: str) -> str:
    """The key of a plan's findings: each file's shown path and content hash, and the date."""
    text = "\n".join(f"{path}\0{digest}" for path, digest in files) + f"\n{today}"
    return content_hash(text.encode("utf-8", errors="surrogatepass"))


def parsed_entry(document: YamlDocument) -> ParsedEntry:
    """A document as the cache keeps it (its path is given back when it is used)."""
    return (document.data, [_finding(d) for d in document.diagnostics], document.empty)


def parsed_document(path: str, entry: ParsedEntry) -> YamlDocument:
    """The document a cache entry holds, shown as ``path``."""
    from g2g.io.yamlread import YamlDocument

    data, findings, empty = entry
    return YamlDocument(path, data, [_diagnostic(path, f) for f in findings], empty=empty)


def _folder_key(folder: Path) -> str:
    return content_hash(str(folder.resolve()).encode("utf-8", errors="surrogatepass"))


def _checksum(payload: bytes) -> bytes:
    # A flipped bit inside a string would still unpickle; the checksum turns it into a miss.
    return hashlib.blake2b(payload, digest_size=_CHECK_BYTES).digest()


def _finding(diagnostic: Diagnostic) -> Finding:
    d = diagnostic
    return (d.path, d.line, d.column, d.severity.value, d.message, d.code)


def _diagnostic(path: str, finding: Finding) -> Diagnostic:
    _, line, column, severity, message, code = finding
    return Diagnostic(path, line, column, Severity(severity), message, code)


def _is_finding(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 6
        and isinstance(value[0], str)
        and isinstance(value[1], int)
        and isinstance(value[2], int)
        and value[3] in ("error", "warning")
        and isinstance(value[4], str)
        and isinstance(value[5], str)
    )


def _is_parsed(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 3
        and isinstance(value[1], list)
        and all(_is_finding(f) for f in value[1])
        and isinstance(value[2], bool)
    )
