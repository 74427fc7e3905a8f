"""Citation names: who a cited name is, by the curation (authors, documents, non-authors).

Names that only look like authors (a summit, a place) are rejected because the curation says
what they are; a name no entity carries is kept as written when it is shaped like a name,
so that the citation is reported rather than silently dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from albakg.curation.records import Entity

#: Entity types that can author a cited work.
AGENT_TYPES = frozenset(
    {
        "Person",
        "Organization",
        "Institution",
        "InternationalOrganization",
        "RegionalBloc",
        "State",
        "Newspaper",
    }
)
#: Entity types that are cited under their own name (the document is the work).
DOCUMENT_TYPES = frozenset({"NormativeInstrument"})

_ET_AL = re.compile(r"\s+et\s+al\.?$")
_SPLIT_NAMES = re.compile(r"\s*,\s*(?:y\s+|and\s+)?|\s+(?:y|e|and|&)\s+")
_NAME_WORD = r"[A-ZÁÉÍÓÚÑÜÄÖ][\w'’.-]*"
_NAME_SHAPE = re.compile(
    rf"^{_NAME_WORD}(?:\s+(?:(?:de|del|da|das|do|dos|van|von|der|den|la|le|di|du)\s+)*"
    rf"{_NAME_WORD})*$"
)
_EN_ADELANTE = re.compile(r"^(?P<long>.+?)\s*[-–—]+\s*en adelante\s+(?P<short>.+)$")


def fold(name: str) -> str:
    """Comparison key of a name: accents and case dropped, dashes and spaces unified."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"[‐‑‒–—]", "-", plain)
    return re.sub(r"\s+", " ", plain).strip().casefold()


@dataclass(frozen=True)
class Author:
    """An author as the text names it, and the curated entity it is, when there is one."""

    name: str
    entity: str | None
    cite_as: str  # the entity's citation_name, or the name as written


@dataclass(frozen=True)
class NameIndex:
    """Curated names that can author a work or be cited as a document."""

    agents: Mapping[str, str]  # folded name -> entity id (names of one entity only)
    documents: Mapping[str, str]
    blocked: frozenset[str]  # folded names of entities that cannot be cited (places, events)
    citation_names: Mapping[str, str]  # entity id -> citation name
    cited_forms: tuple[tuple[str, str], ...]  # (name as written, entity id), longest first

    @classmethod
    def of(cls, entities: Iterable[Entity]) -> NameIndex:
        """Index the curation; a name two entities share is left out rather than guessed."""
        agents: dict[str, set[str]] = {}
        documents: dict[str, set[str]] = {}
        blocked: set[str] = set()
        citation: dict[str, str] = {}
        forms: set[tuple[str, str]] = set()
        for e in entities:
            names = {e.label.es, e.label.en, *e.aliases}
            if e.citation_name:
                names.add(e.citation_name)
                citation[e.id] = e.citation_name
                forms.update((n, e.id) for n in {e.citation_name, *e.aliases} if n[:1].isupper())
            target = agents if e.type in AGENT_TYPES else documents
            if e.type not in AGENT_TYPES | DOCUMENT_TYPES:
                blocked.update(fold(n) for n in names)
                continue
            for n in names:
                target.setdefault(fold(n), set()).add(e.id)
        return cls(
            agents={k: next(iter(v)) for k, v in agents.items() if len(v) == 1},
            documents={k: next(iter(v)) for k, v in documents.items() if len(v) == 1},
            blocked=frozenset(blocked - set(agents) - set(documents)),
            citation_names=citation,
            cited_forms=tuple(sorted(forms, key=lambda f: (-len(f[0]), f))),
        )

    def author(self, name: str) -> Author | None:
        """The author a name stands for: curated, or at least shaped like a name."""
        key = fold(name)
        if key in self.agents:
            eid = self.agents[key]
            return Author(name, eid, self.citation_names.get(eid, name))
        if key in self.blocked or key in self.documents or not _NAME_SHAPE.match(name):
            return None
        return Author(name, None, name)

    def document(self, name: str) -> str | None:
        """The curated document a name (or its "en adelante" short form) stands for."""
        candidates = [name]
        if m := _EN_ADELANTE.match(name):
            candidates += [m.group("long"), m.group("short")]
        for c in candidates:
            eid = self.documents.get(fold(c.strip(" ,.–—-")))
            if eid:
                return eid
        return None

    def authors(self, names: str) -> tuple[tuple[Author, ...], bool] | None:
        """Split ``A, B y C`` / ``A et al.`` into authors; ``None`` if one is no author."""
        whole = self.author(names)
        if whole is not None and whole.entity is not None:
            return (whole,), False
        et_al = bool(_ET_AL.search(names))
        core = _ET_AL.sub("", names)
        found: list[Author] = []
        for piece in _SPLIT_NAMES.split(core):
            if not piece:
                return None
            author = self.author(piece)
            if author is None:
                return None
            found.append(author)
        return tuple(found), et_al

    def _form_at_end(self, text: str, end: int) -> tuple[int, str] | None:
        for form, eid in self.cited_forms:
            start = end - len(form)
            if start >= 0 and text[start:end] == form and _boundary(text, start, end):
                return start, eid
        return None

    def names_before(self, text: str, end: int) -> tuple[int, tuple[Author, ...], bool] | None:
        """Cited authors written right before ``end`` (``Benzi y Mafla``, ``X et al.``)."""
        et_al = False
        window = max(0, end - 12)
        if m := re.search(r"\s+et\s+al\.?$", text[window:end]):
            et_al, end = True, window + m.start()
        found: list[Author] = []
        start = end
        while True:
            hit = self._form_at_end(text, end)
            if hit is None:
                break
            start, eid = hit
            found.insert(0, Author(text[start:end], eid, self.citation_names[eid]))
            window = max(0, start - 8)
            joint = re.search(r"(?:\s+y\s+|\s+e\s+|,\s+)$", text[window:start])
            if joint is None or len(found) >= 6:
                break
            end = window + joint.start()
        if not found:
            return None
        return start, tuple(found), et_al

    def names_after(self, text: str, start: int) -> tuple[int, tuple[Author, ...]] | None:
        """Cited authors written from ``start`` on (``James Rosenau y Otto-Ernst Czempiel``)."""
        found: list[Author] = []
        end = start
        pos = start
        while True:
            hit = next(
                (
                    (pos + len(form), eid)
                    for form, eid in self.cited_forms
                    if text.startswith(form, pos) and _boundary(text, pos, pos + len(form))
                ),
                None,
            )
            if hit is None:
                break
            end, eid = hit
            found.append(Author(text[pos:end], eid, self.citation_names[eid]))
            joint = re.match(r"\s+y\s+|\s+e\s+|,\s+", text[end:])
            if joint is None:
                break
            pos = end + joint.end()
        return (end, tuple(found)) if found else None

    def last_names_in(self, text: str) -> tuple[int, int, tuple[Author, ...]] | None:
        """The cited authors named last in ``text`` (an author named earlier in a sentence)."""
        best_end = -1
        for form, _eid in self.cited_forms:
            for m in re.finditer(re.escape(form), text):
                if _boundary(text, m.start(), m.end()) and m.end() > best_end:
                    best_end = m.end()
        if best_end < 0:
            return None
        hit = self.names_before(text, best_end)
        if hit is None:
            return None
        start, authors, _ = hit
        return start, best_end, authors


def _boundary(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_")
