"""Report rules (ROBOT-style) and the project's SPARQL rules: each can fail."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from albakg.build.pipeline import BuildResult
from albakg.export.canonical import read_quads
from albakg.qc.base import Finding, Grade, Status
from albakg.qc.project_rules import RuleError, parse_rule, rules_dir, sparql_rules
from albakg.qc.rules import (
    built_in_rule,
    data_rules,
    ill_typed,
    literal_rule,
    vocabulary_rules,
)
from albakg.rdf.graph import load_vocabulary
from albakg.rdf.iris import ALBAKG

BASE = "https://w3id.org/albakg/"
XSD = "http://www.w3.org/2001/XMLSchema#"
ORG = "http://www.w3.org/ns/org#"
A = str(ALBAKG)
RDF_TYPE = str(RDF.type)


def by_code(findings: list[Finding]) -> dict[str, Finding]:
    return {f.code: f for f in findings}


def nn(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


@pytest.fixture(scope="module")
def mini_quads(mini_build: BuildResult) -> list[ox.Quad]:
    return read_quads(mini_build.out / "albakg.trig")


def store_of(quads: list[ox.Quad]) -> ox.Store:
    store = ox.Store()
    store.extend(quads)
    return store


def iri(term: object) -> str:
    return term.value if isinstance(term, ox.NamedNode) else str(term)


def without(quads: list[ox.Quad], predicate: str, subject: str | None = None) -> list[ox.Quad]:
    return [
        q
        for q in quads
        if not (q.predicate.value == predicate and (subject is None or iri(q.subject) == subject))
    ]


def first_subject(quads: list[ox.Quad], rdf_class: str) -> str:
    return sorted(
        iri(q.subject)
        for q in quads
        if q.predicate.value == RDF_TYPE and isinstance(q.object, ox.NamedNode)
        if q.object.value == rdf_class
    )[0]


# ------------------------------------------------------------------ vocabulary rules


def test_the_vocabulary_has_labels_and_definitions_in_both_languages() -> None:
    found = by_code(vocabulary_rules(load_vocabulary()))
    for code in ("missing_label", "multiple_labels", "label_whitespace", "missing_definition"):
        assert found[f"{code} (vocabulary)"].status is Status.PASSED


def test_vocabulary_label_rules_fail_on_a_broken_vocabulary() -> None:
    g = load_vocabulary()
    g.remove((ALBAKG.Claim, RDFS.label, None))
    g.add((ALBAKG.Person, RDFS.label, Literal("individuo", lang="es")))
    g.add((ALBAKG.Place, RDFS.label, Literal(" place ", lang="en")))
    g.set((ALBAKG.Summit, RDFS.label, Literal("event", lang="en")))
    found = by_code(vocabulary_rules(g))
    assert f"{ALBAKG.Claim} (es)" in found["missing_label (vocabulary)"].terms
    assert f"{ALBAKG.Person} (es)" in found["multiple_labels (vocabulary)"].terms
    assert found["label_whitespace (vocabulary)"].grade is Grade.ERROR
    duplicates = found["duplicate_label (vocabulary)"]
    assert duplicates.grade is Grade.ERROR
    assert any(str(ALBAKG.Summit) in t and str(ALBAKG.Event) in t for t in duplicates.terms)


def test_missing_definition_is_a_warning() -> None:
    g = load_vocabulary()
    from rdflib.namespace import SKOS

    g.remove((ALBAKG.Claim, SKOS.definition, None))
    found = by_code(vocabulary_rules(g))["missing_definition (vocabulary)"]
    assert found.grade is Grade.WARN and f"{ALBAKG.Claim} (en)" in found.terms


def test_redefining_built_in_vocabulary_is_an_error() -> None:
    g = Graph()
    g.add((RDFS.label, RDF.type, OWL.ObjectProperty))
    g.add((ALBAKG.Claim, RDF.type, OWL.Class))
    finding = built_in_rule("vocabulary", (str(s) for s in g.subjects()))
    assert finding.grade is Grade.ERROR and finding.terms == (str(RDFS.label),)
    assert built_in_rule("data", [str(ALBAKG.Claim)]).status is Status.PASSED


# ------------------------------------------------------------------------ data rules


def test_mini_data_passes_the_label_rules(mini_quads: list[ox.Quad]) -> None:
    found = by_code(data_rules(store_of(mini_quads)))
    for code in ("missing_label (data)", "multiple_labels (data)", "label_whitespace (data)"):
        assert found[code].status is Status.PASSED, found[code]
    assert found["duplicate_label (data entities)"].status is Status.PASSED


def test_data_label_rules_fail(mini_quads: list[ox.Quad]) -> None:
    person = first_subject(mini_quads, A + "Person")
    state = first_subject(mini_quads, A + "State")
    label = RDFS.label.toPython()
    broken = without(mini_quads, label, person)
    label_of_state = next(
        q.object
        for q in mini_quads
        if iri(q.subject) == state and q.predicate.value == label
        if isinstance(q.object, ox.Literal) and q.object.language == "en"
    )
    broken.append(ox.Quad(nn(person), nn(label), label_of_state, nn(BASE + "graph/data")))
    found = by_code(data_rules(store_of(broken)))
    assert f"{person} (es)" in found["missing_label (data)"].terms
    assert found["duplicate_label (data entities)"].grade is Grade.ERROR


# --------------------------------------------------------------------- SPARQL rules


def test_every_shipped_rule_parses_with_a_unique_id() -> None:
    files = sorted(rules_dir().glob("*.rq"))
    assert len(files) >= 4
    rules = [parse_rule(p) for p in files]
    assert len({r.id for r in rules}) == len(rules)
    ids = {r.id for r in rules}
    assert {"entity-without-evidence", "quote-offsets-mismatch"} <= ids
    assert {"membership-of-non-state", "claim-without-claimant"} <= ids


def test_rule_header_is_required(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("# id: x\nSELECT ?term WHERE { ?term ?p ?o }\n", encoding="utf-8")
    with pytest.raises(RuleError, match="severity, description"):
        parse_rule(bad)
    bad.write_text("# id: x\n# severity: fatal\n# description: d\nSELECT * {}\n", encoding="utf-8")
    with pytest.raises(RuleError, match="severity must be"):
        parse_rule(bad)


def test_a_broken_rule_file_is_an_error_not_a_pass(tmp_path: Path) -> None:
    (tmp_path / "x.rq").write_text("# id: x\n# severity: WARN\n# description: d\nSELEC\n")
    (finding,) = sparql_rules(ox.Store(), tmp_path)
    assert finding.grade is Grade.ERROR and finding.status is Status.FAILED


def test_mini_data_passes_every_rule(mini_quads: list[ox.Quad]) -> None:
    for finding in sparql_rules(store_of(mini_quads)):
        assert finding.status is Status.PASSED, finding


def _rule(quads: list[ox.Quad], rule_id: str) -> Finding:
    return by_code(sparql_rules(store_of(quads)))[rule_id]


def test_claim_without_claimant(mini_quads: list[ox.Quad]) -> None:
    claim = first_subject(mini_quads, A + "Claim")
    finding = _rule(without(mini_quads, A + "claimant", claim), "claim-without-claimant")
    assert finding.grade is Grade.ERROR and claim in finding.terms


def test_entity_without_evidence(mini_quads: list[ox.Quad]) -> None:
    place = first_subject(mini_quads, A + "State")
    finding = _rule(without(mini_quads, A + "hasEvidence", place), "entity-without-evidence")
    assert place in finding.terms


def test_membership_of_a_non_state(mini_quads: list[ox.Quad]) -> None:
    membership = first_subject(mini_quads, A + "Membership")
    person = first_subject(mini_quads, A + "Person")
    broken = without(mini_quads, ORG + "member", membership)
    broken.append(ox.Quad(nn(membership), nn(ORG + "member"), nn(person), nn(BASE + "graph/data")))
    finding = _rule(broken, "membership-of-non-state")
    assert any(t.startswith(membership) and person in t for t in finding.terms)


def test_quote_that_does_not_match_its_offsets(mini_quads: list[ox.Quad]) -> None:
    nif = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
    evidence = first_subject(mini_quads, A + "Evidence")
    broken = without(mini_quads, nif + "anchorOf", evidence)
    broken.append(
        ox.Quad(
            nn(evidence), nn(nif + "anchorOf"), ox.Literal("not the text"), nn(BASE + "graph/data")
        )
    )
    finding = _rule(broken, "quote-offsets-mismatch")
    assert any(t.startswith(evidence) and "quote differs" in t for t in finding.terms)


def test_dangling_reference(mini_quads: list[ox.Quad]) -> None:
    claim = first_subject(mini_quads, A + "Claim")
    ghost = BASE + "claim/mini/no-such-claim"
    broken = [
        *mini_quads,
        ox.Quad(nn(claim), nn(A + "supports"), nn(ghost), nn(BASE + "graph/data")),
    ]
    finding = _rule(broken, "dangling-reference")
    assert any(ghost in t for t in finding.terms)


# ------------------------------------------------------------------ ill-typed literals


@pytest.mark.parametrize(
    ("lexical", "datatype", "bad"),
    [
        ("2015", "gYear", False),
        ("15", "gYear", True),
        ("2015-06", "gYearMonth", False),
        ("2015-13", "gYearMonth", True),
        ("2016-02-29", "date", False),
        ("2015-02-29", "date", True),
        ("12", "nonNegativeInteger", False),
        ("-5", "nonNegativeInteger", True),
        ("0", "positiveInteger", True),
        ("ab01", "hexBinary", False),
        ("abc", "hexBinary", True),
        ("yes", "boolean", True),
        ("anything", "string", False),
    ],
)
def test_ill_typed(lexical: str, datatype: str, bad: bool) -> None:
    assert ill_typed(lexical, XSD + datatype) is bad


def test_literal_rule_finds_an_ill_typed_date(mini_quads: list[ox.Quad]) -> None:
    assert literal_rule(mini_quads).status is Status.PASSED
    broken = [
        *mini_quads,
        ox.Quad(
            nn(BASE + "id/x"),
            nn(A + "date"),
            ox.Literal("2015-13", datatype=nn(XSD + "gYearMonth")),
            nn(BASE + "graph/data"),
        ),
    ]
    finding = literal_rule(broken)
    assert finding.grade is Grade.ERROR and "2015-13" in finding.terms[0]


def test_rules_are_found_in_the_checkout_or_the_wheel() -> None:
    assert rules_dir().is_dir()
    text = "".join(p.read_text(encoding="utf-8") for p in rules_dir().glob("*.rq"))
    assert A in text
