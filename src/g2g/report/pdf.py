"""The board paper as an A4 PDF, printed from the HTML paper by headless Chromium.

Chromium is a well-kept engine that already prints the paper in the browser test; it lays out
the same HTML and print stylesheet members see (A4, landscape tracker pages, page numbers from
``@page`` margin boxes, NOT FOR PUBLICATION on every page of the private paper), writes a
tagged PDF (``--export-tagged-pdf``) and turns the headings into bookmarks
(``--generate-pdf-document-outline``). Debian's ``chromium`` package provides it
(``.ci/browser-deps.sh`` installs it); ``G2G_CHROMIUM`` names another binary.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_ENV = "G2G_CHROMIUM"
"""Environment variable naming the Chromium (or Chrome) binary to print with."""

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

TIMEOUT_SECONDS = 180


class PdfEngineMissing(Exception):
    """No Chromium to print the PDF with."""


class PdfFailed(Exception):
    """Chromium ran but wrote no PDF."""


def find_chromium() -> str | None:
    """The Chromium binary to use, or None."""
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        return named if Path(named).is_file() or shutil.which(named) else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def missing_message() -> str:
    """What to do when there is no Chromium."""
    return (
        "a PDF paper needs Chromium, and none was found - install Debian's 'chromium' package "
        f"(sudo apt-get install chromium), or set {CHROMIUM_ENV} to a Chromium or Chrome "
        "binary; or write --format html and print it from a browser"
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
                f"{binary} did not finish printing within {TIMEOUT_SECONDS} seconds"
            ) from None
        if not target.is_file() or target.stat().st_size == 0:
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise PdfFailed(f"{binary} wrote no PDF (exit {done.returncode}): {detail[0]}")
        return target.read_bytes()
