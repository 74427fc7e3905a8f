"""Helpers every command shares; typer only, so importing it costs nothing at start-up."""

from __future__ import annotations

from pathlib import Path

import typer

#: The main file of a built dataset: its presence is what "built" means.
DATASET_FILE = "albakg.trig"


def err(message: str) -> None:
    """Diagnostics go to stderr so that stdout stays data."""
    typer.echo(message, err=True)


def require_built(data: Path) -> Path:
    """The main data file of a built dataset, or exit 1 telling the user to build first."""
    trig = data / DATASET_FILE
    if not trig.exists():
        err(f"error: no built dataset in {data}/ — run `albakg build` first")
        raise typer.Exit(1)
    return trig
