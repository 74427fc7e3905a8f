"""A catalogue of bad curated input and bad sources, each refused with one clear message.

Every case mutates a copy of the small fixture corpus and states what the curator must read:
the file, the line or record, what is wrong and (where there is one) what to do. Each root
cause is one problem: a file that did not load does not also produce an error for every
reference into it.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from albakg.cli.app import app
from albakg.curation.corpus import CorpusError, load_corpus
from albakg.resources import data_dir
from albakg.text.limits import MAX_FILE_BYTES_ENV

from .conftest import MINI_CORPUS

DOC = Path("documents") / "mini"
LINKS = Path("links") / "wikidata.tsv"

Mutation = Callable[[Path], object]


def replace(file: str, old: str, new: str, count: int = 1) -> Mutation:
    """Replace ``old`` (which must be there) by ``new`` in one file of the document."""

    def apply(root: Path) -> None:
        path = root / DOC / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return apply


def write(file: str, data: bytes | str) -> Mutation:
    def apply(root: Path) -> None:
        path = root / DOC / file
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    return apply


def transform(file: str, change: Callable[[bytes], bytes]) -> Mutation:
    def apply(root: Path) -> None:
        path = root / DOC / file
        path.write_bytes(change(path.read_bytes()))

    return apply


def both(*mutations: Mutation) -> Mutation:
    def apply(root: Path) -> None:
        for m in mutations:
            m(root)

    return apply


@dataclass(frozen=True)
class Case:
    """A mutation, the fragments its message must hold, and how many problems it is."""

    mutate: Mutation
    expect: tuple[str, ...]
    problems: int = 1


def quote_of(record_line: str, new_quote: str) -> Mutation:
    return replace("entities.yaml", f'quote: "{record_line}"', f"quote: {new_quote}")


LAUGHS = "".join(
    f"{a}: &{a} [{', '.join([f'*{p}'] * 10) if p else ', '.join(['lol'] * 10)}]\n"
    for a, p in zip("abcdefghi", ["", *"abcdefgh"], strict=True)
)

RELATION = (
    "  - id: {id}\n    subject: {s}\n    predicate: {p}\n    object: {o}\n    inferred: false\n"
    '    evidence:\n      - quote: "por Venezuela y Cuba"\n'
)


def add_relation(rid: str, s: str, p: str, o: str) -> Mutation:
    def apply(root: Path) -> None:
        path = root / DOC / "relations.yaml"
        extra = RELATION.format(id=rid, s=s, p=p, o=o)
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")

    return apply


def source_prefix(n: int) -> Mutation:
    return transform("source.txt", lambda data: data[:n])


CASES: dict[str, Case] = {
    # --- YAML syntax and its traps -------------------------------------------------------
    "yaml-duplicate-key": Case(
        replace(
            "relations.yaml",
            "object: libre-comercio\n",
            "object: libre-comercio\n    object: nicaragua\n",
        ),
        (
            "relations.yaml: line 25, column 5: key 'object' is given twice "
            "(first at line 24, column 5); keep one of them",
        ),
    ),
    "yaml-duplicate-key-document": Case(
        replace("document.yaml", "language: es\n", "language: es\nlanguage: en\n"),
        ("document.yaml: line 5, column 1: key 'language' is given twice (first at line 4",),
    ),
    "yaml-tab-indent": Case(
        replace("entities.yaml", "    type: Person\n", "\ttype: Person\n"),
        ("entities.yaml: not valid YAML at line 3", "YAML indents with spaces, not tabs"),
    ),
    "yaml-unclosed-bracket": Case(
        replace("entities.yaml", "aliases: [Ana Pérez]", "aliases: [Ana Pérez"),
        ("entities.yaml: not valid YAML at line", "expected ',' or ']'"),
    ),
    "yaml-unclosed-quote": Case(
        replace("works.yaml", 'year: "2010"', 'year: "2010'),
        ("works.yaml: not valid YAML at line 5, column 17: expected <block end>",),
    ),
    "yaml-python-tag": Case(
        replace("entities.yaml", "type: Person", "type: !!python/object/apply:os.system [ls]"),
        (
            "entities.yaml: line 3, column 11: the tag "
            "'tag:yaml.org,2002:python/object/apply:os.system' is not allowed in curated "
            "data; remove it",
        ),
    ),
    "yaml-local-tag": Case(
        replace("entities.yaml", "type: Person", "type: !include person.yaml"),
        ("entities.yaml: line 3, column 11: the tag '!include' is not allowed",),
    ),
    "yaml-core-tag": Case(
        replace("works.yaml", 'year: "2010"', "year: !!str 2010"),
        ("works.yaml: line 3, column 11: the tag 'tag:yaml.org,2002:str' is not allowed",),
    ),
    "yaml-billion-laughs": Case(
        write("works.yaml", LAUGHS),
        ("works.yaml: line 6, column 4: aliases expand this file to more than 1,000,000 values",),
    ),
    "yaml-latin1": Case(
        transform("entities.yaml", lambda d: d.decode("utf-8").encode("latin-1")),
        ("entities.yaml: line 4, column 22: byte 0xe9 is not UTF-8; save the file as UTF-8",),
    ),
    "yaml-empty": Case(
        write("works.yaml", b""),
        ("works.yaml: the file is empty; it should hold a mapping with the key 'works:'",),
    ),
    "yaml-only-comments": Case(
        write("claims.yaml", "# nothing curated yet\n"),
        ("claims.yaml: the file is empty; it should hold a mapping with the key 'claims:'",),
    ),
    "yaml-top-level-list": Case(
        write("works.yaml", "- authors: [gomez]\n  year: '2010'\n"),
        ("works.yaml: the top level is a list; it should be a mapping with the key 'works:'",),
    ),
    "yaml-top-level-scalar": Case(
        write("relations.yaml", "just text\n"),
        ("relations.yaml: the top level is a single value (str); it should be a mapping",),
    ),
    "yaml-document-empty": Case(
        write("document.yaml", b""),
        ("document.yaml: the file is empty; it should hold a mapping",),
    ),
    "yaml-complex-key": Case(
        replace(
            "works.yaml", "  - authors: [gomez]\n", "  - ? [gomez]\n    : 1\n    authors: [gomez]\n"
        ),
        ("works.yaml: line 2, column 7: a mapping key must be a plain value",),
    ),
    # --- schema ----------------------------------------------------------------------------
    "schema-unknown-key": Case(
        replace("entities.yaml", "    type: Person\n", "    type: Person\n    colour: red\n"),
        ("record 'ana-perez' (entities[0]): field 'colour': unknown key (not in the schema",),
    ),
    "schema-misspelt-key": Case(
        replace("works.yaml", "    evidence:", "    evidnce:"),
        ("works[0]: field 'evidence': Field required", "works[0]: field 'evidnce': unknown key"),
    ),
    "schema-list-expected": Case(
        replace("entities.yaml", "aliases: [Ana Pérez]", "aliases: Ana Pérez"),
        ("record 'ana-perez' (entities[0]): field 'aliases': Input should be a valid list",),
    ),
    "schema-integer-expected": Case(
        replace(
            "works.yaml",
            '- quote: "Gómez (2010: 12)"',
            '- quote: "Gómez (2010: 12)"\n        occurrence: two',
        ),
        ("works[0]: field 'evidence.0.occurrence': Input should be a valid integer",),
    ),
    "schema-occurrence-zero": Case(
        replace(
            "works.yaml",
            '- quote: "Gómez (2010: 12)"',
            '- quote: "Gómez (2010: 12)"\n        occurrence: 0',
        ),
        ("field 'evidence.0.occurrence': Input should be greater than or equal to 1",),
    ),
    "schema-missing-predicate": Case(
        replace("relations.yaml", "    predicate: contests\n", ""),
        ("record 'bap-contests-free-trade' (relations[2]): field 'predicate': Field required",),
    ),
    "schema-missing-evidence": Case(
        replace("entities.yaml", '    evidence:\n      - quote: "Ana Pérez"\n', ""),
        ("record 'ana-perez' (entities[0]): field 'evidence': Field required",),
    ),
    "schema-empty-evidence": Case(
        replace(
            "entities.yaml", '    evidence:\n      - quote: "Ana Pérez"\n', "    evidence: []\n"
        ),
        ("record 'ana-perez' (entities[0]): field 'evidence': List should have at least 1 item",),
    ),
    "schema-unknown-type": Case(
        replace("entities.yaml", "type: State", "type: Country"),
        ("record 'venezuela' (entities[3]): field 'type': unknown entity type 'Country'",),
    ),
    "schema-unknown-predicate": Case(
        replace("relations.yaml", "predicate: contests", "predicate: hates"),
        (
            "record 'bap-contests-free-trade' (relations[2]): field 'predicate': unknown "
            "predicate 'hates'",
        ),
    ),
    "schema-unknown-stance": Case(
        replace("claims.yaml", "stance: endorses", "stance: likes"),
        ("record 'bap-alternative' (claims[1]): field 'stance': unknown stance 'likes'",),
    ),
    "schema-not-a-boolean": Case(
        replace("relations.yaml", "inferred: true", "inferred: perhaps"),
        (
            "record 'nicaragua-promotes-free-trade' (relations[3]): field 'inferred': Input "
            "should be a valid boolean",
        ),
    ),
    "schema-label-edge-space": Case(
        replace("entities.yaml", "label: {es: Cuba, en: Cuba}", "label: {es: ' Cuba', en: Cuba}"),
        ("record 'cuba' (entities[4]): field 'label.es': must not start or end with spaces",),
    ),
    "schema-list-is-mapping": Case(
        write("works.yaml", "works:\n  authors: [gomez]\n"),
        ("works.yaml:\n  field 'works': Input should be a valid list",),
    ),
    "schema-date-not-text": Case(
        replace("entities.yaml", 'start: "2004"', "start: 2004"),
        ("record 'bap' (entities[2]): field 'start': Input should be a valid string",),
    ),
    # --- references ------------------------------------------------------------------------
    "ref-unknown-subject": Case(
        replace("relations.yaml", "subject: nicaragua", "subject: nicaraguaa"),
        (
            "relations.yaml: record 'nicaragua-promotes-free-trade': subject 'nicaraguaa' "
            "is not a known entity id",
        ),
    ),
    "ref-place-not-a-place": Case(
        replace("entities.yaml", "place: la-habana", "place: cuba"),
        (
            "entity 'fundacion-del-bap'",
            "place 'cuba' is a State, expected one of ['Place']",
        ),
    ),
    "ref-unknown-claim": Case(
        replace(
            "claims.yaml",
            'supports: [bap-is-soft-balancing]\n    evidence:\n      - quote: "el',
            'supports: [no-such-claim]\n    evidence:\n      - quote: "el',
        ),
        (
            "claims.yaml: record 'bap-alternative': 'no-such-claim' is not a claim id of this "
            "document",
        ),
    ),
    "ref-unknown-work": Case(
        replace("claims.yaml", "cites: [gomez-2010]", "cites: [gomez-2011]"),
        ("record 'bap-alternative': cites 'gomez-2011', which is not a work in works.yaml",),
    ),
    "ref-no-cascade-entities": Case(
        replace("entities.yaml", "  - id: ana-perez\n", "  - id: ana-perez\n    typo: [\n"),
        (
            "entities.yaml: not valid YAML at line",
            "Cross-references were not checked: fix what stops",
        ),
    ),
    "ref-no-cascade-relations": Case(
        replace("relations.yaml", "predicate: contests", "predicate: contest"),
        ("unknown predicate 'contest'", "Cross-references were not checked"),
    ),
    "ref-part-of-cycle": Case(
        both(
            add_relation("venezuela-part-of-cuba", "venezuela", "part_of", "cuba"),
            add_relation("cuba-part-of-venezuela", "cuba", "part_of", "venezuela"),
        ),
        (
            "relations.yaml: 'part_of' relations form a cycle: 'cuba-part-of-venezuela' -> "
            "'venezuela-part-of-cuba'; remove the record that reverses the direction",
        ),
    ),
    "ref-located-in-three-cycle": Case(
        both(
            add_relation("a-in-b", "venezuela", "located_in", "cuba"),
            add_relation("b-in-c", "cuba", "located_in", "nicaragua"),
            add_relation("c-in-a", "nicaragua", "located_in", "venezuela"),
        ),
        ("'located_in' relations form a cycle: 'b-in-c' -> 'c-in-a' -> 'a-in-b'",),
    ),
    "ref-support-two-cycle": Case(
        replace(
            "claims.yaml",
            "    kind: thesis\n",
            "    kind: thesis\n    supports: [bap-alternative]\n",
        ),
        (
            "claims.yaml: claims supporting each other form a cycle: 'bap-alternative' -> "
            "'bap-is-soft-balancing'",
        ),
    ),
    "ref-supports-and-contradicts": Case(
        replace(
            "claims.yaml",
            '    supports: [bap-is-soft-balancing]\n    evidence:\n      - quote: "el',
            "    supports: [bap-is-soft-balancing]\n    contradicts: [bap-is-soft-balancing]\n    "
            'evidence:\n      - quote: "el',
        ),
        (
            "record 'bap-alternative': both supports and contradicts 'bap-is-soft-balancing'; "
            "keep the one the text says",
        ),
    ),
    "ref-supports-itself": Case(
        replace(
            "claims.yaml",
            'supports: [bap-is-soft-balancing]\n    evidence:\n      - quote: "el',
            'supports: [bap-alternative]\n    evidence:\n      - quote: "el',
        ),
        ("record 'bap-alternative': a claim cannot support or contradict itself",),
    ),
    "ref-duplicate-relation-id": Case(
        replace("relations.yaml", "id: chavez-head-of-venezuela", "id: venezuela-member-of-bap"),
        ("record 'venezuela-member-of-bap': duplicate relation id",),
    ),
    "ref-unverified-wikidata": Case(
        replace("entities.yaml", "wikidata: Q241", "wikidata: Q999999"),
        (
            "entity 'cuba'",
            "Wikidata item Q999999 is not in data/links/wikidata.tsv",
        ),
    ),
    "ref-document-author-unknown": Case(
        replace("document.yaml", "author: ana-perez", "author: ana-lopez"),
        ("document.yaml: author 'ana-lopez' is not a known entity id",),
    ),
    # --- quotes ----------------------------------------------------------------------------
    "quote-absent": Case(
        quote_of("Ana Pérez", '"Ana López"'),
        ("entities.yaml: record 'ana-perez': quote not found in source.txt: 'Ana López'",),
    ),
    "quote-ambiguous": Case(
        quote_of("Ana Pérez", '"bloque"'),
        (
            "record 'ana-perez': quote found 4 times in source.txt; lengthen it or add "
            "'occurrence: N' (1..4): 'bloque'",
        ),
    ),
    "quote-occurrence-too-large": Case(
        quote_of("Ana Pérez", '"bloque"\n        occurrence: 5'),
        ("record 'ana-perez': occurrence 5 asked but the quote is found 4 time(s): 'bloque'",),
    ),
    "quote-edge-space": Case(
        quote_of("Ana Pérez", '" Ana Pérez"'),
        ("record 'ana-perez': quote ' Ana Pérez' starts or ends with whitespace",),
    ),
    "quote-double-space": Case(
        quote_of("Ana Pérez", '"Ana  Pérez"'),
        (
            "quote not found in source.txt as written, but found with its runs of spaces and "
            "line breaks read as one space; copy it as the text reads: 'Ana  Pérez'",
        ),
    ),
    "quote-line-break": Case(
        quote_of("rechaza el libre comercio", '"rechaza el\\nlibre comercio"'),
        (
            "record 'libre-comercio': quote not found in source.txt as written, but found with "
            "its runs of spaces",
        ),
    ),
    "quote-hyphenation": Case(
        replace(
            "entities.yaml", "esquema regional creado en 2004", "esquema regional crea- do en 2004"
        ),
        (
            "record 'bap': quote not found in source.txt as written, but found with its line-end "
            "hyphens joined",
        ),
    ),
    "quote-no-break-space": Case(
        quote_of("Ana Pérez", '"Ana\\u00a0Pérez"'),
        (
            "record 'ana-perez': quote not found in source.txt as written, but found with its "
            "no-break spaces read as spaces",
        ),
    ),
    "quote-soft-hyphen": Case(
        quote_of("Ana Pérez", '"Ana Pé\\u00adrez"'),
        ("quote not found in source.txt as written, but found with its soft hyphens removed",),
    ),
    "quote-letter-case": Case(
        quote_of("Ana Pérez", '"ana pérez"'),
        (
            "record 'ana-perez': quote not found in source.txt as written, but found ignoring "
            "upper and lower case",
        ),
    ),
    "quote-one-megabyte": Case(
        quote_of("Ana Pérez", '"' + "x" * 1_000_000 + '"'),
        ("record 'ana-perez': quote not found in source.txt: 'xxxx", "(1,000,000 characters)"),
    ),
    # --- dates -----------------------------------------------------------------------------
    "date-february-30": Case(
        replace("entities.yaml", 'date: "2004"', 'date: "2013-02-30"'),
        (
            "record 'fundacion-del-bap' (entities[10]): field 'date': '2013-02-30' is not a day: "
            "February 2013 has 28 days",
        ),
    ),
    "date-leap-year": Case(
        replace("entities.yaml", 'date: "2004"', 'date: "2012-02-30"'),
        ("field 'date': '2012-02-30' is not a day: February 2012 has 29 days",),
    ),
    "date-unquoted-impossible": Case(
        replace("entities.yaml", 'date: "2004"', "date: 2013-02-30"),
        ("field 'date': '2013-02-30' is not a day: February 2013 has 28 days",),
    ),
    "date-month-13": Case(
        replace("relations.yaml", 'end: "2013-03"', 'end: "2013-13"'),
        (
            "record 'chavez-head-of-venezuela' (relations[1]): field 'end': '2013-13': there is "
            "no month 13",
        ),
    ),
    "date-year-zero": Case(
        replace("entities.yaml", 'start: "2004"', 'start: "0000"'),
        (
            "record 'bap' (entities[2]): field 'start': '0000': year 0000 is not a year any date "
            "in this corpus can have",
        ),
    ),
    "date-work-year-zero": Case(
        replace("works.yaml", 'year: "2010"', 'year: "0000"'),
        ("works[0]: field 'year': '0000': year 0000 is not a year any work",),
    ),
    "date-in-words": Case(
        replace("entities.yaml", 'date: "2004"', 'date: "14/12/2004"'),
        (
            "field 'date': '14/12/2004' is not a date: write a year (2004), a month (2004-12) "
            "or a day (2004-12-14), quoted",
        ),
    ),
    "date-start-after-end": Case(
        replace("relations.yaml", 'start: "1999"', 'start: "2014"'),
        (
            "relations.yaml:\n  record 'chavez-head-of-venezuela' (relations[1]): "
            "start '2014' is after end '2013-03'",
        ),
    ),
    "date-start-after-end-same-year": Case(
        replace("relations.yaml", 'start: "1999"', 'start: "2013-04"'),
        (
            "record 'chavez-head-of-venezuela' (relations[1]): start '2013-04' "
            "is after end '2013-03'",
        ),
    ),
    "date-start-after-end-entity": Case(
        replace(
            "entities.yaml", '    start: "2004"\n', '    start: "2004"\n    end: "2003-12-31"\n'
        ),
        ("record 'bap' (entities[2]): start '2004' is after end '2003-12-31'",),
    ),
    "date-work-year-words": Case(
        replace("works.yaml", 'year: "2010"', 'year: "circa 2010"'),
        ("field 'year': 'circa 2010' is not a year: write four digits",),
    ),
    # --- language tags and identifiers -------------------------------------------------------
    "lang-zz": Case(
        replace("document.yaml", "language: es", "language: zz"),
        ("document.yaml:\n  field 'language': 'zz' is not a valid BCP 47 language tag",),
    ),
    "lang-word": Case(
        replace("document.yaml", "language: es", "language: spanish"),
        (
            "field 'language': 'spanish' is not a valid BCP 47 language tag (such as 'es' or "
            "'pt-BR')",
        ),
    ),
    "lang-bad-region": Case(
        replace("document.yaml", "language: es", "language: es-AB"),
        ("field 'language': 'es-AB' is not a valid BCP 47 language tag",),
    ),
    "id-upper-case": Case(
        replace("entities.yaml", "id: cuba", "id: Cuba"),
        ("(entities[4]): field 'id': 'Cuba' is not an id: use lower-case letters a-z and digits",),
    ),
    "id-underscore": Case(
        replace("relations.yaml", "id: bap-contests-free-trade", "id: bap_contests"),
        ("(relations[2]): field 'id': 'bap_contests' is not an id",),
    ),
    "id-reference-malformed": Case(
        replace("relations.yaml", "object: libre-comercio", "object: Libre Comercio"),
        (
            "record 'bap-contests-free-trade' (relations[2]): field 'object': 'Libre Comercio' is "
            "not an id",
        ),
    ),
    "id-wikidata-malformed": Case(
        replace("entities.yaml", "wikidata: Q241", "wikidata: q241"),
        (
            "record 'cuba' (entities[4]): field 'wikidata': 'q241' is not a Wikidata item id (Q "
            "and a number, like Q717)",
        ),
    ),
    "id-differs-from-folder": Case(
        replace("document.yaml", "id: mini", "id: maxi"),
        ("document.yaml: id 'maxi' differs from its folder name",),
    ),
    # --- sources ---------------------------------------------------------------------------
    "source-missing": Case(
        lambda root: (root / DOC / "source.txt").unlink(),
        ("source.txt: cannot read the source text (No such file or directory)",),
    ),
    "source-empty": Case(
        write("source.txt", b""),
        ("source.txt: the source text is empty; restore the article's text",),
    ),
    "source-blank": Case(
        write("source.txt", "\n\n   \n"),
        ("source.txt: the source text is empty",),
    ),
    "source-truncated": Case(
        source_prefix(120),
        (
            "source.txt: 20 of 21 quotes are not found in the source text (119 characters); "
            "the source looks truncated or replaced",
        ),
    ),
    "source-replaced": Case(
        write("source.txt", "Un texto muy distinto, sobre otra cosa.\n" * 5),
        ("source.txt: 21 of 21 quotes are not found", "looks truncated or replaced"),
    ),
    "source-latin1": Case(
        transform("source.txt", lambda d: d.decode("utf-8").encode("latin-1")),
        ("source.txt: not UTF-8 at byte 52 (0xe9, line 6); save the source as UTF-8",),
    ),
    "source-re-encoded": Case(
        transform("source.txt", lambda d: d.decode("latin-1").encode("utf-8")),
        (
            "source.txt: the source looks re-encoded (",
            "where UTF-8 was read as Latin-1 and saved again",
        ),
    ),
    "source-crlf": Case(
        transform("source.txt", lambda d: d.replace(b"\n", b"\r\n")),
        ("source.txt: carriage returns found (Windows or old Mac line ends)", "dos2unix"),
    ),
    "source-outside-folder": Case(
        replace("document.yaml", "source: source.txt", "source: ../../../../etc/passwd"),
        ("document.yaml: field 'source': '../../../../etc/passwd' is outside the document folder",),
    ),
    "source-absolute": Case(
        replace("document.yaml", "source: source.txt", "source: /etc/hostname"),
        ("field 'source': '/etc/hostname' is outside the document folder",),
    ),
    "source-is-a-folder": Case(
        both(
            replace("document.yaml", "source: source.txt", "source: text"),
            lambda root: (root / DOC / "text").mkdir(),
        ),
        ("mini/text: the source text is a folder, not a file",),
    ),
    "source-symlink-outside": Case(
        both(
            lambda root: (root / DOC / "source.txt").rename(root / "elsewhere.txt"),
            lambda root: (root / DOC / "source.txt").symlink_to(root / "elsewhere.txt"),
        ),
        ("document.yaml: field 'source': 'source.txt' is outside the document folder",),
    ),
    # --- the verified Wikidata links ---------------------------------------------------------
    "links-missing": Case(
        lambda root: (root / LINKS).unlink(),
        ("links/wikidata.tsv: cannot read the data file (No such file or directory)",),
    ),
    "links-latin1": Case(
        lambda root: (root / LINKS).write_bytes(
            (root / LINKS).read_text(encoding="utf-8").encode("latin-1")
        ),
        ("links/wikidata.tsv: line 10, column 9: byte 0xe9 is not UTF-8",),
    ),
    "links-bad-qid": Case(
        lambda root: (root / LINKS).write_text(
            (root / LINKS).read_text(encoding="utf-8").replace("Q241", "Q24l"), encoding="utf-8"
        ),
        ("links/wikidata.tsv: line 3: last column is not a Wikidata QID: 'Q24l'",),
    ),
}


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(MINI_CORPUS, target)
    return target


def refusal(root: Path) -> CorpusError:
    with pytest.raises(CorpusError) as info:
        load_corpus(root)
    return info.value


def test_the_fixture_corpus_loads() -> None:
    assert load_corpus(MINI_CORPUS).entities


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_refused_with_one_clear_message(name: str, corpus_copy: Path) -> None:
    case = CASES[name]
    case.mutate(corpus_copy)
    exc = refusal(corpus_copy)
    message = str(exc)
    for fragment in case.expect:
        assert fragment in message, f"{fragment!r} not in:\n{message[:2000]}"
    assert len(exc.problems) == case.problems, message[:2000]
    assert len(message) < 2000, "a message must stay readable"


def test_catalogue_size() -> None:
    """The README states the catalogue's size; it stays at least sixty cases."""
    assert len(CASES) + len(ACCEPTED) + len(FOLDER_CASES) + 2 >= 60


# --- input that must be accepted, and read exactly ----------------------------------------

ACCEPTED: dict[str, Mutation] = {
    "yaml-bom": transform("entities.yaml", lambda d: b"\xef\xbb\xbf" + d),
    "yaml-alias": replace(
        "relations.yaml",
        "status: {es: miembro fundador, en: founding member}",
        "status: &founder {es: miembro fundador, en: founding member}",
    ),
    "quote-nfd": quote_of("Ana Pérez", '"' + unicodedata.normalize("NFD", "Ana Pérez") + '"'),
    "lang-region": replace("document.yaml", "language: es", "language: es-419"),
    "date-leap-day": replace("entities.yaml", 'date: "2004"', 'date: "2004-02-29"'),
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_good_variants_are_accepted(name: str, corpus_copy: Path) -> None:
    ACCEPTED[name](corpus_copy)
    assert load_corpus(corpus_copy).entities["ana-perez"]


def test_source_bom_is_dropped_and_offsets_stay_exact(corpus_copy: Path) -> None:
    plain = load_corpus(corpus_copy)
    src = corpus_copy / DOC / "source.txt"
    src.write_bytes(b"\xef\xbb\xbf" + src.read_bytes())
    with_bom = load_corpus(corpus_copy)
    doc = with_bom.documents[0]
    assert not doc.doc.raw.startswith("\ufeff")
    before = {a for item in plain.documents[0].entities for a in item.evidence}
    after = {a for item in doc.entities for a in item.evidence}
    assert before == after
    for a in after:
        assert doc.doc.raw[a.start : a.end] == a.exact


def test_nfd_quote_anchors_at_the_nfc_text(corpus_copy: Path) -> None:
    ACCEPTED["quote-nfd"](corpus_copy)
    ana = load_corpus(corpus_copy).documents[0].entities[0]
    assert [a.exact for a in ana.evidence] == ["Ana Pérez"]


def test_duplicate_key_does_not_let_the_second_win(corpus_copy: Path) -> None:
    """The case that once published a wrong triple: the message names both lines."""
    CASES["yaml-duplicate-key"].mutate(corpus_copy)
    exc = refusal(corpus_copy)
    assert re.search(r"line 25, column 5: key 'object' is given twice", str(exc))


# --- the size limit per data file --------------------------------------------------------


def test_a_data_file_over_the_limit_is_refused_before_parsing(
    corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MAX_FILE_BYTES_ENV, "1500")
    # invalid YAML past the limit: refused for its size, so it was never parsed
    (corpus_copy / DOC / "entities.yaml").write_text("[" * 1600, encoding="utf-8")
    exc = refusal(corpus_copy)
    assert "entities.yaml: the data file is 1,600 bytes, over the limit of 1,500 bytes" in str(exc)
    assert f"raise the limit with {MAX_FILE_BYTES_ENV}=<bytes>" in str(exc)
    assert "not valid YAML" not in str(exc)


def test_a_source_over_the_limit_is_refused(
    corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MAX_FILE_BYTES_ENV, "400")
    for name in ("entities.yaml", "claims.yaml", "relations.yaml", "document.yaml"):
        assert (corpus_copy / DOC / name).stat().st_size > 0
    (corpus_copy / DOC / "source.txt").write_bytes(b"x" * 401)
    message = str(refusal(corpus_copy))
    assert "source.txt: the source text is 401 bytes, over the limit of 400 bytes" in message


def test_the_wikidata_list_over_the_limit_is_refused(
    corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    largest = max(p.stat().st_size for p in (corpus_copy / DOC).iterdir())
    monkeypatch.setenv(MAX_FILE_BYTES_ENV, str(largest))
    links = corpus_copy / LINKS
    links.write_bytes(links.read_bytes() + b"\n" * largest)
    exc = refusal(corpus_copy)
    assert "wikidata.tsv: the data file is" in str(exc)
    assert f"over the limit of {largest:,} bytes" in str(exc)
    assert len(exc.problems) == 1


def test_the_limit_can_be_raised(corpus_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MAX_FILE_BYTES_ENV, "100000")
    assert load_corpus(corpus_copy).entities


def test_a_malformed_limit_is_named(corpus_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MAX_FILE_BYTES_ENV, "8MB")
    assert f"{MAX_FILE_BYTES_ENV}='8MB' is not a whole number of bytes" in str(refusal(corpus_copy))


# --- what --source may point at ----------------------------------------------------------

FOLDER_CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "missing": (lambda root: root / "nowhere", "nowhere: no such folder"),
    "a-file": (
        lambda root: root / DOC / "source.txt",
        "source.txt: is a file, not a folder; --source takes the curated data folder",
    ),
    "a-document-folder": (
        lambda root: root / DOC,
        "mini: is one document's folder; --source takes the curated data folder",
    ),
    "no-documents": (lambda root: root / "links", "links: has no documents/ folder"),
}


@pytest.mark.parametrize("name", sorted(FOLDER_CASES))
def test_source_option_points_at_the_data_folder(name: str, corpus_copy: Path) -> None:
    target, expected = FOLDER_CASES[name]
    exc = refusal(target(corpus_copy))
    assert expected in str(exc)
    assert len(exc.problems) == 1


@pytest.mark.parametrize("name", ["missing", "a-document-folder"])
def test_build_with_a_wrong_source_exits_1_without_traceback(
    name: str, corpus_copy: Path, tmp_path: Path
) -> None:
    target, expected = FOLDER_CASES[name]
    result = CliRunner().invoke(
        app, ["build", "--out", str(tmp_path / "out"), "--source", str(target(corpus_copy))]
    )
    assert result.exit_code == 1
    assert expected in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


# --- the article itself: the cascades that once drowned the cause -------------------------


@pytest.fixture
def article_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target


def test_one_typo_in_the_article_entities_is_one_problem(article_copy: Path) -> None:
    path = next((article_copy / "documents").iterdir()) / "entities.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\n  type: " in text
    path.write_text(text.replace("\n  type: ", "\n  type ", 1), encoding="utf-8")
    exc = refusal(article_copy)
    assert len(exc.problems) == 1, str(exc)[:2000]
    assert "entities.yaml: not valid YAML at line" in str(exc)


def test_a_truncated_article_is_called_truncated(article_copy: Path) -> None:
    source = next((article_copy / "documents").iterdir()) / "source.txt"
    source.write_bytes(source.read_bytes()[:5000])
    exc = refusal(article_copy)
    assert len(exc.problems) == 1, str(exc)[:2000]
    assert re.search(r"source\.txt: \d+ of \d+ quotes are not found .* looks truncated", str(exc))
