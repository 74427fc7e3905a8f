"""Mentions: each place the text names an entity, NIF-anchored, identifying it (ITS 2.0)."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal
from rdflib.namespace import RDF, XSD

from albakg.extract.mentions import Mention
from albakg.rdf.iris import ALBAKG, IriScheme
from albakg.rdf.vocab import ITSRDF, NIF


def render_mentions(g: Graph, iris: IriScheme, doc_id: str, mentions: Iterable[Mention]) -> None:
    text_iri = iris.text(doc_id)
    for m in mentions:
        node = iris.mention(doc_id, m.start, m.end)
        g.add((node, RDF.type, ALBAKG.Mention))
        g.add((node, NIF.anchorOf, Literal(m.exact)))
        g.add((node, NIF.beginIndex, Literal(m.start, datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.endIndex, Literal(m.end, datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.referenceContext, text_iri))
        g.add((node, ALBAKG.normalizedText, Literal(m.normalized)))
        g.add((node, ITSRDF.taIdentRef, iris.entity(m.entity)))
