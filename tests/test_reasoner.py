"""HermiT over vocabulary plus data: consistent as built, and it catches a broken record."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from albakg.build.pipeline import BuildResult
from albakg.export.canonical import read_quads
from albakg.qc.base import Finding, Grade, Status
from albakg.qc.reasoner import explain_clashes, missing_reason, reasoner_findings, reasoner_input
from albakg.rdf.iris import ALBAKG

A = str(ALBAKG)
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DATA = ox.NamedNode("https://w3id.org/albakg/graph/data")
PERSON = "https://w3id.org/albakg/id/ana-perez"

needs_hermit = pytest.mark.skipif(
    missing_reason() is not None, reason=f"HermiT cannot run here: {missing_reason()}"
)


@pytest.fixture(scope="module")
def mini_quads(mini_build: BuildResult) -> list[ox.Quad]:
    return read_quads(mini_build.out / "albakg.trig")


def typed(subject: str, cls: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(subject), ox.NamedNode(RDF_TYPE), ox.NamedNode(cls), DATA)


def by_code(quads: list[ox.Quad]) -> dict[str, Finding]:
    return {f.code: f for f in reasoner_findings(quads)}


@needs_hermit
def test_mini_dataset_is_consistent_and_every_class_satisfiable(
    mini_quads: list[ox.Quad],
) -> None:
    found = by_code(mini_quads)
    for code in ("consistent", "satisfiable"):
        assert found[code].status is Status.PASSED, found[code]


@needs_hermit
def test_a_person_who_is_also_an_organization_is_caught(mini_quads: list[ox.Quad]) -> None:
    assert any(q.subject == ox.NamedNode(PERSON) for q in mini_quads)
    found = by_code([*mini_quads, typed(PERSON, A + "Organization")])
    consistent = found["consistent"]
    assert consistent.grade is Grade.ERROR
    terms = consistent.terms
    assert any(
        t.startswith(PERSON) and "albakg:Person" in t and "albakg:Organization" in t for t in terms
    )
    assert found["satisfiable"].status is Status.NOT_CHECKED


@needs_hermit
def test_an_unsatisfiable_class_is_named(mini_quads: list[ox.Quad]) -> None:
    hybrid = A + "PersonOrganization"
    extra = [
        typed(hybrid, "http://www.w3.org/2002/07/owl#Class"),
        ox.Quad(
            ox.NamedNode(hybrid),
            ox.NamedNode(RDFS + "subClassOf"),
            ox.NamedNode(A + "Person"),
            DATA,
        ),
        ox.Quad(
            ox.NamedNode(hybrid),
            ox.NamedNode(RDFS + "subClassOf"),
            ox.NamedNode(A + "Organization"),
            DATA,
        ),
    ]
    found = by_code([*mini_quads, *extra])
    assert found["consistent"].status is Status.PASSED
    satisfiable = found["satisfiable"]
    assert satisfiable.grade is Grade.ERROR
    assert hybrid in satisfiable.terms


def test_dates_outside_the_owl2_datatype_map_become_strings() -> None:
    year = ox.Literal("2005", datatype=ox.NamedNode(XSD + "gYear"))
    count = ox.Literal("3", datatype=ox.NamedNode(XSD + "nonNegativeInteger"))
    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    rng = ox.Quad(p, ox.NamedNode(RDFS + "range"), ox.NamedNode(XSD + "gYear"))
    triples, projected = reasoner_input([ox.Quad(s, p, year), ox.Quad(s, p, count), rng])
    assert projected == 1
    assert ox.Triple(s, p, ox.Literal("2005")) in triples
    assert ox.Triple(s, p, count) in triples
    assert ox.Triple(p, ox.NamedNode(RDFS + "range"), ox.NamedNode(RDFS + "Literal")) in triples


def test_clashes_through_a_domain_are_explained(mini_quads: list[ox.Quad]) -> None:
    assert explain_clashes(mini_quads) == []
    event = "https://w3id.org/albakg/id/some-event"
    broken = [
        *mini_quads,
        typed(event, A + "Event"),
        ox.Quad(ox.NamedNode(event), ox.NamedNode(A + "signed"), ox.NamedNode(PERSON), DATA),
    ]
    (clash,) = explain_clashes(broken)
    assert clash.startswith(event) and "albakg:signed" in clash
