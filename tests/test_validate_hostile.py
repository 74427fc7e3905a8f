"""``albakg validate`` on hostile or degenerate files: never "conforms", never crashes."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from albakg.build.pipeline import BuildResult
from albakg.cli.app import app

runner = CliRunner()
PREFIXES = (
    "@prefix albakg: <https://w3id.org/albakg/ontology#> .\n"
    "@prefix id: <https://w3id.org/albakg/id/> .\n"
)

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
<!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:s="http://example.org/">
<rdf:Description rdf:about="http://example.org/x"><s:p>&h;</s:p></rdf:Description></rdf:RDF>
"""

VOCABULARY_NOTE = "note: the vocabulary was added from "


def validate(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["validate", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("empty.ttl", ""),
        ("comments.ttl", "# nothing but a comment\n\n"),
        ("prefixes.ttl", PREFIXES),
        ("empty.nt", "\n"),
        ("empty.jsonld", "[]"),
    ],
)
def test_a_file_without_triples_is_an_input_error(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, err = validate(str(path))
    assert code == 1
    assert out == ""
    assert err == (
        f"error: {path}: holds no triples (no RDF statements: a JSON-LD context?); "
        "there is nothing to validate\n"
    )


BARE_ENTITY = [
    "albakg:hasEvidence: Must have at least one piece of evidence: a verbatim quote of the text.",
    "albakg:statedIn: Must name the source document it is extracted from.",
    "rdfs:label: Must have exactly one label (rdfs:label) in English.",
    "rdfs:label: Must have exactly one label (rdfs:label) in Spanish.",
]


@pytest.mark.parametrize("cls", ["Person", "Organization", "Actor", "Place"])
def test_a_bare_entity_does_not_conform(tmp_path: Path, cls: str) -> None:
    """Person and Organization are Actors only through the vocabulary, which validate adds."""
    path = tmp_path / "bare.ttl"
    path.write_text(PREFIXES + f"id:x a albakg:{cls} .\n", encoding="utf-8")
    code, out, _ = validate(str(path))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"SHACL: the graph does NOT conform ({len(BARE_ENTITY)} problem(s)):"
    assert [line.strip() for line in lines[2::2]] == BARE_ENTITY
    assert {line.strip() for line in lines[1::2]} == {"[Violation] <https://w3id.org/albakg/id/x>"}


def test_billion_laughs_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "laughs.rdf"
    path.write_text(LAUGHS, encoding="utf-8")
    start = time.monotonic()
    code, out, err = validate(str(path))
    assert time.monotonic() - start < 5
    assert code == 1 and out == ""
    assert err == (
        f"error: {path}: RDF/XML with a <!DOCTYPE> declaration is refused "
        "(entities can expand without bound); remove the DTD\n"
    )


def test_an_entity_declaration_without_doctype_keyword_case_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "laughs.owl"
    path.write_text(LAUGHS.replace("<!DOCTYPE", "<!doctype"), encoding="utf-8")
    code, _, err = validate(str(path))
    assert code == 1
    assert "RDF/XML with a <!DOCTYPE> declaration is refused" in err


def test_a_file_above_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.ttl"
    padding = "# " + "x" * 1000 + "\n"
    path.write_text(PREFIXES + padding * 1100 + "id:x a albakg:Place .\n", encoding="utf-8")
    code, out, err = validate("--max-mb", "1", str(path))
    assert code == 1 and out == ""
    assert err == (
        f"error: {path}: 1.1 MB is above the limit of 1 MB; "
        "raise it with --max-mb if the file is genuine\n"
    )
    code, out, _ = validate("--max-mb", "2", str(path))
    assert code == 1 and "does NOT conform" in out  # read once the limit is raised


def test_the_size_limit_must_be_positive(tmp_path: Path) -> None:
    code, _, err = validate("--max-mb", "0", str(tmp_path / "x.ttl"))
    assert code == 2
    assert err == "error: --max-mb must be a positive number of megabytes\n"


@pytest.fixture(scope="module")
def mini_ttl(mini_build: BuildResult) -> str:
    return (mini_build.out / "albakg.ttl").read_text(encoding="utf-8")


def test_the_built_data_alone_conforms(mini_build: BuildResult) -> None:
    """The vocabulary is added, so the data file alone needs no ontology file beside it."""
    code, out, err = validate(str(mini_build.out / "albakg.ttl"))
    assert (code, out) == (0, "SHACL: the graph conforms to the shapes.\n")
    assert err.startswith(VOCABULARY_NOTE + str(mini_build.out / "ontology.ttl"))


@pytest.mark.parametrize(
    ("value", "shown"),
    [("abc", "'abc'"), ("-3", "'-3'"), ("1.5", "'1.5'"), ("", "''")],
)
def test_a_non_numeric_offset_is_one_finding_not_a_crash(
    tmp_path: Path, mini_ttl: str, value: str, shown: str
) -> None:
    head = 'nif:endIndex "23"^^xsd:nonNegativeInteger'
    assert mini_ttl.count(head) == 1
    path = tmp_path / "offset.ttl"
    path.write_text(
        mini_ttl.replace(head, f'nif:endIndex "{value}"^^xsd:nonNegativeInteger'),
        encoding="utf-8",
    )
    code, out, err = validate(str(path))
    assert code == 1
    # no rdflib traceback, no internal error: only the note that the vocabulary was added
    assert [ln for ln in err.splitlines() if not ln.startswith(VOCABULARY_NOTE)] == []
    assert out == (
        "SHACL: the graph does NOT conform (1 problem(s)):\n"
        "  [Violation] <https://w3id.org/albakg/doc/mini/front-01>\n"
        "      nif:endIndex: not a valid xsd:nonNegativeInteger: write a value of that type"
        f" — value: {shown}\n"
    )


def test_every_offset_broken_still_reports_instead_of_crashing(
    tmp_path: Path, mini_ttl: str
) -> None:
    """All begin/end offsets non-numeric made pySHACL's SPARQL comparisons raise."""
    broken = re.sub(r'(nif:(?:begin|end)Index) "\d+"', r'\1 "x"', mini_ttl)
    path = tmp_path / "offsets.ttl"
    path.write_text(broken, encoding="utf-8")
    code, out, err = validate(str(path))
    count = len(re.findall(r'nif:(?:begin|end)Index "\d+"', mini_ttl))
    assert code == 1
    assert [ln for ln in err.splitlines() if not ln.startswith(VOCABULARY_NOTE)] == []
    assert out.splitlines()[0] == f"SHACL: the graph does NOT conform ({count} problem(s)):"
    assert out.count("not a valid xsd:nonNegativeInteger") == count


def test_a_remote_json_ld_context_is_not_fetched(tmp_path: Path) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text(
        '{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://example.org/x"}',
        encoding="utf-8",
    )
    start = time.monotonic()
    code, out, err = validate(str(path))
    assert time.monotonic() - start < 5
    assert code == 1 and out == ""
    assert err.startswith(f"error: does not parse: {path}: ")
    assert "remote contexts" in err


def test_an_unknown_extension_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "data.xyz"
    path.write_text("x", encoding="utf-8")
    code, _, err = validate(str(path))
    assert code == 1
    assert err == f"error: does not parse: {path}: unknown RDF file extension '.xyz'\n"


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    code, _, err = validate(str(tmp_path / "nope.ttl"))
    assert code == 1
    assert err == f"error: {tmp_path / 'nope.ttl'}: no such file\n"
