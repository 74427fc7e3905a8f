"""The SPARQL 1.1 Service Description returned by ``GET /sparql`` without a query."""

from __future__ import annotations

import pyoxigraph as ox

from albakg.serve.context import Site

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
VOID_TRIPLES = "http://rdfs.org/ns/void#triples"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
SD_PREFIXES = {
    "sd": SD,
    "formats": FORMATS_NS,
    "void": "http://rdfs.org/ns/void#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}
SD_FORMATS = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle",
    "application/ld+json": "JSON-LD",
    "application/n-triples": "N-Triples",
    "application/rdf+xml": "RDF_XML",
}


def _count(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(XSD_INTEGER))


def describe_service(endpoint: str, site: Site, limits: str) -> list[ox.Triple]:
    """Languages, formats, features and the dataset with the size of each graph."""
    sd = ox.NamedNode
    me = sd(endpoint + "#service")
    dataset = sd(endpoint + "#dataset")
    default_graph = sd(endpoint + "#default-graph")
    a = sd(RDF_TYPE)
    comment = ox.Literal(f"Read-only albakg endpoint; {limits}.", language="en")
    triples = [
        ox.Triple(me, a, sd(SD + "Service")),
        ox.Triple(me, sd(SD + "endpoint"), sd(endpoint)),
        ox.Triple(me, sd(SD + "supportedLanguage"), sd(SD + "SPARQL11Query")),
        ox.Triple(me, sd(SD + "feature"), sd(SD + "UnionDefaultGraph")),
        ox.Triple(me, sd(SD + "defaultDataset"), dataset),
        ox.Triple(me, sd(RDFS_COMMENT), comment),
        ox.Triple(dataset, a, sd(SD + "Dataset")),
        ox.Triple(dataset, sd(SD + "defaultGraph"), default_graph),
        ox.Triple(default_graph, a, sd(SD + "Graph")),
        ox.Triple(default_graph, sd(VOID_TRIPLES), _count(sum(site.graphs.values()))),
    ]
    for name in SD_FORMATS.values():
        triples.append(ox.Triple(me, sd(SD + "resultFormat"), sd(FORMATS_NS + name)))
    for i, (graph, size) in enumerate(site.graphs.items()):
        named = sd(f"{endpoint}#named-graph-{i + 1}")
        inner = sd(f"{endpoint}#graph-{i + 1}")
        triples += [
            ox.Triple(dataset, sd(SD + "namedGraph"), named),
            ox.Triple(named, a, sd(SD + "NamedGraph")),
            ox.Triple(named, sd(SD + "name"), sd(graph)),
            ox.Triple(named, sd(SD + "graph"), inner),
            ox.Triple(inner, a, sd(SD + "Graph")),
            ox.Triple(inner, sd(VOID_TRIPLES), _count(size)),
        ]
    return triples
