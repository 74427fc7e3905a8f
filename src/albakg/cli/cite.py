"""`albakg cite`: how to cite the dataset, its vocabulary or its source article."""

from __future__ import annotations

import typer

from albakg.publish.citation import CitationError, Format, What, render
from albakg.publish.metadata import MetadataError, load_metadata


def cite_command(fmt: str, what: str) -> None:
    """Print one citation on stdout; the DOI status goes to stderr so pipes stay clean."""
    try:
        chosen_fmt = Format(fmt)
    except ValueError as exc:
        names = ", ".join(f.value for f in Format)
        raise typer.BadParameter(f"must be one of {names}", param_hint="--format") from exc
    try:
        chosen_what = What(what)
    except ValueError as exc:
        names = ", ".join(w.value for w in What)
        raise typer.BadParameter(f"must be one of {names}", param_hint="--what") from exc
    try:
        meta = load_metadata()
        text = render(meta, chosen_fmt, chosen_what)
    except (MetadataError, CitationError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(text, nl=False)
    if chosen_what is not What.source:
        typer.echo(meta.doi_sentence, err=True)
