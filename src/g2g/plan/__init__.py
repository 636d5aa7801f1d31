"""What a plan is and whether it is right: the models (one module per kind of file), the
tables declared once (sources, officer fields), loading a plan folder, schema and meaning checks,
validation, the public view of exempt items, JSON Schema and the format reference.
"""
