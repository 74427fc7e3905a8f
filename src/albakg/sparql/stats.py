"""Counts per class and per property: the quick picture of what the dataset holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from albakg.rdf.vocab import PREFIXES
from albakg.sparql.store import open_store, select


def _short(term: Any) -> str:
    value = term.value if isinstance(term, ox.NamedNode) else str(term)
    for prefix, ns in PREFIXES.items():
        if value.startswith(str(ns)):
            return f"{prefix}:{value[len(str(ns)) :]}"
    return value


def compute_stats(trig: Path) -> dict[str, Any]:
    """Instances per class and triples per property, per named graph and in total."""
    store = open_store(trig.parent)
    graphs = select(
        store, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    )
    classes = select(
        store,
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?c } "
        "FILTER (?g != <" + _vocab_graph(store) + ">) } GROUP BY ?c ORDER BY DESC(?n) ?c",
    )
    properties = select(
        store,
        "SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        "FILTER (?g != <" + _vocab_graph(store) + ">) } GROUP BY ?p ORDER BY DESC(?n) ?p",
    )
    return {
        "graphs": {r["g"].value: int(r["n"].value) for r in graphs},
        "classes": {_short(r["c"]): int(r["n"].value) for r in classes},
        "properties": {_short(r["p"]): int(r["n"].value) for r in properties},
    }


def _vocab_graph(store: ox.Store) -> str:
    for g in store.named_graphs():
        if isinstance(g, ox.NamedNode) and g.value.endswith("/graph/vocabulary"):
            return g.value
    return "urn:albakg:none"


def format_stats(stats: dict[str, Any]) -> str:
    lines = ["Triples per named graph:"]
    lines += [f"  {n:>8}  {g}" for g, n in stats["graphs"].items()]
    lines.append(f"  {sum(stats['graphs'].values()):>8}  the dataset (quads, all named graphs)")
    lines.append("Instances per class (data and provenance graphs):")
    lines += [f"  {n:>8}  {c}" for c, n in stats["classes"].items()]
    lines.append("Triples per property (data and provenance graphs):")
    lines += [f"  {n:>8}  {p}" for p, n in stats["properties"].items()]
    return "\n".join(lines)
