"""In-text citations: the parser, the resolution against the curation, the article's pointers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from albakg.cli.citations import format_citations
from albakg.curation.corpus import Corpus
from albakg.curation.records import Entity, Labels, Quote, Work
from albakg.extract.annotated import AnnotatedDocument
from albakg.extract.citation_names import NameIndex
from albakg.extract.citation_syntax import IBIDEM, OP_CIT, Item, parse_parenthesis
from albakg.extract.citations import Citations, extract_citations
from albakg.text.document import Document, read_document

from .conftest import check_golden

# --------------------------------------------------------------------------- helpers


def entity(eid: str, etype: str, label: str, *aliases: str, cite: str | None = None) -> Entity:
    return Entity(
        id=eid,
        type=etype,
        label=Labels(es=label, en=label),
        aliases=list(aliases),
        citation_name=cite,
        evidence=[Quote(quote=label)],
    )


#: A small curation for synthetic texts: cited authors, a newspaper, a plan, a place, a summit.
ENTITIES = [
    entity("malamud", "Person", "Malamud", "Malamud", cite="Malamud"),
    entity("nolte", "Person", "Nolte", "Nolte", cite="Nolte"),
    entity("muhr", "Person", "Muhr", "Muhr", cite="Muhr"),
    entity("smith", "Person", "Smith", cite="Smith"),
    entity("padua", "Person", "Pádua", "Pádua", cite="Pádua"),
    entity("mathias", "Person", "Mathias", cite="Mathias"),
    entity("costa", "Person", "Costa", cite="Costa"),
    entity("benzi", "Person", "Benzi", cite="Benzi"),
    entity("mafla", "Person", "Mafla", cite="Mafla"),
    entity("thomas-legler", "Person", "Thomas Legler", "Thomas Legler", "Legler", cite="Legler"),
    entity("perez", "Person", "Pérez", cite="Pérez"),
    entity("la-tercera", "Newspaper", "La Tercera", "La Tercera", cite="La Tercera"),
    entity("evo-morales", "Person", "Evo Morales", "Evo Morales", "Morales", cite="Morales"),
    entity("plan", "NormativeInstrument", "Plan de la Patria", "Plan de la Patria"),
    entity("quebec", "Place", "Quebec", "Quebec"),
    entity("cumbre-quebec", "Summit", "Cumbre de Quebec", "Cumbre de Quebec"),
    entity("alba", "RegionalBloc", "ALBA", "ALBA"),
]
INDEX = NameIndex.of(ENTITIES)


#: Three lines, so the text stage takes what follows for the body, not the front matter.
LEAD = "Un texto de prueba\nescrito en tres\nlíneas.\n\n"


def doc_of(tmp_path: Path, text: str) -> Document:
    path = tmp_path / "source.txt"
    path.write_text(LEAD + text, encoding="utf-8")
    return read_document("t", path)


def cite(tmp_path: Path, text: str) -> Citations:
    return extract_citations(doc_of(tmp_path, text), INDEX)


def one(items: tuple[Item, ...] | None) -> Item:
    assert items is not None and len(items) == 1
    return items[0]


def years(item: Item) -> list[str]:
    return [y.value for y in item.years]


# --------------------------------------------------------------------------- the parser
# Every form that occurs in the article, with its expected parse.


@pytest.mark.parametrize(
    ("content", "names", "expected_years", "pages"),
    [
        ("Guzzini, 2012", "Guzzini", ["2012"], None),
        ("Nolte, 2014: 6", "Nolte", ["2014"], "6"),
        ("Hufty,  2007: 18", "Hufty", ["2007"], "18"),
        ("Sending y Neuman, 2006: 653", "Sending y Neuman", ["2006"], "653"),
        ("Börzel y Van Hüllen, 2015: 3", "Börzel y Van Hüllen", ["2015"], "3"),
        ("World Bank, 1992, 1997", "World Bank", ["1992", "1997"], None),
        ("Chávez, 2011: 32-33", "Chávez", ["2011"], "32-33"),
        ("Gómez Mera, 2015: 22-23", "Gómez Mera", ["2015"], "22-23"),
        ("Declaración de Miami, 1994", "Declaración de Miami", ["1994"], None),
        (
            "Líneas Generales el Plan de Desarrollo Económico y Social 2001-2007 –en adelante "
            "Líneas Generales, 2001: 155",
            "Líneas Generales el Plan de Desarrollo Económico y Social 2001-2007 –en adelante "
            "Líneas Generales",
            ["2001"],
            "155",
        ),
        (
            "Proyecto Nacional de Desarrollo Simón Bolívar – en adelante Proyecto Nacional, "
            "2007: 44",
            "Proyecto Nacional de Desarrollo Simón Bolívar – en adelante Proyecto Nacional",
            ["2007"],
            "44",
        ),
    ],
)
def test_author_year_forms_of_the_article(
    content: str, names: str, expected_years: list[str], pages: str | None
) -> None:
    item = one(parse_parenthesis(content))
    assert (item.kind, item.names, years(item), item.pages) == (
        "author-year",
        names,
        expected_years,
        pages,
    )


def test_two_works_in_one_parenthesis() -> None:
    items = parse_parenthesis("Solingen, 2012; Quiliconi, 2014")
    assert items is not None
    assert [(i.names, years(i)) for i in items] == [("Solingen", ["2012"]), ("Quiliconi", ["2014"])]
    content = "Solingen, 2012; Quiliconi, 2014"
    assert [content[i.start : i.end] for i in items] == ["Solingen, 2012", "Quiliconi, 2014"]


@pytest.mark.parametrize(
    ("content", "kind", "pages"),
    [("ibídem: 654", "ibidem", "654"), ("ibídem: 2", "ibidem", "2"), ("ibídem", "ibidem", None)],
)
def test_ibidem(content: str, kind: str, pages: str | None) -> None:
    item = one(parse_parenthesis(content))
    assert (item.kind, item.pages, item.names) == (kind, pages, None)


def test_op_cit_of_the_article() -> None:
    item = one(parse_parenthesis("Muhr, op.cit."))
    assert (item.kind, item.names, item.pages) == ("op-cit", "Muhr", None)


def test_statement_quoted_in_a_newspaper() -> None:
    item = one(parse_parenthesis("Evo Morales, citado en La Tercera, 14/10/2014"))
    assert item.kind == "quoted-in"
    assert (item.speaker, item.source, item.date, years(item)) == (
        "Evo Morales",
        "La Tercera",
        "2014-10-14",
        ["2014"],
    )


@pytest.mark.parametrize(("content", "pages"), [("2014: 75", "75"), ("1999", None)])
def test_year_only_parentheses(content: str, pages: str | None) -> None:
    item = one(parse_parenthesis(content))
    assert (item.kind, item.names, item.pages) == ("year", None, pages)


@pytest.mark.parametrize(
    "content",
    [
        "ALBA",
        "BID",
        "cursivas del autor de este trabajo",
        "como en Europa Occidental",
        "…",
        "Bolivia, Ecuador y Venezuela",
        "conocido como CAFTA DR",
        "14/10/2014",
        "25 de julio de 2013",
        "",
    ],
)
def test_parentheses_that_are_no_citation(content: str) -> None:
    assert parse_parenthesis(content) is None


# Forms the article lacks, which must not break the parser.


@pytest.mark.parametrize(
    ("content", "kind", "names", "expected_years", "pages"),
    [
        ("Smith et al., 2010", "author-year", "Smith et al.", ["2010"], None),
        ("Pádua, Mathias y Costa, 2010: 4", "author-year", "Pádua, Mathias y Costa", ["2010"], "4"),
        ("Pérez, s.f.", "author-year", "Pérez", ["s.f."], None),
        ("Pérez, s. f.", "author-year", "Pérez", ["s.f."], None),
        ("Nolte, 2014a", "author-year", "Nolte", ["2014a"], None),
        ("Pérez, 2001-2003", "author-year", "Pérez", ["2001-2003"], None),
        ("Nolte, 2014, pp. 12-14", "author-year", "Nolte", ["2014"], "12-14"),
        ("Nolte, 2014, p. 7", "author-year", "Nolte", ["2014"], "7"),
        ("Nolte, 2014: 12, 15", "author-year", "Nolte", ["2014"], "12, 15"),
        ("véase Nolte, 2014", "author-year", "Nolte", ["2014"], None),
        ("Muhr, op. cit.: 45", "op-cit", "Muhr", [], "45"),
        ("Muhr, op. cit., p. 45", "op-cit", "Muhr", [], "45"),
        ("op. cit.: 3", "op-cit", None, [], "3"),
        ("ibid., p. 3", "ibidem", None, [], "3"),
        ("Ibídem: 3", "ibidem", None, [], "3"),
        ("2001-2007", "year", None, ["2001-2007"], None),
        ("Chávez, citado en Nolte, 2014: 5", "quoted-in", "Nolte", ["2014"], "5"),
    ],
)
def test_forms_the_article_lacks(
    content: str, kind: str, names: str | None, expected_years: list[str], pages: str | None
) -> None:
    item = one(parse_parenthesis(content))
    assert (item.kind, item.names, years(item), item.pages) == (
        kind,
        names,
        expected_years,
        pages,
    )


def test_years_shared_by_an_author_across_a_semicolon() -> None:
    items = parse_parenthesis("Nolte, 2014a; 2014b: 7")
    assert items is not None
    assert [(i.kind, years(i), i.pages) for i in items] == [
        ("author-year", ["2014a"], None),
        ("year", ["2014b"], "7"),
    ]


# --------------------------------------------------------------------------- property tests

_NAME = st.from_regex(r"[A-Z][a-zñáéíóú]{2,9}( [A-Z][a-zñáéíóú]{2,9})?", fullmatch=True).filter(
    lambda n: not re.match(r"(?i)(ib[ií]d|op|v[ée]ase|ver|cf|vid)\b", n)
)
_YEAR = st.builds(
    lambda y, s: f"{y}{s}", st.integers(1800, 2099), st.sampled_from(["", "", "a", "b"])
)
_PAGES = st.one_of(
    st.none(),
    st.integers(1, 999).map(str),
    st.tuples(st.integers(1, 500), st.integers(1, 99)).map(lambda t: f"{t[0]}-{t[0] + t[1]}"),
)


@settings(max_examples=200, deadline=None)
@given(authors=st.lists(_NAME, min_size=1, max_size=3), year=_YEAR, pages=_PAGES)
def test_author_year_pages_round_trip(authors: list[str], year: str, pages: str | None) -> None:
    names = authors[0] if len(authors) == 1 else ", ".join(authors[:-1]) + " y " + authors[-1]
    content = f"{names}, {year}" + (f": {pages}" if pages else "")
    item = one(parse_parenthesis(content))
    assert (item.kind, item.names, years(item), item.pages) == (
        "author-year",
        names,
        [year],
        pages,
    )
    assert content[item.start : item.end] == content


@settings(max_examples=100, deadline=None)
@given(
    parts=st.lists(st.tuples(_NAME, _YEAR), min_size=1, max_size=4), pad=st.sampled_from(["", " "])
)
def test_items_keep_their_offsets(parts: list[tuple[str, str]], pad: str) -> None:
    texts = [f"{pad}{n}, {y}" for n, y in parts]
    content = ";".join(texts)
    items = parse_parenthesis(content)
    assert items is not None and len(items) == len(parts)
    for item, (n, y) in zip(items, parts, strict=True):
        assert content[item.start : item.end] == f"{n}, {y}"
        (year,) = item.years
        assert content[year.start : year.end] == y


@settings(max_examples=300, deadline=None)
@given(content=st.text(alphabet=st.characters(blacklist_characters="()\n"), max_size=60))
def test_parser_never_fails_on_arbitrary_text(content: str) -> None:
    items = parse_parenthesis(content)
    if items is not None:
        for item in items:
            assert 0 <= item.start <= item.end <= len(content)


# --------------------------------------------------------------------------- resolution


def test_narrative_and_author_named_earlier(tmp_path: Path) -> None:
    text = (
        "Malamud (2013) argumenta algo. Como señalan Benzi y Mafla, el ALBA se apoya en el\n"
        "internacionalismo cubano (2014: 75).\n"
    )
    c = cite(tmp_path, text)
    assert [(p.exact, p.form, p.work) for p in c.pointers] == [
        ("Malamud (2013)", "narrative", "malamud-2013"),
        ("(2014: 75)", "author-in-sentence", "benzi-mafla-2014"),
    ]
    span = c.pointers[1].author_span
    assert span is not None and (LEAD + text)[span[0] : span[1]] == "Benzi y Mafla"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Se aprobó el Plan de Desarrollo Económico y Social (2001-2007) en Caracas.", "a year"),
        ("Venezuela se reservó en la Cumbre de las Américas Quebec (2001) la mención.", "a year"),
        ("Lo dijo la Cumbre (Cumbre de Quebec, 2001) en su declaración.", "not an author"),
        ("Lo dijo Chávez (14/10/2014) en Caracas.", "not a citation"),
        ("Habló Evo Morales (25 de julio de 2013) en Cochabamba.", "not a citation"),
        ("La Alianza Bolivariana (ALBA) es un bloque.", "not a citation"),
        ("Un texto (cursivas del autor de este trabajo) sin cita.", "not a citation"),
        ("Nolte estudia el periodo (2001-2007) sin dar páginas.", "a year"),
        ("Lo explicó Thomas Legler (1999-2013) en Caracas.", "a year"),
    ],
)
def test_look_alikes_are_rejected(tmp_path: Path, text: str, reason: str) -> None:
    c = cite(tmp_path, text + "\n")
    assert c.pointers == ()
    assert len(c.rejected) == 1 and c.rejected[0].reason.startswith(reason)


def test_rare_forms_resolve_to_stable_keys(tmp_path: Path) -> None:
    c = cite(
        tmp_path,
        "Uno (Smith et al., 2010). Dos (Pádua, Mathias y Costa, 2010: 4). Tres (Pérez, s.f.). "
        "Cuatro (Nolte, 2014a; 2014b: 7). Cinco (Pérez, 2001-2003). Seis (Muhr, 2011). "
        "Siete (Nolte, op. cit.: 9). Ocho (ibid., p. 3).\n",
    )
    got = [(p.work, p.pages, p.resolved_from) for p in c.pointers]
    assert got == [
        ("smith-et-al-2010", None, None),
        ("padua-mathias-costa-2010", "4", None),
        ("perez-s-f", None, None),
        ("nolte-2014a", None, None),
        ("nolte-2014b", "7", None),
        ("perez-2001-2003", None, None),
        ("muhr-2011", None, None),
        ("nolte-2014b", "9", OP_CIT),
        ("nolte-2014b", "3", IBIDEM),
    ]
    assert c.problems == ()


def test_document_cited_by_name_and_newspaper(tmp_path: Path) -> None:
    c = cite(
        tmp_path,
        "Dice el plan (Plan de la Patria, 2013: 4). Y Morales lo repite (Evo Morales, citado en "
        "La Tercera, 14/10/2014).\n",
    )
    plan, paper = c.pointers
    assert (plan.work, c.work(plan.work).document, plan.pages) == ("plan", "plan", "4")
    assert (paper.work, paper.form, paper.date) == ("la-tercera-2014", "quoted-in", "2014-10-14")
    assert paper.speaker is not None and paper.speaker.entity == "evo-morales"


def test_unresolvable_and_uncurated_are_problems(tmp_path: Path) -> None:
    c = cite(tmp_path, "Nada antes (ibídem: 3). Luego (Fulano, 2001).\n")
    assert [p.work for p in c.pointers] == ["fulano-2001"]
    assert any("ibídem refers to no earlier citation" in p for p in c.problems)
    assert any("'Fulano' is not a curated entity" in p for p in c.problems)


def test_cited_author_and_named_person_are_one_entity(tmp_path: Path) -> None:
    c = cite(tmp_path, "Thomas Legler ha analizado el cambio (Legler, 2012: 863).\n")
    (p,) = c.pointers
    assert [a.entity for a in p.authors] == ["thomas-legler"]


# --------------------------------------------------------------------------- the article


@pytest.fixture(scope="module")
def corpus(real_corpus: Corpus) -> Corpus:
    return real_corpus


@pytest.fixture(scope="module")
def article_citations(article_annotated: AnnotatedDocument) -> Citations:
    return article_annotated.citations


def test_annotation_holds_what_extraction_finds(
    article_citations: Citations, corpus: Corpus
) -> None:
    doc = corpus.documents[0].doc
    assert extract_citations(doc, NameIndex.of(corpus.entities.values())) == article_citations


def test_article_counts(article_citations: Citations) -> None:
    c = article_citations
    assert len(c.pointers) == 48
    assert len(c.works) == 36
    assert sum(p.resolved_from == IBIDEM for p in c.pointers) == 9
    assert sum(p.resolved_from == OP_CIT for p in c.pointers) == 1
    assert c.problems == ()


def test_article_pointers_reextract_and_do_not_overlap(
    article_citations: Citations, article: Document
) -> None:
    previous_end = -1
    for p in article_citations.pointers:
        assert article.raw[p.start : p.end] == p.exact
        assert article.text[p.norm_start : p.norm_end] == p.normalized
        assert p.start >= previous_end
        previous_end = p.end


def test_article_works_are_the_curated_works(article_citations: Citations, corpus: Corpus) -> None:
    bundle = corpus.documents[0]
    curated = {
        bundle.work_id(i.record, corpus.entities)
        for i in bundle.works
        if isinstance(i.record, Work)
    }
    assert {w.key for w in article_citations.works} == curated


def test_article_look_alikes_rejected(article_citations: Citations) -> None:
    rejected = {r.exact for r in article_citations.rejected}
    assert {"(ALBA)", "(BID)", "(2001)", "(cursivas del autor de este trabajo)"} <= rejected
    # "(2001)" is the year of the Quebec summit, not a citation.


def test_article_table_golden(article_citations: Citations) -> None:
    check_golden("citations.tsv", format_citations(article_citations, "tsv") + "\n")
