"""The Starlette application assembled from the pieces, and the server that runs it."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from albakg.serve.connections import protocol_with_deadline
from albakg.serve.context import Endpoint, ServeConfig, load_site, make_lanes
from albakg.serve.describe import resource
from albakg.serve.jsonld import load_context
from albakg.serve.lanes import Admission, describe_lanes
from albakg.serve.pages import query_page
from albakg.serve.protocol import sparql
from albakg.serve.security import DEFAULT_MAX_HEADER, SecurityHeaders, allowed_hosts
from albakg.serve.site_pages import Publication, SiteBundle, front_door
from albakg.sparql.store import DATASET_FILE


def create_app(
    config: ServeConfig, pages: SiteBundle | None = None, publication: Publication | None = None
) -> Starlette:
    """The web application; the worker pool starts and stops with it."""
    lanes = make_lanes(config)
    admission = Admission(config.lanes, lanes.capacity, config.timeout)
    context = load_context(config.data)
    state = Endpoint(config, load_site(config), lanes, admission, pages, publication, context)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await run_in_threadpool(state.pool.start)
        try:
            yield
        finally:
            await run_in_threadpool(state.pool.close)

    routes = [
        Route("/", front_door, methods=["GET"]),
        Route("/query", query_page, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(packages=[("albakg.serve", "static")]), name="static"),
        Route("/{path:path}", resource, methods=["GET"]),
    ]
    hosts = allowed_hosts(config.host, config.allowed_hosts)
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(TrustedHostMiddleware, allowed_hosts=hosts, www_redirect=False),
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Accept", "Content-Type"],
            max_age=3600,
        ),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.endpoint = state
    return app


def serve(
    config: ServeConfig, pages: SiteBundle | None = None, publication: Publication | None = None
) -> None:
    """Load the dataset, start the workers and answer HTTP until interrupted."""
    import uvicorn

    if not (config.data / DATASET_FILE).is_file():
        raise FileNotFoundError(f"no built dataset in {config.data}/ — run `albakg build` first")
    app = create_app(config, pages, publication)
    where = f"http://{config.host}:{config.port}"
    print(
        f"albakg: serving {config.data}/ at {where}/ (SPARQL endpoint {where}/sparql, "
        f"query page {where}/query; "
        f"time limit {config.timeout:g} s, at most {config.max_results} results per query, "
        f"bodies up to {config.max_body} bytes, headers within {config.header_timeout:g} s, "
        f"bodies within {config.body_timeout:g} s; {describe_lanes(config.lanes)}; Host accepted: "
        f"{', '.join(allowed_hosts(config.host, config.allowed_hosts))})",
        file=sys.stderr,
        flush=True,
    )
    uvicorn.run(
        app,
        host=config.host,
        port=config.port,
        log_level="info",
        http=protocol_with_deadline(config.header_timeout),
        h11_max_incomplete_event_size=DEFAULT_MAX_HEADER,
        timeout_keep_alive=5,
    )
