"""Citation stage: every in-text citation of a document, as pointers to the works it cites.

A reader checks a citation against the page, so each pointer keeps the raw offsets and the
exact text it was read from. Parsing happens in two layers: ``parse_parenthesis`` reads the
syntax of what stands between brackets (authors, years, pages, ibídem, op. cit., "citado
en") without knowing any entity, and ``extract_citations`` decides, with the curated
entities, whether a parenthesis is a citation at all, who the authors are, and which work
an ibídem or an op. cit. refers to. Names that only look like authors (a summit, a place)
are rejected because the curation says what they are.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from albakg.curation.anchor import anchor_span
from albakg.curation.corpus import Corpus, CorpusError, DocumentBundle, load_corpus
from albakg.curation.keys import work_key
from albakg.curation.records import Entity, RecordError, Work
from albakg.rdf.evidence import add_evidence
from albakg.rdf.iris import ALBAKG, IriScheme
from albakg.rdf.vocab import BIRO, C4O, CITO, FABIO, NIF
from albakg.resources import data_dir
from albakg.text.document import Document, TextError

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

IBIDEM = "ibídem"
OP_CIT = "op. cit."

_YEAR = r"(?:\d{4}[a-z]?(?:\s*[-–]\s*\d{2,4}[a-z]?)?|s\.\s?f\.|n\.\s?d\.)"
_PAGES = r"\d+(?:\s*[-–]\s*\d+)?(?:\s*,\s*\d+(?:\s*[-–]\s*\d+)?)*"
_PAGE_TAIL = rf"(?:\s*:\s*|\s*,\s*pp?\.\s*)(?P<pages>{_PAGES})"
_MONTHS = {
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
}
_DATE = r"\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\s+de\s+[a-záéíóú]+\s+de\s+\d{4}|\d{4}"

_PREFIX = re.compile(r"^(?:v[ée]ase|ver|cf\.|cfr\.|vid\.)\s+", re.IGNORECASE)
_IBIDEM = re.compile(rf"^(?:ib[ií]d(?:em)?\.?)(?:{_PAGE_TAIL})?$", re.IGNORECASE)
_OP_CIT = re.compile(rf"^(?:(?P<names>.+?),\s*)?op\.\s?cit\.?(?:{_PAGE_TAIL})?$", re.IGNORECASE)
_QUOTED_IN = re.compile(
    rf"^(?P<speaker>.+?),\s*citad[oa]s?\s+en\s+(?P<source>.+?),\s*(?P<date>{_DATE})"
    rf"(?:{_PAGE_TAIL})?$"
)
_AUTHOR_YEARS = re.compile(
    rf"^(?P<names>.+?),\s*(?P<years>{_YEAR}(?:\s*,\s*{_YEAR})*)(?:{_PAGE_TAIL})?$"
)
_YEARS_ONLY = re.compile(rf"^(?P<years>{_YEAR}(?:\s*,\s*{_YEAR})*)(?:{_PAGE_TAIL})?$")
_ONE_YEAR = re.compile(_YEAR)
_PARENTHESIS = re.compile(r"\(([^()\n]*)\)")
_ET_AL = re.compile(r"\s+et\s+al\.?$")
_SPLIT_NAMES = re.compile(r"\s*,\s*(?:y\s+|and\s+)?|\s+(?:y|e|and|&)\s+")
_NAME_WORD = r"[A-ZÁÉÍÓÚÑÜÄÖ][\w'’.-]*"
_NAME_SHAPE = re.compile(
    rf"^{_NAME_WORD}(?:\s+(?:(?:de|del|da|das|do|dos|van|von|der|den|la|le|di|du)\s+)*"
    rf"{_NAME_WORD})*$"
)
_EN_ADELANTE = re.compile(r"^(?P<long>.+?)\s*[-–—]+\s*en adelante\s+(?P<short>.+)$")
_TITLED = re.compile(r"\b(?:el|del|un|su)\s+(?:libro|obra|artículo|ensayo)\s+(?=\S)")
_YEAR_WORD = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


def fold(name: str) -> str:
    """Comparison key of a name: accents and case dropped, dashes and spaces unified."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"[‐‑‒–—]", "-", plain)
    return re.sub(r"\s+", " ", plain).strip().casefold()


# --------------------------------------------------------------------------- syntax


@dataclass(frozen=True)
class Year:
    """One year of an item, with its span relative to the parenthesis content."""

    value: str
    start: int
    end: int


@dataclass(frozen=True)
class Item:
    """One citation inside a parenthesis, before any name is resolved.

    ``kind`` is ``author-year``, ``year`` (authors given elsewhere), ``ibidem``, ``op-cit``
    or ``quoted-in``. Offsets are relative to the content between the brackets.
    """

    kind: str
    start: int
    end: int
    names: str | None = None
    years: tuple[Year, ...] = ()
    pages: str | None = None
    speaker: str | None = None
    source: str | None = None
    date: str | None = None


def _iso_date(text: str) -> str:
    """A day/month/year or "14 de octubre de 2014" date as ``YYYY-MM-DD`` (a year stays)."""
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        return f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    if m := re.fullmatch(r"(\d{1,2})\s+de\s+(\w+)\s+de\s+(\d{4})", text):
        month = _MONTHS.get(m[2].casefold())
        if month:
            return f"{m[3]}-{month:02d}-{int(m[1]):02d}"
        return m[3]
    return text


def _years(text: str, offset: int) -> tuple[Year, ...]:
    return tuple(
        Year(re.sub(r"\s+", "", m.group(0)), offset + m.start(), offset + m.end())
        for m in _ONE_YEAR.finditer(text)
    )


def _pages(m: re.Match[str]) -> str | None:
    """Pages as written, spacing tidied: ``22 - 23`` → ``22-23``, ``12,15`` → ``12, 15``."""
    pages = m.group("pages")
    if not pages:
        return None
    pages = re.sub(r"\s*([-–])\s*", r"\1", pages)
    return re.sub(r"\s*,\s*", ", ", pages)


def parse_item(text: str, offset: int = 0) -> Item | None:
    """Parse one citation (``Autor, 2014: 6``, ``ibídem: 3`` …); ``None`` if it is none."""
    stripped = text.strip()
    if not stripped:
        return None
    offset += len(text) - len(text.lstrip())
    prefix = _PREFIX.match(stripped)
    if prefix:
        offset += prefix.end()
        stripped = stripped[prefix.end() :]
    end = offset + len(stripped)
    if m := _IBIDEM.match(stripped):
        return Item("ibidem", offset, end, pages=_pages(m))
    if m := _OP_CIT.match(stripped):
        return Item("op-cit", offset, end, names=m.group("names"), pages=_pages(m))
    if m := _QUOTED_IN.match(stripped):
        date = _iso_date(m.group("date"))
        year = Year(date[:4], offset + m.start("date"), offset + m.end("date"))
        return Item(
            "quoted-in",
            offset,
            end,
            names=m.group("source"),
            years=(year,),
            pages=_pages(m),
            speaker=m.group("speaker"),
            source=m.group("source"),
            date=date,
        )
    if m := _YEARS_ONLY.match(stripped):
        years = _years(m.group("years"), offset + m.start("years"))
        return Item("year", offset, end, years=years, pages=_pages(m))
    if m := _AUTHOR_YEARS.match(stripped):
        names = m.group("names").strip()
        if not re.search(r"[^\W\d_]", names):
            return None
        years = _years(m.group("years"), offset + m.start("years"))
        return Item("author-year", offset, end, names=names, years=years, pages=_pages(m))
    return None


def parse_parenthesis(content: str) -> tuple[Item, ...] | None:
    """Parse the text between two brackets as citations separated by ``;``.

    Every part must parse, or the parenthesis is not a citation at all: "(ALBA)",
    "(cursivas del autor)" and "(como en Europa Occidental)" give ``None``.
    """
    items: list[Item] = []
    pos = 0
    for part in content.split(";"):
        item = parse_item(part, pos)
        if item is None:
            return None
        items.append(item)
        pos += len(part) + 1
    return tuple(items)


# --------------------------------------------------------------------------- names


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


# --------------------------------------------------------------------------- extraction


@dataclass(frozen=True)
class CitedWork:
    """A distinct work the document cites."""

    key: str  # work_key of its authors and year, or the id of a document cited by name
    authors: tuple[Author, ...]
    year: str
    document: str | None = None
    title: str | None = None
    et_al: bool = False


@dataclass(frozen=True)
class Pointer:
    """One in-text citation: where it is, what it says, and which work it points to."""

    start: int  # raw offsets
    end: int
    exact: str
    norm_start: int
    norm_end: int
    normalized: str
    form: str  # parenthetical | narrative | author-in-sentence | quoted-in | titled
    authors: tuple[Author, ...]
    year: str
    pages: str | None
    work: str
    resolved_from: str | None = None  # IBIDEM | OP_CIT
    speaker: Author | None = None  # who said it, for a statement "citado en" a newspaper
    date: str | None = None
    author_span: tuple[int, int] | None = None  # raw span of names outside the pointer
    group: tuple[int, int] | None = None  # raw span of the parenthesis it stands in
    section: str = ""


@dataclass(frozen=True)
class Rejected:
    """A parenthesis that is not a citation, and why (for checking the parser)."""

    start: int
    end: int
    exact: str
    reason: str


@dataclass(frozen=True)
class Citations:
    doc_id: str
    pointers: tuple[Pointer, ...]
    works: tuple[CitedWork, ...]
    rejected: tuple[Rejected, ...]
    problems: tuple[str, ...]

    def work(self, key: str) -> CitedWork:
        return next(w for w in self.works if w.key == key)


@dataclass
class _Draft:
    """A pointer before ibídem and op. cit. are resolved."""

    nstart: int
    nend: int
    form: str
    authors: tuple[Author, ...] = ()
    year: str = ""
    pages: str | None = None
    document: str | None = None
    et_al: bool = False
    title: str | None = None
    resolved_from: str | None = None
    names: str | None = None  # op. cit.: the author named
    speaker: Author | None = None
    date: str | None = None
    author_span: tuple[int, int] | None = None
    group: tuple[int, int] | None = None


def _sentence_of(doc: Document, pos: int) -> tuple[int, int] | None:
    starts = [s.start for s in doc.sentences]
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and doc.sentences[i].start <= pos < doc.sentences[i].end:
        return doc.sentences[i].start, doc.sentences[i].end
    return None


def section_of(doc: Document, pos: int) -> str:
    """Id of the section holding normalized offset ``pos`` (``front`` before the first)."""
    for s in doc.sections:
        if s.start <= pos < s.end:
            return s.id
    return ""


def _context_authors(
    doc: Document, index: NameIndex, open_at: int, item: Item
) -> tuple[str, tuple[int, int], tuple[Author, ...], bool] | None:
    """Authors of a year-only parenthesis: named right before it, or earlier in its sentence.

    A name right before the bracket makes a narrative citation (``Malamud (2013)``), unless
    the bracket holds a bare year range, which after a name is a period (a term of office);
    a name earlier in the sentence counts only when the bracket also gives a page, which a
    year range of a plan or a summit's year never does.
    """
    if item.pages is None and any("-" in y.value or "–" in y.value for y in item.years):
        return None
    text = doc.text
    end = open_at
    while end > 0 and text[end - 1] == " ":
        end -= 1
    hit = index.names_before(text, end)
    if hit is not None:
        start, authors, et_al = hit
        return "narrative", (start, end), authors, et_al
    sentence = _sentence_of(doc, open_at)
    if item.pages is None or sentence is None or len(item.years) != 1:
        return None
    s0 = sentence[0]
    found = index.last_names_in(text[s0:open_at])
    if found is None:
        return None
    a, b, authors = found
    return "author-in-sentence", (s0 + a, s0 + b), authors, False


def _drafts_of_parenthesis(
    doc: Document, index: NameIndex, m: re.Match[str]
) -> tuple[list[_Draft], str | None]:
    """Pointers of one parenthesis, or a reason for rejecting it."""
    content = m.group(1)
    items = parse_parenthesis(content)
    if items is None:
        return [], "not a citation (no author and year, ibídem or op. cit.)"
    base = m.start(1)
    whole = (m.start(), m.end())
    single = len(items) == 1 and len(items[0].years) <= 1
    drafts: list[_Draft] = []
    previous: tuple[tuple[Author, ...], str | None, bool] | None = None
    for n, item in enumerate(items):
        authors: tuple[Author, ...] = ()
        document: str | None = None
        et_al = False
        form = "parenthetical"
        author_span: tuple[int, int] | None = None
        span_start = base + item.start
        if item.kind in ("ibidem", "op-cit"):
            d = _Draft(
                *(whole if single else (base + item.start, base + item.end)),
                form=form,
                pages=item.pages,
                resolved_from=IBIDEM if item.kind == "ibidem" else OP_CIT,
                names=item.names,
                group=whole,
            )
            drafts.append(d)
            previous = None
            continue
        if item.kind == "year":
            if previous is not None:
                authors, document, et_al = previous
            elif n == 0:
                ctx = _context_authors(doc, index, m.start(), item)
                if ctx is None:
                    return [], "a year with no author before it (a period, a date or an event)"
                form, author_span, authors, et_al = ctx
                if form == "narrative":
                    span_start = author_span[0]
            else:
                return [], "a year with no author in the same parenthesis"
        elif item.kind == "quoted-in":
            assert item.source is not None and item.speaker is not None
            resolved = index.authors(item.source)
            if resolved is None:
                return [], f"'citado en' a source that is not an author: {item.source!r}"
            authors, et_al = resolved
            form = "quoted-in"
        else:
            assert item.names is not None
            document = index.document(item.names)
            if document is None:
                resolved = index.authors(item.names)
                if resolved is None:
                    return [], f"not an author or a cited document: {item.names!r}"
                authors, et_al = resolved
        previous = (authors, document, et_al)
        for k, year in enumerate(item.years):
            last = k == len(item.years) - 1
            if single and form != "narrative":
                a, b = whole
            elif form == "narrative":
                a, b = span_start, m.end()
            else:
                a = span_start if k == 0 else base + year.start
                b = base + (item.end if last else year.end)
            speaker = index.author(item.speaker) if item.speaker else None
            if item.speaker and speaker is None:
                speaker = Author(item.speaker, None, item.speaker)
            drafts.append(
                _Draft(
                    a,
                    b,
                    form,
                    authors,
                    year.value,
                    item.pages if last else None,
                    document,
                    et_al,
                    speaker=speaker,
                    date=item.date,
                    author_span=author_span if form == "author-in-sentence" else None,
                    group=whole,
                )
            )
    return drafts, None


def _titled_drafts(doc: Document, index: NameIndex) -> list[_Draft]:
    """Works named with their title in the prose: ``en 1992 del libro T por A y B``."""
    drafts: list[_Draft] = []
    text = doc.text
    for s in doc.sentences:
        sentence = text[s.start : s.end]
        for m in _TITLED.finditer(sentence):
            for by in re.finditer(r"\s+(?:por|de)\s+", sentence[m.end() :]):
                names_at = m.end() + by.end()
                hit = index.names_after(sentence, names_at)
                if hit is None:
                    continue
                end, authors = hit
                title = sentence[m.end() : m.end() + by.start()].strip()
                years = list(_YEAR_WORD.finditer(sentence, max(0, m.start() - 40), m.start()))
                if not title[:1].isupper() or not years:
                    break
                year = years[-1]
                drafts.append(
                    _Draft(
                        s.start + year.start(),
                        s.start + end,
                        "titled",
                        authors,
                        year.group(0),
                        title=title,
                    )
                )
                break
    return drafts


def _key(authors: Sequence[Author], year: str, document: str | None, et_al: bool) -> str:
    if document:
        return document
    names = [a.cite_as for a in authors] + (["et al"] if et_al else [])
    return work_key(names, year)


def extract_citations(doc: Document, index: NameIndex) -> Citations:
    """Find, parse and resolve every in-text citation of ``doc``, in reading order."""
    drafts: list[_Draft] = []
    rejected: list[Rejected] = []
    problems: list[str] = []
    for m in _PARENTHESIS.finditer(doc.text):
        found, reason = _drafts_of_parenthesis(doc, index, m)
        if reason is not None:
            a = anchor_span(doc, m.start(), m.end())
            rejected.append(Rejected(a.start, a.end, a.exact, reason))
        drafts.extend(found)
    taken = [(d.nstart, d.nend) for d in drafts]
    for d in _titled_drafts(doc, index):
        if not any(a < d.nend and d.nstart < b for a, b in taken):
            drafts.append(d)
    drafts.sort(key=lambda d: (d.nstart, d.nend))

    works: dict[str, CitedWork] = {}
    pointers: list[Pointer] = []
    for d in drafts:
        where = f"{doc.id}: {doc.text[d.nstart : d.nend]!r} at {d.nstart}"
        if d.resolved_from is not None:
            target: CitedWork | None = None
            if d.resolved_from == IBIDEM:
                target = works[pointers[-1].work] if pointers else None
            else:
                named = index.authors(d.names) if d.names else None
                wanted = {fold(a.cite_as) for a in named[0]} if named else set()
                for p in reversed(pointers):
                    w = works[p.work]
                    if not wanted or wanted & {fold(a.cite_as) for a in w.authors}:
                        target = w
                        break
            if target is None:
                problems.append(f"{where}: {d.resolved_from} refers to no earlier citation")
                continue
            d.authors, d.year, d.document = target.authors, target.year, target.document
            d.et_al = target.et_al
        key = _key(d.authors, d.year, d.document, d.et_al)
        known = works.get(key)
        if known is None or (known.title is None and d.title):
            works[key] = CitedWork(key, d.authors, d.year, d.document, d.title, d.et_al)
        for author in d.authors:
            if author.entity is None:
                problems.append(f"{where}: author {author.name!r} is not a curated entity")
        span = anchor_span(doc, d.nstart, d.nend)
        author_span = None
        if d.author_span is not None:
            author_span = doc.normalized.raw_span(*d.author_span)
        group = doc.normalized.raw_span(*d.group) if d.group else None
        pointers.append(
            Pointer(
                start=span.start,
                end=span.end,
                exact=span.exact,
                norm_start=d.nstart,
                norm_end=d.nend,
                normalized=span.normalized,
                form=d.form,
                authors=d.authors,
                year=d.year,
                pages=d.pages,
                work=key,
                resolved_from=d.resolved_from,
                speaker=d.speaker,
                date=d.date,
                author_span=author_span,
                group=group,
                section=section_of(doc, d.nstart),
            )
        )
    return Citations(
        doc.id,
        tuple(pointers),
        tuple(sorted(works.values(), key=lambda w: w.key)),
        tuple(rejected),
        tuple(problems),
    )


# --------------------------------------------------------------------------- output


def citation_rows(c: Citations) -> list[dict[str, object]]:
    """One row per pointer, for the table, TSV and JSON outputs of ``albakg citations``."""
    rows: list[dict[str, object]] = []
    for p in c.pointers:
        w = c.work(p.work)
        rows.append(
            {
                "start": p.start,
                "end": p.end,
                "exact": p.exact,
                "form": p.form,
                "authors": [a.cite_as for a in w.authors],
                "author_entities": [a.entity for a in w.authors],
                "document": w.document,
                "year": p.year,
                "pages": p.pages,
                "work": p.work,
                "resolved_from": p.resolved_from,
                "speaker": p.speaker.name if p.speaker else None,
                "date": p.date,
                "section": p.section,
            }
        )
    return rows


def format_citations(c: Citations, fmt: str) -> str:
    """The pointers as an aligned table, TSV or JSON (stable order: reading order)."""
    import json

    rows = citation_rows(c)
    if fmt == "json":
        payload = {
            "document": c.doc_id,
            "pointers": rows,
            "works": [
                {
                    "key": w.key,
                    "authors": [a.cite_as for a in w.authors],
                    "document": w.document,
                    "year": w.year,
                    "title": w.title,
                }
                for w in c.works
            ],
            "summary": summary(c),
        }
        return json.dumps(payload, ensure_ascii=False, indent=2)
    header = ["start", "end", "exact", "authors", "year", "pages", "work", "via"]

    def cells(r: dict[str, object]) -> list[str]:
        authors = r["authors"]
        assert isinstance(authors, list)
        shown = " y ".join(str(a) for a in authors) if authors else str(r["document"])
        exact = str(r["exact"]).replace("\n", "⏎")
        return [
            str(r["start"]),
            str(r["end"]),
            exact,
            shown if r["document"] is None else str(r["document"]),
            str(r["year"]),
            str(r["pages"] or ""),
            str(r["work"]),
            str(r["resolved_from"] or ""),
        ]

    table = [header, *(cells(r) for r in rows)]
    if fmt == "tsv":
        return "\n".join("\t".join(row) for row in table)
    widths = [min(60, max(len(row[i]) for row in table)) for i in range(len(header))]
    lines = []
    for row in table:
        shown = [v if len(v) <= widths[i] else v[: widths[i] - 1] + "…" for i, v in enumerate(row)]
        lines.append("  ".join(v.ljust(widths[i]) for i, v in enumerate(shown)).rstrip())
    s = summary(c)
    lines.append("")
    lines.append(
        f"{s['pointers']} pointers, {s['works']} distinct works, "
        f"{s['ibidem']} ibídem, {s['op_cit']} op. cit."
    )
    return "\n".join(lines)


def summary(c: Citations) -> dict[str, int]:
    return {
        "pointers": len(c.pointers),
        "works": len(c.works),
        "ibidem": sum(p.resolved_from == IBIDEM for p in c.pointers),
        "op_cit": sum(p.resolved_from == OP_CIT for p in c.pointers),
    }


# --------------------------------------------------------------------------- graph


def bundle_of(corpus: Corpus, doc: Document) -> DocumentBundle:
    for b in corpus.documents:
        if b.doc.id == doc.id:
            return b
    raise KeyError(f"document {doc.id!r} is not in the corpus")


def _curated_works(corpus: Corpus, bundle: DocumentBundle) -> set[str]:
    return {
        bundle.work_id(item.record, corpus.entities)
        for item in bundle.works
        if isinstance(item.record, Work)
    }


def _work_node(iris: IriScheme, w: CitedWork) -> URIRef:
    return iris.entity(w.document) if w.document else iris.work(w.key)


def _work_labels(w: CitedWork, corpus: Corpus) -> tuple[str, str]:
    if w.document and w.document in corpus.entities:
        e = corpus.entities[w.document]
        return e.label.es, e.label.en
    names = [a.cite_as for a in w.authors]
    es = (" y ".join(names) if len(names) < 3 else ", ".join(names)) + (
        " et al." if w.et_al else ""
    )
    en = (" and ".join(names) if len(names) < 3 else ", ".join(names)) + (
        " et al." if w.et_al else ""
    )
    return f"{es} ({w.year})", f"{en} ({w.year})"


def _add_evidence(graph: Graph, doc: Document, iris: IriScheme, p: Pointer) -> URIRef:
    """Evidence for a work no curator listed: the pointer's own text, as an RFC 5147 span."""
    return add_evidence(graph, iris, doc.id, anchor_span(doc, p.norm_start, p.norm_end))


def add_citations_to_graph(graph: Graph, doc: Document, corpus: Corpus, iris: IriScheme) -> None:
    """Add every pointer, its bibliographic reference and any work no curator listed yet."""
    c = extract_citations(doc, NameIndex.of(corpus.entities.values()))
    curated = _curated_works(corpus, bundle_of(corpus, doc))
    text_iri, doc_iri = iris.text(doc.id), iris.document(doc.id)
    first_pointers: dict[str, list[Pointer]] = {}
    for p in c.pointers:
        first_pointers.setdefault(p.work, []).append(p)
    for w in c.works:
        ref, node = iris.reference(doc.id, w.key), _work_node(iris, w)
        es, en = _work_labels(w, corpus)
        graph.add((ref, RDF.type, BIRO.BibliographicReference))
        graph.add((ref, RDFS.label, Literal(f"referencia a {es}", lang="es")))
        graph.add((ref, RDFS.label, Literal(f"reference to {en}", lang="en")))
        graph.add((ref, BIRO.references, node))
        if w.key in curated:
            continue
        graph.add((node, RDF.type, ALBAKG.CitedWork))
        graph.add((doc_iri, CITO.cites, node))
        if re.match(r"^\d{4}", w.year):
            graph.add((node, FABIO.hasPublicationYear, Literal(w.year[:4], datatype=XSD.gYear)))
        if not w.document:
            graph.add((node, RDFS.label, Literal(es, lang="es")))
            graph.add((node, RDFS.label, Literal(en, lang="en")))
            graph.add((node, ALBAKG.authorList, Literal("; ".join(a.cite_as for a in w.authors))))
            for a in w.authors:
                if a.entity:
                    graph.add((node, ALBAKG.author, iris.entity(a.entity)))
        if w.title:
            graph.add((node, DCTERMS.title, Literal(w.title)))
        for p in first_pointers[w.key]:
            graph.add((node, ALBAKG.hasEvidence, _add_evidence(graph, doc, iris, p)))
    for p in c.pointers:
        node = iris.pointer(doc.id, p.start, p.end)
        graph.add((node, RDF.type, C4O.InTextReferencePointer))
        graph.add((node, RDF.type, ALBAKG.InTextCitation))
        graph.add((node, C4O.hasContent, Literal(p.exact)))
        graph.add((node, NIF.anchorOf, Literal(p.exact)))
        graph.add((node, NIF.beginIndex, Literal(p.start, datatype=XSD.nonNegativeInteger)))
        graph.add((node, NIF.endIndex, Literal(p.end, datatype=XSD.nonNegativeInteger)))
        graph.add((node, NIF.referenceContext, text_iri))
        graph.add((node, ALBAKG.normalizedText, Literal(p.normalized)))
        if p.pages:
            graph.add((node, ALBAKG.pages, Literal(p.pages)))
        if p.resolved_from:
            graph.add((node, ALBAKG.resolvedFrom, Literal(p.resolved_from)))
        graph.add((node, C4O.denotes, iris.reference(doc.id, p.work)))


# --------------------------------------------------------------------------- command

FORMATS = ("table", "tsv", "json")


def load_document(doc_id: str, source: Path | None = None) -> tuple[Corpus, Document]:
    """The checked corpus and one of its documents (by id)."""
    corpus = load_corpus(source or data_dir())
    for b in corpus.documents:
        if b.doc.id == doc_id:
            return corpus, b.doc
    known = ", ".join(b.doc.id for b in corpus.documents)
    raise CorpusError([f"no document {doc_id!r} in the corpus (documents: {known})"])


def citations_command(doc_id: str, source: Path | None, fmt: str) -> None:
    """``albakg citations``: the table on stdout; unresolved citations on stderr, exit 1."""
    import typer

    if fmt not in FORMATS:
        typer.echo(f"error: --format must be one of {', '.join(FORMATS)}", err=True)
        raise typer.Exit(2)
    try:
        corpus, doc = load_document(doc_id, source)
    except (CorpusError, RecordError, TextError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    c = extract_citations(doc, NameIndex.of(corpus.entities.values()))
    typer.echo(format_citations(c, fmt))
    for problem in c.problems:
        typer.echo(f"problem: {problem}", err=True)
    if c.problems:
        raise typer.Exit(1)
