"""Coverage: names no entity covers, the exclusions that explain them, and the command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from rdflib import Graph, Literal
from rdflib.namespace import XSD
from typer.testing import CliRunner

from albakg.cli.app import app
from albakg.curation.corpus import Corpus, load_corpus
from albakg.curation.records import Entity, Labels, Quote, RecordError
from albakg.extract.coverage import (
    EXCLUSIONS_FILE,
    Coverage,
    ExclusionsFile,
    add_coverage_to_graph,
    check_coverage,
    coverage_of,
    find_candidates,
    load_exclusions,
)
from albakg.extract.mentions import find_mentions, surface_forms
from albakg.rdf.iris import ALBAKG, IriScheme
from albakg.resources import data_dir
from albakg.text.document import Document, read_document

from .conftest import MINI_CORPUS

runner = CliRunner()
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


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("names:\n  - {terms: [El], reason: sentence-initial, note: x, extra: 1}\n", "unknown key"),
        ("names:\n  - {terms: [El], reason: because, note: x}\n", "reason"),
        ("names:\n  - {terms: [El, El], reason: sentence-initial, note: x}\n", "listed twice"),
        ("names:\n  - {terms: [], reason: sentence-initial, note: x}\n", "terms"),
        ("names:\n  - {terms: [El], reason: numeral, note: x, sections: [s1]}\n", "sections"),
        ("names:\n  - {terms: [El], reason: numeral}\n", "note"),
        ("unmentioned:\n  - {entity: Not A Slug, reason: nested-only, note: x}\n", "entity"),
        ("other: []\n", "unknown key"),
    ],
)
def test_exclusions_schema_is_strict(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / EXCLUSIONS_FILE
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RecordError, match=message):
        load_exclusions(path)


def test_missing_exclusions_file_excludes_nothing(tmp_path: Path) -> None:
    assert load_exclusions(tmp_path / EXCLUSIONS_FILE) == ExclusionsFile()


# --------------------------------------------------------------------------- the article


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(data_dir())


@pytest.fixture(scope="module")
def article_coverage(corpus: Corpus) -> Coverage:
    return coverage_of(corpus.documents[0].doc, corpus)


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


def test_graph_counts_per_section(corpus: Corpus, article_coverage: Coverage) -> None:
    g = Graph()
    iris = IriScheme()
    doc = corpus.documents[0].doc
    add_coverage_to_graph(g, doc, corpus, iris)
    total = 0
    for s in doc.sections:
        value = g.value(iris.segment(doc.id, s.id), ALBAKG.uncoveredNameCount)
        assert isinstance(value, Literal) and value.datatype == XSD.nonNegativeInteger
        total += int(value)
    assert total == len(article_coverage.unexplained)


# --------------------------------------------------------------------------- the command


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(MINI_CORPUS, target)
    return target


def test_command_exit_codes_follow_the_list(mini_copy: Path) -> None:
    args = ["coverage", "mini", "--source", str(mini_copy), "--format", "json"]
    first = runner.invoke(app, args)
    payload = json.loads(first.output)
    assert first.exit_code == 1 and payload["unexplained"]
    names = sorted({row["text"] for row in payload["unexplained"]})
    exclusions = {
        "names": [{"terms": names, "reason": "common-noun", "note": "test"}],
        "unmentioned": [
            {"entity": e, "reason": "no-surface-form", "note": "test"}
            for e in payload["unmentioned"]
        ],
    }
    (mini_copy / "documents" / "mini" / EXCLUSIONS_FILE).write_text(
        yaml.safe_dump(exclusions, allow_unicode=True), encoding="utf-8"
    )
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert json.loads(second.output)["unexplained"] == []
    table = runner.invoke(app, ["coverage", "mini", "--source", str(mini_copy)])
    assert table.exit_code == 0 and "0 unexplained names" in table.output


def test_command_usage_and_data_errors(mini_copy: Path) -> None:
    assert runner.invoke(app, ["coverage", "--format", "xml"]).exit_code == 2
    bad = mini_copy / "documents" / "mini" / EXCLUSIONS_FILE
    bad.write_text("names: [{terms: [X], reason: nope, note: x}]\n", encoding="utf-8")
    result = runner.invoke(app, ["coverage", "mini", "--source", str(mini_copy)])
    assert result.exit_code == 1 and "reason" in result.output
    assert "Example: albakg coverage" in runner.invoke(app, ["coverage", "--help"]).output


def test_command_on_the_article_matches_the_list() -> None:
    result = runner.invoke(app, ["coverage", "--format", "tsv"])
    rows = result.output.splitlines()[1:]
    assert result.exit_code == (1 if rows else 0)
