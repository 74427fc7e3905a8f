"""Loading: push the named graphs into a triplestore over the Graph Store Protocol.

Each graph goes in one ``PUT`` (SPARQL 1.1 Graph Store HTTP Protocol), which replaces the
graph, so loading twice leaves the same data rather than twice the data. After loading, the
store is asked through its SPARQL endpoint how many triples each graph holds, because a
store that answers 2xx has not always kept everything it was sent.

Credentials come from ``ALBAKG_STORE_USER`` and ``ALBAKG_STORE_PASSWORD`` or from a prompt,
never from the command line (where ``ps`` and shell histories would show them); the scheme,
basic or digest, is the one the store asks for in its challenge.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox

from albakg.sparql.query import sorted_triples, used_prefixes
from albakg.sparql.store import DATASET_FILE, dataset_base, open_store, query_prefixes

USER_ENV = "ALBAKG_STORE_USER"
PASSWORD_ENV = "ALBAKG_STORE_PASSWORD"
#: Answers worth another try: the store is starting, overloaded or behind a busy proxy.
TRANSIENT_STATUS = frozenset({408, 425, 429, 502, 503, 504})

Credentials = tuple[str, str]


class LoadError(RuntimeError):
    """The dataset could not be loaded, or the store does not hold what was sent."""


class StoreAuth(httpx.Auth):
    """Answer the store's challenge with basic or digest authentication, as it asks.

    Credentials are fetched only when a challenge arrives, so a store that needs none never
    causes a prompt. After the first challenge, basic credentials are sent up front and the
    digest state is reused, so each later request goes once.
    """

    requires_request_body = True

    def __init__(self, credentials: Callable[[], Credentials | None]) -> None:
        self._credentials = credentials
        self._scheme: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._scheme is not None:
            yield from self._scheme.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        challenges = response.headers.get_list("www-authenticate")
        schemes = {c.split(" ", 1)[0].strip().lower() for c in challenges}
        if not schemes & {"digest", "basic"}:
            return
        credentials = self._credentials()
        if credentials is None:
            return
        user, password = credentials
        if "digest" in schemes:
            digest = httpx.DigestAuth(user, password)
            flow = digest.auth_flow(request)
            next(flow)  # the unauthenticated request, already answered by the challenge
            try:
                retry = flow.send(response)
            except StopIteration:
                return
            self._scheme = digest
            yield retry
            return
        self._scheme = httpx.BasicAuth(user, password)
        yield from self._scheme.auth_flow(request)


def env_credentials() -> Credentials | None:
    user = os.environ.get(USER_ENV)
    password = os.environ.get(PASSWORD_ENV)
    if user and password is not None:
        return user, password
    return None


@dataclass(frozen=True)
class GraphLoad:
    graph: str
    triples: int
    bytes: int
    status: int
    seconds: float
    attempts: int
    stored: int | None = None


def graph_documents(data: Path) -> list[tuple[str, int, bytes]]:
    """Each named graph of the built dataset as Turtle, with its triple count."""
    if not (data / DATASET_FILE).is_file():
        raise LoadError(f"no built dataset in {data}/ — run `albakg build` first")
    store = open_store(data)
    prefixes = query_prefixes(dataset_base(store))
    documents = []
    for graph in sorted(store.named_graphs(), key=str):
        if not isinstance(graph, ox.NamedNode):
            continue
        triples = sorted_triples(q.triple for q in store.quads_for_pattern(None, None, None, graph))
        body = ox.serialize(
            triples, format=ox.RdfFormat.TURTLE, prefixes=used_prefixes(triples, prefixes)
        )
        assert body is not None
        documents.append((graph.value, len(triples), body))
    return documents


def redact(url: str) -> str:
    """The URL without any user or password in it, for messages."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return parts._replace(netloc=netloc).geturl()


def check_url(url: str, what: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise LoadError(f"{what} must be an http(s) URL, not {redact(url)!r}")
    if parts.username or parts.password:
        raise LoadError(
            f"{what} carries credentials: remove them and set {USER_ENV} and "
            f"{PASSWORD_ENV} instead (a URL on the command line is visible to other users)"
        )


def _send(
    client: httpx.Client,
    request: Callable[[], httpx.Response],
    retries: int,
    what: str,
    pause: float = 0.5,
) -> tuple[httpx.Response, int]:
    """A request, tried again on network errors and transient answers, with backoff."""
    attempt = 0
    while True:
        attempt += 1
        retry_after = ""
        try:
            response = request()
        except httpx.TransportError as exc:
            if attempt > retries:
                raise LoadError(f"{what}: {type(exc).__name__}: {exc}") from exc
        else:
            if response.status_code not in TRANSIENT_STATUS or attempt > retries:
                return response, attempt
            retry_after = response.headers.get("retry-after", "")
        wait = pause * 2 ** (attempt - 1)
        if retry_after.isdigit():
            wait = max(wait, float(retry_after))
        time.sleep(min(wait, 30.0))


def _refusal(response: httpx.Response, what: str) -> LoadError:
    if response.status_code == 401:
        return LoadError(
            f"{what}: the store wants credentials (HTTP 401) and refused the ones given, "
            f"or none were given: set {USER_ENV} and {PASSWORD_ENV}"
        )
    text = " ".join(response.text.split())[:300]
    return LoadError(f"{what}: HTTP {response.status_code} {response.reason_phrase}: {text}")


def count_triples(client: httpx.Client, endpoint: str, graph: str, retries: int) -> int:
    """Triples the store holds in ``graph``, asked through its SPARQL endpoint."""
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    what = f"counting the triples of <{graph}> at {endpoint}"
    ask = partial(
        client.post,
        endpoint,
        data={"query": query},
        headers={"Accept": "application/sparql-results+json"},
    )
    response, _ = _send(client, ask, retries, what)
    if response.status_code != 200:
        raise _refusal(response, what)
    try:
        rows = response.json()["results"]["bindings"]
        return int(rows[0]["n"]["value"]) if rows else 0
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise LoadError(f"{what}: unexpected answer: {response.text[:200]}") from exc


def load(
    data: Path,
    store: str,
    query_endpoint: str | None = None,
    credentials: Callable[[], Credentials | None] = env_credentials,
    retries: int = 3,
    timeout: float = 120.0,
    report: Callable[[GraphLoad], None] | None = None,
) -> list[GraphLoad]:
    """PUT each named graph of the dataset in ``data`` into ``store``; check the counts."""
    check_url(store, "--store")
    if query_endpoint:
        check_url(query_endpoint, "--query-endpoint")
    documents = graph_documents(data)
    done: list[GraphLoad] = []
    auth = StoreAuth(credentials)
    with httpx.Client(auth=auth, timeout=timeout, follow_redirects=False) as client:
        for graph, size, body in documents:
            what = f"loading <{graph}> into {store}"
            started = time.perf_counter()
            put = partial(
                client.put,
                store,
                params={"graph": graph},
                content=body,
                headers={"Content-Type": "text/turtle; charset=utf-8"},
            )
            response, attempts = _send(client, put, retries, what)
            if not 200 <= response.status_code < 300:
                raise _refusal(response, what)
            result = GraphLoad(
                graph,
                size,
                len(body),
                response.status_code,
                time.perf_counter() - started,
                attempts,
            )
            if query_endpoint:
                stored = count_triples(client, query_endpoint, graph, retries)
                result = replace(result, stored=stored)
            if report:
                report(result)
            done.append(result)
    wrong = [g for g in done if g.stored is not None and g.stored != g.triples]
    if wrong:
        lines = ", ".join(f"<{g.graph}> has {g.stored} of {g.triples}" for g in wrong)
        raise LoadError(f"the store does not hold what was sent: {lines}")
    return done
