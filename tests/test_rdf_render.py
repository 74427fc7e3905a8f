"""RDF renderers: the triples written for citations, mentions and coverage values."""

from __future__ import annotations

import copy
import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from albakg.curation.corpus import Corpus, load_corpus
from albakg.extract.annotated import AnnotatedDocument, annotate
from albakg.extract.citation_syntax import IBIDEM
from albakg.rdf.iris import ALBAKG, IriScheme
from albakg.rdf.render.citations import render_pointers, render_references
from albakg.rdf.render.coverage import render_coverage
from albakg.rdf.render.mentions import render_mentions
from albakg.rdf.render.works import render_uncurated_work
from albakg.rdf.vocab import BIRO, C4O, CITO, FABIO, ITSRDF, NIF
from albakg.text.document import Document

from .conftest import MINI_CORPUS


def citation_graph(ann: AnnotatedDocument, corpus: Corpus, iris: IriScheme) -> Graph:
    """What the citation renderers write for one annotated document."""
    g = Graph()
    render_references(g, iris, ann.citations, corpus.entities)
    for w in ann.uncurated_works:
        evidence = ann.evidence_of("cited-work", w.key)
        render_uncurated_work(g, iris, ann.doc.id, w, corpus.entities, evidence)
    render_pointers(g, iris, ann.citations)
    return g


# --------------------------------------------------------------------------- citations


def test_citations_of_the_article(
    real_corpus: Corpus, article_annotated: AnnotatedDocument, article: Document
) -> None:
    iris = IriScheme()
    doc = article_annotated.doc
    g = citation_graph(article_annotated, real_corpus, iris)
    pointers = list(g.subjects(RDF.type, ALBAKG.InTextCitation))
    assert len(pointers) == 48
    for node in pointers:
        assert (node, RDF.type, C4O.InTextReferencePointer) in g
        m = re.search(r"/doc/briceno-ruiz-alba/pointer/(\d+)-(\d+)$", str(node))
        assert m is not None
        start, end = int(m[1]), int(m[2])
        assert g.value(node, NIF.beginIndex) == Literal(start, datatype=XSD.nonNegativeInteger)
        assert g.value(node, NIF.endIndex) == Literal(end, datatype=XSD.nonNegativeInteger)
        exact = str(g.value(node, NIF.anchorOf))
        assert article.raw[start:end] == exact == str(g.value(node, C4O.hasContent))
        assert g.value(node, NIF.referenceContext) == iris.text(doc.id)
        ref = g.value(node, C4O.denotes)
        assert isinstance(ref, URIRef) and (ref, RDF.type, BIRO.BibliographicReference) in g
        assert g.value(ref, BIRO.references) is not None
    ibid = iris.pointer(doc.id, *_span_of(g, "(ibídem: 864)"))
    assert g.value(ibid, ALBAKG.resolvedFrom) == Literal(IBIDEM)
    assert g.value(ibid, ALBAKG.pages) == Literal("864")
    ref = g.value(ibid, C4O.denotes)
    assert ref == iris.reference(doc.id, "legler-2012")
    assert g.value(ref, BIRO.references) == iris.work("legler-2012")
    plan_ref = iris.reference(doc.id, "lineas-generales-2001-2007")
    assert g.value(plan_ref, BIRO.references) == iris.entity("lineas-generales-2001-2007")
    # every cited work is curated, so none is described a second time
    assert not list(g.subjects(RDF.type, ALBAKG.CitedWork))


def _span_of(g: Graph, exact: str) -> tuple[int, int]:
    for node in g.subjects(NIF.anchorOf, Literal(exact)):
        if (node, RDF.type, ALBAKG.InTextCitation) in g:
            begin, end = g.value(node, NIF.beginIndex), g.value(node, NIF.endIndex)
            assert isinstance(begin, Literal) and isinstance(end, Literal)
            return int(begin), int(end)
    raise AssertionError(exact)


def test_citations_describe_a_work_no_curator_listed() -> None:
    mini = load_corpus(MINI_CORPUS)
    bundle = copy.copy(mini.documents[0])
    bundle.works = []
    corpus = Corpus([bundle], mini.entities, mini.entity_doc, mini.verified_qids)
    iris = IriScheme()
    g = citation_graph(annotate(bundle, corpus), corpus, iris)
    work = iris.work("gomez-2010")
    assert (work, RDF.type, ALBAKG.CitedWork) in g
    assert (iris.document("mini"), CITO.cites, work) in g
    assert {str(x) for x in g.objects(work, RDFS.label)} == {"Gómez (2010)"}
    assert str(g.value(work, FABIO.hasPublicationYear)) == "2010"
    assert g.value(work, ALBAKG.author) == iris.entity("gomez")
    evidence = g.value(work, ALBAKG.hasEvidence)
    assert evidence is not None and str(g.value(evidence, NIF.anchorOf)) == "Gómez (2010: 12)"
    begin, end = g.value(evidence, NIF.beginIndex), g.value(evidence, NIF.endIndex)
    assert evidence == iris.char("mini", int(str(begin)), int(str(end)))
    assert (evidence, RDF.type, ALBAKG.Evidence) in g


# --------------------------------------------------------------------------- mentions


def test_mentions_of_the_article(article_annotated: AnnotatedDocument) -> None:
    g = Graph()
    iris = IriScheme()
    doc = article_annotated.doc
    render_mentions(g, iris, doc.id, article_annotated.mentions)
    nodes = list(g.subjects(RDF.type, ALBAKG.Mention))
    assert len(nodes) == len(article_annotated.mentions) > 800
    for node in nodes:
        m = re.search(r"/doc/briceno-ruiz-alba/mention/(\d+)-(\d+)$", str(node))
        assert m is not None
        start, end = int(m[1]), int(m[2])
        assert g.value(node, NIF.beginIndex) == Literal(start, datatype=XSD.nonNegativeInteger)
        assert g.value(node, NIF.endIndex) == Literal(end, datatype=XSD.nonNegativeInteger)
        assert str(g.value(node, NIF.anchorOf)) == doc.raw[start:end]
        assert g.value(node, NIF.referenceContext) == iris.text(doc.id)
        target = g.value(node, ITSRDF.taIdentRef)
        assert isinstance(target, URIRef) and str(target).startswith(iris.base + "id/")
    first = article_annotated.mentions[0]
    node = iris.mention(doc.id, first.start, first.end)
    assert g.value(node, ITSRDF.taIdentRef) == iris.entity(first.entity)


# --------------------------------------------------------------------------- coverage


def test_coverage_counts_per_section(article_annotated: AnnotatedDocument) -> None:
    g = Graph()
    iris = IriScheme()
    doc = article_annotated.doc
    render_coverage(g, iris, doc.id, doc.sections, article_annotated.coverage)
    total = 0
    for s in doc.sections:
        value = g.value(iris.segment(doc.id, s.id), ALBAKG.uncoveredNameCount)
        assert isinstance(value, Literal) and value.datatype == XSD.nonNegativeInteger
        total += int(value)
    assert total == len(article_annotated.coverage.unexplained)
