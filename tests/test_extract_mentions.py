"""Mentions: every curated surface form found where the text writes it, longest first."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from albakg.curation.corpus import Corpus
from albakg.curation.records import Entity, Labels, Quote
from albakg.extract.annotated import AnnotatedDocument
from albakg.extract.mentions import (
    Mentions,
    SurfaceForm,
    find_mentions,
    initial_positions,
    surface_forms,
)
from albakg.text.document import Document, read_document

LEAD = "Un texto de prueba\nescrito en tres\nlíneas.\n\n"


def entity(eid: str, label: str, *aliases: str) -> Entity:
    return Entity(
        id=eid,
        type="Organization",
        label=Labels(es=label, en=label),
        aliases=list(aliases),
        evidence=[Quote(quote=label)],
    )


ENTITIES = [
    entity("alba", "Alianza Bolivariana", "ALBA", "el ALBA"),
    entity("banco-del-alba", "Banco del ALBA", "Banco del ALBA"),
    entity("can", "Comunidad Andina", "CAN"),
    entity("bm", "Banco Mundial", "BM"),
    entity("us", "Estados Unidos", "US", "Washington"),
    entity("consenso", "Consenso de Washington", "Consenso de Washington"),
    entity("gobernanza", "gobernanza", "gobernanza"),
    entity("regionalismo", "regionalismo abierto", "regionalismo abierto"),
]


def find(tmp_path: Path, text: str, entities: list[Entity] = ENTITIES) -> tuple[Document, Mentions]:
    path = tmp_path / "source.txt"
    path.write_text(LEAD + text, encoding="utf-8")
    doc = read_document("t", path)
    return doc, find_mentions(doc, surface_forms(entities))


def found(mentions: Mentions) -> list[tuple[str, str]]:
    return [(m.normalized, m.entity) for m in mentions.mentions]


def test_longest_match_wins(tmp_path: Path) -> None:
    _, m = find(tmp_path, "El Banco del ALBA y el ALBA; el Consenso de Washington y Washington.\n")
    assert found(m) == [
        ("Banco del ALBA", "banco-del-alba"),
        ("el ALBA", "alba"),
        ("Consenso de Washington", "consenso"),
        ("Washington", "us"),
    ]


def test_acronyms_are_case_sensitive_and_whole_words(tmp_path: Path) -> None:
    _, m = find(tmp_path, "We can see us and BMW, the CANs and la CAN with the US.\n")
    assert found(m) == [("CAN", "can"), ("US", "us")]


def test_lowercase_form_capitalized_only_where_a_sentence_begins(tmp_path: Path) -> None:
    doc, m = find(tmp_path, "Gobernanza es un término. La Gobernanza no es un nombre.\n")
    assert found(m) == [("Gobernanza", "gobernanza")]
    assert m.mentions[0].norm_start in initial_positions(doc)
    assert m.mentions[0].form == "gobernanza"


def test_form_across_a_line_end_hyphen_reextracts_raw(tmp_path: Path) -> None:
    doc, m = find(tmp_path, "Frente al regionalismo abier-\nto del BM.\n")
    (first, second) = m.mentions
    assert first.normalized == "regionalismo abierto"
    assert first.exact == "regionalismo abier-\nto" == doc.raw[first.start : first.end]
    assert doc.raw[second.start : second.end] == "BM"


def test_ambiguous_forms_are_reported_not_annotated(tmp_path: Path) -> None:
    twins = [*ENTITIES, entity("can-2", "Cámara Andina", "CAN")]
    _, m = find(tmp_path, "La CAN decidió.\n", twins)
    assert found(m) == []
    assert m.ambiguous == (SurfaceForm("CAN", ("can", "can-2")),)


_WORDS = st.sampled_from(["el", "de", "y", "la", "Banco", "del", "ALBA", "CAN", "can", "Estados"])


@settings(max_examples=150, deadline=None)
@given(words=st.lists(_WORDS, min_size=1, max_size=30))
def test_mentions_are_whole_words_disjoint_and_maximal(
    tmp_path_factory: pytest.TempPathFactory, words: list[str]
) -> None:
    tmp = tmp_path_factory.mktemp("m")
    doc, m = find(tmp, " ".join(words) + ".\n")
    text = doc.text
    last_end = -1
    for x in m.mentions:
        assert x.norm_start >= last_end
        last_end = x.norm_end
        assert not (x.norm_start > 0 and text[x.norm_start - 1].isalnum())
        assert not (x.norm_end < len(text) and text[x.norm_end].isalnum())
        assert doc.raw[x.start : x.end] == x.exact
    covered = {i for x in m.mentions for i in range(x.norm_start, x.norm_end)}
    for form in ("ALBA", "CAN", "Banco del ALBA"):
        for hit in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
            assert covered & set(range(hit.start(), hit.end())), f"{form} at {hit.start()} missed"


# --------------------------------------------------------------------------- the article


@pytest.fixture(scope="module")
def article_mentions(real_corpus: Corpus, article_annotated: AnnotatedDocument) -> Mentions:
    doc = real_corpus.documents[0].doc
    found = find_mentions(doc, surface_forms(real_corpus.entities.values()))
    assert found.mentions == article_annotated.mentions  # the annotation holds the same spans
    assert found.ambiguous == article_annotated.ambiguous_forms
    return found


def test_article_mentions_reextract_and_do_not_overlap(
    article_mentions: Mentions, article: Document
) -> None:
    assert len(article_mentions.mentions) > 800
    last_end = -1
    for m in article_mentions.mentions:
        assert article.raw[m.start : m.end] == m.exact
        assert m.start >= last_end
        last_end = m.end
    assert article_mentions.ambiguous == ()


def _at(mentions: Mentions, text: str) -> list[str]:
    return [m.entity for m in mentions.mentions if m.normalized == text]


def test_article_names_link_to_their_entities(article_mentions: Mentions) -> None:
    assert set(_at(article_mentions, "Thomas Legler")) == {"thomas-legler"}
    assert set(_at(article_mentions, "Legler")) == {"thomas-legler"}  # the cited author
    assert set(_at(article_mentions, "Banco del ALBA")) == {"banco-del-alba"}
    assert set(_at(article_mentions, "BID")) == {"bid"}
    assert _at(article_mentions, "ALBA")  # and never inside "Banco del ALBA"
    for m in article_mentions.mentions:
        if m.normalized == "ALBA":
            assert m.entity == "alba"
