"""Render a board paper's view model through Jinja templates, as HTML or Markdown.

Templates are looked up first in the council's ``--templates`` folder, then in the default
``templates/`` folder; the defaults can also be named with a ``g2g/`` prefix, so a council's own
``paper.html.j2`` can say ``{% extends "g2g/paper.html.j2" %}`` and override one block.

Plan text is untrusted. In HTML every value is autoescaped. In Markdown every value printed with
``{{ }}`` passes through :func:`g2g.escape.md_inline` unless a filter already made it safe
(:class:`g2g.escape.MdSafe`), so a narrative can neither break a table (``|``, newlines) nor
start markup (``<script>``, ``# heading``, links, emphasis). Values are never rendered as
templates, so ``{{ }}`` in a narrative is printed as it is. StrictUndefined makes a misspelt
name in a template an error, reported as :class:`g2g.errors.TemplateProblem` with the
template's path and line.
"""

from __future__ import annotations

import functools
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from g2g.errors import TemplateProblem
from g2g.escape import MdSafe, escape_chars, escape_leading, md_cell, md_inline
from g2g.io.limits import JINJA_TEMPLATE, refusal
from g2g.plan.load import display_path
from g2g.plan.markdown import MdBlock, Run
from g2g.report.formats import PaperFormat
from g2g.report.labels import Prose
from g2g.report.overview import Overview
from g2g.report.paper import Paper
from g2g.words import one_line


def _default_templates() -> Path:
    """Where the shipped templates are: inside the installed package (the wheel carries the
    repository's top-level ``templates/`` as ``g2g/templates``), or, in a source checkout or an
    editable install, ``templates/`` at the top of the repository."""
    packaged = Path(__file__).resolve().parents[1] / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates"


DEFAULT_TEMPLATES = _default_templates()
"""The templates shipped with g2g (``templates/`` at the top of the repository)."""

DEFAULT_PREFIX = "g2g"
"""Prefix that always names a default template, even when a council's folder has one of the
same name: ``g2g/paper.html.j2``."""


# --- Markdown escaping (the escaper itself is g2g.escape) ------------------------------------


def md_prose(prose: Prose, cell: bool = True) -> MdSafe:
    """Paragraphs and lists as Markdown: in a table cell joined with ``<br>`` (list items get a
    bullet), otherwise as blocks separated by blank lines."""
    parts: list[str] = []
    for block in prose:
        for item in block.items:
            text = escape_chars(one_line(item))
            if block.is_list:
                parts.append(f"• {text}" if cell else f"- {text}")
            else:
                parts.append(text if cell else escape_leading(text))
    return MdSafe(("<br>" if cell else "\n\n").join(parts))


def _md_finalize(value: object) -> object:
    """Every ``{{ }}`` value of a Markdown template: escaped unless a filter made it safe."""
    if value is None or isinstance(value, MdSafe):
        return value
    return md_inline(value)


def _md_run(run: Run) -> str:
    text = escape_chars(run.text)
    if run.em:
        text = f"_{text}_" if text.strip() == text else text
    if run.strong:
        text = f"**{text}**" if text.strip() == text else text
    if run.href:
        target = run.href.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
        text = f"[{text}]({target})"
    return text


def md_blocks(blocks: Sequence[MdBlock]) -> MdSafe:
    """The officers' Markdown written back as safe Markdown: numbered paragraphs ("**2.1** ..."),
    lists, emphasis and http(s) links; every text escaped."""
    parts: list[str] = []
    for block in blocks:
        items = ["".join(_md_run(r) for r in item) for item in block.items]
        if block.kind == "p":
            text = escape_leading(items[0])
            parts.append(f"{block.number} {text}" if block.number else text)
        elif block.kind == "ol":
            parts.append("\n".join(f"{i}. {t}" for i, t in enumerate(items, start=1)))
        else:
            parts.append("\n".join(f"- {t}" for t in items))
    return MdSafe("\n\n".join(parts))


# --- HTML helpers ----------------------------------------------------------------------------


def _html_run(run: Run) -> str:
    text = str(escape(run.text))
    if run.em:
        text = f"<em>{text}</em>"
    if run.strong:
        text = f"<strong>{text}</strong>"
    if run.href:
        text = f'<a href="{escape(run.href)}">{text}</a>'
    return text


def html_blocks(blocks: Sequence[MdBlock]) -> Markup:
    """The officers' Markdown as HTML: numbered paragraphs, lists, emphasis and http(s) links;
    every text escaped, nothing passed through as markup."""
    parts: list[str] = []
    for block in blocks:
        items = ["".join(_html_run(r) for r in item) for item in block.items]
        if block.kind == "p":
            if block.number:
                number = escape(block.number)
                parts.append(
                    f'<p class="numbered" id="para-{number}"><span class="para-number">'
                    f"{number}</span> {items[0]}</p>"
                )
            else:
                parts.append(f"<p>{items[0]}</p>")
        else:
            tag = block.kind
            parts.append(f"<{tag}>{''.join(f'<li>{t}</li>' for t in items)}</{tag}>")
    return Markup("".join(parts))


def html_prose(prose: Prose) -> Markup:
    """Paragraphs and lists as HTML, every text escaped."""
    parts: list[str] = []
    for block in prose:
        if block.is_list:
            items = "".join(f"<li>{escape(item)}</li>" for item in block.items)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.extend(f"<p>{escape(item)}</p>" for item in block.items)
    return Markup("".join(parts))


# --- environment and rendering ---------------------------------------------------------------


class _Utf8Loader(jinja2.FileSystemLoader):
    """A folder of templates whose files must be UTF-8 text: one that is not is a
    :class:`TemplateProblem` at its line, not a UnicodeDecodeError."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            from jinja2.loaders import split_template_path

            for folder in self.searchpath:
                path = Path(folder).joinpath(*split_template_path(template))
                if path.is_file():
                    break
            before = exc.object[: exc.start]
            line = before.count(b"\n") + 1
            byte = exc.object[exc.start : exc.start + 1].hex().upper()
            raise TemplateProblem(
                _shown(str(path)),
                line,
                f"the template is not UTF-8 text (byte 0x{byte}) - save it with UTF-8 encoding",
            ) from None


def make_environment(fmt: PaperFormat, templates: Path | None = None) -> jinja2.Environment:
    """A sandboxed Jinja environment for ``fmt`` that looks in ``templates`` first, then the
    defaults."""
    default = jinja2.FileSystemLoader(DEFAULT_TEMPLATES)
    loaders: list[jinja2.BaseLoader] = []
    if templates is not None:
        loaders.append(_Utf8Loader(templates))
    loaders.append(jinja2.PrefixLoader({DEFAULT_PREFIX: default}))
    loaders.append(default)
    html = fmt is PaperFormat.html
    # The sandbox: a council's template pack is text from outside, and must not reach Python's
    # internals (``''.__class__.__mro__``) or change the paper's data while it lays it out.
    env = ImmutableSandboxedEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        finalize=None if html else _md_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    filters: dict[str, Callable[..., Any]] = {
        "prose": html_prose if html else md_prose,
        "blocks": html_blocks if html else md_blocks,
        "md": md_inline,
        "md_cell": md_cell,
        "md_prose": md_prose,
        # A macro's output in a Markdown template: its values were escaped when it ran.
        "md_raw": lambda value: MdSafe(str(value)),
    }
    env.filters.update(filters)
    env.globals["include_raw"] = _raw_includer(env)
    return env


@functools.lru_cache(maxsize=8)
def _environment(fmt: PaperFormat, templates: Path | None) -> jinja2.Environment:
    if templates is not None:
        _check_files(templates)
    # One environment per format and folder for the whole run: Jinja keeps compiled templates
    # in its environment (compiling the paper took 80 ms, a paper per plan repeated it), and
    # checks each template file's time stamp, so an edited template is still picked up.
    return make_environment(fmt, templates)


def _check_files(templates: Path) -> None:
    """Every file of a template folder is a regular file within its size limit, checked
    before Jinja reads any (a FIFO would hang it, a huge file fill the memory)."""
    for path in sorted(templates.rglob("*")):
        why = refusal(path, JINJA_TEMPLATE)
        if why:
            raise TemplateProblem(_shown(str(path)), None, why)


def _raw_includer(env: jinja2.Environment) -> Callable[[str], Markup]:
    """``include_raw(name)``: a template file's text as it is, not parsed as a template (for a
    stylesheet, whose braces and ``{#`` must not be read as Jinja)."""

    def include_raw(name: str) -> Markup:
        assert env.loader is not None
        source, _, _ = env.loader.get_source(env, name)
        return Markup(source)

    return include_raw


def render_paper(paper: Paper, fmt: PaperFormat, templates: Path | None = None) -> str:
    """The paper as text; raises :class:`TemplateProblem` for any error in a template."""
    return _render(fmt.template, fmt, templates, paper=paper, format=fmt.value)


def render_overview(overview: Overview, fmt: PaperFormat, templates: Path | None = None) -> str:
    """The overview of many plans as text; raises :class:`TemplateProblem` as render_paper."""
    name = "overview.html.j2" if fmt is PaperFormat.html else "overview.md.j2"
    return _render(name, fmt, templates, overview=overview, format=fmt.value)


def _render(name: str, fmt: PaperFormat, templates: Path | None, **context: object) -> str:
    # Kept per folder for the run, so the key is the folder itself, not a path relative to
    # wherever the process happens to be.
    env = _environment(fmt, templates.absolute() if templates is not None else None)
    folders = [DEFAULT_TEMPLATES] if templates is None else [templates, DEFAULT_TEMPLATES]
    try:
        template = env.get_template(name)
        return template.render(**context)
    except TemplateProblem:
        raise
    except jinja2.TemplateSyntaxError as exc:
        source = exc.filename or exc.name or name
        raise TemplateProblem(_shown(source), exc.lineno, exc.message or "syntax error") from None
    except jinja2.TemplateNotFound as exc:
        where, line = _frame_of(exc, folders)
        raise TemplateProblem(
            _shown(where or name),
            line,
            f"template '{exc.name}' not found in {_search_path(templates)}",
        ) from None
    except Exception as exc:
        path, line = _frame_of(exc, folders)
        if path is None:
            raise  # not from a template: a bug in g2g itself
        raise TemplateProblem(_shown(path), line, _describe(exc)) from None


def _frame_of(exc: BaseException, folders: Sequence[Path]) -> tuple[str | None, int | None]:
    """The innermost template frame of an exception's traceback (Jinja rewrites tracebacks so
    that template frames carry the template's file name and line)."""
    roots = [folder.resolve() for folder in folders]
    found: tuple[str | None, int | None] = (None, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename).resolve()
        if any(path.is_relative_to(root) for root in roots) and path.suffix != ".py":
            found = (frame.filename, frame.lineno)
    return found


def _describe(exc: BaseException) -> str:
    if isinstance(exc, jinja2.UndefinedError):
        return f"{exc.message} - check the name against the paper's fields"
    text = str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if not isinstance(exc, jinja2.TemplateError) else text


def _shown(path: str) -> str:
    return display_path(Path(path)) if not path.startswith("<") else path


def _search_path(templates: Path | None) -> str:
    folders = [templates, DEFAULT_TEMPLATES] if templates else [DEFAULT_TEMPLATES]
    return " and ".join(display_path(f) for f in folders if f is not None)
