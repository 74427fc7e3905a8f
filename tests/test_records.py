"""Record schema: unknown keys and wrong types are errors naming file, record and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import ORG, SKOS

from albakg.curation.records import (
    EntitiesFile,
    RecordError,
    Relation,
    RelationsFile,
    load_model,
    read_verified_wikidata,
)
from albakg.rdf import vocab
from albakg.resources import data_dir, ontology_file


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


def test_a_relation_must_say_whether_it_is_inferred(tmp_path: Path) -> None:
    p = tmp_path / "relations.yaml"
    record = "{id: r, subject: a, predicate: promotes, object: b, evidence: [{quote: x}]}"
    p.write_text(f"relations:\n  - {record}\n", encoding="utf-8")
    with pytest.raises(RecordError, match=r"record 'r' \(relations\[0\]\): field 'inferred'"):
        load_model(p, RelationsFile, "relations")
    p.write_text(f"relations:\n  - {record[:-1]}, inferred: false}}\n", encoding="utf-8")
    assert load_model(p, RelationsFile, "relations").relations[0].inferred is False


def _article_records() -> tuple[dict[str, str], list[Relation]]:
    folder = data_dir() / "documents" / "briceno-ruiz-alba"
    entities = load_model(folder / "entities.yaml", EntitiesFile, "entities").entities
    relations = load_model(folder / "relations.yaml", RelationsFile, "relations").relations
    return {e.id: e.type for e in entities}, relations


#: Predicates whose subject the vocabulary restricts to persons (W3C ORG's headOf; authorship).
PERSON_SUBJECTS = ("head_of", "formulated", "uses_concept")


@pytest.mark.parametrize("predicate", PERSON_SUBJECTS)
def test_curated_subjects_of_person_predicates_are_persons(predicate: str) -> None:
    types, relations = _article_records()
    used = [r for r in relations if r.predicate == predicate]
    assert used, f"no {predicate} record left to check"
    wrong = [r.id for r in used if types.get(r.subject) != "Person"]
    assert not wrong, f"{predicate} needs a Person as subject: {wrong}"


def test_every_predicate_has_a_definition_and_a_test_of_use_in_es_and_en() -> None:
    onto = Graph().parse(ontology_file())
    for name, prop in vocab.PREDICATES.items():
        # ORG defines its own terms; the vocabulary adds only the project's test of use.
        reused = str(prop).startswith(str(ORG))
        for what in (SKOS.scopeNote,) if reused else (SKOS.definition, SKOS.scopeNote):
            langs = {o.language for o in onto.objects(prop, what) if isinstance(o, Literal)}
            assert {"es", "en"} <= langs, f"{name}: {what} missing in { ({'es', 'en'} - langs) }"


def test_data_readme_defines_every_predicate() -> None:
    text = (data_dir() / "README.md").read_text(encoding="utf-8")
    rows = {ln.split("|")[1].strip().strip("`") for ln in text.splitlines() if ln.startswith("| `")}
    assert set(vocab.PREDICATES) <= rows, sorted(set(vocab.PREDICATES) - rows)
