"""The plans an editor works on, kept warm: what validate finds in them, with the editor's
unsaved text read in place of the files on disk, and an index of their ids for navigation.

Nothing here speaks the protocol (g2g.lsp.server does) and nothing here writes a file: plans
are read through :class:`g2g.plan.load.Reader` (no cache, so not even g2g's cache is written)
and checked by :func:`g2g.plan.validate.validate_plan`, the very function ``g2g validate``
runs, so the editor shows the same problems at the same places.

Warm: a file's text is parsed once for as long as it stays the same (:class:`OverlayReader`
keeps the parse of each file beside its bytes), so an edit to one progress file re-reads that
file alone; the models and the meaning checks are re-run over the whole plan, since a check
may reach across files (a month outside the plan period, a target of another action).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from g2g.diagnostics import Diagnostic, Severity
from g2g.io.files import (
    FINANCE_FILE,
    MEASURES_FILE,
    NARRATIVE_DIR,
    PLAN_FILE,
    PROGRESS_DIR,
    YAML_SUFFIXES,
    display_path,
    leads_outside,
    plan_file_paths,
    read_file,
)
from g2g.io.yamlread import PosDict, PosList, YamlDocument, read_yaml
from g2g.plan.load import Plan, Reader, load_plan
from g2g.words import one_line

INFORMATION = "information"
"""The severity of a challenge or an evidence request (validate's are error and warning)."""
CHALLENGE = "challenge"
"""The code of "recorded Green, but the evidence gives Red: ..." on an update's rag line."""
EVIDENCE = "evidence-request"
"""The code of "recorded Green while ...: ask for the evidence"."""

_DID_YOU_MEAN = re.compile(r"\(did you mean '([^']+)'\?\)")


@dataclass(frozen=True)
class Note:
    """One problem to show in the editor: validate's diagnostic (or a challenge) at a file."""

    path: Path
    line: int
    """1-based, as validate prints it."""
    column: int
    """1-based, in characters, as validate prints it."""
    severity: str
    """error, warning or information."""
    message: str
    code: str
    fix: str | None = None
    """The "did you mean" replacement validate suggests for the word at the position."""


@dataclass(frozen=True)
class Definition:
    """One thing a plan defines with an id: where, what it is called, what it belongs to."""

    kind: str
    """area, objective, action, target, finding, measure, board or task group."""
    id: str
    path: Path
    line: int
    """1-based line of the id's value."""
    column: int
    """1-based column of the id's value."""
    start: int
    """First line of the whole item (for the outline)."""
    end: int
    """Last line of the whole item."""
    title: str
    parent: str | None = None
    """The id of what holds it (an action's objective, a target's action)."""
    data: Any = None
    """The item as read (a PosDict), for hover."""


@dataclass
class Checked:
    """One plan as last checked: its files' problems and its ids."""

    folder: Path
    plan: Plan
    notes: dict[Path, list[Note]]
    """Every file of the plan (an empty list when it has no problem)."""
    entries: dict[str, list[Definition]] = field(default_factory=dict)
    """Every id the plan defines, in plan order (one id may name several kinds)."""
    lines: dict[Path, int] = field(default_factory=dict)
    """How many lines each file has."""
    paths: dict[str, Path] = field(default_factory=dict)
    """Each file of the plan by the path validate shows for it."""

    def find(self, ident: str, kinds: tuple[str, ...] = ()) -> Definition | None:
        """The first entry named ``ident`` (of one of ``kinds`` when given)."""
        for entry in self.entries.get(ident, []):
            if not kinds or entry.kind in kinds:
                return entry
        return None

    def outline(self, path: Path) -> list[Definition]:
        """The entries defined in ``path``, in file order."""
        found = [e for entries in self.entries.values() for e in entries if e.path == path]
        return sorted(found, key=lambda e: (e.start, e.line))


class OverlayReader(Reader):
    """A :class:`Reader` that reads the editor's unsaved text in place of a file, and keeps the
    parse of each file's bytes (``memo``) so an unchanged file is never parsed twice."""

    def __init__(
        self, overlay: dict[Path, bytes], memo: dict[str, tuple[bytes, YamlDocument]]
    ) -> None:
        super().__init__()
        self.overlay = overlay
        self.memo = memo
        self.used: dict[str, tuple[bytes, YamlDocument]] = {}
        self.raw: dict[Path, bytes] = {}

    def read(self, path: Path) -> YamlDocument:
        """A plan file as the editor holds it (its unsaved text) or, if not open, from disk."""
        raw = self.overlay.get(path)
        if raw is None or (self.folder is not None and leads_outside(path, self.folder)):
            shown, raw, problems = read_file(path, self.folder)
            if raw is None:
                return YamlDocument(shown, None, problems)
        else:
            shown = display_path(path)
        self.raw[path] = raw
        known = self.memo.get(shown)
        if known is None or known[0] != raw:
            known = (raw, read_yaml(shown, raw))
        self.used[shown] = known
        return known[1]


def plan_folder_of(path: Path) -> Path | None:
    """The plan folder a file belongs to: the nearest folder above it holding plan.yaml."""
    for parent in path.parents:
        if (parent / PLAN_FILE).is_file():
            return parent
    return None


def is_plan_file(path: Path, folder: Path) -> bool:
    """Whether g2g reads ``path`` as one of the plan's files (whether or not it is saved)."""
    if path.suffix.lower() not in YAML_SUFFIXES:
        return False
    relative = path.relative_to(folder)
    if len(relative.parts) == 1:
        return relative.name in (PLAN_FILE, MEASURES_FILE, FINANCE_FILE)
    return relative.parts[0] == PROGRESS_DIR or (
        relative.parts[0] == NARRATIVE_DIR and len(relative.parts) == 2
    )


class Workspace:
    """The plans open in the editor: unsaved text by file, and each plan as last checked."""

    def __init__(self, today: dt.date | None = None) -> None:
        self.today = today
        self.overlay: dict[Path, bytes] = {}
        self.checked: dict[Path, Checked] = {}
        self._memo: dict[Path, dict[str, tuple[bytes, YamlDocument]]] = {}

    def set_text(self, path: Path, text: str) -> None:
        """The editor holds ``text`` for ``path`` (opened or changed)."""
        self.overlay[path] = text.encode("utf-8", errors="surrogatepass")

    def close(self, path: Path) -> None:
        """The editor closed ``path``: the file on disk counts again."""
        self.overlay.pop(path, None)

    def forget(self, folder: Path) -> None:
        """Let go of a plan nobody has open."""
        self.checked.pop(folder, None)
        self._memo.pop(folder, None)

    def check(self, folder: Path) -> Checked:
        """Load and check the plan in ``folder`` as the editor holds it (unsaved text first,
        then disk): validate's diagnostics (acknowledged ones left out), and the challenges
        and evidence requests of every progress file open in the editor."""
        from g2g.plan.validate import validate_plan

        reader = OverlayReader(self.overlay, self._memo.get(folder, {}))
        plan = load_plan(folder, reader)
        found = validate_plan(plan, self.today or dt.date.today())
        self._memo[folder] = reader.used  # only the plan's files now: memory stays flat
        files = plan_file_paths(folder)
        shown = {display_path(p): p for p in files}
        notes: dict[Path, list[Note]] = {p: [] for p in files}
        for diagnostic in found:
            if diagnostic.severity is Severity.acknowledged:
                continue
            path = shown.get(diagnostic.path) or Path(os.path.abspath(diagnostic.path))  # noqa: PTH100 - '..' folded, links kept, as the editor names files
            notes.setdefault(path, []).append(_note(path, diagnostic))
        for path, note in _challenges(plan, shown, set(self.overlay)):
            notes.setdefault(path, []).append(note)
        checked = Checked(folder, plan, notes, paths=shown)
        checked.lines = {p: raw.count(b"\n") + 1 for p, raw in reader.raw.items()}
        _index(checked, shown)
        self.checked[folder] = checked
        return checked


def _note(path: Path, diagnostic: Diagnostic) -> Note:
    found = _DID_YOU_MEAN.search(diagnostic.message)
    return Note(
        path,
        diagnostic.line,
        diagnostic.column,
        diagnostic.severity.value,
        diagnostic.message,
        diagnostic.code,
        found.group(1) if found else None,
    )


def _challenges(
    plan: Plan, shown: dict[str, Path], open_files: set[Path]
) -> Iterator[tuple[Path, Note]]:
    """The challenge or evidence request of each rated update in the progress files open in
    the editor, on the update's rag line, as ``g2g rag`` and the board paper give them."""
    from g2g.plan.load import loaded, position, valid_or_none

    valid = valid_or_none(plan)
    if valid is None:
        return
    from g2g.engine.derive import rate_action

    updates = valid.updates()
    known = {action.id for _, _, action in valid.model.actions()}
    for source, progress in loaded(plan.progress):
        path = shown.get(source.path)
        if path is None or path not in open_files:
            continue
        month = progress.month
        for index, update in enumerate(progress.updates):
            if update.rag is None or update.action not in known:
                continue
            try:
                rating = rate_action(valid.model, update.action, updates, month)
            except Exception:  # the plan is half-typed: no challenge until it is whole
                continue
            line, column = position(source.data, "updates", index, "rag")
            if rating.challenge:
                yield path, Note(path, line, column, INFORMATION, rating.challenge, CHALLENGE)
            elif rating.evidence:
                yield path, Note(path, line, column, INFORMATION, rating.evidence, EVIDENCE)


# --- the index of ids -----------------------------------------------------------------------


def _items(node: Any, key: str) -> Iterator[tuple[PosDict, int, int]]:
    """The mappings listed under ``node[key]`` with the first line of each and of the next."""
    items = node.get(key) if isinstance(node, PosDict) else None
    if not isinstance(items, PosList):
        return
    starts = [pos[0] for pos in items.item_pos]
    for index, item in enumerate(items):
        if isinstance(item, PosDict):
            following = starts[index + 1] if index + 1 < len(starts) else None
            yield item, starts[index], following if following is not None else -1


def _text(item: PosDict, key: str) -> str:
    value = item.get(key)
    return one_line(str(value)) if value is not None else ""


class _Indexer:
    def __init__(self, checked: Checked) -> None:
        self.checked = checked

    def add(
        self,
        kind: str,
        item: PosDict,
        path: Path,
        span: tuple[int, int],
        title: str,
        parent: str | None = None,
    ) -> str | None:
        ident = item.get("id")
        if not isinstance(ident, str | int) or isinstance(ident, bool):
            return None
        ident = str(ident)
        line, column = item.value_pos.get("id", item.pos)
        end = span[1] if span[1] > 0 else self.checked.lines.get(path, line)
        entry = Definition(kind, ident, path, line, column, span[0], end, title, parent, item)
        self.checked.entries.setdefault(ident, []).append(entry)
        return ident


def _last_line(end: int, outer: int) -> int:
    """The last line of an item whose next sibling starts at ``end`` (-1: none, use
    ``outer``)."""
    return end - 1 if end > 0 else outer


def _index_areas(indexer: _Indexer, data: Any, path: Path, total: int) -> None:
    """The plan's areas, their objectives, actions and targets, each inside the one above."""
    add = indexer.add
    for area, start, end in _items(data, "areas"):
        area_last = _last_line(end, total)
        area_id = add("area", area, path, (start, area_last), _text(area, "name"))
        for objective, o_start, o_end in _items(area, "objectives"):
            o_last = _last_line(o_end, area_last)
            o_id = add(
                "objective", objective, path, (o_start, o_last), _text(objective, "text"), area_id
            )
            for action, a_start, a_end in _items(objective, "actions"):
                a_last = _last_line(a_end, o_last)
                a_id = add("action", action, path, (a_start, a_last), _text(action, "title"), o_id)
                for target, t_start, t_end in _items(action, "targets"):
                    span = (t_start, _last_line(t_end, a_last))
                    add("target", target, path, span, _text(target, "measure"), a_id)


def _index(checked: Checked, shown: dict[str, Path]) -> None:
    plan = checked.plan
    indexer = _Indexer(checked)
    add = indexer.add
    path = shown.get(plan.path, plan.folder / PLAN_FILE)
    total = checked.lines.get(path, -1)
    data = plan.data
    settings = data.get("plan") if isinstance(data, PosDict) else None
    for board, start, end in _items(settings, "boards"):
        add("board", board, path, (start, _last_line(end, total)), _text(board, "name"))
    for group, start, end in _items(settings, "task_groups"):
        add("task group", group, path, (start, _last_line(end, total)), _text(group, "name"))
    for inspection, start, end in _items(data, "inspections"):
        last = _last_line(end, total)
        owner = add("inspection", inspection, path, (start, last), _text(inspection, "framework"))
        for finding, f_start, f_end in _items(inspection, "findings"):
            span = (f_start, _last_line(f_end, last))
            add("finding", finding, path, span, _text(finding, "text"), owner)
    _index_areas(indexer, data, path, total)
    if plan.measures is not None:
        m_path = shown.get(plan.measures.path, plan.folder / MEASURES_FILE)
        m_total = checked.lines.get(m_path, -1)
        for measure, start, end in _items(plan.measures.data, "measures"):
            add(
                "measure",
                measure,
                m_path,
                (start, _last_line(end, m_total)),
                _text(measure, "name"),
            )
