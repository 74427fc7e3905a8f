"""Mention stage: every place the text names a curated entity, linked to that entity.

The surface forms come from the curation (each entity's Spanish label and its aliases), so
the mentions grow as curators add aliases; nothing here knows a name. Matching is exact and
case-sensitive, because the curation lists forms as the text writes them (with or without
accents, "BM" and "Banco Mundial" alike) and an acronym must not match the common word
that happens to share its letters. Where two forms overlap, the longer wins ("Banco del
ALBA" over "ALBA"), and a form only matches whole words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from albakg.curation.anchor import anchor_span
from albakg.curation.records import Entity
from albakg.text.document import Document
from albakg.text.sections import section_of

#: Characters that may stand before the first word of a sentence or heading.
LEADING_PUNCTUATION = "¿¡“\"«(—–-‘'[ "
_QUOTATION_START = re.compile(r"“(?=[A-ZÁÉÍÓÚÑÜ])")


@dataclass(frozen=True)
class SurfaceForm:
    """A way the text may name entities; more than one entity makes it ambiguous."""

    text: str
    entities: tuple[str, ...]


@dataclass(frozen=True)
class Mention:
    start: int  # raw offsets
    end: int
    exact: str
    norm_start: int
    norm_end: int
    normalized: str
    entity: str
    form: str  # the curated form that matched (lowercase-initial forms match capitalized)
    section: str


@dataclass(frozen=True)
class Mentions:
    doc_id: str
    mentions: tuple[Mention, ...]
    ambiguous: tuple[SurfaceForm, ...]  # forms curated for two entities: not annotated


def surface_forms(entities: Iterable[Entity]) -> tuple[SurfaceForm, ...]:
    """Every curated form (label.es and aliases), with the entities that use it."""
    owners: dict[str, set[str]] = {}
    for e in entities:
        for form in {e.label.es, *e.aliases}:
            owners.setdefault(form, set()).add(e.id)
    return tuple(SurfaceForm(f, tuple(sorted(ids))) for f, ids in sorted(owners.items()))


def initial_positions(doc: Document) -> frozenset[int]:
    """Normalized offsets of the first word of every sentence, heading and quotation.

    A word there is capitalized by position alone, which both the mention and the coverage
    stages must know.
    """
    found: set[int] = set()
    for seg in (*doc.sentences, *doc.headings, *doc.paragraphs):
        i = seg.start
        while i < seg.end and doc.text[i] in LEADING_PUNCTUATION:
            i += 1
        found.add(i)
    found.update(m.end() for m in _QUOTATION_START.finditer(doc.text))
    return frozenset(found)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _occurrences(text: str, form: str) -> Iterable[int]:
    i = text.find(form)
    while i != -1:
        end = i + len(form)
        before_ok = i == 0 or not _is_word_char(text[i - 1])
        after_ok = end == len(text) or not _is_word_char(text[end])
        if before_ok and after_ok:
            yield i
        i = text.find(form, i + 1)


def find_mentions(doc: Document, forms: Iterable[SurfaceForm]) -> Mentions:
    """Annotate every occurrence of every unambiguous form; longest match first."""
    # A paragraph break inside a title split by the PDF layout still separates two words.
    text = doc.text.replace("\n", " ")
    initial = initial_positions(doc)
    candidates: list[tuple[int, int, str, str]] = []
    ambiguous: list[SurfaceForm] = []
    for sf in forms:
        if len(sf.entities) != 1:
            ambiguous.append(sf)
            continue
        form, entity = sf.text, sf.entities[0]
        candidates.extend((i, i + len(form), entity, form) for i in _occurrences(text, form))
        if form[:1].islower():
            capital = form[0].upper() + form[1:]
            candidates.extend(
                (i, i + len(form), entity, form)
                for i in _occurrences(text, capital)
                if i in initial
            )
    candidates.sort(key=lambda c: (c[0] - c[1], c[0], c[2]))
    taken = bytearray(len(text))
    chosen: list[tuple[int, int, str, str]] = []
    for start, end, entity, form in candidates:
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append((start, end, entity, form))
    chosen.sort()
    mentions = []
    for start, end, entity, form in chosen:
        a = anchor_span(doc, start, end)
        mentions.append(
            Mention(
                a.start,
                a.end,
                a.exact,
                start,
                end,
                a.normalized,
                entity,
                form,
                section_of(doc, start),
            )
        )
    return Mentions(doc.id, tuple(mentions), tuple(ambiguous))
