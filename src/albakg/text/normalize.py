"""Normalization: raw article text → reading text with a per-character map back to the raw.

Every quote in the graph is anchored in the *raw* file (character offsets, Unicode code
points), because that file is what a reader can open and check. Curators, however, read
and quote the *normalized* text: line-end hyphens joined, whitespace collapsed, NFC. This
module keeps the two in step: each normalized character remembers the raw span it came from.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
