"""What the tests share, imported as ``from tests.helpers import ...``: the folders the tests
read, running the CLI in a folder, and the exempt material planted in plans. Fixtures and hooks
stay in conftest.py files, and no test module imports from a conftest.py or from another test
module (tests/test_helpers.py checks both).

A module per theme: ``browser`` (Chromium and axe-core), ``docx`` (the Word paper read back, a
council's template), ``exempt`` (withheld budget figures a reader could work out), ``history``
(Herefordshire's plan in git), ``lsp`` (drives ``g2g lsp`` as an editor does), ``markdown``
(tables read back), ``pdf`` (the PDF paper made and read back), ``rag`` (plans and updates for
the RAG engine) and ``returns`` (update returns filled in as a lead officer does)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from g2g.cli.app import app

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHIPPED = ROOT / "plans"

SECRETS = {
    "section": "SECRET-SECTION-7f3a",
    "analysis": "SECRET-ANALYSIS-91bc",
    "implication": "SECRET-IMPLICATION-2d4e",
    "purpose": "SECRET-PURPOSE-55aa",
    "appendix": "EXEMPT-TEST-APPENDIX-B",
    "update": "SECRET-UPDATE-c0de",
    "measure": "SECRET-MEASURE-beef",
    "budget": "SECRET-BUDGET-f00d",
}
"""The unique strings the report tests plant in every place of a plan that can be exempt
(tests/report/conftest.py's ``exempt_plan``): none may reach a public output."""


def run_in(folder: Path, *args: str) -> tuple[int, str, str]:
    """Run the g2g CLI in ``folder``: exit code, stdout, stderr."""
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(app, list(args))
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stdout, result.stderr


def plant_exempt_appendix(plan: Path, narrative: dict[str, Any]) -> None:
    """Add the invented exempt Appendix B (test material, kept in tests: the shipped plan lists
    only seed 002's appendices) to ``plan``'s narrative values ``narrative``."""
    shutil.copy(
        FIXTURES / "narrative" / "exempt-workforce-cases.md",
        plan / "narrative" / "appendices" / "exempt-workforce-cases.md",
    )
    narrative["appendices"].append(
        {
            "id": "B",
            "title": "Workforce cases behind the Red ratings (invented for g2g's tests)",
            "file": "narrative/appendices/exempt-workforce-cases.md",
            "exempt": 1,
        }
    )
