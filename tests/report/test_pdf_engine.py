"""Finding the PDF engine: a Chromium-family browser where councils' desktops have one.

Windows desktops have Microsoft Edge (and often Chrome) under Program Files or the user's
LOCALAPPDATA, Macs have them in /Applications, Linux has them on PATH. The tests fake the system
(the ``platform`` and ``environ`` arguments, or ``sys.platform`` through the command line) and
plant browser files in a temporary folder; no browser runs. The message when none is found names
what to install on that system.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.report import pdf
from g2g.report.pdf import CHROMIUM_ENV, find_chromium, installed_browsers, missing_message
from tests.helpers import SHIPPED

runner = CliRunner()
ARGS = ["report", str(SHIPPED / "oldham-2019"), "--month", "2019-08", "--commit", "none"]

FAKE_BROWSER = """#!/bin/sh
# A stand-in browser: writes a tiny PDF where --print-to-pdf= says.
for arg in "$@"; do
  case "$arg" in --print-to-pdf=*) printf '%%PDF-1.4 fake engine\\n' > "${arg#--print-to-pdf=}";;
  esac
done
"""


def plant(path: Path) -> Path:
    """A runnable stand-in browser at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FAKE_BROWSER, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def no_browser_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PATH holds none of the browser commands (only an empty folder)."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv(CHROMIUM_ENV, raising=False)


@pytest.mark.parametrize(
    ("variable", "parts"),
    [
        ("PROGRAMFILES", ("Microsoft", "Edge", "Application", "msedge.exe")),
        ("PROGRAMFILES(X86)", ("Microsoft", "Edge", "Application", "msedge.exe")),
        ("PROGRAMFILES", ("Google", "Chrome", "Application", "chrome.exe")),
        ("PROGRAMFILES(X86)", ("Google", "Chrome", "Application", "chrome.exe")),
        ("LOCALAPPDATA", ("Google", "Chrome", "Application", "chrome.exe")),
    ],
)
@pytest.mark.usefixtures("no_browser_on_path")
def test_windows_finds_edge_and_chrome_where_they_install(
    variable: str, parts: tuple[str, ...], tmp_path: Path
) -> None:
    environ = {
        "PROGRAMFILES": str(tmp_path / "Program Files"),
        "PROGRAMFILES(X86)": str(tmp_path / "Program Files (x86)"),
        "LOCALAPPDATA": str(tmp_path / "AppData" / "Local"),
    }
    assert find_chromium("win32", environ) is None  # nothing planted yet
    browser = plant(Path(environ[variable]).joinpath(*parts))
    assert find_chromium("win32", environ) == str(browser)
    # The same files mean nothing on Linux, where browsers are commands on PATH.
    assert find_chromium("linux", environ) is None


@pytest.mark.usefixtures("no_browser_on_path")
def test_windows_prefers_edge_then_chrome(tmp_path: Path) -> None:
    environ = {"PROGRAMFILES": str(tmp_path / "PF"), "LOCALAPPDATA": str(tmp_path / "LA")}
    chrome = plant(tmp_path / "LA" / "Google" / "Chrome" / "Application" / "chrome.exe")
    assert find_chromium("win32", environ) == str(chrome)
    edge = plant(tmp_path / "PF" / "Microsoft" / "Edge" / "Application" / "msedge.exe")
    assert find_chromium("win32", environ) == str(edge)


@pytest.mark.parametrize(
    ("app_name", "binary"),
    [
        ("Google Chrome.app", "Google Chrome"),
        ("Microsoft Edge.app", "Microsoft Edge"),
        ("Chromium.app", "Chromium"),
    ],
)
@pytest.mark.usefixtures("no_browser_on_path")
def test_macos_finds_the_applications(app_name: str, binary: str, tmp_path: Path) -> None:
    places = installed_browsers("darwin", {"HOME": str(tmp_path)})
    expected = Path("/Applications") / app_name / "Contents" / "MacOS" / binary
    mine = tmp_path / "Applications" / app_name / "Contents" / "MacOS" / binary
    # The machine-wide place is looked at before the user's own Applications folder.
    assert places.index(expected) < places.index(mine)
    if any(p.is_file() for p in places):
        pytest.skip("this machine has a browser in /Applications")
    assert find_chromium("darwin", {"HOME": str(tmp_path)}) is None
    plant(mine)
    assert find_chromium("darwin", {"HOME": str(tmp_path)}) == str(mine)


@pytest.mark.parametrize(
    "command",
    ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge"],
)
@pytest.mark.usefixtures("no_browser_on_path")
def test_linux_finds_the_browser_commands_on_path(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert find_chromium("linux", {}) is None
    browser = plant(tmp_path / "bin" / command)
    monkeypatch.setenv("PATH", str(browser.parent))
    assert find_chromium("linux", {}) == str(browser)


@pytest.mark.usefixtures("no_browser_on_path")
def test_g2g_chromium_names_the_binary(tmp_path: Path) -> None:
    browser = plant(tmp_path / "my browser" / "edge")
    assert find_chromium("win32", {CHROMIUM_ENV: str(browser)}) == str(browser)
    assert find_chromium("linux", {CHROMIUM_ENV: str(tmp_path / "none")}) is None


@pytest.mark.parametrize(
    ("platform", "says", "never"),
    [
        ("win32", ["Microsoft Edge or Google Chrome", "msedge.exe"], ["apt-get", "/Applications"]),
        ("darwin", ["/Applications", "Google Chrome"], ["apt-get", "msedge.exe"]),
        ("linux", ["sudo apt-get install chromium", "dnf"], ["msedge.exe", "/Applications"]),
    ],
)
def test_the_message_says_what_to_install_on_that_system(
    platform: str, says: list[str], never: list[str]
) -> None:
    message = missing_message(platform, {})
    assert message.startswith("a PDF paper needs Chromium, Chrome or Edge, and none was found")
    for words in says:
        assert words in message
    for words in never:
        assert words not in message
    assert CHROMIUM_ENV in message
    assert "--format html" in message


@pytest.mark.skipif(os.name != "posix", reason="the stand-in browser is a shell script")
@pytest.mark.usefixtures("no_browser_on_path")
def test_the_command_line_prints_with_a_browser_found_at_its_windows_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "current_platform", lambda: "win32")
    monkeypatch.setenv("PROGRAMFILES", str(tmp_path / "Program Files"))
    monkeypatch.delenv("PROGRAMFILES(X86)", raising=False)
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    target = tmp_path / "paper.pdf"
    result = runner.invoke(app, [*ARGS, "--format", "pdf", "-o", str(target)])
    assert result.exit_code == 2
    assert "install Microsoft Edge or Google Chrome" in result.stderr
    assert "apt-get" not in result.stderr
    assert not target.exists()

    plant(tmp_path / "Program Files" / "Microsoft" / "Edge" / "Application" / "msedge.exe")
    result = runner.invoke(app, [*ARGS, "--format", "pdf", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes() == b"%PDF-1.4 fake engine\n"
