"""Every plan file g2g accepts passes the JSON Schema ``g2g schema`` emits for its kind, read as
an editor (yaml-language-server) reads it: dates are strings, not dates. A schema that rejects a
valid file puts false red marks in the officer's editor."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from g2g.cli.app import app
from g2g.plan.jsonschema import KINDS
from g2g.plan.load import load_plans
from g2g.plan.validate import validate_paths
from tests.helpers import FIXTURES, SHIPPED


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor's schema check sees it: a date is the string written."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def valid_plan_folders() -> list[Path]:
    candidates = [p.parent for p in SHIPPED.glob("*/plan.yaml")]
    candidates += [
        p.parent
        for p in FIXTURES.rglob("plan.yaml")
        if "invalid" not in p.relative_to(FIXTURES).parts
    ]
    return sorted(candidates)


@cache
def emitted(kind: str) -> jsonschema.Draft202012Validator:
    """The validator for the schema the command line prints for ``kind``."""
    done = CliRunner().invoke(app, ["schema", kind])
    assert done.exit_code == 0, done.stderr
    schema = json.loads(done.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def kind_of(folder: Path, path: Path) -> str:
    relative = path.relative_to(folder)
    if len(relative.parts) > 1:
        return {"progress": "progress", "narrative": "narrative"}[relative.parts[0]]
    return relative.stem


def editor_data(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)


FOLDERS = valid_plan_folders()


def test_the_folders_are_the_shipped_and_fixture_plans() -> None:
    names = {f.name for f in FOLDERS}
    assert {"oldham-2015", "oldham-2019", "oldham-2022", "bradford-2018", "minimal"} <= names
    assert not any("invalid" in f.parts for f in FOLDERS)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.relative_to(p.parents[1]).as_posix())
def test_every_file_of_a_valid_plan_passes_its_schema(folder: Path) -> None:
    assert validate_paths([folder]).errors() == []
    (plan,) = load_plans([folder])
    for name in plan.files:
        path = folder / Path(name).relative_to(Path(plan.path).parent)
        kind = kind_of(folder, path)
        data = editor_data(path)
        errors = [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message[-200:]}"
            for e in emitted(kind).iter_errors(data)
        ]
        assert errors == [], f"{path} against g2g schema {kind}: {errors}"


def test_every_kind_of_plan_file_is_among_them() -> None:
    kinds: set[str] = set()
    for folder in FOLDERS:
        (plan,) = load_plans([folder])
        kinds |= {
            kind_of(folder, folder / Path(n).relative_to(Path(plan.path).parent))
            for n in plan.files
        }
    assert kinds == set(KINDS)


def test_dates_are_strings_to_the_editor_and_the_schema_takes_them() -> None:
    data = editor_data(SHIPPED / "oldham-2019" / "narrative" / "scrutiny-2019-09-10.yaml")
    assert data["meeting"] == "2019-09-10"
    assert list(emitted("narrative").iter_errors(data)) == []
    # The schema still says no to what g2g refuses: prose that is neither text nor a section.
    bad = {**data, "purpose": ["a list"], "sections": {"conclusion": {"title": "No text"}}}
    where = sorted(
        "/".join(map(str, e.absolute_path)) for e in emitted("narrative").iter_errors(bad)
    )
    assert where == ["purpose", "sections/conclusion"]
