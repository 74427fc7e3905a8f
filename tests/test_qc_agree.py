"""Independent implementations: parsers agree on every file; Jena confirms pySHACL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from albakg.build.pipeline import BuildResult
from albakg.export.canonical import read_quads
from albakg.qc import agree as qc_agree
from albakg.qc import jena
from albakg.qc.agree import (
    FILES,
    Reader,
    compare_file,
    parser_findings,
    pyoxigraph_quads,
    rdflib_quads,
    readers,
    shacl_findings,
)
from albakg.qc.base import Finding, Grade, Status

XSD = "http://www.w3.org/2001/XMLSchema#"
DATA = ox.NamedNode("https://w3id.org/albakg/graph/data")

needs_jena = pytest.mark.skipif(
    jena.missing_reason() is not None, reason=f"Jena cannot run here: {jena.missing_reason()}"
)


def by_code(findings: list[Finding]) -> dict[str, Finding]:
    return {f.code: f for f in findings}


@pytest.fixture(scope="module")
def shapes(mini_build: BuildResult) -> Graph:
    g = Graph()
    g.parse(mini_build.out / "shapes.ttl", format="turtle")
    return g


def test_every_file_is_read_alike_by_every_installed_parser(mini_build: BuildResult) -> None:
    if shutil.which("rapper") is None or jena.missing_reason():
        pytest.skip("needs rapper (raptor2-utils) and Jena (libapache-jena-java)")
    findings = parser_findings(mini_build.out)
    assert len(findings) == len(FILES)
    for finding in findings:
        assert finding.status is Status.PASSED, finding
        assert "rdflib, pyoxigraph" in finding.message and "riot" in finding.message
    assert "rapper" in by_code(findings)["parse albakg.ttl"].message


def test_a_parser_that_reads_something_else_is_an_error(mini_build: BuildResult) -> None:
    def lossy(path: Path) -> list[ox.Quad]:
        return pyoxigraph_quads(path)[1:]

    parsers = [
        Reader("rdflib", rdflib_quads, lambda p: True),
        Reader("lossy", lossy, lambda p: True),
    ]
    finding = compare_file(mini_build.out / "albakg.ttl", parsers)
    assert finding.grade is Grade.ERROR and "disagree" in finding.message
    assert any(t.startswith("rdflib only (not lossy):") for t in finding.terms)


def test_a_file_no_parser_can_read_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "albakg.ttl"
    bad.write_text("<http://example.org/a> <http://example.org/b> .\n", encoding="utf-8")
    parsers, _ = readers([bad])
    finding = compare_file(bad, parsers)
    assert finding.grade is Grade.ERROR and finding.message == "could not be read"
    assert any(t.startswith("rdflib:") for t in finding.terms)
    assert any(t.startswith("pyoxigraph:") for t in finding.terms)


def test_missing_tools_are_not_run_never_passed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(jena, "missing_reason", lambda: "no Java here")
    parsers, missing = readers()
    assert [r.name for r in parsers] == ["rdflib", "pyoxigraph"]
    assert {f.code for f in missing} == {"parse-rapper", "parse-riot"}
    for finding in missing:
        assert finding.status is Status.NOT_RUN and finding.grade is Grade.WARN


def test_shacl_without_jena_is_not_run(
    mini_build: BuildResult, shapes: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jena, "missing_reason", lambda: "no Java here")
    found = by_code(shacl_findings(read_quads(mini_build.out / "albakg.nq"), shapes))
    assert found["shacl-pyshacl"].status is Status.PASSED
    assert found["shacl-jena"].status is Status.NOT_RUN


@needs_jena
def test_both_engines_agree_that_the_mini_data_conforms(
    mini_build: BuildResult, shapes: Graph
) -> None:
    found = by_code(shacl_findings(read_quads(mini_build.out / "albakg.nq"), shapes))
    assert found["shacl-pyshacl"].status is Status.PASSED
    assert found["shacl-jena"].status is Status.PASSED
    assert "both engines: conforms" in found["shacl-jena"].message


@needs_jena
def test_jena_catches_an_ill_typed_date_that_pyshacl_lets_through(
    mini_build: BuildResult, shapes: Graph
) -> None:
    quads = read_quads(mini_build.out / "albakg.nq")
    date = ox.NamedNode("https://w3id.org/albakg/ontology#date")
    subject = next(q.subject for q in quads if q.predicate == date)
    broken = [q for q in quads if not (q.subject == subject and q.predicate == date)]
    broken.append(
        ox.Quad(
            subject, date, ox.Literal("2015-13", datatype=ox.NamedNode(XSD + "gYearMonth")), DATA
        )
    )
    found = by_code(shacl_findings(broken, shapes))
    assert found["shacl-pyshacl"].status is Status.PASSED
    jena_finding = found["shacl-jena"]
    assert jena_finding.grade is Grade.ERROR
    assert "Jena SHACL does not conform, pySHACL conforms" in jena_finding.message
    assert any(t.startswith("Jena only:") for t in jena_finding.terms)


def test_shapes_for_jena_keep_one_message_per_constraint(shapes: Graph) -> None:
    from albakg.rdf.vocab import SH

    trimmed = qc_agree.jena_shapes(shapes)
    for node in set(trimmed.subjects(SH.message, None)):
        assert len(list(trimmed.objects(node, SH.message))) == 1
    assert len(trimmed) < len(shapes)
