"""storylens: every side of a news story."""

__version__ = "0.1.0"
