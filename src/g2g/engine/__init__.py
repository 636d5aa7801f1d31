"""Computation on a valid plan: ratings, targets, roll-ups, the month's evaluation and history,
KPIs, what falls due, what an update return holds and what changed between two versions of a
plan. Pure functions and frozen results: no files, no printing.
"""
