"""Anchor quotes: find a curator's quote in the normalized text and map it to raw offsets.

A quote that is missing, or ambiguous without a hint, is an error rather than a guess:
evidence that might point at the wrong sentence is worse than none.
"""

from __future__ import annotations

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


def anchor_quote(doc: Document, quote: str, occurrence: int | None = None) -> Anchor:
    """Locate ``quote`` in the normalized text of ``doc``; ``occurrence`` is 1-based."""
    if quote != quote.strip():
        raise AnchorError(f"quote {quote!r} starts or ends with whitespace")
    hits = occurrences(doc.text, quote)
    if not hits:
        raise AnchorError(f"quote not found in {doc.path.name}: {quote!r}")
    if occurrence is None:
        if len(hits) > 1:
            raise AnchorError(
                f"quote found {len(hits)} times in {doc.path.name}; lengthen it or add "
                f"'occurrence: N' (1..{len(hits)}): {quote!r}"
            )
        occurrence = 1
    if occurrence > len(hits):
        raise AnchorError(
            f"occurrence {occurrence} asked but the quote is found {len(hits)} time(s): {quote!r}"
        )
    start = hits[occurrence - 1]
    return anchor_span(doc, start, start + len(quote))
