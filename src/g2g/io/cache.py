"""A cache in the user's cache folder that spares re-reading files that have not changed.

Two kinds of entry, both keyed by the blake2b hash of file contents, of g2g's own source files
(so an edited check or reader never meets an entry an older one wrote) and of the entry format:

* parsed files: the position-annotated values ``g2g.io.yamlread`` built from a file's bytes,
  with the problems found while reading (their path is filled in on the way out). One entry per
  plan folder holds its files by content hash, so an edited file is read again and the others
  are not. Any command that reads a plan uses these.
* plan findings: everything ``g2g validate`` found in a plan folder, keyed also by every file's
  path, content and whether g2g may read it (a file that became a link out of the plan folder
  is another key), and by today's date (some checks compare dates with today). A re-run of
  validate on plans that have not changed reads only these small entries.

Each command keeps what its own re-run needs. ``g2g validate`` keeps findings, and keeps the
parsed files of a folder current only where an entry exists already: it is what CI runs once on
a fresh machine, where storing parsed files would be pure cost. Commands that use the plan's
contents (rag, report) start parsed-file entries, so after one of them, validate after an edit
re-reads only the edited file.

Entries hold data, never code: JSON (read by the standard library's C parser; mappings and lists
that remember their positions are written as JSON objects led by a key no YAML text can hold, a
lone surrogate, and rebuilt by a hook), after a checksum of the entry's name and bytes, so a
damaged entry, or one copied under another name, is a miss.

The one guard (the threat model is in ARCHITECTURE.md): g2g uses only a folder of its own,
which it trusts because nobody else can write in it. The folder is named by an absolute path,
is not a symbolic link (nor reached through another user's link), belongs to the user and is
writable by nobody else, and carries a ``CACHEDIR.TAG`` (https://bford.info/cachedir/) that
g2g wrote for that very folder: an empty folder (or one holding only what an earlier g2g's
cache held, whose entries are never read) is tagged on first use; a non-empty folder
without g2g's tag (``~/.cache``, ``$HOME``, a project folder) or with a tag written for another
folder (a cache copied or committed elsewhere) is refused. A refused folder means one note on
standard error and a run without the cache. Every file is opened without following links and
read only if it is a regular file under :data:`g2g.io.limits.CACHE_ENTRY`'s size.

The cache only ever costs speed: an entry that is missing, damaged or from other code is
treated as absent and written afresh; writes go through a temporary file and a rename
(concurrent runs never see half an entry); a folder that cannot be written is ignored. It is
pruned at most once a day, and pruning deletes only files named the way g2g names its entries,
inside its tagged folder: entries older than :data:`MAX_AGE_DAYS` go, then the oldest until
the folder holds at most :data:`MAX_BYTES`. ``--no-cache`` bypasses it; ``G2G_CACHE_DIR``
moves it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import stat
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from g2g.diagnostics import Diagnostic, Severity
from g2g.io.limits import CACHE_ENTRY

if TYPE_CHECKING:
    # Imported where used: a run answered from the cache never parses YAML.
    from g2g.io.yamlread import YamlDocument

CACHE_ENV = "G2G_CACHE_DIR"
"""Environment variable naming the cache folder instead of the platform's default."""

FORMAT = 3
"""Bumped when the layout of an entry changes (1 was pickles, 2 carried an HMAC)."""

MAX_BYTES = 256 * 1024 * 1024
"""Pruning keeps the newest entries up to this many bytes."""
MAX_AGE_DAYS = 30
"""Pruning deletes entries not written for this many days."""
PRUNE_EVERY_SECONDS = 24 * 3600

TAG_FILE = "CACHEDIR.TAG"
TAG_SIGNATURE = b"Signature: 8a477f597d28d172789f06886806bc55"
"""The first bytes of a cache directory tag (https://bford.info/cachedir/)."""
_TAG_FOLDER = "# g2g cache folder: "
"""Leads the tag's line naming the folder it was written for (its inode number)."""
_STAMP = "pruned.stamp"
_ENTRIES = "entries-3"
_LEGACY = frozenset({"entries", "secret.key", _STAMP})
"""What the folder of an earlier g2g's cache held (format 2, before the tag): such a folder is
tagged and used; its old entries are never read, only pruned."""
_MAGIC = b"G2GC3\n"
_SUM_BYTES = 32
_ENTRY_NAME = re.compile(r"[0-9a-f]{40}\.json")
_TEMPORARY_NAME = re.compile(r"\.[0-9a-z_]{8}\.tmp")
"""How tempfile.mkstemp names a half-written entry (a run stopped while writing one)."""
_SUBFOLDER_NAME = re.compile(r"[0-9a-f]{2}")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_DICT = "\ud800"
"""Leads a JSON object that is a position-annotated mapping (no YAML text holds a surrogate)."""
_LIST = "\udc00"
"""Leads a JSON object that is a position-annotated list."""

Finding = tuple[str, int, int, str, str, str]
"""A diagnostic as stored: path, line, column, severity, message, code."""

ParsedEntry = tuple[Any, list[Finding], bool]
"""A file as read: its values, the problems met reading it, whether it was empty."""

_noted: set[str] = set()


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


@cache
def code_fingerprint() -> str:
    """A hash of the g2g code that is running: every ``.py`` file of the installed package, by
    relative path and content (read once per process; about 0.5 MB)."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    digest = hashlib.blake2b(digest_size=20)
    for relative, path in sorted(_python_files(package, "")):
        digest.update(relative.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
        try:
            with open(path, "rb") as source:
                digest.update(source.read())
        except OSError:
            digest.update(b"\1unreadable")
        digest.update(b"\0")
    return digest.hexdigest()


def _python_files(folder: str, relative: str) -> list[tuple[str, str]]:
    """Every ``.py`` file under ``folder``: (its path from the package, its path)."""
    found: list[tuple[str, str]] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return found
    for entry in entries:
        if entry.is_dir():
            found += _python_files(entry.path, f"{relative}{entry.name}/")
        elif entry.name.endswith(".py"):
            found.append((relative + entry.name, entry.path))
    return found


def _note_once(folder: Path, why: str) -> None:
    text = str(folder)
    if text in _noted:
        return
    _noted.add(text)
    sys.stderr.write(
        f"note: the cache folder {text} is {why} - g2g works without it this time; set "
        f"{CACHE_ENV} to an absolute path of a new or empty folder of your own (g2g makes it "
        "private and tags it), or leave it unset\n"
    )


def _unsafe(info: os.stat_result) -> str | None:
    """Why a cache folder or file with these properties cannot be trusted (None: it can)."""
    if sys.platform == "win32":
        return None
    if info.st_uid != os.getuid():
        return "owned by another user"
    if info.st_mode & 0o022:
        return "writable by other users"
    return None


def _foreign_link(folder: Path) -> str | None:
    """Why the folders above ``folder`` cannot be trusted: one of them is a symbolic link
    another user owns (as one planted in /tmp); None when they can."""
    if sys.platform == "win32":
        return None
    for parent in folder.parents:
        try:
            info = os.lstat(parent)
        except OSError:
            continue  # not there yet: g2g creates it
        if stat.S_ISLNK(info.st_mode) and info.st_uid not in (0, os.getuid()):
            return f"reached through a symbolic link another user owns ({parent})"
    return None


def _open_regular(path: Path, limit: int) -> bytes | None:
    """A regular file's bytes, never following a link, never waiting on a FIFO, and never
    more than ``limit`` bytes; None for anything else (a link, a device, a larger file)."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit or _unsafe(info):
            return None
        from g2g.io.files import read_at_most

        raw = read_at_most(fd, limit + 1, info.st_size)
    except OSError:
        return None
    finally:
        os.close(fd)
    return raw if len(raw) <= limit else None


def _tag_text(info: os.stat_result) -> bytes:
    return (
        TAG_SIGNATURE
        + b"\n# This file is a cache directory tag created by g2g.\n"
        + b"# For information about cache directory tags, see https://bford.info/cachedir/\n"
        + f"{_TAG_FOLDER}{info.st_ino}\n".encode("ascii")
    )


def _claim(folder: Path, info: os.stat_result) -> str | None:
    """Why ``folder`` is not g2g's own cache folder (None: it is, tagged now if it was empty,
    or held only what an earlier g2g's cache held)."""
    tag = folder / TAG_FILE
    for _ in range(100):
        raw = _open_regular(tag, 4096)
        if raw:
            return _claim_tagged(info, raw)
        if raw is None and os.path.lexists(tag):
            return f"not usable: its {TAG_FILE} is not a small regular file of yours"
        if raw is None:
            found = _scan(folder)
            if {e.name for e in found} <= _LEGACY and not any(e.is_symlink() for e in found):
                try:
                    fd = os.open(tag, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
                except FileExistsError:
                    continue  # another g2g run is tagging it
                try:
                    os.write(fd, _tag_text(info))
                finally:
                    os.close(fd)
                return None
            if not os.path.lexists(tag):
                return f"not empty and not tagged as g2g's (no {TAG_FILE} in it)"
            continue  # another g2g run tagged it meanwhile
        time.sleep(0.01)  # an empty tag: another g2g run is writing it
    return f"not usable: its {TAG_FILE} is empty"


def _claim_tagged(info: os.stat_result, raw: bytes) -> str | None:
    if not raw.startswith(TAG_SIGNATURE):
        return f"not usable: its {TAG_FILE} is not a cache directory tag"
    if _tag_text(info) == raw:
        return None
    if _TAG_FOLDER.encode("ascii") in raw:
        return (
            f"a copy of a g2g cache made for another folder (its {TAG_FILE} says so), as a "
            "cache restored or committed to a repository would be"
        )
    return "tagged as the cache of another program"


@dataclass(frozen=True)
class Cache:
    """A cache folder checked to be g2g's own, with the fingerprint of the running code.
    Every method is safe to call whatever state the folder is in: problems with the cache are
    never the user's problem."""

    root: Path
    code: str

    @classmethod
    def default(cls) -> Cache | None:
        """The cache in the user's cache folder (None when it cannot be used)."""
        return cls.at(default_cache_dir())

    @classmethod
    def at(cls, folder: Path) -> Cache | None:
        """The cache under ``folder``, created private and tagged if absent; None (with one
        note on standard error when the reason is safety) if the folder is not g2g's own or
        cannot be made."""
        if not folder.is_absolute():
            _note_once(folder, "a relative path (it would change with the working folder)")
            return None
        why = _foreign_link(folder)
        if why:
            _note_once(folder, why)
            return None
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            info = os.lstat(folder)
        except OSError:
            return None
        if stat.S_ISLNK(info.st_mode):
            _note_once(folder, "a symbolic link")
            return None
        if not stat.S_ISDIR(info.st_mode):
            return None
        why = _unsafe(info)
        if why is None:
            try:
                why = _claim(folder, info)
            except OSError:
                return None
        if why:
            _note_once(folder, why)
            return None
        return cls(folder, code_fingerprint())

    # --- parsed files ---------------------------------------------------------------------

    def parsed_files(self, folder: Path) -> dict[str, ParsedEntry]:
        """What was read earlier from a plan folder's files, by content hash ({} if nothing).

        A folder's files are kept together in one entry: creating a file costs far more than
        writing bytes, and a plan is read as a whole anyway.
        """
        entry = self._load("parsed", _folder_key(folder))
        if not isinstance(entry, dict):
            return {}
        found: dict[str, ParsedEntry] = {}
        for key, value in entry.items():
            if isinstance(value, list) and len(value) == 3:
                parsed = (value[0], _findings(value[1]), value[2])
                if parsed[1] is not None and isinstance(parsed[2], bool):
                    found[key] = parsed  # type: ignore[assignment]
        return found

    def store_parsed_files(self, folder: Path, entries: dict[str, ParsedEntry]) -> None:
        """Keep what was read from a plan folder's files, by content hash."""
        try:
            value = {k: [_encode(v[0]), v[1], v[2]] for k, v in entries.items()}
        except (RecursionError, TypeError):
            return
        self._store("parsed", _folder_key(folder), value)

    # --- findings of a plan folder ----------------------------------------------------------

    def findings(self, key: str) -> list[Diagnostic] | None:
        """What validate found in a plan whose files and date give ``key``; None if unknown."""
        # Findings hold no PosDict: the plain decoder spares a warm validate importing the reader.
        found = _findings(self._load("findings", key, _PLAIN))
        if found is None:
            return None
        return [_diagnostic(f[0], f) for f in found]

    def store_findings(self, key: str, diagnostics: Sequence[Diagnostic]) -> None:
        """Keep what validate found in a plan."""
        self._store("findings", key, [_finding(d) for d in diagnostics])

    # --- storage ------------------------------------------------------------------------------

    def _name(self, kind: str, key: str) -> str:
        text = f"{FORMAT}\0{self.code}\0{kind}\0{key}"
        return content_hash(text.encode("utf-8", errors="surrogatepass"))

    def _file(self, name: str) -> Path:
        return self.root / _ENTRIES / name[:2] / f"{name}.json"

    def _load(self, kind: str, key: str, decoder: json.JSONDecoder | None = None) -> Any:
        name = self._name(kind, key)
        raw = _open_regular(self._file(name), CACHE_ENTRY.max_bytes)
        head = len(_MAGIC) + _SUM_BYTES
        if raw is None or not raw.startswith(_MAGIC) or len(raw) < head:
            return None
        payload = raw[head:]
        if raw[len(_MAGIC) : head] != _checksum(name, payload):
            return None  # damaged, or copied under another name
        try:
            return (decoder or _decoder()).decode(payload.decode("ascii"))
        except (
            ValueError,
            RecursionError,
            IndexError,
            TypeError,
        ):  # any damage to an entry only means a miss
            return None

    def _store(self, kind: str, key: str, value: object) -> None:
        name = self._name(kind, key)
        file = self._file(name)
        try:
            import tempfile  # only writes need it: a warm run never imports it

            payload = json.dumps(value, separators=(",", ":")).encode("ascii")
            if len(_MAGIC) + _SUM_BYTES + len(payload) > CACHE_ENTRY.max_bytes:
                return  # it would never be read back
            file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(_MAGIC)
                    stream.write(_checksum(name, payload))
                    stream.write(payload)
                os.replace(temporary, file)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except (OSError, ValueError, TypeError, RecursionError):
            return
        self.prune()

    def prune(self, *, force: bool = False, now: float | None = None) -> None:
        """Delete old entries (at most once a day unless ``force``): those older than
        MAX_AGE_DAYS, then the oldest until the entries hold at most MAX_BYTES."""
        now = time.time() if now is None else now
        stamp = self.root / _STAMP
        try:
            if not force and now - os.lstat(stamp).st_mtime < PRUNE_EVERY_SECONDS:
                return
        except OSError:
            pass
        try:
            fd = os.open(stamp, os.O_WRONLY | os.O_CREAT | _NOFOLLOW | _NONBLOCK, 0o600)
            try:
                os.utime(fd if os.utime in os.supports_fd else stamp)
            finally:
                os.close(fd)
            prune_folder(self.root, now)
        except OSError:
            return


def prune_folder(root: Path, now: float) -> None:
    """Delete what a g2g cache folder holds beyond its age and size limits. Only files named
    as g2g names its entries (and half-written ones) in its entries folder are ever deleted;
    links are never followed."""
    files: list[tuple[float, int, Path]] = []
    for entries in (root / _ENTRIES, root / "entries"):  # this format's, then format 2's
        files += _entry_files(entries, now)
    total = sum(size for _, size, _ in files)
    for _, size, path in sorted(files):
        if total <= MAX_BYTES:
            break
        path.unlink(missing_ok=True)
        total -= size


def _entry_files(entries: Path, now: float) -> list[tuple[float, int, Path]]:
    """The entries under ``entries`` (time, size, path) once those over the age limit are
    deleted: only regular files named as g2g names entries, in their own subfolder."""
    files: list[tuple[float, int, Path]] = []
    try:
        if not stat.S_ISDIR(os.lstat(entries).st_mode):
            return files  # a link or a file: not g2g's
    except OSError:
        return files
    for sub in _scan(entries):
        if not (_SUBFOLDER_NAME.fullmatch(sub.name) and sub.is_dir(follow_symlinks=False)):
            continue
        for entry in _scan(Path(sub.path)):
            name = entry.name
            ours = (_ENTRY_NAME.fullmatch(name) and name[:2] == sub.name) or (
                _TEMPORARY_NAME.fullmatch(name)
            )
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if not ours or not stat.S_ISREG(info.st_mode):
                continue
            path = Path(entry.path)
            if now - info.st_mtime > MAX_AGE_DAYS * 86400:
                path.unlink(missing_ok=True)
                continue
            files.append((info.st_mtime, info.st_size, path))
    return files


def _scan(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as found:
            return list(found)
    except OSError:
        return []


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


# --- JSON for position-annotated values ------------------------------------------------------


def _encode(value: Any) -> Any:
    """``value`` with every PosDict and PosList turned into a JSON object led by its marker
    key: a mapping's own position, then each key's and value's; a list's own position, then
    each item's, and its items."""
    return _encoder()(value)


@cache
def _encoder() -> Callable[[Any], Any]:
    from g2g.io.yamlread import PosDict, PosList

    chain = itertools.chain.from_iterable
    leaves = (str, int, float, bool, type(None))

    def encode(value: Any) -> Any:
        kind = type(value)
        if kind is PosDict:
            key_pos = value.key_pos
            value_pos = value.value_pos
            flat = [*value.pos, *chain((*key_pos[k], *value_pos[k]) for k in value)]
            out: dict[str, Any] = {_DICT: flat}
            for key, item in value.items():
                out[key] = item if type(item) in leaves else encode(item)
            return out
        if kind is PosList:
            return {
                _LIST: [*value.pos, *chain(value.item_pos)],
                "": [item if type(item) in leaves else encode(item) for item in value],
            }
        if kind in leaves:
            return value
        raise TypeError(f"not a value read from YAML: {kind.__name__}")

    return encode


_PLAIN = json.JSONDecoder()


@cache
def _decoder() -> json.JSONDecoder:
    """A JSON decoder that rebuilds PosDict and PosList from their JSON objects."""
    from g2g.io.yamlread import PosDict, PosList

    new_dict = PosDict.__new__
    new_list = PosList.__new__

    def decode_object(pairs: list[tuple[str, Any]]) -> Any:
        if not pairs:
            return {}
        marker, flat = pairs[0]
        if marker == _DICT:
            mapping = new_dict(PosDict)
            mapping.pos = (flat[0], flat[1])
            del pairs[0]
            mapping.update(pairs)
            keys = list(mapping)
            mapping.key_pos = dict(zip(keys, zip(flat[2::4], flat[3::4], strict=True), strict=True))
            mapping.value_pos = dict(
                zip(keys, zip(flat[4::4], flat[5::4], strict=True), strict=True)
            )
            return mapping
        if marker == _LIST:
            items = new_list(PosList)
            items.pos = (flat[0], flat[1])
            items.extend(pairs[1][1])
            items.item_pos = list(zip(flat[2::2], flat[3::2], strict=True))
            return items
        return dict(pairs)

    return json.JSONDecoder(object_pairs_hook=decode_object)


def _checksum(name: str, payload: bytes) -> bytes:
    """What an entry's header holds to tell a damaged entry, or one copied under another name,
    from a sound one. Not a guard against anyone: nobody else can write in the folder."""
    return hashlib.blake2b(name.encode() + b"\0" + payload, digest_size=_SUM_BYTES).digest()


def _folder_key(folder: Path) -> str:
    return content_hash(str(folder.resolve()).encode("utf-8", errors="surrogatepass"))


def _finding(diagnostic: Diagnostic) -> Finding:
    d = diagnostic
    return (d.path, d.line, d.column, d.severity.value, d.message, d.code)


def _diagnostic(path: str, finding: Finding) -> Diagnostic:
    _, line, column, severity, message, code = finding
    return Diagnostic(path, line, column, Severity(severity), message, code)


def _findings(value: object) -> list[Finding] | None:
    """Stored findings checked for shape (JSON gives lists where tuples were kept)."""
    if not isinstance(value, list):
        return None
    found: list[Finding] = []
    for item in value:
        if not (
            isinstance(item, list)
            and len(item) == 6
            and isinstance(item[0], str)
            and type(item[1]) is int
            and type(item[2]) is int
            and item[3] in ("error", "warning")
            and isinstance(item[4], str)
            and isinstance(item[5], str)
        ):
            return None
        found.append((item[0], item[1], item[2], item[3], item[4], item[5]))
    return found
