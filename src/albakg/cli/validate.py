"""``albakg validate``: SHACL over the built dataset or the union of the given files."""

from __future__ import annotations

from pathlib import Path

import typer

from albakg.cli.common import err, require_built
from albakg.validate.shacl import (
    NothingToValidateError,
    ParseError,
    load_shapes,
    prepare_files,
    validate_graph,
)


def validate_command(files: list[Path], data: Path, lang: str) -> None:
    """Print the report; exit 0 when the data conforms, 1 otherwise or on unreadable input."""
    paths = list(files) or [require_built(data)]
    for path in paths:
        if not path.is_file():
            err(f"error: {path}: no such file")
            raise typer.Exit(1)
    try:
        prepared = prepare_files(paths)
    except ParseError as exc:
        err(f"error: does not parse: {exc}")
        raise typer.Exit(1) from exc
    except NothingToValidateError as exc:
        err(f"error: {exc}")
        raise typer.Exit(1) from exc
    for note in prepared.notes:
        err(note)
    report = validate_graph(prepared.graph, load_shapes(), lang=lang)
    typer.echo(report.text())
    raise typer.Exit(0 if report.conforms else 1)
