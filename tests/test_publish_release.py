"""Releases: reproducible folders, a committed record per version, no IRI silently dropped."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph
from typer.testing import CliRunner

from albakg import __version__
from albakg.build.pipeline import BuildResult
from albakg.cli.app import app
from albakg.publish.metadata import Metadata, load_metadata
from albakg.publish.release import (
    CHANGELOG_JSON,
    DEPRECATIONS,
    HASHES,
    RECORDED,
    SNAPSHOT,
    SUMS,
    ReleaseError,
    make_release,
    record_release,
    recorded_matches,
    releases_dir,
)
from tests.conftest import MINI_CORPUS

BASE = "https://w3id.org/albakg/"
DCAT_AP = Path(__file__).parent / "data" / "dcat-ap-3.0.0" / "dcat-ap-SHACL.ttl"
MINI = str(MINI_CORPUS)
runner = CliRunner()


def at_version(meta: Metadata, version: str) -> Metadata:
    """The same record, released under another version (for the fixture corpus)."""
    releases = dict(meta.record.releases)
    releases.setdefault(version, dt.date(2030, 1, 1))
    record = meta.record.model_copy(update={"releases": releases})
    return dataclasses.replace(meta, record=record, version=version)


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def meta() -> Metadata:
    return load_metadata()


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(MINI_CORPUS, folder)
    return folder


def rename_entity(corpus: Path, old: str, new: str) -> None:
    for path in (corpus / "documents" / "mini").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(rf"\b{re.escape(old)}\b", new, text), encoding="utf-8")


def test_release_twice_gives_identical_folders(
    meta: Metadata, corpus: Path, tmp_path: Path
) -> None:
    records = tmp_path / "records"
    first = make_release(meta, tmp_path / "r1", corpus, records)
    second = make_release(meta, tmp_path / "r2", corpus, records)
    assert folder_bytes(first.out) == folder_bytes(second.out)
    assert {SUMS, HASHES, SNAPSHOT, "dataset.ttl", "albakg.nq", "README.md"} <= set(first.files)


def test_release_is_independent_of_the_hash_seed(meta: Metadata, tmp_path: Path) -> None:
    outs = []
    for seed in ("0", "4242"):
        out = tmp_path / f"seed-{seed}"
        subprocess.run(
            [sys.executable, "-m", "albakg", "release", "--out", str(out), "--source", MINI],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outs.append(folder_bytes(out))
    assert outs[0] == outs[1]


def test_sha256sum_checks_the_release(meta: Metadata, corpus: Path, tmp_path: Path) -> None:
    release = make_release(meta, tmp_path / "r", corpus, tmp_path / "records")
    ok = subprocess.run(["sha256sum", "-c", SUMS], cwd=release.out, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    listed = {line.split("  ", 1)[1] for line in (release.out / SUMS).read_text().splitlines()}
    assert listed == set(release.files) - {SUMS}
    (release.out / "albakg.ttl").write_text("tampered\n", encoding="utf-8")
    bad = subprocess.run(["sha256sum", "-c", SUMS], cwd=release.out, capture_output=True, text=True)
    assert bad.returncode != 0 and "albakg.ttl: FAILED" in bad.stdout


def test_the_snapshot_is_the_canonical_nquads(meta: Metadata, corpus: Path, tmp_path: Path) -> None:
    release = make_release(meta, tmp_path / "r", corpus, tmp_path / "records")
    text = gzip.decompress((release.out / SNAPSHOT).read_bytes()).decode("utf-8")
    lines = text.splitlines()
    assert lines == sorted(lines) and len(lines) == len(
        (release.out / "albakg.nq").read_text(encoding="utf-8").splitlines()
    )
    assert (release.out / SNAPSHOT).read_bytes()[4:8] == b"\0\0\0\0"  # gzip mtime 0


def test_committed_release_matches_a_fresh_build_of_this_version(
    meta: Metadata, tmp_path: Path
) -> None:
    record = releases_dir() / __version__
    assert record.is_dir(), (
        f"no release recorded for version {__version__}: run `albakg release --record`"
    )
    release = make_release(meta, tmp_path / "fresh", None, releases_dir())
    # The real description meets DCAT-AP 3.0.0 too (the other tests use the fixture corpus).
    conforms, _, text = validate(
        Graph().parse(release.out / "dataset.ttl"),
        shacl_graph=Graph().parse(DCAT_AP),
        inference="none",
    )
    assert conforms, text
    differ = recorded_matches(release.out, releases_dir(), __version__)
    assert not differ, (
        f"A fresh build of version {__version__} differs from releases/{__version__}/ "
        f"({', '.join(differ)}). One version is one dataset: bump the version in "
        "pyproject.toml by the rule in README 'Versions and releases' (major: a term or "
        "resource removed or its meaning changed; minor: something added; patch: a label, "
        "quote or typo fixed), add the new version's date under `releases:` in "
        "data/release.yaml, then run `albakg release --record` and commit releases/. "
        f"(Only while {__version__} has never been published: "
        f"`rm -r releases/{__version__} && albakg release --record`, and commit.)"
    )


def test_an_output_change_without_a_version_bump_is_refused(
    meta: Metadata, corpus: Path, tmp_path: Path
) -> None:
    records = tmp_path / "records"
    record_release(make_release(meta, tmp_path / "r1", corpus, records), records)
    entities = corpus / "documents" / "mini" / "entities.yaml"
    text = entities.read_text(encoding="utf-8")
    entities.write_text(text.replace("en: Andean Test Bloc", "en: Andean Trial Bloc"), "utf-8")
    again = make_release(meta, tmp_path / "r2", corpus, records)
    assert HASHES in recorded_matches(again.out, records, meta.version)
    with pytest.raises(ReleaseError, match="One version is one dataset: bump the version"):
        record_release(again, records)
    # The next version records fine, and its changelog names the label change.
    bumped = make_release(at_version(meta, "0.1.1"), tmp_path / "r3", corpus, records)
    record_release(bumped, records)
    changes = json.loads((records / "0.1.1" / CHANGELOG_JSON).read_text(encoding="utf-8"))
    assert changes["previous"] == meta.version
    assert changes["changed"]["resources"][BASE + "id/bap"] == ["labels"]


def test_a_renamed_entity_is_deprecated_never_dropped(
    meta: Metadata, corpus: Path, tmp_path: Path
) -> None:
    records = tmp_path / "records"
    record_release(make_release(meta, tmp_path / "r1", corpus, records), records)
    rename_entity(corpus, "hugo-chavez", "hugo-rafael-chavez")
    v2 = at_version(meta, "1.0.0")
    with pytest.raises(ReleaseError, match=r"id/hugo-chavez\n.*deprecations\.yaml") as err:
        make_release(v2, tmp_path / "r2", corpus, records)
    assert "without a deprecation" in str(err.value)
    assert not (tmp_path / "r2").exists()
    (corpus / DEPRECATIONS).write_text(
        "deprecations:\n  - iri: id/hugo-chavez\n    replaced_by: id/hugo-rafael-chavez\n",
        encoding="utf-8",
    )
    release = make_release(v2, tmp_path / "r2", corpus, records)
    nq = (release.out / "albakg.nq").read_text(encoding="utf-8")
    old, new = f"<{BASE}id/hugo-chavez>", f"<{BASE}id/hugo-rafael-chavez>"
    assert f'{old} <http://www.w3.org/2002/07/owl#deprecated> "true"' in nq
    assert f"{old} <http://purl.org/dc/terms/isReplacedBy> {new}" in nq
    log = release.changelog
    assert log.deprecated == {BASE + "id/hugo-chavez": BASE + "id/hugo-rafael-chavez"}
    assert BASE + "id/hugo-rafael-chavez" in log.added["resources"]
    assert "id/hugo-chavez` → " in (release.out / "CHANGELOG.md").read_text(encoding="utf-8")


def test_a_deprecation_must_name_a_successor_in_the_data(
    corpus: Path, tmp_path: Path, meta: Metadata
) -> None:
    (corpus / DEPRECATIONS).write_text(
        "deprecations:\n  - iri: id/gone\n    replaced_by: id/nobody\n", encoding="utf-8"
    )
    with pytest.raises(ReleaseError, match=r"deprecations\.yaml: id/gone: replaced_by id/nobody"):
        make_release(meta, tmp_path / "r", corpus, tmp_path / "records")
    (corpus / DEPRECATIONS).write_text("deprecations:\n  - iri: id/x\n    by: id/y\n", "utf-8")
    with pytest.raises(ReleaseError, match=r"deprecations\.yaml: deprecations\.0\.replaced_by"):
        make_release(meta, tmp_path / "r", corpus, tmp_path / "records")


def test_release_may_replace_a_build_folder(
    meta: Metadata, mini_build: BuildResult, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    shutil.copytree(mini_build.out, dist)
    release = make_release(meta, dist, MINI_CORPUS, tmp_path / "records")
    assert (release.out / "dataset.ttl").is_file()


def test_release_refuses_a_folder_it_did_not_write(meta: Metadata, tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ReleaseError, match="was not written by albakg release"):
        make_release(meta, tmp_path / "mine", MINI_CORPUS, tmp_path / "records")
    assert (tmp_path / "mine" / "notes.txt").exists()


def test_cli_release(tmp_path: Path) -> None:
    out = tmp_path / "rel"
    ok = runner.invoke(app, ["release", "--out", str(out), "--source", str(MINI_CORPUS)])
    assert ok.exit_code == 0, ok.output
    assert f"Release {__version__} written" in ok.stdout
    assert (out / SUMS).is_file()
    refused = runner.invoke(
        app, ["release", "--out", str(out), "--source", str(MINI_CORPUS), "--record"]
    )
    assert refused.exit_code == 1 and "--record records the packaged data only" in refused.stderr


def test_the_committed_record_holds_what_the_next_release_needs() -> None:
    record = releases_dir() / __version__
    assert sorted(p.name for p in record.iterdir()) == sorted(RECORDED)
    assert (record / SNAPSHOT).stat().st_size < 2_000_000
