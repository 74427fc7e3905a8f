"""The names curators may use for entity types, predicates, stances, claim kinds and outcomes.

Curation checks records against these names before any RDF exists; the vocabulary module of
the RDF stage maps each one to its class or property, and a test keeps the two in step.
"""

from __future__ import annotations

ENTITY_TYPES: tuple[str, ...] = (
    "Person",
    "State",
    "RegionalBloc",
    "InternationalOrganization",
    "Organization",
    "Institution",
    "Program",
    "NormativeInstrument",
    "Norm",
    "AnalyticalConcept",
    "Place",
    "Event",
    "Summit",
    "Speech",
    "Signing",
    "Death",
    "Referendum",
    "Approval",
    "DiscoursePhase",
    "Newspaper",
)

PREDICATES: tuple[str, ...] = (
    "member_of",
    "head_of",
    "succeeded",
    "founded",
    "seat_in",
    "proposed",
    "approved",
    "promotes",
    "contests",
    "codifies",
    "alternative_to",
    "opposes",
    "participated_in",
    "runs",
    "funds",
    "staffs",
    "signed",
    "party_to",
    "allied_with",
    "influenced",
    "located_in",
    "part_of",
    "evolved_from",
    "overlaps_with",
    "phase_of",
    "characterized_by",
    "followed_by",
    "cooperates_with",
    "criticizes",
    "excluded_from",
    "formulated",
    "uses_concept",
    "expanded_to",
    "hegemon_in",
)

STANCES: tuple[str, ...] = (
    "own-thesis",
    "endorses",
    "contests",
    "neutral",
)

CLAIM_KINDS: tuple[str, ...] = (
    "thesis",
    "sub-thesis",
    "attributed",
    "contradiction",
)

OUTCOMES: tuple[str, ...] = (
    "adopted",
    "rejected",
    "failed",
    "pending",
)
