"""Namespaces and the mapping from curated record vocabulary to RDF terms.

Curators write short names (``member_of``, ``Person``); this table is the single place that
says which class or property each one stands for, so that the record schema, the graph
builder and the documentation cannot drift apart.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import ORG

from albakg.rdf.iris import ALBAKG
from albakg.rdf.prefixes import PREFIX_IRIS

#: Prefixes bound in every output, in the order they are written (see :mod:`.prefixes`).
PREFIXES: dict[str, Namespace] = {p: Namespace(iri) for p, iri in PREFIX_IRIS.items()}

NIF = PREFIXES["nif"]
ITSRDF = PREFIXES["itsrdf"]
FABIO = PREFIXES["fabio"]
CITO = PREFIXES["cito"]
C4O = PREFIXES["c4o"]
BIRO = PREFIXES["biro"]
FRBR = PREFIXES["frbr"]
SCHEMA = PREFIXES["schema"]
SPDX = PREFIXES["spdx"]
VANN = PREFIXES["vann"]
DCAT = PREFIXES["dcat"]
VOID = PREFIXES["void"]
OA = PREFIXES["oa"]
SH = PREFIXES["sh"]
WD = PREFIXES["wd"]
CC = PREFIXES["cc"]

#: Entity ``type`` in the records → class of the vocabulary.
ENTITY_TYPES = {
    "Person": ALBAKG.Person,
    "State": ALBAKG.State,
    "RegionalBloc": ALBAKG.RegionalBloc,
    "InternationalOrganization": ALBAKG.InternationalOrganization,
    "Organization": ALBAKG.Organization,
    "Institution": ALBAKG.Institution,
    "Program": ALBAKG.Program,
    "NormativeInstrument": ALBAKG.NormativeInstrument,
    "Norm": ALBAKG.Norm,
    "AnalyticalConcept": ALBAKG.AnalyticalConcept,
    "Place": ALBAKG.Place,
    "Event": ALBAKG.Event,
    "Summit": ALBAKG.Summit,
    "Speech": ALBAKG.Speech,
    "Signing": ALBAKG.Signing,
    "Death": ALBAKG.Death,
    "Referendum": ALBAKG.Referendum,
    "Approval": ALBAKG.Approval,
    "DiscoursePhase": ALBAKG.DiscoursePhase,
    "Newspaper": ALBAKG.Newspaper,
}

#: Relation ``predicate`` in the records → property of the direct triple.
PREDICATES = {
    "member_of": ORG.memberOf,
    "head_of": ORG.headOf,
    "succeeded": ALBAKG.succeeded,
    "founded": ALBAKG.founded,
    "seat_in": ALBAKG.seatIn,
    "proposed": ALBAKG.proposed,
    "approved": ALBAKG.approved,
    "promotes": ALBAKG.promotes,
    "contests": ALBAKG.contests,
    "codifies": ALBAKG.codifies,
    "alternative_to": ALBAKG.alternativeTo,
    "opposes": ALBAKG.opposes,
    "participated_in": ALBAKG.participatedIn,
    "runs": ALBAKG.runs,
    "funds": ALBAKG.funds,
    "staffs": ALBAKG.staffs,
    "signed": ALBAKG.signed,
    "party_to": ALBAKG.partyTo,
    "allied_with": ALBAKG.alliedWith,
    "influenced": ALBAKG.influenced,
    "located_in": ALBAKG.locatedIn,
    "part_of": ALBAKG.partOf,
    "evolved_from": ALBAKG.evolvedFrom,
    "overlaps_with": ALBAKG.overlapsWith,
    "phase_of": ALBAKG.phaseOf,
    "characterized_by": ALBAKG.characterizedBy,
    "followed_by": ALBAKG.followedBy,
    "cooperates_with": ALBAKG.cooperatesWith,
    "criticizes": ALBAKG.criticizes,
    "excluded_from": ALBAKG.excludedFrom,
    "formulated": ALBAKG.formulated,
    "uses_concept": ALBAKG.usesConcept,
    "expanded_to": ALBAKG.expandedTo,
    "hegemon_in": ALBAKG.hegemonIn,
}

STANCES = {
    "own-thesis": ALBAKG.OwnThesis,
    "endorses": ALBAKG.Endorses,
    "contests": ALBAKG.Contests,
    "neutral": ALBAKG.Neutral,
}

CLAIM_KINDS = {
    "thesis": ALBAKG.Thesis,
    "sub-thesis": ALBAKG.SubThesis,
    "attributed": ALBAKG.AttributedClaim,
    "contradiction": ALBAKG.Contradiction,
}

OUTCOMES = {
    "adopted": ALBAKG.Adopted,
    "rejected": ALBAKG.Rejected,
    "failed": ALBAKG.Failed,
    "pending": ALBAKG.Pending,
}
