"""Serializations: round trips, named graphs, golden files, determinism, offline JSON-LD."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyld import jsonld as pyld_jsonld
from rdflib import BNode, Dataset, Graph

from albakg.build.pipeline import BuildResult
from albakg.export.serialize import native_integers

from .conftest import MINI_CORPUS, check_golden


def load(path: Path, fmt: str) -> Graph:
    g = Graph()
    g.parse(path, format=fmt)
    return g


@pytest.fixture(scope="module")
def real_graphs(real_build: BuildResult) -> dict[str, Graph]:
    out = real_build.out
    return {
        "turtle": load(out / "albakg.ttl", "turtle"),
        "json-ld": load(out / "albakg.jsonld", "json-ld"),
        "nt": load(out / "albakg.nt", "nt"),
    }


def test_round_trip_turtle_jsonld_ntriples(real_graphs: dict[str, Graph]) -> None:
    ttl, jsonld, nt = real_graphs["turtle"], real_graphs["json-ld"], real_graphs["nt"]
    assert len(ttl) > 1000
    assert not any(isinstance(t, BNode) for triple in ttl for t in triple), (
        "blank nodes in the data"
    )
    assert set(ttl) == set(nt)
    assert set(jsonld) == set(nt)


def test_trig_and_nquads_hold_the_same_quads(real_build: BuildResult) -> None:
    quads = {}
    for name, fmt in (("albakg.trig", "trig"), ("albakg.nq", "nquads")):
        ds = Dataset()
        ds.parse(real_build.out / name, format=fmt)
        quads[name] = {
            (s, p, o, g) for s, p, o, g in ds.quads((None, None, None, None)) if g is not None
        }
    assert quads["albakg.trig"] == quads["albakg.nq"]
    graphs = {str(q[3]) for q in quads["albakg.nq"]}
    assert {g.rsplit("/", 1)[-1] for g in graphs} == {"vocabulary", "data", "provenance"}


def test_data_files_hold_data_and_provenance_graphs(
    real_build: BuildResult, real_graphs: dict[str, Graph]
) -> None:
    sizes = real_build.graph_sizes
    assert len(real_graphs["nt"]) == sizes["data"] + sizes["provenance"]


def test_independent_parser_agrees(real_build: BuildResult) -> None:
    out = real_build.out
    nt = set(ox.parse(path=str(out / "albakg.nt"), format=ox.RdfFormat.N_TRIPLES))
    ttl = set(ox.parse(path=str(out / "albakg.ttl"), format=ox.RdfFormat.TURTLE))
    jsonld = set(ox.parse(path=str(out / "albakg.jsonld"), format=ox.RdfFormat.JSON_LD))
    assert nt == ttl == jsonld
    xml = list(ox.parse(path=str(out / "ontology.owl"), format=ox.RdfFormat.RDF_XML))
    owl_ttl = list(ox.parse(path=str(out / "ontology.ttl"), format=ox.RdfFormat.TURTLE))
    assert set(xml) == set(owl_ttl)


def test_jsonld_context_is_inline_minimal_and_lossless(real_build: BuildResult) -> None:
    doc = json.loads((real_build.out / "albakg.jsonld").read_text(encoding="utf-8"))
    context = doc["@context"]
    assert isinstance(context, dict), "the context must be inline, not a remote reference"
    standalone = json.loads((real_build.out / "context.jsonld").read_text(encoding="utf-8"))
    assert standalone["@context"] == context
    text = json.dumps(doc["@graph"])
    prefixes = [k for k, v in context.items() if isinstance(v, str) and v.endswith(("/", "#"))]
    for prefix in prefixes:
        used = f'"{prefix}:' in text or any(
            isinstance(v, (str, dict)) and f"{prefix}:" in json.dumps(v) for v in context.values()
        )
        assert used, f"prefix {prefix} is bound but never used"
    # offsets keep their datatype through the context while being JSON numbers
    assert context["beginIndex"]["@type"] == "xsd:nonNegativeInteger"


def _values(nodes: object, key: str) -> list[object]:
    """Every value of ``key`` anywhere in the (nested) JSON-LD nodes."""
    found: list[object] = []
    if isinstance(nodes, list):
        for n in nodes:
            found += _values(n, key)
    elif isinstance(nodes, dict):
        for k, v in nodes.items():
            if k == key:
                found += v if isinstance(v, list) else [v]
            else:
                found += _values(v, key)
    return found


def test_jsonld_offsets_are_json_numbers_and_dates_strings(real_build: BuildResult) -> None:
    doc = json.loads((real_build.out / "albakg.jsonld").read_text(encoding="utf-8"))
    for key in ("beginIndex", "endIndex", "segmentIndex", "characterCount"):
        values = _values(doc["@graph"], key)
        assert values, key
        assert all(type(v) is int for v in values), (key, values[:3])
    dates = _values(doc["@graph"], "date")
    assert dates and all(isinstance(v, (str, dict)) for v in dates)
    assert not any(isinstance(v, int) for v in dates)


def test_native_numbers_only_where_lossless() -> None:
    context = {
        "n": {"@id": "x:n", "@type": "xsd:nonNegativeInteger"},
        "y": {"@id": "x:y", "@type": "xsd:gYear"},
    }
    node = {"@id": "x:s", "n": ["7", "007", "9007199254740993"], "y": "2006"}
    assert native_integers(node, context) == {
        "@id": "x:s",
        "n": [7, "007", "9007199254740993"],
        "y": "2006",
    }


def test_jsonld_readers_get_the_typed_literals_back(real_build: BuildResult) -> None:
    """pyld, rdflib and pyoxigraph read albakg.jsonld to exactly the triples of albakg.nt."""
    out = real_build.out
    nt = {q.triple for q in ox.parse(path=str(out / "albakg.nt"), format=ox.RdfFormat.N_TRIPLES)}
    doc = json.loads((out / "albakg.jsonld").read_text(encoding="utf-8"))
    nquads = pyld_jsonld.to_rdf(doc, {"format": "application/n-quads"})
    from_pyld = {q.triple for q in ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)}
    assert from_pyld == nt
    rdflib_nt = load(out / "albakg.jsonld", "json-ld").serialize(format="nt", encoding="utf-8")
    from_rdflib = {q.triple for q in ox.parse(rdflib_nt, format=ox.RdfFormat.N_TRIPLES)}
    assert from_rdflib == nt


def test_jsonld_nests_evidence_where_it_helps(real_build: BuildResult) -> None:
    doc = json.loads((real_build.out / "albakg.jsonld").read_text(encoding="utf-8"))
    nested = 0
    for node in doc["@graph"]:
        for value in (
            node.get("hasEvidence", [])
            if isinstance(node.get("hasEvidence"), list)
            else [node.get("hasEvidence")]
        ):
            if isinstance(value, dict) and "anchorOf" in value:
                nested += 1
    assert nested > 0


@pytest.mark.parametrize("name", ["albakg.ttl", "albakg.nt", "albakg.jsonld", "context.jsonld"])
def test_golden_serializations(mini_build: BuildResult, name: str) -> None:
    check_golden(f"mini/{name}", (mini_build.out / name).read_text(encoding="utf-8"))


def _build_in_subprocess(out: Path, seed: str, source: Path | None) -> None:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    cmd = [sys.executable, "-m", "albakg", "build", "--out", str(out)]
    if source:
        cmd += ["--source", str(source)]
    subprocess.run(cmd, check=True, env=env, capture_output=True)


@pytest.mark.slow
def test_builds_are_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    for source in (MINI_CORPUS, None):
        a, b = tmp_path / f"a-{bool(source)}", tmp_path / f"b-{bool(source)}"
        _build_in_subprocess(a, "1", source)
        _build_in_subprocess(b, "2024", source)
        names = sorted(p.name for p in a.iterdir())
        assert names == sorted(p.name for p in b.iterdir())
        for name in names:
            assert (a / name).read_bytes() == (b / name).read_bytes(), (
                f"{name} differs between builds"
            )


_OX_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".owl": ox.RdfFormat.RDF_XML,
}


def test_reported_counts_are_what_the_files_hold(mini_build: BuildResult) -> None:
    """The build summary counts each file as a parser does: triples, or quads for datasets."""
    sizes = mini_build.graph_sizes
    for w in mini_build.written:
        if w.name == "context.jsonld":
            continue
        path = mini_build.out / w.name
        statements = set(ox.parse(path=str(path), format=_OX_FORMATS[path.suffix]))
        assert w.triples == len(statements), w
        assert w.unit == ("quads" if path.suffix in (".trig", ".nq") else "triples"), w
        if w.name == "albakg.ttl":
            assert w.triples == sizes["data"] + sizes["provenance"]
        if w.name == "albakg.nq":
            assert w.triples == sum(sizes.values())


# ---------------------------------------------------------------- the pyoxigraph writers


def _sample_graph(order_seed: int) -> Graph:
    """A small graph with every kind of term, its triples added in a seed-dependent order."""
    import random

    from rdflib import Literal, Namespace, URIRef
    from rdflib.namespace import RDF, RDFS, XSD
    from rdflib.term import Node

    ex = Namespace("https://example.org/id/")
    triples: list[tuple[Node, Node, Node]] = [
        (ex.b, RDF.type, ex.Thing),
        (ex.b, RDFS.label, Literal("bé", lang="es")),
        (ex.b, RDFS.label, Literal("be", lang="en")),
        (ex.a, RDFS.comment, Literal('a "quoted"\nline')),
        (ex.a, ex["count"], Literal("3", datatype=XSD.nonNegativeInteger)),
        (ex.a, ex.knows, ex.b),
        (ex.c, ex.knows, URIRef("https://other.example/x#y")),
    ]
    random.Random(order_seed).shuffle(triples)
    g = Graph(bind_namespaces="none")
    g.bind("rdfs", RDFS)
    g.bind("xsd", XSD)
    g.bind("rdf", RDF)
    g.bind("ex", ex)
    g.bind("unused", "https://unused.example/")
    for t in triples:
        g.add(t)
    return g


def test_turtle_is_sorted_spaced_and_independent_of_insertion_order() -> None:
    from albakg.export.serialize import turtle

    texts = {turtle(_sample_graph(seed)) for seed in range(8)}
    assert len(texts) == 1, "the Turtle depends on the order triples were added"
    text = texts.pop()
    head = [line for line in text.splitlines() if line.startswith("@prefix")]
    assert head == sorted(head)
    assert [h.split()[1] for h in head] == ["ex:", "rdfs:", "xsd:"], "only used prefixes"
    subjects = [line.split()[0] for line in text.splitlines() if line and line[0] not in "@\t"]
    assert subjects == ["ex:a", "ex:b", "ex:c"]
    assert text.count("\n\n") == 3, "one blank line after the header and between subjects"
    parsed = Graph()
    parsed.parse(data=text, format="turtle")
    assert set(parsed) == set(_sample_graph(0))


def test_trig_keeps_the_graph_order_given() -> None:
    from rdflib import URIRef

    from albakg.export.serialize import trig

    first, second = URIRef("https://example.org/graph/z"), URIRef("https://example.org/graph/a")

    def dataset(offset: int) -> Dataset:
        ds = Dataset()
        ds.bind("ex", "https://example.org/id/")
        for name, seed in ((first, offset), (second, offset + 1)):
            for t in _sample_graph(seed):
                ds.graph(name).add(t)
        return ds

    texts = {trig(dataset(offset), [first, second]) for offset in range(6)}
    assert len(texts) == 1
    text = texts.pop()
    assert text.index(f"<{first}> {{") < text.index(f"<{second}> {{")
    for block in text.split("{\n")[1:]:
        subjects = [line.split()[0] for line in block.splitlines() if line[:1] == "\t" != line[1:2]]
        assert subjects == ["ex:a", "ex:b", "ex:c"], "statements are not sorted by subject"
    back = Dataset()
    back.parse(data=text, format="trig")
    assert set(back.graph(first)) == set(_sample_graph(0)) == set(back.graph(second))


def test_line_writers_match_rdflibs_sorted_output() -> None:
    """pyoxigraph's N-Triples/N-Quads, sorted, are the bytes rdflib's writer gave, sorted."""
    from rdflib import URIRef

    from albakg.export.serialize import nquads, ntriples, sorted_lines

    g = _sample_graph(3)
    assert ntriples(g) == sorted_lines(g.serialize(format="nt", encoding="utf-8").decode())
    ds = Dataset()
    for t in g:
        ds.graph(URIRef("https://example.org/graph/g")).add(t)
    assert nquads(ds) == sorted_lines(ds.serialize(format="nquads", encoding="utf-8").decode())


def test_trig_and_turtle_read_alike_by_pyoxigraph(real_build: BuildResult) -> None:
    out = real_build.out
    trig = set(ox.parse(path=str(out / "albakg.trig"), format=ox.RdfFormat.TRIG))
    nq = set(ox.parse(path=str(out / "albakg.nq"), format=ox.RdfFormat.N_QUADS))
    assert trig == nq
    assert len(nq) == sum(real_build.graph_sizes.values())


def _riot_lines(paths: list[Path]) -> list[set[str]]:
    from albakg.qc import jena

    read = jena.riot_many(paths)
    return [{line for line in read[p].splitlines() if line.strip()} for p in paths]


def test_jena_reads_the_turtle_and_trig_as_the_line_files(real_build: BuildResult) -> None:
    from albakg.qc import jena

    if (reason := jena.missing_reason()) is not None:
        pytest.skip(reason)
    out = real_build.out
    ttl, nt, trig, nq = _riot_lines(
        [out / "albakg.ttl", out / "albakg.nt", out / "albakg.trig", out / "albakg.nq"]
    )
    assert ttl == nt
    assert trig == nq
    assert len(nq) == sum(real_build.graph_sizes.values())
