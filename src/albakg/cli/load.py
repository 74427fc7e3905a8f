"""``albakg load``: credentials asked for on the terminal, progress and a summary printed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from albakg.cli.common import ENVIRONMENT, USAGE, err, require_built
from albakg.sparql.load import (
    USER_ENV,
    Credentials,
    GraphLoad,
    LoadError,
    check_url,
    env_credentials,
    load,
    redact,
)


def prompted_credentials() -> Credentials | None:
    """Credentials from the environment, else asked for on the terminal (hidden password).

    Without a terminal (CI, cron) nothing is asked: the store's 401 is reported instead.
    """
    found = env_credentials()
    if found is not None or not sys.stdin.isatty():
        return found
    user = os.environ.get(USER_ENV) or typer.prompt("Store user", err=True)
    password = typer.prompt(f"Password for {user}", hide_input=True, err=True)
    return user, password


def load_command(
    data: Path,
    store: str,
    query_endpoint: str | None,
    retries: int,
    timeout: float,
    update_endpoint: str | None = None,
) -> None:
    """Everything ``albakg load`` does: progress on stderr, the summary on stdout.

    Exit 1 without a built dataset, 2 on a bad option, 3 when the store fails or does not
    hold what was sent (the data itself was valid when it was built).
    """
    _check_options(store, query_endpoint, update_endpoint, retries, timeout)
    require_built(data)

    def progress(g: GraphLoad) -> None:
        checked = "" if g.stored is None else f", store holds {g.stored}"
        tries = "" if g.attempts == 1 else f", {g.attempts} attempts"
        typer.echo(
            f"  {g.graph}  {g.triples} triples sent (HTTP {g.status}, {g.seconds:.2f} s"
            f"{tries}){checked}",
            err=True,
        )

    typer.echo(f"Loading the named graphs of {data}/ into {redact(store)}", err=True)
    try:
        done = load(
            data,
            store,
            query_endpoint,
            prompted_credentials,
            retries,
            timeout,
            progress,
            update_endpoint,
        )
    except LoadError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(ENVIRONMENT) from None
    total = sum(g.triples for g in done)
    typer.echo(f"Loaded {len(done)} named graphs ({total} triples) into {store}")
    if update_endpoint:
        typer.echo(f"Staged, counted, then switched in with one update through {update_endpoint}.")
    if query_endpoint:
        typer.echo(f"Triple counts checked through {query_endpoint}: every graph matches.")
    else:
        typer.echo("Triple counts not checked: give --query-endpoint to check them.")


def _check_options(
    store: str, query: str | None, update: str | None, retries: int, timeout: float
) -> None:
    """Usage errors (exit 2) before any request: URLs, their combination, the numbers."""
    try:
        check_url(store, "--store")
        for url, what in ((query, "--query-endpoint"), (update, "--update-endpoint")):
            if url is not None:
                check_url(url, what)
    except LoadError as exc:
        err(f"error: {exc}")
        raise typer.Exit(USAGE) from None
    if update is not None and query is None:
        err("error: --update-endpoint needs --query-endpoint to check the staged counts")
        raise typer.Exit(USAGE)
    if retries < 0 or timeout <= 0:
        err("error: --retries must be 0 or more and --timeout positive")
        raise typer.Exit(USAGE)
