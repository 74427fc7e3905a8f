"""The published vocabulary is OWL 2 DL for the OWL API, and HermiT reads the files as they are."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from albakg.build.pipeline import BuildResult
from albakg.qc import profile
from albakg.qc.base import Grade, Status
from albakg.qc.profile import (
    check_profile,
    hermit_missing_reason,
    owlapi_missing_reason,
    profile_findings,
    run_hermit_cli,
    whole_dataset_ntriples,
)

needs_owlapi = pytest.mark.skipif(
    owlapi_missing_reason() is not None,
    reason=f"the OWL API cannot run here: {owlapi_missing_reason()}",
)
needs_hermit = pytest.mark.skipif(
    hermit_missing_reason() is not None,
    reason=f"HermiT cannot run here: {hermit_missing_reason()}",
)
GYEAR_RANGE = (
    "\n<https://w3id.org/albakg/ontology#publishedNotBefore> "
    "<http://www.w3.org/2000/01/rdf-schema#range> "
    "<http://www.w3.org/2001/XMLSchema#gYear> .\n"
)
CLASH = (
    "\n<https://w3id.org/albakg/id/ana-perez> "
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    "<https://w3id.org/albakg/ontology#State> <https://w3id.org/albakg/graph/data> .\n"
)


def _copy_with(build: BuildResult, tmp_path: Path, name: str, extra: str) -> Path:
    folder = tmp_path / "dist"
    shutil.copytree(build.out, folder)
    with (folder / name).open("a", encoding="utf-8") as handle:
        handle.write(extra)
    return folder


@needs_owlapi
def test_published_vocabulary_is_in_the_owl2_dl_profile(mini_build: BuildResult) -> None:
    results = check_profile([mini_build.out / "ontology.owl", mini_build.out / "ontology.ttl"])
    for result in results:
        assert result.axioms > 500, result
        assert result.violations == (), result


@needs_owlapi
def test_a_range_outside_the_datatype_map_is_a_violation(tmp_path: Path) -> None:
    from albakg.resources import ontology_file

    onto = tmp_path / "ontology.ttl"
    onto.write_text(ontology_file().read_text(encoding="utf-8") + GYEAR_RANGE, encoding="utf-8")
    (result,) = check_profile([onto])
    assert any("undeclared datatype: xsd:gYear" in v for v in result.violations), result


@needs_owlapi
@needs_hermit
def test_qc_findings_pass_on_the_build_and_fail_on_a_gyear_range(
    mini_build: BuildResult, tmp_path: Path
) -> None:
    good = {f.code: f for f in profile_findings(mini_build.out)}
    assert {f.status for f in good.values()} == {Status.PASSED}, good
    assert set(good) == {
        "owl2-dl-profile",
        "hermit-published-vocabulary",
        "hermit-published-dataset",
    }

    broken = _copy_with(mini_build, tmp_path, "ontology.ttl", GYEAR_RANGE.replace("\n", "", 1))
    # the RDF/XML file is the one Protégé opens: break it the same way
    owl = broken / "ontology.owl"
    text = owl.read_text(encoding="utf-8")
    owl.write_text(
        text.replace(
            'rdf:about="https://w3id.org/albakg/ontology#publishedNotBefore">',
            'rdf:about="https://w3id.org/albakg/ontology#publishedNotBefore">'
            '<rdfs:range rdf:resource="http://www.w3.org/2001/XMLSchema#gYear"/>',
            1,
        ),
        encoding="utf-8",
    )
    assert owl.read_text(encoding="utf-8") != text
    bad = {f.code: f for f in profile_findings(broken)}
    assert bad["owl2-dl-profile"].grade is Grade.ERROR
    assert len(bad["owl2-dl-profile"].terms) == 2  # one per file
    assert bad["hermit-published-vocabulary"].grade is Grade.ERROR
    assert "gYear" in bad["hermit-published-vocabulary"].message


@needs_hermit
def test_hermit_needs_ignore_unsupported_datatypes_for_the_data(
    mini_build: BuildResult, tmp_path: Path
) -> None:
    document = tmp_path / "all.nt"
    count = whole_dataset_ntriples(mini_build.out / "albakg.nq", document)
    assert count > 1000
    assert "XMLSchema#gYear>" in document.read_text(encoding="utf-8")  # precision kept
    assert run_hermit_cli(document, ignore_unsupported_datatypes=True) is None
    refused = run_hermit_cli(document, ignore_unsupported_datatypes=False)
    assert refused is not None and "datatype" in refused.lower()


@needs_hermit
def test_an_inconsistent_published_dataset_is_caught(
    mini_build: BuildResult, tmp_path: Path
) -> None:
    broken = _copy_with(mini_build, tmp_path, "albakg.nq", CLASH)
    found = {f.code: f for f in profile_findings(broken)}
    assert found["hermit-published-dataset"].grade is Grade.ERROR
    assert "Inconsistent" in found["hermit-published-dataset"].message


def test_missing_tools_are_not_run_never_passed(
    mini_build: BuildResult, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(profile, "JAVA_DIR", tmp_path)
    monkeypatch.setattr(profile, "hermit_jar", lambda: None)
    found = profile_findings(mini_build.out)
    assert [f.status for f in found] == [Status.NOT_RUN] * 3
    assert "libowlapi-java" in found[0].message or "java" in found[0].message
