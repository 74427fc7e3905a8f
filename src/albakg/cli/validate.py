"""``albakg validate``: SHACL over the built dataset or the union of the given files."""

from __future__ import annotations

from pathlib import Path

import typer

from albakg.cli.common import INPUT, OK, USAGE, err, require_built
from albakg.validate.files import InputError, ParseError, validate_files


def validate_command(files: list[Path], data: Path, lang: str, max_mb: int) -> None:
    """Print the report; exit 0 when the data conforms, 1 otherwise or on unusable input."""
    if max_mb <= 0:
        err("error: --max-mb must be a positive number of megabytes")
        raise typer.Exit(USAGE)
    paths = list(files) or [require_built(data)]
    try:
        report, notes = validate_files(paths, max_mb * 2**20, lang=lang)
    except ParseError as exc:
        err(f"error: does not parse: {exc}")
        raise typer.Exit(INPUT) from None
    except InputError as exc:
        err(f"error: {exc}")
        raise typer.Exit(INPUT) from None
    for note in notes:
        err(note)
    typer.echo(report.text())
    raise typer.Exit(OK if report.conforms else INPUT)
