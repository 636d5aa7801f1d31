"""Opening a council's Word template (``--docx-template``) safely.

The template is a file from outside: before python-docx opens it, it is checked against
:data:`g2g.io.limits.WORD_TEMPLATE` from the zip's own directory (a 1.5 MB zip bomb took
3.1 GB), and any way it cannot be read - not a zip, a damaged part, malformed XML - is one
located refusal, ``TEMPLATE: cannot make the Word paper: what is wrong - what would be right``
(exit 2: the template is an argument), never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from g2g.errors import WordTemplateUnusable
from g2g.io.files import display_path
from g2g.io.limits import WORD_TEMPLATE, TooLarge, check_zip


def open_template(template: Path) -> Any:
    """The python-docx Document of ``template``; WordTemplateUnusable when it is over its limits or
    cannot be read."""
    from docx import Document

    shown = display_path(template)
    try:
        check_zip(template, WORD_TEMPLATE)
        return Document(str(template))
    except TooLarge as exc:
        raise WordTemplateUnusable(f"{shown}: cannot make the Word paper: {exc}") from None
    except Exception as exc:  # python-docx and lxml meet hostile bytes: any failure is damage
        raise WordTemplateUnusable(
            f"{shown}: cannot make the Word paper: the template {_what(exc)} - give a .docx "
            "Word document as --docx-template (open it in Word and save it again)"
        ) from None


def _what(exc: Exception) -> str:
    """What is wrong with a template python-docx could not open, in a few words."""
    name = type(exc).__name__
    if name == "XMLSyntaxError":
        return f"holds malformed XML ({str(exc)[:200]})"
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot be read ({exc.strerror})"
    return "is not a Word document or is damaged"
