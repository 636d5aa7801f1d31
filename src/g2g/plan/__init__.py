"""What a plan is and whether it is right: the models, loading a plan folder, schema and meaning
checks, validation, JSON Schema and the format reference.
"""
