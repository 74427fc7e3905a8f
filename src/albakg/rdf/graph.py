"""Graph stage: assemble the dataset of three named graphs from the annotated documents.

* ``graph/vocabulary`` — the OWL vocabulary, as shipped in ``ontology/``;
* ``graph/data`` — entities, works, statements, claims, citations, mentions, evidence;
* ``graph/provenance`` — the text anchoring (full text, sections, paragraphs, sentences),
  the coverage counts, the dataset description and the build that produced it.

Every node gets an IRI (no blank nodes), so that repeated builds write identical bytes and
any two renderers that mean the same resource mint the same IRI (see ``iris.py``). This
module only decides which renderer writes what into which graph; extraction has already
run (``albakg.extract.annotated``) and the renderers (``albakg.rdf.render``) write values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import ORG, RDFS, NamespaceManager

from albakg.curation.records import Claim, Entity, Relation, Work
from albakg.extract.annotated import AnnotatedDocument
from albakg.rdf.iris import IriScheme
from albakg.rdf.render.citations import render_pointers, render_references
from albakg.rdf.render.claims import render_claim
from albakg.rdf.render.coverage import render_coverage
from albakg.rdf.render.document import render_document
from albakg.rdf.render.entities import render_entity
from albakg.rdf.render.mentions import render_mentions
from albakg.rdf.render.provenance import render_dataset_description
from albakg.rdf.render.relations import render_relation
from albakg.rdf.render.segments import render_segments
from albakg.rdf.render.works import render_uncurated_work, render_work
from albakg.rdf.vocab import PREDICATES, PREFIXES
from albakg.resources import ontology_file

#: Labels of reused properties used as statement predicates (albakg's own come from the vocabulary).
_REUSED_PREDICATE_LABELS = {
    ORG.memberOf: ("miembro de", "member of"),
    ORG.headOf: ("dirige", "head of"),
}


@dataclass(frozen=True)
class GraphNames:
    vocabulary: URIRef
    data: URIRef
    provenance: URIRef

    @classmethod
    def of(cls, iris: IriScheme) -> GraphNames:
        return cls(iris.graph("vocabulary"), iris.graph("data"), iris.graph("provenance"))


def new_dataset() -> Dataset:
    """An empty dataset without rdflib's default prefix bindings (only ours get written)."""
    ds = Dataset()
    ds.namespace_manager = NamespaceManager(ds, bind_namespaces="none")
    return ds


def load_vocabulary() -> Graph:
    g = Graph(bind_namespaces="none")
    g.parse(ontology_file(), format="turtle")
    return g


def bind_prefixes(g: Graph | Dataset, iris: IriScheme) -> None:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    g.bind("id", iris.base + "id/", override=True, replace=True)
    g.bind("work", iris.base + "work/", override=True, replace=True)


def predicate_labels(vocab: Graph) -> dict[URIRef, tuple[str, str]]:
    """Spanish and English label of every statement predicate, from the vocabulary."""
    labels: dict[URIRef, tuple[str, str]] = {}
    for prop in PREDICATES.values():
        if prop in _REUSED_PREDICATE_LABELS:
            labels[prop] = _REUSED_PREDICATE_LABELS[prop]
            continue
        es = en = str(prop).rsplit("#", 1)[-1]
        for lit in vocab.objects(prop, RDFS.label):
            if isinstance(lit, Literal) and lit.language == "es":
                es = str(lit)
            elif isinstance(lit, Literal) and lit.language == "en":
                en = str(lit)
        labels[prop] = es, en
    return labels


def _render_records(
    data: Graph,
    iris: IriScheme,
    ann: AnnotatedDocument,
    entities: Mapping[str, Entity],
    labels: Mapping[URIRef, tuple[str, str]],
) -> None:
    """The curated records of one document, each with the evidence annotation found for it."""
    b, doc_id = ann.bundle, ann.doc.id
    render_document(data, iris, b.record, ann.doc, ann.evidence_of("publication", doc_id))
    for item in b.entities:
        e = item.record
        assert isinstance(e, Entity)
        render_entity(data, iris, doc_id, b.record.language, e, ann.evidence_of("entity", e.id))
    works: dict[str, URIRef] = {}
    for item in b.works:
        w = item.record
        assert isinstance(w, Work)
        key = b.work_id(w, entities)
        works[key] = render_work(data, iris, doc_id, w, key, entities, ann.evidence_of("work", key))
    for item in b.relations:
        r = item.record
        assert isinstance(r, Relation)
        evidence = ann.evidence_of("relation", r.id)
        render_relation(data, iris, doc_id, r, entities, labels, evidence)
    for item in b.claims:
        c = item.record
        assert isinstance(c, Claim)
        render_claim(data, iris, doc_id, c, works, ann.evidence_of("claim", c.id))


def _render_extracted(
    data: Graph,
    prov: Graph,
    iris: IriScheme,
    ann: AnnotatedDocument,
    entities: Mapping[str, Entity],
) -> None:
    """What extraction found in one document: citations, works only cited, mentions, coverage."""
    doc_id = ann.doc.id
    render_segments(prov, iris, ann.doc)
    render_references(data, iris, ann.citations, entities)
    for w in ann.uncurated_works:
        evidence = ann.evidence_of("cited-work", w.key)
        render_uncurated_work(data, iris, doc_id, w, entities, evidence)
    render_pointers(data, iris, ann.citations)
    render_mentions(data, iris, doc_id, ann.mentions)
    render_coverage(prov, iris, doc_id, ann.sections, ann.coverage)


def build_dataset(
    documents: Sequence[AnnotatedDocument], entities: Mapping[str, Entity], iris: IriScheme
) -> Dataset:
    """The whole dataset: vocabulary, data and provenance, each in its named graph."""
    names = GraphNames.of(iris)
    vocab = load_vocabulary()
    labels = predicate_labels(vocab)
    data = Graph(bind_namespaces="none")
    prov = Graph(bind_namespaces="none")
    for ann in documents:
        _render_records(data, iris, ann, entities, labels)
        _render_extracted(data, prov, iris, ann, entities)
    graphs = (names.vocabulary, names.data, names.provenance)
    render_dataset_description(prov, iris, graphs, [a.doc.id for a in documents])
    ds = new_dataset()
    bind_prefixes(ds, iris)
    for name, g in zip(graphs, (vocab, data, prov), strict=True):
        target = ds.graph(name)
        for triple in g:
            target.add(triple)
    return ds
