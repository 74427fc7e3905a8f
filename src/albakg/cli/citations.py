"""``albakg citations``: the in-text citations of a document as a table, TSV or JSON."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from albakg.curation.corpus import CorpusError, load_corpus
from albakg.curation.records import RecordError
from albakg.extract.annotated import AnnotatedDocument, annotate
from albakg.extract.citation_syntax import IBIDEM, OP_CIT
from albakg.extract.citations import Citations
from albakg.resources import data_dir
from albakg.text.document import TextError

FORMATS = ("table", "tsv", "json")


def check_format(fmt: str) -> None:
    """Exit 2 (usage error) on an unknown ``--format``."""
    if fmt not in FORMATS:
        typer.echo(f"error: --format must be one of {', '.join(FORMATS)}", err=True)
        raise typer.Exit(2)


def annotated_document(doc_id: str, source: Path | None) -> AnnotatedDocument:
    """One document of the checked corpus, annotated; a data error exits 1 with its message."""
    try:
        corpus = load_corpus(source or data_dir())
        return annotate(corpus.bundle(doc_id), corpus)
    except (CorpusError, RecordError, TextError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc


def citation_rows(c: Citations) -> list[dict[str, object]]:
    """One row per pointer, for the table, TSV and JSON outputs of ``albakg citations``."""
    rows: list[dict[str, object]] = []
    for p in c.pointers:
        w = c.work(p.work)
        rows.append(
            {
                "start": p.start,
                "end": p.end,
                "exact": p.exact,
                "form": p.form,
                "authors": [a.cite_as for a in w.authors],
                "author_entities": [a.entity for a in w.authors],
                "document": w.document,
                "year": p.year,
                "pages": p.pages,
                "work": p.work,
                "resolved_from": p.resolved_from,
                "speaker": p.speaker.name if p.speaker else None,
                "date": p.date,
                "section": p.section,
            }
        )
    return rows


def format_citations(c: Citations, fmt: str) -> str:
    """The pointers as an aligned table, TSV or JSON (stable order: reading order)."""
    rows = citation_rows(c)
    if fmt == "json":
        payload = {
            "document": c.doc_id,
            "pointers": rows,
            "works": [
                {
                    "key": w.key,
                    "authors": [a.cite_as for a in w.authors],
                    "document": w.document,
                    "year": w.year,
                    "title": w.title,
                }
                for w in c.works
            ],
            "summary": summary(c),
        }
        return json.dumps(payload, ensure_ascii=False, indent=2)
    header = ["start", "end", "exact", "authors", "year", "pages", "work", "via"]

    def cells(r: dict[str, object]) -> list[str]:
        authors = r["authors"]
        assert isinstance(authors, list)
        shown = " y ".join(str(a) for a in authors) if authors else str(r["document"])
        exact = str(r["exact"]).replace("\n", "⏎")
        return [
            str(r["start"]),
            str(r["end"]),
            exact,
            shown if r["document"] is None else str(r["document"]),
            str(r["year"]),
            str(r["pages"] or ""),
            str(r["work"]),
            str(r["resolved_from"] or ""),
        ]

    table = [header, *(cells(r) for r in rows)]
    if fmt == "tsv":
        return "\n".join("\t".join(row) for row in table)
    widths = [min(60, max(len(row[i]) for row in table)) for i in range(len(header))]
    lines = []
    for row in table:
        shown = [v if len(v) <= widths[i] else v[: widths[i] - 1] + "…" for i, v in enumerate(row)]
        lines.append("  ".join(v.ljust(widths[i]) for i, v in enumerate(shown)).rstrip())
    s = summary(c)
    lines.append("")
    lines.append(
        f"{s['pointers']} pointers, {s['works']} distinct works, "
        f"{s['ibidem']} ibídem, {s['op_cit']} op. cit."
    )
    return "\n".join(lines)


def summary(c: Citations) -> dict[str, int]:
    return {
        "pointers": len(c.pointers),
        "works": len(c.works),
        "ibidem": sum(p.resolved_from == IBIDEM for p in c.pointers),
        "op_cit": sum(p.resolved_from == OP_CIT for p in c.pointers),
    }


def citations_command(doc_id: str, source: Path | None, fmt: str) -> None:
    """``albakg citations``: the table on stdout; unresolved citations on stderr, exit 1."""
    check_format(fmt)
    c = annotated_document(doc_id, source).citations
    typer.echo(format_citations(c, fmt))
    for problem in c.problems:
        typer.echo(f"problem: {problem}", err=True)
    if c.problems:
        raise typer.Exit(1)
