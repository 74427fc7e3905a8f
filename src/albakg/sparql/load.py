"""Loading: push the named graphs into a triplestore over the Graph Store Protocol.

Each graph goes in one ``PUT`` (SPARQL 1.1 Graph Store HTTP Protocol), which replaces the
graph, so loading twice leaves the same data rather than twice the data. After loading, the
store is asked through its SPARQL endpoint how many triples each graph holds, because a
store that answers 2xx has not always kept everything it was sent.

With an update endpoint, the graphs go first into staging graphs, are counted there, and are
switched in by one SPARQL Update request (``MOVE``): a failure before the switch leaves the
store's previous version whole, and a store that applies one request atomically never shows a
mix of old and new graphs. Without one, each graph is replaced in turn and a failure says
exactly which graphs already hold the new version.

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
#: A PUT and a read-only query are idempotent, so a 500 is worth another try too; the
#: switch-over update is not (a retried MOVE could find its source already moved).
IDEMPOTENT_RETRY_STATUS = TRANSIENT_STATUS | {500}
#: Staging graphs are named apart from any dataset graph: ``urn:albakg:staging:<graph IRI>``.
STAGING_PREFIX = "urn:albakg:staging:"

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
    retry_status: frozenset[int] = IDEMPOTENT_RETRY_STATUS,
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
            if response.status_code not in retry_status or attempt > retries:
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


def staging_iri(graph: str) -> str:
    return STAGING_PREFIX + graph


def switch_update(graphs: list[str]) -> str:
    """One SPARQL Update request that moves every staging graph onto its target.

    ``MOVE`` without ``SILENT``: a staging graph that is missing makes the request fail
    instead of emptying the target.
    """
    return " ;\n".join(f"MOVE GRAPH <{staging_iri(g)}> TO GRAPH <{g}>" for g in graphs)


@dataclass
class _Loader:
    """One load: the client, the store's URLs, and what has been changed so far."""

    client: httpx.Client
    store: str
    query_endpoint: str | None
    update_endpoint: str | None
    retries: int
    report: Callable[[GraphLoad], None] | None
    replaced: list[str]
    staged: list[str]

    def put(self, target: str, graph: str, size: int, body: bytes) -> GraphLoad:
        what = f"loading <{graph}> into {self.store}" + (
            f" (staging graph <{target}>)" if target != graph else ""
        )
        started = time.perf_counter()
        put = partial(
            self.client.put,
            self.store,
            params={"graph": target},
            content=body,
            headers={"Content-Type": "text/turtle; charset=utf-8"},
        )
        response, attempts = _send(self.client, put, self.retries, what)
        if not 200 <= response.status_code < 300:
            raise _refusal(response, what)
        elapsed = time.perf_counter() - started
        result = GraphLoad(graph, size, len(body), response.status_code, elapsed, attempts)
        if self.query_endpoint:
            stored = count_triples(self.client, self.query_endpoint, target, self.retries)
            result = replace(result, stored=stored)
        if self.report:
            self.report(result)
        return result

    def update(self, request: str, what: str) -> None:
        assert self.update_endpoint is not None
        send = partial(
            self.client.post,
            self.update_endpoint,
            data={"update": request},
            headers={"Accept": "*/*"},
        )
        response, _ = _send(self.client, send, 0, what, retry_status=frozenset())
        if not 200 <= response.status_code < 300:
            raise _refusal(response, what)

    def drop_staging(self) -> None:
        """Best effort: a staging graph left behind is harmless and is replaced next time."""
        if self.staged:
            request = " ;\n".join(f"DROP SILENT GRAPH <{staging_iri(g)}>" for g in self.staged)
            try:
                self.update(request, "dropping the staging graphs")
            except LoadError:
                return
            self.staged.clear()


def _mismatches(done: list[GraphLoad]) -> str:
    wrong = [g for g in done if g.stored is not None and g.stored != g.triples]
    return ", ".join(f"<{g.graph}> has {g.stored} of {g.triples}" for g in wrong)


def _load_in_turn(loader: _Loader, documents: list[tuple[str, int, bytes]]) -> list[GraphLoad]:
    done = []
    for graph, size, body in documents:
        try:
            done.append(loader.put(graph, graph, size, body))
        except LoadError as exc:
            raise LoadError(f"{exc}\n{_changed(loader.replaced, documents)}") from exc
        loader.replaced.append(graph)
    return done


def _changed(replaced: list[str], documents: list[tuple[str, int, bytes]]) -> str:
    kept = [g for g, _, _ in documents if g not in replaced]
    new = ", ".join(f"<{g}>" for g in replaced) or "none"
    old = ", ".join(f"<{g}>" for g in kept) or "none"
    return (
        f"graphs already holding the new version: {new}; graphs still holding what the store "
        f"had before: {old}. Run the load again to converge (or use --update-endpoint, which "
        "switches every graph in one request)."
    )


def _load_staged(loader: _Loader, documents: list[tuple[str, int, bytes]]) -> list[GraphLoad]:
    assert loader.query_endpoint is not None
    done = []
    try:
        for graph, size, body in documents:
            loader.staged.append(graph)
            done.append(loader.put(staging_iri(graph), graph, size, body))
        wrong = _mismatches(done)
        if wrong:
            raise LoadError(f"a staging graph does not hold what was sent: {wrong}")
    except LoadError as exc:
        loader.drop_staging()
        raise LoadError(
            f"{exc}\nnothing was switched in: the store keeps its previous version"
        ) from exc
    graphs = [g for g, _, _ in documents]
    try:
        loader.update(switch_update(graphs), f"switching the graphs in at {loader.update_endpoint}")
    except LoadError as exc:
        raise LoadError(f"{exc}\n{_after_failed_switch(loader, documents)}") from exc
    loader.staged.clear()
    loader.replaced.extend(graphs)
    return [
        replace(
            g,
            stored=count_triples(loader.client, loader.query_endpoint, g.graph, loader.retries),
        )
        for g in done
    ]


def _after_failed_switch(loader: _Loader, documents: list[tuple[str, int, bytes]]) -> str:
    """Which graphs the failed switch-over changed, asked of the store itself."""
    assert loader.query_endpoint is not None
    switched = []
    try:
        for graph, _, _ in documents:
            left = count_triples(loader.client, loader.query_endpoint, staging_iri(graph), 0)
            if left == 0:
                switched.append(graph)
    except LoadError:
        return "the store could not be asked which graphs changed: check them, then load again"
    loader.staged[:] = [g for g, _, _ in documents if g not in switched]
    loader.drop_staging()
    return _changed(switched, documents)


def load(
    data: Path,
    store: str,
    query_endpoint: str | None = None,
    credentials: Callable[[], Credentials | None] = env_credentials,
    retries: int = 3,
    timeout: float = 120.0,
    report: Callable[[GraphLoad], None] | None = None,
    update_endpoint: str | None = None,
) -> list[GraphLoad]:
    """PUT each named graph of the dataset in ``data`` into ``store``; check the counts.

    With ``update_endpoint`` (which needs ``query_endpoint``), the graphs are staged,
    counted, and switched in with one update request.
    """
    check_url(store, "--store")
    if query_endpoint:
        check_url(query_endpoint, "--query-endpoint")
    if update_endpoint:
        check_url(update_endpoint, "--update-endpoint")
        if not query_endpoint:
            raise LoadError(
                "--update-endpoint needs --query-endpoint: staged graphs are counted before "
                "they are switched in"
            )
    documents = [d for d in graph_documents(data) if d[1] > 0]
    auth = StoreAuth(credentials)
    with httpx.Client(auth=auth, timeout=timeout, follow_redirects=False) as client:
        loader = _Loader(client, store, query_endpoint, update_endpoint, retries, report, [], [])
        if update_endpoint:
            done = _load_staged(loader, documents)
        else:
            done = _load_in_turn(loader, documents)
    wrong = _mismatches(done)
    if wrong:
        raise LoadError(f"the store does not hold what was sent: {wrong}")
    return done
