"""The dataset description: DCAT-AP 3.0.0 and project shapes; counts and checksums from files."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from albakg import __version__
from albakg.build.pipeline import BuildResult
from albakg.publish.dataset import DATASET_SCHEMA, DATASET_TTL, MEDIA_TYPES, write_description
from albakg.publish.metadata import Metadata, load_metadata
from albakg.rdf.vocab import DCAT, SPDX, VOID
from albakg.validate.shacl import load_shapes, validate_graph

DCAT_AP = Path(__file__).parent / "data" / "dcat-ap-3.0.0" / "dcat-ap-SHACL.ttl"


@pytest.fixture(scope="module")
def meta() -> Metadata:
    return load_metadata()


@pytest.fixture(scope="module")
def described(
    mini_build: BuildResult, meta: Metadata, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    folder = tmp_path_factory.mktemp("described") / "dist"
    shutil.copytree(mini_build.out, folder)
    write_description(meta, folder)
    return folder


@pytest.fixture(scope="module")
def description(described: Path) -> Graph:
    return Graph().parse(described / DATASET_TTL)


def test_conforms_to_dcat_ap_3_with_zero_violations(description: Graph) -> None:
    conforms, _, text = validate(
        description, shacl_graph=Graph().parse(DCAT_AP), inference="none", advanced=True
    )
    assert conforms, text


def test_dcat_ap_shapes_catch_a_distribution_without_access_url(description: Graph) -> None:
    broken = Graph()
    for t in description:
        broken.add(t)
    broken.remove((None, DCAT.accessURL, None))
    conforms, _, text = validate(broken, shacl_graph=Graph().parse(DCAT_AP), inference="none")
    assert not conforms and "accessURL" in text


def test_conforms_to_the_project_shapes(description: Graph) -> None:
    report = validate_graph(description, load_shapes())
    assert report.conforms, report.text()


def test_every_file_has_its_size_and_checksum(described: Path, description: Graph) -> None:
    dists = list(description.objects(None, DCAT.distribution))
    assert len(dists) == len(MEDIA_TYPES)
    for dist in dists:
        name = str(description.value(dist, URIRef("http://purl.org/dc/terms/title")))
        data = (described / name).read_bytes()
        size = description.value(dist, DCAT.byteSize)
        assert size == Literal(len(data), datatype=XSD.nonNegativeInteger)
        checksum = description.value(dist, SPDX.checksum)
        assert description.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        value = description.value(checksum, SPDX.checksumValue)
        assert str(value) == hashlib.sha256(data).hexdigest()
        url = str(description.value(dist, DCAT.downloadURL))
        assert url == f"https://w3id.org/albakg/release/{__version__}/{name}"
        media = str(description.value(dist, DCAT.mediaType))
        assert media == "https://www.iana.org/assignments/media-types/" + MEDIA_TYPES[name]


def _n(term: object) -> int:
    return int(str(term))


def _sparql_count(ds: Dataset, query: str) -> int:
    (row,) = list(ds.query(query))
    return _n(row[0])  # type: ignore[index]


def test_void_counts_equal_sparql_counts_over_the_nquads(
    described: Path, description: Graph
) -> None:
    ds = Dataset()
    ds.parse(described / "albakg.nq", format="nquads")
    node = URIRef("https://w3id.org/albakg/dataset")
    spo = "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"

    def void(prop: str) -> int:
        value = description.value(node, VOID[prop])
        assert value is not None, prop
        return _n(value)

    assert void("triples") == _sparql_count(ds, f"SELECT (COUNT(*) AS ?n) {{ {spo} }}")
    assert void("distinctSubjects") == _sparql_count(
        ds, "SELECT (COUNT(DISTINCT ?s) AS ?n) { GRAPH ?g { ?s ?p ?o } }"
    )
    assert void("distinctObjects") == _sparql_count(
        ds, "SELECT (COUNT(DISTINCT ?o) AS ?n) { GRAPH ?g { ?s ?p ?o } }"
    )
    assert void("entities") == _sparql_count(
        ds, "SELECT (COUNT(DISTINCT ?s) AS ?n) { GRAPH ?g { ?s a ?c } FILTER isIRI(?s) }"
    )
    classes = {
        row[0]: _n(row[1])  # type: ignore[index]
        for row in ds.query(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) { GRAPH ?g { ?s a ?c } } GROUP BY ?c"
        )
    }
    parts = {
        description.value(part, VOID["class"]): _n(description.value(part, VOID.entities))
        for part in description.objects(node, VOID.classPartition)
    }
    assert parts == classes
    props = {
        row[0]: _n(row[1])  # type: ignore[index]
        for row in ds.query(f"SELECT ?p (COUNT(*) AS ?n) {{ {spo} }} GROUP BY ?p")
    }
    parts = {
        description.value(part, VOID.property): _n(description.value(part, VOID.triples))
        for part in description.objects(node, VOID.propertyPartition)
    }
    assert parts == props
    dumps = {str(d) for d in description.objects(node, VOID.dataDump)}
    assert dumps == {
        f"https://w3id.org/albakg/release/{__version__}/{n}" for n in ("albakg.nq", "albakg.trig")
    }
    assert description.value(node, VOID.sparqlEndpoint) == URIRef("https://w3id.org/albakg/sparql")
    assert len(list(description.objects(node, VOID.exampleResource))) >= 1


def test_dates_and_version_come_from_the_record(description: Graph, meta: Metadata) -> None:
    node = URIRef("https://w3id.org/albakg/dataset")
    dct = "http://purl.org/dc/terms/"
    assert description.value(node, URIRef(dct + "modified")) == Literal(
        meta.released.isoformat(), datatype=XSD.date
    )
    assert str(description.value(node, DCAT.version)) == __version__
    citation = str(description.value(node, URIRef(dct + "bibliographicCitation")))
    assert f"(Version {__version__})" in citation and "CC BY 4.0" in citation


def test_description_is_byte_identical_when_rewritten(described: Path, meta: Metadata) -> None:
    before = {n: (described / n).read_bytes() for n in (DATASET_TTL, DATASET_SCHEMA)}
    write_description(meta, described)
    assert before == {n: (described / n).read_bytes() for n in (DATASET_TTL, DATASET_SCHEMA)}


def test_schema_org_parses_without_network_and_lists_checksums(described: Path) -> None:
    text = (described / DATASET_SCHEMA).read_text(encoding="utf-8")
    doc = json.loads(text)
    assert doc["@context"] == {"@vocab": "https://schema.org/"}
    g = Graph().parse(data=text, format="json-ld")
    assert (
        URIRef("https://w3id.org/albakg/dataset"),
        RDF.type,
        URIRef("https://schema.org/Dataset"),
    ) in g
    for d in doc["distribution"]:
        assert d["sha256"] == hashlib.sha256((described / d["name"]).read_bytes()).hexdigest()
    assert "datePublished" in doc and "2015" not in json.dumps(doc["isBasedOn"])
