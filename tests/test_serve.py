"""``albakg serve``, driven as its clients drive it: SPARQLWrapper, plain HTTP, a browser.

The server runs as a real process (``python -m albakg serve``) on a free loopback port,
over the small test corpus, with a short time limit and a small result-size limit so
that both limits can be reached quickly.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from html import unescape
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from SPARQLWrapper import CSV, JSON, JSONLD, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from albakg.build.pipeline import BuildResult
from albakg.serve.negotiation import negotiate
from albakg.serve.security import default_allowed_hosts
from albakg.sparql.store import open_store, run_query

from .browser import headless_chromium

ID = "https://w3id.org/albakg/id/"
GRAPH_DATA = "https://w3id.org/albakg/graph/data"
TIMEOUT = 2.0
MAX_RESULTS = 60
MAX_BODY = 20_000
LABELS = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX albakg: <https://w3id.org/albakg/ontology#>\n"
    "SELECT ?entity ?label WHERE { ?entity a albakg:State ; rdfs:label ?label }"
)
CONSTRUCT = "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a albakg:State ; rdfs:label ?l }"
#: Runs for ever on any dataset: the time limit must stop it.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(mini_build: BuildResult) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "albakg", "serve", "--data", str(mini_build.out)]
    command += ["--port", str(port), "--timeout", str(TIMEOUT), "--max-results", str(MAX_RESULTS)]
    started = time.perf_counter()
    env = {**os.environ, "ALBAKG_MAX_BODY": str(MAX_BODY)}
    env.pop("ALBAKG_ALLOWED_HOSTS", None)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    try:
        while True:
            try:
                if httpx.get(url + "/sparql", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.perf_counter() - started > 60:
                out = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"albakg serve did not start:\n{out}")
            time.sleep(0.1)
        print(f"\nalbakg serve ready in {time.perf_counter() - started:.2f} s")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def embedded(mini: BuildResult, text: str) -> Any:
    return run_query(open_store(mini.out), text)


def solutions(results: Any) -> list[dict[str, Any]]:
    names = [v.value for v in results.variables]
    return [{n: s[n] for n in names} for s in results]


def as_multiset(rows: list[dict[str, Any]]) -> list[str]:
    return sorted(repr(sorted((k, str(v)) for k, v in r.items())) for r in rows)


# ---------------------------------------------------------------------------- SPARQLWrapper


@pytest.mark.parametrize(
    ("fmt", "parser"),
    [
        (JSON, ox.QueryResultsFormat.JSON),
        (XML, ox.QueryResultsFormat.XML),
        (TSV, ox.QueryResultsFormat.TSV),
        (CSV, None),
    ],
)
@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_select_in_every_results_format(
    server: str, mini_build: BuildResult, fmt: str, parser: Any, method: str
) -> None:
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(LABELS)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    response = client.query()
    body = response.response.read()
    expected = solutions(embedded(mini_build, LABELS))
    if parser is None:
        lines = body.decode().splitlines()
        assert lines[0] == "entity,label" and len(lines) == len(expected) + 1
        return
    got = solutions(ox.parse_query_results(body, format=parser))
    assert as_multiset(got) == as_multiset(expected) and got


def test_sparqlwrapper_converts_json_and_asks(server: str) -> None:
    client = SPARQLWrapper(server + "/sparql")
    client.setReturnFormat(JSON)
    client.setQuery(f"ASK {{ <{ID}venezuela> ?p ?o }}")
    assert client.query().convert() == {"head": {}, "boolean": True}
    client.setQuery(LABELS)
    converted = client.query().convert()
    assert isinstance(converted, dict)
    entities = {b["entity"]["value"] for b in converted["results"]["bindings"]}
    assert {ID + "venezuela", ID + "cuba"} <= entities


@pytest.mark.parametrize(
    ("fmt", "parser"),
    [
        (TURTLE, ox.RdfFormat.TURTLE),
        (JSONLD, ox.RdfFormat.JSON_LD),
        (RDFXML, ox.RdfFormat.RDF_XML),
        (XML, ox.RdfFormat.RDF_XML),
    ],
)
def test_sparqlwrapper_construct_in_every_rdf_format(
    server: str, mini_build: BuildResult, fmt: str, parser: ox.RdfFormat
) -> None:
    text = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "PREFIX albakg: <https://w3id.org/albakg/ontology#>\n" + CONSTRUCT
    )
    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(text)
    client.setReturnFormat(fmt)
    body = client.query().response.read()
    got = {q.triple for q in ox.parse(body, format=parser)}
    assert got == set(embedded(mini_build, text)) and got


# ---------------------------------------------------------------------------- the protocol


def test_post_directly_and_prefixes_predeclared(server: str) -> None:
    response = httpx.post(
        server + "/sparql",
        content="SELECT ?l WHERE { id:venezuela rdfs:label ?l }",
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert sorted(response.text.split()) == ["Venezuela", "Venezuela", "l"]


AWKWARD = (
    'SELECT ?a ?b ?n WHERE { BIND (IRI("http://example.org/a,b") AS ?a) '
    'BIND ("x,\\"y\\"\\r\\nz\\tw"@es AS ?b) BIND (7 AS ?n) }'
)


def test_csv_answers_quote_commas_quotes_and_line_breaks(server: str) -> None:
    response = httpx.get(server + "/sparql", params={"query": AWKWARD, "format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text, newline="")))
    assert rows == [["a", "b", "n"], ["http://example.org/a,b", 'x,"y"\r\nz\tw', "7"]]


def test_tsv_answers_keep_terms_and_columns(server: str, mini_build: BuildResult) -> None:
    evidence = (
        "SELECT ?e ?q WHERE { ?s albakg:hasEvidence ?e . ?e albakg:normalizedText ?q } ORDER BY ?e"
    )
    for query in (AWKWARD, evidence):
        response = httpx.get(
            server + "/sparql",
            params={"query": query},
            headers={"Accept": "text/tab-separated-values"},
        )
        assert response.status_code == 200
        lines = response.text.split("\n")
        assert lines[-1] == "" and len({line.count("\t") for line in lines[:-1]}) == 1
        parsed = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.TSV)
        expected = solutions(embedded(mini_build, query))
        assert solutions(parsed) == expected and expected
    csv_evidence = httpx.get(server + "/sparql", params={"query": evidence, "format": "csv"})
    rows = list(csv.reader(io.StringIO(csv_evidence.text, newline="")))
    assert all(len(r) == 2 for r in rows) and any("," in r[0] for r in rows[1:])


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+json", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "text/html"),
    ],
)
def test_content_negotiation_for_results(server: str, accept: str, expected: str) -> None:
    response = httpx.get(server + "/sparql", params={"query": LABELS}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == expected
    assert "Accept" in response.headers["vary"]


def test_an_unacceptable_format_is_406(server: str) -> None:
    response = httpx.get(
        server + "/sparql", params={"query": LABELS}, headers={"Accept": "image/png"}
    )
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text


def test_negotiation_prefers_quality_then_specificity() -> None:
    offers = ["text/turtle", "application/ld+json", "text/html"]
    assert negotiate("application/ld+json;q=0.9, text/*;q=0.5", offers) == "application/ld+json"
    assert negotiate("text/*, text/html;q=0.1", offers) == "text/turtle"
    assert negotiate(None, offers) == "text/turtle"
    assert negotiate("application/xml", offers) is None


def test_service_description(server: str) -> None:
    response = httpx.get(server + "/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    triples = {q.triple for q in ox.parse(response.content, format=ox.RdfFormat.TURTLE)}
    sd = "http://www.w3.org/ns/sparql-service-description#"
    objects = {(t.predicate.value, getattr(t.object, "value", "")) for t in triples}
    assert (sd + "endpoint", server + "/sparql") in objects
    assert (sd + "supportedLanguage", sd + "SPARQL11Query") in objects
    assert (sd + "feature", sd + "UnionDefaultGraph") in objects
    assert (sd + "name", "https://w3id.org/albakg/graph/data") in objects
    assert (sd + "resultFormat", "http://www.w3.org/ns/formats/SPARQL_Results_CSV") in objects


def test_cors_for_browser_clients(server: str) -> None:
    preflight = httpx.options(
        server + "/sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    simple = httpx.get(
        server + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://example.org"}
    )
    assert simple.headers["access-control-allow-origin"] == "*"


# ---------------------------------------------------------------------------- refusals, limits


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
        {
            "content": "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            "headers": {"Content-Type": "application/sparql-update"},
        },
        {"data": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
        {"data": {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}},
    ],
    ids=["update-form", "update-body", "update-as-query", "service"],
)
def test_updates_and_service_are_refused(server: str, request_kwargs: dict[str, Any]) -> None:
    response = httpx.post(server + "/sparql", **request_kwargs)
    assert response.status_code == 403
    assert "read-only" in response.text or "SERVICE is refused" in response.text
    check = httpx.get(server + "/sparql", params={"query": "ASK { <urn:a> ?p ?o }"})
    assert check.json()["boolean"] is False


def test_a_syntax_error_is_400_with_line_and_column(server: str) -> None:
    response = httpx.get(
        server + "/sparql", params={"query": "SELECT *\nWHERE { ?s ?p ?o }\nLIMIT x"}
    )
    assert response.status_code == 400
    assert "line 3, column 7" in response.text


def test_the_result_size_limit(server: str) -> None:
    everything = httpx.get(server + "/sparql", params={"query": "SELECT * { ?s ?p ?o }"})
    assert everything.status_code == 422
    assert f"more than {MAX_RESULTS}" in everything.text
    limited = httpx.get(
        server + "/sparql", params={"query": f"SELECT * {{ ?s ?p ?o }} LIMIT {MAX_RESULTS}"}
    )
    assert limited.status_code == 200
    assert len(limited.json()["results"]["bindings"]) == MAX_RESULTS
    triples = httpx.get(server + "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert triples.status_code == 422


def test_the_time_limit_stops_a_query_and_the_server_recovers(server: str) -> None:
    started = time.perf_counter()
    response = httpx.get(server + "/sparql", params={"query": ENDLESS}, timeout=30)
    elapsed = time.perf_counter() - started
    assert response.status_code == 503
    assert "time limit" in response.text
    assert TIMEOUT <= elapsed < TIMEOUT + 3
    # The killed worker is replaced; both workers answer again.
    for _ in range(4):
        ok = httpx.get(server + "/sparql", params={"query": "ASK {}"}, timeout=30)
        assert ok.status_code == 200


# ---------------------------------------------------------------------------- resources


@pytest.mark.parametrize(
    ("accept", "parser"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ],
)
def test_an_entity_iri_dereferences_by_content_negotiation(
    server: str, accept: str, parser: ox.RdfFormat
) -> None:
    response = httpx.get(server + "/id/hugo-chavez", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    triples = {q.triple for q in ox.parse(response.content, format=parser)}
    chavez = ox.NamedNode(ID + "hugo-chavez")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    assert ox.Triple(chavez, label, ox.Literal("Hugo Chávez", language="es")) in triples
    # Incoming links are part of the description too.
    assert any(t.object == chavez for t in triples)


def test_a_resource_page_in_html_links_to_other_resources(server: str) -> None:
    # Entities have the site's pages (tests/test_serve_site.py); a mention has this one.
    mention = "/doc/mini/mention/389-400"
    response = httpx.get(server + mention, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "<h1>" in response.text
    assert 'href="/id/hugo-chavez"' in response.text


def test_an_unknown_iri_is_404(server: str) -> None:
    assert httpx.get(server + "/id/nobody", headers={"Accept": "text/turtle"}).status_code == 404
    html = httpx.get(server + "/id/nobody", headers={"Accept": "text/html"})
    assert html.status_code == 404 and "Not found" in html.text


def test_the_html_page_escapes_what_the_data_holds(server: str) -> None:
    query = 'SELECT ?v WHERE { BIND ("<script>alert(1)</script>" AS ?v) }'
    response = httpx.get(server + "/query", params={"query": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def page_links(html: str) -> dict[str, str]:
    """The download links under a result on the query page, by label."""
    block = html.split('<span id="downloads">', 1)[1].split("</span>", 1)[0]
    found = re.findall(r'<a href="([^"]+)">([^<]+)</a>', block)
    return {label: unescape(href) for href, label in found}


def test_a_construct_on_the_page_offers_rdf_and_counts_triples(
    server: str, mini_build: BuildResult
) -> None:
    response = httpx.get(server + "/query", params={"query": CONSTRUCT})
    assert response.status_code == 200
    expected = set(embedded(mini_build, CONSTRUCT))
    count = re.search(r'id="count">(\d+) (\w+)', response.text)
    assert count and (int(count[1]), count[2]) == (len(expected), "triples")
    links = page_links(response.text)
    assert set(links) == {"Turtle", "N-Triples", "JSON-LD"}
    parsers = {
        "Turtle": ox.RdfFormat.TURTLE,
        "N-Triples": ox.RdfFormat.N_TRIPLES,
        "JSON-LD": ox.RdfFormat.JSON_LD,
    }
    for label, href in links.items():
        download = httpx.get(server + href, headers={"Accept": "text/html,*/*;q=0.8"})
        assert download.status_code == 200, (label, download.text)
        got = {q.triple for q in ox.parse(download.content, format=parsers[label])}
        assert got == expected and got


def test_a_select_on_the_page_offers_results_formats_and_counts_solutions(
    server: str, mini_build: BuildResult
) -> None:
    response = httpx.get(server + "/query", params={"query": LABELS})
    expected = solutions(embedded(mini_build, LABELS))
    count = re.search(r'id="count">(\d+) (\w+)', response.text)
    assert count and (int(count[1]), count[2]) == (len(expected), "solutions")
    links = page_links(response.text)
    assert set(links) == {"JSON", "XML", "CSV", "TSV"}
    tsv = httpx.get(server + links["TSV"], headers={"Accept": "text/html,*/*;q=0.8"})
    parsed = ox.parse_query_results(tsv.content, format=ox.QueryResultsFormat.TSV)
    assert as_multiset(solutions(parsed)) == as_multiset(expected)
    one = httpx.get(server + "/query", params={"query": LABELS + " LIMIT 1"})
    assert 'id="count">1 solution ' in one.text or 'id="count">1 solution<' in one.text


def test_the_page_example_runs_as_shipped(server: str) -> None:
    page = httpx.get(server + "/query")
    example = unescape(page.text.split('id="query"', 1)[1].split(">", 1)[1].split("</textarea>")[0])
    response = httpx.get(server + "/sparql", params={"query": example})
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"]


def test_the_html_page_runs_a_bundled_question(server: str) -> None:
    response = httpx.get(server + "/query", params={"q": "alba-members"})
    assert response.status_code == 200
    assert 'id="results"' in response.text


# ---------------------------------------------------------------------------- the browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with headless_chromium() as driver:
        yield driver


def result_rows(driver: Any) -> list[Any]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 20).until(
        expected_conditions.presence_of_element_located(
            (By.CSS_SELECTOR, "#results tbody tr, #error")
        )
    )
    errors = driver.find_elements(By.ID, "error")
    assert not errors, errors[0].text
    return list(driver.find_elements(By.CSS_SELECTOR, "#results tbody tr"))


def test_a_browser_types_a_query_and_sees_rows(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/query")
    box = browser.find_element(By.ID, "query")
    box.clear()
    box.send_keys(
        "SELECT ?state ?label WHERE { ?state a albakg:State ; rdfs:label ?label . "
        'FILTER (LANG(?label) = "en") } ORDER BY ?label'
    )
    browser.find_element(By.ID, "run").click()
    cells = [r.find_elements(By.TAG_NAME, "td")[1].text for r in result_rows(browser)]
    assert "Venezuela@en" in cells and "Cuba@en" in cells
    # The entity links dereference in the same browser.
    browser.find_element(By.LINK_TEXT, "id:venezuela").click()
    WebDriverWait(browser, 20).until(expected_conditions.title_contains("Venezuela"))


def test_a_browser_runs_the_example_as_shipped(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server + "/query")
    example = browser.find_element(By.ID, "query").get_property("value")
    assert "GRAPH <https://w3id.org/albakg/graph/" in example
    browser.find_element(By.ID, "run").click()
    rows = result_rows(browser)
    # Each class is its prefixed IRI (the link) and its label beside it.
    classes = [r.find_elements(By.TAG_NAME, "td")[0].text for r in rows]
    assert rows and "albakg:State state" in classes
    # The stylesheet, a file under the Content-Security-Policy, is applied.
    header = browser.find_element(By.CSS_SELECTOR, "#results th")
    assert header.value_of_css_property("background-color") == "rgba(243, 243, 243, 1)"


def test_json_results_are_valid_json(server: str) -> None:
    response = httpx.get(server + "/sparql", params={"query": LABELS})
    assert json.loads(response.text)["head"]["vars"] == ["entity", "label"]


# ---------------------------------------------------------------------------- hardening


@pytest.mark.parametrize(
    "iri", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,hi", "vbscript:x"]
)
def test_only_http_iris_become_links(server: str, iri: str) -> None:
    query = (
        f'SELECT ?bad ?good WHERE {{ BIND (IRI("{iri}") AS ?bad) '
        'BIND (IRI("https://example.org/ok") AS ?good) }'
    )
    response = httpx.get(server + "/query", params={"query": query})
    assert response.status_code == 200
    links = re.findall(r'href="([^"]*)"', response.text)
    assert "https://example.org/ok" in links
    assert not [h for h in links if not h.startswith(("/", "http://", "https://"))]
    assert iri.split(":")[0] in response.text  # shown as text, not dropped


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/sparql",
        "/sparql?query=ASK%7B%7D",
        "/id/hugo-chavez",
        "/id/nobody",
        "/static/albakg.css",
    ],
)
def test_every_answer_carries_the_security_headers(server: str, path: str) -> None:
    for accept in ("text/html", "text/turtle"):
        response = httpx.get(server + path, headers={"Accept": accept})
        assert response.headers["content-security-policy"] == "default-src 'self'"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"


def test_pages_hold_no_inline_script_or_style(server: str) -> None:
    for path in ("/query", "/doc/mini/mention/389-400", "/query?q=alba-members"):
        html = httpx.get(server + path, headers={"Accept": "text/html"}).text
        assert not re.search(r"<script|<style|\sstyle=|\son\w+=", html, re.IGNORECASE), path
        assert '<link rel="stylesheet" href="/static/albakg.css">' in html
    css = httpx.get(server + "/static/albakg.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert "font-family" in css.text


def test_a_foreign_host_cannot_rewrite_the_service_description(server: str) -> None:
    port = server.rsplit(":", 1)[1]
    foreign = httpx.get(
        server + "/sparql", headers={"Host": "evil.example", "Accept": "text/turtle"}
    )
    assert foreign.status_code == 400
    assert "evil.example" not in foreign.text
    local = httpx.get(
        server + "/sparql", headers={"Host": f"localhost:{port}", "Accept": "text/turtle"}
    )
    assert local.status_code == 200
    triples = {q.triple for q in ox.parse(local.content, format=ox.RdfFormat.TURTLE)}
    endpoints = {t.object.value for t in triples if t.predicate.value.endswith("#endpoint")}
    assert endpoints == {f"http://localhost:{port}/sparql"}


def test_default_allowed_hosts() -> None:
    assert default_allowed_hosts("127.0.0.1") == ["127.0.0.1", "localhost", "::1"]
    assert default_allowed_hosts("192.0.2.7") == ["192.0.2.7"]
    assert default_allowed_hosts("0.0.0.0") == ["0.0.0.0"]


def test_a_body_over_the_limit_is_413(server: str) -> None:
    padding = "#" + "x" * MAX_BODY + "\n"
    big = padding + "ASK {}"
    form = httpx.post(server + "/sparql", data={"query": big})
    assert form.status_code == 413 and str(MAX_BODY) in form.text
    direct = httpx.post(
        server + "/sparql", content=big, headers={"Content-Type": "application/sparql-query"}
    )
    assert direct.status_code == 413

    def chunks() -> Iterator[bytes]:
        for _ in range(MAX_BODY // 1000 + 2):
            yield b"#" + b"x" * 998 + b"\n"
        yield b"ASK {}"

    chunked = httpx.post(
        server + "/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"}
    )
    assert chunked.status_code == 413
    under = "#" + "x" * (MAX_BODY - 100) + "\nASK {}"
    ok = httpx.post(
        server + "/sparql", content=under, headers={"Content-Type": "application/sparql-query"}
    )
    assert ok.status_code == 200 and ok.json()["boolean"] is True


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
def test_an_invalid_graph_iri_is_400(server: str, param: str) -> None:
    response = httpx.get(
        server + "/sparql", params={"query": "ASK { ?s ?p ?o }", param: "not an iri"}
    )
    assert response.status_code == 400
    assert param in response.text and "not an iri" in response.text
    valid = httpx.get(
        server + "/sparql",
        params={"query": "ASK { ?s ?p ?o }", "default-graph-uri": GRAPH_DATA},
    )
    assert valid.status_code == 200 and valid.json()["boolean"] is True


def test_html_results_are_rendered_off_the_event_loop(
    mini_build: BuildResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    from albakg.serve import describe, pages
    from albakg.serve.app import create_app
    from albakg.serve.context import ServeConfig

    on_loop: list[bool] = []

    def spy(original: Any) -> Any:
        def wrapper(*args: Any) -> Any:
            try:
                asyncio.get_running_loop()
                on_loop.append(True)
            except RuntimeError:
                on_loop.append(False)
            return original(*args)

        return wrapper

    monkeypatch.setattr(pages, "_result_page", spy(pages._result_page))
    monkeypatch.setattr(describe, "_resource_page", spy(describe._resource_page))
    app = create_app(ServeConfig(mini_build.out, workers=1, timeout=30))

    async def ask() -> tuple[httpx.Response, httpx.Response]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
                page = await c.get("/query", params={"query": LABELS})
                entity = await c.get("/id/hugo-chavez", headers={"Accept": "text/html"})
                return page, entity

    page, entity = asyncio.run(ask())
    assert page.status_code == 200 and 'id="results"' in page.text
    assert entity.status_code == 200 and "<h1>Hugo Chávez</h1>" in entity.text
    assert on_loop == [False, False]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ALBAKG_MAX_BODY", "lots", "ALBAKG_MAX_BODY must be a positive number of bytes"),
        ("ALBAKG_MAX_BODY", "0", "ALBAKG_MAX_BODY must be a positive number of bytes"),
        ("ALBAKG_ALLOWED_HOSTS", "a.org,ex*ample.org", "a wildcard must be like"),
    ],
)
def test_bad_serve_settings_are_usage_errors(
    mini_build: BuildResult, monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    from typer.testing import CliRunner

    from albakg.cli.app import app

    monkeypatch.setenv(name, value)
    result = CliRunner().invoke(app, ["serve", "--data", str(mini_build.out)])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output
