"""Anchoring quotes: found once, mapped to raw offsets that re-extract the quote."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from albakg.curation.anchor import AnchorError, anchor_quote, anchor_span, occurrences
from albakg.text.document import Document


def test_quote_across_a_line_end_hyphen(article: Document) -> None:
    a = anchor_quote(article, "las grandes líneas de la narrativa regionalista")
    assert article.raw[a.start : a.end] == a.exact
    assert "regio-\nnalista" in a.exact
    assert a.normalized == "las grandes líneas de la narrativa regionalista"


def test_missing_quote_is_an_error(article: Document) -> None:
    with pytest.raises(AnchorError, match="not found"):
        anchor_quote(article, "una frase que el artículo no contiene")


def test_ambiguous_quote_needs_an_occurrence(article: Document) -> None:
    with pytest.raises(AnchorError, match=r"found \d+ times"):
        anchor_quote(article, "el ALBA")
    first = anchor_quote(article, "el ALBA", 1)
    second = anchor_quote(article, "el ALBA", 2)
    assert first.start < second.start
    with pytest.raises(AnchorError, match="occurrence 100000"):
        anchor_quote(article, "el ALBA", 100000)


def test_quote_with_edge_whitespace_is_rejected(article: Document) -> None:
    with pytest.raises(AnchorError, match="whitespace"):
        anchor_quote(article, " el ALBA")


def test_occurrences_overlap() -> None:
    assert occurrences("aaaa", "aa") == [0, 1, 2]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_any_span_of_the_article_anchors_exactly(article: Document, data: st.DataObject) -> None:
    n = len(article.text)
    i = data.draw(st.integers(0, n - 2))
    j = data.draw(st.integers(i + 1, min(n, i + 400)))
    a = anchor_span(article, i, j)
    assert article.raw[a.start : a.end] == a.exact
    assert a.normalized == article.text[i:j]
    assert article.text[:i].endswith(a.prefix)
    assert article.text[j:].startswith(a.suffix)
