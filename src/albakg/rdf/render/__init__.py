"""Renderers: one per kind of record, each writing given values as triples into a graph.

A renderer receives values (curated records, extracted spans), the IRI scheme and the graph
to write into; it never reads files nor runs extraction, so the same values always give the
same triples.
"""
