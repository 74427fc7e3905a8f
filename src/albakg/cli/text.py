"""``albakg text``: the text stage's view of a source document, as text or TSV."""

from __future__ import annotations

from collections.abc import Iterator

import typer

from albakg.cli.common import err
from albakg.resources import data_dir
from albakg.text.document import Document, read_document

SHOWS = ("normalized", "hyphens", "headings", "sentences")


def text_command(doc: str, show: str) -> None:
    """Print one view of the document; exit 1 on an unknown document, 2 on an unknown view."""
    folder = data_dir() / "documents" / doc
    if not folder.is_dir():
        err(f"error: no document {doc!r} under {data_dir() / 'documents'}")
        raise typer.Exit(1)
    if show not in SHOWS:
        err("error: --show must be normalized, hyphens, headings or sentences")
        raise typer.Exit(2)
    for line in text_lines(read_document(doc, folder / "source.txt"), show):
        typer.echo(line)


def text_lines(d: Document, show: str) -> Iterator[str]:
    """The normalized text, or one TSV row per hyphen decision, heading or sentence."""
    if show == "normalized":
        yield d.text
    elif show == "hyphens":
        for h in d.normalized.decisions:
            verb = "join" if h.joined else "keep"
            yield f"{h.line}\t{h.offset}\t{verb}\t{h.result}\t{h.reason}"
    else:
        for s in d.headings if show == "headings" else d.sentences:
            yield f"{s.id}\t{s.parent}\t{s.raw_start}\t{s.raw_end}\t{s.text}"
