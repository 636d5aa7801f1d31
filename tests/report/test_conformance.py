"""HTML conformance of the board paper, in place of the Nu HTML checker (which needs Java).

html5lib implements the WHATWG parsing algorithm and reports every parse error the standard
defines (the checks the Nu checker makes of the document's syntax: stray end tags, unclosed
elements, bad attributes, duplicate attributes, a missing doctype...). On top of that, the
checks of the document's content a screen reader depends on: ids unique, every id reference
(``href="#..."``, ``aria-labelledby``, ``aria-describedby``, ``headers``, ``for``) resolving,
every form control labelled, every image with a text alternative, the language given, one
``h1``. Public and private papers, for the shipped plan and the fixture plans of other seeds.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

import html5lib
import pytest
from typer.testing import CliRunner

from g2g.cli.app import app
from tests.helpers import FIXTURES, SHIPPED

runner = CliRunner()
PAPERS = [
    (SHIPPED / "oldham-2019", ["--board", "scrutiny", "--month", "2019-08"]),
    (FIXTURES / "plans" / "bradford-2018", []),
    (FIXTURES / "plans" / "oldham-2015", []),
]


def paper(tmp_path: Path, plan: Path, extra: list[str]) -> str:
    target = tmp_path / "paper.html"
    result = runner.invoke(
        app, ["report", str(plan), "--commit", "none", *extra, "-o", str(target)]
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    return target.read_text(encoding="utf-8")


def problems(page: str) -> list[str]:
    """Everything wrong with the page, as readable lines (empty when it conforms)."""
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    root = parser.parse(page)
    lines = page.splitlines()
    found = [
        f"line {line}:{column}: {code} {data} near {lines[line - 1][:80]!r}"
        for (line, column), code, data in parser.errors
    ]
    elements = list(root.iter())
    ids = [e.get("id", "") for e in elements if e.get("id") is not None]
    seen: set[str] = set()
    for ident in ids:
        if not ident or any(c.isspace() for c in ident):
            found.append(f"id {ident!r} is empty or has spaces")
        if ident in seen:
            found.append(f"duplicate id {ident!r}")
        seen.add(ident)
    for element in elements:
        refs = []
        href = element.get("href", "")
        if href.startswith("#") and len(href) > 1:
            refs.append(href[1:])
        for name in ("aria-labelledby", "aria-describedby", "headers"):
            refs += element.get(name, "").split()
        if element.tag == "label" and element.get("for"):
            refs.append(element.get("for", ""))
        found += [f"<{element.tag}> refers to missing id {r!r}" for r in refs if r not in seen]
        if element.tag == "img" and element.get("alt") is None:
            found.append(f"<img src={element.get('src', '')[:40]!r}> has no alt")
        if element.tag in ("input", "select", "textarea") and element.get("type") != "hidden":
            labelled = element.get("aria-label") or element.get("aria-labelledby")
            ident = element.get("id")
            for_it = ident and any(e.tag == "label" and e.get("for") == ident for e in elements)
            if not (labelled or for_it or _inside_label(root, element)):
                found.append(f"<{element.tag}> has no label")
    html = root if root.tag == "html" else root.find("html")
    if html is None or not html.get("lang"):
        found.append("<html> has no lang")
    if sum(1 for e in elements if e.tag == "h1") != 1:
        found.append("the page needs exactly one <h1>")
    title = root.find(".//title")
    if title is None or not (title.text or "").strip():
        found.append("<title> is missing or empty")
    return found


def _inside_label(root: ET.Element, element: ET.Element) -> bool:
    return any(element in label.iter() for label in root.iter("label"))


@pytest.mark.parametrize("private", [False, True], ids=["public", "private"])
@pytest.mark.parametrize(("plan", "extra"), PAPERS, ids=[p.name for p, _ in PAPERS])
def test_board_paper_conforms(tmp_path: Path, plan: Path, extra: list[str], private: bool) -> None:
    page = paper(tmp_path, plan, [*extra, *(["--private"] if private else [])])
    assert problems(page) == []


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("<p>no doctype</p>", "expected-doctype-but-got-start-tag"),
        ("<!DOCTYPE html><html lang=en><title>t</title><h1>a</h1><p>x</b>", "unexpected-end-tag"),
        (
            '<!DOCTYPE html><html lang=en><title>t</title><h1>a</h1><p id="a">1</p><p id="a">2</p>',
            "duplicate id 'a'",
        ),
        (
            '<!DOCTYPE html><html lang=en><title>t</title><h1>a</h1><a href="#gone">x</a>',
            "missing id 'gone'",
        ),
        (
            '<!DOCTYPE html><html lang=en><title>t</title><h1>a</h1><input type="text">',
            "<input> has no label",
        ),
        ("<!DOCTYPE html><html><title>t</title><h1>a</h1>", "<html> has no lang"),
        ('<!DOCTYPE html><html lang=en><title>t</title><h1>a</h1><img src="x.png">', "no alt"),
    ],
)
def test_the_checker_catches_what_it_looks_for(page: str, expected: str) -> None:
    assert any(expected in line for line in problems(page)), problems(page)


def test_a_labelled_control_passes() -> None:
    page = (
        "<!DOCTYPE html><html lang=en><title>t</title><h1>a</h1>"
        '<label for="q">Search</label><input id="q"><label>Name <input></label>'
    )
    assert problems(page) == []
