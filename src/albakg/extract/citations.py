"""Citation stage: every in-text citation of a document, as pointers to the works it cites.

A reader checks a citation against the page, so each pointer keeps the raw offsets and the
exact text it was read from. Three layers: ``citation_syntax`` reads what stands between
brackets without knowing any entity, ``citation_names`` says who a name is by the curation,
and this module decides whether a parenthesis (or a title named in the prose) is a citation
at all, which work each pointer stands for, and which work an ibídem or op. cit. refers to.
The results are plain values; the RDF stage renders them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from albakg.curation.anchor import anchor_span
from albakg.curation.keys import work_key
from albakg.extract.citation_names import Author, NameIndex, fold
from albakg.extract.citation_syntax import IBIDEM, OP_CIT, Item, parse_parenthesis
from albakg.text.document import Document
from albakg.text.sections import section_of, sentence_span

_PARENTHESIS = re.compile(r"\(([^()\n]*)\)")
_TITLED = re.compile(r"\b(?:el|del|un|su)\s+(?:libro|obra|artículo|ensayo)\s+(?=\S)")
_YEAR_WORD = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


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
    sentence = sentence_span(doc, open_at)
    if item.pages is None or sentence is None or len(item.years) != 1:
        return None
    s0 = sentence[0]
    found = index.last_names_in(text[s0:open_at])
    if found is None:
        return None
    a, b, authors = found
    return "author-in-sentence", (s0 + a, s0 + b), authors, False


@dataclass(frozen=True)
class _Who:
    """Who one item of a parenthesis cites, once its names are resolved."""

    authors: tuple[Author, ...] = ()
    document: str | None = None
    et_al: bool = False
    form: str = "parenthetical"
    author_span: tuple[int, int] | None = None  # normalized span of names outside the bracket


def _back_reference(item: Item, base: int, whole: tuple[int, int], single: bool) -> _Draft:
    """An ibídem or op. cit., to be resolved against the pointers before it."""
    return _Draft(
        *(whole if single else (base + item.start, base + item.end)),
        form="parenthetical",
        pages=item.pages,
        resolved_from=IBIDEM if item.kind == "ibidem" else OP_CIT,
        names=item.names,
        group=whole,
    )


def _who(
    doc: Document, index: NameIndex, m: re.Match[str], n: int, item: Item, previous: _Who | None
) -> _Who | str:
    """The authors or document of item ``n`` of a parenthesis, or why it is no citation."""
    if item.kind == "year":
        if previous is not None:
            return _Who(previous.authors, previous.document, previous.et_al)
        if n != 0:
            return "a year with no author in the same parenthesis"
        ctx = _context_authors(doc, index, m.start(), item)
        if ctx is None:
            return "a year with no author before it (a period, a date or an event)"
        form, author_span, authors, et_al = ctx
        return _Who(authors, None, et_al, form, author_span)
    if item.kind == "quoted-in":
        assert item.source is not None and item.speaker is not None
        resolved = index.authors(item.source)
        if resolved is None:
            return f"'citado en' a source that is not an author: {item.source!r}"
        return _Who(resolved[0], None, resolved[1], "quoted-in")
    assert item.names is not None
    document = index.document(item.names)
    if document is not None:
        return _Who(document=document)
    resolved = index.authors(item.names)
    if resolved is None:
        return f"not an author or a cited document: {item.names!r}"
    return _Who(resolved[0], None, resolved[1])


def _year_drafts(
    index: NameIndex, m: re.Match[str], item: Item, who: _Who, single: bool
) -> list[_Draft]:
    """One pointer per year of an item; a lone citation spans its whole parenthesis."""
    base, whole = m.start(1), (m.start(), m.end())
    narrative = who.form == "narrative"
    span_start = who.author_span[0] if narrative and who.author_span else base + item.start
    speaker = index.author(item.speaker) if item.speaker else None
    if item.speaker and speaker is None:
        speaker = Author(item.speaker, None, item.speaker)
    drafts: list[_Draft] = []
    for k, year in enumerate(item.years):
        last = k == len(item.years) - 1
        if single and not narrative:
            a, b = whole
        elif narrative:
            a, b = span_start, m.end()
        else:
            a = span_start if k == 0 else base + year.start
            b = base + (item.end if last else year.end)
        drafts.append(
            _Draft(
                a,
                b,
                who.form,
                who.authors,
                year.value,
                item.pages if last else None,
                who.document,
                who.et_al,
                speaker=speaker,
                date=item.date,
                author_span=who.author_span if who.form == "author-in-sentence" else None,
                group=whole,
            )
        )
    return drafts


def _drafts_of_parenthesis(
    doc: Document, index: NameIndex, m: re.Match[str]
) -> tuple[list[_Draft], str | None]:
    """Pointers of one parenthesis, or a reason for rejecting it (then none of its items)."""
    items = parse_parenthesis(m.group(1))
    if items is None:
        return [], "not a citation (no author and year, ibídem or op. cit.)"
    single = len(items) == 1 and len(items[0].years) <= 1
    drafts: list[_Draft] = []
    previous: _Who | None = None
    for n, item in enumerate(items):
        if item.kind in ("ibidem", "op-cit"):
            drafts.append(_back_reference(item, m.start(1), (m.start(), m.end()), single))
            previous = None
            continue
        who = _who(doc, index, m, n, item, previous)
        if isinstance(who, str):
            return [], who
        previous = who
        drafts.extend(_year_drafts(index, m, item, who, single))
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


def _all_drafts(doc: Document, index: NameIndex) -> tuple[list[_Draft], list[Rejected]]:
    """Every pointer before resolution, in reading order, and the parentheses rejected."""
    drafts: list[_Draft] = []
    rejected: list[Rejected] = []
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
    return drafts, rejected


def _referred_work(
    d: _Draft, index: NameIndex, pointers: Sequence[Pointer], works: dict[str, CitedWork]
) -> CitedWork | None:
    """The work an ibídem (the last one cited) or an op. cit. (the last by its author) means."""
    if d.resolved_from == IBIDEM:
        return works[pointers[-1].work] if pointers else None
    named = index.authors(d.names) if d.names else None
    wanted = {fold(a.cite_as) for a in named[0]} if named else set()
    for p in reversed(pointers):
        w = works[p.work]
        if not wanted or wanted & {fold(a.cite_as) for a in w.authors}:
            return w
    return None


def _pointer(doc: Document, d: _Draft, key: str) -> Pointer:
    span = anchor_span(doc, d.nstart, d.nend)
    author_span = None
    if d.author_span is not None:
        author_span = doc.normalized.raw_span(*d.author_span)
    group = doc.normalized.raw_span(*d.group) if d.group else None
    return Pointer(
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


def extract_citations(doc: Document, index: NameIndex) -> Citations:
    """Find, parse and resolve every in-text citation of ``doc``, in reading order."""
    drafts, rejected = _all_drafts(doc, index)
    problems: list[str] = []
    works: dict[str, CitedWork] = {}
    pointers: list[Pointer] = []
    for d in drafts:
        where = f"{doc.id}: {doc.text[d.nstart : d.nend]!r} at {d.nstart}"
        if d.resolved_from is not None:
            target = _referred_work(d, index, pointers, works)
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
        pointers.append(_pointer(doc, d, key))
    return Citations(
        doc.id,
        tuple(pointers),
        tuple(sorted(works.values(), key=lambda w: w.key)),
        tuple(rejected),
        tuple(problems),
    )
