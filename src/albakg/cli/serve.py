"""``albakg serve``: check the options, run the endpoint, report what stops it.

The limits come from the environment, so that the command's options stay as they are:
``ALBAKG_ALLOWED_HOSTS`` (comma-separated Host header values to accept),
``ALBAKG_MAX_BODY`` (largest request body, in bytes), ``ALBAKG_HEADER_TIMEOUT`` and
``ALBAKG_BODY_TIMEOUT`` (seconds to send the headers, then the body),
``ALBAKG_SHORT_LIMIT`` (seconds a query may take in the short lane, 0 for none),
``ALBAKG_PER_CLIENT`` (queries in flight per client address, 0 for no limit) and
``ALBAKG_QUEUE`` (queries that may wait for a worker).
"""

from __future__ import annotations

import os
import socket
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from albakg.serve.site_pages import Publication, SiteBundle

HOSTS_ENV = "ALBAKG_ALLOWED_HOSTS"
#: Kinds of record the site has a page for, each in both languages.
RECORD_KINDS = ("entities", "claims", "works", "statements")
MAX_BODY_ENV = "ALBAKG_MAX_BODY"


def _environment_limits() -> tuple[tuple[str, ...], int | None]:
    """The allowed hosts and body limit from the environment; a bad value is a usage error."""
    hosts = tuple(h.strip() for h in os.environ.get(HOSTS_ENV, "").split(",") if h.strip())
    for host in hosts:
        if "*" in host[1:] or (host.startswith("*") and host != "*" and not host.startswith("*.")):
            typer.echo(
                f"error: {HOSTS_ENV}: {host!r}: a wildcard must be like *.example.org", err=True
            )
            raise typer.Exit(2)
    raw = os.environ.get(MAX_BODY_ENV, "").strip()
    if raw and (not raw.isdigit() or int(raw) <= 0):
        typer.echo(
            f"error: {MAX_BODY_ENV} must be a positive number of bytes, not {raw!r}", err=True
        )
        raise typer.Exit(2)
    return hosts, int(raw) if raw else None


def _number(name: str, default: float, *, whole: bool, zero_ok: bool) -> float:
    """A numeric setting from the environment; a bad value is a usage error."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        value = -1
    if not (value > 0 or (zero_ok and value == 0)) or value != value or value == float("inf"):
        kind = "whole number" if whole else "number of seconds"
        floor = "zero or more" if zero_ok else "more than zero"
        typer.echo(f"error: {name} must be a {kind}, {floor}, not {raw!r}", err=True)
        raise typer.Exit(2)
    return value


def site_and_release(data: Path) -> tuple[SiteBundle, Publication]:
    """The static site and the release files of ``data``, for the server to answer with.

    Built here because the server does not import its siblings ``albakg.site`` and
    ``albakg.publish``; the site model is loaded and the pictures drawn once, at start.
    """
    from albakg import __version__
    from albakg.publish.dataset import DATASET_TTL, describe
    from albakg.publish.metadata import MetadataError, load_metadata
    from albakg.publish.w3id import served_file
    from albakg.serve.site_pages import Publication, SiteBundle
    from albakg.site.build import ASSETS, draw_pictures
    from albakg.site.model import load_site_data
    from albakg.site.render import Renderer, file_listing, page_path

    site = load_site_data(data)
    pictures, missing = draw_pictures(site)
    renderer = Renderer(site, pictures)
    renderer.missing = missing
    downloads = file_listing(data)
    assets = resources.files("albakg.site") / "static"
    files = {f"assets/{name}": (assets / name).read_bytes() for name in ASSETS}
    files |= {f"downloads/{d['name']}": (data / d["name"]).read_bytes() for d in downloads}
    texts = {doc_id: doc.raw.encode("utf-8") for doc_id, doc in site.documents.items()}
    files |= {f"downloads/{doc_id}.txt": raw for doc_id, raw in texts.items()}
    files |= {f"{lang}/{name}.svg": svg.encode("utf-8") for (lang, name), svg in pictures.items()}
    recorded = {i for kind in RECORD_KINDS for i in renderer.records(kind)}

    def page_of(iri: str) -> str | None:
        """The page of a record the site has (not of any IRI shaped like one)."""
        path = page_path(site, iri)
        if path is None or (not path.startswith("doc/") and iri not in recorded):
            return None
        return path

    pages = SiteBundle(
        render=lambda path: renderer.render_path(path, downloads),
        page_of=page_of,
        texts=texts,
        files=files,
    )
    dataset: bytes | None
    if (data / DATASET_TTL).is_file():
        dataset = (data / DATASET_TTL).read_bytes()
    else:
        try:
            dataset = describe(load_metadata(), data).serialize(format="turtle", encoding="utf-8")
        except MetadataError as exc:
            typer.echo(f"warning: no dataset description served ({exc})", err=True)
            dataset = None
    release = Publication(
        served_file=lambda path, accept: served_file(data, __version__, path, accept),
        version=__version__,
        dataset_ttl=dataset,
    )
    return pages, release


def serve_command(
    data: Path, host: str, port: int, timeout: float, max_results: int, workers: int
) -> None:
    """Everything ``albakg serve`` does.

    Exit 1 without a built dataset, 2 on a bad option, 3 when the port cannot be bound.
    """
    from albakg.serve.app import serve
    from albakg.serve.context import ServeConfig
    from albakg.serve.lanes import LaneLimits
    from albakg.serve.security import (
        DEFAULT_BODY_TIMEOUT,
        DEFAULT_HEADER_TIMEOUT,
        DEFAULT_MAX_BODY,
    )

    if timeout <= 0 or max_results <= 0 or workers <= 0 or not 0 < port < 65536:
        typer.echo(
            "error: --timeout, --max-results and --workers must be positive, "
            "--port between 1 and 65535",
            err=True,
        )
        raise typer.Exit(2)
    hosts, max_body = _environment_limits()
    defaults = LaneLimits()
    lanes = LaneLimits(
        short_limit=_number("ALBAKG_SHORT_LIMIT", defaults.short_limit, whole=False, zero_ok=True),
        per_client=int(_number("ALBAKG_PER_CLIENT", defaults.per_client, whole=True, zero_ok=True)),
        queue=int(_number("ALBAKG_QUEUE", defaults.queue, whole=True, zero_ok=True)),
    )
    header_timeout = _number(
        "ALBAKG_HEADER_TIMEOUT", DEFAULT_HEADER_TIMEOUT, whole=False, zero_ok=False
    )
    body_timeout = _number("ALBAKG_BODY_TIMEOUT", DEFAULT_BODY_TIMEOUT, whole=False, zero_ok=False)
    config = ServeConfig(
        data,
        host,
        port,
        timeout,
        max_results,
        workers,
        allowed_hosts=hosts,
        max_body=max_body or DEFAULT_MAX_BODY,
        lanes=lanes,
        header_timeout=header_timeout,
        body_timeout=body_timeout,
    )
    _check_port(host, port)
    from albakg.site.model import SiteError

    try:
        pages, release = (
            site_and_release(data) if (data / "albakg.trig").is_file() else (None, None)
        )
        serve(config, pages, release)
    except (FileNotFoundError, SiteError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    except (RuntimeError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(3) from None


def _check_port(host: str, port: int) -> None:
    """Exit 3 now if the address cannot be bound; uvicorn would log it and exit 1 later."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        typer.echo(
            f"error: cannot listen on {host}:{port}: {reason}; choose another --host or --port",
            err=True,
        )
        raise typer.Exit(3) from None
