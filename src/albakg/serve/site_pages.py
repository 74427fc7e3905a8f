"""What the IRIs promise besides descriptions: the site's pages, the plain text, the files.

The server does not import the site generator or the release tooling (they are its siblings);
the command line hands it a :class:`SiteBundle` and a :class:`Publication`, plain values and
callables built from them once at start. Pages are rendered per request, in a thread, from
the site model held in memory, so a page served is the page the static site holds.

Pages keep the site's relative links, so an IRI asked for as HTML is sent (303) to its page
in the site's tree (``/en/id/hugo-chavez.html``) rather than answered in place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from albakg.serve.context import endpoint
from albakg.serve.negotiation import GRAPH_MEDIA, HTML, MEDIA_ALIASES, negotiate
from albakg.serve.pages import query_page

LANGS = ("en", "es")
DEFAULT_LANG = "en"
PLAIN_TEXT = "text/plain; charset=utf-8"
#: Media types of the files served as they are, by file name ending.
FILE_MEDIA = {
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".trig": "application/trig",
    ".nq": "application/n-quads",
    ".owl": "application/rdf+xml",
    ".txt": PLAIN_TEXT,
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".gz": "application/gzip",
}
#: Accept aliases for the plain text: there ``text/plain`` means the text, not N-Triples.
TEXT_ALIASES = {k: v for k, v in MEDIA_ALIASES.items() if k != "text/plain"}
#: Accept aliases for descriptions: plain JSON gets the JSON-LD.
RESOURCE_ALIASES = {**MEDIA_ALIASES, "application/json": "application/ld+json"}


@dataclass(frozen=True)
class SiteBundle:
    """The static site, as the server needs it; built by the command line from ``albakg.site``."""

    #: HTML of the page at a site path (``en/id/hugo-chavez.html``), None if there is none.
    render: Callable[[str], str | None]
    #: Path inside a language tree of the page describing an IRI, None if it has none.
    page_of: Callable[[str], str | None]
    #: The exact bytes of each source text, by document id.
    texts: Mapping[str, bytes]
    #: The site's other files (assets, pictures, downloads), by site path.
    files: Mapping[str, bytes]


@dataclass(frozen=True)
class Publication:
    """The release files a server holds; built by the command line from ``albakg.publish``."""

    #: The file a request path names for an Accept header (``albakg.publish.w3id``'s map).
    served_file: Callable[[str, str], Path | None]
    #: The version whose IRI ``ontology/<version>`` names this release's vocabulary.
    version: str
    #: The dataset description in Turtle (the build's ``dataset.ttl``, or one made at start).
    dataset_ttl: bytes | None = None


def preferred_language(header: str | None) -> str:
    """The site language the Accept-Language header prefers (``en`` when it names neither)."""
    best, chosen = 0.0, DEFAULT_LANG
    for part in (header or "").split(","):
        tag, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        primary = tag.lower().split("-")[0]
        if primary in LANGS and q > best:
            best, chosen = q, primary
    return chosen


def _media_of(name: str) -> str:
    for ending, media in FILE_MEDIA.items():
        if name.endswith(ending):
            return media
    return "application/octet-stream"


def _html(html: str) -> Response:
    return Response(html, media_type="text/html; charset=utf-8")


def _to_page(request: Request, page: str) -> Response:
    """303 to a page of the site in the language the client prefers."""
    lang = preferred_language(request.headers.get("accept-language"))
    return RedirectResponse(
        "/" + quote(f"{lang}/{page}", safe="/#=,.-_~"),
        status_code=303,
        headers={"Vary": "Accept, Accept-Language"},
    )


def convert(body: bytes, source: ox.RdfFormat, media: str) -> bytes:
    """An RDF document in another syntax (the files are kept in one or two)."""
    triples = list(ox.parse(body, format=source))
    out = ox.serialize(triples, format=GRAPH_MEDIA[media])
    assert out is not None
    return out


async def site_page(request: Request, site: SiteBundle, path: str) -> Response | None:
    """A page or file of the site (``index.html``, ``en/…``, ``assets/…``) if ``path`` is one."""
    if path in site.files:
        return Response(site.files[path], media_type=_media_of(path))
    top = path.split("/", 1)[0]
    if path not in ("", "index.html") and top not in LANGS:
        return None
    if path in LANGS:
        return RedirectResponse(f"/{path}/", status_code=301)
    page = path + "index.html" if path.endswith("/") else path
    if page and not page.endswith(".html"):
        return None
    html = await run_in_threadpool(site.render, page)
    return None if html is None else _html(html)


def _text(request: Request, site: SiteBundle, doc_id: str) -> Response | None:
    """``doc/<id>.txt``: the exact bytes, the reading view, or None for the RDF description."""
    offers = ["text/plain", *GRAPH_MEDIA, HTML]
    media = negotiate(request.headers.get("accept"), offers, TEXT_ALIASES)
    headers = {"Vary": "Accept"}
    if media == "text/plain":
        return Response(site.texts[doc_id], media_type=PLAIN_TEXT, headers=headers)
    if media == HTML:
        return _to_page(request, f"doc/{doc_id}/read.html")
    return None


def _rdf_file(
    request: Request, body: bytes, page: str | None, as_is: Mapping[str, bytes]
) -> Response:
    """An RDF document by content negotiation: a file as it is, another syntax, or a page."""
    offers = [*as_is, *(m for m in GRAPH_MEDIA if m not in as_is), *([HTML] if page else [])]
    media = negotiate(request.headers.get("accept"), offers)
    headers = {"Vary": "Accept"}
    if media is None:
        return Response("offered: " + ", ".join(offers) + "\n", 406, media_type=PLAIN_TEXT)
    if media == HTML and page:
        return _to_page(request, page)
    if media in as_is:
        return Response(as_is[media], media_type=media, headers=headers)
    return Response(convert(body, ox.RdfFormat.TURTLE, media), media_type=media, headers=headers)


def published(request: Request, pub: Publication, path: str) -> Response | None:
    """The vocabulary, the shapes, the dataset description and the release files."""
    accept = request.headers.get("accept") or ""
    if path in ("ontology", f"ontology/{pub.version}"):
        ttl, owl = (
            pub.served_file(path, "text/turtle"),
            pub.served_file(path, "application/rdf+xml"),
        )
        if ttl is None:
            return None
        files = {"text/turtle": ttl.read_bytes()}
        if owl is not None and owl != ttl:
            files["application/rdf+xml"] = owl.read_bytes()
        return _rdf_file(request, files["text/turtle"], "vocabulary.html", files)
    if path == "shapes":
        found = pub.served_file(path, accept)
        if found is None:
            return None
        body = found.read_bytes()
        return _rdf_file(request, body, "vocabulary.html", {"text/turtle": body})
    if path == "dataset":
        if pub.dataset_ttl is None:
            return None
        body = pub.dataset_ttl
        return _rdf_file(request, body, "index.html", {"text/turtle": body})
    if path == "dataset.ttl" and pub.dataset_ttl is not None:
        found = pub.served_file(path, accept)
        body = found.read_bytes() if found else pub.dataset_ttl
        return Response(body, media_type="text/turtle")
    if path.startswith(("release/", "context.jsonld", "dataset.")):
        found = pub.served_file(path, accept)
        if found is None:
            return None
        return Response(found.read_bytes(), media_type=_media_of(found.name))
    return None


async def site_answer(
    request: Request,
    site: SiteBundle | None,
    pub: Publication | None,
    base: str,
    path: str,
) -> Response | None:
    """What the site and the release say for ``path``; None leaves it to the description."""
    if site is not None:
        page = await site_page(request, site, path)
        if page is not None:
            return page
        if path.startswith("doc/") and path.endswith(".txt"):
            doc_id = path[len("doc/") : -len(".txt")]
            if doc_id in site.texts:
                text = _text(request, site, doc_id)
                if text is not None:
                    return text
    if pub is not None:
        found = published(request, pub, path)
        if found is not None:
            return found
    if site is not None:
        target = site.page_of(base + path)
        if (
            target is not None
            and negotiate(request.headers.get("accept"), [*GRAPH_MEDIA, HTML]) == HTML
        ):
            return _to_page(request, target)
    return None


async def front_door(request: Request) -> Response:
    """``/``: the site's front page; a query addressed to ``/`` goes on to ``/query``."""
    if request.url.query:
        return RedirectResponse("/query?" + request.url.query, status_code=308)
    pages = endpoint(request).pages
    if pages is None:
        return await query_page(request)
    found = await site_page(request, pages, "")
    return found if found is not None else await query_page(request)
