"""Fuzzing the text stage: any text normalizes, and every offset maps back into the raw.

The strategies favour what the normalizer treats specially (line-end hyphens, runs of
white space, paragraph breaks, combining marks, characters NFC composes or splits), then
add arbitrary Unicode. Examples per property come from the Hypothesis profile
(``ci``: 500, ``long``: 100,000; see ``tests/conftest.py``).
"""

from __future__ import annotations

import itertools
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from albakg.text.document import TextError, normalize, read_document, segment

#: Pieces the normalizer handles specially, mixed with plain words.
_PIECES = st.sampled_from(
    [
        "a",
        "bc",
        "anti",
        "Pos",
        "-",
        "- ",
        "-\n",
        "-\t\n ",
        "\n",
        "\n\n",
        " ",
        "\t",
        "\u00a0",
        "\u2028",
        "e\u0301",
        "\u00e9",
        "\u0301",
        "\u212b",
        "\u1e9b\u0323",
        "\ufb01",
        ".",
        ". ",
        "?",
        "(",
        ")",
        "1.",
        "Á",
        "ß",
        "İ",
        "\ufeff",
    ]
)
raw_texts = st.one_of(
    st.lists(_PIECES, max_size=40).map("".join),
    st.text(max_size=60),
    st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=30).map("".join),
)


@given(raw=raw_texts)
def test_every_normalized_character_maps_inside_the_raw_text_in_order(raw: str) -> None:
    norm = normalize(raw)
    assert len(norm.text) == len(norm.starts) == len(norm.ends)
    assert all(0 <= a < b <= len(raw) for a, b in zip(norm.starts, norm.ends, strict=True))
    assert list(norm.starts) == sorted(norm.starts)
    assert list(norm.ends) == sorted(norm.ends)
    for i, ch in enumerate(norm.text):
        piece = raw[norm.starts[i] : norm.ends[i]]
        if ch.isspace():
            assert piece.strip() == "" or "-" in piece, (ch, piece)
        else:
            # a character is what NFC makes of its raw span (or a kept line-end hyphen)
            assert ch in unicodedata.normalize("NFC", piece) or (ch == "-" and "-" in piece)


@given(raw=raw_texts, data=st.data())
def test_spans_round_trip_through_the_raw_text(raw: str, data: st.DataObject) -> None:
    norm = normalize(raw)
    n = len(norm.text)
    if n == 0:
        return
    start = data.draw(st.integers(0, n - 1))
    end = data.draw(st.integers(start + 1, n))
    a, b = norm.raw_span(start, end)
    assert 0 <= a < b <= len(raw)
    # the raw span leads back to the normalized span, widened at most to whole clusters
    s2, e2 = norm.snap(start, end)
    assert s2 <= start and end <= e2 and norm.raw_span(s2, e2) == (a, b)
    assert norm.norm_index(a) == s2
    assert norm.starts[norm.norm_index(a)] == a
    # and every non-space character of the normalized span is in the raw span
    chunk = unicodedata.normalize("NFC", raw[a:b])
    for ch in norm.text[s2:e2]:
        assert ch.isspace() or ch in chunk or ch == "-"


@given(raw=raw_texts, start=st.integers(-5, 200), end=st.integers(-5, 200))
def test_any_span_request_is_answered_or_refused_with_text_error(
    raw: str, start: int, end: int
) -> None:
    norm = normalize(raw)
    try:
        a, b = norm.raw_span(start, end)
    except TextError as exc:
        assert not 0 <= start < end <= len(norm.text)
        assert f"{start}:{end}" in str(exc)
    else:
        assert 0 <= a < b <= len(raw)
    assert 0 <= norm.norm_index(start) <= len(norm.text)


@given(raw=raw_texts)
def test_the_reading_text_is_nfc_with_single_spaces_and_no_edges(raw: str) -> None:
    text = normalize(raw).text
    assert unicodedata.is_normalized("NFC", text)
    assert text == text.strip()
    assert not any(a.isspace() and b.isspace() for a, b in itertools.pairwise(text))


@given(raw=raw_texts)
def test_segments_lie_inside_both_texts(raw: str) -> None:
    norm = normalize(raw)
    parts = segment("fuzz", raw, norm)
    for seg in (s for group in parts for s in group):
        assert 0 <= seg.raw_start <= seg.raw_end <= len(raw)
        assert 0 <= seg.start <= seg.end <= len(norm.text)
        assert seg.text == norm.text[seg.start : seg.end]


@given(data=st.one_of(st.binary(max_size=80), raw_texts.map(lambda t: t.encode("utf-8"))))
def test_any_file_is_read_or_refused_with_text_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "source.txt"
        path.write_bytes(data)
        try:
            doc = read_document("fuzz", path)
        except TextError as exc:
            assert str(path) in str(exc)
            return
    # a leading byte-order mark is not part of the text: offsets count from after it
    assert doc.raw == data.decode("utf-8").removeprefix("\ufeff")
    assert doc.text == normalize(doc.raw).text
