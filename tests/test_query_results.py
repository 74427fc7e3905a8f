"""SPARQL CSV and TSV results: RFC 4180 for any value, the W3C encodings, every question.

Values are generated with the characters that break naive writers (commas, quotes, CR, LF,
tabs in literals; commas and other sub-delimiters in IRIs) and read back with :mod:`csv`,
and TSV also with pyoxigraph's own parser, an independent reader of the format.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from albakg.build.pipeline import BuildResult
from albakg.cli.app import app
from albakg.resources import queries_dir
from albakg.sparql.query import render
from albakg.sparql.results import Term, write_csv, write_tsv
from albakg.sparql.store import dataset_base, open_store, query_prefixes, run_query

QUESTIONS = sorted(queries_dir().glob("*.rq"))
XSD = "http://www.w3.org/2001/XMLSchema#"

names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True)
iri_chars = st.sampled_from([*"abcXYZ019-._~:/?#@!$&'()*+,;=", "é", "ñ", "%41"])


def _iri(path: str) -> ox.NamedNode | None:
    try:
        return ox.NamedNode("http://example.org/" + path)
    except ValueError:
        return None


iris = st.lists(iri_chars, max_size=20).map("".join).map(_iri).filter(lambda i: i is not None)
awkward = st.text(
    st.one_of(st.sampled_from(list(",\"'\r\n\t\\ ;<>")), st.characters(codec="utf-8")),
    max_size=15,
)
languages = st.sampled_from(["en", "es", "pt-br", "es-419", "zh-hant-tw", "de-ch-1996"])
datatypes = st.sampled_from([XSD + "date", XSD + "boolean", "http://example.org/dt,1"])
literals = st.one_of(
    awkward.map(ox.Literal),
    st.builds(lambda v, lang: ox.Literal(v, language=lang), awkward, languages),
    st.builds(lambda v, dt: ox.Literal(v, datatype=ox.NamedNode(dt)), awkward, datatypes),
    st.integers(-(10**6), 10**6).map(
        lambda n: ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))
    ),
)
blanks = st.from_regex(r"[a-z][a-z0-9]{0,8}", fullmatch=True).map(ox.BlankNode)
terms: st.SearchStrategy[Term] = st.one_of(st.none(), iris, literals, blanks)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[Term]]]:
    variables = draw(st.lists(names, min_size=1, max_size=4, unique=True))
    rows = draw(
        st.lists(st.lists(terms, min_size=len(variables), max_size=len(variables)), max_size=5)
    )
    return variables, rows


def plain(term: Term) -> str:
    """What SPARQL CSV keeps of a term: the value only."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    assert isinstance(term, ox.NamedNode | ox.Literal)
    return term.value


def read_csv(body: bytes, **dialect: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8"), newline=""), **dialect))


@settings(max_examples=300, deadline=None)
@given(tables())
def test_csv_reads_back_with_every_field_in_its_column(
    table: tuple[list[str], list[list[Term]]],
) -> None:
    variables, rows = table
    body = write_csv(variables, rows)
    assert read_csv(body) == [variables] + [[plain(t) for t in row] for row in rows]
    assert body.endswith(b"\r\n")


@settings(max_examples=300, deadline=None)
@given(tables())
def test_tsv_reads_back_as_the_same_terms(table: tuple[list[str], list[list[Term]]]) -> None:
    variables, rows = table
    body = write_tsv(variables, rows)
    # csv reads an empty line (one unbound variable) as no field at all.
    fields = [f or [""] for f in read_csv(body, delimiter="\t", quoting=csv.QUOTE_NONE)]
    assert fields[0] == [f"?{v}" for v in variables]
    assert len(fields) == len(rows) + 1 and all(len(f) == len(variables) for f in fields)
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV)
    assert isinstance(parsed, ox.QuerySolutions)
    assert [v.value for v in parsed.variables] == variables
    assert [[s[v] for v in variables] for s in parsed] == rows


def test_the_w3c_encodings() -> None:
    iri = ox.NamedNode("http://example.org/a,b")
    rows: list[list[Term]] = [
        [iri, ox.Literal('say "hi",\nbye', language="en"), None],
        [
            ox.Literal("7", datatype=ox.NamedNode(XSD + "integer")),
            ox.Literal("x\ty"),
            ox.BlankNode("b1"),
        ],
    ]
    assert write_csv(["a", "b", "c"], rows) == (
        b'a,b,c\r\n"http://example.org/a,b","say ""hi"",\nbye",\r\n7,x\ty,_:b1\r\n'
    )
    assert write_tsv(["a", "b", "c"], rows) == (
        b'?a\t?b\t?c\n<http://example.org/a,b>\t"say \\"hi\\",\\nbye"@en\t\n7\t"x\\ty"\t_:b1\n'
    )


@pytest.mark.parametrize("path", QUESTIONS, ids=[p.stem for p in QUESTIONS])
def test_every_bundled_question_reads_back_from_csv_and_tsv(
    real_build: BuildResult, path: Any
) -> None:
    store = open_store(real_build.out)
    prefixes = query_prefixes(dataset_base(store))
    text = path.read_text(encoding="utf-8")
    result = run_query(store, text, prefixes)
    if not isinstance(result, ox.QuerySolutions):
        pytest.skip(f"{path.stem} is not a SELECT")
    variables = [v.value for v in result.variables]
    expected = [[s[v] for v in variables] for s in result]
    fields = read_csv(render(run_query(store, text, prefixes), "csv", prefixes))
    assert fields == [variables] + [[plain(t) for t in row] for row in expected]
    tsv = render(run_query(store, text, prefixes), "tsv", prefixes)
    parsed = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    assert isinstance(parsed, ox.QuerySolutions)
    assert [[s[v] for v in variables] for s in parsed] == expected


def test_membership_evidence_csv_has_five_fields_in_every_row(real_build: BuildResult) -> None:
    result = CliRunner().invoke(
        app, ["query", "membership-evidence", "--data", str(real_build.out), "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout.encode())
    assert rows[0] == ["membership", "evidence", "begin", "end", "quote"]
    assert len(rows) > 1 and all(len(r) == 5 for r in rows)
    assert any("," in r[1] for r in rows[1:])
