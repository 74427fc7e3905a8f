"""``albakg load``: credentials asked for on the terminal, progress and a summary printed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from albakg.sparql.load import (
    USER_ENV,
    Credentials,
    GraphLoad,
    LoadError,
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
    """Everything ``albakg load`` does: progress on stderr, the summary on stdout."""

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
        raise typer.Exit(1) from None
    total = sum(g.triples for g in done)
    typer.echo(f"Loaded {len(done)} named graphs ({total} triples) into {store}")
    if update_endpoint:
        typer.echo(f"Staged, counted, then switched in with one update through {update_endpoint}.")
    if query_endpoint:
        typer.echo(f"Triple counts checked through {query_endpoint}: every graph matches.")
    else:
        typer.echo("Triple counts not checked: give --query-endpoint to check them.")
