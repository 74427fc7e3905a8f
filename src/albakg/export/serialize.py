"""Export stage: write every serialization deterministically.

The line formats are written by pyoxigraph (16-20 times faster than rdflib's writers on
the same graph) and then sorted, because neither library keeps a stable order across
``PYTHONHASHSEED``. The JSON-LD is compacted by rdflib against a context built from the
terms actually used, then ordered and nested by this module.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, TIME, XSD
from rdflib.term import Node

from albakg.rdf.graph import GraphNames, bind_prefixes
from albakg.rdf.iris import ALBAKG, IriScheme
from albakg.rdf.vocab import PREFIXES, SPDX
from albakg.resources import ontology_file, shapes_file

#: File names of the outputs, in the order ``build`` reports them.
DATA_TTL = "albakg.ttl"
DATA_JSONLD = "albakg.jsonld"
DATA_NT = "albakg.nt"
DATASET_TRIG = "albakg.trig"
DATASET_NQ = "albakg.nq"
ONTOLOGY_TTL = "ontology.ttl"
ONTOLOGY_OWL = "ontology.owl"
SHAPES_TTL = "shapes.ttl"
CONTEXT = "context.jsonld"

#: Node types worth embedding in the one node that refers to them.
_NESTABLE = (ALBAKG.Evidence, TIME.Interval, TIME.Instant, SPDX.Checksum)


@dataclass(frozen=True)
class Written:
    """One output file. ``triples`` counts statements: quads for TriG and N-Quads (``unit``)."""

    name: str
    triples: int
    bytes: int
    unit: str = "triples"


def sorted_lines(text: str) -> str:
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "\n".join(lines) + "\n"


def _ox_term(term: Node, cache: dict[Node, Any]) -> Any:
    """The pyoxigraph term for an rdflib term; IRIs repeat, so each is converted once."""
    found = cache.get(term)
    if found is not None:
        return found
    converted: Any
    if isinstance(term, URIRef):
        converted = ox.NamedNode(str(term))
    elif isinstance(term, Literal):
        if term.language:
            converted = ox.Literal(str(term), language=term.language)
        elif term.datatype is not None:
            converted = ox.Literal(str(term), datatype=_ox_term(term.datatype, cache))
        else:
            converted = ox.Literal(str(term))
    elif isinstance(term, BNode):
        converted = ox.BlankNode(str(term))
    else:
        raise TypeError(f"cannot write the RDF term {term!r}")
    cache[term] = converted
    return converted


def ox_triples(g: Graph, cache: dict[Node, Any] | None = None) -> list[ox.Triple]:
    """The triples of ``g`` as pyoxigraph values, in the graph's own (unstable) order."""
    cache = {} if cache is None else cache
    return [ox.Triple(_ox_term(s, cache), _ox_term(p, cache), _ox_term(o, cache)) for s, p, o in g]


def _line_format(items: list[Any], fmt: ox.RdfFormat) -> str:
    data = ox.serialize(items, format=fmt)
    assert data is not None
    return sorted_lines(data.decode("utf-8"))


def ntriples(g: Graph) -> str:
    return _line_format(ox_triples(g), ox.RdfFormat.N_TRIPLES)


def nquads(ds: Dataset) -> str:
    cache: dict[Node, Any] = {}
    quads = [
        ox.Quad(
            _ox_term(s, cache),
            _ox_term(p, cache),
            _ox_term(o, cache),
            ox.DefaultGraph() if c is None else _ox_term(c, cache),
        )
        for s, p, o, c in ds.quads((None, None, None, None))
    ]
    return _line_format(quads, ox.RdfFormat.N_QUADS)


def _turtle_key(t: ox.Triple) -> tuple[str, str, str]:
    return (str(t.subject), str(t.predicate), str(t.object))


#: The prefix of a prefixed name (one pass over the text; words in literals may match too,
#: which at worst keeps a prefix declared).
_PREFIXED = re.compile(r"(?<![\w.:<-])([A-Za-z][\w-]*):")


def _prefix_block(text: str, prefixes: dict[str, str]) -> tuple[str, str]:
    """Split pyoxigraph's output into our own sorted header (used prefixes only) and body.

    pyoxigraph writes every prefix it is given, in the order given; a header of only the
    prefixes the body uses, sorted, reads like the vocabulary files and never depends on
    the order a caller bound them in.
    """
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if not line.startswith("@prefix ")), 0)
    body = "\n".join(lines[first:]).strip("\n")
    names = set(_PREFIXED.findall(body))
    used = sorted((p, ns) for p, ns in prefixes.items() if p in names)
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in used), _spaced(body)


#: The end of a subject's block not followed by the end of its named graph; and the end
#: of a named graph followed by another.
_BLOCK_END = re.compile(r" \.\n(?!\})")
_GRAPH_END = re.compile(r"\n\}\n(?=.)")


def _spaced(body: str) -> str:
    """A blank line after each subject's block and each named graph, for people reading it.

    pyoxigraph escapes line breaks inside literals, so every line ending in `` .`` or
    ``}`` closes a block.
    """
    return _GRAPH_END.sub("\n}\n\n", _BLOCK_END.sub(" .\n\n", body))


def _turtle_from(triples: list[ox.Triple], prefixes: dict[str, str]) -> str:
    ordered = sorted(dict.fromkeys(triples), key=_turtle_key)
    data = ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    assert data is not None
    head, body = _prefix_block(data.decode("utf-8"), prefixes)
    return f"{head}\n{body}\n"


def _trig_from(
    graphs: dict[URIRef, list[ox.Triple]], order: list[URIRef], prefixes: dict[str, str]
) -> str:
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(str(name)))
        for name in order
        for t in sorted(dict.fromkeys(graphs[name]), key=_turtle_key)
    ]
    data = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes)
    assert data is not None
    head, body = _prefix_block(data.decode("utf-8"), prefixes)
    return f"{head}\n{body}\n"


def _prefixes_of(g: Graph | Dataset) -> dict[str, str]:
    return {p: str(ns) for p, ns in g.namespaces() if p}


def turtle(g: Graph) -> str:
    """Turtle, subjects and their statements sorted, written by pyoxigraph."""
    return _turtle_from(ox_triples(g), _prefixes_of(g))


def trig(ds: Dataset, order: list[URIRef]) -> str:
    """TriG with the named graphs in a fixed order, each sorted as in ``turtle``."""
    cache: dict[Node, Any] = {}
    graphs = {name: ox_triples(ds.graph(name), cache) for name in order}
    return _trig_from(graphs, order, _prefixes_of(ds))


def rdfxml(g: Graph) -> str:
    """RDF/XML for OWL tools (Protégé, owlready2), written by pyoxigraph from sorted triples.

    rdflib's XML writers follow set order (not reproducible) and its pretty writer drops
    statements about list nodes; pyoxigraph writes triples in the order given.
    """
    nt = ntriples(g)
    triples = list(ox.parse(nt.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    prefixes = {p: str(ns) for p, ns in g.namespaces() if p}
    data = ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=prefixes)
    assert data is not None
    return data.decode("utf-8")


# ---------------------------------------------------------------------------- JSON-LD


def _local(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            iri = iri.rsplit(sep, 1)[-1]
    return iri


def build_context(g: Graph, iris: IriScheme) -> dict[str, Any]:
    """A context with a term for each property and class used, and only the prefixes needed."""
    predicates = sorted({p for p in g.predicates() if isinstance(p, URIRef)})
    classes = sorted({o for o in g.objects(None, RDF.type) if isinstance(o, URIRef)})
    names: Counter[str] = Counter(_local(str(t)) for t in [*predicates, *classes])
    terms: dict[str, Any] = {}
    used_ns: set[str] = set()

    def prefixed(iri: URIRef) -> str:
        for prefix, ns in PREFIXES.items():
            if str(iri).startswith(str(ns)):
                used_ns.add(prefix)
                return f"{prefix}:{str(iri)[len(str(ns)) :]}"
        return str(iri)

    def term_name(iri: URIRef) -> str:
        local = _local(str(iri))
        if names[local] == 1 and local and local[0].isalpha() and ":" not in local:
            return local
        return prefixed(iri).replace(":", "_")

    for p in predicates:
        if p == RDF.type:
            continue
        objects = list(g.objects(None, p))
        definition: dict[str, Any] = {"@id": prefixed(p)}
        if all(isinstance(o, URIRef) for o in objects):
            definition["@type"] = "@id"
        elif all(isinstance(o, Literal) and o.language for o in objects):
            definition["@container"] = "@language"
        else:
            datatypes = {o.datatype for o in objects if isinstance(o, Literal)}
            if (
                all(isinstance(o, Literal) and not o.language for o in objects)
                and len(datatypes) == 1
            ):
                (dt,) = datatypes
                if dt is not None and dt != XSD.string:
                    definition["@type"] = prefixed(dt)
        terms[term_name(p)] = definition
    for c in classes:
        terms[term_name(c)] = prefixed(c)
    context: dict[str, Any] = {}
    for prefix in sorted(used_ns | {"xsd"}):
        context[prefix] = str(PREFIXES[prefix])
    for short in ("id", "work", "doc", "statement", "claim", "graph"):
        context[short] = f"{iris.base}{short}/"
    context.update(dict(sorted(terms.items())))
    return context


def _nest(nodes: list[dict[str, Any]], nestable: set[str]) -> list[dict[str, Any]]:
    """Embed each nestable node in the single node that refers to it."""
    by_id = {n["@id"]: n for n in nodes}
    refs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for n in nodes:
        for key, value in n.items():
            if key.startswith("@"):
                continue
            for v in value if isinstance(value, list) else [value]:
                target = v if isinstance(v, str) else v.get("@id") if isinstance(v, dict) else None
                if (
                    isinstance(target, str)
                    and target in by_id
                    and len(v if isinstance(v, dict) else {"x": 1}) == 1
                ):
                    refs[target].append((n["@id"], key))
    embedded: set[str] = set()
    # deepest first: instants into intervals before intervals into statements
    for node_id in sorted(refs, key=lambda i: -i.count("/")):
        if node_id not in nestable or len(refs[node_id]) != 1:
            continue
        parent_id, key = refs[node_id][0]
        if parent_id in embedded and parent_id not in by_id:
            continue
        parent = by_id[parent_id]
        value = parent[key]
        child = by_id[node_id]
        if isinstance(value, list):
            parent[key] = [child if _ref(v) == node_id else v for v in value]
        else:
            parent[key] = child
        embedded.add(node_id)
    return [n for n in nodes if n["@id"] not in embedded]


def _sorted_values(value: Any) -> Any:
    """Sort every JSON array (the data holds no RDF lists, so order carries no meaning)."""
    if isinstance(value, dict):
        return {k: _sorted_values(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_values(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


#: Integer datatypes whose canonical lexical form a JSON number carries without loss: JSON-LD
#: turns a number with no fraction back into that form, typed by the term's ``@type``.
_INTEGER_TYPES = frozenset(
    f"xsd:{name}" for name in ("integer", "nonNegativeInteger", "positiveInteger")
)
#: Larger numbers lose precision in readers that hold JSON numbers as doubles.
_SAFE_INTEGER = 2**53 - 1


def native_integers(node: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    """Offsets, sizes and counts as JSON numbers, so that JSON readers need not convert them.

    Only where nothing is lost: the term is coerced to an integer datatype and the string is
    that datatype's canonical form (no sign, no leading zero). Dates stay strings, since a JSON
    number cannot keep a ``xsd:gYear`` apart from an integer.
    """

    def convert(value: Any) -> Any:
        if isinstance(value, list):
            return [convert(v) for v in value]
        if isinstance(value, str) and value.isdigit() and str(int(value)) == value:
            number = int(value)
            return number if number <= _SAFE_INTEGER else value
        return value

    out: dict[str, Any] = {}
    for key, value in node.items():
        term = context.get(key)
        if isinstance(term, dict) and term.get("@type") in _INTEGER_TYPES:
            out[key] = convert(value)
        else:
            out[key] = value
    return out


def _ref(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and set(value) == {"@id"}:
        return str(value["@id"])
    return None


def jsonld(g: Graph, iris: IriScheme) -> tuple[str, dict[str, Any]]:
    """Compacted JSON-LD (context inline) and the context on its own."""
    context = build_context(g, iris)
    compacted = json.loads(
        g.serialize(format="json-ld", context=context, auto_compact=False, sort_keys=True)
    )
    nodes = compacted.get("@graph", [])
    if not nodes and "@id" in compacted:
        nodes = [{k: v for k, v in compacted.items() if k != "@context"}]
    expand_id = {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("/", "#"))}

    def full(iri: str) -> str:
        if ":" in iri:
            prefix, rest = iri.split(":", 1)
            if prefix in expand_id:
                return expand_id[prefix] + rest
        return iri

    nestable: set[str] = set()
    for t in _NESTABLE:
        for s in g.subjects(RDF.type, t):
            nestable.add(str(s))
    compact_nestable = {n["@id"] for n in nodes if full(n["@id"]) in nestable}
    nodes = [_sorted_values(native_integers(n, context)) for n in nodes]
    nodes = _nest(sorted(nodes, key=lambda n: n["@id"]), compact_nestable)
    body = json.dumps(nodes, ensure_ascii=False)
    for short in ("id", "work", "doc", "statement", "claim", "graph"):
        if f'"{short}:' not in body:
            del context[short]
    document = {"@context": context, "@graph": nodes}
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False)
    return text + "\n", {"@context": context}


def write_all(
    ds: Dataset, ontology: Graph, shapes: Graph, iris: IriScheme, out: Path
) -> list[Written]:
    """Write every output into ``out`` (which must exist and be empty)."""
    names = GraphNames.of(iris)
    data = Graph(bind_namespaces="none")
    bind_prefixes(data, iris)
    for name in (names.data, names.provenance):
        for triple in ds.graph(name):
            data.add(triple)
    onto = Graph(bind_namespaces="none")
    bind_prefixes(onto, iris)
    for triple in ontology:
        onto.add(triple)
    written: list[Written] = []

    def put(name: str, text: str, triples: int, unit: str = "triples") -> None:
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(Written(name, triples, path.stat().st_size, unit))

    jsonld_text, context = jsonld(data, iris)
    order = [names.vocabulary, names.data, names.provenance]
    cache: dict[Node, Any] = {}
    graphs = {name: ox_triples(ds.graph(name), cache) for name in order}
    data_triples = list(dict.fromkeys([*graphs[names.data], *graphs[names.provenance]]))
    total = sum(len(graphs[n]) for n in order)
    put(DATA_TTL, _turtle_from(data_triples, _prefixes_of(data)), len(data))
    put(DATA_JSONLD, jsonld_text, len(data))
    put(DATA_NT, _line_format(data_triples, ox.RdfFormat.N_TRIPLES), len(data))
    put(DATASET_TRIG, _trig_from(graphs, order, _prefixes_of(ds)), total, "quads")
    quads = [
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(str(name)))
        for name in order
        for t in graphs[name]
    ]
    put(DATASET_NQ, _line_format(quads, ox.RdfFormat.N_QUADS), total, "quads")
    # The vocabulary and shapes are published as curated (comments and layout kept).
    put(ONTOLOGY_TTL, ontology_file().read_text(encoding="utf-8"), len(onto))
    put(ONTOLOGY_OWL, rdfxml(onto), len(onto))
    # Counted from the file: the graph given to pySHACL may have grown during validation.
    shapes_text = shapes_file().read_text(encoding="utf-8")
    put(SHAPES_TTL, shapes_text, len(Graph(bind_namespaces="none").parse(data=shapes_text)))
    put(CONTEXT, json.dumps(context, ensure_ascii=False, indent=2) + "\n", 0)
    return written
