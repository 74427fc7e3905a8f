"""FAIR checks of the vocabulary, as FOOPS! defines them, limited to what the files show.

FOOPS! names each test (OM1, VER1, VOC3, …) and accepts several properties for each piece
of metadata; the same codes and the same alternatives are used here so that a result can be
compared with a FOOPS! run. Tests that need the network (does the IRI resolve, content
negotiation, registries) are listed as not checked: albakg never fetches anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from albakg.qc.base import (
    ONTOLOGY_IRI,
    OWN_NS,
    Finding,
    Grade,
    check,
    failed,
    not_checked,
    passed,
)
from albakg.rdf.vocab import CC, SCHEMA, VANN

FAMILY = "FAIR"

DC = Namespace("http://purl.org/dc/elements/1.1/")
PAV = Namespace("http://purl.org/pav/")
DOAP = Namespace("http://usefulinc.com/ns/doap#")
BIBO = Namespace("http://purl.org/ontology/bibo/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SCHEMA_HTTP = Namespace("http://schema.org/")

#: FOOPS! accepts the http and https forms of schema.org alike.
_SCHEMA = (SCHEMA, SCHEMA_HTTP)


def _schema(local: str) -> list[URIRef]:
    return [ns[local] for ns in _SCHEMA]


# Each piece of metadata and the properties FOOPS! accepts for it.
TITLE = [DC.title, DCTERMS.title, *_schema("name")]
DESCRIPTION = [
    DC.abstract,
    DCTERMS.abstract,
    DC.description,
    DCTERMS.description,
    *_schema("description"),
    RDFS.comment,
    DOAP.description,
    DOAP.shortdesc,
    SKOS.note,
]
LICENSE = [DCTERMS.license, *_schema("license"), DOAP.license, CC.license]
RIGHTS = [DC.rights, DCTERMS.rights, DCTERMS.accessRights]
VERSION_IRI = [OWL.versionIRI]
CREATOR = [
    DC.creator,
    DCTERMS.creator,
    PAV.createdBy,
    PAV.authoredBy,
    *_schema("creator"),
    PROV.wasAttributedTo,
    DOAP.developer,
]
NAMESPACE = [VANN.preferredNamespaceUri]
PREFIX = [VANN.preferredNamespacePrefix]
VERSION_INFO = [OWL.versionInfo, *_schema("schemaVersion")]
CREATED = [DCTERMS.created, *_schema("dateCreated"), DOAP.created, PROV.generatedAtTime]
CITATION = [DCTERMS.bibliographicCitation]
ISSUED = [DCTERMS.issued, DCTERMS.dateSubmitted, *_schema("datePublished")]
PUBLISHER = [DC.publisher, DCTERMS.publisher, *_schema("publisher")]
DOI = [BIBO.doi]
LOGO = [FOAF.logo, *_schema("logo")]
STATUS = [BIBO.status]
SOURCE = [DCTERMS.source, PROV.hadPrimarySource]
#: Vocabularies FOOPS! (VOC1) recognises for ontology metadata.
METADATA_VOCABULARIES = (
    str(DC),
    str(DCTERMS),
    *map(str, _SCHEMA),
    str(VANN),
    str(PROV),
    str(BIBO),
    str(PAV),
    str(FOAF),
    str(DOAP),
    "https://w3id.org/mod#",
    str(OWL),
    str(RDFS),
)
#: PURL1: hosts FOOPS! counts as persistent identifier services.
PERSISTENT_HOSTS = (
    "w3id.org",
    "doi.org",
    "purl.org",
    "linked.data.gov.au",
    "dbpedia.org",
    "www.w3.org",
    "perma.cc",
    "data.europa.eu",
)
#: Kinds of term whose labels and definitions VOC3 and VOC4 count.
TERM_KINDS = (
    OWL.Class,
    RDFS.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDF.Property,
    OWL.NamedIndividual,
    SKOS.ConceptScheme,
)
LABELS = [RDFS.label, SKOS.prefLabel]
DEFINITIONS = [SKOS.definition, RDFS.comment, DCTERMS.description]
LANGUAGES = ("es", "en")

#: Tests that need the network, with FOOPS!'s codes.
NETWORK_TESTS = (
    ("URI1", "Ontology IRI resolves"),
    ("VER2", "Version IRI resolves"),
    ("CN1", "Content negotiation for RDF and HTML"),
    ("DOC1", "HTML documentation served at the IRI"),
    ("OM4.2", "Licence IRI resolves"),
    ("FIND2", "Prefix listed in prefix.cc or LOV"),
    ("FIND3", "Ontology listed in a public registry (LOV)"),
    ("FIND_3_BIS", "Metadata accessible when the ontology is not"),
)


def ontology_node(vocabulary: Graph) -> URIRef | None:
    """The vocabulary's owl:Ontology: the project's IRI if declared, else the first one."""
    nodes = sorted(n for n in vocabulary.subjects(RDF.type, OWL.Ontology) if isinstance(n, URIRef))
    if URIRef(ONTOLOGY_IRI) in nodes:
        return URIRef(ONTOLOGY_IRI)
    return nodes[0] if nodes else None


def own_terms(vocabulary: Graph) -> list[URIRef]:
    """Terms the vocabulary declares in its own namespace."""
    terms = {
        s
        for kind in TERM_KINDS
        for s in vocabulary.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(OWN_NS)
    }
    return sorted(terms)


def _missing(g: Graph, node: URIRef, wanted: dict[str, Sequence[URIRef]]) -> list[str]:
    return [name for name, props in wanted.items() if not any(g.value(node, p) for p in props)]


def _metadata_check(
    g: Graph,
    node: URIRef,
    code: str,
    title: str,
    grade: Grade,
    wanted: dict[str, Sequence[URIRef]],
) -> Finding:
    missing = _missing(g, node, wanted)
    names = ", ".join(wanted)
    if not missing:
        return passed(FAMILY, code, title, f"declared: {names}")
    return failed(FAMILY, code, title, grade, f"missing: {', '.join(missing)}", [str(node)])


def _share(
    g: Graph, terms: Sequence[URIRef], props: Iterable[URIRef]
) -> tuple[dict[str, float], list[str]]:
    """Per language, the share of ``terms`` with a value of ``props``; and the terms lacking one."""
    props = list(props)
    lacking: set[str] = set()
    shares: dict[str, float] = {}
    for lang in LANGUAGES:
        have = 0
        for t in terms:
            if any(
                isinstance(v, Literal) and v.language == lang
                for p in props
                for v in g.objects(t, p)
            ):
                have += 1
            else:
                lacking.add(f"{t} ({lang})")
        shares[lang] = 100.0 * have / len(terms) if terms else 100.0
    return shares, sorted(lacking)


def _coverage(
    g: Graph, terms: Sequence[URIRef], code: str, title: str, what: str, props: list[URIRef]
) -> Finding:
    shares, lacking = _share(g, terms, props)
    text = ", ".join(f"{lang} {shares[lang]:.1f} %" for lang in LANGUAGES)
    message = f"{len(terms)} own terms with {what}: {text} (goal 100 % in es and en)"
    if not lacking:
        return passed(FAMILY, code, title, message)
    return failed(FAMILY, code, title, Grade.WARN, message, lacking)


#: The FOOPS! tests that check for metadata properties: code → (title, grade, wanted).
METADATA_TESTS: dict[str, tuple[str, Grade, dict[str, Sequence[URIRef]]]] = {
    "OM1": (
        "Minimum metadata",
        Grade.ERROR,
        {
            "title": TITLE,
            "description": DESCRIPTION,
            "licence": LICENSE,
            "version IRI": VERSION_IRI,
            "creator": CREATOR,
            "namespace IRI": NAMESPACE,
        },
    ),
    "OM2": (
        "Recommended metadata",
        Grade.WARN,
        {
            "preferred prefix": PREFIX,
            "version info": VERSION_INFO,
            "creation date": CREATED,
            "citation": CITATION,
        },
    ),
    "OM3": (
        "Detailed metadata",
        Grade.INFO,
        {
            "DOI": DOI,
            "publisher": PUBLISHER,
            "logo": LOGO,
            "status": STATUS,
            "source": SOURCE,
            "issued date": ISSUED,
        },
    ),
    "OM5.1": ("Basic provenance", Grade.WARN, {"creator": CREATOR, "creation date": CREATED}),
    "OM5.2": (
        "Detailed provenance",
        Grade.WARN,
        {"issued date": ISSUED, "publisher": PUBLISHER},
    ),
    "FIND1": ("Prefix declared", Grade.WARN, {"preferred prefix": PREFIX}),
}


def fair_findings(vocabulary: Graph) -> list[Finding]:
    """Every FOOPS! test that the vocabulary file alone can answer, plus the network ones."""
    g = vocabulary
    node = ontology_node(g)
    if node is None:
        missing = failed(
            FAMILY,
            "RDF1",
            "Vocabulary declares an owl:Ontology",
            Grade.ERROR,
            "no owl:Ontology in the vocabulary: no ontology metadata can be checked",
        )
        return [missing, *_network_findings("needs the network")]
    return [
        *_metadata_findings(g, node),
        *_identifier_findings(g, node),
        *_vocabulary_findings(g, node),
        *_network_findings("needs the network; albakg never fetches anything"),
    ]


def _metadata(g: Graph, node: URIRef, code: str) -> Finding:
    title, grade, wanted = METADATA_TESTS[code]
    return _metadata_check(g, node, code, title, grade, wanted)


def _metadata_findings(g: Graph, node: URIRef) -> list[Finding]:
    """OM1-OM5 and FIND1: the ontology's own metadata, in FOOPS! order."""
    return [
        *(_metadata(g, node, code) for code in ("OM1", "OM2", "OM3")),
        _licence(g, node),
        *(_metadata(g, node, code) for code in ("OM5.1", "OM5.2", "FIND1")),
    ]


def _licence(g: Graph, node: URIRef) -> Finding:
    """OM4.1: a licence, or at least a rights statement."""
    if any(g.value(node, p) for p in LICENSE) or any(g.value(node, p) for p in RIGHTS):
        return passed(FAMILY, "OM4.1", "Licence declared", "a licence is declared")
    return failed(
        FAMILY, "OM4.1", "Licence declared", Grade.ERROR, "no licence or rights", [str(node)]
    )


def _identifier_findings(g: Graph, node: URIRef) -> list[Finding]:
    """VER1, PURL1, HTTP1, URI2: the ontology's IRIs, as far as they can be judged offline."""
    http = check(
        FAMILY,
        "HTTP1",
        "Open access protocol",
        Grade.WARN,
        [] if str(node).startswith(("http://", "https://")) else [str(node)],
        "the ontology IRI uses HTTP(S)",
        "the ontology IRI does not use HTTP(S)",
    )
    return [_version_iri(g, node), _persistent(node), http, _namespace(g, node)]


def _vocabulary_findings(g: Graph, node: URIRef) -> list[Finding]:
    """VOC1-VOC4: reuse of standard vocabularies, labels and definitions of the own terms."""
    terms = own_terms(g)
    return [
        _metadata_reuse(g, node),
        _reuse(g),
        _coverage(g, terms, "VOC3", "Terms have labels", "labels", LABELS),
        _coverage(g, terms, "VOC4", "Terms have definitions", "definitions", DEFINITIONS),
    ]


def _network_findings(reason: str) -> list[Finding]:
    return [not_checked(FAMILY, code, title, reason) for code, title in NETWORK_TESTS]


def _version_iri(g: Graph, node: URIRef) -> Finding:
    title = "Version IRI declared and distinct from the ontology IRI"
    versions = list(g.objects(node, OWL.versionIRI))
    if not versions:
        return failed(FAMILY, "VER1", title, Grade.ERROR, "no owl:versionIRI", [str(node)])
    if any(v == node for v in versions):
        return failed(
            FAMILY,
            "VER1",
            title,
            Grade.ERROR,
            "owl:versionIRI equals the ontology IRI",
            [str(node)],
        )
    return passed(FAMILY, "VER1", title, f"version IRI {versions[0]}")


def _persistent(node: URIRef) -> Finding:
    host = str(node).split("://", 1)[-1].split("/", 1)[0]
    ok = any(host == h or host.endswith("." + h) for h in PERSISTENT_HOSTS) or (
        host.startswith("purl.") and host.endswith(".org")
    )
    return check(
        FAMILY,
        "PURL1",
        "Persistent ontology IRI",
        Grade.WARN,
        [] if ok else [str(node)],
        f"{host} is a persistent identifier service",
        f"{host} is not a known persistent identifier service",
    )


def _namespace(g: Graph, node: URIRef) -> Finding:
    """Offline form of FOOPS! URI2: the declared IRI and namespace are the project's own."""
    title = "Ontology IRI and namespace consistent"
    problems = []
    if str(node) != ONTOLOGY_IRI:
        problems.append(f"ontology IRI {node} is not {ONTOLOGY_IRI}")
    declared = [str(v) for v in g.objects(node, VANN.preferredNamespaceUri)]
    if declared and declared != [OWN_NS]:
        problems.append(f"preferred namespace {', '.join(declared)} is not {OWN_NS}")
    if problems:
        return failed(FAMILY, "URI2", title, Grade.ERROR, "; ".join(problems), [str(node)])
    return passed(FAMILY, "URI2", title, f"{node} with namespace {OWN_NS}")


def _metadata_reuse(g: Graph, node: URIRef) -> Finding:
    used = sorted(
        {
            ns
            for p in g.predicates(node, None)
            for ns in METADATA_VOCABULARIES
            if str(p).startswith(ns) and p != RDF.type
        }
    )
    if used:
        return passed(
            FAMILY, "VOC1", "Metadata uses standard vocabularies", "uses " + ", ".join(used)
        )
    return failed(
        FAMILY,
        "VOC1",
        "Metadata uses standard vocabularies",
        Grade.WARN,
        "ontology metadata uses none of Dublin Core, schema.org, VANN, PROV, …",
        [str(node)],
    )


def _reuse(g: Graph) -> Finding:
    """VOC2: the vocabulary imports or extends vocabularies other than RDF, RDFS and OWL."""
    builtin = (str(RDF), str(RDFS), str(OWL), "http://www.w3.org/2001/XMLSchema#")
    imports = sorted(str(o) for o in g.objects(None, OWL.imports))
    extended = sorted(
        {
            str(o)
            for p in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range)
            for s, o in g.subject_objects(p)
            if str(s).startswith(OWN_NS)
            and isinstance(o, URIRef)
            and not str(o).startswith((OWN_NS, *builtin))
        }
    )
    title = "Reuses standard vocabularies"
    if imports or extended:
        namespaces = sorted({_namespace_of(t) for t in extended} | set(imports))
        return passed(
            FAMILY,
            "VOC2",
            title,
            f"extends {len(extended)} terms of {len(namespaces)} vocabularies",
        )
    return failed(FAMILY, "VOC2", title, Grade.WARN, "no vocabulary imported or extended")


def _namespace_of(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            return iri.rsplit(sep, 1)[0] + sep
    return iri
