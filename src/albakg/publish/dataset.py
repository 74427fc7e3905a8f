"""The dataset description (DCAT 3, DCAT-AP 3.0.0, VoID, schema.org), computed from the files.

Every count is a SPARQL query over the built N-Quads and every size and checksum is read from
the bytes on disk, so the description cannot drift from what it describes. It is written
beside the data, not inside it: a file cannot carry its own checksum. No blank nodes (each
node has an IRI below the dataset's), so the Turtle is byte-identical from run to run.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD, Namespace

from albakg.publish.metadata import VOCAB_IRI, Metadata
from albakg.rdf.vocab import DCAT, FABIO, SPDX, VOID

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
IANA = "https://www.iana.org/assignments/media-types/"
EU_LANG = "http://publications.europa.eu/resource/authority/language/"
DATASET_TTL = "dataset.ttl"
DATASET_SCHEMA = "dataset.schema.jsonld"
SHAPES_IRI = "https://w3id.org/albakg/shapes"

#: Published files and their IANA media types, in the order they are listed.
MEDIA_TYPES: dict[str, str] = {
    "albakg.nq": "application/n-quads",
    "albakg.trig": "application/trig",
    "albakg.ttl": "text/turtle",
    "albakg.jsonld": "application/ld+json",
    "albakg.nt": "application/n-triples",
    "ontology.ttl": "text/turtle",
    "ontology.owl": "application/rdf+xml",
    "shapes.ttl": "text/turtle",
    "context.jsonld": "application/ld+json",
}
#: Files a VoID dump points at: the whole dataset, in the two quad formats.
DUMPS = ("albakg.nq", "albakg.trig")

#: Classes whose first instance (in IRI order) is given as a VoID example resource.
EXAMPLE_CLASSES = ("RegionalBloc", "Person", "Claim", "Statement")


@dataclass(frozen=True)
class FileInfo:
    name: str
    media_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Counts:
    totals: dict[str, int]
    classes: tuple[tuple[str, int], ...]
    properties: tuple[tuple[str, int], ...]
    examples: tuple[str, ...]


def file_info(folder: Path) -> list[FileInfo]:
    """Size and SHA-256 of each published file present in ``folder``."""
    out = []
    for name, media in MEDIA_TYPES.items():
        path = folder / name
        if not path.is_file():
            raise FileNotFoundError(f"{path}: missing; run `albakg build` first")
        data = path.read_bytes()
        out.append(FileInfo(name, media, len(data), hashlib.sha256(data).hexdigest()))
    return out


def count(folder: Path) -> Counts:
    """VoID statistics of the whole dataset (all named graphs, triples merged).

    Counted over the parsed terms rather than in an Oxigraph store, whose DISTINCT merges
    equal numbers of different integer datatypes ("1"^^xsd:positiveInteger and
    "1"^^xsd:nonNegativeInteger); the tests compare with SPARQL run by rdflib.
    """
    quads = ox.parse(path=str(folder / "albakg.nq"), format=ox.RdfFormat.N_QUADS)
    triples = {(q.subject, q.predicate, q.object) for q in quads}
    rdf_type = ox.NamedNode(str(RDF.type))
    typed = {(s, o) for s, p, o in triples if p == rdf_type}
    totals = {
        "triples": len(triples),
        "entities": len({s for s, _ in typed if isinstance(s, ox.NamedNode)}),
        "distinctSubjects": len({s for s, _, _ in triples}),
        "distinctObjects": len({o for _, _, o in triples}),
    }
    per_class = Counter(o.value for _, o in typed if isinstance(o, ox.NamedNode))
    per_property = Counter(p.value for _, p, _ in triples)
    examples = []
    for name in EXAMPLE_CLASSES:
        cls = ox.NamedNode(f"{VOCAB_IRI}#{name}")
        members = sorted(s.value for s, o in typed if o == cls and isinstance(s, ox.NamedNode))
        if members:
            examples.append(members[0])
    return Counts(
        totals,
        tuple(sorted(per_class.items())),
        tuple(sorted(per_property.items())),
        tuple(examples),
    )


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _key(iri: str) -> str:
    """A short, stable IRI segment for a class or property partition."""
    return hashlib.sha256(iri.encode("utf-8")).hexdigest()[:16]


def describe(meta: Metadata, folder: Path) -> Graph:
    """The DCAT/VoID description of the built dataset in ``folder``."""
    files = file_info(folder)
    counts = count(folder)
    r = meta.record
    g = Graph(bind_namespaces="none")
    for prefix, ns in (
        ("dcat", DCAT),
        ("dcterms", DCTERMS),
        ("void", VOID),
        ("spdx", SPDX),
        ("foaf", FOAF),
        ("vcard", VCARD),
        ("skos", SKOS),
        ("rdfs", RDFS),
        ("rdf", RDF),
        ("xsd", XSD),
        ("fabio", FABIO),
    ):
        g.bind(prefix, ns)
    base = meta.base
    here = f"{base}dataset/{meta.version}/"
    ds = URIRef(meta.dataset_iri)
    catalog = URIRef(base + "catalog")
    agent = URIRef(base + "agent/albakg-contributors")
    contact = URIRef(base + "agent/albakg-contributors/contact")
    service = URIRef(base + "sparql/service")
    licence = URIRef(r.licence)
    rights = URIRef(here + "rights")

    g.add((catalog, RDF.type, DCAT.Catalog))
    for lang in ("es", "en", "pt"):
        g.add(
            (
                catalog,
                DCTERMS.title,
                Literal("Catálogo albakg" if lang != "en" else "albakg catalogue", lang=lang),
            )
        )
        g.add((catalog, DCTERMS.description, Literal(r.description[lang], lang=lang)))
    g.add((catalog, DCTERMS.publisher, agent))
    g.add((catalog, DCAT.dataset, ds))
    g.add((catalog, DCAT.service, service))

    for name in r.creators:
        g.add((agent, RDF.type, FOAF.Agent))
        g.add((agent, FOAF.name, Literal(name)))
    g.add((contact, RDF.type, VCARD.Kind))
    g.add((contact, VCARD.fn, Literal(r.contact.name)))
    if r.contact.url:
        g.add((contact, VCARD.hasURL, URIRef(r.contact.url)))

    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, RDF.type, VOID.Dataset))
    for lang in ("es", "en", "pt"):
        g.add((ds, DCTERMS.title, Literal(r.title[lang], lang=lang)))
        g.add((ds, DCTERMS.description, Literal(r.description[lang], lang=lang)))
    for word in r.keywords:
        g.add((ds, DCAT.keyword, Literal(word, lang="en")))
    theme = URIRef(r.theme)
    g.add((ds, DCAT.theme, theme))
    g.add((theme, RDF.type, SKOS.Concept))
    g.add((theme, SKOS.prefLabel, Literal(r.theme_label, lang="en")))
    g.add((ds, DCTERMS.creator, agent))
    g.add((ds, DCTERMS.publisher, agent))
    g.add((ds, DCAT.contactPoint, contact))
    g.add((ds, DCTERMS.issued, Literal(meta.issued.isoformat(), datatype=XSD.date)))
    g.add((ds, DCTERMS.modified, Literal(meta.released.isoformat(), datatype=XSD.date)))
    g.add((ds, DCAT.version, Literal(meta.version)))
    g.add((ds, DCTERMS.license, licence))
    g.add((licence, RDF.type, DCTERMS.LicenseDocument))
    g.add((ds, DCTERMS.rights, rights))
    g.add((rights, RDF.type, DCTERMS.RightsStatement))
    g.add((rights, RDFS.label, Literal(_RIGHTS_EN, lang="en")))
    g.add((rights, RDFS.label, Literal(_RIGHTS_ES, lang="es")))
    for code in ("SPA", "ENG"):
        lang_iri = URIRef(EU_LANG + code)
        g.add((ds, DCTERMS.language, lang_iri))
        g.add((lang_iri, RDF.type, DCTERMS.LinguisticSystem))
    g.add((ds, DCTERMS.bibliographicCitation, Literal(meta.citation_text(), lang="en")))
    if r.doi:
        g.add((ds, DCTERMS.identifier, Literal(f"https://doi.org/{r.doi}")))
    g.add((ds, DCAT.landingPage, URIRef(meta.landing)))
    g.add((URIRef(meta.landing), RDF.type, FOAF.Document))
    # DCAT-AP 3.0.0 checks URL values with sh:class rdfs:Resource and runs without RDFS
    # entailment, so the (trivially true) type is stated.
    g.add((URIRef(meta.landing), RDF.type, RDFS.Resource))
    g.add((URIRef(meta.sparql_endpoint), RDF.type, RDFS.Resource))

    # The source: the article's text, as carried with the project and checked by every quote,
    # with the article's bibliographic record (DCAT-AP wants a dcat:Dataset as dct:source).
    s = meta.source
    source = URIRef(f"{base}doc/briceno-ruiz-alba.txt")
    article = URIRef(f"{base}doc/briceno-ruiz-alba")
    g.add((ds, DCTERMS.source, source))
    g.add((source, RDF.type, DCAT.Dataset))
    g.add((source, DCTERMS.title, Literal(s.title["es"], lang="es")))
    g.add(
        (
            source,
            DCTERMS.description,
            Literal(
                "Plain text of the article, the source against which every quote is checked.",
                lang="en",
            ),
        )
    )
    g.add((source, DCTERMS.isFormatOf, article))
    g.add((article, RDF.type, FABIO.JournalArticle))
    for lang, title in sorted(s.title.items()):
        g.add((article, DCTERMS.title, Literal(title, lang=lang)))
    g.add((article, DCTERMS.creator, Literal(f"{s.author_given} {s.author_family}")))
    g.add(
        (
            article,
            DCTERMS.bibliographicCitation,
            Literal(
                f"{s.author_family}, {s.author_given}. {s.title['es']}. {s.journal}, "
                f"issue {s.issue}, from page {s.start_page}. Year not confirmed (not before "
                f"{s.not_before}, inferred)."
            ),
        )
    )
    g.add((article, DCTERMS.rights, Literal(s.rights["en"], lang="en")))

    vocab, shapes = URIRef(VOCAB_IRI), URIRef(SHAPES_IRI)
    for std in (vocab, shapes):
        g.add((ds, DCTERMS.conformsTo, std))
        g.add((std, RDF.type, DCTERMS.Standard))
    g.add((vocab, RDFS.label, Literal("albakg vocabulary (OWL)", lang="en")))
    g.add((shapes, RDFS.label, Literal("albakg SHACL shapes", lang="en")))

    for info in files:
        dist = URIRef(here + "distribution/" + info.name)
        url = URIRef(meta.download_url(info.name))
        media = URIRef(IANA + info.media_type)
        checksum = URIRef(here + "distribution/" + info.name + "/sha256")
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(info.name)))
        g.add((dist, DCAT.accessURL, URIRef(meta.landing)))
        g.add((dist, DCAT.downloadURL, url))
        g.add((url, RDF.type, RDFS.Resource))
        g.add((dist, DCAT.mediaType, media))
        g.add((media, RDF.type, DCTERMS.MediaType))
        g.add((dist, DCAT.byteSize, Literal(info.size, datatype=XSD.nonNegativeInteger)))
        g.add((dist, DCTERMS.license, licence))
        g.add((dist, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(info.sha256, datatype=XSD.hexBinary)))
        if info.name in DUMPS:
            g.add((ds, VOID.dataDump, url))
        if info.name.startswith("albakg."):
            g.add((service, DCAT.servesDataset, ds))
    g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCTERMS.title, Literal("albakg SPARQL endpoint", lang="en")))
    g.add((service, DCAT.endpointURL, URIRef(meta.sparql_endpoint)))
    g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    g.add((URIRef("https://www.w3.org/TR/sparql11-protocol/"), RDF.type, DCTERMS.Standard))
    g.add((ds, VOID.sparqlEndpoint, URIRef(meta.sparql_endpoint)))

    # VoID statistics.
    for key, value in counts.totals.items():
        g.add((ds, VOID[key], Literal(value, datatype=XSD.integer)))
    g.add((ds, VOID.uriSpace, Literal(base)))
    for vocab_ns in sorted({_namespace(p) for p, _ in counts.properties} | {VOCAB_IRI + "#"}):
        g.add((ds, VOID.vocabulary, URIRef(vocab_ns)))
    for example in counts.examples:
        g.add((ds, VOID.exampleResource, URIRef(example)))
    for cls, n in counts.classes:
        part = URIRef(here + "class/" + _key(cls))
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    for prop, n in counts.properties:
        part = URIRef(here + "property/" + _key(prop))
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, Literal(n, datatype=XSD.integer)))
    return g


_RIGHTS_EN = (
    "Data and vocabulary: CC BY 4.0, albakg contributors; code: Apache-2.0. The article's text "
    "remains its author's and publisher's; it is carried only as the source every quote is "
    "checked against."
)
_RIGHTS_ES = (
    "Datos y vocabulario: CC BY 4.0, albakg contributors; código: Apache-2.0. El texto del "
    "artículo pertenece a su autor y a su editor; se incluye solo como fuente contra la cual "
    "se verifica cada cita."
)


def schema_org(meta: Metadata, folder: Path) -> dict[str, Any]:
    """schema.org Dataset (for search engines and Google Dataset Search), context inline."""
    r, s = meta.record, meta.source
    files = file_info(folder)
    agent = {"@type": "Organization", "name": r.creators[0]}
    return {
        "@context": {"@vocab": "https://schema.org/"},
        "@type": "Dataset",
        "@id": meta.dataset_iri,
        "name": r.title["en"],
        "alternateName": [r.title["es"], r.title["pt"]],
        "description": r.description["en"],
        "url": meta.landing,
        "version": meta.version,
        "datePublished": meta.issued.isoformat(),
        "dateModified": meta.released.isoformat(),
        "keywords": list(r.keywords),
        "inLanguage": ["es", "en"],
        "license": r.licence,
        "creator": agent,
        "publisher": agent,
        "creditText": meta.citation_text(),
        "isBasedOn": {
            "@type": "ScholarlyArticle",
            "name": s.title["es"],
            "inLanguage": s.language,
            "author": {
                "@type": "Person",
                "givenName": s.author_given,
                "familyName": s.author_family,
            },
            "pageStart": str(s.start_page),
            "isPartOf": {
                "@type": "PublicationIssue",
                "issueNumber": s.issue,
                "isPartOf": {"@type": "Periodical", "name": s.journal},
            },
        },
        "distribution": [
            {
                "@type": "DataDownload",
                "name": f.name,
                "contentUrl": meta.download_url(f.name),
                "encodingFormat": f.media_type,
                "contentSize": f"{f.size} B",
                "sha256": f.sha256,
            }
            for f in files
        ],
    }


def write_description(meta: Metadata, folder: Path) -> list[Path]:
    """Write ``dataset.ttl`` and ``dataset.schema.jsonld`` into the built ``folder``."""
    ttl = folder / DATASET_TTL
    ttl.write_bytes(describe(meta, folder).serialize(format="turtle", encoding="utf-8"))
    js = folder / DATASET_SCHEMA
    text = json.dumps(schema_org(meta, folder), ensure_ascii=False, indent=2) + "\n"
    js.write_text(text, encoding="utf-8")
    return [ttl, js]
