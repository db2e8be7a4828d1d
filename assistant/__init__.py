"""An offline terminal assistant that answers questions from a curated FAQ."""

__version__ = "0.1.0"
