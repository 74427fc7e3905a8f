"""Which store changes which datatype, and the bundled questions compared by value in each.

The files keep the datatypes the standards ask for (NIF offsets and counts are
``xsd:nonNegativeInteger``, page numbers ``xsd:positiveInteger``). Some stores keep only
``xsd:integer`` for them. Each store the suite can run is loaded with the built dataset, the
datatypes of its literals are counted, and the change must be exactly the one README.md's
table states. The bundled questions are then asked of Jena TDB2 (the store that keeps every
datatype) and compared with the embedded store by value: an integer is the same answer
whatever integer datatype carries it.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest

from albakg.build.pipeline import BuildResult
from albakg.qc import jena
from albakg.sparql.store import open_store, run_query

from .test_load import (  # noqa: F401  (fixtures that start and load the servers)
    PROJECT_GRAPHS,
    QUESTIONS,
    differences,
    oxigraph,
    oxigraph_server,
    virtuoso,
    virtuoso_server,
)

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
UNBOUND = "(DATATYPE() unbound)"
#: Integer datatypes whose values are integers whatever the datatype says.
INTEGER_FAMILY = frozenset(
    XSD + t
    for t in (
        "integer",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)
#: What each store does to the datatypes of the files (README, "Datatypes in each store").
CHANGES: dict[str, dict[str, str]] = {
    "embedded": {
        XSD + "nonNegativeInteger": XSD + "integer",
        XSD + "positiveInteger": XSD + "integer",
    },
    "oxigraph": {
        XSD + "nonNegativeInteger": XSD + "integer",
        XSD + "positiveInteger": XSD + "integer",
    },
    "virtuoso": {
        XSD + "nonNegativeInteger": XSD + "integer",
        XSD + "positiveInteger": XSD + "integer",
        # SPARQL 1.0's DATATYPE(): unbound for a language-tagged string (the tag is kept)
        RDF_LANGSTRING: UNBOUND,
    },
    "tdb2": {},
}
_GRAPHS = " ".join(f"<{g}>" for g in PROJECT_GRAPHS)
DATATYPES_QUERY = (
    "SELECT ?dt (COUNT(*) AS ?n) WHERE { VALUES ?g { " + _GRAPHS + " } GRAPH ?g { ?s ?p ?o } "
    "FILTER (isLiteral(?o)) BIND (DATATYPE(?o) AS ?dt) } GROUP BY ?dt"
)


def file_datatypes(out: Path) -> Counter[str]:
    """Datatypes of the literals as written in albakg.nq (a parser keeps them)."""
    quads = ox.parse(path=str(out / "albakg.nq"), format=ox.RdfFormat.N_QUADS)
    return Counter(q.object.datatype.value for q in quads if isinstance(q.object, ox.Literal))


def counted(results: Any) -> Counter[str]:
    return Counter(
        {s["dt"].value if s["dt"] is not None else UNBOUND: int(s["n"].value) for s in results}
    )


def expected_in(store: str, files: Counter[str]) -> Counter[str]:
    change = CHANGES[store]
    out: Counter[str] = Counter()
    for dt, n in files.items():
        out[change.get(dt, dt)] += n
    return out


def ask_http(endpoint: str, query: str) -> Any:
    response = httpx.post(
        endpoint,
        data={"query": query},
        headers={"Accept": "application/sparql-results+xml"},
        timeout=120,
    )
    assert response.status_code == 200, response.text[:300]
    return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.XML)


@pytest.fixture(scope="module")
def tdb2(real_build: BuildResult) -> Iterator[Path]:
    reason = jena.missing_reason()
    if reason:
        pytest.skip(f"Jena TDB2 cannot run here: {reason}")
    with tempfile.TemporaryDirectory(prefix="albakg-tdb2-") as tmp:
        location = Path(tmp) / "db"
        loaded = jena.run(
            "tdb2.tdbloader", ["--loc", str(location), str(real_build.out / "albakg.nq")]
        )
        assert loaded.returncode == 0, loaded.stderr[-500:]
        yield location


def ask_tdb2(location: Path, query: str) -> Any:
    """A query over TDB2 with the union of the named graphs as default graph."""
    done = jena.run(
        "tdb2.tdbquery",
        ["--loc", str(location), "--set", "tdb:unionDefaultGraph=true", "--results", "XML", query],
    )
    assert done.returncode == 0, done.stderr[-500:]
    return ox.parse_query_results(done.stdout.encode("utf-8"), format=ox.QueryResultsFormat.XML)


@pytest.mark.parametrize("store", ["embedded", "oxigraph", "virtuoso", "tdb2"])
def test_each_store_changes_exactly_the_datatypes_the_readme_says(
    store: str, real_build: BuildResult, request: pytest.FixtureRequest
) -> None:
    files = file_datatypes(real_build.out)
    assert files[XSD + "nonNegativeInteger"] > 1000 and files[XSD + "positiveInteger"] > 0
    if store == "embedded":
        found = counted(run_query(open_store(real_build.out), DATATYPES_QUERY))
    elif store == "tdb2":
        found = counted(ask_tdb2(request.getfixturevalue("tdb2"), DATATYPES_QUERY))
    else:
        found = counted(ask_http(request.getfixturevalue(store), DATATYPES_QUERY))
    assert found == expected_in(store, files), (store, found - files, files - found)


# ---------------------------------------------------------------------------- by value


def by_value(term: Any) -> Any:
    if isinstance(term, ox.Literal) and term.datatype.value in INTEGER_FAMILY:
        return ox.Literal(str(int(term.value)), datatype=ox.NamedNode(XSD + "integer"))
    return term


class Answer:
    """A SELECT answer with every integer literal carried as xsd:integer."""

    def __init__(self, results: Any) -> None:
        self.variables = list(results.variables)
        names = [v.value for v in self.variables]
        self.rows = [{n: by_value(s[n]) for n in names} for s in results]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)


def test_by_value_equates_integer_datatypes_and_nothing_else() -> None:
    nonneg = ox.Literal("19457", datatype=ox.NamedNode(XSD + "nonNegativeInteger"))
    integer = ox.Literal("19457", datatype=ox.NamedNode(XSD + "integer"))
    year = ox.Literal("2006", datatype=ox.NamedNode(XSD + "gYear"))
    assert by_value(nonneg) == by_value(integer) == integer
    assert by_value(year) == year
    assert by_value(ox.Literal("19457")) != integer


@pytest.fixture(scope="module")
def embedded(real_build: BuildResult) -> ox.Store:
    return open_store(real_build.out)


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda p: p.stem)
def test_bundled_questions_answer_alike_in_tdb2_by_value(
    question: Path, tdb2: Path, embedded: ox.Store
) -> None:
    text = question.read_text(encoding="utf-8")
    local = run_query(embedded, text)
    remote = ask_tdb2(tdb2, text)
    if isinstance(local, ox.QueryBoolean):
        assert bool(local) == bool(remote)
        return
    problem = differences(Answer(local), Answer(remote), text)
    assert not problem, f"TDB2 answers {question.name} differently: {problem}"
