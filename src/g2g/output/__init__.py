"""Terminal formats of rag, kpi and due: table, Markdown, CSV and JSON."""
