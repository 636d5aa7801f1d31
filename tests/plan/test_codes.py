"""Every diagnostic has a stable code, documented in docs/format.md, and JSON output carries it."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import get_args

import pytest
from pydantic_core.core_schema import ErrorType

from g2g.plan.validate import validate_paths
from tests.helpers import FIXTURES, ROOT, SHIPPED, run_in

SRC = ROOT / "src" / "g2g"
KEBAB = re.compile(r"[a-z]+(-[a-z0-9]+)+")
PYDANTIC_TYPES = set(get_args(ErrorType))


def _documented() -> set[str]:
    return set(re.findall(r"`([a-z_]+(?:-[a-z0-9]+)*)`", (ROOT / "docs" / "format.md").read_text()))


def _codes_in_source() -> dict[str, str]:
    """Every code the source gives a diagnostic: code= keywords, the code argument of error(),
    warning() and the YAML reader's stops, and the named code constants; with where it is."""
    found: dict[str, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(ROOT).as_posix()
        for node in ast.walk(tree):
            values: list[ast.expr] = []
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                values += [k.value for k in node.keywords if k.arg == "code"]
                if name in ("error", "warning") and len(node.args) == 5:
                    values.append(node.args[4])
                if name == "_Stop" and len(node.args) == 4:
                    values.append(node.args[3])
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
                text = node.value.value
                named = bool(names) and names[0].startswith(("YAML_", "MISSING_"))
                if named and isinstance(text, str) and KEBAB.fullmatch(text):
                    values.append(node.value)
            for value in values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found.setdefault(value.value, f"{where}:{node.lineno}")
    return found


def _plan_folders() -> list[Path]:
    return sorted({p.parent for p in FIXTURES.rglob("plan.yaml")} | {SHIPPED / "oldham-2019"})


def test_every_code_in_the_source_is_documented() -> None:
    codes = _codes_in_source()
    assert len(codes) > 50
    missing = {code: where for code, where in codes.items() if code not in _documented()}
    assert missing == {}, "add these codes to docs/format.md"


def test_every_diagnostic_of_every_fixture_has_a_documented_code() -> None:
    documented = _documented()
    seen: set[str] = set()
    for folder in _plan_folders():
        for diagnostic in validate_paths([folder]).diagnostics:
            assert diagnostic.code, diagnostic.format_text()
            seen.add(diagnostic.code)
    assert len(seen) > 30
    for code in seen:
        if KEBAB.fullmatch(code):
            assert code in documented, code
        else:  # a shape error: pydantic's error type
            assert code in PYDANTIC_TYPES, code


@pytest.mark.parametrize("name", ["bad-month", "duplicate-key", "finance-variance-wrong"])
def test_json_output_carries_the_code(name: str, tmp_path: Path) -> None:
    folder = FIXTURES / "invalid" / name
    if not folder.exists():
        pytest.skip(f"no fixture {name}")
    code, out, _ = run_in(tmp_path, "validate", str(folder), "--format", "json")
    assert code == 1
    items = json.loads(out)
    assert items
    assert all(item["code"] for item in items)
    assert {item["code"] for item in items} <= _documented() | PYDANTIC_TYPES
