"""``albakg build``: run the pipeline and print what it wrote."""

from __future__ import annotations

from pathlib import Path

import typer

from albakg.build.outdir import OutputError, Stopped
from albakg.build.pipeline import BuildError, BuildResult, build
from albakg.cli.common import ENVIRONMENT, INPUT, USAGE, err
from albakg.curation.corpus import CorpusError
from albakg.curation.records import RecordError
from albakg.rdf.iris import IriScheme
from albakg.text.document import TextError


def build_command(out: Path, source: Path | None, base: str | None) -> None:
    """Build; exit 1 on wrong input, 2 on an unusable ``--out``, 3 when the system fails."""
    try:
        iris = IriScheme(base) if base else IriScheme.from_env()
        result = build(out, source, iris)
    except OutputError as exc:
        err(f"error: {exc}")
        raise typer.Exit(ENVIRONMENT if exc.environment else USAGE) from None
    except (CorpusError, RecordError, TextError, ValueError) as exc:
        err(f"error: {exc}")
        raise typer.Exit(INPUT) from None
    except BuildError as exc:
        err(f"error: {exc}")
        if exc.report is not None:
            err(exc.report.text())
        raise typer.Exit(INPUT) from None
    except Stopped as exc:
        err(f"error: {exc}; the previous output is unchanged")
        raise typer.Exit(128 + exc.signum) from None
    typer.echo(format_build(result))


def format_build(result: BuildResult) -> str:
    """One line per file written, the named graphs' sizes, then the SHACL report."""
    lines = [f"Built the albakg dataset into {result.out}/"]
    for w in result.written:
        triples = f"{w.triples:>7} {w.unit:<7}" if w.triples else " " * 15
        lines.append(f"  {w.name:<16} {triples}  {w.bytes:>9} bytes")
    sizes = ", ".join(f"{k} {v}" for k, v in result.graph_sizes.items())
    total = sum(result.graph_sizes.values())
    lines.append(f"Named graphs (triples): {sizes}; the dataset: {total} quads")
    lines.append("Data files (albakg.ttl, .jsonld, .nt) hold the data and provenance graphs.")
    lines.append(result.report.text())
    return "\n".join(lines)
