"""The text anchoring: the full plain text and its sections, headings, paragraphs, sentences.

Every offset elsewhere in the dataset refers to this string, so it is written once, in the
provenance graph, with each segment as a NIF span of it.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from albakg.rdf.iris import ALBAKG, IriScheme
from albakg.rdf.vocab import NIF
from albakg.text.document import Document, Segment


def render_segments(g: Graph, iris: IriScheme, doc: Document) -> None:
    text = iris.text(doc.id)
    g.add((text, NIF.isString, Literal(doc.raw)))
    g.add((text, NIF.sourceUrl, iris.document(doc.id)))
    kinds = (
        (doc.sections, ALBAKG.Section),
        (doc.headings, ALBAKG.Heading),
        (doc.paragraphs, ALBAKG.Paragraph),
        (doc.sentences, ALBAKG.Sentence),
    )
    for segments, cls in kinds:
        for index, seg in enumerate(segments, start=1):
            _render_segment(g, iris, doc.id, seg, cls, index)


def _render_segment(
    g: Graph, iris: IriScheme, doc_id: str, seg: Segment, cls: URIRef, index: int
) -> None:
    node = iris.segment(doc_id, seg.id)
    g.add((node, RDF.type, cls))
    g.add((node, NIF.beginIndex, Literal(seg.raw_start, datatype=XSD.nonNegativeInteger)))
    g.add((node, NIF.endIndex, Literal(seg.raw_end, datatype=XSD.nonNegativeInteger)))
    g.add((node, NIF.referenceContext, iris.text(doc_id)))
    g.add((node, ALBAKG.segmentIndex, Literal(index, datatype=XSD.positiveInteger)))
    g.add((node, DCTERMS.identifier, Literal(seg.id)))
    if seg.parent:
        g.add((node, ALBAKG.segmentOf, iris.segment(doc_id, seg.parent)))
    if cls in (ALBAKG.Heading, ALBAKG.Sentence):
        g.add((node, ALBAKG.normalizedText, Literal(seg.text)))
    if cls == ALBAKG.Section:
        title = seg.title or ("portada" if seg.id == "front" else "sin título")
        title_en = seg.title or ("front matter" if seg.id == "front" else "untitled")
        g.add((node, RDFS.label, Literal(title, lang="es")))
        g.add((node, RDFS.label, Literal(title_en, lang="en")))
