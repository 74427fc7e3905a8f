"""Coverage stage: what the text names that no curated entity covers, section by section.

Capitalized names, acronyms and short quoted terms are the likeliest signs of an entity; each
one that no mention covers is either a gap in the curation or a word left out on purpose.
The second kind is recorded, with its reason, in ``coverage-exclusions.yaml`` next to the
document, so that the list of unexplained names can be driven to empty and kept there. An
exclusion that no longer matches anything is reported too: a stale reason is a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from albakg.curation.anchor import anchor_span
from albakg.curation.exclusions import EntityExclusion, ExclusionsFile, NameExclusion
from albakg.extract.mentions import Mention, initial_positions
from albakg.text.document import Document
from albakg.text.sections import section_of

#: Quoted passages longer than this are quotations of sentences, not terms.
QUOTED_TERM_MAX_WORDS = 6

_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_QUOTED = re.compile(r"“([^”]*)”")
#: What may stand between two words of one name: spaces, or lowercase particles.
_CONNECTOR = re.compile(r"^\s+(?:(?:de|del|la|las|los|el|y|e|of|the|and|do|da|dos|das)\s+)*$")


@dataclass(frozen=True)
class Candidate:
    """A capitalized name, an acronym or a quoted term that no mention covers."""

    kind: str  # name | acronym | quoted
    text: str  # normalized, a line break read as a space
    start: int  # raw offsets
    end: int
    norm_start: int
    norm_end: int
    section: str
    initial: bool  # opens a sentence, paragraph, heading or quotation
    in_heading: bool  # inside a heading or the front matter


@dataclass(frozen=True)
class Explained:
    candidate: Candidate
    reason: str
    note: str


@dataclass(frozen=True)
class Coverage:
    doc_id: str
    unexplained: tuple[Candidate, ...]
    explained: tuple[Explained, ...]
    unmentioned: tuple[str, ...]  # entity ids with no mention and no recorded reason
    unmentioned_explained: tuple[EntityExclusion, ...]
    stale: tuple[str, ...]  # exclusions that match nothing, described

    @property
    def ok(self) -> bool:
        return not (self.unexplained or self.unmentioned or self.stale)


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


class _Finder:
    """Builds candidates of one document; holds what every candidate needs to know."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.initial = initial_positions(doc)
        self.headings = [(h.start, h.end) for h in doc.headings]

    def candidate(self, kind: str, s: int, e: int) -> Candidate:
        a = anchor_span(self.doc, s, e)
        section = section_of(self.doc, s)
        return Candidate(
            kind,
            a.normalized.replace("\n", " "),
            a.start,
            a.end,
            s,
            e,
            section,
            s in self.initial,
            section == "front" or any(h0 <= s < h1 for h0, h1 in self.headings),
        )


def find_candidates(doc: Document, mentions: Sequence[Mention]) -> tuple[Candidate, ...]:
    """Runs of capitalized words outside every mention, and short quoted terms no mention spans.

    A run is cut where a sentence begins, so that an opening word is judged on its own.
    """
    text = doc.text
    finder = _Finder(doc)
    covered = bytearray(len(text))
    for mention in mentions:
        covered[mention.norm_start : mention.norm_end] = b"\x01" * (
            mention.norm_end - mention.norm_start
        )
    out: list[Candidate] = []
    run: list[tuple[int, int, str]] = []

    def flush() -> None:
        if run:
            kind = "acronym" if all(_is_acronym(w) for _, _, w in run) else "name"
            out.append(finder.candidate(kind, run[0][0], run[-1][1]))
            run.clear()

    for m in _WORD.finditer(text):
        word = m.group(0)
        if not word[0].isupper() or all(covered[m.start() : m.end()]):
            flush()
            continue
        if run and (
            m.start() in finder.initial or not _CONNECTOR.match(text[run[-1][1] : m.start()])
        ):
            flush()
        run.append((m.start(), m.end(), word))
    flush()
    for m in _QUOTED.finditer(text):
        s, e = m.start(1), m.end(1)
        if not text[s:e].strip() or len(text[s:e].split()) > QUOTED_TERM_MAX_WORDS:
            continue
        if not any(x.norm_start <= s and e <= x.norm_end for x in mentions):
            out.append(finder.candidate("quoted", s, e))
    out.sort(key=lambda c: (c.norm_start, c.norm_end, c.kind))
    return tuple(out)


def _applies(x: NameExclusion, c: Candidate, text: str) -> bool:
    if text not in x.terms or (x.sections and c.section not in x.sections):
        return False
    if x.reason == "sentence-initial":
        return c.initial
    if x.reason == "heading-word":
        return c.in_heading
    return True


class _Judge:
    """Matches candidates against the exclusions and remembers which terms were used."""

    def __init__(self, doc: Document, exclusions: Sequence[NameExclusion]) -> None:
        self.finder = _Finder(doc)
        self.exclusions = exclusions
        self.used: set[tuple[int, str]] = set()

    def _match(self, c: Candidate, text: str) -> NameExclusion | None:
        for i, x in enumerate(self.exclusions):
            if _applies(x, c, text):
                self.used.add((i, text))
                return x
        return None

    def explain(self, c: Candidate) -> tuple[list[Explained], list[Candidate]]:
        """Explain a candidate whole or, when it opens a sentence, word by word from the left."""
        x = self._match(c, c.text)
        if x is not None:
            return [Explained(c, x.reason, x.note)], []
        first = _WORD.match(c.text)
        if c.kind == "quoted" or not c.initial or first is None or first.end() == len(c.text):
            return [], [c]
        head = self.finder.candidate(c.kind, c.norm_start, c.norm_start + first.end())
        x = self._match(head, head.text)
        if x is None:
            return [], [c]
        text = self.finder.doc.text
        words = _WORD.finditer(text, head.norm_end, c.norm_end)
        nxt = next((w for w in words if w.group(0)[0].isupper()), None)
        if nxt is None:
            return [Explained(head, x.reason, x.note)], []
        rest = replace(self.finder.candidate(c.kind, nxt.start(), c.norm_end), initial=False)
        ok, bad = self.explain(rest)
        return [Explained(head, x.reason, x.note), *ok], bad

    def stale(self) -> list[str]:
        return [
            f"names: {term!r} ({x.reason}) matches nothing"
            for i, x in enumerate(self.exclusions)
            for term in x.terms
            if (i, term) not in self.used
        ]


def check_coverage(
    doc: Document,
    mentions: Sequence[Mention],
    entity_ids: Iterable[str],
    exclusions: ExclusionsFile,
) -> Coverage:
    """Unexplained names and unmentioned entities of ``doc``, given its exclusions."""
    judge = _Judge(doc, exclusions.names)
    explained: list[Explained] = []
    unexplained: list[Candidate] = []
    for c in find_candidates(doc, mentions):
        ok, bad = judge.explain(c)
        explained.extend(ok)
        unexplained.extend(bad)
    mentioned = {m.entity for m in mentions}
    ids = sorted(set(entity_ids))
    by_entity = {x.entity: x for x in exclusions.unmentioned}
    unmentioned = [e for e in ids if e not in mentioned and e not in by_entity]
    unmentioned_ok = [by_entity[e] for e in ids if e not in mentioned and e in by_entity]
    stale = judge.stale()
    for x in exclusions.unmentioned:
        if x.entity in mentioned:
            stale.append(f"unmentioned: {x.entity!r} is mentioned now")
        elif x.entity not in ids:
            stale.append(f"unmentioned: {x.entity!r} is not an entity of this document")
    return Coverage(
        doc.id,
        tuple(unexplained),
        tuple(explained),
        tuple(unmentioned),
        tuple(unmentioned_ok),
        tuple(stale),
    )
