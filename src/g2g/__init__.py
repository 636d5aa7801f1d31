"""g2g - Getting to Good: improvement plans for children's services after an Ofsted inspection."""

__version__ = "0.1.0"
