"""The HTML side: the query page at ``/`` and the cells every page shows terms in.

Queries from the page go through the same workers and limits as the protocol; the page
asks them for SPARQL JSON or N-Triples and renders the parsed result.
"""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from albakg.serve.context import Endpoint, Site, endpoint
from albakg.serve.jobs import XSD_STRING, Job
from albakg.serve.security import is_safe_link
from albakg.sparql.query import short_iri
from albakg.sparql.store import QueryRefusedError, check_read_only, query_form

TEMPLATES = Environment(loader=PackageLoader("albakg.serve", "templates"), autoescape=True)

#: The example the page opens with; ``{graph}`` becomes the first named graph.
DEFAULT_QUERY = """SELECT ?class (COUNT(?s) AS ?instances) WHERE {{
  GRAPH <{graph}> {{ ?s a ?class }}
}}
GROUP BY ?class
ORDER BY DESC(?instances) ?class
LIMIT 20
"""
#: Downloads the page offers under a result, by query form: (label, ``format=`` name).
SOLUTION_DOWNLOADS = (("JSON", "json"), ("XML", "xml"), ("CSV", "csv"), ("TSV", "tsv"))
TRIPLE_DOWNLOADS = (("Turtle", "turtle"), ("N-Triples", "nt"), ("JSON-LD", "jsonld"))


def default_query(site: Site) -> str:
    return DEFAULT_QUERY.format(graph=next(iter(site.graphs), "urn:x-none"))


def display_iri(iri: str, prefixes: dict[str, str]) -> str:
    """``prefix:local`` for reading (locals may hold ``/``, ``#``, ``=``), else ``<iri>``."""
    best = max(
        (p for p, ns in prefixes.items() if iri.startswith(ns)),
        key=lambda p: len(prefixes[p]),
        default=None,
    )
    local = iri[len(prefixes[best]) :] if best is not None else ""
    if best is None or not re.fullmatch(r"[\w\-./#=,:]*", local):
        return short_iri(iri, prefixes)
    return f"{best}:{local}"


def cell(term: Any, site: Site) -> dict[str, str | None]:
    """A term for the HTML templates: the text shown, a link, a small note, a label."""
    if term is None:
        return {"text": "", "href": None, "note": "", "label": ""}
    if isinstance(term, ox.NamedNode):
        href: str | None = term.value
        if site.base and term.value.startswith(site.base):
            href = "/" + term.value[len(site.base) :]
        elif not is_safe_link(term.value):
            href = None
        text = display_iri(term.value, site.display_prefixes or site.prefixes)
        return {"text": text, "href": href, "note": "", "label": site.labels.get(term.value, "")}
    if isinstance(term, ox.Literal):
        if term.language:
            note = "@" + term.language
        elif term.datatype.value != XSD_STRING:
            note = short_iri(term.datatype.value, site.prefixes)
        else:
            note = ""
        return {"text": term.value, "href": None, "note": note, "label": ""}
    return {"text": str(term), "href": None, "note": "", "label": ""}


def render_query_page(ctx: Endpoint, query: str | None, **result: Any) -> HTMLResponse:
    """The query page, with the query in the box and whatever result or error came of it."""
    site = ctx.site
    rows = result.get("rows")
    links = []
    if query and rows is not None:
        graph_form = result.get("unit") == "triple"
        for label, name in TRIPLE_DOWNLOADS if graph_form else SOLUTION_DOWNLOADS:
            links.append((label, "/sparql?" + urlencode({"query": query, "format": name})))
    html = TEMPLATES.get_template("query.html").render(
        query=query if query is not None else default_query(site),
        questions=site.questions,
        prefixes=site.prefixes,
        graphs=site.graphs,
        limits=ctx.limits,
        links=links,
        **result,
    )
    return HTMLResponse(html, status_code=result.get("status", 200))


def _requested_query(ctx: Endpoint, request: Request) -> str | HTMLResponse | None:
    """The query the page was asked to run (``query=`` or a bundled question's ``q=``)."""
    params = dict(request.query_params)
    query = params.get("query")
    name = params.get("q")
    if name and not query:
        match = [q for q in ctx.site.questions if q.name == name]
        if not match:
            return render_query_page(ctx, "", error=f"no bundled question {name!r}", status=404)
        query = match[0].text
    return query


async def query_page(request: Request, query: str | None = None) -> Response:
    """``GET /``, and ``/sparql`` when the client prefers HTML: run the query, show rows."""
    ctx = endpoint(request)
    if query is None:
        found = _requested_query(ctx, request)
        if isinstance(found, Response):
            return found
        query = found
    if not query:
        return render_query_page(ctx, None)
    graph_form = query_form(query) in ("CONSTRUCT", "DESCRIBE")
    media = "application/n-triples" if graph_form else "application/sparql-results+json"
    try:
        check_read_only(query)
    except QueryRefusedError as exc:
        return render_query_page(ctx, query, error=str(exc), status=403)
    started = time.perf_counter()
    answer = await ctx.run(Job(query, media, ctx.config.max_results), request)
    elapsed = f"{(time.perf_counter() - started) * 1000:.0f} ms"
    if answer.status != 200:
        page = render_query_page(
            ctx, query, error=answer.body.decode().strip(), status=answer.status
        )
        page.headers.update(answer.headers)
        return page
    # Parsing and templating a large result takes a while: not on the event loop.
    return await run_in_threadpool(_result_page, ctx, query, answer.body, graph_form, elapsed)


def _result_page(
    ctx: Endpoint, query: str, body: bytes, graph_form: bool, elapsed: str
) -> HTMLResponse:
    site = ctx.site
    if graph_form:
        triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        rows = [
            [cell(t.subject, site), cell(t.predicate, site), cell(t.object, site)] for t in triples
        ]
        return render_query_page(
            ctx,
            query,
            variables=["subject", "predicate", "object"],
            rows=rows,
            unit="triple",
            elapsed=elapsed,
        )
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        return render_query_page(ctx, query, boolean=bool(parsed), elapsed=elapsed)
    assert isinstance(parsed, ox.QuerySolutions)
    variables = [v.value for v in parsed.variables]
    rows = [[cell(s[v], site) for v in variables] for s in parsed]
    return render_query_page(
        ctx, query, variables=variables, rows=rows, unit="solution", elapsed=elapsed
    )
