"""Where an offset stands in a segmented document: its section, its sentence.

Lookups by offset belong to the text stage, because every later stage (mentions, citations,
coverage) places its spans in the same segments and must agree on them.
"""

from __future__ import annotations

import bisect

from albakg.text.document import Document


def section_of(doc: Document, pos: int) -> str:
    """Id of the section holding normalized offset ``pos``; ``""`` when no section does."""
    for s in doc.sections:
        if s.start <= pos < s.end:
            return s.id
    return ""


def sentence_span(doc: Document, pos: int) -> tuple[int, int] | None:
    """Normalized span of the sentence holding offset ``pos``, if one does."""
    starts = [s.start for s in doc.sentences]
    i = bisect.bisect_right(starts, pos) - 1
    if i >= 0 and doc.sentences[i].start <= pos < doc.sentences[i].end:
        return doc.sentences[i].start, doc.sentences[i].end
    return None
