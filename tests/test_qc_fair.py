"""FAIR checks (FOOPS! tests): pass on the vocabulary, fail on a vocabulary broken on purpose."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDFS

from albakg.qc.base import Finding, Grade, Status
from albakg.qc.fair import NETWORK_TESTS, fair_findings
from albakg.rdf.graph import load_vocabulary
from albakg.rdf.iris import ALBAKG, VOCAB_IRI
from albakg.rdf.vocab import CC

ONTOLOGY = URIRef(VOCAB_IRI)


def by_code(findings: list[Finding]) -> dict[str, Finding]:
    return {f.code: f for f in findings}


@pytest.fixture()
def vocabulary() -> Graph:
    return load_vocabulary()


def test_the_vocabulary_passes_every_offline_fair_test(vocabulary: Graph) -> None:
    found = by_code(fair_findings(vocabulary))
    for code in ("OM1", "OM2", "OM4.1", "OM5.1", "OM5.2", "FIND1", "VER1", "VOC2", "VOC3", "VOC4"):
        assert found[code].status is Status.PASSED, found[code]
    assert "es 100.0 %" in found["VOC3"].message and "en 100.0 %" in found["VOC4"].message


def test_network_tests_are_listed_but_never_passed(vocabulary: Graph) -> None:
    found = by_code(fair_findings(vocabulary))
    for code, _ in NETWORK_TESTS:
        assert found[code].status is Status.NOT_CHECKED
        assert found[code].grade is Grade.INFO


def test_missing_minimum_metadata_and_licence_are_errors(vocabulary: Graph) -> None:
    for p in (DCTERMS.title, DCTERMS.license, CC.license, DCTERMS.rights):
        vocabulary.remove((ONTOLOGY, p, None))
    found = by_code(fair_findings(vocabulary))
    assert found["OM1"].grade is Grade.ERROR
    assert "title" in found["OM1"].message and "licence" in found["OM1"].message
    assert found["OM4.1"].grade is Grade.ERROR


def test_missing_provenance_and_prefix_are_warnings(vocabulary: Graph) -> None:
    from albakg.rdf.vocab import VANN

    for p in (DCTERMS.issued, DCTERMS.publisher, VANN.preferredNamespacePrefix):
        vocabulary.remove((ONTOLOGY, p, None))
    found = by_code(fair_findings(vocabulary))
    assert found["OM5.2"].grade is Grade.WARN
    assert "issued date" in found["OM5.2"].message and "publisher" in found["OM5.2"].message
    assert found["FIND1"].grade is Grade.WARN
    assert found["OM2"].grade is Grade.WARN and "preferred prefix" in found["OM2"].message


def test_version_iri_equal_to_the_ontology_iri_fails(vocabulary: Graph) -> None:
    vocabulary.remove((ONTOLOGY, OWL.versionIRI, None))
    vocabulary.add((ONTOLOGY, OWL.versionIRI, ONTOLOGY))
    found = by_code(fair_findings(vocabulary))
    assert found["VER1"].grade is Grade.ERROR
    assert "equals the ontology IRI" in found["VER1"].message


def test_label_share_below_goal_names_the_term_and_language(vocabulary: Graph) -> None:
    vocabulary.remove((ALBAKG.Claim, RDFS.label, Literal("claim", lang="en")))
    found = by_code(fair_findings(vocabulary))
    assert found["VOC3"].grade is Grade.WARN
    assert f"{ALBAKG.Claim} (en)" in found["VOC3"].terms
    assert "es 100.0 %" in found["VOC3"].message and "en 100.0 %" not in found["VOC3"].message


def test_no_reuse_fails(vocabulary: Graph) -> None:
    for s, p, o in list(vocabulary.triples((None, RDFS.subClassOf, None))):
        vocabulary.remove((s, p, o))
    for p in (RDFS.subPropertyOf, RDFS.domain, RDFS.range):
        vocabulary.remove((None, p, None))
    assert by_code(fair_findings(vocabulary))["VOC2"].grade is Grade.WARN


def test_without_an_ontology_declaration_nothing_is_passed() -> None:
    g = Graph()
    g.add((ALBAKG.Thing, RDFS.label, Literal("thing", lang="en")))
    findings = fair_findings(g)
    assert not any(f.status is Status.PASSED for f in findings)
    assert by_code(findings)["RDF1"].grade is Grade.ERROR
