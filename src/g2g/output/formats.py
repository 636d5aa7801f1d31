"""The one choice of format that rag, kpi and due print in (no heavy imports: the CLI reads it
to build its options)."""

from enum import StrEnum


class TableFormat(StrEnum):
    """How ``g2g rag``, ``g2g kpi`` and ``g2g due`` print."""

    table = "table"
    """Rich tables for people at a terminal."""
    markdown = "markdown"
    csv = "csv"
    json = "json"
