"""Text stage: a source document read, normalized and segmented, in one value.

:mod:`albakg.text.normalize` maps the raw text to the reading text and back;
:mod:`albakg.text.segments` finds its sections, headings, paragraphs and sentences. Later
stages import from here only: :class:`Document`, :func:`read_document`, :class:`TextError`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from albakg.text.limits import LimitError, read_limited
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
    "decode_source",
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


#: UTF-8 read as Latin-1 (or Windows-1252) and saved again: 'ó' becomes 'Ã³', '"' 'â€œ'.
_MOJIBAKE = re.compile("[\u00c2\u00c3][\u0080-\u00bf\u2018-\u203a]|\u00e2\u20ac")


def decode_source(path: Path, data: bytes) -> str:
    """The text of a source file, refused with the reason when it cannot be a source.

    A UTF-8 byte-order mark is dropped: offsets count the characters a reader sees, and
    the mark is not one of them.
    """
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TextError(
            f"{path}: not UTF-8 at byte {exc.start} (0x{data[exc.start]:02x}, line {line}); "
            "save the source as UTF-8"
        ) from None
    raw = raw.removeprefix("\ufeff")
    if not raw.strip():
        raise TextError(f"{path}: the source text is empty; restore the article's text")
    if "\r" in raw:
        raise TextError(
            f"{path}: carriage returns found (Windows or old Mac line ends); the source must "
            "use LF line ends: convert it (for example with dos2unix) and keep the offsets"
        )
    garbled = _MOJIBAKE.findall(raw)
    if len(garbled) >= 3:
        sample = ", ".join(sorted(set(garbled))[:3])
        raise TextError(
            f"{path}: the source looks re-encoded ({len(garbled)} sequences such as {sample} "
            "where UTF-8 was read as Latin-1 and saved again); restore the original file"
        )
    return raw


def read_document(doc_id: str, path: Path) -> Document:
    """Read a UTF-8 text file (within the size limit) and run the whole text stage on it."""
    try:
        data = read_limited(path, "source text")
    except LimitError as exc:
        raise TextError(str(exc)) from None
    raw = decode_source(path, data)
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
