"""Namespaces and the mapping from curated record vocabulary to RDF terms.

Curators write short names (``member_of``, ``Person``); this table is the single place that
says which class or property each one stands for, so that the record schema, the graph
builder and the documentation cannot drift apart.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from albakg.rdf.iris import ALBAKG

NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
FABIO = Namespace("http://purl.org/spar/fabio/")
CITO = Namespace("http://purl.org/spar/cito/")
C4O = Namespace("http://purl.org/spar/c4o/")
BIRO = Namespace("http://purl.org/spar/biro/")
FRBR = Namespace("http://purl.org/vocab/frbr/core#")
SCHEMA = Namespace("https://schema.org/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VANN = Namespace("http://purl.org/vocab/vann/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
OA = Namespace("http://www.w3.org/ns/oa#")
SH = Namespace("http://www.w3.org/ns/shacl#")
WD = Namespace("http://www.wikidata.org/entity/")
CC = Namespace("http://creativecommons.org/ns#")

#: Prefixes bound in every output, in the order they are written.
PREFIXES: dict[str, Namespace] = {
    "albakg": ALBAKG,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "dcterms": Namespace(str(DCTERMS)),
    "foaf": Namespace(str(FOAF)),
    "org": Namespace(str(ORG)),
    "prov": Namespace(str(PROV)),
    "skos": Namespace(str(SKOS)),
    "time": Namespace(str(TIME)),
    "nif": NIF,
    "itsrdf": ITSRDF,
    "fabio": FABIO,
    "cito": CITO,
    "c4o": C4O,
    "biro": BIRO,
    "frbr": FRBR,
    "schema": SCHEMA,
    "spdx": SPDX,
    "vann": VANN,
    "dcat": DCAT,
    "void": VOID,
    "oa": OA,
    "sh": SH,
    "wd": WD,
    "cc": CC,
}

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
