"""The one metadata record every citation, catalogue entry and release is generated from.

``data/release.yaml`` holds what people decide (titles, keywords, licences, release dates);
the version comes from the installed package (``pyproject.toml``), and the source article's
record from its ``document.yaml``. Nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from albakg import __version__
from albakg.rdf.iris import DEFAULT_BASE
from albakg.resources import data_dir

RECORD = "release.yaml"
ARTICLE_ID = "briceno-ruiz-alba"
VOCAB_IRI = "https://w3id.org/albakg/ontology"


class MetadataError(ValueError):
    """The metadata record is missing, malformed or lacks what the current version needs."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Contact(_Strict):
    name: str
    url: str | None = None


class ReleaseRecord(_Strict):
    title: dict[str, str]
    description: dict[str, str]
    vocabulary_title: dict[str, str]
    keywords: list[str]
    theme: str
    theme_label: str
    creators: list[str]
    publisher: str
    contact: Contact
    licence: str
    licence_spdx: str
    code_licence_spdx: str
    publication_base: str | None = None
    redirect_target: str | None = None
    doi: str | None = None
    releases: dict[str, dt.date]


@dataclass(frozen=True)
class SourceRecord:
    """What the article and its record confirm; no year, publisher, ISSN, DOI or last page."""

    author_given: str
    author_family: str
    title: dict[str, str]
    journal: str
    issue: str
    start_page: int
    section: str
    language: str
    rights: dict[str, str]
    not_before: str


@dataclass(frozen=True)
class Metadata:
    record: ReleaseRecord
    source: SourceRecord
    version: str
    base: str = DEFAULT_BASE

    @property
    def released(self) -> dt.date:
        return self.record.releases[self.version]

    @property
    def issued(self) -> dt.date:
        return min(self.record.releases.values())

    @property
    def dataset_iri(self) -> str:
        return self.base + "dataset"

    @property
    def landing(self) -> str:
        """The page that names this version of the dataset (a release folder)."""
        return self.publication_base

    @property
    def publication_base(self) -> str:
        base = self.record.publication_base or f"{self.base}release/{{version}}/"
        return base.format(version=self.version)

    def download_url(self, name: str) -> str:
        return self.publication_base + name

    @property
    def vocabulary_version_iri(self) -> str:
        return f"{VOCAB_IRI}/{self.version}"

    @property
    def sparql_endpoint(self) -> str:
        return self.base + "sparql"

    @property
    def doi_sentence(self) -> str:
        if self.record.doi:
            return f"DOI: https://doi.org/{self.record.doi}"
        return "No DOI has been minted for albakg yet; cite the version and its URL."

    def citation_text(self) -> str:
        """The attribution CC BY 4.0 asks for, in one line (used in the dataset description)."""
        creators = ", ".join(self.record.creators)
        return (
            f"{creators} ({self.released.year}). {self.record.title['en']} "
            f"(Version {self.version}) [Data set]. {self.landing}. "
            f"Licensed under CC BY 4.0."
        )


def _load_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise MetadataError(f"{path}: cannot read: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise MetadataError(f"{path}: not valid YAML: {exc}") from exc


def _source(folder: Path) -> SourceRecord:
    path = folder / "documents" / ARTICLE_ID / "document.yaml"
    raw = _load_yaml(path)
    if not isinstance(raw, dict):
        raise MetadataError(f"{path}: expected a mapping")
    try:
        journal = raw["journal"]
        return SourceRecord(
            author_given="José",
            author_family="Briceño Ruiz",
            title=dict(raw["title"]),
            journal=str(journal["title"]),
            issue=str(journal["issue"]),
            start_page=int(journal["start_page"]),
            section=str(raw["journal_section"]),
            language=str(raw["language"]),
            rights=dict(raw["rights"]),
            not_before=str(raw["published_not_before"]["value"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise MetadataError(f"{path}: missing or malformed field {exc}") from exc


def load_metadata(
    folder: Path | None = None, version: str = __version__, base: str = DEFAULT_BASE
) -> Metadata:
    """Read the record for ``version``; a version without a release date is an error."""
    folder = folder or data_dir()
    path = folder / RECORD
    raw = _load_yaml(path)
    try:
        record = ReleaseRecord.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}" for e in exc.errors()
        )
        raise MetadataError(f"{path}: {problems}") from exc
    if version not in record.releases:
        raise MetadataError(
            f"{path}: no release date for version {version} under `releases:`; "
            f'add `"{version}": YYYY-MM-DD` (the version comes from pyproject.toml)'
        )
    for lang in ("es", "en", "pt"):
        for field in ("title", "description"):
            if lang not in getattr(record, field):
                raise MetadataError(f"{path}: {field} has no {lang!r} text")
    return Metadata(record, _source(folder), version, base)
