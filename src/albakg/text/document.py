"""Text stage: raw article text → normalized reading text with an offset map, and its segments.

Every quote in the graph is anchored in the *raw* file (character offsets, Unicode code
points), because that file is what a reader can open and check. Curators, however, read
and quote the *normalized* text: line-end hyphens joined, whitespace collapsed, NFC. This
module keeps the two in step: each normalized character remembers the raw span it came from.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

#: Prefixes that keep their hyphen when a line break splits them from their stem.
KEPT_PREFIXES: frozenset[str] = frozenset({"anti", "contra", "neo", "pos", "post", "pre", "ex"})

#: A paragraph break in the normalized text (one character, so spans stay one-to-one).
PARAGRAPH_BREAK = "\n"

_LINE_END_HYPHEN = re.compile(r"(?<=\w)-[ \t]*\n[ \t]*(?=\w)")
_WORD_LEFT = re.compile(r"[\w]+$")
_WORD_RIGHT = re.compile(r"^[\w]+")
_HYPHENATED = re.compile(r"\b\w+-\w+\b")


class TextError(ValueError):
    """Raised when a document cannot be read or a span cannot be mapped."""


@dataclass(frozen=True)
class HyphenDecision:
    """One line-end hyphen and whether joining removed it (and why)."""

    offset: int  # raw offset of the hyphen
    line: int  # 1-based line number of the hyphen in the raw file
    left: str
    right: str
    joined: bool
    reason: str

    @property
    def result(self) -> str:
        return f"{self.left}{self.right}" if self.joined else f"{self.left}-{self.right}"


def _line_of(raw: str, offset: int) -> int:
    return raw.count("\n", 0, offset) + 1


def decide_hyphens(raw: str) -> tuple[HyphenDecision, ...]:
    """Decide, for every hyphen at a line end, whether it is a line-break artefact.

    The hyphen stays when the article writes the same compound with a hyphen elsewhere
    (on one line), or when the left part is a prefix that keeps its hyphen; it goes when
    the joined word occurs elsewhere, and otherwise by default (a syllable break).
    """
    matches = list(_LINE_END_HYPHEN.finditer(raw))
    broken = {m.start() for m in matches}
    hyphenated: set[str] = set()
    joined_words: set[str] = set()
    for m in _HYPHENATED.finditer(raw):
        hyphenated.add(m.group(0).casefold())
    for m in re.finditer(r"\w+", raw):
        joined_words.add(m.group(0).casefold())
    decisions: list[HyphenDecision] = []
    for m in matches:
        left_m = _WORD_LEFT.search(raw, 0, m.start())
        right_m = _WORD_RIGHT.search(raw[m.end() : m.end() + 80])
        left = left_m.group(0) if left_m else ""
        right = right_m.group(0) if right_m else ""
        compound = f"{left}-{right}".casefold()
        if compound in hyphenated:
            joined, reason = False, "compound written with a hyphen elsewhere"
        elif f"{left}{right}".casefold() in joined_words:
            joined, reason = True, "joined word occurs elsewhere"
        elif left.casefold() in KEPT_PREFIXES:
            joined, reason = False, f"prefix '{left.casefold()}-'"
        else:
            joined, reason = True, "syllable break"
        assert m.start() in broken
        decisions.append(
            HyphenDecision(m.start(), _line_of(raw, m.start()), left, right, joined, reason)
        )
    return tuple(decisions)


def _clusters(raw: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """Yield raw ranges that NFC normalizes independently of their neighbours."""
    i = start
    while i < end:
        j = i + 1
        while j < end:
            nxt = raw[j]
            if unicodedata.combining(nxt) or unicodedata.normalize(
                "NFC", raw[i : j + 1]
            ) != unicodedata.normalize("NFC", raw[i:j]) + unicodedata.normalize("NFC", nxt):
                j += 1
            else:
                break
        yield i, j
        i = j


@dataclass(frozen=True)
class NormalizedText:
    """Normalized reading text and, per character, the raw span it stands for."""

    raw: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    decisions: tuple[HyphenDecision, ...]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw span ``[a, b)`` covering normalized span ``[start, end)``."""
        if not 0 <= start < end <= len(self.text):
            raise TextError(f"span {start}:{end} is outside the normalized text")
        return self.starts[start], self.ends[end - 1]

    def snap(self, start: int, end: int) -> tuple[int, int]:
        """Widen a normalized span so that it does not cut a character NFC composed or split."""
        a, b = self.raw_span(start, end)
        while start > 0 and self.starts[start - 1] == a:
            start -= 1
        while end < len(self.text) and self.ends[end] == b:
            end += 1
        return start, end

    def norm_index(self, raw_offset: int) -> int:
        """Index of the first normalized character whose raw span ends after ``raw_offset``."""
        lo, hi = 0, len(self.ends)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.ends[mid] <= raw_offset:
                lo = mid + 1
            else:
                hi = mid
        return lo


def normalize(
    raw: str,
    decisions: Sequence[HyphenDecision] | None = None,
    *,
    base_offset: int = 0,
    strip_edges: bool = True,
) -> NormalizedText:
    """Normalize ``raw`` (or a fragment of a document starting at ``base_offset``).

    ``decisions`` defaults to those computed on ``raw`` itself; a fragment passes the
    document's decisions so that it is normalized exactly as the whole document was.
    """
    if decisions is None:
        decisions = decide_hyphens(raw)
    by_offset = {d.offset: d for d in decisions}
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def emit(s: str, a: int, b: int) -> None:
        for ch in s:
            chars.append(ch)
            starts.append(a + base_offset)
            ends.append(b + base_offset)

    breaks = {m.start(): m for m in _LINE_END_HYPHEN.finditer(raw)}
    n = len(raw)
    i = 0
    while i < n:
        ch = raw[i]
        if i in breaks and (base_offset + i) in by_offset:
            m = breaks[i]
            if not by_offset[base_offset + i].joined:
                emit("-", i, i + 1)
            i = m.end()
            continue
        if ch.isspace():
            j = i
            while j < n and raw[j].isspace():
                j += 1
            at_edge = i == 0 or j == n
            if not (strip_edges and at_edge):
                emit(PARAGRAPH_BREAK if raw.count("\n", i, j) >= 2 else " ", i, j)
            i = j
            continue
        j = i
        span_end = i + 1
        while span_end < n and not raw[span_end].isspace() and span_end not in breaks:
            span_end += 1
        for a, b in _clusters(raw, i, span_end):
            emit(unicodedata.normalize("NFC", raw[a:b]), a, b)
            j = b
        i = j
    return NormalizedText(raw, "".join(chars), tuple(starts), tuple(ends), tuple(decisions))


# --------------------------------------------------------------------------- segmentation


@dataclass(frozen=True)
class Segment:
    """A section, heading, paragraph or sentence, with raw and normalized spans."""

    id: str
    kind: str  # "section" | "heading" | "paragraph" | "sentence"
    raw_start: int
    raw_end: int
    start: int
    end: int
    text: str
    parent: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Document:
    """A source document read and segmented: the input of every later stage."""

    id: str
    path: Path
    raw: str
    sha256: str
    normalized: NormalizedText
    sections: tuple[Segment, ...]
    headings: tuple[Segment, ...]
    paragraphs: tuple[Segment, ...]
    sentences: tuple[Segment, ...]

    @property
    def text(self) -> str:
        return self.normalized.text


_SENTENCE_END = re.compile(r"(?<=[.?!…])[”\"»)]*\s+(?=[¿¡“\"«]?[A-ZÁÉÍÓÚÑÜ])")
_ABBREVIATIONS = ("op.cit.", "op. cit.", "etc.", "Sr.", "Dr.", "p.", "pp.", "cf.", "núm.", "vol.")


def _raw_blocks(raw: str) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Blocks of non-blank lines: (start, end, [line spans])."""
    blocks: list[tuple[int, int, list[tuple[int, int]]]] = []
    current: list[tuple[int, int]] = []
    pos = 0
    for line in raw.splitlines(keepends=True):
        body = line.rstrip("\n")
        if body.strip():
            current.append((pos, pos + len(body)))
        elif current:
            blocks.append((current[0][0], current[-1][1], current))
            current = []
        pos += len(line)
    if current:
        blocks.append((current[0][0], current[-1][1], current))
    return blocks


def _looks_like_heading(text: str, lines: int) -> bool:
    stripped = text.strip()
    if not stripped or len(stripped) > 140 or lines > 3:
        return False
    if stripped[-1] in '.,;:…)”"' or stripped[0].islower():
        return False
    return stripped[0].isupper() or stripped[0] == "¿"


def _split_sentences(text: str, offset: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    begin = 0
    for m in _SENTENCE_END.finditer(text):
        head = text[begin : m.start()]
        if head.endswith(_ABBREVIATIONS) or re.search(r"\b[A-Z]\.$", head):
            continue
        spans.append((offset + begin, offset + m.start()))
        begin = m.end()
    if text[begin:].strip():
        spans.append((offset + begin, offset + len(text.rstrip())))
    return spans


#: A block of the raw layout and what it is: (kind, raw_start, raw_end).
Piece = tuple[str, int, int]


def _glued_heading(raw: str, lines: list[tuple[int, int]]) -> bool:
    """A short last line the PDF extraction glued under a paragraph that ends a sentence."""
    if len(lines) < 2:
        return False
    last = raw[lines[-1][0] : lines[-1][1]]
    prev = raw[lines[-2][0] : lines[-2][1]].rstrip()
    return (
        last.startswith(" ")
        and prev.endswith((".", "?", "!"))
        and len(last.strip()) < 70
        and _looks_like_heading(last, 1)
    )


def _classify_blocks(raw: str) -> list[Piece]:
    """Each raw block as front matter, heading or paragraph, glued headings split off."""
    pieces: list[Piece] = []
    seen_body = False
    for start, end, lines in _raw_blocks(raw):
        text = raw[start:end]
        if not seen_body and (len(lines) < 3 and len(text) < 200):
            pieces.append(("front", start, end))
        elif _looks_like_heading(text, len(lines)):
            pieces.append(("heading", start, end))
        elif _glued_heading(raw, lines):
            seen_body = True
            last_s, last_e = lines[-1]
            last = raw[last_s:last_e]
            pieces.append(("paragraph", start, lines[-2][1]))
            pieces.append(("heading", last_s + (len(last) - len(last.lstrip())), last_e))
        else:
            seen_body = True
            pieces.append(("paragraph", start, end))
    return pieces


def _norm_span(norm: NormalizedText, a: int, b: int) -> tuple[int, int]:
    """The normalized span of raw ``[a, b)``, without the spaces and newlines at its ends."""
    s = norm.norm_index(a)
    e = min(norm.norm_index(b - 1) + 1, len(norm.text))
    while e > s and norm.text[e - 1] in " \n":
        e -= 1
    while s < e and norm.text[s] in " \n":
        s += 1
    return s, e


@dataclass
class _Segments:
    """Segments collected in reading order, and the sections opened so far (id, title)."""

    headings: list[Segment]
    paragraphs: list[Segment]
    sentences: list[Segment]
    opened: list[tuple[str, str | None]]

    def open_section(self, title: str | None) -> None:
        self.opened.append((f"sec-{len(self.opened):02d}", title))

    @property
    def section(self) -> str:
        return self.opened[-1][0]


def _add_paragraph(found: _Segments, norm: NormalizedText, s: int, e: int) -> None:
    """A paragraph and its sentences; body text before any heading opens an untitled section."""
    if found.section == "front":
        found.open_section(None)
    ra, rb = norm.raw_span(s, e)
    text = norm.text[s:e]
    pid = f"p-{len(found.paragraphs) + 1:03d}"
    found.paragraphs.append(Segment(pid, "paragraph", ra, rb, s, e, text, found.section))
    for ss, se in _split_sentences(text, s):
        sra, srb = norm.raw_span(ss, se)
        sid = f"s-{len(found.sentences) + 1:04d}"
        found.sentences.append(Segment(sid, "sentence", sra, srb, ss, se, norm.text[ss:se], pid))


def _collect(pieces: Sequence[Piece], norm: NormalizedText) -> _Segments:
    """Number the pieces; a heading opens a section unless it continues the previous one."""
    found = _Segments([], [], [], [("front", None)])
    previous_kind = ""
    for kind, a, b in pieces:
        s, e = _norm_span(norm, a, b)
        text = norm.text[s:e]
        ra, rb = norm.raw_span(s, e)
        if kind == "heading":
            if previous_kind != "heading":
                found.open_section(text)
            hid = f"h-{len(found.headings) + 1:02d}"
            found.headings.append(Segment(hid, "heading", ra, rb, s, e, text, found.section))
        elif kind == "front":
            fid = f"front-{len(found.headings) + 1:02d}"
            found.headings.append(Segment(fid, "front", ra, rb, s, e, text, "front"))
        else:
            _add_paragraph(found, norm, s, e)
        previous_kind = kind
    return found


def _sections(found: _Segments, norm: NormalizedText) -> list[Segment]:
    """One segment per opened section, spanning its headings and paragraphs (empty ones skipped)."""
    sections: list[Segment] = []
    for sec, title in found.opened:
        parts = [x for x in (*found.headings, *found.paragraphs) if x.parent == sec]
        if not parts:
            continue
        s, e = min(x.start for x in parts), max(x.end for x in parts)
        ra, rb = norm.raw_span(s, e)
        sections.append(Segment(sec, "section", ra, rb, s, e, norm.text[s:e], None, title))
    return sections


def segment(
    doc_id: str, raw: str, norm: NormalizedText
) -> tuple[tuple[Segment, ...], tuple[Segment, ...], tuple[Segment, ...], tuple[Segment, ...]]:
    """Split into sections, headings, paragraphs and sentences.

    Headings are found in the raw layout: a short block of at most three lines that does
    not end like a sentence, or a short last line of a block that the PDF extraction glued
    under a paragraph (it starts with a space and follows a line ending a sentence). The
    blocks before the first body paragraph are the front matter (kicker, title, author).
    """
    found = _collect(_classify_blocks(raw), norm)
    return (
        tuple(_sections(found, norm)),
        tuple(found.headings),
        tuple(found.paragraphs),
        tuple(found.sentences),
    )


def read_document(doc_id: str, path: Path) -> Document:
    """Read a UTF-8 text file and run the whole text stage on it."""
    try:
        data = path.read_bytes()
        raw = data.decode("utf-8")
    except OSError as exc:
        raise TextError(f"{path}: cannot read the source text ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise TextError(f"{path}: not UTF-8 at byte {exc.start}") from exc
    if "\r" in raw:
        raise TextError(f"{path}: carriage returns found; the source must use LF line ends")
    norm = normalize(raw)
    sections, headings, paragraphs, sentences = segment(doc_id, raw, norm)
    return Document(
        id=doc_id,
        path=path,
        raw=raw,
        sha256=hashlib.sha256(data).hexdigest(),
        normalized=norm,
        sections=sections,
        headings=headings,
        paragraphs=paragraphs,
        sentences=sentences,
    )
