"""The names curation accepts and the RDF terms they map to stay in step."""

from __future__ import annotations

import pytest

from albakg.curation import names
from albakg.rdf import vocab


@pytest.mark.parametrize(
    "table", ["ENTITY_TYPES", "PREDICATES", "STANCES", "CLAIM_KINDS", "OUTCOMES"]
)
def test_every_curated_name_has_exactly_one_rdf_term(table: str) -> None:
    assert tuple(getattr(vocab, table)) == getattr(names, table)
