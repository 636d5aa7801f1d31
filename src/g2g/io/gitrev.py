"""Reading a file as it was at a git revision, through git itself (``git show REV:path``):
plan repositories are git repositories, and g2g never parses git's own files.

Every failure a person can cause (no git, not a repository, an unknown revision) is a
:class:`GitProblem` with what to do; a file that did not exist at a revision is None.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

from g2g.errors import UsageError
from g2g.words import format_day


class GitProblem(UsageError):
    """git is missing, the folder is not in a repository, or a revision is unknown."""


class ShallowHistory(GitProblem):
    """The repository is a shallow clone (most CI systems' default checkout): its history is cut
    off, so what changed, and when, cannot be seen. Exit code 2, as for every
    :class:`GitProblem`; a report section that compares versions catches it to say why it could
    not check."""


class UntrustedRepository(GitProblem):
    """git refuses to read a repository another user owns (its ``safe.directory`` check)."""


SHALLOW_REMEDY = (
    "fetch the whole history first: 'git fetch --unshallow' (GitHub Actions: actions/checkout "
    "with 'fetch-depth: 0'; GitLab CI: the variable GIT_DEPTH: 0)"
)


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, timeout=60, check=False
        )
    except FileNotFoundError:
        raise GitProblem("git is not installed - install git to compare plan versions") from None
    except subprocess.TimeoutExpired:
        raise GitProblem(f"git took over a minute in {folder} - try again") from None


@dataclass(frozen=True)
class Tracked:
    """A file inside a git repository."""

    root: Path
    """The repository's top folder."""
    path: str
    """The file's path from the top folder, with forward slashes."""


def tracked(file: Path) -> Tracked:
    """Where ``file`` sits in its git repository; GitProblem when it is not in one."""
    folder = file.parent.resolve()
    done = _git(folder, "rev-parse", "--show-toplevel")
    said = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0 and ("safe.directory" in said or "dubious ownership" in said):
        first = said.strip().splitlines()[0].removeprefix("fatal: ")
        remedy = [line.strip() for line in said.splitlines() if "safe.directory" in line]
        command = remedy[0] if remedy else f"git config --global --add safe.directory {folder}"
        raise UntrustedRepository(
            f"{file.parent}: git refuses to read this repository ({first}): it belongs to "
            f"another user - if you trust it, run '{command}' and try again"
        )
    if done.returncode != 0:
        raise GitProblem(
            f"{file.parent}: not inside a git repository - 'g2g changes' compares versions "
            "of a plan kept in git (run 'git init' and commit the plan)"
        )
    root = Path(done.stdout.decode("utf-8").strip())
    return Tracked(root, file.resolve().relative_to(root.resolve()).as_posix())


def require_full_history(where: Tracked) -> None:
    """ShallowHistory when the repository is a shallow clone: an earlier version of a file, the
    commit that last changed it, a commit's parent may all be cut off and look like "new"."""
    done = _git(where.root, "rev-parse", "--is-shallow-repository")
    if done.returncode == 0 and done.stdout.decode("ascii", "replace").strip() == "true":
        raise ShallowHistory(
            f"{where.root} is a shallow clone: its history is cut off, so g2g cannot see what "
            f"changed in {where.path} or when - {SHALLOW_REMEDY}"
        )


def _is_path(text: str) -> bool:
    """Whether a revision the user gave names a file or folder (a plan given in its place)."""
    try:
        return Path(text).exists()
    except (OSError, ValueError):  # a NUL byte, a name too long
        return False


def commit_of(where: Tracked, revision: str) -> str:
    """The full commit id a revision names; GitProblem when there is none."""
    done = _git(where.root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if done.returncode != 0:
        hint = (
            f"; it is a file or folder: give a plan with --plan {revision}"
            if _is_path(revision)
            else ""
        )
        raise GitProblem(
            f"'{revision}' is not a commit of the repository at {where.root} - give a commit, "
            f"branch or tag (see 'git log'){hint}"
        )
    return done.stdout.decode("ascii").strip()


def parent_of(where: Tracked, commit: str) -> str | None:
    """The first parent of a commit; None for the first commit."""
    done = _git(where.root, "rev-parse", "--verify", "--quiet", f"{commit}^")
    return done.stdout.decode("ascii").strip() if done.returncode == 0 else None


def last_change(where: Tracked) -> str:
    """The last commit that touched the file; GitProblem when none has."""
    done = _git(where.root, "log", "-n", "1", "--format=%H", "--", where.path)
    commit = done.stdout.decode("ascii").strip()
    if done.returncode != 0 or not commit:
        raise GitProblem(
            f"{where.path}: no commit has touched it yet - commit the plan, or give revisions "
            "(g2g changes A..B)"
        )
    return commit


def show(where: Tracked, commit: str) -> bytes | None:
    """The file's bytes at a commit; None when it did not exist then."""
    done = _git(where.root, "show", f"{commit}:{where.path}")
    return done.stdout if done.returncode == 0 else None


def commit_line(where: Tracked, commit: str) -> str:
    """A commit in words: short id, date and subject."""
    done = _git(where.root, "show", "-s", "--format=%h (%ad) %s", "--date=short", commit)
    return done.stdout.decode("utf-8", "replace").strip() or commit[:12]


def is_shallow(where: Tracked) -> bool:
    """Whether the repository is a shallow clone (its older commits are not there)."""
    done = _git(where.root, "rev-parse", "--is-shallow-repository")
    return done.returncode == 0 and done.stdout.decode("ascii", "replace").strip() == "true"


def commit_before(where: Tracked, day: dt.date) -> str | None:
    """The last commit of the current branch made on or before ``day`` (its committer date, on
    the machine's clock); None when there is none."""
    done = _git(
        where.root,
        "rev-list",
        "-n",
        "1",
        "--first-parent",
        f"--before={day.isoformat()} 23:59:59",
        "HEAD",
    )
    commit = done.stdout.decode("ascii", "replace").strip()
    return commit if done.returncode == 0 and commit else None


def last_change_of(where: Tracked, path: str) -> str | None:
    """The last commit that touched ``path`` (from the repository's top folder); None when none
    has."""
    done = _git(where.root, "log", "-n", "1", "--format=%H", "--", path)
    commit = done.stdout.decode("ascii", "replace").strip()
    return commit if done.returncode == 0 and commit else None


def commit_words(where: Tracked, commit: str) -> str:
    """A commit as a paper cites it, in words with its 12-character id for the record: "the
    plan as it stood on 3 Sep 2019 (version 3c5b5ca9d0e1)"."""
    done = _git(where.root, "show", "-s", "--format=%ad", "--date=short", commit)
    day = done.stdout.decode("utf-8", "replace").strip()
    try:
        when = format_day(dt.date.fromisoformat(day))
    except ValueError:
        return f"the plan as recorded in version {commit[:12]}"
    return f"the plan as it stood on {when} (version {commit[:12]})"
