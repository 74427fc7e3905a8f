"""``albakg coverage``: the names no entity covers and no exclusion explains, per section."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from albakg.cli.citations import annotated_document, check_format
from albakg.curation.exclusions import EXCLUSIONS_FILE
from albakg.extract.coverage import Coverage


def format_coverage(cov: Coverage, fmt: str) -> str:
    """Unexplained names in reading order (so grouped by section), then entities, then stale."""
    rows = [[c.section, c.kind, str(c.start), str(c.end), c.text] for c in cov.unexplained]
    if fmt == "json":
        payload = {
            "document": cov.doc_id,
            "unexplained": [
                dict(zip(("section", "kind", "start", "end", "text"), r, strict=True)) for r in rows
            ],
            "unmentioned": list(cov.unmentioned),
            "stale_exclusions": list(cov.stale),
            "explained_names": len(cov.explained),
            "explained_unmentioned": len(cov.unmentioned_explained),
        }
        return json.dumps(payload, ensure_ascii=False, indent=2)
    table = [["section", "kind", "start", "end", "text"], *rows]
    table += [["-", "unmentioned", "", "", e] for e in cov.unmentioned]
    table += [["-", "stale", "", "", s] for s in cov.stale]
    if fmt == "tsv":
        return "\n".join("\t".join(r) for r in table)
    widths = [max(len(r[i]) for r in table) for i in range(4)]
    lines = ["  ".join([*(r[i].ljust(widths[i]) for i in range(4)), r[4]]) for r in table]
    lines += [
        "",
        f"{len(cov.unexplained)} unexplained names, {len(cov.unmentioned)} entities without a "
        f"mention, {len(cov.stale)} stale exclusions ({len(cov.explained)} names and "
        f"{len(cov.unmentioned_explained)} entities explained in {EXCLUSIONS_FILE})",
    ]
    return "\n".join(lines)


def coverage_command(doc_id: str, source: Path | None, fmt: str) -> None:
    """``albakg coverage``: exit 0 when nothing is unexplained, 1 otherwise."""
    check_format(fmt)
    cov = annotated_document(doc_id, source).coverage
    typer.echo(format_coverage(cov, fmt))
    raise typer.Exit(0 if cov.ok else 1)
