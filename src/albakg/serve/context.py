"""What every handler shares: the settings, what is known of the dataset, the worker pool.

The web process holds its own store only long enough to read the graph sizes and the base
IRI; queries always go to the workers, so every answer is held to the same limits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from albakg.resources import queries_dir
from albakg.serve.jobs import Answer, Job
from albakg.serve.lanes import Admission, LaneLimits, Lanes
from albakg.serve.security import DEFAULT_BODY_TIMEOUT, DEFAULT_HEADER_TIMEOUT, DEFAULT_MAX_BODY
from albakg.serve.workers import WorkerPool
from albakg.sparql.query import Question, bundled_questions
from albakg.sparql.store import dataset_base, open_store, query_prefixes

if TYPE_CHECKING:
    from albakg.serve.site_pages import Publication, SiteBundle

#: Namespaces under the dataset's base, each shown with its own prefix on the pages.
BASE_NAMESPACES = ("id", "work", "doc", "claim", "statement", "graph", "build", "release")
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@dataclass(frozen=True)
class ServeConfig:
    data: Path
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 10.0
    max_results: int = 100_000
    workers: int = 2
    queries: Path | None = None
    #: Host header values accepted (empty: the bound address, and loopback names on loopback).
    allowed_hosts: tuple[str, ...] = ()
    #: Largest request body accepted, in bytes.
    max_body: int = DEFAULT_MAX_BODY
    #: How queries share the workers (short lane, per-client limit, queue bound).
    lanes: LaneLimits = field(default_factory=LaneLimits)
    #: Seconds a client has to send its request headers, then its body.
    header_timeout: float = DEFAULT_HEADER_TIMEOUT
    body_timeout: float = DEFAULT_BODY_TIMEOUT


@dataclass(frozen=True)
class Site:
    """What the web process knows of the dataset without querying it."""

    base: str | None
    prefixes: dict[str, str]
    graphs: dict[str, int]
    questions: list[Question]
    #: Prefixes for showing IRIs: those of queries plus one per namespace under the base.
    display_prefixes: dict[str, str] = field(default_factory=dict)
    #: An English (else any) label of each IRI that has one, shown beside it in tables.
    labels: dict[str, str] = field(default_factory=dict)


def _labels(store: ox.Store) -> dict[str, str]:
    best: dict[str, tuple[bool, str]] = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(RDFS_LABEL), None):
        s, o = quad.subject, quad.object
        if isinstance(s, ox.NamedNode) and isinstance(o, ox.Literal):
            key = (o.language != "en", o.value)
            if s.value not in best or key < best[s.value]:
                best[s.value] = key
    return {iri: value for iri, (_, value) in best.items()}


def load_site(config: ServeConfig) -> Site:
    store = open_store(config.data)
    base = dataset_base(store)
    graphs = {
        g.value: len(list(store.quads_for_pattern(None, None, None, g)))
        for g in sorted(store.named_graphs(), key=str)
        if isinstance(g, ox.NamedNode)
    }
    questions = bundled_questions(config.queries or queries_dir())
    prefixes = query_prefixes(base)
    shown = {**prefixes, **{n: f"{base}{n}/" for n in BASE_NAMESPACES if base}}
    return Site(base, prefixes, graphs, questions, shown, _labels(store))


def make_lanes(config: ServeConfig) -> Lanes:
    """The main pool and, unless disabled, a one-worker short lane; each has a loaded spare."""
    main = WorkerPool(config.data, config.workers, config.timeout, spares=1)
    limit = config.lanes.short_limit
    short = WorkerPool(config.data, 1, min(limit, config.timeout), spares=1) if limit > 0 else None
    return Lanes(main, short, config.timeout)


@dataclass(frozen=True)
class Endpoint:
    """The state of one running application, kept in ``app.state.endpoint``."""

    config: ServeConfig
    site: Site
    pool: Lanes
    admission: Admission
    #: The static site's pages and files, and the release files (None: not served).
    pages: SiteBundle | None = None
    publication: Publication | None = None
    #: The build's JSON-LD context, which descriptions in JSON-LD are compacted with.
    jsonld_context: dict[str, Any] | None = None

    @property
    def limits(self) -> str:
        return f"time limit {self.config.timeout:g} s, at most {self.config.max_results} results"

    async def run(self, job: Job, request: Request) -> Answer:
        """The job's answer, or a fast refusal; waiting for a worker happens off the loop."""
        client = request.client.host if request.client else ""
        slow = self.pool.known_slow(job.query)
        refused = self.admission.refuse(client, slow)
        if refused is not None:
            return refused
        self.admission.enter(client, slow)
        try:
            return await run_in_threadpool(self.pool.run, job)
        finally:
            self.admission.leave(client, slow)


def endpoint(request: Request) -> Endpoint:
    return cast(Endpoint, request.app.state.endpoint)


def error(status: int, message: str) -> Response:
    return PlainTextResponse(message + "\n", status_code=status)
