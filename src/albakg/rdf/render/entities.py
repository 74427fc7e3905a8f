"""Curated entities: type, multilingual labels, aliases, dates, place and evidence."""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, SKOS

from albakg.curation.anchor import Anchor
from albakg.curation.records import Entity
from albakg.rdf.iris import ALBAKG, IriScheme
from albakg.rdf.render.common import add_evidence_of, add_labels, date_literal
from albakg.rdf.vocab import ENTITY_TYPES, WD


def render_entity(
    g: Graph, iris: IriScheme, doc_id: str, language: str, e: Entity, evidence: Sequence[Anchor]
) -> None:
    """One entity as stated in document ``doc_id`` (aliases are tagged with its language)."""
    node = iris.entity(e.id)
    g.add((node, RDF.type, ENTITY_TYPES[e.type]))
    add_labels(g, node, e.label.es, e.label.en, e.label.pt)
    for alias in e.aliases:
        g.add((node, SKOS.altLabel, Literal(alias, lang=language)))
    if e.description:
        g.add((node, SKOS.definition, Literal(e.description.es, lang="es")))
        g.add((node, SKOS.definition, Literal(e.description.en, lang="en")))
    if e.citation_name:
        g.add((node, ALBAKG.citationName, Literal(e.citation_name)))
    if e.wikidata:
        g.add((node, OWL.sameAs, WD[e.wikidata]))
    for prop, value in (
        (ALBAKG.date, e.date),
        (ALBAKG.startDate, e.start),
        (ALBAKG.endDate, e.end),
    ):
        if value:
            g.add((node, prop, date_literal(value)))
    if e.place:
        g.add((node, ALBAKG.atPlace, iris.entity(e.place)))
    g.add((node, ALBAKG.statedIn, iris.document(doc_id)))
    add_evidence_of(g, iris, doc_id, node, evidence)
