"""Releases: one version, one dataset, byte for byte; nothing of an earlier release dropped.

A release folder holds every serialization, the dataset description, RDFC-1.0 hashes, a
changelog against the previous recorded release and ``SHA256SUMS``. Its record (sums, hashes,
changelog and a gzipped canonical N-Quads snapshot) is committed under ``releases/<version>/``
so the next release can be diffed against it and a test can tell when a build of the same
version no longer gives the same dataset.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, XSD

from albakg.build.pipeline import assemble
from albakg.export.serialize import write_all
from albakg.publish.dataset import DATASET_SCHEMA, DATASET_TTL, write_description
from albakg.publish.metadata import VOCAB_IRI, Metadata
from albakg.rdf.graph import GraphNames, load_vocabulary
from albakg.rdf.iris import IriScheme
from albakg.resources import data_dir, resource_root
from albakg.validate.shacl import load_shapes, union_of, validate_graph

SUMS = "SHA256SUMS"
HASHES = "canonical-hashes.json"
CHANGELOG_MD = "CHANGELOG.md"
CHANGELOG_JSON = "changelog.json"
SNAPSHOT = "albakg.canonical.nq.gz"
README = "README.md"
MARKER = ".albakg-release"
#: A folder `albakg build` wrote may be replaced by a release (which holds all it held).
BUILD_MARKER = ".albakg-build"
DEPRECATIONS = "deprecations.yaml"
#: What ``releases/<version>/`` keeps of a release folder.
RECORDED = (SUMS, HASHES, CHANGELOG_MD, CHANGELOG_JSON, SNAPSHOT)
ALGORITHM = "RDFC-1.0 (SHA-256), then SHA-256 of the canonical N-Quads document"

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABELS = {
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2000/01/rdf-schema#comment",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#definition",
}
_EVIDENCE = {f"{VOCAB_IRI}#hasEvidence"}
_CLASS_TYPES = {"http://www.w3.org/2002/07/owl#Class", "http://www.w3.org/2000/01/rdf-schema#Class"}
_PROPERTY_TYPES = {
    "http://www.w3.org/2002/07/owl#ObjectProperty",
    "http://www.w3.org/2002/07/owl#DatatypeProperty",
    "http://www.w3.org/2002/07/owl#AnnotationProperty",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property",
}


class ReleaseError(RuntimeError):
    """A release cannot be made or recorded as asked; nothing was changed."""


def releases_dir() -> Path:
    return resource_root() / "releases"


# --- canonical form -------------------------------------------------------------------------


def canonical_nquads(quads: list[ox.Quad]) -> str:
    """RDFC-1.0 canonical N-Quads, one sorted line per quad."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return "".join(sorted(f"{q} .\n" for q in dataset))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_hashes(nq: Path) -> tuple[dict[str, str], str]:
    """Hashes of the whole dataset, of its data (non-vocabulary graphs merged) and vocabulary."""
    quads = list(ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS))

    def is_vocab(q: ox.Quad) -> bool:
        return isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.endswith(
            "/graph/vocabulary"
        )

    whole = canonical_nquads(quads)
    data = canonical_nquads(
        [ox.Quad(q.subject, q.predicate, q.object) for q in quads if not is_vocab(q)]
    )
    vocab = canonical_nquads(
        [ox.Quad(q.subject, q.predicate, q.object) for q in quads if is_vocab(q)]
    )
    hashes = {
        "algorithm": ALGORITHM,
        "dataset": _sha(whole),
        "data": _sha(data),
        "vocabulary": _sha(vocab),
    }
    return hashes, whole


def gzip_bytes(text: str) -> bytes:
    """Gzip with no name and mtime 0, so the same text always gives the same bytes."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    return buf.getvalue()


# --- deprecations ---------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Deprecation(_Strict):
    iri: str
    replaced_by: str


class DeprecationsFile(_Strict):
    deprecations: list[Deprecation]


def load_deprecations(folder: Path) -> list[Deprecation]:
    """IRIs (relative to the base) gone from the data, each with its successor."""
    path = folder / DEPRECATIONS
    if not path.exists():
        return []
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return DeprecationsFile.model_validate(raw).deprecations
    except yaml.YAMLError as exc:
        raise ReleaseError(f"{path}: not valid YAML: {exc}") from exc
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise ReleaseError(f"{path}: {problems}") from exc


# --- diff -----------------------------------------------------------------------------------


def is_positional(iri: str, base: str) -> bool:
    """Segment, evidence, mention and pointer IRIs: they move with the text or a quote."""
    if not iri.startswith(base + "doc/"):
        return False
    rest = iri[len(base) + 4 :]
    if "#char=" in rest:
        return True
    parts = rest.split("/")
    return len(parts) >= 2 and parts[1] != "reference"


def _subjects(canonical: str) -> dict[str, set[tuple[str, str]]]:
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for q in ox.parse(canonical.encode("utf-8"), format=ox.RdfFormat.N_QUADS):
        if isinstance(q.subject, ox.NamedNode):
            out[q.subject.value].add((q.predicate.value, str(q.object)))
    return out


def _kind(triples: set[tuple[str, str]]) -> str:
    types = {o.strip("<>") for p, o in triples if p == _RDF_TYPE}
    if types & _CLASS_TYPES:
        return "classes"
    if types & _PROPERTY_TYPES:
        return "properties"
    return "resources"


def _changes(old: set[tuple[str, str]], new: set[tuple[str, str]], base: str) -> list[str]:
    what = set()
    for p, o in old ^ new:
        if p in _LABELS:
            what.add("labels")
        elif p == _RDF_TYPE:
            what.add("types")
        elif p in _EVIDENCE or (o.startswith("<") and is_positional(o.strip("<>"), base)):
            what.add("evidence")
        elif o.startswith("<"):
            what.add("relations")
        else:
            what.add("values")
    return sorted(what)


@dataclass
class Changelog:
    version: str
    previous: str | None
    added: dict[str, list[str]] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)
    changed: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    positional: dict[str, int] = field(default_factory=dict)
    deprecated: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def to_markdown(self) -> str:
        lines = [f"# albakg {self.version}: changes", ""]
        if self.previous is None:
            lines += ["First recorded release: everything is new.", ""]
        else:
            lines += [f"Against release {self.previous} (diff of the canonical graphs).", ""]
        for kind in ("classes", "properties", "resources"):
            lines.append(f"## {kind.capitalize()}")
            lines.append("")
            added, removed = self.added.get(kind, []), self.removed.get(kind, [])
            changed = self.changed.get(kind, {})
            lines.append(f"- added: {len(added)}, removed: {len(removed)}, changed: {len(changed)}")
            if self.previous is not None:
                lines += [f"  - added `{i}`" for i in added]
                lines += [f"  - removed `{i}`" for i in removed]
                lines += [f"  - changed `{i}`: {', '.join(w)}" for i, w in sorted(changed.items())]
            lines.append("")
        lines += [
            "## Positional IRIs",
            "",
            "Segment, evidence, mention and pointer IRIs name positions in the text; they move "
            "when the segmentation or a quote changes, and are counted here rather than "
            "deprecated.",
            "",
        ]
        lines += [f"- {k}: {v}" for k, v in sorted(self.positional.items())]
        lines.append("")
        if self.deprecated:
            lines += ["## Deprecated (owl:deprecated, dcterms:isReplacedBy)", ""]
            lines += [f"- `{o}` → `{n}`" for o, n in sorted(self.deprecated.items())]
            lines.append("")
        return "\n".join(lines)


def diff(old: str | None, new: str, version: str, previous: str | None, base: str) -> Changelog:
    """Classes, properties and resources added, removed and changed between two snapshots."""
    log = Changelog(version, previous)
    before = _subjects(old) if old is not None else {}
    after = _subjects(new)
    added: dict[str, list[str]] = defaultdict(list)
    removed: dict[str, list[str]] = defaultdict(list)
    changed: dict[str, dict[str, list[str]]] = defaultdict(dict)
    moved = {"added": 0, "removed": 0}
    for iri in sorted(before.keys() | after.keys()):
        if not (iri.startswith(base) or iri.startswith(VOCAB_IRI)):
            continue
        if is_positional(iri, base):
            if iri not in before:
                moved["added"] += 1
            elif iri not in after:
                moved["removed"] += 1
            continue
        if iri not in before:
            added[_kind(after[iri])].append(iri)
        elif iri not in after:
            removed[_kind(before[iri])].append(iri)
        elif before[iri] != after[iri]:
            changed[_kind(after[iri])][iri] = _changes(before[iri], after[iri], base)
    log.added, log.removed, log.changed = dict(added), dict(removed), dict(changed)
    log.positional = moved
    for iri, triples in after.items():
        succ = [o.strip("<>") for p, o in triples if p == str(DCTERMS.isReplacedBy)]
        if succ:
            log.deprecated[iri] = succ[0]
    return log


def dropped(log: Changelog) -> list[str]:
    """Stable IRIs of the previous release that are gone without a deprecation."""
    return sorted(iri for iris in log.removed.values() for iri in iris if iri not in log.deprecated)


# --- previous release -----------------------------------------------------------------------


def _version_key(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", v))


def previous_release(records: Path, version: str) -> str | None:
    """The highest recorded version below ``version``."""
    if not records.is_dir():
        return None
    earlier = [
        p.name
        for p in records.iterdir()
        if (p / SNAPSHOT).is_file() and _version_key(p.name) < _version_key(version)
    ]
    return max(earlier, key=_version_key) if earlier else None


def read_snapshot(records: Path, version: str) -> str:
    return gzip.decompress((records / version / SNAPSHOT).read_bytes()).decode("utf-8")


# --- the release ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Release:
    out: Path
    version: str
    hashes: dict[str, str]
    changelog: Changelog
    files: list[str]


def _sums(folder: Path) -> str:
    names = sorted(
        p.name
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.name != SUMS
    )
    return "".join(f"{hashlib.sha256((folder / n).read_bytes()).hexdigest()}  {n}\n" for n in names)


def _readme(meta: Metadata, folder: Path, hashes: dict[str, str], log: Changelog) -> str:
    rows = []
    for p in sorted(folder.iterdir()):
        if p.is_file() and not p.name.startswith("."):
            rows.append(f"| `{p.name}` | {p.stat().st_size:,} |")
    since = f"against release {log.previous}" if log.previous else "first recorded release"
    return "\n".join(
        [
            f"# albakg {meta.version} ({meta.released.isoformat()})",
            "",
            meta.record.description["en"],
            "",
            "## How to cite",
            "",
            meta.citation_text(),
            "",
            meta.doi_sentence,
            "",
            "## Files",
            "",
            "| file | bytes |",
            "| --- | ---: |",
            *rows,
            "",
            "`dataset.ttl` (DCAT, VoID) and `dataset.schema.jsonld` (schema.org) describe the "
            "other files, with their sizes and SHA-256; `SHA256SUMS` lists every file "
            "(check with `sha256sum -c SHA256SUMS`).",
            "",
            "## Identity",
            "",
            f"Canonical hashes ({ALGORITHM}):",
            "",
            f"- whole dataset: `{hashes['dataset']}`",
            f"- data (without the vocabulary): `{hashes['data']}`",
            f"- vocabulary: `{hashes['vocabulary']}`",
            "",
            f"Changes: `CHANGELOG.md` ({since}).",
            "",
            "Data and vocabulary: CC BY 4.0, albakg contributors. The article's text remains "
            "its author's and publisher's.",
            "",
        ]
    )


def _prepare_out(out: Path) -> None:
    if out.exists():
        if not out.is_dir():
            raise ReleaseError(f"{out} exists and is not a folder")
        marked = (out / MARKER).exists() or (out / BUILD_MARKER).exists()
        if any(out.iterdir()) and not marked:
            raise ReleaseError(
                f"{out} is not empty and was not written by albakg release; "
                "choose another --out or empty it yourself"
            )


def make_release(
    meta: Metadata,
    out: Path,
    source: Path | None = None,
    records: Path | None = None,
    iris: IriScheme | None = None,
) -> Release:
    """Build, describe, hash and diff into ``out`` (replaced only when all of it succeeded)."""
    iris = iris or IriScheme(meta.base)
    source = source or data_dir()
    records = records if records is not None else releases_dir()
    _prepare_out(out)
    ds = assemble(source, iris).dataset
    names = GraphNames.of(iris)
    prov = ds.graph(names.provenance)
    deprecations = load_deprecations(source)
    subjects = {str(s) for s in union_of(ds).subjects()}
    for dep in deprecations:
        old, new = iris.base + dep.iri, iris.base + dep.replaced_by
        where = f"{source / DEPRECATIONS}: {dep.iri}"
        if old in subjects:
            raise ReleaseError(f"{where}: still in the data; deprecate only what is gone")
        if new not in subjects:
            raise ReleaseError(f"{where}: replaced_by {dep.replaced_by} is not in the data")
        prov.add((URIRef(old), OWL.deprecated, Literal(True, datatype=XSD.boolean)))
        prov.add((URIRef(old), DCTERMS.isReplacedBy, URIRef(new)))
    shapes = load_shapes()
    report = validate_graph(union_of(ds), shapes)
    if not report.conforms:
        raise ReleaseError("the graph does not conform to the shapes:\n" + report.text())

    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        write_all(ds, load_vocabulary(), shapes, iris, staging)
        write_description(meta, staging)
        hashes, canonical = canonical_hashes(staging / "albakg.nq")
        previous = previous_release(records, meta.version)
        before = read_snapshot(records, previous) if previous else None
        log = diff(before, canonical, meta.version, previous, iris.base)
        lost = dropped(log)
        if lost:
            listed = "\n  ".join(lost)
            raise ReleaseError(
                f"{len(lost)} IRI(s) of release {previous} are gone without a deprecation:\n  "
                f"{listed}\nAdd each to {source / DEPRECATIONS} with its successor "
                "(`- iri: id/old` / `  replaced_by: id/new`), and bump the major version."
            )
        (staging / HASHES).write_text(json.dumps(hashes, indent=2) + "\n", encoding="utf-8")
        (staging / SNAPSHOT).write_bytes(gzip_bytes(canonical))
        (staging / CHANGELOG_MD).write_text(log.to_markdown(), encoding="utf-8")
        (staging / CHANGELOG_JSON).write_text(log.to_json(), encoding="utf-8")
        (staging / README).write_text(_readme(meta, staging, hashes, log), encoding="utf-8")
        (staging / SUMS).write_text(_sums(staging), encoding="utf-8")
        (staging / MARKER).write_text("written by albakg release\n", encoding="utf-8")
        (staging / BUILD_MARKER).write_text("written by albakg release\n", encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    files = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    return Release(out, meta.version, hashes, log, files)


def record_release(release: Release, records: Path | None = None) -> Path:
    """Copy the release's record into ``releases/<version>/``; never rewrite a different one."""
    if records is None:
        records = releases_dir()
        if not (records.parent / "pyproject.toml").is_file():
            raise ReleaseError(
                "--record writes into the repository: run it from a checkout, not an installed "
                "package"
            )
    target = records / release.version
    if target.exists():
        same = all(
            (target / n).is_file() and (target / n).read_bytes() == (release.out / n).read_bytes()
            for n in RECORDED
        )
        if same:
            return target
        raise ReleaseError(
            f"{target} already records release {release.version} with other content. One "
            "version is one dataset: bump the version in pyproject.toml by the rule (README, "
            "'Versions and releases'), add its date to data/release.yaml, and record again. "
            f"Only if {release.version} was never published: delete {target} and record again."
        )
    target.mkdir(parents=True)
    for name in RECORDED:
        shutil.copyfile(release.out / name, target / name)
    return target


def recorded_matches(release_dir: Path, records: Path, version: str) -> list[str]:
    """Files of the record that differ from a fresh release of the same version."""
    target = records / version
    return [
        n
        for n in RECORDED
        if not (target / n).is_file() or (target / n).read_bytes() != (release_dir / n).read_bytes()
    ]


__all__ = [
    "DATASET_SCHEMA",
    "DATASET_TTL",
    "Release",
    "ReleaseError",
    "make_release",
    "record_release",
]
