"""Extraction: what code finds in a document (citations, mentions, coverage), as plain values.

``annotated.annotate`` runs it once per document; nothing here knows RDF.
"""
