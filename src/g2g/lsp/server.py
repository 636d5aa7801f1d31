"""The language server: pygls speaks the protocol over stdio, :mod:`g2g.lsp.workspace` knows
the plans.

Every handler is sturdy: whatever the editor sends (half-typed YAML, NUL bytes, an alias
bomb), a handler that meets an unexpected exception logs it to the editor and answers with
nothing, so the server answers every request and carries on. The server reads plan files and
never writes them: a quick fix is an edit the editor applies to its own buffer.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar, cast

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from g2g.io.files import PROGRESS_DIR
from g2g.io.yamlread import PosDict, PosList
from g2g.lsp.workspace import (
    INFORMATION,
    Checked,
    Definition,
    Note,
    Workspace,
    is_plan_file,
    plan_folder_of,
)
from g2g.version import __version__

F = TypeVar("F", bound=Callable[..., Any])

_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    INFORMATION: types.DiagnosticSeverity.Information,
}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""Line breaks as the protocol counts lines (str.splitlines also breaks at \f, \x1c...)."""
_WORD = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")
_KEY_LINE = re.compile(
    r"^(?P<indent>\s*)(?:-\s+)?(?P<key>[A-Za-z_][A-Za-z0-9_]*):\s*(?P<value>.*)$"
)


class G2GServer(LanguageServer):
    """The g2g language server: the plans the editor works on, and what was last published."""

    def __init__(self) -> None:
        super().__init__("g2g", __version__)
        self.plans = Workspace()
        self.published: dict[Path, set[Path]] = {}
        """By plan folder: the files whose diagnostics are not empty in the editor."""

    # --- files ------------------------------------------------------------------------------

    def lines_of(self, path: Path) -> list[str]:
        """The lines of ``path`` as the editor holds it, else as on disk."""
        raw = self.plans.overlay.get(path)
        if raw is None:
            try:
                raw = path.read_bytes()
            except OSError:
                return []
        return _LINE_BREAK.split(raw.decode("utf-8", errors="replace"))

    def checked_for(self, uri: str) -> tuple[Path, Checked] | None:
        """The file a URI names and its plan as last checked (checked now if never)."""
        path = uri_path(uri)
        if path is None:
            return None
        folder = plan_folder_of(path)
        if folder is None:
            return None
        checked = self.plans.checked.get(folder) or self.plans.check(folder)
        return path, checked

    def publish(self, folder: Path) -> None:
        """Check the plan in ``folder`` and publish every file's diagnostics, clearing those
        of files that have none now."""
        checked = self.plans.check(folder)
        before = self.published.get(folder, set())
        now: set[Path] = set()
        codec = self.workspace.position_codec
        for path, notes in checked.notes.items():
            if not notes and path not in before:
                continue
            lines = self.lines_of(path) if notes else []
            found = [to_diagnostic(note, lines, codec) for note in notes]
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=path_uri(path), diagnostics=found)
            )
            if notes:
                now.add(path)
        for path in before - set(checked.notes):
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=path_uri(path), diagnostics=[])
            )
        self.published[folder] = now

    def edited(self, uri: str) -> None:
        """The editor's text of ``uri`` changed (or opened, saved, closed): re-check its plan.
        When the editor holds no file of the plan any more, the plan is let go (its
        diagnostics stay, as they are on disk)."""
        path = uri_path(uri)
        folder = plan_folder_of(path) if path is not None else None
        if path is None or folder is None:
            return
        if path in self.plans.overlay or is_plan_file(path, folder):
            self.publish(folder)
        if not any(open_path.is_relative_to(folder) for open_path in self.plans.overlay):
            self.plans.forget(folder)


def uri_path(uri: str) -> Path | None:
    """The file a ``file:`` URI names (None for any other scheme)."""
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return Path(path) if path else None


def path_uri(path: Path) -> str:
    """The ``file:`` URI of a path."""
    return from_fs_path(str(path)) or path.as_uri()


def token_end(text: str, start: int) -> int:
    """Where the YAML word (key or scalar) starting at ``start`` of ``text`` ends."""
    rest = text[start:]
    if not rest:
        return start
    if rest[0] in "'\"":
        close = rest.find(rest[0], 1)
        return start + (close + 1 if close > 0 else len(rest.rstrip()))
    end = 0
    while end < len(rest):
        char = rest[end]
        following = rest[end + 1 : end + 2]
        if char == ":" and following in ("", " ", "\t"):
            break
        if char in " \t" and following in ("#", ""):
            break
        if char in ",]}":
            break
        end += 1
    end = len(rest[:end].rstrip())
    return start + (end or len(rest.rstrip()))


def to_diagnostic(note: Note, lines: list[str], codec: Any) -> types.Diagnostic:
    """A note as the protocol's diagnostic: the range covers the word at validate's line and
    column, and a "did you mean" fix rides along in ``data`` for the code action."""
    line = max(note.line - 1, 0)
    column = max(note.column - 1, 0)
    text = lines[line] if line < len(lines) else ""
    column = min(column, len(text))
    end = token_end(text, column)
    start_pos = codec.position_to_client_units(lines, types.Position(line, column))
    end_pos = codec.position_to_client_units(lines, types.Position(line, end))
    if line >= len(lines):
        start_pos = end_pos = types.Position(line, 0)
    data = {"fix": note.fix} if note.fix else None
    return types.Diagnostic(
        range=types.Range(start=start_pos, end=end_pos),
        message=note.message,
        severity=_SEVERITY.get(note.severity, types.DiagnosticSeverity.Error),
        code=note.code or None,
        source="g2g",
        data=data,
    )


server = G2GServer()


def sturdy(*, empty: bool = False) -> Callable[[F], F]:
    """Answer nothing (an empty list with ``empty``) instead of failing: the error goes to
    the editor's log."""

    def wrap(handler: F) -> F:
        @functools.wraps(handler)
        def run(ls: G2GServer, params: Any) -> Any:
            try:
                return handler(ls, params)
            except Exception:  # every request is answered, whatever was typed
                message = f"g2g lsp: {handler.__name__} failed:\n{traceback.format_exc()}"
                with contextlib.suppress(Exception):  # the client went away
                    ls.window_log_message(
                        types.LogMessageParams(type=types.MessageType.Error, message=message)
                    )
                return [] if empty else None

        return cast(F, run)

    return wrap


# --- text synchronisation and diagnostics ---------------------------------------------------


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
@sturdy()
def did_open(ls: G2GServer, params: types.DidOpenTextDocumentParams) -> None:
    path = uri_path(params.text_document.uri)
    if path is not None:
        ls.plans.set_text(path, params.text_document.text)
    ls.edited(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
@sturdy()
def did_change(ls: G2GServer, params: types.DidChangeTextDocumentParams) -> None:
    path = uri_path(params.text_document.uri)
    if path is not None:
        document = ls.workspace.get_text_document(params.text_document.uri)
        ls.plans.set_text(path, document.source)
    ls.edited(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
@sturdy()
def did_save(ls: G2GServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.edited(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
@sturdy()
def did_close(ls: G2GServer, params: types.DidCloseTextDocumentParams) -> None:
    path = uri_path(params.text_document.uri)
    if path is not None:
        ls.plans.close(path)
    ls.edited(params.text_document.uri)


# --- navigation -------------------------------------------------------------------------------


def word_at(ls: G2GServer, uri: str, position: types.Position) -> str | None:
    """The id-like word under the cursor."""
    document = ls.workspace.get_text_document(uri)
    lines = document.lines
    if position.line >= len(lines):
        return None
    where = document.position_from_client_units(position)
    text = lines[where.line]
    for match in _WORD.finditer(text):
        if match.start() <= where.character <= match.end():
            return match.group()
    return None


def location(
    ls: G2GServer,
    path: Path,
    line: int,
    column: int,
    length: int,
    read: dict[Path, list[str]] | None = None,
) -> types.Location:
    """A place in a file, from validate's 1-based line and column (``read``: the lines of
    files already read for this answer)."""
    read = {} if read is None else read
    lines = read.get(path)
    if lines is None:
        lines = read[path] = ls.lines_of(path)
    codec = ls.workspace.position_codec
    start = codec.position_to_client_units(lines, types.Position(line - 1, column - 1))
    end = codec.position_to_client_units(lines, types.Position(line - 1, column - 1 + length))
    return types.Location(uri=path_uri(path), range=types.Range(start=start, end=end))


def _month_of_file(checked: Checked, path: Path) -> str | None:
    from g2g.plan.load import loaded

    for source, progress in loaded(checked.plan.progress):
        if checked.paths.get(source.path) == path:
            return progress.month
    return None


def hover_text(checked: Checked, entry: Definition, month: str | None) -> str:
    """What hover shows for an id: what it is, then the facts an officer asks for."""
    data = entry.data if isinstance(entry.data, PosDict) else PosDict()
    lines = [f"{entry.kind} {entry.id}: {entry.title}".rstrip(": ")]
    if entry.kind == "action":
        lines.extend(_action_facts(checked, entry, data, month))
    elif entry.kind == "target":
        lines.extend(_target_facts(entry, data))
    elif entry.kind == "finding":
        lines.append(_finding_facts(checked, entry))
    elif entry.kind == "measure":
        lines.extend(_measure_facts(data))
    elif entry.parent:
        lines.append(f"in {entry.parent}")
    return "\n".join(lines)


def _target_facts(entry: Definition, data: PosDict) -> list[str]:
    unit = data.get("unit")
    facts = [f"target of action {entry.parent}" + (f", in {unit}" if unit else "")]
    for milestone in data.get("milestones") or []:
        if isinstance(milestone, dict):
            facts.append(f"milestone {milestone.get('month')}: {milestone.get('value')}")
    if data.get("kpi"):
        facts.append(f"figures from measure {data.get('kpi')} (measures.yaml)")
    return facts


def _finding_facts(checked: Checked, entry: Definition) -> str:
    answers = [
        e.id
        for entries in checked.entries.values()
        for e in entries
        if e.kind == "action"
        and isinstance(e.data, PosDict)
        and entry.id in (e.data.get("addresses") or [])
    ]
    return "answered by " + (", ".join(answers) if answers else "no action yet")


def _measure_facts(data: PosDict) -> list[str]:
    facts: list[str] = []
    values = data.get("values")
    if isinstance(values, dict) and values:
        latest = max(str(k) for k in values)
        facts.append(f"latest figure: {values.get(latest)} ({latest})")
    if data.get("target") is not None:
        facts.append(f"target: {data.get('target')}")
    return facts


def _action_facts(
    checked: Checked, entry: Definition, data: PosDict, month: str | None
) -> list[str]:
    facts: list[str] = []
    if data.get("lead"):
        facts.append(f"lead: {data.get('lead')}")
    timescale = data.get("timescale")
    if isinstance(timescale, dict):
        due = timescale.get("due") or ("ongoing" if timescale.get("ongoing") else None)
        if due:
            facts.append(f"due: {due}")
    from g2g.plan.load import valid_or_none

    plan = valid_or_none(checked.plan)
    if plan is None:
        return facts
    from g2g.engine.derive import rate_action

    updates = plan.updates()
    rated = [m for m, by_action in updates.items() if entry.id in by_action]
    month = month or (rated[-1] if rated else None)
    if month is None:
        facts.append("no update recorded yet")
        return facts
    rating = rate_action(plan.model, entry.id, updates, month)
    derived = rating.derivation.rating
    facts.append(f"recorded for {month}: {rating.recorded.word}")
    facts.append(f"derived: {derived.word if derived is not None else 'none'}")
    if rating.derivation.reason:
        facts.append(f"reason: {rating.derivation.reason}")
    if rating.challenge:
        facts.append(f"challenge: {rating.challenge}")
    elif rating.evidence:
        facts.append(f"evidence: {rating.evidence}")
    return facts


@server.feature(types.TEXT_DOCUMENT_HOVER)
@sturdy()
def hover(ls: G2GServer, params: types.HoverParams) -> types.Hover | None:
    found = ls.checked_for(params.text_document.uri)
    word = word_at(ls, params.text_document.uri, params.position)
    if found is None or word is None:
        return None
    path, checked = found
    entry = checked.find(word)
    if entry is None:
        return None
    text = hover_text(checked, entry, _month_of_file(checked, path))
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.PlainText, value=text))


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
@sturdy()
def definition(ls: G2GServer, params: types.DefinitionParams) -> types.Location | None:
    found = ls.checked_for(params.text_document.uri)
    word = word_at(ls, params.text_document.uri, params.position)
    if found is None or word is None:
        return None
    entry = found[1].find(word)
    if entry is None:
        return None
    return location(ls, entry.path, entry.line, entry.column, len(entry.id))


def _update_places(checked: Checked, ident: str) -> Iterator[tuple[Path, int, int, int]]:
    """Every update of action ``ident`` (or value of target ``ident``): file, line, column,
    length."""
    for source in checked.plan.progress:
        data = source.data
        updates = data.get("updates") if isinstance(data, PosDict) else None
        if not isinstance(updates, PosList):
            continue
        path = checked.paths.get(source.path, Path(source.path).absolute())
        for update in updates:
            if not isinstance(update, PosDict):
                continue
            if str(update.get("action")) == ident:
                line, column = update.value_pos["action"]
                yield path, line, column, len(ident)
            values = update.get("values")
            if isinstance(values, PosDict) and ident in values:
                line, column = values.key_pos[ident]
                yield path, line, column, len(ident)


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
@sturdy(empty=True)
def references(ls: G2GServer, params: types.ReferenceParams) -> list[types.Location]:
    found = ls.checked_for(params.text_document.uri)
    word = word_at(ls, params.text_document.uri, params.position)
    if found is None or word is None:
        return []
    checked = found[1]
    entry = checked.find(word, ("action", "target"))
    if entry is None:
        return []
    places = list(_update_places(checked, entry.id))
    if params.context.include_declaration:
        places.insert(0, (entry.path, entry.line, entry.column, len(entry.id)))
    read: dict[Path, list[str]] = {}
    return [location(ls, *place, read=read) for place in places]


_SYMBOL_KIND = {
    "area": types.SymbolKind.Namespace,
    "objective": types.SymbolKind.Module,
    "action": types.SymbolKind.Function,
    "target": types.SymbolKind.Field,
    "inspection": types.SymbolKind.Event,
    "finding": types.SymbolKind.String,
    "board": types.SymbolKind.Object,
    "task group": types.SymbolKind.Object,
    "measure": types.SymbolKind.Variable,
}


def _symbol(entry: Definition, children: list[types.DocumentSymbol]) -> types.DocumentSymbol:
    name_at = types.Range(
        start=types.Position(entry.line - 1, max(entry.column - 1, 0)),
        end=types.Position(entry.line - 1, max(entry.column - 1, 0) + len(entry.id)),
    )
    whole = types.Range(
        start=types.Position(min(entry.start, entry.line) - 1, 0),
        end=types.Position(max(entry.end, entry.line), 0),
    )
    return types.DocumentSymbol(
        name=entry.id,
        detail=f"{entry.kind}: {entry.title}"[:200],
        kind=_SYMBOL_KIND.get(entry.kind, types.SymbolKind.Key),
        range=whole,
        selection_range=name_at,
        children=children or None,
    )


def _outline(entries: list[Definition]) -> list[types.DocumentSymbol]:
    """Entries nested by what holds them (areas > objectives > actions > targets)."""
    children: dict[str | None, list[Definition]] = {}
    ids = {e.id for e in entries}
    for entry in entries:
        parent = entry.parent if entry.parent in ids else None
        children.setdefault(parent, []).append(entry)

    def build(entry: Definition, depth: int) -> types.DocumentSymbol:
        below = children.get(entry.id, []) if depth < 6 else []
        return _symbol(entry, [build(e, depth + 1) for e in below if e is not entry])

    return [build(entry, 0) for entry in children.get(None, [])]


def _progress_outline(checked: Checked, path: Path) -> list[types.DocumentSymbol]:
    data = next((s.data for s in checked.plan.progress if checked.paths.get(s.path) == path), None)
    updates = data.get("updates") if isinstance(data, PosDict) else None
    if not isinstance(updates, PosList):
        return []
    out: list[types.DocumentSymbol] = []
    starts = [pos[0] for pos in updates.item_pos]
    for index, update in enumerate(updates):
        if not isinstance(update, PosDict) or "action" not in update:
            continue
        line, column = update.value_pos["action"]
        end = starts[index + 1] - 1 if index + 1 < len(starts) else line
        name = str(update.get("action"))
        out.append(
            types.DocumentSymbol(
                name=name,
                detail=f"update: {update.get('rag') or 'no rating'}",
                kind=types.SymbolKind.Event,
                range=types.Range(
                    start=types.Position(starts[index] - 1, 0), end=types.Position(end, 0)
                ),
                selection_range=types.Range(
                    start=types.Position(line - 1, column - 1),
                    end=types.Position(line - 1, column - 1 + len(name)),
                ),
            )
        )
    return out


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
@sturdy(empty=True)
def document_symbols(
    ls: G2GServer, params: types.DocumentSymbolParams
) -> list[types.DocumentSymbol]:
    found = ls.checked_for(params.text_document.uri)
    if found is None:
        return []
    path, checked = found
    if path.relative_to(checked.folder).parts[0] == PROGRESS_DIR:
        return _progress_outline(checked, path)
    return _outline(checked.outline(path))


# --- completion -------------------------------------------------------------------------------


def _enclosing(lines: list[str], line: int, indent: int) -> tuple[str | None, str | None]:
    """The key of the nearest line above ``line`` indented less than ``indent``, and the action
    id of the update it sits in."""
    parent: str | None = None
    for index in range(line - 1, -1, -1):
        match = _KEY_LINE.match(lines[index])
        if match is None:
            continue
        own = len(match.group("indent"))
        if parent is None and own < indent:
            parent = match.group("key")
            indent = own
        if parent is not None and match.group("key") == "action" and own <= indent:
            return parent, match.group("value").strip().strip("'\"") or None
        if parent is not None and own < indent and lines[index].lstrip().startswith("- "):
            return parent, None
    return parent, None


def _items_for(
    checked: Checked, path: Path, lines: list[str], line: int, before: str
) -> list[tuple[str, str, types.CompletionItemKind]]:
    match = _KEY_LINE.match(before)
    kinds = types.CompletionItemKind
    if match is not None:
        return _items_for_key(checked, match.group("key"))
    indent = len(before) - len(before.lstrip())
    if before.strip() and not re.fullmatch(r"\s*[\w.\-]*", before):
        return []
    parent, action = _enclosing(lines, line, indent)
    if parent == "values" and action is not None:
        return [(e.id, e.title, kinds.Field) for e in _all(checked, "target") if e.parent == action]
    if parent == "values":
        return [(m, "month of the plan", kinds.Value) for m in _months(checked)]
    return []


def _items_for_key(checked: Checked, key: str) -> list[tuple[str, str, types.CompletionItemKind]]:
    """What may follow ``key:`` on its line."""
    from g2g.plan.load import allowed_ratings
    from g2g.plan.model_base import Status

    kinds = types.CompletionItemKind
    if key == "action":
        return [
            (e.id, e.title, kinds.Reference)
            for entries in checked.entries.values()
            for e in entries
            if e.kind == "action"
        ]
    if key == "rag":
        return [(r, "rating", kinds.EnumMember) for r in allowed_ratings(checked.plan.model)]
    if key == "status":
        return [(s.value, "status", kinds.EnumMember) for s in Status]
    if key in ("month", "start", "agreed"):
        return [(m, "month of the plan", kinds.Value) for m in _months(checked)]
    if key == "board":
        return [(e.id, e.title, kinds.Reference) for e in _all(checked, "board")]
    if key in ("addresses", "finding"):
        return [(e.id, e.title, kinds.Reference) for e in _all(checked, "finding")]
    if key == "kpi":
        return [(e.id, e.title, kinds.Reference) for e in _all(checked, "measure")]
    return []


def _all(checked: Checked, kind: str) -> list[Definition]:
    return [e for entries in checked.entries.values() for e in entries if e.kind == kind]


def _months(checked: Checked) -> list[str]:
    from g2g.months import months_between
    from g2g.plan.load import valid_or_none

    plan = valid_or_none(checked.plan)
    if plan is None:
        return []
    period = plan.model.plan.period
    return months_between(period.start, period.end) if period.start <= period.end else []


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=[":", " "]),
)
@sturdy(empty=True)
def completion(ls: G2GServer, params: types.CompletionParams) -> list[types.CompletionItem]:
    found = ls.checked_for(params.text_document.uri)
    if found is None:
        return []
    path, checked = found
    document = ls.workspace.get_text_document(params.text_document.uri)
    lines = [line.rstrip("\r\n") for line in document.lines]
    if params.position.line >= len(lines):
        return []
    where = document.position_from_client_units(params.position)
    before = lines[where.line][: where.character]
    items = _items_for(checked, path, lines, where.line, before)
    seen: set[str] = set()
    out: list[types.CompletionItem] = []
    for index, (label, detail, kind) in enumerate(items):
        if label in seen:
            continue
        seen.add(label)
        out.append(
            types.CompletionItem(
                label=label, detail=detail[:120], kind=kind, sort_text=f"{index:05d}"
            )
        )
    return out


# --- code actions -----------------------------------------------------------------------------


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
@sturdy(empty=True)
def code_actions(ls: G2GServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    out: list[types.CodeAction] = []
    for diagnostic in params.context.diagnostics:
        data = diagnostic.data
        fix = data.get("fix") if isinstance(data, dict) else None
        if diagnostic.source != "g2g" or not isinstance(fix, str) or not fix:
            continue
        edit = types.TextEdit(range=diagnostic.range, new_text=fix)
        out.append(
            types.CodeAction(
                title=f"Change to '{fix}'",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                is_preferred=True,
                edit=types.WorkspaceEdit(changes={params.text_document.uri: [edit]}),
            )
        )
    return out


def main() -> None:
    """Serve over stdin and stdout until the editor says exit. Anything else that would print
    goes to stderr: stdout carries the protocol alone."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr
    server.start_io(stdin, stdout)


__all__ = ["G2GServer", "main", "server"]
