"""The board paper and the overview of many plans: view models (every number, sort and sentence)
rendered through Jinja templates.
"""
