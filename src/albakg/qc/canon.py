"""Canonical identity of the built dataset: every serialization must hash alike.

Two hashes are computed. The *data graph* hash covers the data and provenance graphs merged
into one graph — what ``albakg.ttl``, ``albakg.jsonld`` and ``albakg.nt`` hold, and what the
non-vocabulary graphs of ``albakg.trig`` hold. The *dataset* hash covers the whole dataset
with its named graphs (``albakg.trig`` = ``albakg.nq``). Each is the SHA-256 of the canonical
N-Quads document that RDF Dataset Canonicalization (RDFC-1.0) produces, so it identifies
the content whatever the syntax, prefixes, order or blank-node labels of a file.

Reading and hashing are :mod:`albakg.export.canonical`; this module turns the hashes into
findings and writes them to ``manifest.json`` beside the outputs, never into the graphs
they hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from albakg import __version__
from albakg.export.canonical import (
    canonical_hash,
    merged_data_graph,
    read_quads,
    vocabulary_graph,
)
from albakg.export.serialize import (
    DATA_JSONLD,
    DATA_NT,
    DATA_TTL,
    DATASET_NQ,
    DATASET_TRIG,
    ONTOLOGY_OWL,
    ONTOLOGY_TTL,
    SHAPES_TTL,
)
from albakg.qc.base import Finding, Grade, check, failed

FAMILY = "CANON"
MANIFEST = "manifest.json"
ALGORITHM = "RDFC-1.0 with SHA-256; SHA-256 of the canonical N-Quads document"
DATA_GRAPH_FILES = (DATA_TTL, DATA_JSONLD, DATA_NT)
DATASET_FILES = (DATASET_TRIG, DATASET_NQ)
VOCABULARY_FILES = (ONTOLOGY_TTL, ONTOLOGY_OWL)


@dataclass(frozen=True)
class Identity:
    """Canonical hashes of the data graph and the whole dataset, and where each came from."""

    data_graph: str
    dataset: str
    data_triples: int
    dataset_quads: int
    graphs: tuple[str, ...]
    per_file: dict[str, str] = field(default_factory=dict)


def compute_identity(data: Path) -> tuple[Identity | None, list[Finding]]:
    """Hash every serialization and check that each kind of file agrees with its siblings."""
    per_file: dict[str, str] = {}
    problems: list[str] = []
    sizes: dict[str, int] = {}
    graphs: set[str] = set()

    def hashed(key: str, load: Path, pick: str) -> None:
        try:
            quads = read_quads(load)
        except (OSError, SyntaxError, ValueError) as exc:
            problems.append(f"{load.name}: {exc}")
            return
        if pick == "data-of-dataset":
            quads = merged_data_graph(quads)
        elif pick == "vocabulary-of-dataset":
            quads = vocabulary_graph(quads)
        elif pick == "dataset":
            graphs.update(
                q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)
            )
        per_file[key] = canonical_hash(quads)
        sizes[key] = len(set(quads))

    for name in DATA_GRAPH_FILES:
        hashed(name, data / name, "graph")
    hashed(f"{DATASET_TRIG} (data graphs)", data / DATASET_TRIG, "data-of-dataset")
    for name in DATASET_FILES:
        hashed(name, data / name, "dataset")
    for name in VOCABULARY_FILES:
        hashed(name, data / name, "graph")
    hashed(f"{DATASET_TRIG} (vocabulary graph)", data / DATASET_TRIG, "vocabulary-of-dataset")

    data_keys = [*DATA_GRAPH_FILES, f"{DATASET_TRIG} (data graphs)"]
    vocab_keys = [*VOCABULARY_FILES, f"{DATASET_TRIG} (vocabulary graph)"]
    findings = [
        *(failed(FAMILY, "unreadable", "Serialization readable", Grade.ERROR, p) for p in problems),
        _agreement("data-graph", "Same data-graph hash from every file", per_file, data_keys),
        _agreement("dataset", "Same dataset hash from TriG and N-Quads", per_file, DATASET_FILES),
        _agreement(
            "vocabulary", "Same vocabulary from ontology.ttl, .owl and TriG", per_file, vocab_keys
        ),
    ]
    if any(k not in per_file for k in (DATA_TTL, DATASET_TRIG)):
        return None, findings
    identity = Identity(
        data_graph=per_file[DATA_TTL],
        dataset=per_file[DATASET_TRIG],
        data_triples=sizes[DATA_TTL],
        dataset_quads=sizes[DATASET_TRIG],
        graphs=tuple(sorted(graphs)),
        per_file=per_file,
    )
    return identity, findings


def _agreement(code: str, title: str, per_file: dict[str, str], keys: Iterable[str]) -> Finding:
    present = {k: per_file[k] for k in keys if k in per_file}
    distinct = sorted(set(present.values()))
    hits = [] if len(distinct) <= 1 and present else [f"{k}: {v}" for k, v in present.items()]
    return check(
        FAMILY,
        code,
        title,
        Grade.ERROR,
        hits,
        f"{len(present)} sources agree on {distinct[0] if distinct else '-'}",
        "{n} sources disagree (or none could be read)",
    )


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest(data: Path, identity: Identity) -> dict[str, object]:
    """The manifest: both canonical hashes, and each output file's own digest and size."""
    files = {}
    for name in (*DATA_GRAPH_FILES, *DATASET_FILES, *VOCABULARY_FILES, SHAPES_TTL):
        path = data / name
        if path.exists():
            files[name] = {"sha256": file_digest(path), "bytes": path.stat().st_size}
    return {
        "albakg": __version__,
        "canonicalization": ALGORITHM,
        "data_graph": {
            "sha256": identity.data_graph,
            "triples": identity.data_triples,
            "same_in": [*DATA_GRAPH_FILES, f"{DATASET_TRIG} (all graphs but the vocabulary)"],
        },
        "dataset": {
            "sha256": identity.dataset,
            "quads": identity.dataset_quads,
            "graphs": list(identity.graphs),
            "same_in": list(DATASET_FILES),
        },
        "files": files,
    }


def write_manifest(data: Path, identity: Identity) -> Path:
    """Write ``manifest.json`` beside the outputs (byte-identical for identical outputs)."""
    path = data / MANIFEST
    text = json.dumps(manifest(data, identity), indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return path
