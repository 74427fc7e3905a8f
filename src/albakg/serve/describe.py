"""Dereferencing the dataset's own IRIs: ``/id/hugo-chavez`` answers with what the data says.

A description is the resource's outgoing and incoming triples plus those of the resources
within it (``…/id/x#evidence-1``), the pattern the dataset's IRIs follow.
"""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from albakg.serve.context import Endpoint, endpoint, error
from albakg.serve.jobs import Job
from albakg.serve.jsonld import compact_description
from albakg.serve.negotiation import GRAPH_MEDIA, HTML, negotiate
from albakg.serve.pages import TEMPLATES, cell
from albakg.serve.site_pages import RESOURCE_ALIASES, site_answer

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
#: Characters that cannot appear in an IRI, or that came from undecodable bytes.
_NOT_IRI = re.compile(r"[<>\"{}|^`\\\s\ufffd]")


def description_query(iri: str) -> str:
    """CONSTRUCT the triples about ``iri``, pointing to it, and about its fragments."""
    fragment_start = json.dumps(iri + "#")
    return (
        f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> . ?h ?hp ?ho }} WHERE {{"
        f" {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} UNION"
        f" {{ ?h ?hp ?ho FILTER (STRSTARTS(STR(?h), {fragment_start})) }} }}"
    )


def _has_triples(body: bytes, media: str) -> bool:
    if media == "application/ld+json":
        return body.strip() not in (b"[]", b"{}", b"")
    return any(True for _ in ox.parse(body, format=GRAPH_MEDIA[media]))


async def resource(request: Request) -> Response:
    """Any other path: the description of the IRI it names, in RDF or as a page."""
    ctx = endpoint(request)
    site = ctx.site
    raw = request.scope.get("raw_path") or request.url.path.encode()
    path = raw.decode("ascii", errors="replace").split("?", 1)[0].lstrip("/")
    if not site.base or _NOT_IRI.search(path):
        return error(404, "not found")
    found = await site_answer(request, ctx.pages, ctx.publication, site.base, path)
    if found is not None:
        return found
    if not path:
        return error(404, "not found")
    iri = site.base + path
    offers = [*GRAPH_MEDIA, HTML]
    media = negotiate(request.headers.get("accept"), offers, RESOURCE_ALIASES)
    if media is None:
        return error(406, "offered: " + ", ".join(offers))
    compact = media == "application/ld+json" and ctx.jsonld_context is not None
    wire = "application/n-triples" if media == HTML or compact else media
    answer = await ctx.run(Job(description_query(iri), wire, ctx.config.max_results), request)
    headers = {"Vary": "Accept"}
    if answer.status != 200:
        headers.update(answer.headers)
        return Response(answer.body, answer.status, media_type=answer.media, headers=headers)
    if media != HTML:
        if not _has_triples(answer.body, wire):
            return error(404, f"no resource <{iri}> in this dataset")
        if compact and ctx.jsonld_context is not None:
            body = await run_in_threadpool(
                compact_description, answer.body, iri, ctx.jsonld_context
            )
            return Response(body, media_type=media, headers=headers)
        return Response(answer.body, media_type=media, headers=headers)
    # Parsing and templating a large description takes a while: not on the event loop.
    status, html = await run_in_threadpool(_resource_page, ctx, iri, path, answer.body)
    return HTMLResponse(html, status_code=status, headers=headers)


def _resource_page(ctx: Endpoint, iri: str, path: str, body: bytes) -> tuple[int, str]:
    """The status and HTML of a resource's page, from its description in N-Triples."""
    triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    if not triples:
        page = TEMPLATES.get_template("resource.html")
        return 404, page.render(iri=iri, missing=True, limits=ctx.limits)
    site = ctx.site
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
    return 200, TEMPLATES.get_template("resource.html").render(
        iri=iri,
        label=label,
        missing=False,
        about=[[cell(t.predicate, site), cell(t.object, site)] for t in about],
        fragments=[
            [cell(t.subject, site), cell(t.predicate, site), cell(t.object, site)]
            for t in triples
            if t.subject != node
            and isinstance(t.subject, ox.NamedNode)
            and t.subject.value.startswith(iri + "#")
        ],
        incoming=[
            [cell(t.subject, site), cell(t.predicate, site)] for t in triples if t.object == node
        ],
        formats=list(GRAPH_MEDIA),
        limits=ctx.limits,
    )
