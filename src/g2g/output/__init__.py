"""What commands print and write besides the paper: rag, kpi, due and changes as a table,
Markdown, CSV or JSON, and the workbooks (the update returns and the exported tracker)."""
