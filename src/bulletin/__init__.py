"""Bulletin: a static site generator for Vietnamese official news bulletins."""

__version__ = "0.1.0"
