"""Findings kept in the cache are used again only while the plan folder is as it was: an
appendix file deleted after a warm run, or a plan file swapped for a link with the same bytes,
is checked again (issue 24: a missing appendix passed validate from the cache)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.helpers import SHIPPED, run_in

APPENDIX = Path("narrative/appendices/ofsted-letter-2019-08-21.md")


def _plan(tmp_path: Path) -> Path:
    folder = tmp_path / "oldham-2019"
    shutil.copytree(SHIPPED / "oldham-2019", folder)
    return folder


def test_a_deleted_appendix_is_an_error_on_a_warm_run(tmp_path: Path) -> None:
    folder = _plan(tmp_path)
    code, out, _ = run_in(tmp_path, "validate", "oldham-2019")
    assert code == 0, out
    (folder / APPENDIX).unlink()
    code, out, _ = run_in(tmp_path, "validate", "oldham-2019")
    assert code == 1
    assert (
        "oldham-2019/narrative/scrutiny-2019-09-10.yaml:351:11: error: appendix file "
        f"'{APPENDIX.as_posix()}' does not exist" in out
    )
    # The paper is refused too, instead of listing the appendix as attached.
    code, out, err = run_in(tmp_path, "report", "oldham-2019", "--format", "markdown")
    assert code == 1
    assert "(attached:" not in out
    assert "cannot make the paper: 1 error" in err


def test_an_appendix_put_back_is_valid_again(tmp_path: Path) -> None:
    folder = _plan(tmp_path)
    kept = (folder / APPENDIX).read_bytes()
    (folder / APPENDIX).unlink()
    assert run_in(tmp_path, "validate", "oldham-2019")[0] == 1
    (folder / APPENDIX).write_bytes(kept)
    code, out, _ = run_in(tmp_path, "validate", "oldham-2019")
    assert (code, out.strip()) == (0, "5 files checked: valid, no problems found")


def test_a_plan_file_swapped_for_a_link_outside_is_checked_again(tmp_path: Path) -> None:
    folder = _plan(tmp_path)
    assert run_in(tmp_path, "validate", "oldham-2019")[0] == 0
    outside = tmp_path / "elsewhere.yaml"
    shutil.copy(folder / "measures.yaml", outside)
    (folder / "measures.yaml").unlink()
    (folder / "measures.yaml").symlink_to(outside)
    code, out, _ = run_in(tmp_path, "validate", "oldham-2019")
    assert code == 1
    assert "oldham-2019/measures.yaml:1:1: error: this file is a link to a file outside" in out
