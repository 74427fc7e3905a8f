"""Independent implementations agree: every serialization read alike, SHACL judged alike.

Each output file is read by rdflib and pyoxigraph, and by Raptor's ``rapper`` and Jena's
``riot`` where they are installed; the quads each one reads are compared after RDFC-1.0
canonicalization (so blank-node labels do not matter). The SHACL result of pySHACL is then
confirmed by Jena SHACL, which also rejects ill-typed literals (``"2015-13"^^xsd:gYearMonth``)
that pySHACL lets through. A tool that is missing is reported as not run, never as agreeing.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from albakg.export.canonical import canonical_nquads, read_quads
from albakg.export.serialize import (
    DATA_JSONLD,
    DATA_NT,
    DATA_TTL,
    DATASET_NQ,
    DATASET_TRIG,
    ONTOLOGY_OWL,
    ONTOLOGY_TTL,
    SHAPES_TTL,
)
from albakg.qc import jena
from albakg.qc.base import Finding, Grade, failed, not_run, passed
from albakg.rdf.vocab import SH

FAMILY = "AGREE"
FILES = (
    DATA_TTL,
    DATA_JSONLD,
    DATA_NT,
    DATASET_TRIG,
    DATASET_NQ,
    ONTOLOGY_TTL,
    ONTOLOGY_OWL,
    SHAPES_TTL,
)
_RDFLIB_FORMATS = {
    ".ttl": "turtle",
    ".jsonld": "json-ld",
    ".nt": "nt",
    ".trig": "trig",
    ".nq": "nquads",
    ".owl": "xml",
}
_RAPPER_SYNTAX = {
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".trig": "trig",
    ".nq": "nquads",
    ".owl": "rdfxml",
}
SAMPLE = 5

Parser = Callable[[Path], list[ox.Quad]]


# ------------------------------------------------------------------------ parsers


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as the equal pyoxigraph term (plain literals are xsd:string)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term: object) -> Node:
    """A pyoxigraph term as the equal rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == str(XSD.string) else datatype)
    raise TypeError(f"not an RDF term: {term!r}")


def rdflib_quads(path: Path) -> list[ox.Quad]:
    fmt = _RDFLIB_FORMATS[path.suffix]
    ds = Dataset()
    ds.parse(path, format=fmt)
    out = []
    for s, p, o, ctx in ds.quads((None, None, None, None)):
        name = getattr(ctx, "identifier", ctx)
        graph = (
            ox.DefaultGraph()
            if name is None or str(name) == "urn:x-rdflib:default"
            else to_ox(name)
        )
        out.append(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph))  # type: ignore[arg-type]
    return out


def _nquads_text(text: str) -> list[ox.Quad]:
    return list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS))


def rapper_quads(path: Path) -> list[ox.Quad]:
    done = subprocess.run(
        ["rapper", "-q", "-i", _RAPPER_SYNTAX[path.suffix], "-o", "nquads", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if done.returncode != 0:
        raise ValueError(f"rapper: {done.stderr.strip()[:300] or 'exit ' + str(done.returncode)}")
    return _nquads_text(done.stdout)


def riot_reader(paths: Sequence[Path]) -> Parser:
    """A RIOT parser that reads every file in one Java run, started at once.

    Java's start-up takes seconds, so the run goes on in the background while the Python
    parsers read the same files.
    """
    pool = ThreadPoolExecutor(max_workers=1)
    batch = pool.submit(jena.riot_many, list(paths)) if paths else None
    pool.shutdown(wait=False)

    def parse(path: Path) -> list[ox.Quad]:
        try:
            outputs = batch.result() if batch is not None else {}
        except jena.JenaError:
            outputs = {}
        if path in outputs:
            return _nquads_text(outputs[path])
        return _nquads_text(jena.riot_nquads(path))  # one file at a time finds the culprit

    return parse


def pyoxigraph_quads(path: Path) -> list[ox.Quad]:
    return read_quads(path)


@dataclass(frozen=True)
class Reader:
    name: str
    parse: Parser
    handles: Callable[[Path], bool]


def readers(paths: Sequence[Path] = ()) -> tuple[list[Reader], list[Finding]]:
    """The parsers available here, and a not-run finding for each tool that is missing."""
    found = [
        Reader("rdflib", rdflib_quads, lambda p: p.suffix in _RDFLIB_FORMATS),
        Reader("pyoxigraph", pyoxigraph_quads, lambda p: True),
    ]
    missing = []
    if shutil.which("rapper"):
        found.append(Reader("rapper", rapper_quads, lambda p: p.suffix in _RAPPER_SYNTAX))
    else:
        missing.append(
            not_run(
                FAMILY,
                "parse-rapper",
                "Raptor (rapper) reads every file alike",
                "rapper is not installed (apt package raptor2-utils)",
            )
        )
    reason = jena.missing_reason()
    if reason is None:
        found.append(Reader("riot", riot_reader(paths), lambda p: True))
    else:
        missing.append(not_run(FAMILY, "parse-riot", "Jena RIOT reads every file alike", reason))
    return found, missing


# --------------------------------------------------------------------- comparison


def canonical_lines(quads: Sequence[ox.Quad]) -> set[str]:
    """The quads as canonical N-Quads lines (blank nodes relabelled by RDFC-1.0)."""
    if any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object, q.graph_name)):
        return set(canonical_nquads(quads).splitlines())
    return {f"{q} ." for q in quads}


def compare_file(path: Path, parsers: Sequence[Reader]) -> Finding:
    """One finding per file: whether all parsers that ran read the same quads."""
    code, title = f"parse {path.name}", f"Parsers agree on {path.name}"
    if not path.exists():
        return failed(FAMILY, code, title, Grade.ERROR, f"{path} is missing")
    results: dict[str, set[str]] = {}
    errors = []
    for reader in parsers:
        if not reader.handles(path):
            continue
        try:
            results[reader.name] = canonical_lines(reader.parse(path))
        except Exception as exc:  # any parser failure is the finding itself
            errors.append(f"{reader.name}: {str(exc).strip()[:300]}")
    return judge(code, title, results, errors)


def judge(code: str, title: str, results: dict[str, set[str]], errors: Sequence[str]) -> Finding:
    """Compare the parsers' readings with the first one's (rdflib's)."""
    if errors:
        return failed(FAMILY, code, title, Grade.ERROR, "could not be read", errors)
    names = list(results)
    reference = results[names[0]]
    differences = []
    for name in names[1:]:
        extra = sorted(results[name] - reference)[:SAMPLE]
        lost = sorted(reference - results[name])[:SAMPLE]
        differences += [f"{name} only: {q}" for q in extra]
        differences += [f"{names[0]} only (not {name}): {q}" for q in lost]
    if differences:
        return failed(FAMILY, code, title, Grade.ERROR, f"{', '.join(names)} disagree", differences)
    return passed(FAMILY, code, title, f"{', '.join(names)} agree on {len(reference)} quads")


def parser_findings(data: Path, files: Iterable[str] = FILES) -> list[Finding]:
    paths = [data / name for name in files]
    parsers, missing = readers([p for p in paths if p.exists()])
    return missing + [compare_file(path, parsers) for path in paths]


# ---------------------------------------------------------------------------- SHACL

ResultKey = tuple[str, str, str]


def _results(report: Graph) -> tuple[bool, set[ResultKey]]:
    """``sh:conforms`` and, per result, (focus node, path, constraint component)."""
    conforms = any(
        isinstance(o, Literal) and o.toPython() is True for o in report.objects(None, SH.conforms)
    )
    keys = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(r, SH.resultPath)
        keys.add(
            (
                str(report.value(r, SH.focusNode)),
                str(path) if isinstance(path, URIRef) else "(node or complex path)",
                str(report.value(r, SH.sourceConstraintComponent)).rsplit("#", 1)[-1],
            )
        )
    return conforms, keys


def union_graph(quads: Iterable[ox.Quad]) -> Graph:
    """All graphs of the dataset as one rdflib graph, as the build validates them."""
    g = Graph(bind_namespaces="none")
    for q in quads:
        g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return g


def pyshacl_result(data: Graph, shapes: Graph) -> tuple[bool, set[ResultKey]]:
    _, report, _ = pyshacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True
    )
    if not isinstance(report, Graph):
        raise ValueError(f"pySHACL could not run: {report}")
    return _results(report)


def jena_shapes(shapes: Graph) -> Graph:
    """The shapes with English messages only, for Jena.

    Jena 4.5 rejects several sh:message values on one shape or constraint (one per language
    is valid SHACL); messages never change whether data conforms.
    """
    out = Graph(bind_namespaces="none")
    for s, p, o in shapes:
        if p == SH.message and isinstance(o, Literal) and o.language not in (None, "en"):
            continue
        out.add((s, p, o))
    return out


def jena_result(data_nt: Path, shapes: Graph, work: Path) -> tuple[bool, set[ResultKey]]:
    shapes_file = work / "shapes-en.nt"
    shapes_file.write_text(jena_shapes(shapes).serialize(format="nt"), encoding="utf-8")
    report = Graph()
    report.parse(data=jena.shacl_validate(shapes_file, data_nt), format="turtle")
    return _results(report)


def shacl_findings(quads: Sequence[ox.Quad], shapes: Graph) -> list[Finding]:
    """The verdict of pySHACL, and Jena SHACL's confirmation of it."""
    data = union_graph(quads)
    out = []
    try:
        py_conforms, py_keys = pyshacl_result(data, shapes)
    except Exception as exc:
        return [failed(FAMILY, "shacl-pyshacl", "pySHACL", Grade.ERROR, f"could not run: {exc}")]
    out.append(
        passed(FAMILY, "shacl-pyshacl", "Data conforms to the shapes (pySHACL)", "conforms")
        if py_conforms
        else failed(
            FAMILY,
            "shacl-pyshacl",
            "Data conforms to the shapes (pySHACL)",
            Grade.ERROR,
            f"{len(py_keys)} violation(s)",
            _describe(py_keys),
        )
    )
    title = "Jena SHACL confirms pySHACL"
    reason = jena.missing_reason()
    if reason:
        return [*out, not_run(FAMILY, "shacl-jena", title, reason)]
    with tempfile.TemporaryDirectory(prefix="albakg-qc-") as tmp:
        work = Path(tmp)
        data_nt = work / "union.nt"
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        with data_nt.open("wb") as handle:
            ox.serialize(sorted(triples, key=str), handle, format=ox.RdfFormat.N_TRIPLES)
        try:
            jena_conforms, jena_keys = jena_result(data_nt, shapes, work)
        except jena.JenaError as exc:
            return [*out, failed(FAMILY, "shacl-jena", title, Grade.ERROR, str(exc))]
    only_jena = sorted(_describe(jena_keys - py_keys))
    only_py = sorted(_describe(py_keys - jena_keys))
    if jena_conforms == py_conforms and not only_jena and not only_py:
        verdict = "conforms" if jena_conforms else f"does not conform ({len(jena_keys)} results)"
        out.append(passed(FAMILY, "shacl-jena", title, f"both engines: {verdict}"))
    else:
        detail = [f"Jena only: {k}" for k in only_jena] + [f"pySHACL only: {k}" for k in only_py]
        out.append(
            failed(
                FAMILY,
                "shacl-jena",
                title,
                Grade.ERROR,
                f"Jena SHACL {'conforms' if jena_conforms else 'does not conform'}, "
                f"pySHACL {'conforms' if py_conforms else 'does not conform'}",
                detail,
            )
        )
    return out


def _describe(keys: Iterable[ResultKey]) -> list[str]:
    return [f"{focus} {path} [{component}]" for focus, path, component in keys]
