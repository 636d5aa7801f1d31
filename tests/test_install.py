"""Installable as users install CLIs: build the wheel and the sdist (the distribution
getting-to-good), install the wheel into a new virtual environment outside the repository, and
run that environment's ``g2g`` on a copy of the shipped plans: validate, and the scrutiny paper
in HTML, Word and PDF. The sdist must build the same wheel.

The wheel is built without build isolation (hatchling is a test dependency) and installed with
``--no-deps``; the new environment finds the dependencies through a ``.pth`` file naming this
environment's site-packages (only that folder: its own ``.pth`` files, such as the editable
install of g2g, are not processed), so the test needs no network and takes seconds. That the
wheel declares every dependency it imports is checked from the wheel's metadata.
"""

from __future__ import annotations

import ast
import email
import importlib.metadata
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT, SHIPPED

pytestmark = pytest.mark.install


def _run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    # PYTHONPATH would put a source tree before the installed package.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The g2g wheel, built once per session from this checkout."""
    out = tmp_path_factory.mktemp("dist")
    done = _run(
        sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
        "--wheel-dir", out, ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (built,) = out.glob("getting_to_good-*.whl")
    return built


@pytest.fixture(scope="session")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment outside the repository with the wheel installed: its bin/."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    assert ROOT not in venv.parents
    done = _run(sys.executable, "-m", "venv", "--without-pip", venv)
    assert done.returncode == 0, done.stderr
    python = venv / "bin" / "python"
    purelib = _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
    here = sysconfig.get_path("purelib")
    (Path(purelib.stdout.strip()) / "g2g_test_deps.pth").write_text(here + "\n")
    done = _run(
        sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
        "--no-index", wheel,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return venv / "bin"


def test_the_installed_g2g_validates_and_makes_the_paper(installed: Path, tmp_path: Path) -> None:
    shutil.copytree(SHIPPED, tmp_path / "plans")
    g2g = installed / "g2g"
    where = _run(installed / "python", "-c", "import g2g; print(g2g.__file__)", cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(installed.parent), where.stdout
    done = _run(g2g, "validate", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("valid, no problems found")
    done = _run(g2g, "report", "--output", "paper.html", "--commit", "none", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    paper = (tmp_path / "paper.html").read_text(encoding="utf-8")
    assert paper.startswith("<!DOCTYPE html>")
    assert "Oldham" in paper and "Amber" in paper
    done = _run(g2g, "report", "--format", "markdown", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# ")
    done = _run(installed / "python", "-m", "g2g", "rag", "--month", "2019-08", cwd=tmp_path)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="session")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The getting-to-good sdist, built once per session from this checkout (PEP 517's
    build_sdist, through hatchling, the build backend)."""
    out = tmp_path_factory.mktemp("sdist")
    build = "import sys, hatchling.build as b; print(b.build_sdist(sys.argv[1]))"
    done = _run(sys.executable, "-c", build, out, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    (built,) = out.glob("getting_to_good-*.tar.gz")
    return built


def test_the_sdist_builds_the_same_wheel(sdist: Path, wheel: Path, tmp_path: Path) -> None:
    from g2g.version import __version__

    assert sdist.name == f"getting_to_good-{__version__}.tar.gz"
    with tarfile.open(sdist) as archive:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            archive.extractall(tmp_path, filter="data")
        else:  # pragma: no cover
            archive.extractall(tmp_path)
    (source,) = tmp_path.iterdir()
    for needed in ("pyproject.toml", "README.md", "CHANGELOG.md", "src/g2g/version.py",
                   "templates/paper.html.j2", "plans/oldham-2019/plan.yaml"):  # fmt: skip
        assert (source / needed).is_file(), needed
    out = tmp_path / "wheel"
    done = _run(
        sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
        "--wheel-dir", out, source,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (again,) = out.glob("getting_to_good-*.whl")
    assert again.name == wheel.name
    with zipfile.ZipFile(again) as one, zipfile.ZipFile(wheel) as other:
        assert sorted(one.namelist()) == sorted(other.namelist())


@pytest.mark.browser
def test_the_installed_g2g_makes_the_scrutiny_paper_in_html_word_and_pdf(
    installed: Path, tmp_path: Path
) -> None:
    shutil.copytree(SHIPPED, tmp_path / "plans")
    args = ["report", "plans/oldham-2019", "--board", "scrutiny", "--commit", "none"]
    starts = {"html": b"<!DOCTYPE html>", "docx": b"PK", "pdf": b"%PDF-"}
    for form, start in starts.items():
        if form == "pdf" and not any(shutil.which(n) for n in ("chromium", "google-chrome")):
            pytest.skip("needs Chromium for the PDF paper - run .ci/browser-deps.sh")
        done = _run(installed / "g2g", *args, "--format", form, "-o", f"paper.{form}", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert (tmp_path / f"paper.{form}").read_bytes().startswith(start), form


def test_the_wheel_carries_the_templates_and_declares_what_it_imports(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        declared = {
            _canonical(line.split(";")[0].split("[")[0].split(">")[0].split("=")[0].split("<")[0])
            for line in email.message_from_string(archive.read(metadata).decode()).get_all(
                "Requires-Dist", []
            )
            if "extra ==" not in line
        }
        sources = {n: archive.read(n).decode() for n in names if n.endswith(".py")}
    shipped = {
        p.relative_to(ROOT / "templates").as_posix() for p in (ROOT / "templates").rglob("*")
    }
    packaged = {n.removeprefix("g2g/templates/") for n in names if n.startswith("g2g/templates/")}
    assert {t for t in shipped if not (ROOT / "templates" / t).is_dir()} <= packaged
    assert "paper.html.j2" in packaged
    distributions = importlib.metadata.packages_distributions()
    imported: set[str] = set()
    for text in sources.values():
        imported |= _runtime_imports(ast.parse(text))
    third_party = {
        name for name in imported if name != "g2g" and name not in sys.stdlib_module_names
    }
    needed = {_canonical(distributions[name][0]) for name in third_party}
    assert needed <= declared, needed - declared


def _runtime_imports(node: ast.AST) -> set[str]:
    """Top-level names of the modules ``node`` imports, leaving out ``if TYPE_CHECKING:``."""
    test = node.test if isinstance(node, ast.If) else None
    if isinstance(node, ast.If) and isinstance(test, ast.Name) and test.id == "TYPE_CHECKING":
        return set().union(*(_runtime_imports(child) for child in node.orelse))
    if isinstance(node, ast.Import):
        return {alias.name.split(".")[0] for alias in node.names}
    if isinstance(node, ast.ImportFrom):
        return {node.module.split(".")[0]} if node.level == 0 and node.module else set()
    return set().union(*(_runtime_imports(child) for child in ast.iter_child_nodes(node)))


def _canonical(name: str) -> str:
    return name.strip().lower().replace("_", "-").replace(".", "-")
