"""Curated claims: who claims what, the author's stance, and the works and claims it rests on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from albakg.curation.anchor import Anchor
from albakg.curation.records import Claim
from albakg.rdf.iris import ALBAKG, IriScheme
from albakg.rdf.render.common import add_evidence_of, add_labels
from albakg.rdf.vocab import CITO, CLAIM_KINDS, STANCES

#: How the document cites a work a claim rests on, by the author's stance on the claim.
_CITATION_FUNCTION = {"endorses": CITO.agreesWith, "contests": CITO.disagreesWith}


def render_claim(
    g: Graph,
    iris: IriScheme,
    doc_id: str,
    c: Claim,
    works: Mapping[str, URIRef],
    evidence: Sequence[Anchor],
) -> None:
    """One claim of ``doc_id``; ``works`` maps the work keys it cites to their IRIs."""
    node, doc = iris.claim(doc_id, c.id), iris.document(doc_id)
    g.add((node, RDF.type, ALBAKG.Claim))
    add_labels(g, node, c.text.es, c.text.en)
    for who in c.claimant:
        g.add((node, ALBAKG.claimant, iris.entity(who)))
    g.add((node, ALBAKG.authorStance, STANCES[c.stance]))
    g.add((node, ALBAKG.claimKind, CLAIM_KINDS[c.kind]))
    for a in c.about:
        g.add((node, ALBAKG.about, iris.entity(a)))
    for w in c.cites:
        g.add((node, ALBAKG.restsOn, works[w]))
        g.add((doc, _CITATION_FUNCTION.get(c.stance, CITO.citesForInformation), works[w]))
    for other in c.supports:
        g.add((node, ALBAKG.supports, iris.claim(doc_id, other)))
    for other in c.contradicts:
        g.add((node, ALBAKG.contradicts, iris.claim(doc_id, other)))
    for rel in c.discourse:
        g.add((node, ALBAKG.discourseSide, iris.statement(doc_id, rel)))
    for rel in c.practice:
        g.add((node, ALBAKG.practiceSide, iris.statement(doc_id, rel)))
    g.add((node, ALBAKG.statedIn, doc))
    add_evidence_of(g, iris, doc_id, node, evidence)
