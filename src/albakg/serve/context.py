"""What every handler shares: the settings, what is known of the dataset, the worker pool.

The web process holds its own store only long enough to read the graph sizes and the base
IRI; queries always go to the workers, so every answer is held to the same limits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

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
