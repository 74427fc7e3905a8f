"""OOPS! pitfalls: each detector fires on a vocabulary built to have the pitfall."""

from __future__ import annotations

import pytest
from rdflib import Graph

from albakg.qc.base import Finding, Grade, Status
from albakg.qc.pitfalls import PITFALLS, DataUsage, pitfall_findings
from albakg.rdf.graph import load_vocabulary

NS = "https://w3id.org/albakg/ontology#"

#: A small vocabulary in the project's namespace with one or more cases of each pitfall.
BROKEN = """
@prefix albakg: <https://w3id.org/albakg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://example.org/> .

<https://w3id.org/albakg/ontology> a owl:Ontology .

albakg:A a owl:Class ; rdfs:subClassOf albakg:B ; rdfs:label "a"@en ;
    skos:definition "An A."@en .
albakg:B a owl:Class ; rdfs:subClassOf albakg:A ; rdfs:label "a"@en ;
    skos:definition "A B."@en .
albakg:StyleAndPeriod a owl:Class ; rdfs:subClassOf albakg:A .
albakg:OtherThing a owl:Class ; rdfs:subClassOf albakg:A .
albakg:lonely_class a owl:Class .
albakg:Self a owl:Class ; owl:equivalentClass [ owl:onProperty albakg:knows ;
    owl:someValuesFrom albakg:Self ] .

albakg:knows a owl:ObjectProperty ; rdfs:domain albakg:A , albakg:B ; rdfs:range albakg:A .
albakg:supports a owl:ObjectProperty ; rdfs:domain albakg:A ; rdfs:range albakg:B .
albakg:supportedBy a owl:ObjectProperty ; rdfs:domain albakg:B ; rdfs:range albakg:A .
albakg:mirror a owl:ObjectProperty ; owl:inverseOf albakg:mirror .
albakg:near a owl:ObjectProperty , owl:SymmetricProperty ; owl:inverseOf albakg:far ;
    rdfs:domain albakg:A ; rdfs:range albakg:B .
albakg:far a owl:ObjectProperty .
albakg:above a owl:ObjectProperty , owl:TransitiveProperty ;
    rdfs:domain albakg:A ; rdfs:range albakg:B .
albakg:is a owl:ObjectProperty ; rdfs:domain albakg:A ; rdfs:range albakg:A .
albakg:Wrong_Name a owl:DatatypeProperty ; rdfs:domain albakg:A ; rdfs:range albakg:A .
albakg:owns a owl:ObjectProperty ; rdfs:domain albakg:A ; rdfs:range albakg:B ;
    owl:inverseOf albakg:ownedBy .
albakg:ownedBy a owl:ObjectProperty ; rdfs:domain albakg:A ; rdfs:range albakg:A .
albakg:chain a owl:ObjectProperty ; owl:propertyChainAxiom ( albakg:knows ) .
albakg:uses a owl:ObjectProperty ; rdfs:domain albakg:Undeclared .
albakg:C a owl:Class ; owl:equivalentClass albakg:D ; owl:disjointWith albakg:D .
albakg:D a owl:Class .
albakg:label a owl:AnnotationProperty ; rdfs:label
    "this label is written like a whole definition of the term."@en .
ex:note a owl:AnnotationProperty .
albakg:note a owl:AnnotationProperty .

ex:reused a owl:ObjectProperty ; rdfs:domain ex:X , ex:Y .
"""

EXPECTED_HITS = {
    "P03": f"{NS}is",
    "P04": f"{NS}lonely_class",
    "P05": f"{NS}ownedBy ⁻¹ {NS}owns",
    "P06": f"{NS}A",
    "P07": f"{NS}StyleAndPeriod",
    "P08": f"{NS}StyleAndPeriod",
    "P10": None,
    "P11": f"{NS}mirror (no domain or range)",
    "P12": f"{NS}note ~ http://example.org/note",
    "P13": f"{NS}supportedBy / {NS}supports",
    "P19": f"{NS}knows (2 domains)",
    "P20": f"{NS}label (label reads like a definition)",
    "P21": f"{NS}OtherThing",
    "P22": f"{NS}Wrong_Name (property not lowerCamelCase)",
    "P24": f"{NS}Self",
    "P25": f"{NS}mirror",
    "P26": f"{NS}near",
    "P28": f"{NS}near",
    "P29": f"{NS}above",
    "P31": f"{NS}C ≡ {NS}D",
    "P32": f"{NS}A, {NS}B share the label 'a'@en",
    "P33": f"{NS}chain",
    "P34": f"{NS}Undeclared",
    "P35": f"{NS}usedOnlyInData",
    "P38": None,
    "P39": None,
    "P41": "https://w3id.org/albakg/ontology",
}

CATALOGUE_GRADES = {
    "P03": Grade.ERROR,
    "P04": Grade.INFO,
    "P05": Grade.ERROR,
    "P06": Grade.ERROR,
    "P08": Grade.INFO,
    "P11": Grade.WARN,
    "P13": Grade.INFO,
    "P19": Grade.ERROR,
    "P20": Grade.INFO,
    "P22": Grade.INFO,
    "P24": Grade.WARN,
    "P25": Grade.WARN,
    "P26": Grade.WARN,
    "P32": Grade.INFO,
    "P34": Grade.WARN,
    "P35": Grade.WARN,
    "P38": Grade.WARN,
    "P39": Grade.ERROR,
    "P41": Grade.WARN,
}


def by_code(findings: list[Finding]) -> dict[str, Finding]:
    return {f.code: f for f in findings}


@pytest.fixture(scope="module")
def broken() -> dict[str, Finding]:
    g = Graph()
    g.parse(data=BROKEN, format="turtle")
    usage = DataUsage(predicates=frozenset({f"{NS}usedOnlyInData"}))
    return by_code(pitfall_findings(g, usage))


@pytest.mark.parametrize("code", sorted(c for c, hit in EXPECTED_HITS.items() if hit))
def test_each_pitfall_is_detected(broken: dict[str, Finding], code: str) -> None:
    finding = broken[code]
    assert finding.status is Status.FAILED, finding
    assert EXPECTED_HITS[code] in finding.terms, finding.terms


@pytest.mark.parametrize("code", sorted(CATALOGUE_GRADES))
def test_grades_follow_the_catalogue(code: str) -> None:
    grade = {c: grade for c, _, grade, _ in PITFALLS}[code]
    assert grade is CATALOGUE_GRADES[code]


def test_reused_terms_are_out_of_scope(broken: dict[str, Finding]) -> None:
    for finding in broken.values():
        assert not any("example.org/reused" in t for t in finding.terms), finding


def test_missing_ontology_declaration_namespace_and_disjointness() -> None:
    g = Graph()
    g.parse(
        data="@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<https://w3id.org/albakg/ontology#Thing> a owl:Class .",
        format="turtle",
    )
    found = by_code(pitfall_findings(g))
    assert found["P38"].grade is Grade.WARN and found["P38"].status is Status.FAILED
    assert found["P39"].grade is Grade.ERROR and found["P39"].status is Status.FAILED
    assert found["P10"].grade is Grade.WARN and NS in found["P10"].terms


def test_the_vocabulary_has_no_critical_pitfall_and_at_least_twenty_are_checked() -> None:
    findings = pitfall_findings(load_vocabulary())
    checked = [f for f in findings if f.status in (Status.PASSED, Status.FAILED)]
    assert len(checked) >= 20
    required = {"P04", "P06", "P08", "P11", "P13", "P19", "P20", "P22", "P24", "P25", "P26"}
    required |= {"P32", "P34", "P35", "P38", "P39", "P41"}
    assert required <= {f.code for f in checked}
    assert not [f for f in findings if f.grade is Grade.ERROR]
    network = {f.code for f in findings if f.status is Status.NOT_CHECKED}
    assert network == {"P37", "P40"}
