"""Canonical form of RDF files: RDFC-1.0 N-Quads and their SHA-256, via pyoxigraph only.

A hash of the canonical N-Quads identifies the content of a file whatever its syntax,
prefixes, order or blank-node labels. Quality control compares these hashes across the
serializations of a build; a release names its dataset by them. Nothing here needs
rdflib, so reading and hashing stay cheap for any command that reuses them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

#: Suffix of the vocabulary graph's name; every other named graph is data.
VOCABULARY_GRAPH_SUFFIX = "/graph/vocabulary"


def read_quads(path: Path) -> list[ox.Quad]:
    """Every quad of an RDF file, its format taken from the extension (``.owl`` is RDF/XML)."""
    ext = path.suffix.lstrip(".")
    fmt = ox.RdfFormat.RDF_XML if ext == "owl" else ox.RdfFormat.from_extension(ext)
    if fmt is None:
        raise ValueError(f"{path}: unknown RDF file extension")
    return list(ox.parse(path=str(path), format=fmt))


def is_vocabulary_graph(name: object) -> bool:
    return isinstance(name, ox.NamedNode) and name.value.endswith(VOCABULARY_GRAPH_SUFFIX)


def merged_data_graph(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The non-vocabulary named graphs of a dataset, merged into the default graph."""
    return [
        ox.Quad(q.subject, q.predicate, q.object)
        for q in quads
        if not is_vocabulary_graph(q.graph_name)
    ]


def vocabulary_graph(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The vocabulary graph of a dataset, as a default-graph graph."""
    return [
        ox.Quad(q.subject, q.predicate, q.object)
        for q in quads
        if is_vocabulary_graph(q.graph_name)
    ]


def canonical_nquads(quads: Iterable[ox.Quad]) -> str:
    """The RDFC-1.0 canonical N-Quads document: blank nodes relabelled, lines sorted."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    lines = sorted(f"{q} .\n" for q in dataset)
    return "".join(lines)


def canonical_hash(quads: Iterable[ox.Quad]) -> str:
    return hashlib.sha256(canonical_nquads(quads).encode("utf-8")).hexdigest()
