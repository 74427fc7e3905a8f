"""The plain-string prefix table agrees with rdflib's namespaces and the IRI scheme."""

from __future__ import annotations

from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from albakg.rdf.iris import ALBAKG
from albakg.rdf.prefixes import PREFIX_IRIS
from albakg.rdf.vocab import PREFIXES


def test_vocab_namespaces_are_built_from_the_plain_table() -> None:
    assert list(PREFIXES) == list(PREFIX_IRIS)
    assert {p: str(ns) for p, ns in PREFIXES.items()} == PREFIX_IRIS


def test_well_known_prefixes_match_rdflib_and_the_vocabulary_namespace() -> None:
    known = {
        "albakg": ALBAKG,
        "rdf": RDF,
        "rdfs": RDFS,
        "owl": OWL,
        "xsd": XSD,
        "dcterms": DCTERMS,
        "foaf": FOAF,
        "org": ORG,
        "prov": PROV,
        "skos": SKOS,
        "time": TIME,
    }
    for prefix, namespace in known.items():
        assert PREFIX_IRIS[prefix] == str(namespace), prefix
