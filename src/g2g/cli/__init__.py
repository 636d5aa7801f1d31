"""The command line: typer only. Parse, call the library, print; errors map to exit codes in app.

Importing this package registers every command on :data:`app` (the command modules import
``app`` from :mod:`g2g.cli.app`, so there is no cycle).
"""

from g2g.cli import changes, cycle, excel, kpi, rag, report, validate  # noqa: F401  (registers the commands)
from g2g.cli.app import app

__all__ = ["app"]
