"""In-text citations: each pointer (C4O), and one bibliographic reference per cited work.

A pointer denotes the document's reference to a work, not the work itself, as in BiRO/C4O;
so ibídem and op. cit. pointers denote the same reference as the citation they repeat.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, XSD

from albakg.curation.records import Entity
from albakg.extract.citations import Citations
from albakg.rdf.iris import ALBAKG, IriScheme
from albakg.rdf.render.works import cited_work_labels, cited_work_node
from albakg.rdf.vocab import BIRO, C4O, NIF


def render_references(
    g: Graph, iris: IriScheme, c: Citations, entities: Mapping[str, Entity]
) -> None:
    """One ``biro:BibliographicReference`` per distinct cited work."""
    for w in c.works:
        ref = iris.reference(c.doc_id, w.key)
        es, en = cited_work_labels(w, entities)
        g.add((ref, RDF.type, BIRO.BibliographicReference))
        g.add((ref, RDFS.label, Literal(f"referencia a {es}", lang="es")))
        g.add((ref, RDFS.label, Literal(f"reference to {en}", lang="en")))
        g.add((ref, BIRO.references, cited_work_node(iris, w)))


def render_pointers(g: Graph, iris: IriScheme, c: Citations) -> None:
    """Each pointer, NIF-anchored in the plain text, with its pages and ibídem/op. cit. origin."""
    text_iri = iris.text(c.doc_id)
    for p in c.pointers:
        node = iris.pointer(c.doc_id, p.start, p.end)
        g.add((node, RDF.type, C4O.InTextReferencePointer))
        g.add((node, RDF.type, ALBAKG.InTextCitation))
        g.add((node, C4O.hasContent, Literal(p.exact)))
        g.add((node, NIF.anchorOf, Literal(p.exact)))
        g.add((node, NIF.beginIndex, Literal(p.start, datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.endIndex, Literal(p.end, datatype=XSD.nonNegativeInteger)))
        g.add((node, NIF.referenceContext, text_iri))
        g.add((node, ALBAKG.normalizedText, Literal(p.normalized)))
        if p.pages:
            g.add((node, ALBAKG.pages, Literal(p.pages)))
        if p.resolved_from:
            g.add((node, ALBAKG.resolvedFrom, Literal(p.resolved_from)))
        g.add((node, C4O.denotes, iris.reference(c.doc_id, p.work)))
