"""``albakg stats``: counts per class and property, as a table or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from albakg.cli.common import err, require_built
from albakg.sparql.stats import compute_stats


def stats_command(data: Path, fmt: str) -> None:
    """Print the statistics of the built dataset; exit 2 on an unknown format."""
    trig = require_built(data)
    if fmt not in ("table", "json"):
        err("error: --format must be table or json")
        raise typer.Exit(2)
    stats = compute_stats(trig)
    if fmt == "json":
        typer.echo(json.dumps(stats, indent=2, ensure_ascii=False))
    else:
        typer.echo(format_stats(stats))


def format_stats(stats: dict[str, Any]) -> str:
    """Three right-aligned count columns: per named graph, per class, per property."""
    lines = ["Triples per named graph:"]
    lines += [f"  {n:>8}  {g}" for g, n in stats["graphs"].items()]
    lines.append(f"  {sum(stats['graphs'].values()):>8}  the dataset (quads, all named graphs)")
    lines.append("Instances per class (data and provenance graphs):")
    lines += [f"  {n:>8}  {c}" for c, n in stats["classes"].items()]
    lines.append("Triples per property (data and provenance graphs):")
    lines += [f"  {n:>8}  {p}" for p, n in stats["properties"].items()]
    return "\n".join(lines)
