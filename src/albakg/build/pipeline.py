"""The pipeline end to end: text → curation → annotation → graph → SHACL → files.

Each stage hands the next its values: the checked corpus (documents read and segmented,
records anchored), one annotated document per source (extraction, run once), the dataset.

The output folder is checked and locked before any work and replaced only when everything
succeeded, so a failed build never leaves half a dataset behind (see :mod:`.outdir`).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph

from albakg.build import outdir
from albakg.build.errors import BuildError
from albakg.build.outdir import MARKER, OutputError
from albakg.curation.corpus import Corpus, load_corpus
from albakg.export.serialize import Written, write_all
from albakg.extract.annotated import AnnotatedDocument, annotate_corpus
from albakg.rdf.graph import GraphNames, build_dataset, load_vocabulary
from albakg.rdf.iris import IriScheme
from albakg.resources import data_dir
from albakg.validate.shacl import Report, load_shapes, union_of, validate_graph

__all__ = ["MARKER", "Assembled", "BuildError", "BuildResult", "OutputError", "assemble", "build"]


@dataclass(frozen=True)
class BuildResult:
    out: Path
    written: list[Written]
    report: Report
    graph_sizes: dict[str, int]


@dataclass(frozen=True)
class Assembled:
    """The values of a build before validation: corpus, annotated documents, dataset."""

    corpus: Corpus
    documents: tuple[AnnotatedDocument, ...]
    dataset: Dataset


def assemble(source: Path | None = None, iris: IriScheme | None = None) -> Assembled:
    """Load the curated data, annotate each document once and build the dataset in memory."""
    iris = iris or IriScheme.from_env()
    corpus = load_corpus(source or data_dir())
    documents = annotate_corpus(corpus)
    return Assembled(corpus, documents, build_dataset(documents, corpus.entities, iris))


def build(out: Path, source: Path | None = None, iris: IriScheme | None = None) -> BuildResult:
    """Run the whole pipeline into ``out``, whose checks and lock come before any work."""
    iris = iris or IriScheme.from_env()
    out = out.resolve()
    with _output_folder(out, source) as staging:
        ds = assemble(source, iris).dataset
        shapes = load_shapes()
        report = validate_graph(union_of(ds), shapes)
        if not report.conforms:
            raise BuildError(
                "the graph does not conform to the shapes; nothing was written", report
            )
        written = _write(ds, shapes, iris, staging, out)
    names = GraphNames.of(iris)
    sizes = {
        "vocabulary": len(ds.graph(names.vocabulary)),
        "data": len(ds.graph(names.data)),
        "provenance": len(ds.graph(names.provenance)),
    }
    return BuildResult(out, written, report, sizes)


@contextmanager
def _output_folder(out: Path, source: Path | None) -> Iterator[Path]:
    """Check and lock ``out``, clean stale staging, yield a fresh staging folder.

    The staging folder is removed on any failure or signal; ``out`` is only ever replaced
    whole, by :func:`_write`, once every file is written.
    """
    outdir.check_target(out, source)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        lock = outdir.acquire_lock(out)
    except OSError as exc:
        raise outdir.environment_error(exc, f"cannot create the output folder {out}") from exc
    staging: Path | None = None
    try:
        with outdir.signals_unwind():
            outdir.clean_stale(out)
            staging = outdir.staging_path(out)
            try:
                outdir.make_staging(staging)
            except OSError as exc:
                raise outdir.environment_error(exc, f"cannot write into {out.parent}") from exc
            yield staging
    finally:
        if staging is not None and (staging.exists() or staging.is_symlink()):
            shutil.rmtree(staging, ignore_errors=True)
        lock.release()


def _write(ds: Dataset, shapes: Graph, iris: IriScheme, staging: Path, out: Path) -> list[Written]:
    """Write every file into ``staging``, then swap it in if ``out`` gained no foreign file."""
    try:
        written = write_all(ds, load_vocabulary(), shapes, iris, staging)
        outdir.write_marker(staging, [w.name for w in written])
    except OSError as exc:
        raise outdir.environment_error(exc, f"cannot write the dataset into {out.parent}") from exc
    outdir.check_target(out, None)  # a user may have put a file there while we worked
    try:
        outdir.swap_in(staging, out)
    except OSError as exc:
        raise outdir.environment_error(exc, f"cannot replace {out}") from exc
    return written
