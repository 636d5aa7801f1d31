"""A small Language Server Protocol client that drives ``g2g lsp`` as an editor does: a
subprocess spoken to over stdin and stdout with Content-Length framed JSON-RPC.

Used by the tests (tests/lsp) and the benchmark (benchmarks/bench_lsp.py), with what the tests
compare its diagnostics to: :func:`validate_notes`, :func:`published`."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from g2g.io.files import plan_file_paths
from tests.helpers import ROOT

TIMEOUT = 60.0
"""Seconds to wait for an answer before a test fails (a hung server, never a slow one)."""


class ServerGone(AssertionError):
    """The server stopped answering or exited."""


class LspClient:
    """One ``g2g lsp`` process and the messages it sent."""

    def __init__(self, cwd: Path, command: list[str] | None = None) -> None:
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        self.process = subprocess.Popen(
            command or [sys.executable, "-m", "g2g", "lsp"],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        self._next_id = 0
        self._responses: dict[int, Any] = {}
        self._notes: queue.Queue[dict[str, Any]] = queue.Queue()
        self._ready = threading.Condition()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        """The latest diagnostics published for each URI."""
        self.published: list[tuple[float, str]] = []
        """When each publishDiagnostics arrived (monotonic time) and for which URI."""
        self.log: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._stderr: list[bytes] = []
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    # --- wire --------------------------------------------------------------------------------

    def _drain_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self._stderr.append(line)

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                header = stream.readline()
                if not header:
                    with self._ready:
                        self._ready.notify_all()
                    return
                header = header.strip()
                if not header:
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value.strip())
            if length is None:
                continue
            message = json.loads(stream.read(length))
            with self._ready:
                if "id" in message and "method" not in message:
                    self._responses[message["id"]] = message
                elif message.get("method") == "textDocument/publishDiagnostics":
                    params = message["params"]
                    self.diagnostics[params["uri"]] = params["diagnostics"]
                    self.published.append((time.monotonic(), params["uri"]))
                elif message.get("method") == "window/logMessage":
                    self.log.append(message["params"]["message"])
                elif "id" in message:  # a request from the server: answer it with nothing
                    self._send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                self._ready.notify_all()

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode("utf-8")
        stream = self.process.stdin
        assert stream is not None
        stream.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stream.flush()

    def notify(self, method: str, params: Any) -> None:
        """Send a notification."""
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = TIMEOUT) -> Any:
        """Send a request and wait for its result; AssertionError on an error answer."""
        self._next_id += 1
        ident = self._next_id
        self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        self.wait(lambda: ident in self._responses, timeout, f"an answer to {method}")
        with self._ready:
            answer = self._responses.pop(ident)
        assert "error" not in answer, answer
        return answer.get("result")

    def wait(self, ready: Callable[[], bool], timeout: float = TIMEOUT, what: str = "") -> None:
        """Wait until ``ready()`` holds."""
        deadline = time.monotonic() + timeout
        with self._ready:
            while not ready():
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    stderr = b"".join(self._stderr).decode("utf-8", "replace")[-3000:]
                    raise ServerGone(f"no {what or 'answer'} from g2g lsp\n{stderr}")
                self._ready.wait(min(left, 0.5))

    # --- the editor's side ---------------------------------------------------------------------

    def initialize(self, root: Path) -> Any:
        """initialize and initialized, as an editor starts a server."""
        result = self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                "capabilities": {
                    "textDocument": {
                        "publishDiagnostics": {"relatedInformation": False},
                        "hover": {"contentFormat": ["plaintext"]},
                        "documentSymbol": {"hierarchicalDocumentSymbolSupport": True},
                    }
                },
            },
        )
        self.notify("initialized", {})
        return result

    def open(self, path: Path, text: str | None = None) -> str:
        """didOpen of a file (its text on disk unless given); returns its URI."""
        uri = path.as_uri()
        self.versions = getattr(self, "versions", {})
        self.versions[uri] = 1
        body = path.read_text(encoding="utf-8") if text is None else text
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": body}},
        )
        return uri

    def change(self, uri: str, text: str) -> None:
        """didChange with the whole new text."""
        self.versions[uri] = self.versions.get(uri, 1) + 1
        self.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": self.versions[uri]},
                "contentChanges": [{"text": text}],
            },
        )

    def edit(self, uri: str, line: int, start: int, end: int, text: str) -> None:
        """didChange of one range of one line (an incremental edit, as editors send)."""
        self.versions[uri] = self.versions.get(uri, 1) + 1
        rng = {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}}
        self.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": self.versions[uri]},
                "contentChanges": [{"range": rng, "text": text}],
            },
        )

    def close(self, uri: str) -> None:
        """didClose."""
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def sync(self) -> None:
        """Wait until the server has handled everything sent so far (it answers in order)."""
        self.request("textDocument/documentSymbol", {"textDocument": {"uri": "untitled:sync"}})

    def at(self, method: str, uri: str, line: int, character: int, **extra: Any) -> Any:
        """A request about one position of a document."""
        params = {
            "textDocument": {"uri": uri},
            "position": {"line": line, "character": character},
            **extra,
        }
        return self.request(method, params)

    def shutdown(self) -> int:
        """shutdown then exit; returns the exit code."""
        self.request("shutdown", None)
        self.notify("exit", None)
        try:
            return self.process.wait(timeout=TIMEOUT)
        finally:
            for stream in (self.process.stdin, self.process.stdout):
                if stream is not None:
                    stream.close()

    def kill(self) -> None:
        """Stop the server if it still runs."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def validate_notes(folder: Path) -> set[tuple[str, int, int, int, str, str]]:
    """What g2g validate finds, as (uri, line, character, severity, code, message), in LSP
    terms (0-based; 1 error, 2 warning); acknowledged warnings left out."""
    from g2g.plan.load import load_plan
    from g2g.plan.validate import validate_plan

    cwd = Path.cwd()
    os.chdir(ROOT)  # validate shows paths relative to where it runs, as the server does
    try:
        found = validate_plan(load_plan(folder))
    finally:
        os.chdir(cwd)
    severity = {"error": 1, "warning": 2}
    return {
        (
            (ROOT / d.path).as_uri(),
            d.line - 1,
            d.column - 1,
            severity[d.severity.value],
            d.code,
            d.message,
        )
        for d in found
        if d.severity.value != "acknowledged"
    }


def published(lsp: LspClient, folder: Path, *, information: bool = False) -> set[Any]:
    """The diagnostics the server published for the files of ``folder``, in the same terms."""
    out = set()
    for path in plan_file_paths(folder):
        for d in lsp.diagnostics.get(path.as_uri(), []):
            if d["severity"] == 3 and not information:
                continue
            start = d["range"]["start"]
            out.add(
                (
                    path.as_uri(),
                    start["line"],
                    start["character"],
                    d["severity"],
                    d["code"],
                    d["message"],
                )
            )
    return out
