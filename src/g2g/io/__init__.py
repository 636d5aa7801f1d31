"""Bytes to values and back: finding plan files, reading YAML with positions, writing YAML,
round-trip edits, atomic writes and locks, the cache, reading CSV and workbook cells, files at
a git revision, and the size limits of every input. Knows files, not what a plan means.
"""
