"""The coverage exclusions file: a strict schema, checked with the rest of the curation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from albakg.curation.corpus import CorpusError, load_corpus
from albakg.curation.exclusions import EXCLUSIONS_FILE, ExclusionsFile, load_exclusions
from albakg.curation.records import RecordError

from .conftest import MINI_CORPUS


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


def test_corpus_carries_each_documents_exclusions(tmp_path: Path) -> None:
    target = tmp_path / "corpus"
    shutil.copytree(MINI_CORPUS, target)
    path = target / "documents" / "mini" / EXCLUSIONS_FILE
    path.write_text("names:\n  - {terms: [Zeta], reason: numeral, note: x}\n", encoding="utf-8")
    bundle = load_corpus(target).bundle("mini")
    assert [x.terms for x in bundle.exclusions.names] == [["Zeta"]]


def test_a_bad_exclusions_file_is_a_curation_problem(tmp_path: Path) -> None:
    target = tmp_path / "corpus"
    shutil.copytree(MINI_CORPUS, target)
    path = target / "documents" / "mini" / EXCLUSIONS_FILE
    path.write_text("names: [{terms: [X], reason: nope, note: x}]\n", encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        load_corpus(target)
    assert any(EXCLUSIONS_FILE in p and "reason" in p for p in caught.value.problems)
