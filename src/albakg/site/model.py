"""What the site shows, read from a built dataset in a few SPARQL queries.

Pages are many (one per entity, claim, work and statement, in two languages) but the
questions are few: the data graph is read once into an index by subject, labels and types
once, the vocabulary and shapes once. Every page is then rendered from memory, which keeps
a site of the whole article to seconds.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from albakg.sparql.store import dataset_base, open_store, run_query
from albakg.text.document import Document, normalize, segment

LANGS = ("es", "en")
SHAPES_FILE = "shapes.ttl"
SHAPES_GRAPH = "urn:albakg:site:shapes"

ALBAKG = "https://w3id.org/albakg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
OWL = "http://www.w3.org/2002/07/owl#"


class SiteError(ValueError):
    """A data folder the site cannot be made from; the message names the file and the fix."""


Term = ox.NamedNode | ox.Literal | ox.BlankNode


@dataclass
class Span:
    """A stretch of the raw text that something rests on: evidence, mention or citation."""

    iri: str
    doc: str
    start: int
    end: int
    exact: str
    normalized: str
    before: str = ""
    after: str = ""
    target: str | None = None  # the entity a mention names, the work a citation cites


@dataclass
class SiteData:
    """Everything the pages need, keyed by IRI."""

    base: str
    data: Path
    labels: dict[str, dict[str, str]]
    types: dict[str, set[str]]
    props: dict[str, dict[str, list[Term]]]
    incoming: dict[str, dict[str, list[str]]]
    evidence: dict[str, Span]
    mentions: list[Span]
    citations: list[Span]
    documents: dict[str, Document]
    vocab: dict[str, dict[str, list[Term]]]
    shapes: list[dict[str, str]]
    store: ox.Store
    resting: dict[str, list[str]] = field(default_factory=dict)

    # ------------------------------------------------------------------ look-ups
    def label(self, iri: str, lang: str) -> str:
        """The label in ``lang``, else Spanish, else English, else a short form of the IRI."""
        found = self.labels.get(iri, {})
        for tag in (lang, "es", "en", ""):
            if tag in found:
                return found[tag]
        return self.short(iri)

    def short(self, iri: str) -> str:
        """The IRI with the project's prefix for it (``id:``, ``claim:``, ``albakg:`` …)."""
        for prefix, ns in self.prefixes().items():
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns) :]}"
        return iri

    def prefixes(self) -> dict[str, str]:
        """Every namespace of the project, longest first so that ``doc:`` never hides one."""
        found = {
            "claim": self.base + "claim/",
            "statement": self.base + "statement/",
            "id": self.base + "id/",
            "work": self.base + "work/",
            "doc": self.base + "doc/",
            "graph": self.base + "graph/",
            "albakg": ALBAKG,
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            "rdfs": RDFS,
            "owl": OWL,
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "skos": SKOS,
            "dcterms": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "org": "http://www.w3.org/ns/org#",
            "prov": "http://www.w3.org/ns/prov#",
            "time": "http://www.w3.org/2006/time#",
            "nif": NIF,
            "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
            "fabio": "http://purl.org/spar/fabio/",
            "cito": "http://purl.org/spar/cito/",
            "c4o": "http://purl.org/spar/c4o/",
            "biro": "http://purl.org/spar/biro/",
            "frbr": "http://purl.org/vocab/frbr/core#",
            "schema": "https://schema.org/",
            "spdx": "http://spdx.org/rdf/terms#",
            "sh": "http://www.w3.org/ns/shacl#",
            "wd": "http://www.wikidata.org/entity/",
        }
        return dict(sorted(found.items(), key=lambda kv: -len(kv[1])))

    def values(self, iri: str, prop: str) -> list[Term]:
        return self.props.get(iri, {}).get(prop, [])

    def iris(self, iri: str, prop: str) -> list[str]:
        """Object IRIs of ``prop``, sorted so that pages list them in a fixed order."""
        return sorted(v.value for v in self.values(iri, prop) if isinstance(v, ox.NamedNode))

    def literal(self, iri: str, prop: str, lang: str | None = None) -> str | None:
        """One literal of ``prop``, in ``lang`` when the literal has a language."""
        plain = None
        for v in self.values(iri, prop):
            if isinstance(v, ox.Literal):
                if v.language == lang or (lang and v.language is None) or lang is None:
                    return v.value
                if plain is None and v.language in (None, "es"):
                    plain = v.value
        return plain

    def of_type(self, cls: str) -> list[str]:
        """Resources of the data graph typed ``cls`` (directly), sorted by IRI."""
        return sorted(s for s, ts in self.types.items() if cls in ts)

    def evidence_of(self, iri: str) -> list[Span]:
        spans = [self.evidence[e] for e in self.iris(iri, ALBAKG + "hasEvidence")]
        return sorted((s for s in spans), key=lambda s: (s.doc, s.start, s.end))

    def select(self, query: str) -> list[dict[str, Term | None]]:
        """Rows of a SELECT over the union default graph."""
        results = run_query(self.store, query)
        assert isinstance(results, ox.QuerySolutions)
        names = [v.value for v in results.variables]
        return [{n: row[n] for n in names} for row in results]


def _rows(store: ox.Store, query: str) -> list[ox.QuerySolution]:
    results = run_query(store, query)
    assert isinstance(results, ox.QuerySolutions)
    return list(results)


def _index(rows: list[ox.QuerySolution]) -> dict[str, dict[str, list[Term]]]:
    index: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        s, p, o = row["s"], row["p"], row["o"]
        if isinstance(s, ox.NamedNode) and isinstance(p, ox.NamedNode) and o is not None:
            index[s.value][p.value].append(o)
    for by_prop in index.values():
        for values in by_prop.values():
            values.sort(key=str)
    return {s: dict(ps) for s, ps in index.items()}


def _int(term: Term | None) -> int:
    return int(term.value) if isinstance(term, ox.Literal) else 0


def _str(term: Term | None) -> str:
    return term.value if term is not None else ""


def _doc_id(base: str, text_iri: str) -> str:
    return text_iri[len(base + "doc/") :].removesuffix(".txt")


def _spans(store: ox.Store, base: str, where: str) -> list[Span]:
    query = f"""
    SELECT ?s ?ctx ?b ?e ?exact ?norm ?before ?after ?target WHERE {{
      ?s nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?exact ; nif:referenceContext ?ctx .
      OPTIONAL {{ ?s albakg:normalizedText ?norm }}
      OPTIONAL {{ ?s nif:before ?before }} OPTIONAL {{ ?s nif:after ?after }}
      {where}
    }}"""
    spans = []
    for row in _rows(store, query):
        s, ctx = row["s"], row["ctx"]
        if not isinstance(s, ox.NamedNode) or not isinstance(ctx, ox.NamedNode):
            continue
        target = row["target"]
        spans.append(
            Span(
                iri=s.value,
                doc=_doc_id(base, ctx.value),
                start=_int(row["b"]),
                end=_int(row["e"]),
                exact=_str(row["exact"]),
                normalized=_str(row["norm"]) or _str(row["exact"]),
                before=_str(row["before"]),
                after=_str(row["after"]),
                target=target.value if isinstance(target, ox.NamedNode) else None,
            )
        )
    return sorted(spans, key=lambda x: (x.doc, x.start, x.end, x.iri))


def _documents(store: ox.Store, base: str, data: Path) -> dict[str, Document]:
    """Each source text, from the full text the provenance graph holds, segmented again.

    The text stage is deterministic, so its paragraphs are the ones the build anchored; the
    recorded checksum proves the text is the one the offsets were computed on.
    """
    rows = _rows(
        store,
        "SELECT ?text ?raw ?sum WHERE { ?doc frbr:embodiment ?text . ?text nif:isString ?raw ; "
        "spdx:checksum/spdx:checksumValue ?sum }",
    )
    docs = {}
    for row in rows:
        text = row["text"]
        if not isinstance(text, ox.NamedNode):
            continue
        doc_id = _doc_id(base, text.value)
        raw = _str(row["raw"])
        data_bytes = raw.encode("utf-8")
        digest = hashlib.sha256(data_bytes).hexdigest()
        if digest != _str(row["sum"]).lower():
            raise SiteError(
                f"{data}/albakg.trig: the text of {doc_id!r} does not match its recorded SHA-256; "
                "rebuild the dataset"
            )
        norm = normalize(raw)
        sections, headings, paragraphs, sentences = segment(doc_id, raw, norm)
        docs[doc_id] = Document(
            id=doc_id,
            path=data / f"{doc_id}.txt",
            raw=raw,
            sha256=digest,
            normalized=norm,
            sections=sections,
            headings=headings,
            paragraphs=paragraphs,
            sentences=sentences,
        )
    return docs


def load_site_data(data: Path) -> SiteData:
    """Read a built dataset folder (``albakg build`` output) for the site."""
    if not (data / "albakg.trig").exists():
        raise SiteError(f"{data}/albakg.trig: no built dataset here; run `albakg build` first")
    try:
        store = open_store(data)
        if (data / SHAPES_FILE).exists():
            store.bulk_load(
                path=str(data / SHAPES_FILE),
                format=ox.RdfFormat.TURTLE,
                to_graph=ox.NamedNode(SHAPES_GRAPH),
            )
    except (OSError, SyntaxError, ValueError) as exc:
        raise SiteError(f"{data}: the built dataset cannot be read ({exc})") from exc
    base = dataset_base(store)
    if base is None:
        raise SiteError(f"{data}/albakg.trig: no data graph (…/graph/data) in the dataset")
    data_graph = base + "graph/data"
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    label_rows = _rows(
        store,
        "SELECT ?s ?l WHERE { { ?s rdfs:label ?l } UNION { ?s skos:prefLabel ?l } "
        "FILTER (isIRI(?s)) } ORDER BY ?s ?l",
    )
    for row in label_rows:
        s, lit = row["s"], row["l"]
        if isinstance(s, ox.NamedNode) and isinstance(lit, ox.Literal):
            labels[s.value].setdefault(lit.language or "", lit.value)
    triples = _rows(store, f"SELECT ?s ?p ?o WHERE {{ GRAPH <{data_graph}> {{ ?s ?p ?o }} }}")
    props = _index(triples)
    types: dict[str, set[str]] = defaultdict(set)
    incoming: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s, by_prop in props.items():
        for p, values in by_prop.items():
            for o in values:
                if p == RDF_TYPE and isinstance(o, ox.NamedNode):
                    types[s].add(o.value)
                elif isinstance(o, ox.NamedNode) and p != ALBAKG + "hasEvidence":
                    incoming[o.value][p].append(s)
    vocab_rows = _rows(
        store, f"SELECT ?s ?p ?o WHERE {{ GRAPH <{base}graph/vocabulary> {{ ?s ?p ?o }} }}"
    )
    evidence = {s.iri: s for s in _spans(store, base, "?s a albakg:Evidence .")}
    resting: dict[str, list[str]] = defaultdict(list)
    for s, by_prop in props.items():
        for ev in by_prop.get(ALBAKG + "hasEvidence", []):
            resting[ev.value].append(s)
    site = SiteData(
        base=base,
        data=data,
        labels=dict(labels),
        types=dict(types),
        props=props,
        incoming={k: dict(v) for k, v in incoming.items()},
        evidence=evidence,
        mentions=_spans(store, base, "?s a albakg:Mention ; itsrdf:taIdentRef ?target ."),
        citations=_spans(
            store,
            base,
            "?s a albakg:InTextCitation ; c4o:denotes/biro:references ?target .",
        ),
        documents=_documents(store, base, data),
        vocab=_index(vocab_rows),
        shapes=_shape_rows(store),
        store=store,
        resting={k: sorted(set(v)) for k, v in resting.items()},
    )
    return site


def _shape_rows(store: ox.Store) -> list[dict[str, str]]:
    """One row per constraint the shapes state: target class, path, kind, value, message."""
    query = f"""
    PREFIX sh: <http://www.w3.org/ns/shacl#>
    SELECT ?target ?path ?param ?value ?msg_es ?msg_en WHERE {{
      GRAPH <{SHAPES_GRAPH}> {{
        ?shape sh:targetClass ?target .
        {{ ?shape sh:property ?ps . ?ps sh:path ?path .
           ?ps ?param ?value .
           FILTER (?param IN (sh:minCount, sh:maxCount, sh:datatype, sh:class, sh:nodeKind,
                              sh:pattern, sh:in, sh:hasValue, sh:uniqueLang, sh:languageIn,
                              sh:qualifiedMinCount, sh:qualifiedMaxCount, sh:minInclusive,
                              sh:maxInclusive, sh:or))
           OPTIONAL {{ ?ps sh:message ?msg_es FILTER (LANG(?msg_es) = "es") }}
           OPTIONAL {{ ?ps sh:message ?msg_en FILTER (LANG(?msg_en) = "en") }} }}
        UNION
        {{ ?shape sh:sparql ?c . BIND ("sparql" AS ?param) BIND ("" AS ?value)
           OPTIONAL {{ ?c sh:message ?msg_es FILTER (LANG(?msg_es) = "es") }}
           OPTIONAL {{ ?c sh:message ?msg_en FILTER (LANG(?msg_en) = "en") }} }}
      }}
    }}"""
    rows = []
    for row in _rows(store, query):
        param, value = row["param"], row["value"]
        path = row["path"]
        rows.append(
            {
                "target": _str(row["target"]),
                "path": path.value if isinstance(path, ox.NamedNode) else "",
                "param": _str(param).rsplit("#", 1)[-1],
                "value": _list_text(store, value)
                if isinstance(value, ox.BlankNode)
                else _str(value),
                "es": _str(row["msg_es"]),
                "en": _str(row["msg_en"]),
            }
        )
    rows.sort(key=lambda r: (r["target"], r["path"], r["param"], r["value"], r["es"]))
    return rows


def _list_text(store: ox.Store, head: ox.BlankNode) -> str:
    """An RDF list (``sh:in``, ``sh:languageIn``) written as its items, comma-separated."""
    items = []
    node: Term | None = head
    first = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#first")
    rest = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#rest")
    graph = ox.NamedNode(SHAPES_GRAPH)
    for _ in range(100):
        if not isinstance(node, ox.BlankNode):
            break
        heads = list(store.quads_for_pattern(node, first, None, graph))
        if not heads:
            break
        item = heads[0].object
        if isinstance(item, ox.BlankNode):
            # A shape inside sh:or: described by its own constraints (blank-node ids vary).
            parts = sorted(
                f"{q.predicate.value.rsplit('#', 1)[-1]} {q.object.value}"
                for q in store.quads_for_pattern(item, None, None, graph)
                if isinstance(q.object, ox.NamedNode | ox.Literal)
            )
            items.append(" ".join(parts))
        elif isinstance(item, ox.NamedNode | ox.Literal):
            items.append(item.value)
        tails = list(store.quads_for_pattern(node, rest, None, graph))
        node = tails[0].object if tails else None  # type: ignore[assignment]
    return ", ".join(items)
