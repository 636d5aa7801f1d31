"""The codebase's shape as figures: what issue 26 is measured by.

Run from the repository's root (``python benchmarks/code_figures.py``); it prints a Markdown
table of:

- the modules under ``src/g2g`` and their lines, and the largest module;
- the functions above complexity 10 (ruff's mccabe check, C901, counting those kept over it
  with a reasoned ``noqa``);
- the ``model is None`` checks in ``src/``;
- the imports of another module's private names (``from g2g.x import _y``);
- the module circles (strongly connected groups of two or more modules in the import graph,
  imports inside ``if TYPE_CHECKING:`` left out), found with grimp, import-linter's graph.

It reads the source only; nothing is timed.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "g2g"


def modules() -> dict[str, int]:
    """Each module's dotted name and its line count."""
    return {name: len(path.read_text("utf-8").splitlines()) for name, path in module_paths()}


def complex_functions() -> list[str]:
    """The functions ruff's mccabe check finds above complexity 10."""
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--isolated",
            "--select",
            "C901",
            "--ignore-noqa",
            "--config",
            "lint.mccabe.max-complexity = 10",
            "--output-format",
            "json",
            str(SRC),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return [f"{r['filename']}:{r['location']['row']}" for r in json.loads(run.stdout or "[]")]


def model_is_none_checks() -> int:
    """How many times ``src/`` tests a model for ``None``."""
    pattern = re.compile(r"\bmodel is (not )?None\b")
    return sum(len(pattern.findall(p.read_text("utf-8"))) for p in SRC.rglob("*.py"))


def private_names(name: str, tree: ast.Module) -> list[str]:
    """``from g2g.x import _y`` in module ``name``, where ``g2g.x`` is neither ``name`` nor a
    package holding it (a package's own modules may share its private names)."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or not node.module:
            continue
        if not node.module.startswith("g2g") or name == node.module:
            continue
        if name.startswith(node.module + "."):
            continue
        found += [
            f"{name} imports {node.module}.{alias.name}"
            for alias in node.names
            if alias.name.startswith("_") and not alias.name.startswith("__")
        ]
    return found


def module_paths() -> list[tuple[str, Path]]:
    """Every module of g2g, by dotted name, with its file."""
    return [
        (".".join(p.relative_to(SRC.parent).with_suffix("").parts).removesuffix(".__init__"), p)
        for p in sorted(SRC.rglob("*.py"))
    ]


def private_imports() -> list[str]:
    """Every import of another module's private name in g2g."""
    return [
        line
        for name, path in module_paths()
        for line in private_names(name, ast.parse(path.read_text("utf-8")))
    ]


def module_circles() -> list[list[str]]:
    """Groups of modules that import each other, directly or round a circle."""
    import grimp

    graph = grimp.build_graph("g2g", exclude_type_checking_imports=True)
    names = sorted(graph.modules)
    index = {n: i for i, n in enumerate(names)}
    edges = {n: sorted(graph.find_modules_directly_imported_by(n)) for n in names}
    # Tarjan's strongly connected components.
    counter = 0
    low: dict[str, int] = {}
    order: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        nonlocal counter
        order[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in edges[node]:
            if nxt not in index:
                continue
            if nxt not in order:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], order[nxt])
        if low[node] == order[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            # A package and its own modules (g2g.plan importing g2g.plan.x, which imports from
            # g2g.plan) are one unit, not a circle.
            if len({g for g in group if not any(o.startswith(g + ".") for o in group)}) > 1:
                groups.append(sorted(group))

    sys.setrecursionlimit(10_000)
    for name in names:
        if name not in order:
            visit(name)
    return groups


def main() -> None:
    mods = modules()
    largest = max(mods, key=mods.__getitem__)
    over = [f"{m} ({n})" for m, n in sorted(mods.items(), key=lambda x: -x[1]) if n > 800]
    complex_ = complex_functions()
    private = private_imports()
    circles = module_circles()
    print("| figure | value |")
    print("|---|---:|")
    print(f"| modules in src/g2g | {len(mods)} |")
    print(f"| lines in src/g2g | {sum(mods.values())} |")
    print(f"| largest module | {largest} ({mods[largest]} lines) |")
    print(f"| modules over 800 lines | {len(over)} |")
    print(f"| functions above complexity 10 | {len(complex_)} |")
    print(f"| `model is None` checks | {model_is_none_checks()} |")
    print(f"| imports of private names | {len(private)} |")
    print(f"| module circles | {len(circles)} |")
    if "-v" in sys.argv:
        for line in [*over, *complex_, *private, *(" <-> ".join(c) for c in circles)]:
            print(line)


if __name__ == "__main__":
    main()
