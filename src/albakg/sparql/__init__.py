"""SPARQL over the built dataset: embedded store, queries, endpoint, loading."""
