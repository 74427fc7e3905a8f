"""Segmentation: sections, headings, paragraphs and sentences of a normalized document.

The structure is read from the raw layout (blank lines, short lines that do not end like
a sentence), and every segment carries both its raw and its normalized span.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from albakg.text.normalize import NormalizedText


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


_ENDS_SENTENCE = re.compile(r"[.?!…][”\"»)]*\s*$")


def _printed_breaks(
    raw: str, block: tuple[int, int, list[tuple[int, int]]]
) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """A block cut where the printed page started a new paragraph without a blank line.

    The PDF's text lost some blank lines between paragraphs; what remains of the break is
    an indented line. Page tops are indented too, so indentation alone would cut paragraphs
    in the middle of a sentence: a break is an indented line after a line that ends one.
    """
    lines = block[2]
    cuts = [
        i
        for i in range(1, len(lines))
        if raw[lines[i][0]] == " " and _ENDS_SENTENCE.search(raw[lines[i - 1][0] : lines[i - 1][1]])
    ]
    if not cuts:
        return [block]
    parts = []
    for a, b in zip([0, *cuts], [*cuts, len(lines)], strict=True):
        part = lines[a:b]
        parts.append((part[0][0], part[-1][1], part))
    return parts


def _blocks(raw: str) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """The raw blocks, with the printed paragraph breaks of the body restored.

    A block whose last line is a glued heading stays whole: ``_glued_heading`` splits it.
    """
    out: list[tuple[int, int, list[tuple[int, int]]]] = []
    for block in _raw_blocks(raw):
        if _glued_heading(raw, block[2]) or len(block[2]) < 3:
            out.append(block)
        else:
            out.extend(_printed_breaks(raw, block))
    return out


def _classify_blocks(raw: str) -> list[Piece]:
    """Each raw block as front matter, heading or paragraph, glued headings split off."""
    pieces: list[Piece] = []
    seen_body = False
    for start, end, lines in _blocks(raw):
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
