"""The documentation stays in step with the code."""

from __future__ import annotations

from g2g.plan.fielddocs import field_doc
from g2g.plan.reference import REFERENCE_ORDER, format_reference
from g2g.plan.validate import validate_paths
from tests.helpers import FIXTURES, ROOT


def test_format_reference_in_docs_matches_the_models() -> None:
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    assert format_reference().strip() in text


def test_every_model_field_is_documented() -> None:
    for model in REFERENCE_ORDER:
        for name in model.model_fields:
            assert field_doc(model, name), f"{model.__name__}.{name} has no docstring"


def test_the_documented_example_is_the_valid_fixture_and_is_valid() -> None:
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    minimal = FIXTURES / "valid" / "minimal"
    assert (minimal / "plan.yaml").read_text(encoding="utf-8") in text
    assert (minimal / "progress" / "2019-08.yaml").read_text(encoding="utf-8") in text
    assert validate_paths([minimal]).diagnostics == []


def test_the_size_limits_in_docs_are_the_code_s() -> None:
    from g2g.io.limits import LIMITS, limits_table

    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    assert limits_table() in text, "paste g2g.io.limits.limits_table() into docs/format.md"
    assert len({limit.kind for limit in LIMITS}) == len(LIMITS)
