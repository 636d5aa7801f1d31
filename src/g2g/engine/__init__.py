"""Computation on a valid plan: ratings, targets, roll-ups, the month's evaluation and history,
KPIs and what falls due. Pure functions and frozen results: no files, no printing.
"""
