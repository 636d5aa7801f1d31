"""The formats a board paper is made in (no heavy imports: the CLI reads it to build its
options)."""

from enum import StrEnum


class PaperFormat(StrEnum):
    """The formats a paper is made in, and the template each starts from."""

    html = "html"
    markdown = "markdown"
    docx = "docx"
    """A Word document (python-docx), from the same view model as the HTML."""
    pdf = "pdf"
    """An A4 PDF printed from the HTML paper by headless Chromium."""

    @property
    def template(self) -> str:
        """The name of the paper's template (the PDF prints the HTML; Word has none)."""
        return "paper.md.j2" if self is PaperFormat.markdown else "paper.html.j2"

    @property
    def binary(self) -> bool:
        """Whether the paper is a binary file (Word, PDF) rather than text."""
        return self in (PaperFormat.docx, PaperFormat.pdf)

    @property
    def suffix(self) -> str:
        """The file name's ending."""
        return {"html": "html", "markdown": "md", "docx": "docx", "pdf": "pdf"}[self.value]
