"""The pipeline end to end: text → curation → annotation → graph → SHACL → files.

Each stage hands the next its values: the checked corpus (documents read and segmented,
records anchored), one annotated document per source (extraction, run once), the dataset.

The output folder is replaced only when everything succeeded, so a failed build never
leaves half a dataset behind.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset

from albakg.curation.corpus import Corpus, load_corpus
from albakg.export.serialize import Written, write_all
from albakg.extract.annotated import AnnotatedDocument, annotate_corpus
from albakg.rdf.graph import GraphNames, build_dataset, load_vocabulary
from albakg.rdf.iris import IriScheme
from albakg.resources import data_dir
from albakg.validate.shacl import Report, load_shapes, union_of, validate_graph

MARKER = ".albakg-build"


class BuildError(RuntimeError):
    """The build could not produce a valid dataset; nothing was written."""

    def __init__(self, message: str, report: Report | None = None) -> None:
        super().__init__(message)
        self.report = report


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


def _replace_dir(staging: Path, out: Path) -> None:
    """Swap ``staging`` in for ``out``; refuse to delete a folder albakg did not write."""
    if out.exists():
        if not out.is_dir():
            raise BuildError(f"{out} exists and is not a folder")
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise BuildError(
                f"{out} is not empty and was not written by albakg build; "
                "choose another --out or empty it yourself"
            )
        old = out.with_name(f".{out.name}.old")
        if old.exists():
            shutil.rmtree(old)
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging.rename(out)


def build(out: Path, source: Path | None = None, iris: IriScheme | None = None) -> BuildResult:
    """Run the whole pipeline into ``out``."""
    iris = iris or IriScheme.from_env()
    ds = assemble(source, iris).dataset
    shapes = load_shapes()
    report = validate_graph(union_of(ds), shapes)
    if not report.conforms:
        raise BuildError("the graph does not conform to the shapes; nothing was written", report)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        written = write_all(ds, load_vocabulary(), shapes, iris, staging)
        (staging / MARKER).write_text("written by albakg build\n", encoding="utf-8")
        _replace_dir(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    names = GraphNames.of(iris)
    sizes = {
        "vocabulary": len(ds.graph(names.vocabulary)),
        "data": len(ds.graph(names.data)),
        "provenance": len(ds.graph(names.provenance)),
    }
    return BuildResult(out, written, report, sizes)
