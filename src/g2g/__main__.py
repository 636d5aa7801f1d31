"""``python -m g2g``: the same command line as ``g2g``."""

from g2g.cli import app

app(prog_name="g2g")
