"""Anchor quotes: find a curator's quote in the normalized text and map it to raw offsets.

A quote that is missing, or ambiguous without a hint, is an error rather than a guess:
evidence that might point at the wrong sentence is worse than none.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from albakg.text.document import Document

CONTEXT = 40  # characters of normalized context kept on each side


class AnchorError(ValueError):
    """A quote could not be anchored; the message names the quote and the reason."""


@dataclass(frozen=True, order=True)
class Anchor:
    """A verbatim span of the raw file and its reading form."""

    start: int  # raw offset, Unicode code points, inclusive
    end: int  # raw offset, exclusive
    exact: str  # raw[start:end]
    normalized: str
    prefix: str
    suffix: str


def occurrences(haystack: str, needle: str) -> list[int]:
    """Start indexes of every (possibly overlapping) occurrence of ``needle``."""
    found: list[int] = []
    i = haystack.find(needle)
    while i != -1:
        found.append(i)
        i = haystack.find(needle, i + 1)
    return found


def anchor_span(doc: Document, start: int, end: int) -> Anchor:
    """Anchor normalized span ``[start, end)`` of ``doc``."""
    a, b = doc.normalized.raw_span(start, end)
    text = doc.text
    return Anchor(
        start=a,
        end=b,
        exact=doc.raw[a:b],
        normalized=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )


def shorten(text: str, limit: int = 80) -> str:
    """``text`` quoted, cut in the middle when long, so a message stays one readable line."""
    if len(text) <= limit:
        return repr(text)
    return f"{text[: limit - 20]!r} … {text[-15:]!r} ({len(text):,} characters)"


_QUOTE_MARKS = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})

#: Ways a quote may differ from the reading text, each named for the curator's message.
_VARIANTS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("with its no-break spaces read as spaces", lambda q: q.replace("\u00a0", " ")),
    ("with its runs of spaces and line breaks read as one space", lambda q: " ".join(q.split())),
    (
        "with its line-end hyphens joined (the text reads the word whole)",
        lambda q: re.sub(r"(?<=\w)-\s+(?=\w)", "", q),
    ),
    ("with its soft hyphens removed", lambda q: q.replace("\u00ad", "")),
)


def _near_miss(text: str, quote: str) -> str | None:
    """How ``quote`` would be found, if one of the known variants finds it."""
    for how, change in _VARIANTS:
        variant = change(quote)
        if variant != quote and variant in text:
            return how
    if quote.translate(_QUOTE_MARKS) in text.translate(_QUOTE_MARKS):
        return "with straight and curly quotation marks treated alike"
    if quote.casefold() in text.casefold():
        return "ignoring upper and lower case"
    return None


def anchor_quote(doc: Document, quote: str, occurrence: int | None = None) -> Anchor:
    """Locate ``quote`` in the normalized text of ``doc``; ``occurrence`` is 1-based.

    The quote is compared in NFC, as the reading text is, so a quote typed with decomposed
    accents (NFD) is found although it prints the same.
    """
    if quote != quote.strip():
        raise AnchorError(f"quote {shorten(quote)} starts or ends with whitespace")
    quote = unicodedata.normalize("NFC", quote)
    hits = occurrences(doc.text, quote)
    if not hits:
        near = _near_miss(doc.text, quote)
        if near:
            raise AnchorError(
                f"quote not found in {doc.path.name} as written, but found {near}; "
                f"copy it as the text reads: {shorten(quote)}"
            )
        raise AnchorError(f"quote not found in {doc.path.name}: {shorten(quote)}")
    if occurrence is None:
        if len(hits) > 1:
            raise AnchorError(
                f"quote found {len(hits)} times in {doc.path.name}; lengthen it or add "
                f"'occurrence: N' (1..{len(hits)}): {shorten(quote)}"
            )
        occurrence = 1
    if occurrence > len(hits):
        raise AnchorError(
            f"occurrence {occurrence} asked but the quote is found {len(hits)} time(s): "
            f"{shorten(quote)}"
        )
    start = hits[occurrence - 1]
    return anchor_span(doc, start, start + len(quote))
