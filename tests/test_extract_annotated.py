"""The annotated document: extraction runs once per document, and the graph stage only renders."""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import albakg.extract.citations
import albakg.extract.coverage
import albakg.extract.mentions
from albakg.build.pipeline import build
from albakg.curation.corpus import Corpus, load_corpus
from albakg.curation.records import Claim, Entity, Relation, Work
from albakg.extract.annotated import AnnotatedDocument, annotate, annotate_corpus
from albakg.rdf.graph import build_dataset
from albakg.rdf.iris import IriScheme

from .conftest import MINI_CORPUS


def _patch_everywhere(
    monkeypatch: pytest.MonkeyPatch, original: Callable[..., Any], replacement: Callable[..., Any]
) -> None:
    """Replace a function in its module and in every albakg module that imported it."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("albakg") or module is None:
            continue
        for attr, value in list(vars(module).items()):
            if value is original:
                monkeypatch.setattr(module, attr, replacement)


def test_mentions_are_found_once_per_document_per_build(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    original = albakg.extract.mentions.find_mentions
    calls: list[str] = []

    def counting(doc: Any, forms: Any) -> Any:
        calls.append(doc.id)
        return original(doc, forms)

    _patch_everywhere(monkeypatch, original, counting)
    build(tmp_path / "out", MINI_CORPUS, IriScheme())
    assert calls == ["mini"]


@pytest.mark.parametrize(
    "original",
    [
        albakg.extract.mentions.find_mentions,
        albakg.extract.citations.extract_citations,
        albakg.extract.coverage.check_coverage,
    ],
)
def test_graph_assembly_runs_no_extraction(
    monkeypatch: pytest.MonkeyPatch, original: Callable[..., Any]
) -> None:
    corpus = load_corpus(MINI_CORPUS)
    documents = annotate_corpus(corpus)

    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"{original.__name__} called during graph assembly")

    _patch_everywhere(monkeypatch, original, forbidden)
    ds = build_dataset(documents, corpus.entities, IriScheme())
    assert len(ds) > 0


def test_every_curated_record_has_its_evidence(
    real_corpus: Corpus, article_annotated: AnnotatedDocument
) -> None:
    b = article_annotated.bundle
    for item in (*b.entities, *b.works, *b.relations, *b.claims):
        r = item.record
        if isinstance(r, Entity):
            kind, key = "entity", r.id
        elif isinstance(r, Work):
            kind, key = "work", b.work_id(r, real_corpus.entities)
        else:
            assert isinstance(r, Relation | Claim)
            kind, key = ("relation" if isinstance(r, Relation) else "claim"), r.id
        assert item.evidence, key
        assert article_annotated.evidence_of(kind, key) == item.evidence
    assert article_annotated.evidence_of("publication", b.doc.id) == b.publication_evidence
    assert article_annotated.uncurated_works == ()  # every work the article cites is curated


def test_a_work_only_the_text_cites_is_backed_by_its_pointers() -> None:
    mini = load_corpus(MINI_CORPUS)
    bundle = copy.copy(mini.documents[0])
    bundle.works = []
    corpus = Corpus([bundle], mini.entities, mini.entity_doc, mini.verified_qids)
    ann = annotate(bundle, corpus)
    assert [w.key for w in ann.uncurated_works] == ["gomez-2010"]
    pointers = [p for p in ann.citations.pointers if p.work == "gomez-2010"]
    spans = [(a.start, a.end) for a in ann.evidence_of("cited-work", "gomez-2010")]
    assert spans == [(p.start, p.end) for p in pointers] and spans
    assert annotate(mini.documents[0], mini).uncurated_works == ()


def test_annotation_carries_the_segmented_text(article_annotated: AnnotatedDocument) -> None:
    doc = article_annotated.bundle.doc
    assert article_annotated.doc is doc
    assert article_annotated.sections == doc.sections and doc.sections
    assert article_annotated.sentences == doc.sentences and doc.sentences
    assert {m.section for m in article_annotated.mentions} <= {s.id for s in doc.sections}


def test_an_unknown_evidence_kind_is_an_error(article_annotated: AnnotatedDocument) -> None:
    with pytest.raises(ValueError, match="unknown evidence kind 'entities'"):
        article_annotated.evidence_of("entities", "alba")
