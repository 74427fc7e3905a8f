"""Graph stage: turn the checked corpus into an RDF dataset of three named graphs.

* ``graph/vocabulary`` — the OWL vocabulary, as shipped in ``ontology/``;
* ``graph/data`` — entities, works, statements, claims and their evidence;
* ``graph/provenance`` — the text anchoring (full text, sections, paragraphs, sentences),
  the dataset description and the build that produced it.

Every node gets an IRI (no blank nodes), so that repeated builds write identical bytes and
any two stages that mean the same resource mint the same IRI (see ``iris.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD, NamespaceManager

from albakg import __version__
from albakg.curation.anchor import Anchor
from albakg.curation.corpus import Corpus, DocumentBundle
from albakg.curation.records import Claim, Entity, Relation, Work
from albakg.extract.citations import add_citations_to_graph
from albakg.extract.coverage import add_coverage_to_graph
from albakg.extract.mentions import add_mentions_to_graph
from albakg.rdf.evidence import add_evidence
from albakg.rdf.iris import ALBAKG, VOCAB_IRI, IriScheme
from albakg.rdf.vocab import (
    CC,
    CITO,
    CLAIM_KINDS,
    DCAT,
    ENTITY_TYPES,
    FABIO,
    FRBR,
    NIF,
    OUTCOMES,
    PREDICATES,
    PREFIXES,
    SPDX,
    STANCES,
    VOID,
    WD,
)
from albakg.resources import ontology_file
from albakg.text.document import Document

CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
CREATOR = "albakg contributors"

#: Labels of reused properties used as statement predicates (albakg's own come from the vocabulary).
_REUSED_PREDICATE_LABELS = {
    ORG.memberOf: ("miembro de", "member of"),
    ORG.headOf: ("dirige", "head of"),
}


def date_literal(value: str) -> Literal:
    """A date at the precision the text gives: gYear, gYearMonth or date."""
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(value)]
    return Literal(value, datatype=datatype)


def _time_property(value: str) -> URIRef:
    return {4: TIME.inXSDgYear, 7: TIME.inXSDgYearMonth, 10: TIME.inXSDDate}[len(value)]


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


class _Builder:
    """Adds one corpus to the data and provenance graphs."""

    def __init__(self, corpus: Corpus, iris: IriScheme, vocab: Graph) -> None:
        self.corpus = corpus
        self.iris = iris
        self.vocab = vocab
        self.data = Graph(bind_namespaces="none")
        self.prov = Graph(bind_namespaces="none")

    # ------------------------------------------------------------------ helpers
    def entity(self, slug: str) -> URIRef:
        return self.iris.entity(slug)

    def label(self, node: URIRef, es: str, en: str, pt: str | None = None) -> None:
        self.data.add((node, RDFS.label, Literal(es, lang="es")))
        self.data.add((node, RDFS.label, Literal(en, lang="en")))
        if pt:
            self.data.add((node, RDFS.label, Literal(pt, lang="pt")))

    def evidence(self, node: URIRef, doc: Document, anchors: tuple[Anchor, ...]) -> None:
        for a in anchors:
            self.data.add((node, ALBAKG.hasEvidence, add_evidence(self.data, self.iris, doc.id, a)))

    def property_labels(self, prop: URIRef) -> tuple[str, str]:
        if prop in _REUSED_PREDICATE_LABELS:
            return _REUSED_PREDICATE_LABELS[prop]
        es = en = str(prop).rsplit("#", 1)[-1]
        for lit in self.vocab.objects(prop, RDFS.label):
            if isinstance(lit, Literal) and lit.language == "es":
                es = str(lit)
            elif isinstance(lit, Literal) and lit.language == "en":
                en = str(lit)
        return es, en

    def entity_labels(self, slug: str) -> tuple[str, str]:
        e = self.corpus.entities[slug]
        return e.label.es, e.label.en

    # ------------------------------------------------------------------ records
    def add_document(self, b: DocumentBundle) -> None:
        r, doc = b.record, b.doc
        node, text = self.iris.document(doc.id), self.iris.text(doc.id)
        d = self.data
        d.add((node, RDF.type, ALBAKG.SourceDocument))
        d.add((node, RDF.type, FABIO.JournalArticle))
        self.label(node, r.title.es, r.title.en, r.title.pt)
        for lang in ("es", "en", "pt"):
            title = getattr(r.title, lang)
            if title:
                d.add((node, DCTERMS.title, Literal(title, lang=lang)))
        d.add((node, DCTERMS.creator, self.entity(r.author)))
        d.add((node, DCTERMS.language, Literal(r.language, datatype=XSD.language)))
        d.add((node, DCTERMS.rights, Literal(r.rights.es, lang="es")))
        d.add((node, DCTERMS.rights, Literal(r.rights.en, lang="en")))
        if r.journal:
            d.add((node, ALBAKG.journalTitle, Literal(r.journal.title)))
            if r.journal.issue:
                d.add((node, ALBAKG.journalIssue, Literal(r.journal.issue)))
            if r.journal.start_page:
                d.add(
                    (
                        node,
                        ALBAKG.startPage,
                        Literal(r.journal.start_page, datatype=XSD.positiveInteger),
                    )
                )
        if r.journal_section:
            d.add((node, ALBAKG.journalSection, Literal(r.journal_section)))
        d.add((node, FRBR.embodiment, text))
        d.add((text, RDF.type, ALBAKG.TextRendition))
        self.label(text, f"texto plano de {doc.id}", f"plain text of {doc.id}")
        d.add((text, DCTERMS.format, Literal("text/plain; charset=utf-8")))
        d.add((text, ALBAKG.characterCount, Literal(len(doc.raw), datatype=XSD.nonNegativeInteger)))
        checksum = self.iris.checksum(doc.id)
        d.add((text, SPDX.checksum, checksum))
        d.add((checksum, RDF.type, SPDX.Checksum))
        d.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        d.add((checksum, SPDX.checksumValue, Literal(doc.sha256, datatype=XSD.hexBinary)))
        if r.published_not_before:
            inferred = r.published_not_before
            stmt = self.iris.statement(doc.id, "published-not-before")
            d.add((stmt, RDF.type, ALBAKG.Statement))
            self.label(
                stmt,
                f"{doc.id} publicado no antes de {inferred.value}",
                f"{doc.id} published not before {inferred.value}",
            )
            d.add((stmt, ALBAKG.statementSubject, node))
            d.add((stmt, ALBAKG.statementPredicate, ALBAKG.publishedNotBefore))
            d.add((stmt, ALBAKG.date, date_literal(inferred.value)))
            d.add((stmt, ALBAKG.inferred, Literal(True)))
            d.add((stmt, ALBAKG.note, Literal(inferred.reason.es, lang="es")))
            d.add((stmt, ALBAKG.note, Literal(inferred.reason.en, lang="en")))
            d.add((stmt, ALBAKG.statedIn, node))
            self.evidence(stmt, doc, b.publication_evidence)

    def add_entity(self, e: Entity, anchors: tuple[Anchor, ...], b: DocumentBundle) -> None:
        doc = b.doc
        node, d = self.entity(e.id), self.data
        d.add((node, RDF.type, ENTITY_TYPES[e.type]))
        self.label(node, e.label.es, e.label.en, e.label.pt)
        for alias in e.aliases:
            d.add((node, SKOS.altLabel, Literal(alias, lang=b.record.language)))
        if e.description:
            d.add((node, SKOS.definition, Literal(e.description.es, lang="es")))
            d.add((node, SKOS.definition, Literal(e.description.en, lang="en")))
        if e.citation_name:
            d.add((node, ALBAKG.citationName, Literal(e.citation_name)))
        if e.wikidata:
            d.add((node, OWL.sameAs, WD[e.wikidata]))
        if e.date:
            d.add((node, ALBAKG.date, date_literal(e.date)))
        if e.start:
            d.add((node, ALBAKG.startDate, date_literal(e.start)))
        if e.end:
            d.add((node, ALBAKG.endDate, date_literal(e.end)))
        if e.place:
            d.add((node, ALBAKG.atPlace, self.entity(e.place)))
        d.add((node, ALBAKG.statedIn, self.iris.document(doc.id)))
        self.evidence(node, doc, anchors)

    def add_work(self, b: DocumentBundle, w: Work, anchors: tuple[Anchor, ...]) -> URIRef:
        wid = b.work_id(w, self.corpus.entities)
        d = self.data
        if w.document:
            node = self.entity(w.document)
        else:
            node = self.iris.work(wid)
            names = [self.corpus.entities[a].citation_name or a for a in w.authors]
            joined_es = " y ".join(names) if len(names) < 3 else ", ".join(names)
            joined_en = " and ".join(names) if len(names) < 3 else ", ".join(names)
            self.label(node, f"{joined_es} ({w.year})", f"{joined_en} ({w.year})")
            d.add((node, ALBAKG.authorList, Literal("; ".join(names))))
            for a in w.authors:
                d.add((node, ALBAKG.author, self.entity(a)))
        d.add((node, RDF.type, ALBAKG.CitedWork))
        d.add((node, FABIO.hasPublicationYear, Literal(w.year[:4], datatype=XSD.gYear)))
        if w.title:
            d.add((node, DCTERMS.title, Literal(w.title)))
        d.add((self.iris.document(b.doc.id), CITO.cites, node))
        self.evidence(node, b.doc, anchors)
        return node

    def add_relation(self, b: DocumentBundle, r: Relation, anchors: tuple[Anchor, ...]) -> None:
        d, doc = self.data, b.doc
        s, o, p = self.entity(r.subject), self.entity(r.object), PREDICATES[r.predicate]
        stmt = self.iris.statement(doc.id, r.id)
        if not r.inferred:
            d.add((s, p, o))
        d.add((stmt, RDF.type, ALBAKG.Statement))
        pes, pen = self.property_labels(p)
        ses, sen = self.entity_labels(r.subject)
        oes, oen = self.entity_labels(r.object)
        self.label(stmt, f"{ses} — {pes} — {oes}", f"{sen} — {pen} — {oen}")
        d.add((stmt, ALBAKG.statementSubject, s))
        d.add((stmt, ALBAKG.statementPredicate, p))
        d.add((stmt, ALBAKG.statementObject, o))
        d.add((stmt, ALBAKG.inferred, Literal(r.inferred)))
        for prop, value in (
            (ALBAKG.date, r.date),
            (ALBAKG.startDate, r.start),
            (ALBAKG.endDate, r.end),
        ):
            if value:
                d.add((stmt, prop, date_literal(value)))
        for prop, text in (
            (ALBAKG.status, r.status),
            (ALBAKG.roleName, r.role),
            (ALBAKG.note, r.note),
        ):
            if text:
                d.add((stmt, prop, Literal(text.es, lang="es")))
                d.add((stmt, prop, Literal(text.en, lang="en")))
        if r.to:
            d.add((stmt, ALBAKG.proposedTo, self.entity(r.to)))
        if r.place:
            d.add((stmt, ALBAKG.atPlace, self.entity(r.place)))
        if r.outcome:
            d.add((stmt, ALBAKG.outcome, OUTCOMES[r.outcome]))
        d.add((stmt, ALBAKG.statedIn, self.iris.document(doc.id)))
        if r.predicate == "member_of":
            d.add((stmt, RDF.type, ALBAKG.Membership))
            d.add((stmt, ORG.member, s))
            d.add((stmt, ORG.organization, o))
            if r.start or r.end:
                interval = self.iris.interval(doc.id, r.id)
                d.add((stmt, ORG.memberDuring, interval))
                d.add((interval, RDF.type, TIME.Interval))
                for which, value, prop in (
                    ("start", r.start, TIME.hasBeginning),
                    ("end", r.end, TIME.hasEnd),
                ):
                    if value:
                        instant = self.iris.instant(doc.id, r.id, which)
                        d.add((interval, prop, instant))
                        d.add((instant, RDF.type, TIME.Instant))
                        d.add((instant, _time_property(value), date_literal(value)))
        self.evidence(stmt, doc, anchors)

    def add_claim(
        self, b: DocumentBundle, c: Claim, anchors: tuple[Anchor, ...], works: dict[str, URIRef]
    ) -> None:
        d, doc = self.data, b.doc
        node = self.iris.claim(doc.id, c.id)
        d.add((node, RDF.type, ALBAKG.Claim))
        self.label(node, c.text.es, c.text.en)
        for who in c.claimant:
            d.add((node, ALBAKG.claimant, self.entity(who)))
        d.add((node, ALBAKG.authorStance, STANCES[c.stance]))
        d.add((node, ALBAKG.claimKind, CLAIM_KINDS[c.kind]))
        for a in c.about:
            d.add((node, ALBAKG.about, self.entity(a)))
        for w in c.cites:
            d.add((node, ALBAKG.restsOn, works[w]))
            function = {"endorses": CITO.agreesWith, "contests": CITO.disagreesWith}.get(
                c.stance, CITO.citesForInformation
            )
            d.add((self.iris.document(doc.id), function, works[w]))
        for other in c.supports:
            d.add((node, ALBAKG.supports, self.iris.claim(doc.id, other)))
        for other in c.contradicts:
            d.add((node, ALBAKG.contradicts, self.iris.claim(doc.id, other)))
        for rel in c.discourse:
            d.add((node, ALBAKG.discourseSide, self.iris.statement(doc.id, rel)))
        for rel in c.practice:
            d.add((node, ALBAKG.practiceSide, self.iris.statement(doc.id, rel)))
        d.add((node, ALBAKG.statedIn, self.iris.document(doc.id)))
        self.evidence(node, doc, anchors)

    # ------------------------------------------------------------------ provenance
    def add_text_anchoring(self, b: DocumentBundle) -> None:
        doc, p = b.doc, self.prov
        text = self.iris.text(doc.id)
        p.add((text, NIF.isString, Literal(doc.raw)))
        p.add((text, NIF.sourceUrl, self.iris.document(doc.id)))
        kinds = (
            (doc.sections, ALBAKG.Section),
            (doc.headings, ALBAKG.Heading),
            (doc.paragraphs, ALBAKG.Paragraph),
            (doc.sentences, ALBAKG.Sentence),
        )
        for segments, cls in kinds:
            for index, seg in enumerate(segments, start=1):
                node = self.iris.segment(doc.id, seg.id)
                p.add((node, RDF.type, cls))
                p.add(
                    (node, NIF.beginIndex, Literal(seg.raw_start, datatype=XSD.nonNegativeInteger))
                )
                p.add((node, NIF.endIndex, Literal(seg.raw_end, datatype=XSD.nonNegativeInteger)))
                p.add((node, NIF.referenceContext, text))
                p.add((node, ALBAKG.segmentIndex, Literal(index, datatype=XSD.positiveInteger)))
                p.add((node, DCTERMS.identifier, Literal(seg.id)))
                if seg.parent:
                    p.add((node, ALBAKG.segmentOf, self.iris.segment(doc.id, seg.parent)))
                if cls in (ALBAKG.Heading, ALBAKG.Sentence):
                    p.add((node, ALBAKG.normalizedText, Literal(seg.text)))
                if cls == ALBAKG.Section:
                    title = seg.title or ("portada" if seg.id == "front" else "sin título")
                    title_en = seg.title or ("front matter" if seg.id == "front" else "untitled")
                    p.add((node, RDFS.label, Literal(title, lang="es")))
                    p.add((node, RDFS.label, Literal(title_en, lang="en")))

    def add_dataset_description(self, names: GraphNames) -> None:
        p, iris = self.prov, self.iris
        ds, build = iris.dataset(), iris.build(__version__)
        p.add((ds, RDF.type, DCAT.Dataset))
        p.add((ds, RDF.type, VOID.Dataset))
        p.add((ds, DCTERMS.title, Literal("Grafo de conocimiento albakg", lang="es")))
        p.add((ds, DCTERMS.title, Literal("albakg knowledge graph", lang="en")))
        p.add((ds, DCTERMS.creator, Literal(CREATOR)))
        p.add((ds, DCTERMS.license, CC_BY))
        p.add((ds, CC.license, CC_BY))
        p.add(
            (
                ds,
                DCTERMS.rights,
                Literal(
                    "Data and vocabulary: CC BY 4.0, albakg contributors. The texts of the source "
                    "documents remain their authors' and publishers'; they are carried only as the "
                    "sources every quote is checked against.",
                    lang="en",
                ),
            )
        )
        p.add(
            (
                ds,
                DCTERMS.rights,
                Literal(
                    "Datos y vocabulario: CC BY 4.0, albakg contributors. Los textos de los "
                    "documentos fuente pertenecen a sus autores y editores; se incluyen solo "
                    "como fuentes contra las cuales se verifica cada cita.",
                    lang="es",
                ),
            )
        )
        p.add((ds, VOID.vocabulary, URIRef(VOCAB_IRI)))
        p.add((ds, PROV.wasGeneratedBy, build))
        for g in (names.vocabulary, names.data, names.provenance):
            p.add((ds, VOID.subset, g))
        for b in self.corpus.documents:
            p.add((ds, DCTERMS.source, iris.document(b.doc.id)))
            p.add((build, PROV.used, iris.text(b.doc.id)))
        p.add((build, RDF.type, ALBAKG.Build))
        p.add((build, RDFS.label, Literal(f"construcción de albakg {__version__}", lang="es")))
        p.add((build, RDFS.label, Literal(f"albakg build {__version__}", lang="en")))
        p.add((build, PROV.used, URIRef(VOCAB_IRI)))
        p.add((build, PROV.generated, ds))

    def run(self, names: GraphNames) -> None:
        for b in self.corpus.documents:
            self.add_document(b)
            for item in b.entities:
                assert isinstance(item.record, Entity)
                self.add_entity(item.record, item.evidence, b)
            works: dict[str, URIRef] = {}
            for item in b.works:
                assert isinstance(item.record, Work)
                node = self.add_work(b, item.record, item.evidence)
                works[b.work_id(item.record, self.corpus.entities)] = node
            for item in b.relations:
                assert isinstance(item.record, Relation)
                self.add_relation(b, item.record, item.evidence)
            for item in b.claims:
                assert isinstance(item.record, Claim)
                self.add_claim(b, item.record, item.evidence, works)
            self.add_text_anchoring(b)
            add_citations_to_graph(self.data, b.doc, self.corpus, self.iris)
            add_mentions_to_graph(self.data, b.doc, self.corpus, self.iris)
            add_coverage_to_graph(self.prov, b.doc, self.corpus, self.iris)
        self.add_dataset_description(names)


def build_dataset(corpus: Corpus, iris: IriScheme) -> Dataset:
    """The whole dataset: vocabulary, data and provenance, each in its named graph."""
    names = GraphNames.of(iris)
    vocab = load_vocabulary()
    builder = _Builder(corpus, iris, vocab)
    builder.run(names)
    ds = new_dataset()
    bind_prefixes(ds, iris)
    for name, g in (
        (names.vocabulary, vocab),
        (names.data, builder.data),
        (names.provenance, builder.prov),
    ):
        target = ds.graph(name)
        for triple in g:
            target.add(triple)
    return ds
