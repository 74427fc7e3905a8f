"""Query stage: the built dataset in an embedded pyoxigraph store.

The store keeps the named graphs; queries run with the union of them as the default graph
(each one still addressable with ``GRAPH``), which is what users of the dataset expect.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .vocab import PREFIXES

DATASET_FILE = "albakg.trig"


def prefix_header() -> str:
    """SPARQL PREFIX lines for every prefix the project binds."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def open_store(data: Path) -> ox.Store:
    """An in-memory store holding the built dataset found in ``data``."""
    store = ox.Store()
    store.bulk_load(path=str(data / DATASET_FILE), format=ox.RdfFormat.TRIG)
    return store


def select(store: ox.Store, query: str, with_prefixes: bool = True) -> list[dict[str, Any]]:
    """Run a SELECT over the union default graph; rows map variable names to terms."""
    text = prefix_header() + query if with_prefixes else query
    results = store.query(text, use_default_graph_as_union=True)
    assert isinstance(results, ox.QuerySolutions)
    variables = [v.value for v in results.variables]
    return [{v: row[v] for v in variables} for row in results]
