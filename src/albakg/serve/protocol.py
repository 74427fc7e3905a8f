"""The SPARQL 1.1 Protocol at ``/sparql``: queries by GET or POST, the service description.

Updates are refused whichever way they come (``update=``, an update body, an update sent
as ``query=``), because the endpoint is read-only.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response

from albakg.serve.context import endpoint, error
from albakg.serve.jobs import Job
from albakg.serve.negotiation import GRAPH_MEDIA, HTML, negotiate, offers_for, requested_format
from albakg.serve.pages import query_page, render_query_page
from albakg.serve.security import BodyTimeoutError, BodyTooLargeError, read_body
from albakg.serve.service import SD_PREFIXES, describe_service
from albakg.sparql.query import sorted_triples
from albakg.sparql.store import QueryRefusedError, check_read_only, query_form

READ_ONLY = "SPARQL updates are refused: this endpoint is read-only"

Params = list[tuple[str, str]]


async def _read_post(request: Request) -> tuple[Params, str | None] | Response:
    """The form fields and the query body of a POST, or the error answer it deserves."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/sparql-update":
        return error(403, READ_ONLY)
    if ctype not in ("application/x-www-form-urlencoded", "application/sparql-query"):
        return error(
            415, "POST a query as application/x-www-form-urlencoded or application/sparql-query"
        )
    try:
        config = endpoint(request).config
        body = await read_body(request, config.max_body, config.body_timeout)
        text = body.decode("utf-8")
    except BodyTooLargeError as exc:
        return error(413, str(exc))
    except BodyTimeoutError as exc:
        return error(408, str(exc))
    except UnicodeDecodeError:
        what = "form" if ctype == "application/x-www-form-urlencoded" else "query"
        return error(400, f"the {what} is not UTF-8")
    if ctype == "application/x-www-form-urlencoded":
        return parse_qsl(text, keep_blank_values=True), None
    return [], text


def _graph_iris(params: Params, name: str) -> tuple[str, ...] | Response:
    """The IRIs of a ``default-graph-uri`` or ``named-graph-uri`` parameter, or a 400."""
    values = tuple(v for k, v in params if k == name)
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError as exc:
            return error(400, f"{name} {value!r} is not an absolute IRI: {exc}")
    return values


async def sparql(request: Request) -> Response:
    """``GET``/``POST /sparql``: one query, answered in the format the client asks for."""
    form: Params = []
    body_query: str | None = None
    if request.method == "POST":
        read = await _read_post(request)
        if isinstance(read, Response):
            return read
        form, body_query = read
    params = list(request.query_params.multi_items()) + form
    if "update" in (k for k, _ in params):
        return error(403, READ_ONLY)
    queries = [v for k, v in params if k == "query"]
    if body_query is not None:
        queries.append(body_query)
    if len(queries) > 1:
        return error(400, "give exactly one query")
    if not queries:
        if request.method == "POST":
            return error(400, "no query given")
        return service_description(request)
    return await _answer(request, queries[0], params)


async def _answer(request: Request, query: str, params: Params) -> Response:
    ctx = endpoint(request)
    offers = offers_for(query_form(query))
    wanted = [v for k, v in params if k in ("format", "output")]
    media = requested_format(wanted, offers) or negotiate(request.headers.get("accept"), offers)
    if media is None:
        return error(406, "none of the requested formats is offered; offered: " + ", ".join(offers))
    try:
        check_read_only(query)
    except QueryRefusedError as exc:
        return error(403, str(exc))
    if media == HTML:
        html = await query_page(request, query)
        html.headers["Vary"] = "Accept"
        return html
    default_graphs = _graph_iris(params, "default-graph-uri")
    named_graphs = _graph_iris(params, "named-graph-uri")
    if isinstance(default_graphs, Response):
        return default_graphs
    if isinstance(named_graphs, Response):
        return named_graphs
    job = Job(query, media, ctx.config.max_results, default_graphs, named_graphs)
    answer = await ctx.run(job, request)
    return Response(
        answer.body,
        status_code=answer.status,
        media_type=answer.media,
        headers={"Vary": "Accept", **answer.headers},
    )


def service_description(request: Request) -> Response:
    """The service description in RDF, or the query page for a browser."""
    ctx = endpoint(request)
    offers = [*GRAPH_MEDIA, HTML]
    media = negotiate(request.headers.get("accept"), offers)
    if media == HTML:
        return render_query_page(ctx, None)
    if media is None:
        return error(406, "offered: " + ", ".join(offers))
    here = str(request.url.replace(query=""))
    triples = sorted_triples(describe_service(here, ctx.site, ctx.limits))
    data = ox.serialize(triples, format=GRAPH_MEDIA[media], prefixes=SD_PREFIXES)
    return Response(data, media_type=media, headers={"Vary": "Accept"})
