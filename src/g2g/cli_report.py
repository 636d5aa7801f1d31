"""Commands registered on the g2g app (imported by g2g.cli). Keep imports here light."""

from __future__ import annotations
