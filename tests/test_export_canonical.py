"""Canonical N-Quads and hashes: one hash per content, whatever the file or the labels."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from albakg.build.pipeline import BuildResult
from albakg.export.canonical import (
    canonical_hash,
    canonical_nquads,
    merged_data_graph,
    read_quads,
    vocabulary_graph,
)


def test_data_graph_of_the_trig_file_is_data_plus_provenance(mini_build: BuildResult) -> None:
    trig = read_quads(mini_build.out / "albakg.trig")
    ttl = read_quads(mini_build.out / "albakg.ttl")
    assert set(merged_data_graph(trig)) == set(ttl)
    assert canonical_hash(merged_data_graph(trig)) == canonical_hash(ttl)


def test_blank_node_labels_do_not_change_the_hash() -> None:
    p = ox.NamedNode("http://example.org/p")
    first = [
        ox.Quad(ox.BlankNode("a"), p, ox.BlankNode("b")),
        ox.Quad(ox.BlankNode("b"), p, ox.Literal("x")),
    ]
    second = [
        ox.Quad(ox.BlankNode("zz"), p, ox.BlankNode("q1")),
        ox.Quad(ox.BlankNode("q1"), p, ox.Literal("x")),
    ]
    other = [
        ox.Quad(ox.BlankNode("a"), p, ox.BlankNode("b")),
        ox.Quad(ox.BlankNode("a"), p, ox.Literal("x")),
    ]
    assert canonical_hash(first) == canonical_hash(second)
    assert canonical_hash(first) != canonical_hash(other)


def test_the_vocabulary_graph_is_what_ontology_ttl_holds(mini_build: BuildResult) -> None:
    trig = read_quads(mini_build.out / "albakg.trig")
    vocabulary = vocabulary_graph(trig)
    assert vocabulary and all(q.graph_name == ox.DefaultGraph() for q in vocabulary)
    ontology = read_quads(mini_build.out / "ontology.ttl")
    assert canonical_hash(vocabulary) == canonical_hash(ontology)
    assert len(vocabulary) + len(merged_data_graph(trig)) == len(trig)


def test_canonical_nquads_are_sorted_lines_with_canonical_labels() -> None:
    p = ox.NamedNode("http://example.org/p")
    quads = [
        ox.Quad(ox.BlankNode("zz"), p, ox.Literal("b")),
        ox.Quad(ox.NamedNode("http://example.org/a"), p, ox.Literal("a")),
    ]
    lines = canonical_nquads(quads).splitlines()
    assert lines == sorted(lines)
    assert any(line.startswith("_:c14n0 ") for line in lines)


def test_an_unknown_extension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.xyz"
    path.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown RDF file extension"):
        read_quads(path)
