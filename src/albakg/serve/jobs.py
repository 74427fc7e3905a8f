"""One query, run inside a worker process and turned into the bytes of an HTTP answer.

Jobs and answers are plain picklable values because they cross the pipe between the web
process and the workers; everything here runs in the worker.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from albakg.serve.negotiation import GRAPH_MEDIA, RESULT_MEDIA
from albakg.sparql.query import sorted_triples, used_prefixes
from albakg.sparql.results import Term, write_csv, write_tsv
from albakg.sparql.store import (
    QueryError,
    QueryRefusedError,
    QuerySyntaxError,
    run_query,
)

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Job:
    query: str
    media: str
    max_results: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    status: int
    media: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def error(cls, status: int, message: str) -> Answer:
        return cls(status, "text/plain", (message + "\n").encode())


def term_json(term: Any) -> dict[str, Any]:
    """A term in the SPARQL 1.1 Query Results JSON format (RDF-star triples included)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    raise TypeError(f"unexpected term {term!r}")


def _too_many(limit: int, what: str) -> Answer:
    return Answer.error(
        422,
        f"the result has more than {limit} {what}, the limit of this endpoint: "
        "narrow the query or add LIMIT",
    )


def _triples_answer(result: ox.QueryTriples, job: Job, prefixes: dict[str, str]) -> Answer:
    triples: list[ox.Triple] = []
    for triple in result:
        if len(triples) == job.max_results:
            return _too_many(job.max_results, "triples")
        triples.append(triple)
    ordered = sorted_triples(triples)
    rdf = GRAPH_MEDIA.get(job.media, ox.RdfFormat.N_TRIPLES)
    body = ox.serialize(ordered, format=rdf, prefixes=used_prefixes(ordered, prefixes))
    assert body is not None
    return Answer(200, job.media, body)


def _solutions_answer(result: ox.QuerySolutions, job: Job) -> Answer:
    """Solutions gathered up to the limit, then written in the format asked for.

    CSV and TSV have their own writers (pyoxigraph's CSV leaves commas in IRIs unquoted);
    XML is converted by pyoxigraph from the JSON document.
    """
    names = [v.value for v in result.variables]
    rows: list[list[Term]] = []
    for solution in result:
        if len(rows) == job.max_results:
            return _too_many(job.max_results, "solutions")
        rows.append([solution[n] for n in names])
    if job.media == "text/csv":
        return Answer(200, job.media, write_csv(names, rows))
    if job.media == "text/tab-separated-values":
        return Answer(200, job.media, write_tsv(names, rows))
    bindings = [
        {n: term_json(t) for n, t in zip(names, row, strict=True) if t is not None} for row in rows
    ]
    doc = {"head": {"vars": names}, "results": {"bindings": bindings}}
    body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    fmt = RESULT_MEDIA.get(job.media, ox.QueryResultsFormat.JSON)
    if fmt != ox.QueryResultsFormat.JSON:
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        assert isinstance(parsed, ox.QuerySolutions)
        body = parsed.serialize(format=fmt) or b""
    return Answer(200, job.media, body)


def answer_job(store: ox.Store, prefixes: dict[str, str], job: Job) -> Answer:
    """Run one job and serialize its result, refusing results larger than the limit."""
    try:
        result = run_query(store, job.query, prefixes, job.default_graphs, job.named_graphs)
        if isinstance(result, ox.QueryBoolean):
            fmt = RESULT_MEDIA.get(job.media, ox.QueryResultsFormat.JSON)
            body = result.serialize(format=fmt)
            assert body is not None
            return Answer(200, job.media, body)
        if isinstance(result, ox.QueryTriples):
            return _triples_answer(result, job, prefixes)
        return _solutions_answer(result, job)
    except QuerySyntaxError as exc:
        return Answer.error(400, str(exc))
    except QueryRefusedError as exc:
        return Answer.error(403, str(exc))
    except (QueryError, OSError, ValueError) as exc:
        return Answer.error(500, f"the query failed: {exc}")
