"""The ``serve`` command: a read-only SPARQL 1.1 Protocol endpoint over the built dataset.

Queries run in worker processes, each holding its own copy of the store: pyoxigraph cannot
be interrupted from Python, so the only reliable time limit is to kill the process that
runs an overlong query and start a fresh one. The same workers answer the HTML query page
and the dereferencing of the dataset's own IRIs (``/id/hugo-chavez``), so every answer is
held to the same time and result-size limits.
"""

from __future__ import annotations

import json
import multiprocessing
import queue
import re
import sys
import threading
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from albakg.resources import queries_dir
from albakg.sparql.query import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    Question,
    bundled_questions,
    short_iri,
    sorted_triples,
    used_prefixes,
)
from albakg.sparql.store import (
    DATASET_FILE,
    QueryError,
    QueryRefusedError,
    QuerySyntaxError,
    check_read_only,
    dataset_base,
    open_store,
    query_form,
    query_prefixes,
    run_query,
)

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
VOID_TRIPLES = "http://rdfs.org/ns/void#triples"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"

#: Result formats of SELECT and ASK, keyed by the media type pyoxigraph gives each one (the
#: same formats ``albakg query`` offers by name).
RESULT_MEDIA: dict[str, ox.QueryResultsFormat] = {
    f.media_type.split(";")[0]: f for f in RESULT_FORMATS.values()
}
#: RDF formats of CONSTRUCT, DESCRIBE, resource descriptions and the service description.
GRAPH_MEDIA: dict[str, ox.RdfFormat] = {
    f.media_type.split(";")[0]: f for f in (*GRAPH_FORMATS.values(), ox.RdfFormat.RDF_XML)
}
HTML = "text/html"
#: Other names clients use for the same formats (in Accept or in a ``format`` parameter).
MEDIA_ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "application/turtle": "text/turtle",
    "application/x-turtle": "text/turtle",
    "application/x-json+ld": "application/ld+json",
    "text/plain": "application/n-triples",
}
FORMAT_NAMES = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
    "turtle": ("text/turtle",),
    "ttl": ("text/turtle",),
    "jsonld": ("application/ld+json",),
    "json-ld": ("application/ld+json",),
    "nt": ("application/n-triples",),
    "ntriples": ("application/n-triples",),
    "n-triples": ("application/n-triples",),
    "rdfxml": ("application/rdf+xml",),
    "rdf": ("application/rdf+xml",),
    "html": (HTML,),
}
SD_PREFIXES = {
    "sd": SD,
    "formats": FORMATS_NS,
    "void": "http://rdfs.org/ns/void#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}
SD_FORMATS = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle",
    "application/ld+json": "JSON-LD",
    "application/n-triples": "N-Triples",
    "application/rdf+xml": "RDF_XML",
}


@dataclass(frozen=True)
class ServeConfig:
    data: Path
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 10.0
    max_results: int = 100_000
    workers: int = 2
    queries: Path | None = None


# ---------------------------------------------------------------------------- negotiation


def _accept_ranges(header: str) -> list[tuple[str, float, int]]:
    ranges = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((MEDIA_ALIASES.get(media, media), q, index))
    return ranges


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers, or None when it accepts none of them.

    The quality of an offer is that of the most specific range matching it; ties go to the
    range the client listed first, then to the order of ``offers``.
    """
    ranges = _accept_ranges(accept or "*/*") or [("*/*", 1.0, 0)]
    best: tuple[float, int, int, int] | None = None
    chosen = None
    for rank, offer in enumerate(offers):
        kind = offer.split("/")[0]
        match: tuple[int, float, int] | None = None
        for media, q, index in ranges:
            specificity = 2 if media == offer else 1 if media == f"{kind}/*" else 0
            if media not in (offer, f"{kind}/*", "*/*"):
                continue
            if match is None or specificity > match[0]:
                match = (specificity, q, index)
        if match is None or match[1] <= 0:
            continue
        score = (match[1], match[0], -match[2], -rank)
        if best is None or score > best:
            best, chosen = score, offer
    return chosen


def offers_for(form: str | None, with_html: bool = True) -> list[str]:
    media = list(GRAPH_MEDIA if form in ("CONSTRUCT", "DESCRIBE") else RESULT_MEDIA)
    return [*media, HTML] if with_html else media


def requested_format(values: Sequence[str], offers: Sequence[str]) -> str | None:
    """The first offer a ``format`` or ``output`` parameter names, if any does.

    Clients send these parameters in many spellings (SPARQLWrapper repeats a media type
    after a short name); values that name no offer are ignored and Accept decides.
    """
    for value in values:
        for name in value.split(","):
            name = name.strip().lower()
            for media in FORMAT_NAMES.get(name, (MEDIA_ALIASES.get(name, name),)):
                if media in offers:
                    return media
    return None


# ---------------------------------------------------------------------------- the workers


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


def _term_json(term: Any) -> dict[str, Any]:
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
                "subject": _term_json(term.subject),
                "predicate": _term_json(term.predicate),
                "object": _term_json(term.object),
            },
        }
    raise TypeError(f"unexpected term {term!r}")


def _too_many(limit: int, what: str) -> Answer:
    return Answer.error(
        422,
        f"the result has more than {limit} {what}, the limit of this endpoint: "
        "narrow the query or add LIMIT",
    )


def answer_job(store: ox.Store, prefixes: dict[str, str], job: Job) -> Answer:
    """Run one job and serialize its result, refusing results larger than the limit.

    Solutions are gathered up to the limit, written as SPARQL JSON, and turned into the
    other results formats by pyoxigraph's own writers.
    """
    try:
        result = run_query(store, job.query, prefixes, job.default_graphs, job.named_graphs)
        if isinstance(result, ox.QueryBoolean):
            fmt = RESULT_MEDIA.get(job.media, ox.QueryResultsFormat.JSON)
            body = result.serialize(format=fmt)
            assert body is not None
            return Answer(200, job.media, body)
        if isinstance(result, ox.QueryTriples):
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
        names = [v.value for v in result.variables]
        bindings: list[dict[str, Any]] = []
        for solution in result:
            if len(bindings) == job.max_results:
                return _too_many(job.max_results, "solutions")
            bindings.append({n: _term_json(solution[n]) for n in names if solution[n] is not None})
        doc = {"head": {"vars": names}, "results": {"bindings": bindings}}
        body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
        fmt = RESULT_MEDIA.get(job.media, ox.QueryResultsFormat.JSON)
        if fmt != ox.QueryResultsFormat.JSON:
            parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            assert isinstance(parsed, ox.QuerySolutions)
            body = parsed.serialize(format=fmt) or b""
        return Answer(200, job.media, body)
    except QuerySyntaxError as exc:
        return Answer.error(400, str(exc))
    except QueryRefusedError as exc:
        return Answer.error(403, str(exc))
    except (QueryError, OSError, ValueError) as exc:
        return Answer.error(500, f"the query failed: {exc}")


def _worker_main(conn: Connection, data: str) -> None:
    """Body of a worker process: load the store once, then answer jobs until told to stop."""
    try:
        store = open_store(Path(data))
        prefixes = query_prefixes(dataset_base(store))
    except Exception as exc:
        conn.send(("failed", str(exc)))
        return
    conn.send(("ready", ""))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(answer_job(store, prefixes, job))


class _Worker:
    def __init__(self, data: Path) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, str(data)), daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise RuntimeError(f"a query worker did not start within {timeout:.0f} s")
        try:
            status, message = self.conn.recv()
        except (EOFError, OSError):
            status, message = "failed", "it stopped while loading"
        if status != "ready":
            self.kill()
            raise RuntimeError(f"a query worker could not load the dataset: {message}")

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        with suppress(OSError):
            self.conn.send(None)
        self.process.join(2)
        if self.process.is_alive():
            self.kill()
        else:
            self.conn.close()


class WorkerPool:
    """Processes that answer jobs one at a time; one that overruns the limit is killed."""

    START_TIMEOUT = 120.0

    def __init__(self, data: Path, size: int, timeout: float) -> None:
        self.data = data
        self.size = size
        self.timeout = timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> None:
        workers = [_Worker(self.data) for _ in range(self.size)]
        try:
            for w in workers:
                w.wait_ready(self.START_TIMEOUT)
        except RuntimeError:
            for w in workers:
                w.kill()
            raise
        with self._lock:
            self._all.update(workers)
        for w in workers:
            self._idle.put(w)

    def _replace(self, dead: _Worker) -> None:
        with self._lock:
            self._all.discard(dead)
            if self._closed:
                return

        def spawn() -> None:
            try:
                fresh = _Worker(self.data)
                fresh.wait_ready(self.START_TIMEOUT)
            except RuntimeError as exc:
                print(f"albakg serve: {exc}", file=sys.stderr)
                return
            with self._lock:
                if self._closed:
                    fresh.stop()
                    return
                self._all.add(fresh)
            self._idle.put(fresh)

        threading.Thread(target=spawn, daemon=True).start()

    def run(self, job: Job) -> Answer:
        """The worker's answer, or 503 when no worker is free or the time limit passes."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return Answer.error(503, "the endpoint is busy: try again in a moment")
        try:
            worker.conn.send(job)
            if worker.conn.poll(self.timeout):
                answer: Answer = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError):
            worker.kill()
            self._replace(worker)
            return Answer.error(500, "the query worker stopped unexpectedly")
        worker.kill()
        self._replace(worker)
        return Answer.error(
            503, f"the query ran past the time limit of {self.timeout:g} s and was stopped"
        )

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.stop()


# ---------------------------------------------------------------------------- the site


@dataclass(frozen=True)
class Site:
    """What the web process knows of the dataset without querying it."""

    base: str | None
    prefixes: dict[str, str]
    graphs: dict[str, int]
    questions: list[Question]


def load_site(config: ServeConfig) -> Site:
    store = open_store(config.data)
    base = dataset_base(store)
    graphs = {
        g.value: len(list(store.quads_for_pattern(None, None, None, g)))
        for g in sorted(store.named_graphs(), key=str)
        if isinstance(g, ox.NamedNode)
    }
    questions = bundled_questions(config.queries or queries_dir())
    return Site(base, query_prefixes(base), graphs, questions)


_ENV = Environment(loader=PackageLoader("albakg", "templates"), autoescape=True)

DEFAULT_QUERY = """SELECT ?class (COUNT(?s) AS ?instances) WHERE {
  GRAPH <GRAPH> { ?s a ?class }
}
GROUP BY ?class
ORDER BY DESC(?instances) ?class
LIMIT 20
"""


def _cell(term: Any, site: Site) -> dict[str, str | None]:
    """A term for the HTML templates: the text shown, a link, and a small note."""
    if term is None:
        return {"text": "", "href": None, "note": ""}
    if isinstance(term, ox.NamedNode):
        href = term.value
        if site.base and href.startswith(site.base):
            href = "/" + href[len(site.base) :]
        return {"text": short_iri(term.value, site.prefixes), "href": href, "note": ""}
    if isinstance(term, ox.Literal):
        if term.language:
            note = "@" + term.language
        elif term.datatype.value != XSD_STRING:
            note = short_iri(term.datatype.value, site.prefixes)
        else:
            note = ""
        return {"text": term.value, "href": None, "note": note}
    return {"text": str(term), "href": None, "note": ""}


def _params(request: Request, form: list[tuple[str, str]] | None) -> list[tuple[str, str]]:
    return list(request.query_params.multi_items()) + (form or [])


def create_app(config: ServeConfig) -> Starlette:
    """The web application; the worker pool starts and stops with it."""
    site = load_site(config)
    pool = WorkerPool(config.data, config.workers, config.timeout)
    limits = f"time limit {config.timeout:g} s, at most {config.max_results} results"

    async def run(job: Job) -> Answer:
        return await run_in_threadpool(pool.run, job)

    def error(status: int, message: str) -> Response:
        return PlainTextResponse(message + "\n", status_code=status)

    # -- the protocol endpoint

    async def sparql(request: Request) -> Response:
        form: list[tuple[str, str]] | None = None
        body_query: str | None = None
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/x-www-form-urlencoded":
                try:
                    form = parse_qsl((await request.body()).decode("utf-8"), keep_blank_values=True)
                except UnicodeDecodeError:
                    return error(400, "the form is not UTF-8")
            elif ctype == "application/sparql-query":
                try:
                    body_query = (await request.body()).decode("utf-8")
                except UnicodeDecodeError:
                    return error(400, "the query is not UTF-8")
            elif ctype == "application/sparql-update":
                return error(403, "SPARQL updates are refused: this endpoint is read-only")
            else:
                return error(
                    415,
                    "POST a query as application/x-www-form-urlencoded or application/sparql-query",
                )
        params = _params(request, form)
        names = [k for k, _ in params]
        if "update" in names:
            return error(403, "SPARQL updates are refused: this endpoint is read-only")
        queries = [v for k, v in params if k == "query"]
        if body_query is not None:
            queries.append(body_query)
        if len(queries) > 1:
            return error(400, "give exactly one query")
        if not queries:
            if request.method == "POST":
                return error(400, "no query given")
            return service_description(request)
        query = queries[0]
        form_kind = query_form(query)
        offers = offers_for(form_kind)
        wanted = [v for k, v in params if k in ("format", "output")]
        media = requested_format(wanted, offers) or negotiate(request.headers.get("accept"), offers)
        if media is None:
            return error(
                406, "none of the requested formats is offered; offered: " + ", ".join(offers)
            )
        try:
            check_read_only(query)
        except QueryRefusedError as exc:
            return error(403, str(exc))
        if media == HTML:
            html = await page(request, query)
            html.headers["Vary"] = "Accept"
            return html
        job = Job(
            query,
            media,
            config.max_results,
            tuple(v for k, v in params if k == "default-graph-uri"),
            tuple(v for k, v in params if k == "named-graph-uri"),
        )
        answer = await run(job)
        return Response(
            answer.body,
            status_code=answer.status,
            media_type=answer.media,
            headers={"Vary": "Accept"},
        )

    def service_description(request: Request) -> Response:
        offers = [*GRAPH_MEDIA, HTML]
        media = negotiate(request.headers.get("accept"), offers)
        if media == HTML:
            return _render_page(request, None)
        if media is None:
            return error(406, "offered: " + ", ".join(offers))
        endpoint = str(request.url.replace(query=""))
        triples = sorted_triples(_describe_service(endpoint, site, limits))
        data = ox.serialize(triples, format=GRAPH_MEDIA[media], prefixes=SD_PREFIXES)
        return Response(data, media_type=media, headers={"Vary": "Accept"})

    # -- the HTML page

    def _render_page(request: Request, query: str | None, **result: Any) -> HTMLResponse:
        default = DEFAULT_QUERY.replace("GRAPH", next(iter(site.graphs), "urn:x-none"))
        links = []
        if query:
            for label, name in (("JSON", "json"), ("XML", "xml"), ("CSV", "csv"), ("TSV", "tsv")):
                links.append((label, "/sparql?" + urlencode({"query": query, "format": name})))
        html = _ENV.get_template("query.html").render(
            query=query if query is not None else default,
            questions=site.questions,
            prefixes=site.prefixes,
            graphs=site.graphs,
            limits=limits,
            links=links if result.get("variables") is not None else [],
            **result,
        )
        return HTMLResponse(html, status_code=result.get("status", 200))

    async def page(request: Request, query: str | None = None) -> Response:
        params = dict(request.query_params)
        if query is None:
            query = params.get("query")
            name = params.get("q")
            if name and not query:
                match = [q for q in site.questions if q.name == name]
                if not match:
                    return _render_page(
                        request, "", error=f"no bundled question {name!r}", status=404
                    )
                query = match[0].text
        if not query:
            return _render_page(request, None)
        form_kind = query_form(query)
        graph_form = form_kind in ("CONSTRUCT", "DESCRIBE")
        media = "application/n-triples" if graph_form else "application/sparql-results+json"
        try:
            check_read_only(query)
        except QueryRefusedError as exc:
            return _render_page(request, query, error=str(exc), status=403)
        started = time.perf_counter()
        answer = await run(Job(query, media, config.max_results))
        elapsed = f"{(time.perf_counter() - started) * 1000:.0f} ms"
        if answer.status != 200:
            return _render_page(
                request, query, error=answer.body.decode().strip(), status=answer.status
            )
        if graph_form:
            triples = list(ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES))
            rows = [
                [_cell(t.subject, site), _cell(t.predicate, site), _cell(t.object, site)]
                for t in triples
            ]
            return _render_page(
                request,
                query,
                variables=["subject", "predicate", "object"],
                rows=rows,
                elapsed=elapsed,
            )
        parsed = ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)
        if isinstance(parsed, ox.QueryBoolean):
            return _render_page(request, query, boolean=bool(parsed), elapsed=elapsed)
        assert isinstance(parsed, ox.QuerySolutions)
        variables = [v.value for v in parsed.variables]
        rows = [[_cell(s[v], site) for v in variables] for s in parsed]
        return _render_page(request, query, variables=variables, rows=rows, elapsed=elapsed)

    # -- dereferencing the dataset's IRIs

    async def resource(request: Request) -> Response:
        raw = request.scope.get("raw_path") or request.url.path.encode()
        path = raw.decode("ascii", errors="replace").split("?", 1)[0].lstrip("/")
        if not site.base or not path or re.search(r"[<>\"{}|^`\\\s\ufffd]", path):
            return error(404, "not found")
        iri = site.base + path
        offers = [*GRAPH_MEDIA, HTML]
        media = negotiate(request.headers.get("accept"), offers)
        if media is None:
            return error(406, "offered: " + ", ".join(offers))
        fragment_start = json.dumps(iri + "#")
        query = (
            f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> . ?h ?hp ?ho }} WHERE {{"
            f" {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} UNION"
            f" {{ ?h ?hp ?ho FILTER (STRSTARTS(STR(?h), {fragment_start})) }} }}"
        )
        wire = "application/n-triples" if media == HTML else media
        answer = await run(Job(query, wire, config.max_results))
        headers = {"Vary": "Accept"}
        if answer.status != 200:
            return Response(answer.body, answer.status, media_type=answer.media, headers=headers)
        triples = list(ox.parse(answer.body, format=GRAPH_MEDIA[wire])) if media == HTML else None
        if (triples is not None and not triples) or (
            triples is None and not _has_triples(answer.body, wire)
        ):
            if media == HTML:
                html = _ENV.get_template("resource.html").render(
                    iri=iri, missing=True, limits=limits
                )
                return HTMLResponse(html, status_code=404, headers=headers)
            return error(404, f"no resource <{iri}> in this dataset")
        if triples is None:
            return Response(answer.body, media_type=media, headers=headers)
        node = ox.NamedNode(iri)
        about = [t for t in triples if t.subject == node]
        labels = [
            t.object
            for t in about
            if t.predicate.value == RDFS_LABEL and isinstance(t.object, ox.Literal)
        ]
        label = next(
            (lab.value for lab in labels if lab.language == "en"),
            labels[0].value if labels else path,
        )
        html = _ENV.get_template("resource.html").render(
            iri=iri,
            label=label,
            missing=False,
            about=[[_cell(t.predicate, site), _cell(t.object, site)] for t in about],
            fragments=[
                [_cell(t.subject, site), _cell(t.predicate, site), _cell(t.object, site)]
                for t in triples
                if t.subject != node
                and isinstance(t.subject, ox.NamedNode)
                and t.subject.value.startswith(iri + "#")
            ],
            incoming=[
                [_cell(t.subject, site), _cell(t.predicate, site)]
                for t in triples
                if t.object == node
            ],
            formats=[m for m in GRAPH_MEDIA],
            limits=limits,
        )
        return HTMLResponse(html, headers=headers)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await run_in_threadpool(pool.start)
        try:
            yield
        finally:
            await run_in_threadpool(pool.close)

    routes = [
        Route("/", page, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/{path:path}", resource, methods=["GET"]),
    ]
    middleware = [
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Accept", "Content-Type"],
            max_age=3600,
        )
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


def _has_triples(body: bytes, media: str) -> bool:
    if media == "application/ld+json":
        return body.strip() not in (b"[]", b"{}", b"")
    return any(True for _ in ox.parse(body, format=GRAPH_MEDIA[media]))


def _describe_service(endpoint: str, site: Site, limits: str) -> list[ox.Triple]:
    """The SPARQL 1.1 service description: languages, formats, features, the dataset."""
    sd = ox.NamedNode
    me = sd(endpoint + "#service")
    dataset = sd(endpoint + "#dataset")
    default_graph = sd(endpoint + "#default-graph")
    a = sd(RDF_TYPE)
    triples = [
        ox.Triple(me, a, sd(SD + "Service")),
        ox.Triple(me, sd(SD + "endpoint"), sd(endpoint)),
        ox.Triple(me, sd(SD + "supportedLanguage"), sd(SD + "SPARQL11Query")),
        ox.Triple(me, sd(SD + "feature"), sd(SD + "UnionDefaultGraph")),
        ox.Triple(me, sd(SD + "defaultDataset"), dataset),
        ox.Triple(
            me, sd(RDFS_COMMENT), ox.Literal(f"Read-only albakg endpoint; {limits}.", language="en")
        ),
        ox.Triple(dataset, a, sd(SD + "Dataset")),
        ox.Triple(dataset, sd(SD + "defaultGraph"), default_graph),
        ox.Triple(default_graph, a, sd(SD + "Graph")),
        ox.Triple(
            default_graph,
            sd(VOID_TRIPLES),
            ox.Literal(
                str(sum(site.graphs.values())),
                datatype=sd("http://www.w3.org/2001/XMLSchema#integer"),
            ),
        ),
    ]
    for name in SD_FORMATS.values():
        triples.append(ox.Triple(me, sd(SD + "resultFormat"), sd(FORMATS_NS + name)))
    for i, (graph, size) in enumerate(site.graphs.items()):
        named = sd(f"{endpoint}#named-graph-{i + 1}")
        inner = sd(f"{endpoint}#graph-{i + 1}")
        triples += [
            ox.Triple(dataset, sd(SD + "namedGraph"), named),
            ox.Triple(named, a, sd(SD + "NamedGraph")),
            ox.Triple(named, sd(SD + "name"), sd(graph)),
            ox.Triple(named, sd(SD + "graph"), inner),
            ox.Triple(inner, a, sd(SD + "Graph")),
            ox.Triple(
                inner,
                sd(VOID_TRIPLES),
                ox.Literal(str(size), datatype=sd("http://www.w3.org/2001/XMLSchema#integer")),
            ),
        ]
    return triples


# ---------------------------------------------------------------------------- the command


def serve(config: ServeConfig) -> None:
    """Load the dataset, start the workers and answer HTTP until interrupted."""
    import uvicorn

    if not (config.data / DATASET_FILE).is_file():
        raise FileNotFoundError(f"no built dataset in {config.data}/ — run `albakg build` first")
    app = create_app(config)
    where = f"http://{config.host}:{config.port}"
    print(
        f"albakg: serving {config.data}/ at {where}/ (SPARQL endpoint {where}/sparql; "
        f"time limit {config.timeout:g} s, at most {config.max_results} results per query)",
        file=sys.stderr,
        flush=True,
    )
    uvicorn.run(app, host=config.host, port=config.port, log_level="info")


def serve_command(
    data: Path, host: str, port: int, timeout: float, max_results: int, workers: int
) -> None:
    """Everything ``albakg serve`` does; exits 1 when the dataset or the port is unusable."""
    import typer

    if timeout <= 0 or max_results <= 0 or workers <= 0 or not 0 < port < 65536:
        typer.echo(
            "error: --timeout, --max-results and --workers must be positive, "
            "--port between 1 and 65535",
            err=True,
        )
        raise typer.Exit(2)
    config = ServeConfig(data, host, port, timeout, max_results, workers)
    try:
        serve(config)
    except (FileNotFoundError, RuntimeError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
