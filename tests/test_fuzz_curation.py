"""Fuzzing the curation loaders: any file content is loaded or refused with a project error.

Three levels: YAML text (syntax fragments, tabs, anchors, tags, arbitrary bytes), YAML
data of every shape against each record schema, and a whole corpus (the small test
corpus) with one of its files replaced. The only exceptions allowed are
:class:`RecordError` and :class:`CorpusError`, and each names the file it is about.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from albakg.curation.corpus import CorpusError, load_corpus
from albakg.curation.records import (
    ClaimsFile,
    DocumentRecord,
    EntitiesFile,
    RecordError,
    RelationsFile,
    WorksFile,
    load_model,
)

from .conftest import MINI_CORPUS

_YAML_PIECES = st.sampled_from(
    [
        "entities:",
        "\n",
        "  - ",
        "id: a",
        "type: Person",
        "label: {es: A, en: A}",
        "evidence:",
        "- quote: x",
        "  ",
        "\t",
        ": ",
        "- ",
        "&a ",
        "*a",
        "!!python/object:os.system ",
        "!!binary ",
        "!!int ",
        "[",
        "]",
        "{",
        "}",
        "'",
        '"',
        "#",
        "---",
        "...",
        "%YAML 1.1\n",
        "? ",
        "|",
        ">",
        "~",
        "null",
        "2014-02-30",
        "0000",
        "1e400",
        "0x1F",
        "\ufeff",
        "é",
        "\x00",
        "\x85",
    ]
)
yaml_texts = st.one_of(
    st.lists(_YAML_PIECES, max_size=30).map("".join),
    st.lists(st.one_of(_YAML_PIECES, st.text(max_size=4)), max_size=20).map("".join),
)
yaml_bytes = st.one_of(yaml_texts.map(lambda t: t.encode("utf-8")), st.binary(max_size=60))

FIELDS = [
    "entities",
    "works",
    "relations",
    "claims",
    "id",
    "type",
    "label",
    "es",
    "en",
    "aliases",
    "evidence",
    "quote",
    "prefix",
    "suffix",
    "subject",
    "predicate",
    "object",
    "start",
    "end",
    "wikidata",
    "citation_name",
    "authors",
    "year",
    "source",
    "language",
    "author",
    "title",
    "rights",
]
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True),
    st.text(max_size=8),
    st.sampled_from(["Person", "State", "ana-perez", "2004", "es", "Q717", "Ana Pérez"]),
)
yaml_data = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=4)), inner, max_size=5),
    ),
    max_leaves=25,
)
MODELS: list[tuple[type[BaseModel], str | None]] = [
    (EntitiesFile, "entities"),
    (WorksFile, "works"),
    (RelationsFile, "relations"),
    (ClaimsFile, "claims"),
    (DocumentRecord, None),
]


#: Inputs on which PyYAML's own loader raises something other than a YAML error (found by
#: these properties). The project's strict loader must turn each into a RecordError that
#: names the file.
ONCE_CRASHED = [
    pytest.param(b"\xc7", id="not-utf8"),
    pytest.param(b"2014-02-30", id="impossible-date"),
    pytest.param(b"!!int ", id="empty-int-tag"),
    pytest.param(b"\x00", id="control-character"),
    pytest.param(b"!!int ~", id="null-int-tag"),
    pytest.param(b"!!int \xc3\xa9", id="word-int-tag"),
]


@pytest.mark.parametrize("content", ONCE_CRASHED)
def test_inputs_that_crash_pyyaml_give_a_record_error(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.yaml"
        path.write_bytes(content)
        with pytest.raises(RecordError) as caught:
            load_model(path, EntitiesFile, "entities")
        assert str(caught.value).startswith(str(path))


def _load(content: bytes, model: type[BaseModel], key: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.yaml"
        path.write_bytes(content)
        try:
            load_model(path, model, key)
        except RecordError as exc:
            assert str(exc).startswith(str(path)), str(exc)[:200]


@given(content=yaml_bytes, which=st.sampled_from(MODELS))
def test_any_file_content_loads_or_gives_a_record_error(
    content: bytes, which: tuple[type[BaseModel], str | None]
) -> None:
    _load(content, *which)


@given(data=yaml_data, which=st.sampled_from(MODELS))
def test_data_of_any_shape_loads_or_gives_a_record_error(
    data: Any, which: tuple[type[BaseModel], str | None]
) -> None:
    model, key = which
    wrapped = {key: data} if key and not isinstance(data, dict) else data
    _load(yaml.safe_dump(wrapped, allow_unicode=True).encode("utf-8"), model, key)


CORPUS_FILES = [
    "document.yaml",
    "entities.yaml",
    "works.yaml",
    "relations.yaml",
    "claims.yaml",
    "source.txt",
]


@given(name=st.sampled_from(CORPUS_FILES), content=yaml_bytes)
def test_a_corpus_with_any_file_replaced_loads_or_gives_a_corpus_error(
    name: str, content: bytes
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "corpus"
        shutil.copytree(MINI_CORPUS, root)
        path = root / "documents" / "mini" / name
        path.write_bytes(content)
        try:
            load_corpus(root)
        except CorpusError as exc:
            assert exc.problems, "a refused corpus says why"
            assert all(isinstance(p, str) and p for p in exc.problems)
