"""Jena from Debian's jars: class path, overlay jar, RIOT in one run, SHACL's report."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from albakg.build.pipeline import BuildResult
from albakg.qc import jena
from albakg.rdf.vocab import SH

pytestmark = pytest.mark.skipif(
    jena.missing_reason() is not None,
    reason=f"Jena cannot run here: {jena.missing_reason()}",
)


def test_overlay_jar_puts_the_xerces_messages_where_the_classes_look(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    jar = jena.overlay_jar()
    assert jar.parent == tmp_path / "albakg" / "jena"
    names = zipfile.ZipFile(jar).namelist()
    assert "xerces/impl/msg/XMLSchemaMessages.properties" in names
    assert not any(n.startswith("org/") for n in names)
    assert jena.overlay_jar() == jar  # cached: the second call reuses it


def test_classpath_leaves_out_the_conflicting_logging_bridges() -> None:
    entries = jena.classpath().split(":")
    names = {Path(e).name for e in entries}
    assert {"jena-core.jar", "jena-arq.jar", "jena-shacl.jar", "slf4j-nop.jar"} <= names
    assert "slf4j-log4j12.jar" not in names and "log4j-over-slf4j.jar" not in names
    assert "jena-xerces-messages" in Path(entries[0]).name


def test_riot_reads_several_files_in_one_run(mini_build: BuildResult) -> None:
    paths = [mini_build.out / n for n in ("albakg.jsonld", "shapes.ttl", "ontology.owl")]
    out = jena.riot_many(paths)
    assert set(out) == set(paths)
    for path in paths:
        g = Graph()
        g.parse(path, format={".jsonld": "json-ld", ".ttl": "turtle", ".owl": "xml"}[path.suffix])
        read = Graph()
        read.parse(data=out[path], format="nquads")
        assert len(read) == len(g), path.name


def test_riot_reports_a_syntax_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://example.org/a> <http://example.org/b> .\n", encoding="utf-8")
    with pytest.raises(jena.JenaError, match=r"bad\.ttl"):
        jena.riot_nquads(bad)


def test_shacl_reports_conformance_in_its_output(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ;\n"
        "  sh:property [ sh:path ex:p ; sh:minCount 1 ] .\n",
        encoding="utf-8",
    )
    data = tmp_path / "data.ttl"
    data.write_text("<http://example.org/x> a <http://example.org/C> .\n", encoding="utf-8")
    report = Graph()
    report.parse(data=jena.shacl_validate(shapes, data), format="turtle")
    conforms = list(report.objects(None, SH.conforms))
    assert conforms == [Literal(False)]
