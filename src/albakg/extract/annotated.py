"""The annotated document: one document with everything extraction found in it, computed once.

Like a spaCy ``Doc`` with its spans, it carries the segmented text and, as plain values, the
spans later stages need: where each curated record is quoted (evidence), where the text names
an entity (mentions), where it cites a work (pointers, with ibídem and op. cit. resolved) and
what no entity covers (coverage). Building it is the only place extraction runs, so that the
RDF stage, the checks and the commands all see the same spans and nothing is found twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from albakg.curation.anchor import Anchor, anchor_span
from albakg.curation.corpus import Corpus, DocumentBundle
from albakg.curation.records import Claim, Entity, Relation, Work
from albakg.extract.citation_names import NameIndex
from albakg.extract.citations import Citations, CitedWork, extract_citations
from albakg.extract.coverage import Coverage, check_coverage
from albakg.extract.mentions import Mention, SurfaceForm, find_mentions, surface_forms
from albakg.text.document import Document, Segment

#: Kinds of record an evidence span backs.
EVIDENCE_KINDS = ("publication", "entity", "work", "relation", "claim", "cited-work")


@dataclass(frozen=True)
class EvidenceSpan:
    """A quote that backs one record: which record (kind and key) and where the text says it.

    ``key`` is the entity slug, the work key, the relation or claim id, the document id for
    its publication date, or the work key of a cited work no curator listed (whose evidence
    is the text of its pointers).
    """

    kind: str
    key: str
    anchor: Anchor


@dataclass(frozen=True)
class AnnotatedDocument:
    """A checked document bundle and the spans extraction found in its text."""

    bundle: DocumentBundle
    mentions: tuple[Mention, ...]
    ambiguous_forms: tuple[SurfaceForm, ...]
    citations: Citations
    uncurated_works: tuple[CitedWork, ...]  # cited in the text, absent from works.yaml
    coverage: Coverage
    evidence: tuple[EvidenceSpan, ...]

    @property
    def doc(self) -> Document:
        return self.bundle.doc

    @property
    def sections(self) -> tuple[Segment, ...]:
        return self.bundle.doc.sections

    @property
    def sentences(self) -> tuple[Segment, ...]:
        return self.bundle.doc.sentences

    @cached_property
    def _evidence_index(self) -> Mapping[tuple[str, str], tuple[Anchor, ...]]:
        index: dict[tuple[str, str], list[Anchor]] = {}
        for e in self.evidence:
            index.setdefault((e.kind, e.key), []).append(e.anchor)
        return {k: tuple(v) for k, v in index.items()}

    def evidence_of(self, kind: str, key: str) -> tuple[Anchor, ...]:
        """The anchors backing one record, in the order curated (pointers: reading order).

        An unknown ``kind`` is a programming error, not a record without evidence.
        """
        if kind not in EVIDENCE_KINDS:
            raise ValueError(f"unknown evidence kind {kind!r}; expected one of {EVIDENCE_KINDS}")
        return self._evidence_index.get((kind, key), ())


def _curated_evidence(bundle: DocumentBundle, corpus: Corpus) -> Iterable[EvidenceSpan]:
    for a in bundle.publication_evidence:
        yield EvidenceSpan("publication", bundle.doc.id, a)
    for item in (*bundle.entities, *bundle.works, *bundle.relations, *bundle.claims):
        r = item.record
        if isinstance(r, Entity):
            kind, key = "entity", r.id
        elif isinstance(r, Work):
            kind, key = "work", bundle.work_id(r, corpus.entities)
        else:
            assert isinstance(r, Relation | Claim)
            kind, key = ("relation" if isinstance(r, Relation) else "claim"), r.id
        yield from (EvidenceSpan(kind, key, a) for a in item.evidence)


def _uncurated(
    bundle: DocumentBundle, corpus: Corpus, citations: Citations
) -> tuple[tuple[CitedWork, ...], tuple[EvidenceSpan, ...]]:
    """Cited works no curator listed, each with the text of its pointers as evidence."""
    curated = {
        bundle.work_id(item.record, corpus.entities)
        for item in bundle.works
        if isinstance(item.record, Work)
    }
    works = tuple(w for w in citations.works if w.key not in curated)
    keys = {w.key for w in works}
    evidence = tuple(
        EvidenceSpan("cited-work", p.work, anchor_span(bundle.doc, p.norm_start, p.norm_end))
        for p in citations.pointers
        if p.work in keys
    )
    return works, evidence


def annotate(bundle: DocumentBundle, corpus: Corpus) -> AnnotatedDocument:
    """Run every extraction over one document of the checked corpus, once."""
    doc = bundle.doc
    entities = corpus.entities.values()
    found = find_mentions(doc, surface_forms(entities))
    citations = extract_citations(doc, NameIndex.of(entities))
    coverage = check_coverage(doc, found.mentions, corpus.own_entities(bundle), bundle.exclusions)
    uncurated, cited_evidence = _uncurated(bundle, corpus, citations)
    return AnnotatedDocument(
        bundle=bundle,
        mentions=found.mentions,
        ambiguous_forms=found.ambiguous,
        citations=citations,
        uncurated_works=uncurated,
        coverage=coverage,
        evidence=(*_curated_evidence(bundle, corpus), *cited_evidence),
    )


def annotate_corpus(corpus: Corpus) -> tuple[AnnotatedDocument, ...]:
    """Every document of the corpus, annotated, in corpus order."""
    return tuple(annotate(b, corpus) for b in corpus.documents)
