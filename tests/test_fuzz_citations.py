"""Fuzzing the citation parser and the extraction: any text gives pointers that hold.

The parser sees parentheses assembled from the grammar's own pieces (names, years, pages,
``ibídem``, ``op. cit.``, ``citado en``, dates) and from arbitrary text; the extraction sees
whole documents made of such parentheses among words. Examples come from the profile.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from albakg.curation.records import Entity, Labels, Quote
from albakg.extract.citation_names import NameIndex
from albakg.extract.citation_syntax import parse_parenthesis
from albakg.extract.citations import extract_citations
from albakg.text.document import read_document

_TOKENS = st.sampled_from(
    [
        "Malamud",
        "Benzi y Mafla",
        "Nolte",
        " et al.",
        ", ",
        ",",
        "; ",
        ";",
        ": ",
        ":",
        ", p. ",
        ", pp. ",
        "2014",
        "2013a",
        "2010-2012",
        "s. f.",
        "n.d.",
        "12",
        "22-23",
        "22 – 23",
        "ibídem",
        "ibid.",
        "op. cit.",
        "citado en",
        "El Universal",
        "14 de octubre de 2014",
        "31 de febrero de 2014",
        "14 de brumario de 2014",
        "99/99/2014",
        "véase ",
        "cf. ",
        " ",
        "\u00a0",
        "0",
        "é",
    ]
)
contents = st.one_of(
    st.lists(_TOKENS, max_size=14).map("".join),
    st.lists(st.one_of(_TOKENS, st.text(max_size=4)), max_size=10).map("".join),
)


@given(content=contents)
def test_parsed_items_lie_in_order_inside_the_parenthesis(content: str) -> None:
    items = parse_parenthesis(content)
    if items is None:
        return
    assert len(items) == content.count(";") + 1
    last_end = 0
    for item in items:
        assert last_end <= item.start <= item.end <= len(content)
        text = content[item.start : item.end]
        assert text == text.strip() and text
        for year in item.years:
            assert item.start <= year.start < year.end <= item.end
        if item.kind in ("author-year", "year"):
            for year in item.years:
                written = content[year.start : year.end]
                assert "".join(written.split()) == year.value
        if item.date is not None:
            assert item.date[:4].isdigit() and item.years[0].value == item.date[:4]
        if item.pages is not None:
            assert item.pages and item.pages[0].isdigit()
        last_end = item.end


def _entity(eid: str, etype: str, label: str, cite: str | None = None) -> Entity:
    return Entity(
        id=eid,
        type=etype,
        label=Labels(es=label, en=label),
        aliases=[label],
        citation_name=cite,
        evidence=[Quote(quote=label)],
    )


INDEX = NameIndex.of(
    [
        _entity("malamud", "Person", "Malamud", cite="Malamud"),
        _entity("nolte", "Person", "Nolte", cite="Nolte"),
        _entity("benzi", "Person", "Benzi"),
        _entity("mafla", "Person", "Mafla"),
        _entity("el-universal", "Newspaper", "El Universal"),
        _entity("caracas", "Place", "Caracas"),
    ]
)
_WORDS = st.sampled_from(
    ["Como", "señala", "Malamud", "Nolte", "Caracas", "el ALBA", "y", ".", "\n", "\n\n", "-\n"]
)
documents = st.lists(
    st.one_of(_WORDS, contents.map(lambda c: f"({c})"), st.text(max_size=3)), max_size=25
).map(" ".join)


@given(text=documents)
def test_every_pointer_quotes_its_own_span_of_the_raw_text(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "source.txt"
        path.write_text("Título\n\n" + text.replace("\r", ""), encoding="utf-8")
        doc = read_document("fuzz", path)
    found = extract_citations(doc, INDEX)
    for p in found.pointers:
        assert 0 <= p.start < p.end <= len(doc.raw)
        assert doc.raw[p.start : p.end] == p.exact
        assert 0 <= p.norm_start < p.norm_end <= len(doc.text)
        assert doc.text[p.norm_start : p.norm_end] == p.normalized
        assert p.work in {w.key for w in found.works}
        if p.author_span is not None:
            a, b = p.author_span
            assert 0 <= a < b <= len(doc.raw)
        if p.group is not None:
            a, b = p.group
            # the parenthesis it stands in (a narrative pointer also holds the name before it)
            assert p.start < b and a < p.end and doc.raw[a] in "([" and doc.raw[b - 1] in ")]"
