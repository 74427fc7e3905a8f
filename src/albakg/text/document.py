"""Text stage: a source document read, normalized and segmented, in one value.

:mod:`albakg.text.normalize` maps the raw text to the reading text and back;
:mod:`albakg.text.segments` finds its sections, headings, paragraphs and sentences. Later
stages import from here only: :class:`Document`, :func:`read_document`, :class:`TextError`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from albakg.text.normalize import (
    HyphenDecision,
    NormalizedText,
    TextError,
    decide_hyphens,
    normalize,
)
from albakg.text.segments import Segment, segment

__all__ = [
    "Document",
    "HyphenDecision",
    "NormalizedText",
    "Segment",
    "TextError",
    "decide_hyphens",
    "normalize",
    "read_document",
    "segment",
]


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
