"""Build: outputs replaced only on success; a failed build writes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from albakg.build.pipeline import MARKER, BuildError, build
from albakg.curation.corpus import CorpusError
from albakg.rdf.iris import IriScheme

from .conftest import MINI_CORPUS

EXPECTED = {
    "albakg.ttl",
    "albakg.jsonld",
    "albakg.nt",
    "albakg.trig",
    "albakg.nq",
    "ontology.ttl",
    "ontology.owl",
    "shapes.ttl",
    "context.jsonld",
    MARKER,
}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def broken_corpus(tmp_path: Path) -> Path:
    """A corpus that passes the record checks but not the shapes (a person as member)."""
    target = tmp_path / "broken"
    shutil.copytree(MINI_CORPUS, target)
    rel = target / "documents" / "mini" / "relations.yaml"
    text = rel.read_text(encoding="utf-8").replace(
        "    subject: venezuela\n    predicate: member_of",
        "    subject: hugo-chavez\n    predicate: member_of",
    )
    rel.write_text(text, encoding="utf-8")
    return target


def test_build_writes_every_output(tmp_path: Path) -> None:
    result = build(tmp_path / "dist", MINI_CORPUS, IriScheme())
    assert {p.name for p in result.out.iterdir()} == EXPECTED
    assert result.report.conforms
    assert {w.name for w in result.written} == EXPECTED - {MARKER}


def test_failed_validation_keeps_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    build(out, MINI_CORPUS, IriScheme())
    before = snapshot(out)
    with pytest.raises(BuildError) as info:
        build(out, broken_corpus(tmp_path), IriScheme())
    assert info.value.report is not None and not info.value.report.conforms
    assert any("exactly one state" in f.message for f in info.value.report.findings)
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".dist")] == []


def test_failed_validation_writes_nothing_into_a_new_folder(tmp_path: Path) -> None:
    with pytest.raises(BuildError):
        build(tmp_path / "fresh", broken_corpus(tmp_path), IriScheme())
    assert not (tmp_path / "fresh").exists()


def test_curation_error_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "corpus"
    shutil.copytree(MINI_CORPUS, target)
    ents = target / "documents" / "mini" / "entities.yaml"
    ents.write_text(
        ents.read_text(encoding="utf-8").replace("type: Place", "type: Planet"), encoding="utf-8"
    )
    with pytest.raises(CorpusError, match="la-habana"):
        build(tmp_path / "out", target, IriScheme())
    assert not (tmp_path / "out").exists()


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("precious", encoding="utf-8")
    with pytest.raises(BuildError, match="not written by albakg"):
        build(out, MINI_CORPUS, IriScheme())
    assert (out / "thesis.docx").read_text(encoding="utf-8") == "precious"


def test_base_iri_is_configurable(tmp_path: Path) -> None:
    result = build(tmp_path / "dist", MINI_CORPUS, IriScheme("https://example.org/kg/"))
    text = (result.out / "albakg.nt").read_text(encoding="utf-8")
    assert "<https://example.org/kg/id/bap>" in text
    assert "https://w3id.org/albakg/id/" not in text


def test_bad_base_iri_is_rejected() -> None:
    with pytest.raises(ValueError, match="base IRI"):
        IriScheme("not an iri")
