"""What each field of a plan model means: the docstring written under it in the source.

The models' field docstrings are the reference documentation (``docs/format.md``, the JSON
Schemas, the comments ``g2g init`` and ``g2g month`` write, the hint in a schema error). pydantic
can read them while it builds each model (``use_attribute_docstrings``), but that re-reads and
re-parses the source of every class and was about a third of the time a cold ``g2g validate``
spent building the models; a valid plan never shows them. So they are read here, when first
asked for: one parse of each module's source, kept for the process.

A field's docstring is the string literal right after its annotation in the class body (as
pydantic reads them); an inherited field has the docstring of the class that declared it.
"""

from __future__ import annotations

import ast
import inspect
import sys
from functools import cache


def field_docs(model: type) -> dict[str, str]:
    """Every documented field of ``model`` (its own and inherited), by name."""
    return dict(_model_docs(model))


def field_doc(model: type, name: str) -> str | None:
    """The docstring of field ``name`` of ``model`` (None when it has none)."""
    return _model_docs(model).get(name)


@cache
def _model_docs(model: type) -> dict[str, str]:
    docs: dict[str, str] = {}
    for klass in reversed(model.__mro__):
        own = vars(klass).get("__annotations__", {})
        if not own or klass.__module__.partition(".")[0] in ("pydantic", "builtins"):
            continue
        written = _module_docs(klass.__module__).get(klass.__qualname__, {})
        for name in own:
            if name in written:
                docs[name] = written[name]
            else:
                docs.pop(name, None)  # declared again without a docstring
    return docs


@cache
def _module_docs(module_name: str) -> dict[str, dict[str, str]]:
    """The field docstrings of every class at the top level of a module, by class name."""
    module = sys.modules.get(module_name)
    try:
        source = inspect.getsource(module) if module is not None else ""
    except (OSError, TypeError):
        return {}
    found: dict[str, dict[str, str]] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef):
            found[node.name] = _class_docs(node)
    return found


def _class_docs(node: ast.ClassDef) -> dict[str, str]:
    docs: dict[str, str] = {}
    previous: ast.stmt | None = None
    for statement in node.body:
        if (
            isinstance(previous, ast.AnnAssign)
            and isinstance(previous.target, ast.Name)
            and isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str)
        ):
            docs[previous.target.id] = inspect.cleandoc(statement.value.value)
        previous = statement
    return docs
