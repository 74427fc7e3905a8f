"""``albakg serve``: check the options, run the endpoint, report what stops it."""

from __future__ import annotations

from pathlib import Path

import typer


def serve_command(
    data: Path, host: str, port: int, timeout: float, max_results: int, workers: int
) -> None:
    """Everything ``albakg serve`` does; exits 1 when the dataset or the port is unusable."""
    from albakg.serve.app import serve
    from albakg.serve.context import ServeConfig

    if timeout <= 0 or max_results <= 0 or workers <= 0 or not 0 < port < 65536:
        typer.echo(
            "error: --timeout, --max-results and --workers must be positive, "
            "--port between 1 and 65535",
            err=True,
        )
        raise typer.Exit(2)
    config = ServeConfig(data, host, port, timeout, max_results, workers)
    try:
        serve(config)
    except (FileNotFoundError, RuntimeError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
