"""Record schema: unknown keys and wrong types are errors naming file, record and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from albakg.curation.records import (
    EntitiesFile,
    RecordError,
    RelationsFile,
    load_model,
    read_verified_wikidata,
)
from albakg.resources import data_dir


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "entities.yaml"
    p.write_text(text, encoding="utf-8")
    return p


GOOD = """entities:
  - id: venezuela
    type: State
    label: {es: Venezuela, en: Venezuela}
    evidence: [{quote: "Venezuela"}]
"""


def test_good_record_loads(tmp_path: Path) -> None:
    parsed = load_model(write(tmp_path, GOOD), EntitiesFile, "entities")
    assert parsed.entities[0].id == "venezuela"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("type: State", "type: State\n    colour: red"),
            r"record 'venezuela' \(entities\[0\]\): field 'colour': unknown key",
        ),
        (("type: State", "type: Country"), r"field 'type': .*unknown entity type 'Country'"),
        (("id: venezuela", "id: Venezuela!"), r"field 'id': 'Venezuela!' is not an id:"),
        (("en: Venezuela}", "en: ' Venezuela'}"), r"field 'label.en'"),
        (
            ('    evidence: [{quote: "Venezuela"}]\n', "    evidence: []\n"),
            r"field 'evidence': List should have at least 1 item",
        ),
        (
            ("label: {es: Venezuela, en: Venezuela}", "label: {es: Venezuela}"),
            r"field 'label.en': Field required",
        ),
        (
            ("type: State", "type: State\n    date: '13-1-2'"),
            r"field 'date': '13-1-2' is not a date: write a year",
        ),
    ],
)
def test_bad_records_are_rejected_with_location(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(RecordError, match=message) as info:
        load_model(path, EntitiesFile, "entities")
    assert str(path) in str(info.value)


def test_invalid_yaml_gives_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "entities:\n  - id: [unclosed\n")
    with pytest.raises(RecordError, match=r"not valid YAML at line \d+, column \d+"):
        load_model(path, EntitiesFile, "entities")


def test_unknown_predicate_is_rejected(tmp_path: Path) -> None:
    p = tmp_path / "relations.yaml"
    p.write_text(
        "relations:\n"
        "  - {id: r, subject: a, predicate: loves, object: b, evidence: [{quote: x}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(RecordError, match=r"record 'r' \(relations\[0\]\): field 'predicate'"):
        load_model(p, RelationsFile, "relations")


def test_verified_wikidata_list_is_read() -> None:
    qids = read_verified_wikidata(data_dir() / "links" / "wikidata.tsv")
    assert {"Q717", "Q8440"} <= qids
    assert all(q.startswith("Q") for q in qids)
