"""The qc rules on events and instruments: who took part, when, where; who adopted what."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from albakg.build.pipeline import BuildResult
from albakg.export.canonical import read_quads
from albakg.qc.base import Grade, Status
from albakg.qc.project_rules import sparql_rules

A = "https://w3id.org/albakg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
EVENT_RULE = "event-without-participants-date-or-place"
INSTRUMENT_RULE = "instrument-without-actor"
SIGNING = "https://w3id.org/albakg/id/fundacion-del-bap"
GRAPH = ox.NamedNode("https://w3id.org/albakg/graph/data")


@pytest.fixture(scope="module")
def quads(mini_build: BuildResult) -> list[ox.Quad]:
    return read_quads(mini_build.out / "albakg.trig")


def finding(quads: list[ox.Quad], rule_id: str) -> tuple[Status, tuple[str, ...]]:
    store = ox.Store()
    store.extend(quads)
    (f,) = [f for f in sparql_rules(store) if f.code == rule_id]
    assert f.grade is Grade.WARN or f.status is Status.PASSED
    return f.status, tuple(f.terms)


def test_both_rules_pass_on_the_mini_and_the_real_data(
    quads: list[ox.Quad], real_build: BuildResult
) -> None:
    real = read_quads(real_build.out / "albakg.trig")
    for data in (quads, real):
        for rule in (EVENT_RULE, INSTRUMENT_RULE):
            assert finding(data, rule)[0] is Status.PASSED, rule


def test_a_signing_without_participants_is_flagged(quads: list[ox.Quad]) -> None:
    participation = {
        q.subject
        for q in quads
        if q.predicate.value == A + "statementPredicate"
        and q.object == ox.NamedNode(A + "participatedIn")
    }
    broken = [q for q in quads if q.subject not in participation]
    assert finding(broken, EVENT_RULE) == (Status.FAILED, (SIGNING,))


def test_a_signing_without_date_is_flagged(quads: list[ox.Quad]) -> None:
    signing = ox.NamedNode(SIGNING)
    broken = [q for q in quads if not (q.subject == signing and q.predicate.value == A + "date")]
    assert finding(broken, EVENT_RULE) == (Status.FAILED, (SIGNING,))


def test_an_instrument_tied_to_no_actor_is_flagged_until_something_adopts_it(
    quads: list[ox.Quad],
) -> None:
    charter = ox.NamedNode("https://w3id.org/albakg/id/test-charter")
    lone = [
        *quads,
        ox.Quad(charter, ox.NamedNode(RDF_TYPE), ox.NamedNode(A + "NormativeInstrument"), GRAPH),
    ]
    assert finding(lone, INSTRUMENT_RULE) == (Status.FAILED, (charter.value,))
    statement = ox.NamedNode("https://w3id.org/albakg/statement/test/adopted")
    adopted = [
        *lone,
        ox.Quad(
            statement, ox.NamedNode(A + "statementPredicate"), ox.NamedNode(A + "signed"), GRAPH
        ),
        ox.Quad(statement, ox.NamedNode(A + "statementObject"), charter, GRAPH),
    ]
    assert finding(adopted, INSTRUMENT_RULE)[0] is Status.PASSED
