"""Canonical identity: one hash per content, whatever the file; stable across rebuilds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from albakg.build.pipeline import BuildResult, build
from albakg.qc.base import Grade, Status
from albakg.qc.canon import MANIFEST, compute_identity, write_manifest
from albakg.rdf.iris import IriScheme

from .conftest import MINI_CORPUS

DATA_FILES = ("albakg.ttl", "albakg.jsonld", "albakg.nt")


def copy_of(result: BuildResult, tmp_path: Path) -> Path:
    target = tmp_path / "dist"
    shutil.copytree(result.out, target)
    return target


def test_every_serialization_gives_the_same_hashes(mini_build: BuildResult) -> None:
    identity, findings = compute_identity(mini_build.out)
    assert identity is not None
    assert all(f.status is Status.PASSED for f in findings), findings
    data = {identity.per_file[name] for name in DATA_FILES}
    data.add(identity.per_file["albakg.trig (data graphs)"])
    assert data == {identity.data_graph}
    assert identity.per_file["albakg.nq"] == identity.dataset
    assert identity.data_graph != identity.dataset
    graphs = {g.rsplit("/", 1)[-1] for g in identity.graphs}
    assert graphs == {"vocabulary", "data", "provenance"}


def test_a_file_that_differs_is_caught(mini_build: BuildResult, tmp_path: Path) -> None:
    data = copy_of(mini_build, tmp_path)
    nt = data / "albakg.nt"
    lines = nt.read_text(encoding="utf-8").splitlines(keepends=True)
    nt.write_text("".join(lines[1:]), encoding="utf-8")
    _, findings = compute_identity(data)
    found = {f.code: f for f in findings}
    assert found["data-graph"].grade is Grade.ERROR
    assert any(t.startswith("albakg.nt:") for t in found["data-graph"].terms)
    assert found["dataset"].status is Status.PASSED


def test_the_vocabulary_files_must_agree(mini_build: BuildResult, tmp_path: Path) -> None:
    data = copy_of(mini_build, tmp_path)
    owl = data / "ontology.owl"
    owl.write_text(owl.read_text(encoding="utf-8").replace(">claim<", ">CLAIM<"), encoding="utf-8")
    _, findings = compute_identity(data)
    assert {f.code: f for f in findings}["vocabulary"].grade is Grade.ERROR


def test_hashes_and_manifest_are_stable_across_rebuilds(
    mini_build: BuildResult, tmp_path: Path
) -> None:
    again = build(tmp_path / "again", MINI_CORPUS, IriScheme())
    first, _ = compute_identity(mini_build.out)
    second, _ = compute_identity(again.out)
    assert first is not None and second is not None
    assert (first.data_graph, first.dataset) == (second.data_graph, second.dataset)
    a = write_manifest(copy_of(mini_build, tmp_path / "a"), first).read_bytes()
    b = write_manifest(again.out, second).read_bytes()
    assert a == b


def test_manifest_sits_beside_the_outputs_not_in_the_graphs(
    mini_build: BuildResult, tmp_path: Path
) -> None:
    data = copy_of(mini_build, tmp_path)
    identity, _ = compute_identity(data)
    assert identity is not None
    path = write_manifest(data, identity)
    assert path == data / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    assert manifest["data_graph"]["sha256"] == identity.data_graph
    assert manifest["dataset"]["sha256"] == identity.dataset
    assert manifest["files"]["albakg.nq"]["bytes"] == (data / "albakg.nq").stat().st_size
    for name in (*DATA_FILES, "albakg.trig", "albakg.nq"):
        assert identity.data_graph not in (data / name).read_text(encoding="utf-8")
    again, _ = compute_identity(data)
    assert again is not None and again.dataset == identity.dataset
