"""Text stage: normalization with an offset map, hyphen decisions, segmentation."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from albakg.text.document import Document, read_document
from albakg.text.normalize import normalize

from .conftest import check_golden


def test_hyphen_decisions_golden(article: Document) -> None:
    lines = [
        f"{d.line}\t{'join' if d.joined else 'keep'}\t{d.left}-{d.right}\t{d.result}\t{d.reason}"
        for d in article.normalized.decisions
    ]
    check_golden("hyphens.tsv", "\n".join(lines) + "\n")


def test_headings_golden(article: Document) -> None:
    lines = [
        f"{h.id}\t{h.kind}\t{h.parent}\t{h.raw_start}\t{h.raw_end}\t{h.text}"
        for h in article.headings
    ]
    check_golden("headings.tsv", "\n".join(lines) + "\n")


def _line_of(raw: str, offset: int) -> int:
    return raw.count("\n", 0, offset) + 1


def test_paragraphs_golden(article: Document) -> None:
    lines = [
        f"{p.id}\t{p.parent}\t{_line_of(article.raw, p.raw_start)}\t{p.text[:50]}"
        for p in article.paragraphs
    ]
    check_golden("paragraphs.tsv", "\n".join(lines) + "\n")


#: Raw lines where the printed article starts a paragraph whose blank line the text lost:
#: an indented line after a line that ends a sentence.
PRINTED_BREAKS = (414, 609, 687, 725, 802, 841)


def test_printed_paragraph_breaks_without_a_blank_line_are_kept(article: Document) -> None:
    starts = {_line_of(article.raw, p.raw_start) for p in article.paragraphs}
    for line in PRINTED_BREAKS:
        assert line in starts, f"raw line {line} starts a paragraph in the printed article"


def test_indented_page_tops_do_not_break_a_paragraph(article: Document) -> None:
    raw_lines = article.raw.split("\n")
    starts = {_line_of(article.raw, p.raw_start) for p in article.paragraphs}
    page_tops = [
        n
        for n in range(2, len(raw_lines) + 1)
        if raw_lines[n - 1].startswith(" ")
        and raw_lines[n - 2].strip()
        and not raw_lines[n - 2].rstrip().endswith((".", "?", "!", ".)"))
    ]
    assert len(page_tops) >= 15, "the article has a page top on almost every page"
    for line in page_tops:
        assert line not in starts, f"raw line {line} is a page top inside a paragraph"


def test_known_hyphen_cases(article: Document) -> None:
    text = article.text
    assert "regionalista" in text and "regio-nalista" not in text  # syllable break joined
    assert "contra-hegemónicas" in text  # known prefix kept
    assert "anti-sistémico" in text  # compound written with a hyphen elsewhere
    assert "Gran-nacionales" in text
    assert "pro-movida" not in text and "promovida" in text


def test_whitespace_collapsed_and_nfc(article: Document) -> None:
    assert "  " not in article.text
    assert unicodedata.is_normalized("NFC", article.text)
    for para in article.text.split("\n"):
        assert para == para.strip()


def test_every_normalized_char_maps_into_raw(article: Document) -> None:
    norm = article.normalized
    assert len(norm.starts) == len(norm.text) == len(norm.ends)
    for i, ch in enumerate(norm.text):
        a, b = norm.starts[i], norm.ends[i]
        assert 0 <= a < b <= len(article.raw)
        if not ch.isspace() and ch != "-":
            assert unicodedata.normalize("NFC", article.raw[a:b]) == ch


def test_segments_have_consistent_offsets(article: Document) -> None:
    raw = article.raw
    for seg in (*article.sections, *article.paragraphs, *article.sentences, *article.headings):
        assert 0 <= seg.raw_start < seg.raw_end <= len(raw)
        assert not raw[seg.raw_start].isspace() and not raw[seg.raw_end - 1].isspace()
        fragment = normalize(
            raw[seg.raw_start : seg.raw_end],
            article.normalized.decisions,
            base_offset=seg.raw_start,
            strip_edges=False,
        )
        assert fragment.text == seg.text


def test_sections_follow_the_articles_headings(article: Document) -> None:
    titles = [s.title for s in article.sections]
    assert titles[0] is None and titles[1] is None  # front matter, untitled introduction
    assert "Conclusiones" in titles
    assert titles[-3:] == ["Resumen", "Abstract", "Summario"]
    ids = [s.id for s in article.sections]
    assert len(ids) == len(set(ids))


def test_sentences_keep_citations_with_their_sentence(article: Document) -> None:
    texts = [s.text for s in article.sentences]
    assert not any(t.startswith("(Líneas Generales") for t in texts)
    assert all(t == t.strip() for t in texts)


def test_read_document_rejects_bad_input(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from albakg.text.document import TextError

    bad = tmp_path / "x.txt"
    bad.write_bytes(b"caf\xe9\n")
    with pytest.raises(TextError, match="not UTF-8 at byte 3"):
        read_document("x", bad)
    crlf = tmp_path / "y.txt"
    crlf.write_bytes(b"a\r\nb\r\n")
    with pytest.raises(TextError, match="carriage returns"):
        read_document("y", crlf)
    with pytest.raises(TextError, match="cannot read"):
        read_document("z", tmp_path / "missing.txt")


# ----------------------------------------------------------------- property tests

_alphabet = st.sampled_from(
    [*"abcdeéñoAEÉ", "-", " ", "\n", "\t", "\u0301", "\u0308", ".", "“", "”", "anti"]
)
raw_texts = st.lists(_alphabet, min_size=1, max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(raw=raw_texts, data=st.data())
def test_any_normalized_span_maps_back_to_raw_that_normalizes_to_it(
    raw: str, data: st.DataObject
) -> None:
    norm = normalize(raw)
    if not norm.text:
        return
    i = data.draw(st.integers(0, len(norm.text) - 1))
    j = data.draw(st.integers(i + 1, len(norm.text)))
    i, j = norm.snap(i, j)
    a, b = norm.raw_span(i, j)
    again = normalize(raw[a:b], norm.decisions, base_offset=a, strip_edges=False)
    assert again.text == norm.text[i:j]


@settings(max_examples=200, deadline=None)
@given(raw=raw_texts)
def test_normalized_text_has_no_raw_artefacts(raw: str) -> None:
    text = normalize(raw).text
    assert "  " not in text
    assert text == text.strip(" \n")
    assert unicodedata.is_normalized("NFC", text)


def test_property_holds_on_article_spans(article: Document) -> None:
    norm = article.normalized
    step = max(1, len(norm.text) // 500)
    for i in range(0, len(norm.text) - 50, step):
        a, b = norm.raw_span(i, i + 50)
        again = normalize(article.raw[a:b], norm.decisions, base_offset=a, strip_edges=False)
        assert again.text == norm.text[i : i + 50]
