"""Competency questions: each bundled query answers what the article says.

Expected answers come from reading the article, not from the graph: a query that stops
finding them, or a curation change that loses them, fails here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from albakg.build.pipeline import BuildResult
from albakg.resources import queries_dir
from albakg.sparql.store import open_store

ID = "https://w3id.org/albakg/id/"
Rows = list[dict[str, str | None]]

QUERIES = sorted(queries_dir().glob("*.rq"))


@pytest.fixture(scope="module")
def store(real_build: BuildResult) -> ox.Store:
    return open_store(real_build.out)


def run(store: ox.Store, name: str) -> Rows:
    text = (queries_dir() / f"{name}.rq").read_text(encoding="utf-8")
    results = store.query(text, use_default_graph_as_union=True)
    assert isinstance(results, ox.QuerySolutions)
    names = [v.value for v in results.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in results]


def values(rows: Rows, key: str) -> set[str | None]:
    return {r[key] for r in rows}


def has_row(rows: Rows, **expected: Any) -> bool:
    return any(all(r.get(k) == v for k, v in expected.items()) for r in rows)


def _alba_members(rows: Rows) -> None:
    states = {ID + s for s in ("venezuela", "cuba", "bolivia", "ecuador", "nicaragua")}
    assert values(rows, "state") == states
    assert values(rows, "inferred") == {"false"}


def _bolivia(rows: Rows) -> None:
    orgs = {ID + o for o in ("alba", "can", "unasur", "celac", "mercosur")}
    assert orgs <= values(rows, "organization")
    assert has_row(rows, organization=ID + "mercosur", status="newly accepted as full member")


def _stated_memberships(rows: Rows) -> None:
    assert has_row(rows, memberLabel="Bolivia", organizationLabel="Southern Common Market")
    assert len(rows) >= 10


def _leaders(rows: Rows) -> None:
    assert has_row(
        rows,
        personLabel="Hugo Chávez",
        organizationLabel="Venezuela",
        role="president",
        start="1999",
        end="2013-03",
        inferred="false",
    )


def _chavez_offices(rows: Rows) -> None:
    assert has_row(
        rows, organizationLabel="Venezuela", role="president", start="1999", end="2013-03"
    )
    assert any("Bolivarian Alliance" in (r["organizationLabel"] or "") for r in rows)


def _successions(rows: Rows) -> None:
    assert has_row(rows, successorLabel="Nicolás Maduro", predecessorLabel="Hugo Chávez")


def _foundings(rows: Rows) -> None:
    for founder in ("Hugo Chávez", "Fidel Castro"):
        assert any(
            r["founderLabel"] == founder
            and "Bolivarian Alliance" in (r["foundedLabel"] or "")
            and r["date"] == "2004"
            and r["placeLabel"] == "Havana"
            and r["inferred"] == "false"
            for r in rows
        ), founder
    assert any(r["foundedLabel"] == "ALBA Defence School" and r["date"] == "2011" for r in rows)


def _events(rows: Rows) -> None:
    dates = [r["date"] or "" for r in rows]
    assert dates == sorted(dates), "events are not in chronological order"
    assert has_row(rows, date="2013-07-25")  # Morales's speech on the ALBA military doctrine
    assert has_row(rows, date="1994", placeLabel="Miami")


def _summits(rows: Rows) -> None:
    assert has_row(rows, date="1994", placeLabel="Miami")
    assert has_row(rows, date="2001", placeLabel="Quebec City")
    assert has_row(rows, date="2000", placeLabel="Brasília")


def _proposals(rows: Rows) -> None:
    assert has_row(
        rows,
        proposerLabel="Hugo Chávez",
        toLabel="Southern Common Market",
        date="2006-01",
        outcome="failed",
    )
    assert has_row(rows, proposerLabel="Hugo Chávez", date="2000", placeLabel="Brasília")
    assert has_row(rows, proposerLabel="Evo Morales", date="2013-07-25")


def _failed(rows: Rows) -> None:
    assert has_row(rows, proposerLabel="ALBA axis", proposalLabel="NATO of the South")
    assert values(rows, "outcome") <= {"failed", "rejected"}


def _approvals(rows: Rows) -> None:
    assert has_row(rows, approvedLabel="Inter-American Democratic Charter", date="2001")
    assert has_row(rows, approvedLabel="Bank of the South", date="2009")


def _promoted(rows: Rows) -> None:
    assert {
        ID + "democracia-participativa",
        ID + "solidaridad",
        ID + "ventajas-cooperativas",
    } <= values(rows, "norm")


def _contested(rows: Rows) -> None:
    expected = {
        "libre-comercio",
        "regionalismo-abierto",
        "nuevo-regionalismo-economico",
        "neoliberalismo",
        "democracia-representativa",
        "orden-unipolar",
    }
    assert {ID + n for n in expected} <= values(rows, "norm")


def _norm_sides(rows: Rows) -> None:
    assert has_row(
        rows,
        normLabel="representative democracy",
        stance="contests",
        actorLabel="Bolivarian Alliance for the Peoples of Our America",
    )
    assert has_row(rows, normLabel="participatory democracy", stance="promotes")


def _instruments(rows: Rows) -> None:
    assert has_row(
        rows,
        instrumentLabel="Inter-American Democratic Charter",
        normLabel="representative democracy",
    )


def _alternatives(rows: Rows) -> None:
    assert has_row(
        rows,
        relation="alternative to",
        aLabel="Bolivarian Alliance for the Peoples of Our America",
        bLabel="Free Trade Area of the Americas",
    )


def _programs(rows: Rows) -> None:
    assert has_row(rows, programLabel="ALBA Bank", relation="funds", actorLabel="Venezuela")
    assert any(r["relation"] == "staffs" and r["actorLabel"] == "Cuba" for r in rows)


def _phases(rows: Rows) -> None:
    assert has_row(rows, actorLabel="Venezuela", start="2001", end="2007")
    assert has_row(rows, actorLabel="Venezuela", start="2007", end="2013")
    assert has_row(rows, actorLabel="Hugo Chávez", start="2006")
    assert any(r["next"] for r in rows)


def _contradictions(rows: Rows) -> None:
    assert any("Nicaragua" in (r["practiceLabel"] or "") for r in rows)
    assert any("Ecuador" in (r["practiceLabel"] or "") for r in rows)


WORKS = [
    "guzzini-2012",
    "nolte-2014",
    "rhodes-1996",
    "hufty-2007",
    "sending-neuman-2006",
    "borzel-van-hullen-2015",
    "solingen-2012",
    "quiliconi-2014",
    "acharya-2004",
    "muhr-2011",
    "legler-2013",
    "legler-2012",
    "backer-molina-2014",
    "chavez-2011",
    "padua-mathias-2010",
    "morales-2013",
    "lawrence-1996",
    "halliday-1999",
    "gonzalez-urrutia-2008",
    "benzi-mafla-2014",
    "lana-seabra-2013",
    "acemoglu-robinson-2014",
    "corrales-2009",
    "malamud-2013",
    "gomez-mera-2015",
    "briceno-ruiz-2010",
    "aponte-2014",
    "gurcan-2010",
    "world-bank-1992",
    "world-bank-1997",
]


def _cited(rows: Rows) -> None:
    found = {str(w).rsplit("/", 1)[-1] for w in values(rows, "work")}
    missing = set(WORKS) - found
    assert not missing, f"cited works missing: {sorted(missing)}"
    assert has_row(
        rows, year="1992", title="Governance without government: order and change en world politics"
    )


def _wikidata(rows: Rows) -> None:
    assert has_row(rows, entity=ID + "venezuela", item="http://www.wikidata.org/entity/Q717")
    assert has_row(rows, entity=ID + "hugo-chavez", item="http://www.wikidata.org/entity/Q8440")
    assert len(rows) >= 30


def _overlaps(rows: Rows) -> None:
    assert has_row(rows, aLabel="ALBA Bank", bLabel="Bank of the South")
    assert has_row(rows, aLabel="ALBA Defence School", bLabel="South American Defence School")


def _membership_evidence(rows: Rows) -> None:
    assert rows
    for r in rows:
        assert int(r["begin"] or 0) < int(r["end"] or 0) and r["quote"]


def _inferred(rows: Rows) -> None:
    found = {str(r["statement"]).rsplit("/", 1)[-1] for r in rows}
    # implied by the text, not stated: Maduro succeeding Chávez; the year of publication
    assert {"nicolas-maduro-succeeded-hugo-chavez", "published-not-before"} <= found
    # stated outright ("es parte de la CAN ... recién ha sido aceptado ... del Mercosur")
    assert not {"bolivia-member-of-mercosur", "bolivia-member-of-can"} & found


def _participants(rows: Rows) -> None:
    assert has_row(rows, actorLabel="Hugo Chávez", date="2004")  # the Havana signing
    assert has_row(rows, actorLabel="Fidel Castro", date="2004")
    assert has_row(rows, actorLabel="Evo Morales", date="2013-07-25")
    assert has_row(
        rows, actorLabel="Venezuela", eventLabel="Quebec City Summit of the Americas (2001)"
    )


CLAIM = "https://w3id.org/albakg/claim/briceno-ruiz-alba/"
THESES = [
    "alba-soft-balancing-not-governance",
    "governance-unfit-to-explain-alba",
    "alba-discourse-practice-gap",
    "alba-future-doubtful-oil-dependence",
    "alba-failed-to-extend-influence",
]


def _theses(rows: Rows) -> None:
    for thesis in THESES:
        supports = [r for r in rows if r["thesis"] == CLAIM + thesis]
        assert supports, f"thesis {thesis} missing"
        assert any(r["support"] for r in supports), f"nothing supports {thesis}"


def _contested_claims(rows: Rows) -> None:
    claimants = {str(c).rsplit("/", 1)[-1] for c in values(rows, "claimant")}
    assert {"muhr", "lana-seabra", "aponte", "gurcan"} <= claimants


def _endorsed(rows: Rows) -> None:
    assert has_row(rows, claimantLabel="Javier Corrales", workLabel="Corrales (2009)")
    assert has_row(rows, claimantLabel="Fred Halliday", workLabel="Halliday (1999)")


def _sources(rows: Rows) -> None:
    assert has_row(rows, workLabel="Corrales (2009)", stance="endorsement")
    assert has_row(rows, workLabel="Lana Seabra (2013)", stance="contestation")
    assert has_row(rows, workLabel="Acemoglu and Robinson (2014)", claimantLabel="Robinson")


def _soft_balancing_claims(rows: Rows) -> None:
    found = {str(c).rsplit("/", 1)[-1] for c in values(rows, "claim")}
    assert {"alba-soft-balancing-not-governance", "corrales-soft-balancing-definition"} <= found


def _argument(rows: Rows) -> None:
    assert has_row(
        rows,
        **{"from": CLAIM + "acemoglu-robinson-general-laws-critique"},
        relation="contradicts",
        to=CLAIM + "lana-seabra-alba-breaks-accumulation-law",
    )
    supporters = {r["from"] for r in rows if r["relation"] == "supports"}
    assert len(supporters) >= 50


CHECKS: dict[str, Callable[[Rows], None]] = {
    "author-theses": _theses,
    "contested-claims": _contested_claims,
    "endorsed-scholarly-claims": _endorsed,
    "claims-and-their-sources": _sources,
    "claims-about-soft-balancing": _soft_balancing_claims,
    "argument-structure": _argument,
    "alba-members": _alba_members,
    "bolivia-memberships": _bolivia,
    "stated-memberships": _stated_memberships,
    "leaders-and-offices": _leaders,
    "chavez-offices": _chavez_offices,
    "successions": _successions,
    "foundings": _foundings,
    "events-by-date": _events,
    "summits": _summits,
    "proposals": _proposals,
    "failed-proposals": _failed,
    "approvals": _approvals,
    "norms-promoted-by-alba": _promoted,
    "norms-contested-by-alba": _contested,
    "norm-promoters-and-contesters": _norm_sides,
    "instruments-and-norms": _instruments,
    "alternatives-and-oppositions": _alternatives,
    "programs-and-their-backers": _programs,
    "discourse-phases": _phases,
    "contradictions": _contradictions,
    "cited-works": _cited,
    "wikidata-links": _wikidata,
    "overlapping-schemes": _overlaps,
    "membership-evidence": _membership_evidence,
    "inferred-statements": _inferred,
    "event-participants": _participants,
}


def test_there_are_enough_questions_and_each_has_a_check() -> None:
    names = {q.stem for q in QUERIES}
    assert len(names) >= 25
    assert names == set(CHECKS), (
        f"unchecked: {sorted(names - set(CHECKS))}; stale: {sorted(set(CHECKS) - names)}"
    )


@pytest.mark.parametrize("query", QUERIES, ids=[q.stem for q in QUERIES])
def test_question_is_bilingual(query: Path) -> None:
    head = query.read_text(encoding="utf-8").splitlines()[:2]
    assert head[0].startswith("# en: ") and head[0].endswith("?")
    assert head[1].startswith("# es: ") and "¿" in head[1] and head[1].endswith("?")


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_competency_question_answer(store: ox.Store, name: str) -> None:
    CHECKS[name](run(store, name))
