"""The project's prefixes as plain strings, with no rdflib import.

The query path (``albakg query``, the endpoint, the loader) only needs the prefix IRIs to
declare them in SPARQL; keeping them here spares it rdflib's start-up cost.
:mod:`albakg.rdf.vocab` builds its namespaces from this one table, so the two cannot drift.
"""

from __future__ import annotations

#: Prefixes bound in every output, in the order they are written.
PREFIX_IRIS: dict[str, str] = {
    "albakg": "https://w3id.org/albakg/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
    "fabio": "http://purl.org/spar/fabio/",
    "cito": "http://purl.org/spar/cito/",
    "c4o": "http://purl.org/spar/c4o/",
    "biro": "http://purl.org/spar/biro/",
    "frbr": "http://purl.org/vocab/frbr/core#",
    "schema": "https://schema.org/",
    "spdx": "http://spdx.org/rdf/terms#",
    "vann": "http://purl.org/vocab/vann/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "oa": "http://www.w3.org/ns/oa#",
    "sh": "http://www.w3.org/ns/shacl#",
    "wd": "http://www.wikidata.org/entity/",
    "cc": "http://creativecommons.org/ns#",
}
