"""``albakg serve`` answers what the dataset's IRIs promise: the site's pages, the plain text,
the vocabulary at its version IRI, the shapes, the dataset description and the dumps.

The server runs as a real process over the small test corpus, beside the static site
written by ``albakg site`` from the same build, so that every page can be compared byte for
byte with the file the site holds.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from albakg import __version__
from albakg.build.pipeline import BuildResult
from albakg.serve.site_pages import preferred_language
from albakg.site.build import MARKER, SiteReport, build_site
from tests.conftest import MINI_CORPUS
from tests.test_serve import free_port

from .browser import headless_chromium

BASE = "https://w3id.org/albakg/"
SOURCE = MINI_CORPUS / "documents" / "mini" / "source.txt"
VOID_DUMP = "http://rdfs.org/ns/void#dataDump"
DCAT_DOWNLOAD = "http://www.w3.org/ns/dcat#downloadURL"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
INLINE = re.compile(r"<script(?![^>]*\ssrc=)|<style|\sstyle=|\son\w+=", re.IGNORECASE)


@pytest.fixture(scope="module")
def server(mini_build: BuildResult) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "albakg", "serve", "--data", str(mini_build.out)]
    command += ["--port", str(port), "--workers", "1"]
    env = {k: v for k, v in os.environ.items() if k != "ALBAKG_ALLOWED_HOSTS"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    started = time.perf_counter()
    try:
        while True:
            try:
                if httpx.get(url + "/sparql", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.perf_counter() - started > 90:
                out = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"albakg serve did not start:\n{out}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def static_site(mini_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> SiteReport:
    return build_site(mini_build.out, tmp_path_factory.mktemp("served-site") / "site")


def site_files(site: SiteReport) -> list[str]:
    return sorted(
        p.relative_to(site.out).as_posix()
        for p in site.out.rglob("*")
        if p.is_file() and p.name != MARKER
    )


def get(server: str, path: str, accept: str | None = None, **headers: str) -> httpx.Response:
    if accept is not None:
        headers["Accept"] = accept
    return httpx.get(server + path, headers=headers)


def triples(body: bytes, fmt: ox.RdfFormat) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(body, format=fmt)}


def objects(graph: set[ox.Triple], predicate: str) -> set[str]:
    return {
        t.object.value
        for t in graph
        if t.predicate.value == predicate and isinstance(t.object, ox.NamedNode)
    }


# ---------------------------------------------------------------------------- the site


def test_every_file_of_the_static_site_is_served_with_the_same_bytes(
    server: str, static_site: SiteReport
) -> None:
    files = site_files(static_site)
    assert len(files) > 30 and "en/id/hugo-chavez.html" in files
    different = []
    for path in files:
        response = get(server, "/" + path)
        if response.status_code != 200 or response.content != (static_site.out / path).read_bytes():
            different.append(f"{path}: {response.status_code}")
    assert different == []


def test_the_front_door_is_the_sites_and_the_query_page_is_beside_it(
    server: str, static_site: SiteReport
) -> None:
    front = get(server, "/", "text/html")
    assert front.content == (static_site.out / "index.html").read_bytes()
    query = get(server, "/query")
    assert query.status_code == 200 and 'id="query-form"' in query.text
    # A query addressed to / (the old place of the query page) goes on to /query.
    moved = get(server, "/?q=alba-members")
    assert moved.status_code == 308 and moved.headers["location"] == "/query?q=alba-members"
    assert 'id="questions"' in httpx.get(server + "/?q=alba-members", follow_redirects=True).text


@pytest.mark.parametrize(
    ("accept_language", "lang"),
    [(None, "en"), ("es", "es"), ("es-VE,es;q=0.9", "es"), ("fr, es;q=0.5", "es"),
     ("en;q=0.2, es;q=0.8", "es"), ("de", "en"), ("es;q=0, en", "en")],
)  # fmt: skip
def test_an_entity_asked_for_in_html_goes_to_its_page_in_the_preferred_language(
    server: str, static_site: SiteReport, accept_language: str | None, lang: str
) -> None:
    headers = {"Accept-Language": accept_language} if accept_language else {}
    response = get(server, "/id/hugo-chavez", "text/html,*/*;q=0.8", **headers)
    assert response.status_code == 303
    assert response.headers["location"] == f"/{lang}/id/hugo-chavez.html"
    assert "Accept-Language" in response.headers["vary"]
    page = httpx.get(server + "/id/hugo-chavez", headers=dict(response.request.headers),
                     follow_redirects=True)  # fmt: skip
    assert page.content == (static_site.out / lang / "id/hugo-chavez.html").read_bytes()


def test_preferred_language() -> None:
    assert preferred_language(None) == "en"
    assert preferred_language("es-ES;q=0.7, en-GB;q=0.8") == "en"
    assert preferred_language("pt, es;q=0.1") == "es"


def test_every_record_kind_goes_to_its_page(server: str, static_site: SiteReport) -> None:
    pages = [p for p in site_files(static_site) if p.startswith("en/") and p.count("/") >= 2]
    records = [p[3:-5] for p in pages if p.startswith(("en/id/", "en/claim/", "en/statement/"))]
    records += [p[3:-5] for p in pages if p.startswith("en/work/")]
    assert {r.split("/")[0] for r in records} == {"id", "claim", "statement", "work"}
    for record in records:
        response = get(server, "/" + record, "text/html")
        assert response.headers.get("location") == f"/en/{record}.html", record


def test_an_iri_without_a_site_page_keeps_the_servers_page(server: str) -> None:
    missing = get(server, "/id/nobody", "text/html")
    assert missing.status_code == 404 and "Not found" in missing.text
    mention = get(server, "/doc/mini/mention/389-400", "text/html")
    assert mention.status_code == 200 and 'href="/id/hugo-chavez"' in mention.text


def test_site_pages_obey_the_content_security_policy(server: str, static_site: SiteReport) -> None:
    pages = [p for p in site_files(static_site) if p.endswith((".html", ".svg"))]
    for path in pages:
        response = get(server, "/" + path)
        assert response.headers["content-security-policy"] == "default-src 'self'"
        assert not INLINE.search(response.text), path
        # What the page loads (scripts, stylesheets, images) comes from the server itself.
        loaded = re.findall(r'<(?:script|img)[^>]*\ssrc="([^"]+)"', response.text)
        loaded += re.findall(r'<link[^>]*\shref="([^"]+)"', response.text)
        assert not [ref for ref in loaded if urlsplit(ref).scheme or ref.startswith("//")], path


# ---------------------------------------------------------------------------- the text


@pytest.mark.parametrize("accept", [None, "*/*", "text/plain", "text/plain, text/html;q=0.5"])
def test_the_text_is_the_exact_bytes_of_the_source(server: str, accept: str | None) -> None:
    response = get(server, "/doc/mini.txt", accept)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.content == SOURCE.read_bytes()
    assert "Accept" in response.headers["vary"]


def test_the_text_in_html_is_the_reading_view(server: str, static_site: SiteReport) -> None:
    response = get(server, "/doc/mini.txt", "text/html", **{"Accept-Language": "es"})
    assert response.status_code == 303 and response.headers["location"] == "/es/doc/mini/read.html"
    page = httpx.get(server + response.headers["location"])
    assert page.content == (static_site.out / "es/doc/mini/read.html").read_bytes()


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES)],
)
def test_the_text_in_rdf_is_its_description(server: str, accept: str, fmt: ox.RdfFormat) -> None:
    response = get(server, "/doc/mini.txt", accept)
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    text = ox.NamedNode(BASE + "doc/mini.txt")
    assert any(t.subject == text for t in triples(response.content, fmt))


# ---------------------------------------------------------------------------- JSON-LD


@pytest.mark.parametrize("accept", ["application/ld+json", "application/json"])
def test_an_entity_in_json_ld_is_compacted_with_the_context_entity_first(
    server: str, mini_build: BuildResult, accept: str
) -> None:
    response = get(server, "/id/hugo-chavez", accept)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    doc = json.loads(response.content)
    context = json.loads((mini_build.out / "context.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == context["@context"]
    first = doc["@graph"][0]
    assert first["@id"] == "id:hugo-chavez"
    assert first["label"] == {"en": "Hugo Chávez", "es": "Hugo Chávez"}
    assert not [k for k in first if k.startswith("http")]  # terms, not IRIs
    # The same triples as the N-Triples description.
    nt = get(server, "/id/hugo-chavez", "application/n-triples").content
    assert triples(response.content, ox.RdfFormat.JSON_LD) == triples(nt, ox.RdfFormat.N_TRIPLES)


# ---------------------------------------------------------------------------- release files


@pytest.mark.parametrize(
    ("accept", "file"),
    [
        ("text/turtle", "ontology.ttl"),
        ("application/rdf+xml", "ontology.owl"),
        (None, "ontology.ttl"),
    ],
)
def test_the_version_iri_returns_that_versions_ontology(
    server: str, mini_build: BuildResult, accept: str | None, file: str
) -> None:
    for path in ("/ontology", f"/ontology/{__version__}"):
        response = get(server, path, accept)
        assert response.status_code == 200
        assert response.content == (mini_build.out / file).read_bytes(), path


def test_the_version_iri_in_json_ld_and_html(server: str, mini_build: BuildResult) -> None:
    expected = triples((mini_build.out / "ontology.ttl").read_bytes(), ox.RdfFormat.TURTLE)
    assert len(expected) > 100
    response = get(server, f"/ontology/{__version__}", "application/ld+json")
    assert response.headers["content-type"].startswith("application/ld+json")
    assert triples(response.content, ox.RdfFormat.JSON_LD) == expected
    html = get(server, f"/ontology/{__version__}", "text/html")
    assert html.status_code == 303 and html.headers["location"] == "/en/vocabulary.html"
    assert get(server, "/ontology/0.0.0-not-a-release", "text/turtle").status_code == 404


def test_the_shapes_iri_returns_the_shapes(server: str, mini_build: BuildResult) -> None:
    shapes = (mini_build.out / "shapes.ttl").read_bytes()
    assert get(server, "/shapes", "text/turtle").content == shapes
    nt = get(server, "/shapes", "application/n-triples").content
    assert isomorphic(
        Graph().parse(data=nt, format="nt"), Graph().parse(data=shapes, format="turtle")
    )


def test_the_dataset_iri_and_every_download_it_names(server: str, mini_build: BuildResult) -> None:
    response = get(server, "/dataset", "text/turtle")
    assert response.status_code == 200
    description = triples(response.content, ox.RdfFormat.TURTLE)
    dcat_dataset = ox.NamedNode("http://www.w3.org/ns/dcat#Dataset")
    assert ox.Triple(ox.NamedNode(BASE + "dataset"), ox.NamedNode(RDF_TYPE), dcat_dataset) in (
        description
    )
    assert get(server, "/dataset.ttl").content == response.content
    dumps = objects(description, VOID_DUMP)
    downloads = objects(description, DCAT_DOWNLOAD)
    assert len(dumps) >= 2 and dumps <= downloads
    assert any(url.endswith("/context.jsonld") for url in downloads)
    for url in sorted(downloads):
        assert url.startswith(BASE), url
        name = url.rsplit("/", 1)[1]
        served = get(server, "/" + url[len(BASE) :])
        assert served.status_code == 200, url
        assert served.content == (mini_build.out / name).read_bytes(), url
    assert (
        get(server, "/context.jsonld").content == (mini_build.out / "context.jsonld").read_bytes()
    )
    assert get(server, "/dataset", "text/html").headers["location"] == "/en/index.html"


# ---------------------------------------------------------------------------- tables


def test_tables_give_every_project_namespace_a_prefix_and_show_labels(server: str) -> None:
    query = (
        "SELECT ?x WHERE { { ?x a albakg:Claim } UNION { ?x a albakg:Statement } UNION "
        "{ ?x a albakg:TextRendition } UNION { ?x a albakg:CitedWork } UNION "
        "{ ?x a albakg:State } } LIMIT 50"
    )
    html = httpx.get(server + "/query", params={"query": query}).text
    cells = re.findall(r"<td>(.*?)</td>", html)
    assert cells
    for prefix in ("claim:", "statement:", "doc:", "work:", "id:"):
        assert any(f">{prefix}" in c for c in cells), prefix
    assert not [c for c in cells if "&lt;https://w3id.org/albakg/" in c]
    assert '<a href="/id/venezuela">id:venezuela</a> <span class="label">Venezuela</span>' in html


# ---------------------------------------------------------------------------- in a browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with headless_chromium({"browser": "ALL"}) as driver:
        yield driver


def test_a_char_iri_opens_the_reading_view_with_the_quote_marked(
    server: str, browser: Any, mini_build: BuildResult
) -> None:
    start, end = 389, 456
    quote = SOURCE.read_text(encoding="utf-8")[start:end]
    browser.get(f"{server}/doc/mini.txt#char={start},{end}")
    assert urlsplit(browser.current_url).path == "/en/doc/mini/read.html"
    marked = browser.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('#text .hl'),"
        " function (e) { return e.textContent; }).join('');"
    )
    assert re.sub(r"\s+", " ", marked).strip() == re.sub(r"\s+", " ", quote).strip()
    # The script and stylesheet ran under the server's Content-Security-Policy.
    refused = [e for e in browser.get_log("browser") if "Content Security Policy" in e["message"]]
    assert refused == []
    rules = browser.execute_script("return document.styleSheets[0].cssRules.length;")
    assert rules > 0


# ---------------------------------------------------------------------------- off the loop


def test_site_pages_are_rendered_off_the_event_loop(
    mini_build: BuildResult, static_site: SiteReport
) -> None:
    import asyncio
    import dataclasses

    from albakg.cli.serve import site_and_release
    from albakg.serve.app import create_app
    from albakg.serve.context import ServeConfig

    bundle, release = site_and_release(mini_build.out)
    on_loop: list[bool] = []

    def render(path: str) -> str | None:
        try:
            asyncio.get_running_loop()
            on_loop.append(True)
        except RuntimeError:
            on_loop.append(False)
        return bundle.render(path)

    spied = dataclasses.replace(bundle, render=render)
    app = create_app(ServeConfig(mini_build.out, workers=1, timeout=30), spied, release)

    async def ask() -> list[httpx.Response]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
                return [await c.get(p) for p in ("/", "/en/id/hugo-chavez.html")]

    front, entity = asyncio.run(ask())
    assert front.content == (static_site.out / "index.html").read_bytes()
    assert entity.content == (static_site.out / "en/id/hugo-chavez.html").read_bytes()
    assert on_loop == [False, False]
