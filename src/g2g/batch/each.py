"""Many plans, one at a time: check or use each plan folder in a worker, keeping only findings
and small results.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from g2g.batch.pool import available_cores, run_each
from g2g.diagnostics import Diagnostic, sort_diagnostics
from g2g.errors import PlanSkipped, PlanUnusable, SeveralErrors
from g2g.io.cache import Cache, content_hash, findings_key
from g2g.io.files import (
    display_path,
    find_plan_folders,
    folder_link_warning,
    folder_listing,
    leads_outside,
    plan_file_paths,
    read_limited,
    search_plan_folders,
)
from g2g.io.gcpause import gc_paused

if TYPE_CHECKING:
    from g2g.plan.load import LaterPlan, Plan, ValidPlan

# g2g.plan.load and g2g.plan.checks (pydantic models) are imported where a plan is really
# loaded: a re-run whose findings all come from the cache never needs them, and importing them
# would cost more than the rest of that run.
from g2g.plan.validate import errors_of, require_valid, validate_plan


@dataclass
class PlanCheck:
    """What validate found in one plan folder."""

    folder: Path
    files: int
    """How many files were read."""
    diagnostics: list[Diagnostic]
    """Every problem, sorted."""


def check_folder(
    folder: Path, today: dt.date | None = None, cache: Cache | None = None
) -> PlanCheck:
    """Every problem of one plan folder, through the cache when there is one.

    When no file of the plan changed since a run on the same day, the findings come straight
    from the cache; otherwise the plan is loaded (unchanged files from the parsed-file cache)
    and checked, and the findings are kept for next time.
    """
    today = today or dt.date.today()
    paths = plan_file_paths(folder)
    files = _cached_findings(folder, paths, today, cache)
    if files.found is not None:
        return PlanCheck(folder, len(paths), files.found)
    with gc_paused():
        diagnostics = _load_and_check(folder, files, today, cache, create=False)[1]
    if files.key is not None and cache is not None:
        cache.store_findings(files.key, diagnostics)
    return PlanCheck(folder, len(paths), diagnostics)


@dataclass
class _ReadFiles:
    """A plan's files read and hashed to look up its findings, kept for loading on a miss."""

    contents: dict[Path, bytes] = field(default_factory=dict)
    digests: dict[Path, str] = field(default_factory=dict)
    key: str | None = None
    """The findings key; None without a cache or when a file cannot be read (never cached:
    the problem is reported when the plan is loaded)."""
    found: list[Diagnostic] | None = None
    """The findings the cache holds for ``key``."""


def _cached_findings(
    folder: Path, paths: list[Path], today: dt.date, cache: Cache | None
) -> _ReadFiles:
    """Read and hash a plan's files and look up their findings in the cache. A file that is
    not the plan folder's own (a link out of it) has no key: what it holds is never read."""
    files = _ReadFiles()
    if cache is None:
        return files
    shown: list[tuple[str, str]] = []
    for path in paths:
        if leads_outside(path, folder):
            return files  # reported when the plan is loaded
        try:
            raw = read_limited(path)
        except OSError:
            return files  # reported when the plan is loaded
        files.contents[path] = raw
        files.digests[path] = content_hash(raw)
        shown.append((display_path(path), files.digests[path]))
    files.key = plan_findings_key(shown, folder, today)
    files.found = cache.findings(files.key)
    return files


def plan_findings_key(shown: list[tuple[str, str]], folder: Path, today: dt.date) -> str:
    """The cache key of a plan's findings: its files (shown path, content hash), the listing
    of its folder (an appendix deleted, a file swapped for a link) and the day."""
    listing = content_hash(folder_listing(folder).encode("utf-8", "surrogatepass"))
    return findings_key([*shown, ("", listing)], today.isoformat())


def _load_and_check(
    folder: Path, files: _ReadFiles, today: dt.date, cache: Cache | None, *, create: bool = True
) -> tuple[Plan, list[Diagnostic]]:
    plan = _load(folder, files, cache, create=create)
    return plan, validate_plan(plan, today)


def _load(folder: Path, files: _ReadFiles, cache: Cache | None, *, create: bool = True) -> Plan:
    from g2g.plan.load import Reader, load_plan

    return load_plan(folder, Reader(cache, files.contents, files.digests, create=create))


def check_paths(
    paths: list[Path],
    today: dt.date | None = None,
    *,
    cache: Cache | None = None,
    jobs: int | None = None,
    advance: Callable[[int, int], None] | None = None,
) -> Iterator[PlanCheck]:
    """What validate finds in each plan named by ``paths``, in order, one plan at a time.

    Raises UsageError for a bad path before any plan is read. Plans whose findings the cache
    holds are answered here; the others are shared out as :func:`g2g.batch.pool.run_each` says
    (``jobs``, ``advance``).
    """
    search = search_plan_folders(paths)
    links = [PlanCheck(link, 0, [folder_link_warning(link)]) for link in search.links]
    checks = _check_all(search.folders, today or dt.date.today(), cache, jobs, advance)
    return itertools.chain(links, checks) if links else checks


def _check_all(
    folders: list[Path],
    today: dt.date,
    cache: Cache | None,
    jobs: int | None,
    advance: Callable[[int, int], None] | None,
) -> Iterator[PlanCheck]:
    known: dict[Path, PlanCheck] = {}
    if cache is not None:

        def lookup(folder: Path) -> PlanCheck | None:
            paths = plan_file_paths(folder)
            found = _cached_findings(folder, paths, today, cache).found
            return None if found is None else PlanCheck(folder, len(paths), found)

        if len(folders) == 1:  # the everyday case: no threads to start
            checks: Iterable[PlanCheck | None] = [lookup(folders[0])]
        else:
            # Reading and hashing release the GIL, so threads share this out over the cores.
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(max_workers=jobs or available_cores()) as threads:
                checks = list(threads.map(lookup, folders))
        for check in checks:
            if check is not None:
                known[check.folder] = check
    work = partial(check_folder, today=today, cache=cache)
    missed = [folder for folder in folders if folder not in known]
    fresh = run_each(missed, work, jobs=jobs, advance=advance)
    for folder in folders:
        yield known[folder] if folder in known else next(fresh)


R = TypeVar("R")


@dataclass
class PlanOutcome(Generic[R]):
    """What a command made of one plan: its findings, then its result when the plan is valid."""

    check: PlanCheck
    result: R | None = None
    """None when the plan has errors or could not be used."""
    problem: str | None = None
    """Why a valid plan could not be used (a :class:`PlanUnusable` message)."""
    problem_kind: type[PlanUnusable] = PlanUnusable
    """The problem's kind, which decides its exit code (the error itself may not pickle)."""

    @property
    def skipped(self) -> bool:
        """True when ``problem`` is a :class:`PlanSkipped` note (closed, superseded, no data)."""
        return self.problem is not None and issubclass(self.problem_kind, PlanSkipped)


def use_folder(
    folder: Path,
    use: Callable[[ValidPlan, list[Diagnostic]], R],
    today: dt.date | None = None,
    cache: Cache | None = None,
    later: Mapping[Path, LaterPlan] | None = None,
) -> PlanOutcome[R]:
    """Load and check one plan folder and, when it has no errors, ``use(plan, findings)``.
    ``later`` gives the plan that ends it, among the plans of the run (g2g.plan.portfolio)."""
    today = today or dt.date.today()
    with gc_paused():
        # The plan is let go inside the pause: the collector resumes with nothing to scan.
        return _use_folder(folder, use, today, cache, later or {})


def _use_folder(
    folder: Path,
    use: Callable[[ValidPlan, list[Diagnostic]], R],
    today: dt.date,
    cache: Cache | None,
    later: Mapping[Path, LaterPlan],
) -> PlanOutcome[R]:
    paths = plan_file_paths(folder)
    files = _cached_findings(folder, paths, today, cache)
    if files.found is not None:
        # Checked before with nothing changed (same files, day and code): load, do not check.
        plan, diagnostics = _load(folder, files, cache), files.found
    else:
        plan, diagnostics = _load_and_check(folder, files, today, cache)
        if files.key is not None and cache is not None:
            cache.store_findings(files.key, diagnostics)
    plan.later = later.get(folder)
    check = PlanCheck(folder, len(paths), diagnostics)
    if errors_of(diagnostics):
        return PlanOutcome(check)
    from g2g.plan.load import as_valid

    try:
        return PlanOutcome(check, use(as_valid(plan), diagnostics))
    except PlanUnusable as exc:
        return PlanOutcome(check, problem=str(exc), problem_kind=type(exc))


def use_paths(
    paths: list[Path],
    use: Callable[[ValidPlan, list[Diagnostic]], R],
    today: dt.date | None = None,
    *,
    cache: Cache | None = None,
    jobs: int | None = None,
    advance: Callable[[int, int], None] | None = None,
) -> Iterator[PlanOutcome[R]]:
    """:func:`use_folder` for each plan named by ``paths``, in order, one plan at a time.

    Raises UsageError for a bad path before any plan is read. ``use`` must be a module-level
    function (or a partial of one) so that worker processes can receive it; what it returns
    must pickle.
    """
    from g2g.plan.portfolio import later_plans

    folders = find_plan_folders(paths)
    later = later_plans(folders, cache)
    work = partial(use_folder, use=use, today=today or dt.date.today(), cache=cache, later=later)
    return run_each(folders, work, jobs=jobs, advance=advance)


def use_valid_paths(
    paths: list[Path],
    use: Callable[[ValidPlan, list[Diagnostic]], R],
    doing: str,
    today: dt.date | None = None,
    *,
    cache: Cache | None = None,
    jobs: int | None = None,
    advance: Callable[[int, int], None] | None = None,
    notes: list[str] | None = None,
) -> list[R]:
    """``use`` on each plan named by ``paths`` (as :func:`use_paths`), when every plan is valid.

    Among several plans, a plan ``use`` skips (:class:`PlanSkipped`: closed, superseded, no
    data for the month) is left out and its one-line note added to ``notes``; when every plan
    is skipped (one plan given alone, or a month outside every plan), nothing was done and
    each plan's note is raised as a usage error (exit 2).

    Raises UsageError for a bad path; PlanInvalid with the errors of every plan when any has
    errors (warnings do not stop it; ``doing`` completes "cannot ...", e.g. "rate"); and the
    PlanUnusable of each plan ``use`` could not use (SeveralErrors when there are more).
    """
    results: list[R] = []
    found: list[Diagnostic] = []
    problems: list[PlanUnusable] = []
    skipped: list[str] = []
    search = search_plan_folders(paths)
    # the plan folders found, named directly: the folders are not searched a second time
    folders = search.folders
    for outcome in use_paths(folders, use, today, cache=cache, jobs=jobs, advance=advance):
        found.extend(outcome.check.diagnostics)
        if outcome.problem is not None and outcome.skipped:
            skipped.append(outcome.problem)
        elif outcome.problem is not None:
            problems.append(outcome.problem_kind(outcome.problem))
        elif outcome.result is not None:
            results.append(outcome.result)
    require_valid(sort_diagnostics(found), doing)
    if skipped and not results and not problems:
        # Every plan was skipped: nothing was done, and each plan's reason is the error.
        problems.extend(PlanUnusable(note) for note in skipped)
        skipped.clear()
    if notes is not None:
        notes.extend(skipped)
        notes.extend(
            f"{link}: a symbolic link to a plan folder, not followed when a folder is searched "
            "- name it directly to use it"
            for link in search.links
        )
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise SeveralErrors(problems)
    return results
