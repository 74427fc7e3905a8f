"""Schema of the curated YAML records, and their loading with errors a curator can act on.

Pydantic models with ``extra="forbid"``: a misspelt key is an error, not a silently ignored
field. Every error names the file, the record (by id when it has one) and the field.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, Protocol, TypeVar

import langcodes
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from albakg.curation.names import CLAIM_KINDS, ENTITY_TYPES, OUTCOMES, PREDICATES, STANCES
from albakg.curation.yamlio import YamlError, decode_utf8, read_yaml_file
from albakg.text.limits import LimitError, read_limited

_WIKIDATA_LINE = re.compile(r"^Q[1-9]\d*$")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_YEAR = re.compile(r"(\d{4})[a-z]?")


def _slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise ValueError(
            f"{_short(value)} is not an id: use lower-case letters a-z and digits, in words "
            "joined by single hyphens (like 'alba-tcp')"
        )
    return value


def _date(value: str) -> str:
    """A year, year-month or full date that exists in the calendar, in words when not."""
    m = _DATE.fullmatch(value)
    if not m:
        raise ValueError(
            f"{_short(value)} is not a date: write a year (2004), a month (2004-12) or a "
            "day (2004-12-14), quoted"
        )
    year, month, day = m.group(1), m.group(2), m.group(3)
    if year == "0000":
        raise ValueError(f"{value!r}: year 0000 is not a year any date in this corpus can have")
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"{value!r}: there is no month {month} (months run 01 to 12)")
    if day is not None:
        last = calendar.monthrange(int(year), int(month or 1))[1]
        if not 1 <= int(day) <= last:
            name = calendar.month_name[int(month or 1)]
            raise ValueError(f"{value!r} is not a day: {name} {year} has {last} days")
    return value


def _year(value: str) -> str:
    m = _YEAR.fullmatch(value)
    if not m:
        raise ValueError(
            f"{_short(value)} is not a year: write four digits, with a letter when one author "
            "has two works that year (2004, 2004a), quoted"
        )
    if m.group(1) == "0000":
        raise ValueError(f"{value!r}: year 0000 is not a year any work in this corpus can have")
    return value


def _language(value: str) -> str:
    """A BCP 47 tag whose subtags are registered (so 'zz' is refused)."""
    if not langcodes.tag_is_valid(value):
        raise ValueError(
            f"{_short(value)} is not a valid BCP 47 language tag (such as 'es' or 'pt-BR')"
        )
    return value


def _date_span(start: str, end: str) -> tuple[date, date]:
    """The first day ``start`` may mean and the last day ``end`` may mean."""

    def bounds(value: str) -> tuple[date, date]:
        parts = [int(p) for p in value.split("-")]
        y = parts[0]
        if len(parts) == 3:
            return date(y, parts[1], parts[2]), date(y, parts[1], parts[2])
        if len(parts) == 2:
            return date(y, parts[1], 1), date(y, parts[1], calendar.monthrange(y, parts[1])[1])
        return date(y, 1, 1), date(y, 12, 31)

    return bounds(start)[0], bounds(end)[1]


def _short(value: str, limit: int = 80) -> str:
    """``value`` quoted, shortened in the middle when long, so a message stays readable."""
    if len(value) <= limit:
        return repr(value)
    head, tail = value[: limit - 20], value[-15:]
    return f"{head!r} … {tail!r} ({len(value):,} characters)"


def _qid(value: str) -> str:
    if not _WIKIDATA_LINE.match(value):
        raise ValueError(f"{_short(value)} is not a Wikidata item id (Q and a number, like Q717)")
    return value


Slug = Annotated[str, AfterValidator(_slug)]
DateStr = Annotated[str, AfterValidator(_date)]
YearStr = Annotated[str, AfterValidator(_year)]
LanguageTag = Annotated[str, AfterValidator(_language)]
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


class _Dated(Protocol):
    start: str | None
    end: str | None


_DatedT = TypeVar("_DatedT", bound=_Dated)


def _span_in_order(record: _DatedT) -> _DatedT:
    """A record's ``start`` and ``end``, when both are given, must not run backwards.

    Shared by the record kinds that have both fields; each declares them itself, so that
    they keep their place in its key order (``albakg lint --fix`` writes that order).
    """
    if record.start and record.end:
        first, last = _date_span(record.start, record.end)
        if first > last:
            raise ValueError(f"start {record.start!r} is after end {record.end!r}")
    return record


class Entity(_Strict):
    id: Slug
    type: EntityType
    label: Labels
    aliases: list[NonBlank] = []
    description: Text | None = None
    citation_name: NonBlank | None = None
    wikidata: Annotated[str, AfterValidator(_qid)] | None = None
    date: DateStr | None = None
    start: DateStr | None = None
    end: DateStr | None = None
    place: Slug | None = None
    evidence: Evidence

    _in_order = model_validator(mode="after")(_span_in_order)


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

    _in_order = model_validator(mode="after")(_span_in_order)


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
    language: LanguageTag
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
            where = (
                f"record {_short(str(rid))} ({list_key}[{idx}])" if rid else f"{list_key}[{idx}]"
            )
            loc = loc[2:]
        msg = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown key (not in the schema; see data/README.md)"
        elif err["type"] == "missing":
            msg = "Field required; add it (data/README.md lists each record's fields)"
        field = f"field {'.'.join(str(x) for x in loc)!r}: " if loc else ""
        yield f"{where + ': ' if where else ''}{field}{msg}"


def read_yaml(path: Path) -> Any:
    """Parse one curated YAML file strictly (see :mod:`albakg.curation.yamlio`)."""
    try:
        return read_yaml_file(path)
    except YamlError as exc:
        raise RecordError(str(exc)) from None


def load_model(path: Path, model: type[M], list_key: str | None = None) -> M:
    """Parse ``path`` into ``model``; on failure, one line per problem."""
    raw = read_yaml(path)
    expected = f"a mapping with the key {list_key + ':'!r}" if list_key else "a mapping"
    if raw is None:
        raise RecordError(f"{path}: the file is empty; it should hold {expected}")
    if not isinstance(raw, dict):
        kind = "a list" if isinstance(raw, list) else f"a single value ({type(raw).__name__})"
        raise RecordError(f"{path}: the top level is {kind}; it should be {expected}")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        lines = list(_describe(exc.errors(), raw, list_key))
        raise RecordError(f"{path}:\n  " + "\n  ".join(lines)) from exc


def read_verified_wikidata(path: Path) -> frozenset[str]:
    """QIDs listed as verified: the only Wikidata items a record may link to."""
    qids: set[str] = set()
    try:
        text = decode_utf8(path, read_limited(path, "data file"))
    except (LimitError, YamlError) as exc:
        raise RecordError(str(exc)) from None
    for n, line in enumerate(text.splitlines()[1:], start=2):
        if not line.strip():
            continue
        qid = line.split("\t")[-1].strip()
        if not _WIKIDATA_LINE.match(qid):
            raise RecordError(f"{path}: line {n}: last column is not a Wikidata QID: {qid!r}")
        qids.add(qid)
    return frozenset(qids)
