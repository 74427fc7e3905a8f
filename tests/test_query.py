"""``albakg query``: embedded SPARQL over the built dataset, its formats and its errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from albakg.build.pipeline import BuildResult
from albakg.cli.app import app
from albakg.cli.query import format_table
from albakg.resources import queries_dir
from albakg.sparql.query import (
    bundled_questions,
    read_question,
    resolve_query,
    scope_to_graphs,
)
from albakg.sparql.store import (
    QueryRefusedError,
    QuerySyntaxError,
    check_read_only,
    open_store,
    query_form,
    run_query,
)

from .conftest import FIXTURES

runner = CliRunner()
FIXTURE_QUERIES = FIXTURES / "queries"
ID = "https://w3id.org/albakg/id/"
GRAPH = "https://w3id.org/albakg/graph/"
#: Every competency question there is, bundled or fixture: never an empty parameter set.
ALL_QUESTIONS = sorted(queries_dir().glob("*.rq")) + sorted(FIXTURE_QUERIES.glob("*.rq"))


def query(mini: BuildResult, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["query", "--data", str(mini.out), *args])
    return result.exit_code, result.stdout, result.stderr


# ---------------------------------------------------------------------------- questions


def test_list_shows_names_and_both_wordings() -> None:
    result = runner.invoke(app, ["query", "--list", "--queries", str(FIXTURE_QUERIES)])
    assert result.exit_code == 0, result.output
    for q in bundled_questions(FIXTURE_QUERIES):
        assert q.name in result.stdout
        assert f"en: {q.en}" in result.stdout and f"es: {q.es}" in result.stdout
    assert "members" in result.stdout and "¿Qué actores" in result.stdout


def test_list_defaults_to_the_bundled_questions() -> None:
    result = runner.invoke(app, ["query", "--list"])
    assert result.exit_code == 0
    for path in sorted(queries_dir().glob("*.rq")):
        assert path.stem in result.stdout


@pytest.mark.parametrize("path", ALL_QUESTIONS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_question_is_worded_in_both_languages_and_runs(
    path: Path, mini_build: BuildResult
) -> None:
    question = read_question(path)
    assert question.en.endswith("?") and "¿" in question.es and question.es.endswith("?"), path
    store = open_store(mini_build.out)
    result = run_query(store, question.text)
    assert query_form(question.text) in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
    # Lazy evaluation: only reading the result proves the query runs.
    if isinstance(result, ox.QuerySolutions | ox.QueryTriples):
        list(result)


def test_a_question_runs_by_name_and_by_path(mini_build: BuildResult) -> None:
    folder = ["--queries", str(FIXTURE_QUERIES)]
    by_name = query(mini_build, *folder, "members", "--format", "json")
    by_name_rq = query(mini_build, *folder, "members.rq", "--format", "json")
    by_path = query(mini_build, str(FIXTURE_QUERIES / "members.rq"), "--format", "json")
    assert by_name[0] == 0, by_name
    assert by_name == by_name_rq == by_path
    rows = json.loads(by_name[1])["results"]["bindings"]
    assert {"member": ID + "venezuela", "organization": ID + "bap"} in [
        {k: r[k]["value"] for k in ("member", "organization")} for r in rows
    ]


def test_an_unknown_name_is_a_usage_error(mini_build: BuildResult) -> None:
    code, _, err = query(mini_build, "no-such-question")
    assert code == 2
    assert "no-such-question" in err and "--list" in err
    with pytest.raises(FileNotFoundError):
        resolve_query("missing.rq", FIXTURE_QUERIES)


# ---------------------------------------------------------------------------- the store


def test_prefixes_are_predeclared_and_the_default_graph_is_the_union(
    mini_build: BuildResult,
) -> None:
    # A vocabulary-graph triple and a data-graph triple in one pattern, no GRAPH, no PREFIX.
    code, out, err = query(
        mini_build,
        "ASK { id:venezuela a ?class . ?class rdfs:label ?classLabel }",
    )
    assert (code, out) == (0, "true\n"), err


def test_each_graph_is_still_addressable(mini_build: BuildResult) -> None:
    code, out, _ = query(
        mini_build,
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { id:venezuela ?p ?o } }",
        "--format",
        "csv",
    )
    assert code == 0
    assert out.split() == ["g", GRAPH + "data", GRAPH + "provenance"] or out.split() == [
        "g",
        GRAPH + "data",
    ]


def test_a_from_clause_replaces_the_union(mini_build: BuildResult) -> None:
    text = f"SELECT * FROM <{GRAPH}vocabulary> WHERE {{ id:venezuela ?p ?o }}"
    code, out, _ = query(mini_build, text, "--format", "csv")
    assert code == 0
    assert sorted(out.strip().split(",")) == ["o", "p"]


def test_keywords_in_strings_iris_and_comments_are_not_keywords() -> None:
    harmless = "\n".join(
        [
            "# SERVICE <http://example.org/> in a comment",
            "PREFIX service: <http://example.org/SERVICE#>",
            "SELECT ?service WHERE {",
            "  ?service service:insert 'SERVICE <x> { }' ; <http://example.org/service> 'DELETE' .",
            '  FILTER (?service != """',
            'SERVICE""")',
            "}",
        ]
    )
    check_read_only(harmless)
    assert query_form(harmless) == "SELECT"
    for refused in (
        "select * { service <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * { SERVICE SILENT ?endpoint { ?s ?p ?o } }",
        "PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }",
        "DELETE WHERE { ?s ?p ?o }",
        "DROP ALL",
        "LOAD <http://example.org/data.ttl>",
    ):
        with pytest.raises(QueryRefusedError):
            check_read_only(refused)


def test_service_is_refused_from_the_command_line(mini_build: BuildResult) -> None:
    code, out, err = query(
        mini_build, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    )
    assert code == 1 and out == ""
    assert "SERVICE is refused" in err


# ---------------------------------------------------------------------------- errors


def test_a_syntax_error_gives_line_and_column_not_a_traceback(
    mini_build: BuildResult, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?s\nWHERE {\n  ?s ?p ?o\n}\nLIMIT x\n", encoding="utf-8")
    code, out, err = query(mini_build, str(bad))
    assert code == 1 and out == ""
    assert "syntax error at line 5, column 7" in err
    assert str(bad) in err and "Traceback" not in err
    assert "   5 | LIMIT x\n" + " " * 13 + "^" in err


def test_a_query_that_stops_short_points_at_its_last_line(mini_build: BuildResult) -> None:
    code, _, err = query(mini_build, "SELECT ?s\nWHERE {\n  ?s ?p\n}\n")
    assert code == 1
    assert "line 4, column 1: the query ends too early" in err


def test_an_undeclared_prefix_is_named_where_it_is_used(mini_build: BuildResult) -> None:
    code, _, err = query(mini_build, "SELECT * WHERE {\n  ?s nope:label ?o\n}")
    assert code == 1
    assert "line 2, column 6" in err and "undeclared prefix nope:" in err


def test_syntax_errors_count_lines_of_the_text_as_written(mini_build: BuildResult) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        run_query(open_store(mini_build.out), "\n\nSELECT * WHERE { ?s ?p }")
    assert info.value.line == 3


@pytest.mark.parametrize(
    ("text", "fmt"),
    [("CONSTRUCT WHERE { ?s ?p ?o }", "csv"), ("SELECT * { ?s ?p ?o }", "turtle"), ("ASK {}", "x")],
)
def test_a_format_that_does_not_fit_is_a_usage_error(
    mini_build: BuildResult, text: str, fmt: str
) -> None:
    code, out, err = query(mini_build, text, "--format", fmt)
    assert code == 2 and out == ""
    assert "format" in err


def test_a_missing_dataset_says_to_build(tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", "--data", str(tmp_path), "ASK {}"])
    assert result.exit_code == 1
    assert "albakg build" in result.stderr


# ---------------------------------------------------------------------------- formats

LABELS = (
    "SELECT ?entity ?label WHERE { ?entity a albakg:State ; rdfs:label ?label } "
    "ORDER BY ?entity ?label"
)


def expected_rows(mini: BuildResult, text: str) -> list[dict[str, object]]:
    result = run_query(open_store(mini.out), text)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: s[n] for n in names} for s in result]


@pytest.mark.parametrize(
    ("fmt", "parser"),
    [
        ("json", ox.QueryResultsFormat.JSON),
        ("xml", ox.QueryResultsFormat.XML),
        ("tsv", ox.QueryResultsFormat.TSV),
    ],
)
def test_sparql_results_formats_carry_the_same_terms(
    mini_build: BuildResult, fmt: str, parser: ox.QueryResultsFormat
) -> None:
    code, out, _ = query(mini_build, LABELS, "--format", fmt)
    assert code == 0
    parsed = ox.parse_query_results(out.encode(), format=parser)
    assert isinstance(parsed, ox.QuerySolutions)
    names = [v.value for v in parsed.variables]
    assert [{n: s[n] for n in names} for s in parsed] == expected_rows(mini_build, LABELS)


def test_csv_has_a_header_and_one_line_per_solution(mini_build: BuildResult) -> None:
    code, out, _ = query(mini_build, LABELS, "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    expected = expected_rows(mini_build, LABELS)
    assert rows[0] == ["entity", "label"]
    assert [r[1] for r in rows[1:]] == [str(getattr(e["label"], "value", "")) for e in expected]


def test_the_table_is_aligned_and_counts_its_rows(mini_build: BuildResult) -> None:
    code, out, _ = query(mini_build, LABELS)
    assert code == 0
    lines = out.splitlines()
    header, rule, body, footer = lines[0], lines[1], lines[2:-1], lines[-1]
    assert header.split() == ["entity", "label"]
    second_column = rule.index("  -") + 2
    assert header.index("label") == second_column
    assert all(line[second_column - 2 : second_column] == "  " for line in body)
    assert all(line.startswith("id:") for line in body)  # IRIs shortened with the id: prefix
    assert "Venezuela@es" in out
    assert footer == f"({len(body)} rows)"


def test_table_cells_are_cut_and_flattened() -> None:
    text = format_table(["v"], [["a\nb " + "x" * 100]])
    row = text.splitlines()[2]
    assert row.startswith("a b x") and row.endswith("…") and len(row) == 60


def test_ask_prints_true_or_false(mini_build: BuildResult) -> None:
    assert query(mini_build, "ASK { id:venezuela ?p ?o }")[1] == "true\n"
    assert query(mini_build, "ASK { id:nobody ?p ?o }")[1] == "false\n"
    code, out, _ = query(mini_build, "ASK { id:venezuela ?p ?o }", "--format", "json")
    assert code == 0 and json.loads(out)["boolean"] is True


DESCRIBE_TEXT = "CONSTRUCT { id:venezuela ?p ?o } WHERE { id:venezuela ?p ?o }"


@pytest.mark.parametrize(
    ("fmt", "parser"),
    [
        ("turtle", ox.RdfFormat.TURTLE),
        ("jsonld", ox.RdfFormat.JSON_LD),
        ("nt", ox.RdfFormat.N_TRIPLES),
    ],
)
def test_construct_formats_carry_the_same_triples(
    mini_build: BuildResult, fmt: str, parser: ox.RdfFormat
) -> None:
    code, out, _ = query(mini_build, DESCRIBE_TEXT, "--format", fmt)
    assert code == 0
    got = {q.triple for q in ox.parse(out.encode(), format=parser)}
    result = run_query(open_store(mini_build.out), DESCRIBE_TEXT)
    assert isinstance(result, ox.QueryTriples)
    assert got == set(result) and got


def test_construct_defaults_to_turtle_and_is_reproducible(mini_build: BuildResult) -> None:
    first = query(mini_build, DESCRIBE_TEXT)
    second = query(mini_build, DESCRIBE_TEXT)
    assert first == second
    assert "@prefix id: <https://w3id.org/albakg/id/> ." in first[1]
    assert "id:venezuela" in first[1]


def test_describe_runs(mini_build: BuildResult) -> None:
    code, out, _ = query(mini_build, "DESCRIBE id:venezuela", "--format", "nt")
    assert code == 0
    assert f"<{ID}venezuela> <http://www.w3.org/2000/01/rdf-schema#label>" in out


# ---------------------------------------------------------------------------- remote scoping


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?s WHERE { ?s ?p ?o }",
        "PREFIX ex: <http://example.org/where>\nSELECT * { ?s ?p ?o } LIMIT 2",
        "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "CONSTRUCT WHERE { ?s ?p ?o }",
        "ASK { ?s ?p ?o }",
        "DESCRIBE <http://example.org/x>",
    ],
)
def test_scope_to_graphs_puts_the_dataset_clauses_where_the_grammar_wants_them(
    text: str, mini_build: BuildResult
) -> None:
    graphs = [GRAPH + "data", GRAPH + "provenance"]
    scoped = scope_to_graphs(text, graphs)
    assert scoped.count("FROM <") == 2 and scoped.count("FROM NAMED <") == 2
    # The scoped query must parse; FROM makes the store answer over those graphs only.
    result = run_query(open_store(mini_build.out), scoped)
    if isinstance(result, ox.QuerySolutions | ox.QueryTriples):
        list(result)


def test_scoping_to_the_data_graph_drops_vocabulary_answers(mini_build: BuildResult) -> None:
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?c a owl:Class }"
    store = open_store(mini_build.out)
    everything = run_query(store, text)
    scoped = run_query(store, scope_to_graphs(text, [GRAPH + "data"]))
    assert isinstance(everything, ox.QuerySolutions) and isinstance(scoped, ox.QuerySolutions)
    assert int(next(everything)["n"].value) > 0
    assert next(scoped)["n"].value == "0"
