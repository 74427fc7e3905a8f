"""Coverage: names no entity covers, and the exclusions that explain them."""

from __future__ import annotations

from pathlib import Path

import pytest

from albakg.curation.exclusions import ExclusionsFile
from albakg.curation.records import Entity, Labels, Quote
from albakg.extract.annotated import AnnotatedDocument
from albakg.extract.coverage import Coverage, check_coverage, find_candidates
from albakg.extract.mentions import find_mentions, surface_forms
from albakg.text.document import Document, read_document

LEAD = "un texto de prueba\nescrito en tres\nlíneas.\n\n"  # lowercase: no candidate
ENTITIES = [
    Entity(
        id="alba",
        type="RegionalBloc",
        label=Labels(es="ALBA", en="ALBA"),
        aliases=["ALBA", "Cumbres de las Américas"],
        evidence=[Quote(quote="ALBA")],
    ),
    Entity(
        id="fantasma",
        type="Organization",
        label=Labels(es="Fantasma", en="Ghost"),
        evidence=[Quote(quote="ALBA")],
    ),
]


def doc_of(tmp_path: Path, text: str) -> Document:
    path = tmp_path / "source.txt"
    path.write_text(LEAD + text, encoding="utf-8")
    return read_document("t", path)


def judge(tmp_path: Path, text: str, exclusions: dict[str, object]) -> Coverage:
    doc = doc_of(tmp_path, text)
    mentions = find_mentions(doc, surface_forms(ENTITIES)).mentions
    return check_coverage(
        doc, mentions, ["alba", "fantasma"], ExclusionsFile.model_validate(exclusions)
    )


TEXT = (
    "El ALBA nace en las Cumbres de las Américas. Las Cumbres se basaron en el Estado y el "
    "“poder blando”. Su lema fue “la unión de los pueblos latinoamericanos y caribeños contra "
    "el imperio”.\n"
)


def test_candidates_are_names_acronyms_and_short_quoted_terms(tmp_path: Path) -> None:
    doc = doc_of(tmp_path, TEXT + "La OTAN y la UE.\n")
    mentions = find_mentions(doc, surface_forms(ENTITIES)).mentions
    got = [(c.kind, c.text, c.initial) for c in find_candidates(doc, mentions)]
    assert got == [
        ("name", "El", True),
        ("name", "Las Cumbres", True),
        ("name", "Estado", False),
        ("quoted", "poder blando", False),
        ("name", "Su", True),
        ("name", "La OTAN", True),  # "La" is split off only by an exclusion
        ("acronym", "UE", False),
    ]
    # the long quotation is a quotation, not a term; "ALBA" is covered by its mention
    for c in find_candidates(doc, mentions):
        assert doc.raw[c.start : c.end].replace("\n", " ") == c.text


def test_exclusions_explain_and_split_sentence_initial_words(tmp_path: Path) -> None:
    cov = judge(
        tmp_path,
        TEXT,
        {
            "names": [
                {"terms": ["El", "Las", "Su"], "reason": "sentence-initial", "note": "x"},
                {"terms": ["poder blando"], "reason": "quoted-phrase", "note": "x"},
            ],
            "unmentioned": [{"entity": "fantasma", "reason": "no-surface-form", "note": "x"}],
        },
    )
    assert [c.text for c in cov.unexplained] == ["Cumbres", "Estado"]
    assert {(e.candidate.text, e.reason) for e in cov.explained} == {
        ("El", "sentence-initial"),
        ("Las", "sentence-initial"),
        ("Su", "sentence-initial"),
        ("poder blando", "quoted-phrase"),
    }
    assert cov.unmentioned == () and cov.stale == ()
    assert not cov.ok


def test_sentence_initial_reason_does_not_apply_mid_sentence(tmp_path: Path) -> None:
    cov = judge(
        tmp_path,
        "Estado fuerte. El Estado crece.\n",
        {
            "names": [
                {"terms": ["Estado"], "reason": "sentence-initial", "note": "x"},
                {"terms": ["El"], "reason": "sentence-initial", "note": "x"},
            ]
        },
    )
    assert [(c.text, c.initial) for c in cov.unexplained] == [("Estado", False)]


def test_heading_reason_applies_only_in_headings(tmp_path: Path) -> None:
    cov = judge(
        tmp_path,
        "Conclusiones\n\nLas Conclusiones son claras.\n",
        {"names": [{"terms": ["Conclusiones"], "reason": "heading-word", "note": "x"}]},
    )
    assert [(c.text, c.in_heading) for c in cov.unexplained] == [("Las Conclusiones", False)]
    assert [(e.candidate.text, e.candidate.in_heading) for e in cov.explained] == [
        ("Conclusiones", True)
    ]


def test_stale_exclusions_and_unmentioned_entities(tmp_path: Path) -> None:
    cov = judge(
        tmp_path,
        "El ALBA.\n",
        {
            "names": [{"terms": ["El", "Nunca"], "reason": "sentence-initial", "note": "x"}],
            "unmentioned": [
                {"entity": "alba", "reason": "nested-only", "note": "x"},
                {"entity": "otro", "reason": "nested-only", "note": "x"},
            ],
        },
    )
    assert cov.unexplained == ()
    assert cov.unmentioned == ("fantasma",)
    assert cov.stale == (
        "names: 'Nunca' (sentence-initial) matches nothing",
        "unmentioned: 'alba' is mentioned now",
        "unmentioned: 'otro' is not an entity of this document",
    )


# --------------------------------------------------------------------------- the article


@pytest.fixture(scope="module")
def article_coverage(article_annotated: AnnotatedDocument) -> Coverage:
    return article_annotated.coverage


def test_article_exclusions_are_all_in_use(article_coverage: Coverage) -> None:
    assert article_coverage.stale == ()
    reasons = {(e.candidate.text, e.reason) for e in article_coverage.explained}
    assert ("En", "sentence-initial") in reasons
    assert ("XVIII", "numeral") in reasons
    assert {x.entity for x in article_coverage.unmentioned_explained} >= {"miami", "quebec"}


def test_article_candidates_reextract(article_coverage: Coverage, article: Document) -> None:
    for c in article_coverage.unexplained:
        assert article.text[c.norm_start : c.norm_end].replace("\n", " ") == c.text
        assert article.normalized.raw_span(c.norm_start, c.norm_end) == (c.start, c.end)
