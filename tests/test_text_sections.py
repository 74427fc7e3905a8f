"""Offset lookups of the text stage: the section and the sentence an offset stands in."""

from __future__ import annotations

from albakg.text.document import Document
from albakg.text.sections import section_of, sentence_span


def test_every_offset_of_a_section_is_in_that_section(article: Document) -> None:
    assert len(article.sections) > 2
    for s in article.sections:
        for pos in (s.start, (s.start + s.end) // 2, s.end - 1):
            assert section_of(article, pos) == s.id
    for a, b in zip(article.sections, article.sections[1:], strict=False):
        assert section_of(article, a.end) == (b.id if b.start <= a.end else "")  # end exclusive
    assert section_of(article, len(article.text) + 5) == ""


def test_sentence_span_is_the_sentence_holding_the_offset(article: Document) -> None:
    for s in article.sentences[::25]:
        for pos in (s.start, s.end - 1):
            assert sentence_span(article, pos) == (s.start, s.end)
    gaps = [
        a.end
        for a, b in zip(article.sentences, article.sentences[1:], strict=False)
        if a.end < b.start
    ]
    assert gaps and all(sentence_span(article, g) is None for g in gaps)
    assert sentence_span(article, -1) is None
