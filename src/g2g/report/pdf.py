"""The board paper as an A4 PDF, printed from the HTML paper by headless Chromium.

Chromium is a well-kept engine that already prints the paper in the browser test; it lays out
the same HTML and print stylesheet members see (A4, landscape tracker pages, page numbers from
``@page`` margin boxes, NOT FOR PUBLICATION on every page of the private paper), writes a
tagged PDF (``--export-tagged-pdf``) and turns the headings into bookmarks
(``--generate-pdf-document-outline``). Any Chromium-family browser does: Debian's ``chromium``
package (``.ci/browser-deps.sh`` installs it), Google Chrome, or the Microsoft Edge every
Windows desktop has. :func:`find_chromium` looks on PATH, then where Edge and Chrome install on
Windows and macOS; ``G2G_CHROMIUM`` names another binary.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from g2g.errors import PaperNotMade, PlanUnusable

CHROMIUM_ENV = "G2G_CHROMIUM"
"""Environment variable naming the Chromium, Chrome or Edge binary to print with."""

CANDIDATES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
    "microsoft-edge-stable",
)
"""Commands looked up on PATH, on every system (Linux names them so)."""

_WINDOWS_INSTALLS = (
    # (environment variable of the folder, path under it), in the order they are tried.
    ("PROGRAMFILES", ("Microsoft", "Edge", "Application", "msedge.exe")),
    ("PROGRAMFILES(X86)", ("Microsoft", "Edge", "Application", "msedge.exe")),
    ("PROGRAMFILES", ("Google", "Chrome", "Application", "chrome.exe")),
    ("PROGRAMFILES(X86)", ("Google", "Chrome", "Application", "chrome.exe")),
    ("LOCALAPPDATA", ("Google", "Chrome", "Application", "chrome.exe")),
    ("LOCALAPPDATA", ("Microsoft", "Edge", "Application", "msedge.exe")),
    ("LOCALAPPDATA", ("Chromium", "Application", "chrome.exe")),
)
"""Where Edge (part of Windows) and Chrome install themselves, machine-wide or per user."""

_MAC_APPS = (
    ("Google Chrome.app", "Google Chrome"),
    ("Microsoft Edge.app", "Microsoft Edge"),
    ("Chromium.app", "Chromium"),
)
"""The macOS applications that print headless, each with its binary in Contents/MacOS."""


def current_platform() -> str:
    """The system g2g runs on, as ``sys.platform`` names it ("win32", "darwin", "linux")."""
    return sys.platform


TIMEOUT_SECONDS = 180
_FAILED = "cannot print the PDF paper"


class PdfEngineMissing(PlanUnusable):
    """No Chromium to print the PDF with, or it cannot be run (exit code 2: install one, or
    ask for another format)."""


class PdfFailed(PaperNotMade):
    """Chromium ran but wrote no PDF (exit code 1); the message begins "cannot print the PDF
    paper"."""


def installed_browsers(
    platform: str | None = None, environ: Mapping[str, str] | None = None
) -> list[Path]:
    """The places a Chromium-family browser is installed on ``platform`` (``sys.platform`` by
    default), in the order they are tried: Edge and Chrome under Program Files and LOCALAPPDATA
    on Windows, the applications in /Applications and ~/Applications on macOS; nothing on Linux,
    where the browsers are commands on PATH."""
    platform = current_platform() if platform is None else platform
    environ = os.environ if environ is None else environ
    if platform.startswith("win"):
        places = []
        for variable, parts in _WINDOWS_INSTALLS:
            root = environ.get(variable)
            if root:
                places.append(Path(root).joinpath(*parts))
        return places
    if platform == "darwin":
        roots = [Path("/Applications")]
        home = environ.get("HOME")
        if home:
            roots.append(Path(home) / "Applications")
        return [
            root / app / "Contents" / "MacOS" / binary
            for root in roots
            for app, binary in _MAC_APPS
        ]
    return []


def find_chromium(
    platform: str | None = None, environ: Mapping[str, str] | None = None
) -> str | None:
    """The Chromium, Chrome or Edge binary to use, or None: the one ``G2G_CHROMIUM`` names (a
    path or a command), else the first of :data:`CANDIDATES` on PATH, else the first of the
    system's usual install places (:func:`installed_browsers`) that exists."""
    environ = os.environ if environ is None else environ
    named = environ.get(CHROMIUM_ENV)
    if named:
        return named if Path(named).is_file() else shutil.which(named)
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    for place in installed_browsers(platform, environ):
        if place.is_file():
            return str(place)
    return None


def missing_message(platform: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """What to do when there is no Chromium, in the terms of the system g2g runs on."""
    platform = current_platform() if platform is None else platform
    environ = os.environ if environ is None else environ
    named = environ.get(CHROMIUM_ENV)
    if named:
        return (
            f"a PDF paper needs Chromium, Chrome or Edge, and {CHROMIUM_ENV} names '{named}', "
            "which is neither a file nor a command on PATH - set it to the browser's program "
            "file, or unset it to use an installed browser; or write --format html and print "
            "it from a browser"
        )
    if platform.startswith("win"):
        install = (
            "install Microsoft Edge or Google Chrome (g2g looks under Program Files and "
            f"LOCALAPPDATA), or set {CHROMIUM_ENV} to the path of msedge.exe or chrome.exe"
        )
    elif platform == "darwin":
        install = (
            "install Google Chrome, Microsoft Edge or Chromium into /Applications, or set "
            f"{CHROMIUM_ENV} to the program inside the app (for example '/Applications/Google "
            "Chrome.app/Contents/MacOS/Google Chrome')"
        )
    else:
        install = (
            "install Chromium (Debian or Ubuntu: sudo apt-get install chromium; Fedora: sudo "
            f"dnf install chromium) or Google Chrome, or set {CHROMIUM_ENV} to a Chromium, "
            "Chrome or Edge binary"
        )
    return (
        f"a PDF paper needs Chromium, Chrome or Edge, and none was found - {install}; or write "
        "--format html and print it from a browser"
    )


def html_to_pdf(html: str) -> bytes:
    """Print ``html`` (a self-contained page) to PDF bytes with headless Chromium."""
    binary = find_chromium()
    if binary is None:
        raise PdfEngineMissing(missing_message())
    with tempfile.TemporaryDirectory(prefix="g2g-pdf-") as folder:
        page = Path(folder) / "paper.html"
        target = Path(folder) / "paper.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            binary,
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            f"--user-data-dir={Path(folder) / 'profile'}",
            "--no-pdf-header-footer",
            "--generate-pdf-document-outline",
            "--export-tagged-pdf",
            f"--print-to-pdf={target}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
        command.append(page.as_uri())
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except OSError as exc:
            raise PdfEngineMissing(f"cannot run {binary}: {exc.strerror or exc}") from None
        except subprocess.TimeoutExpired:
            raise PdfFailed(
                f"{_FAILED}: {binary} did not finish printing within {TIMEOUT_SECONDS} seconds"
            ) from None
        if not target.is_file() or target.stat().st_size == 0:
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise PdfFailed(
                f"{_FAILED}: {binary} wrote no PDF (exit {done.returncode}): {detail[0]}"
            )
        return target.read_bytes()
