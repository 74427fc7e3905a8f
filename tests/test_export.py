"""Serializations: round trips, named graphs, golden files, determinism, offline JSON-LD."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph

from albakg.build.pipeline import BuildResult

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
    # typed literals keep their datatype through the context, never as bare JSON numbers
    assert context["beginIndex"]["@type"] == "xsd:nonNegativeInteger"
    assert '"beginIndex": 0' not in text


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
