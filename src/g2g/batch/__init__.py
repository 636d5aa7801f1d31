"""Many plans: shared out over worker processes one plan at a time (pool, each), what each
command does with one plan (jobs), and the Excel bridge's workbooks written plan by plan
(workbooks).
"""
