"""The HTTP layer: a read-only SPARQL 1.1 Protocol endpoint, a query page, dereferenceable IRIs.

It sits above :mod:`albakg.sparql` (store, query execution) and below :mod:`albakg.cli`.
"""
