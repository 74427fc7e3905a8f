"""The curated corpus: every record loads, every quote anchors, every reference resolves."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from albakg.curation.corpus import CorpusError, load_corpus
from albakg.curation.records import Claim, Entity, Relation
from albakg.resources import data_dir

from .conftest import MINI_CORPUS


def test_every_curated_record_loads_and_anchors() -> None:
    corpus = load_corpus(data_dir())
    assert corpus.documents, "no documents"
    for bundle in corpus.documents:
        raw = bundle.doc.raw
        items = [*bundle.entities, *bundle.works, *bundle.relations, *bundle.claims]
        assert items
        for item in items:
            assert item.evidence, f"{item.file}: {item.record} has no anchored evidence"
            for a in item.evidence:
                assert raw[a.start : a.end] == a.exact
    assert len(corpus.entities) >= 100


def test_wikidata_links_are_only_verified_ones() -> None:
    corpus = load_corpus(data_dir())
    linked = {e.wikidata for e in corpus.entities.values() if e.wikidata}
    assert linked and linked <= corpus.verified_qids


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(MINI_CORPUS, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "entities.yaml",
            'quote: "Ana Pérez"',
            'quote: "Ana López"',
            r"record 'ana-perez'.*quote not found",
        ),
        (
            "entities.yaml",
            'quote: "soft balancing"',
            'quote: "el bloque"',
            r"record 'soft-balancing'.*found 2 times",
        ),
        (
            "entities.yaml",
            "wikidata: Q717",
            "wikidata: Q999999999",
            r"Q999999999 is not in data/links/wikidata.tsv",
        ),
        (
            "relations.yaml",
            "object: bap\n",
            "object: atlantis\n",
            r"record 'venezuela-member-of-bap'.*'atlantis' is not a known entity id",
        ),
        (
            "claims.yaml",
            "cites: [gomez-2010]",
            "cites: [gomez-2099]",
            r"cites 'gomez-2099', which is not a work",
        ),
        (
            "claims.yaml",
            "    practice: [nicaragua-promotes-free-trade]\n",
            "",
            r"a contradiction needs 'discourse' and 'practice'",
        ),
        (
            "entities.yaml",
            "    place: la-habana",
            "    place: venezuela-x",
            r"place 'venezuela-x' is not a known entity id",
        ),
        (
            "works.yaml",
            "authors: [gomez]",
            "authors: [ana-perez]",
            r"author 'ana-perez' has no citation_name",
        ),
    ],
)
def test_broken_curation_is_reported(
    corpus_copy: Path, file: str, old: str, new: str, message: str
) -> None:
    edit(corpus_copy / "documents" / "mini" / file, old, new)
    with pytest.raises(CorpusError, match=message):
        load_corpus(corpus_copy)


def test_all_problems_are_reported_together(corpus_copy: Path) -> None:
    folder = corpus_copy / "documents" / "mini"
    edit(folder / "entities.yaml", 'quote: "Ana Pérez"', 'quote: "Ana López"')
    edit(folder / "relations.yaml", "object: bap\n", "object: atlantis\n")
    with pytest.raises(CorpusError) as info:
        load_corpus(corpus_copy)
    assert len(info.value.problems) == 2


def test_mini_corpus_types() -> None:
    corpus = load_corpus(MINI_CORPUS)
    (bundle,) = corpus.documents
    assert all(isinstance(i.record, Entity) for i in bundle.entities)
    assert all(isinstance(i.record, Relation) for i in bundle.relations)
    assert all(isinstance(i.record, Claim) for i in bundle.claims)
