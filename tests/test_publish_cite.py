"""Citation: one version everywhere, and every citation format read back by its own parser."""

from __future__ import annotations

import json
import re
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy
import yaml
from datacite import schema45
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL
from typer.testing import CliRunner

from albakg import __version__
from albakg.cli.app import app
from albakg.publish.citation import (
    CitationError,
    Format,
    What,
    apa,
    bibtex,
    cff,
    datacite_record,
    datacite_xml,
    render,
    ris,
    zenodo,
)
from albakg.publish.metadata import Metadata, MetadataError, load_metadata
from albakg.resources import data_dir, ontology_file

ROOT = Path(__file__).resolve().parent.parent
CFF_SCHEMA = Path(__file__).parent / "data" / "cff-1.2.0" / "schema.json"
runner = CliRunner()


@pytest.fixture(scope="module")
def meta() -> Metadata:
    return load_metadata()


def test_one_version_in_pyproject_package_and_ontology() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    version = pyproject["project"]["version"]
    assert __version__ == version
    g = Graph().parse(ontology_file())
    onto = URIRef("https://w3id.org/albakg/ontology")
    assert g.value(onto, OWL.versionIRI) == URIRef(f"{onto}/{version}")
    assert g.value(onto, OWL.versionInfo) == Literal(version)
    assert f"version {version}" in str(
        g.value(onto, URIRef("http://purl.org/dc/terms/bibliographicCitation"))
    )


def test_every_version_has_a_release_date(meta: Metadata) -> None:
    assert meta.released.isoformat() == str(meta.record.releases[__version__])


def test_a_version_without_a_release_date_is_a_clear_error() -> None:
    with pytest.raises(MetadataError, match=r"release\.yaml: no release date for version 9\.9\.9"):
        load_metadata(version="9.9.9")


def test_unknown_key_in_the_record_names_file_and_key(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    (folder / "documents").mkdir(parents=True)
    (folder / "documents" / "briceno-ruiz-alba").symlink_to(
        data_dir() / "documents" / "briceno-ruiz-alba"
    )
    raw = yaml.safe_load((data_dir() / "release.yaml").read_text(encoding="utf-8"))
    raw["orcid"] = "0000"
    (folder / "release.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(MetadataError, match=r"release\.yaml: orcid: Extra inputs"):
        load_metadata(folder)


def test_citation_cff_is_generated_from_the_record_and_valid(meta: Metadata) -> None:
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert text == cff(meta), "CITATION.cff is stale: albakg cite --format cff > CITATION.cff"
    jsonschema.validate(yaml.safe_load(text), json.loads(CFF_SCHEMA.read_text(encoding="utf-8")))


def test_the_cff_schema_rejects_a_broken_record(meta: Metadata) -> None:
    record = yaml.safe_load(cff(meta))
    del record["authors"]
    with pytest.raises(jsonschema.ValidationError, match="authors"):
        jsonschema.validate(record, json.loads(CFF_SCHEMA.read_text(encoding="utf-8")))


def test_zenodo_json_agrees_with_citation_cff_field_by_field(meta: Metadata) -> None:
    text = (ROOT / ".zenodo.json").read_text(encoding="utf-8")
    assert text == zenodo(meta), "stale .zenodo.json: regenerate with `albakg release --record`"
    z = json.loads(text)
    c = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert z["title"] == c["title"]
    assert z["description"] == c["abstract"]
    assert z["version"] == c["version"] == __version__
    assert z["publication_date"] == str(c["date-released"])
    assert [a["name"] for a in z["creators"]] == [a["name"] for a in c["authors"]]
    assert z["license"] == c["license"].lower()
    assert z["keywords"] == c["keywords"]
    assert z["upload_type"] == c["type"]
    assert "doi" not in z and "doi" not in c


def test_apa_dataset_follows_apa_7(meta: Metadata) -> None:
    text = apa(meta, What.dataset)
    year, title = meta.released.year, meta.record.title["en"]
    assert text == (
        f"albakg contributors. ({year}). {title} (Version {meta.version}) [Data set]. "
        f"{meta.landing}"
    )
    # The title of a data set is italic in APA; the publisher equal to the author is left out.
    assert f"<i>{title}</i>" in apa(meta, What.dataset, html=True)


def test_apa_source_states_no_year_and_no_page_range(meta: Metadata) -> None:
    text = apa(meta, What.source)
    assert text.startswith("Briceño Ruiz, J. (n.d.). ¿Gobernanza regional")
    assert text.endswith("Pensamiento Propio, (42).")
    assert "2015" not in text and "167" not in text
    assert "<i>Pensamiento Propio</i>" in apa(meta, What.source, html=True)


@pytest.mark.parametrize("what", list(What))
def test_bibtex_parses_back(meta: Metadata, what: What) -> None:
    library = bibtexparser.parse_string(bibtex(meta, what))  # type: ignore[attr-defined]
    assert not library.failed_blocks
    (entry,) = library.entries
    fields = {f.key: f.value for f in entry.fields}
    if what is What.source:
        assert entry.entry_type == "article"
        assert fields["journal"] == "Pensamiento Propio" and fields["number"] == "42"
        assert "year" not in fields
    else:
        assert entry.entry_type == "misc"
        assert fields["version"] == __version__
        assert fields["year"] == str(meta.released.year)
        assert fields["author"] == "{albakg contributors}"


@pytest.mark.parametrize("what", list(What))
def test_ris_reads_back(meta: Metadata, what: What) -> None:
    (record,) = rispy.loads(ris(meta, what))
    if what is What.source:
        assert record["type_of_reference"] == "JOUR"
        assert record["authors"] == ["Briceño Ruiz, José"]
        assert record["number"] == "42" and record["start_page"] == "167"
        assert "year" not in record
    else:
        assert record["type_of_reference"] == "DATA"
        assert record["edition"] == __version__
        assert record["year"] == str(meta.released.year)


@pytest.mark.parametrize("what", [What.dataset, What.vocabulary])
def test_datacite_json_is_valid_4_5_and_xml_parses_back(meta: Metadata, what: What) -> None:
    record = datacite_record(meta, what)
    assert schema45.validate(record)
    root = ET.fromstring(datacite_xml(meta, what).encode("utf-8"))
    ns = {"d": "http://datacite.org/schema/kernel-4"}
    assert root.findtext("d:version", namespaces=ns) == __version__
    assert root.findtext("d:publicationYear", namespaces=ns) == str(meta.released.year)
    assert root.find("d:identifier", ns) is None  # no DOI minted: none is written


def test_datacite_schema_catches_a_missing_required_field(meta: Metadata) -> None:
    record = datacite_record(meta, What.dataset)
    del record["publicationYear"]
    assert not schema45.validate(record)


def test_datacite_refuses_the_source_rather_than_invent_a_year(meta: Metadata) -> None:
    with pytest.raises(CitationError, match="year is not confirmed"):
        render(meta, Format.datacite_json, What.source)


def test_csl_json_source_has_no_issued_date(meta: Metadata) -> None:
    (item,) = json.loads(render(meta, Format.csl_json, What.source))
    assert "issued" not in item and "DOI" not in item
    assert item["container-title"] == "Pensamiento Propio"


@pytest.mark.parametrize("fmt", [f.value for f in Format])
def test_cli_cite_every_format(fmt: str) -> None:
    result = runner.invoke(app, ["cite", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert __version__ in result.stdout
    assert "No DOI has been minted" in result.stderr


def test_cli_cite_defaults_to_apa_dataset(meta: Metadata) -> None:
    result = runner.invoke(app, ["cite"])
    assert result.exit_code == 0
    assert result.stdout == apa(meta, What.dataset) + "\n"


def test_cli_cite_errors_are_clear() -> None:
    bad = runner.invoke(app, ["cite", "--format", "mla"])
    assert bad.exit_code == 2 and "--format" in bad.output
    refused = runner.invoke(app, ["cite", "--format", "datacite-xml", "--what", "source"])
    assert refused.exit_code == 1
    assert "year is not confirmed" in refused.stderr
    assert "Traceback" not in refused.output


def test_no_invented_identifiers_in_any_output(meta: Metadata) -> None:
    everything = "".join(
        render(meta, f, w)
        for f in Format
        for w in What
        if not (f in (Format.datacite_json, Format.datacite_xml, Format.cff) and w is What.source)
        and not (f is Format.cff and w is not What.dataset)
    )
    assert not re.search(r"10\.\d{4,}/|orcid|@[a-z]+\.[a-z]|ISSN", everything, re.IGNORECASE)


def test_readme_says_exactly_what_to_write(meta: Metadata) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How to cite", 1)[1].split("\n## ", 1)[0]
    quoted = " ".join(
        line[2:].strip() for line in section.splitlines() if line.startswith("> ")
    ).replace("*", "")
    assert apa(meta, What.dataset) in quoted, "README 'How to cite': paste `albakg cite`"
    assert apa(meta, What.source) in quoted


def test_cli_reports_a_broken_record_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "release.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    monkeypatch.setattr("albakg.publish.metadata.data_dir", lambda: folder)
    result = runner.invoke(app, ["cite"])
    assert result.exit_code == 1
    assert "release.yaml: not valid YAML" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
