"""Cited works: those a curator listed, and those only the citations in the text reveal.

Both kinds share one IRI per work (a document cited by name is its entity), so a work found
by the citation stage and later curated keeps its identity.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from albakg.curation.anchor import Anchor
from albakg.curation.records import Entity, Work
from albakg.extract.citations import CitedWork
from albakg.rdf.iris import ALBAKG, IriScheme
from albakg.rdf.render.common import add_evidence_of, add_labels, joined_names
from albakg.rdf.vocab import CITO, FABIO


def cited_work_node(iris: IriScheme, w: CitedWork) -> URIRef:
    return iris.entity(w.document) if w.document else iris.work(w.key)


def cited_work_labels(w: CitedWork, entities: Mapping[str, Entity]) -> tuple[str, str]:
    """``Autor y Autor (año)``; a document cited by name keeps its entity's labels."""
    if w.document and w.document in entities:
        e = entities[w.document]
        return e.label.es, e.label.en
    es, en = joined_names([a.cite_as for a in w.authors])
    tail = " et al." if w.et_al else ""
    return f"{es}{tail} ({w.year})", f"{en}{tail} ({w.year})"


def render_work(
    g: Graph,
    iris: IriScheme,
    doc_id: str,
    w: Work,
    key: str,
    entities: Mapping[str, Entity],
    evidence: Sequence[Anchor],
) -> URIRef:
    """A curated work (``key`` from its authors and year), cited by ``doc_id``; returns its IRI."""
    if w.document:
        node = iris.entity(w.document)
    else:
        node = iris.work(key)
        names = [entities[a].citation_name or a for a in w.authors]
        es, en = joined_names(names)
        add_labels(g, node, f"{es} ({w.year})", f"{en} ({w.year})")
        g.add((node, ALBAKG.authorList, Literal("; ".join(names))))
        for a in w.authors:
            g.add((node, ALBAKG.author, iris.entity(a)))
    g.add((node, RDF.type, ALBAKG.CitedWork))
    g.add((node, FABIO.hasPublicationYear, Literal(w.year[:4], datatype=XSD.gYear)))
    if w.title:
        g.add((node, DCTERMS.title, Literal(w.title)))
    g.add((iris.document(doc_id), CITO.cites, node))
    add_evidence_of(g, iris, doc_id, node, evidence)
    return node


def render_uncurated_work(
    g: Graph,
    iris: IriScheme,
    doc_id: str,
    w: CitedWork,
    entities: Mapping[str, Entity],
    evidence: Sequence[Anchor],
) -> None:
    """A work only the citations reveal, backed by the text of its pointers."""
    node = cited_work_node(iris, w)
    g.add((node, RDF.type, ALBAKG.CitedWork))
    g.add((iris.document(doc_id), CITO.cites, node))
    if re.match(r"^\d{4}", w.year):
        g.add((node, FABIO.hasPublicationYear, Literal(w.year[:4], datatype=XSD.gYear)))
    if not w.document:
        add_labels(g, node, *cited_work_labels(w, entities))
        g.add((node, ALBAKG.authorList, Literal("; ".join(a.cite_as for a in w.authors))))
        for a in w.authors:
            if a.entity:
                g.add((node, ALBAKG.author, iris.entity(a.entity)))
    if w.title:
        g.add((node, DCTERMS.title, Literal(w.title)))
    add_evidence_of(g, iris, doc_id, node, evidence)
