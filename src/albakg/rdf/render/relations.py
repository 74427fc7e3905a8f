"""Curated relations: the direct triple (unless inferred) and its reified statement.

The statement carries what a bare triple cannot: dates, status, role, outcome, evidence;
a membership is also an ``org:Membership`` with its OWL-Time interval.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, RDF, TIME

from albakg.curation.anchor import Anchor
from albakg.curation.records import Entity, Relation
from albakg.rdf.iris import ALBAKG, IriScheme
from albakg.rdf.render.common import add_evidence_of, add_labels, date_literal, time_property
from albakg.rdf.vocab import OUTCOMES, PREDICATES


def render_relation(
    g: Graph,
    iris: IriScheme,
    doc_id: str,
    r: Relation,
    entities: Mapping[str, Entity],
    predicate_labels: Mapping[URIRef, tuple[str, str]],
    evidence: Sequence[Anchor],
) -> None:
    """One relation as stated in ``doc_id``; labels read "subject — predicate — object"."""
    s, o, p = iris.entity(r.subject), iris.entity(r.object), PREDICATES[r.predicate]
    stmt = iris.statement(doc_id, r.id)
    if not r.inferred:
        g.add((s, p, o))
    g.add((stmt, RDF.type, ALBAKG.Statement))
    pes, pen = predicate_labels[p]
    subj, obj = entities[r.subject].label, entities[r.object].label
    add_labels(g, stmt, f"{subj.es} — {pes} — {obj.es}", f"{subj.en} — {pen} — {obj.en}")
    g.add((stmt, ALBAKG.statementSubject, s))
    g.add((stmt, ALBAKG.statementPredicate, p))
    g.add((stmt, ALBAKG.statementObject, o))
    g.add((stmt, ALBAKG.inferred, Literal(r.inferred)))
    for prop, value in (
        (ALBAKG.date, r.date),
        (ALBAKG.startDate, r.start),
        (ALBAKG.endDate, r.end),
    ):
        if value:
            g.add((stmt, prop, date_literal(value)))
    for prop, text in ((ALBAKG.status, r.status), (ALBAKG.roleName, r.role), (ALBAKG.note, r.note)):
        if text:
            g.add((stmt, prop, Literal(text.es, lang="es")))
            g.add((stmt, prop, Literal(text.en, lang="en")))
    if r.to:
        g.add((stmt, ALBAKG.proposedTo, iris.entity(r.to)))
    if r.place:
        g.add((stmt, ALBAKG.atPlace, iris.entity(r.place)))
    if r.outcome:
        g.add((stmt, ALBAKG.outcome, OUTCOMES[r.outcome]))
    g.add((stmt, ALBAKG.statedIn, iris.document(doc_id)))
    if r.predicate == "member_of":
        _render_membership(g, iris, doc_id, r, stmt)
    add_evidence_of(g, iris, doc_id, stmt, evidence)


def _render_membership(g: Graph, iris: IriScheme, doc_id: str, r: Relation, stmt: URIRef) -> None:
    g.add((stmt, RDF.type, ALBAKG.Membership))
    g.add((stmt, ORG.member, iris.entity(r.subject)))
    g.add((stmt, ORG.organization, iris.entity(r.object)))
    if not (r.start or r.end):
        return
    interval = iris.interval(doc_id, r.id)
    g.add((stmt, ORG.memberDuring, interval))
    g.add((interval, RDF.type, TIME.Interval))
    for which, value, prop in (("start", r.start, TIME.hasBeginning), ("end", r.end, TIME.hasEnd)):
        if value:
            instant = iris.instant(doc_id, r.id, which)
            g.add((interval, prop, instant))
            g.add((instant, RDF.type, TIME.Instant))
            g.add((instant, time_property(value), date_literal(value)))
