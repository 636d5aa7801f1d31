"""g2g's version, in one place: ``g2g.__version__`` re-exports it and the build reads it
(pyproject.toml ``[tool.hatch.version]``)."""

__version__ = "0.2.0"
