"""Schema of the curated YAML records, and their loading with errors a curator can act on.

Pydantic models with ``extra="forbid"``: a misspelt key is an error, not a silently ignored
field. Every error names the file, the record (by id when it has one) and the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from albakg.curation.names import CLAIM_KINDS, ENTITY_TYPES, OUTCOMES, PREDICATES, STANCES

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
DateStr = Annotated[str, Field(pattern=r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")]
YearStr = Annotated[str, Field(pattern=r"^\d{4}[a-z]?$")]
NonBlank = Annotated[str, Field(min_length=1)]


def _one_of(allowed: Iterable[str], what: str) -> AfterValidator:
    """A check that a name is one of the allowed names (``curation.names`` lists them)."""
    names = tuple(allowed)

    def check(value: str) -> str:
        if value not in names:
            raise ValueError(f"unknown {what} {value!r}; expected one of: {', '.join(names)}")
        return value

    return AfterValidator(check)


EntityType = Annotated[str, _one_of(ENTITY_TYPES, "entity type")]
Predicate = Annotated[str, _one_of(PREDICATES, "predicate")]
Stance = Annotated[str, _one_of(STANCES, "stance")]
ClaimKind = Annotated[str, _one_of(CLAIM_KINDS, "claim kind")]
Outcome = Annotated[str, _one_of(OUTCOMES, "outcome")]


M = TypeVar("M", bound=BaseModel)


class RecordError(ValueError):
    """A curated file or record is wrong; the message says where and what."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


def _no_edge_space(value: str) -> str:
    if value != value.strip() or "  " in value or "\n" in value:
        raise ValueError("must not start or end with spaces, hold double spaces or line breaks")
    return value


class Labels(_Strict):
    """A name in Spanish and English (Portuguese where the document gives it)."""

    es: NonBlank
    en: NonBlank
    pt: NonBlank | None = None

    @field_validator("es", "en", "pt")
    @classmethod
    def _tidy(cls, value: str | None) -> str | None:
        return value if value is None else _no_edge_space(value)


class Text(_Strict):
    es: NonBlank
    en: NonBlank


class Quote(_Strict):
    """A verbatim quote, as it reads in the normalized text."""

    quote: NonBlank
    occurrence: Annotated[int, Field(ge=1)] | None = None


Evidence = Annotated[list[Quote], Field(min_length=1)]


def _as_list(value: object) -> object:
    """Let a single claimant be written without brackets."""
    return [value] if isinstance(value, str) else value


class Entity(_Strict):
    id: Slug
    type: EntityType
    label: Labels
    aliases: list[NonBlank] = []
    description: Text | None = None
    citation_name: NonBlank | None = None
    wikidata: Annotated[str, Field(pattern=r"^Q[1-9]\d*$")] | None = None
    date: DateStr | None = None
    start: DateStr | None = None
    end: DateStr | None = None
    place: Slug | None = None
    evidence: Evidence


class Work(_Strict):
    authors: list[Slug] = []
    document: Slug | None = None
    year: YearStr
    title: NonBlank | None = None
    evidence: Evidence


class Relation(_Strict):
    id: Slug
    subject: Slug
    predicate: Predicate
    object: Slug
    date: DateStr | None = None
    start: DateStr | None = None
    end: DateStr | None = None
    status: Text | None = None
    role: Text | None = None
    to: Slug | None = None
    place: Slug | None = None
    outcome: Outcome | None = None
    inferred: bool  # explicit on every record: stated (false) or implied (true)
    note: Text | None = None
    evidence: Evidence


class Claim(_Strict):
    id: Slug
    text: Text
    claimant: Annotated[list[Slug], Field(min_length=1), BeforeValidator(_as_list)]
    stance: Stance
    kind: ClaimKind = "attributed"
    about: Annotated[list[Slug], Field(min_length=1)]
    cites: list[Slug] = []
    supports: list[Slug] = []
    contradicts: list[Slug] = []
    discourse: list[Slug] = []
    practice: list[Slug] = []
    evidence: Evidence


class Journal(_Strict):
    title: NonBlank
    issue: NonBlank | None = None
    start_page: Annotated[int, Field(ge=1)] | None = None


class InferredValue(_Strict):
    value: NonBlank
    reason: Text
    evidence: Evidence


class DocumentRecord(_Strict):
    id: Slug
    source: NonBlank
    type: Literal["JournalArticle"]
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")]
    author: Slug
    title: Labels
    journal: Journal | None = None
    journal_section: NonBlank | None = None
    published_not_before: InferredValue | None = None
    rights: Text


class EntitiesFile(_Strict):
    entities: list[Entity]


class WorksFile(_Strict):
    works: list[Work]


class RelationsFile(_Strict):
    relations: list[Relation]


class ClaimsFile(_Strict):
    claims: list[Claim]


def _describe(errors: list[Any], raw: Any, list_key: str | None) -> Iterator[str]:
    for err in errors:
        loc = list(err["loc"])
        where = ""
        if list_key and len(loc) >= 2 and loc[0] == list_key and isinstance(loc[1], int):
            idx = loc[1]
            items = raw.get(list_key) if isinstance(raw, dict) else None
            rid = None
            if isinstance(items, list) and idx < len(items) and isinstance(items[idx], dict):
                rid = items[idx].get("id") or items[idx].get("document")
            where = f"record {rid!r} ({list_key}[{idx}])" if rid else f"{list_key}[{idx}]"
            loc = loc[2:]
        field = ".".join(str(x) for x in loc) or "(record)"
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key (not in the schema; see data/README.md)"
        yield f"{where + ': ' if where else ''}field {field!r}: {msg}"


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RecordError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        pos = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise RecordError(f"{path}: not valid YAML{pos}: {problem}") from exc


def load_model(path: Path, model: type[M], list_key: str | None = None) -> M:
    """Parse ``path`` into ``model``; on failure, one line per problem."""
    raw = read_yaml(path)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        lines = list(_describe(exc.errors(), raw, list_key))
        raise RecordError(f"{path}:\n  " + "\n  ".join(lines)) from exc


_WIKIDATA_LINE = re.compile(r"^Q[1-9]\d*$")


def read_verified_wikidata(path: Path) -> frozenset[str]:
    """QIDs listed as verified: the only Wikidata items a record may link to."""
    qids: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()[1:], start=2):
        if not line.strip():
            continue
        qid = line.split("\t")[-1].strip()
        if not _WIKIDATA_LINE.match(qid):
            raise RecordError(f"{path}: line {n}: last column is not a Wikidata QID: {qid!r}")
        qids.add(qid)
    return frozenset(qids)
