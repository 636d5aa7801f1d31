"""The board paper and the overview of many plans: view models (every number, sort and sentence)
rendered through Jinja templates as HTML and Markdown, written as Word (python-docx, its charts
painted as PNG) and printed to PDF (headless Chromium).
"""
