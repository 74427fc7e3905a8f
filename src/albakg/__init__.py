"""albakg: a linked-data knowledge graph of an article on the ALBA bloc."""

__version__ = "0.1.0"
