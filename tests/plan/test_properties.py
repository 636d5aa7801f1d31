"""Property tests: no input makes the loader or validator raise anything but a diagnostic."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from g2g.io.yamlread import read_yaml
from g2g.plan.load import load_plan
from g2g.plan.validate import validate_plan
from tests.helpers import FIXTURES

YAML_PIECES = st.sampled_from(
    [
        "a",
        ":",
        ": ",
        "- ",
        "\n",
        "  ",
        "\t",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&x ",
        "*x",
        "!!str ",
        "!t ",
        "'",
        '"',
        "|",
        ">",
        "#",
        "---",
        "...",
        "? ",
        "0755",
        "2019-08",
        "no",
        "~",
        "é",
        "\x00",
        "\ufeff",
        "%YAML 1.1\n",
    ]
)
yamlish = st.lists(YAML_PIECES, max_size=40).map("".join)

MINIMAL = FIXTURES / "valid" / "minimal"
PLAN_TEXT = (MINIMAL / "plan.yaml").read_text()
PROGRESS_TEXT = (MINIMAL / "progress" / "2019-08.yaml").read_text()


def _check(document_diagnostics: list[object]) -> None:
    for diagnostic in document_diagnostics:
        assert diagnostic.line >= 1  # type: ignore[attr-defined]
        assert diagnostic.column >= 1  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_read_without_raising(raw: bytes) -> None:
    document = read_yaml("f.yaml", raw)
    _check(list(document.diagnostics))


@settings(max_examples=300, deadline=None)
@given(yamlish)
def test_yaml_like_text_reads_without_raising(text: str) -> None:
    document = read_yaml("f.yaml", text.encode("utf-8", errors="surrogatepass"))
    _check(list(document.diagnostics))


def _mutate(text: str, position: int, insert: str, cut: int) -> str:
    position %= len(text) + 1
    return text[:position] + insert + text[position + cut :]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.integers(min_value=0, max_value=10_000),
    yamlish,
    st.integers(min_value=0, max_value=30),
    st.booleans(),
)
def test_mutated_plans_validate_without_raising(
    tmp_path_factory: object, position: int, insert: str, cut: int, in_progress: bool
) -> None:
    folder: Path = tmp_path_factory.mktemp("plan")  # type: ignore[attr-defined]
    shutil.copytree(MINIMAL, folder, dirs_exist_ok=True)
    if in_progress:
        target, text = folder / "progress" / "2019-08.yaml", PROGRESS_TEXT
    else:
        target, text = folder / "plan.yaml", PLAN_TEXT
    target.write_text(
        _mutate(text, position, insert, cut), encoding="utf-8", errors="surrogatepass"
    )
    diagnostics = validate_plan(load_plan(folder))
    _check(list(diagnostics))
    for diagnostic in diagnostics:
        assert diagnostic.path.endswith(".yaml")
