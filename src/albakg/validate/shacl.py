"""Validation stage: SHACL over the union of the named graphs, reported for curators.

pySHACL's own report is a graph; curators need sentences. Results are grouped by focus
node and path and carry the shape's message in the language asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from albakg.rdf.graph import new_dataset
from albakg.rdf.iris import ALBAKG, VOCAB_IRI
from albakg.rdf.vocab import PREFIXES, SH
from albakg.resources import ontology_file, shapes_file


@dataclass(frozen=True, order=True)
class Finding:
    """One SHACL result, in words."""

    focus: str
    path: str
    message: str
    value: str
    severity: str
    shape: str


@dataclass(frozen=True)
class Report:
    conforms: bool
    findings: tuple[Finding, ...]

    def text(self, limit: int = 200) -> str:
        if self.conforms:
            return "SHACL: the graph conforms to the shapes."
        lines = [f"SHACL: the graph does NOT conform ({len(self.findings)} problem(s)):"]
        for f in self.findings[:limit]:
            value = f" — value: {f.value}" if f.value else ""
            lines.append(f"  [{f.severity}] {f.focus}\n      {f.path}: {f.message}{value}")
        if len(self.findings) > limit:
            lines.append(f"  … and {len(self.findings) - limit} more")
        return "\n".join(lines)


def load_shapes() -> Graph:
    g = Graph(bind_namespaces="none")
    g.parse(shapes_file(), format="turtle")
    return g


def _short(term: object, graph: Graph) -> str:
    if isinstance(term, URIRef):
        for prefix, ns in PREFIXES.items():
            if str(term).startswith(str(ns)):
                return f"{prefix}:{str(term)[len(str(ns)) :]}"
        return f"<{term}>"
    if isinstance(term, Literal):
        text = str(term)
        return repr(text if len(text) <= 80 else text[:77] + "...")
    if isinstance(term, BNode):
        # a property path such as ( spdx:checksum spdx:checksumValue )
        items = list(graph.items(term)) if (term, RDF.first, None) in graph else []
        return " / ".join(_short(i, graph) for i in items) if items else "(path)"
    return str(term)


def short_term(term: object, graph: Graph) -> str:
    """A term as curators read it: prefixed name, shortened literal, path of names."""
    return _short(term, graph)


def _message(results: Graph, result: Node, shapes: Graph, lang: str) -> str:
    """The result's message in ``lang``.

    pySHACL drops language tags from ``sh:resultMessage`` (after filling in ``{?value}``),
    so each one is matched back to the tagged template of its constraint or shape.
    """
    produced = [str(m) for m in results.objects(result, SH.resultMessage)]
    templates: list[Literal] = []
    for key in (SH.sourceConstraint, SH.sourceShape):
        node = results.value(result, key)
        if node is not None:
            templates += [m for m in shapes.objects(node, SH.message) if isinstance(m, Literal)]
    wanted = [str(t) for t in templates if t.language == lang]
    for template in wanted:
        head = template.split("{", 1)[0]
        for message in produced:
            if message.startswith(head):
                return message
    if wanted:
        return wanted[0]
    return produced[0] if produced else "(no message)"


def validate_graph(data: Graph, shapes: Graph | None = None, lang: str = "en") -> Report:
    """Validate ``data`` (already the union of what is to be checked)."""
    shapes = shapes if shapes is not None else load_shapes()
    # pySHACL adds triples to the shapes graph it is given: hand it a copy, so that the
    # caller's graph still holds exactly what the shapes file says.
    working = Graph(bind_namespaces="none")
    for triple in shapes:
        working.add(triple)
    conforms, results, _ = shacl_validate(
        data,
        shacl_graph=working,
        inference="none",
        advanced=False,
        allow_warnings=True,
    )
    if not isinstance(results, Graph):
        raise ValueError(f"SHACL validation could not run: {results}")
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        findings.append(
            Finding(
                focus=_short(results.value(result, SH.focusNode), data),
                path=_short(results.value(result, SH.resultPath), shapes)
                if results.value(result, SH.resultPath) is not None
                else "(node)",
                message=_message(results, result, shapes, lang),
                value=_short(results.value(result, SH.value), data)
                if results.value(result, SH.value) is not None
                else "",
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                shape=_short(results.value(result, SH.sourceShape), shapes),
            )
        )
    return Report(bool(conforms), tuple(sorted(set(findings))))


def union_of(ds: Dataset, graphs: Iterable[URIRef] | None = None) -> Graph:
    """Copy the given named graphs (default: all) of ``ds`` into one graph."""
    g = Graph(bind_namespaces="none")
    wanted = set(graphs) if graphs is not None else None
    for ctx in ds.graphs():
        if wanted is not None and ctx.identifier not in wanted:
            continue
        for triple in ctx:
            g.add(triple)
    return g


_FORMATS = {
    ".ttl": ("turtle", "TURTLE"),
    ".nt": ("nt", "N_TRIPLES"),
    ".jsonld": ("json-ld", "JSON_LD"),
    ".json": ("json-ld", "JSON_LD"),
    ".trig": ("trig", "TRIG"),
    ".nq": ("nquads", "N_QUADS"),
    ".owl": ("xml", "RDF_XML"),
    ".rdf": ("xml", "RDF_XML"),
}


#: Extensions parsed as RDF/XML, the one syntax with a DTD (and so entity expansion).
RDFXML_SUFFIXES = frozenset(s for s, (fmt, _) in _FORMATS.items() if fmt == "xml")


class ParseError(ValueError):
    """An RDF file does not parse; the message gives the file, line and column."""


def parse_any(path: Path) -> Graph:
    """Parse a serialization by its extension into one graph (named graphs merged).

    pyoxigraph reads the file first because its syntax errors carry line and column; rdflib
    then builds the graph that pySHACL validates.
    """
    if path.suffix not in _FORMATS:
        raise ParseError(f"{path}: unknown RDF file extension {path.suffix!r}")
    rdflib_format, ox_format = _FORMATS[path.suffix]
    try:
        for _ in ox.parse(path=str(path), format=getattr(ox.RdfFormat, ox_format)):
            pass
    except SyntaxError as exc:
        where = f"line {exc.lineno}, column {exc.offset}" if exc.lineno else "unknown position"
        raise ParseError(f"{path}: {where}: {exc.msg}") from exc
    if rdflib_format in ("trig", "nquads"):
        ds = new_dataset()
        ds.parse(path, format=rdflib_format)
        return union_of(ds)
    g = Graph(bind_namespaces="none")
    g.parse(path, format=rdflib_format)
    return g


class NothingToValidateError(ValueError):
    """The files hold no data the shapes could be checked against."""


@dataclass(frozen=True)
class Prepared:
    """The graph to validate, and what was done to it that the user must be told."""

    graph: Graph
    notes: tuple[str, ...]


def prepare_files(paths: Sequence[Path]) -> Prepared:
    """Merge the files into one graph, adding the vocabulary when none of them holds it.

    The shapes rely on the vocabulary's class hierarchy (``sh:class albakg:Actor`` is met by
    a ``albakg:Person`` only through ``rdfs:subClassOf``), so data validated without it shows
    hundreds of false violations. The vocabulary published beside the first file
    (``ontology.ttl`` in the same folder) is preferred, else the one albakg carries.
    """
    union = Graph(bind_namespaces="none")
    for path in paths:
        for triple in parse_any(path):
            union.add(triple)
    return with_vocabulary(union, paths)


def with_vocabulary(union: Graph, paths: Sequence[Path]) -> Prepared:
    """``union`` checked to be data, with the vocabulary added unless it holds it (see above)."""
    names = ", ".join(p.name for p in paths)
    if len(union) == 0:
        raise NothingToValidateError(f"{names}: no RDF statements to validate (a JSON-LD context?)")
    own_types = {o for o in union.objects(None, RDF.type) if str(o).startswith(str(ALBAKG))}
    if not own_types and (None, RDF.type, SH.NodeShape) in union:
        raise NothingToValidateError(
            f"{names}: these are SHACL shapes, not data; validate the data files "
            "(albakg.trig, or albakg.ttl / .jsonld / .nt) against them"
        )
    notes = []
    if (URIRef(VOCAB_IRI), RDF.type, OWL.Ontology) not in union:
        sibling = paths[0].parent / "ontology.ttl"
        source = sibling if sibling.is_file() else ontology_file()
        union.parse(source, format="turtle")
        notes.append(
            f"note: the vocabulary was added from {source}: the shapes need its class "
            "hierarchy, so data validated without it would show false violations"
        )
    return Prepared(union, tuple(notes))
