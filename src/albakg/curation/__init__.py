"""Curation: the curated YAML records, checked against their schema, anchored and cross-checked."""
