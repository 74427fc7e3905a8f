"""Evidence resources: an anchored quote written as an RFC 5147 span of the plain text."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from albakg.curation.anchor import Anchor
from albakg.rdf.iris import ALBAKG, IriScheme
from albakg.rdf.vocab import NIF


def add_evidence(graph: Graph, iris: IriScheme, doc_id: str, a: Anchor) -> URIRef:
    """Write ``a`` as an evidence resource (its IRI is the RFC 5147 span) and return its IRI.

    Every stage that anchors a quote writes it through here, so evidence looks the same
    whether a curator quoted it or a citation was found by code.
    """
    ev = iris.char(doc_id, a.start, a.end)
    if (ev, RDF.type, ALBAKG.Evidence) in graph:
        return ev
    graph.add((ev, RDF.type, ALBAKG.Evidence))
    graph.add((ev, NIF.anchorOf, Literal(a.exact)))
    graph.add((ev, ALBAKG.normalizedText, Literal(a.normalized)))
    graph.add((ev, NIF.beginIndex, Literal(a.start, datatype=XSD.nonNegativeInteger)))
    graph.add((ev, NIF.endIndex, Literal(a.end, datatype=XSD.nonNegativeInteger)))
    graph.add((ev, NIF.before, Literal(a.prefix)))
    graph.add((ev, NIF.after, Literal(a.suffix)))
    graph.add((ev, NIF.referenceContext, iris.text(doc_id)))
    graph.add((ev, PROV.wasQuotedFrom, iris.document(doc_id)))
    return ev
