"""Many plans: shared out over worker processes one plan at a time, and what each command does
with one plan.
"""
