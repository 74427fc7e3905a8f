"""``albakg lint``: evidence that does not prove its record, listed for a curator to act on."""

from __future__ import annotations

from pathlib import Path

import typer

from albakg.curation.corpus import CorpusError, load_corpus
from albakg.curation.lint import EXCEPTIONS_FILE, fix_folder, lint_document
from albakg.curation.records import RecordError
from albakg.resources import data_dir
from albakg.text.document import TextError


def lint_command(doc_id: str | None, source: Path | None, fix: bool) -> None:
    """Exit 0 when every finding is explained in lint-exceptions.yaml, 1 otherwise."""
    root = source or data_dir()
    try:
        if fix:
            # Canonical form first, so that findings refer to the files as they now are.
            folders = sorted(p for p in (root / "documents").iterdir() if p.is_dir())
            for folder in folders:
                if doc_id is None or folder.name == doc_id:
                    for path in fix_folder(folder):
                        typer.echo(f"rewrote {path}", err=True)
        corpus = load_corpus(root)
        bundles = [b for b in corpus.documents if doc_id is None or b.doc.id == doc_id]
        if not bundles:
            known = ", ".join(b.doc.id for b in corpus.documents)
            raise CorpusError([f"no document {doc_id!r} in the corpus (documents: {known})"])
        reports = [(b, lint_document(b, corpus.entities)) for b in bundles]
    except (CorpusError, RecordError, TextError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    ok = True
    for bundle, report in reports:
        for finding in report.unexplained:
            typer.echo(f"{bundle.doc.id}/{finding.line()}")
        typer.echo(
            f"{bundle.doc.id}: {len(report.unexplained)} unexplained finding(s), "
            f"{len(report.explained)} explained in {EXCEPTIONS_FILE}",
            err=True,
        )
        ok = ok and report.ok
    raise typer.Exit(0 if ok else 1)
