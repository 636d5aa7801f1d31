"""The formats a board paper is made in (no heavy imports: the CLI reads it to build its
options)."""

from enum import StrEnum


class PaperFormat(StrEnum):
    """The formats a paper is rendered in, and the template each starts from."""

    html = "html"
    markdown = "markdown"

    @property
    def template(self) -> str:
        """The name of the paper's template."""
        return "paper.html.j2" if self is PaperFormat.html else "paper.md.j2"
