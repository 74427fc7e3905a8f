"""Extraction: what code finds in a document (citations, mentions, coverage)."""
