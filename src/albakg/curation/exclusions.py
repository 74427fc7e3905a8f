"""Schema of ``coverage-exclusions.yaml``: names and entities left without a mention on purpose.

The file is curated data like the records, so it is read and checked once, with the rest of
a document's folder, and a mistake in it is reported as a curation problem (file, entry,
field) before any extraction runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from albakg.curation.records import load_model

EXCLUSIONS_FILE = "coverage-exclusions.yaml"

NameReason = Literal[
    "sentence-initial",
    "heading-word",
    "common-noun",
    "quoted-phrase",
    "numeral",
    "kicker",
    "ambiguous-name",
    "work-title",
]
EntityReason = Literal["no-surface-form", "nested-only", "ambiguous-form"]
SectionId = Annotated[str, Field(pattern=r"^(front|sec-\d{2})$")]
Term = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NameExclusion(_Strict):
    """Names, acronyms or quoted terms deliberately left without an entity, for one reason.

    ``sentence-initial`` applies only where the word opens a sentence, heading or quotation,
    ``heading-word`` only inside headings and the front matter; the other reasons apply
    wherever the term occurs (within ``sections`` when given).
    """

    terms: Annotated[list[Term], Field(min_length=1)]
    reason: NameReason
    note: Annotated[str, Field(min_length=1)]
    sections: list[SectionId] = []

    @field_validator("terms")
    @classmethod
    def _distinct(cls, terms: list[str]) -> list[str]:
        if len(set(terms)) != len(terms):
            raise ValueError("a term is listed twice")
        return terms


class EntityExclusion(_Strict):
    """A curated entity that the text never names in a form of its own."""

    entity: Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    reason: EntityReason
    note: Annotated[str, Field(min_length=1)]


class ExclusionsFile(_Strict):
    names: list[NameExclusion] = []
    unmentioned: list[EntityExclusion] = []


def load_exclusions(path: Path) -> ExclusionsFile:
    """The exclusions of a document; an absent file excludes nothing."""
    if not path.exists():
        return ExclusionsFile()
    return load_model(path, ExclusionsFile)
