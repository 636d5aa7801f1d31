"""Bytes to values and back: finding plan files, reading YAML with positions, round-trip edits,
atomic writes and the cache. Knows YAML and files, not plans.
"""
