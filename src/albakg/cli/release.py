"""`albakg release`: a release folder, and with --record its record in the repository."""

from __future__ import annotations

from pathlib import Path

import typer

from albakg.curation.corpus import CorpusError
from albakg.curation.records import RecordError
from albakg.publish.citation import cff, zenodo
from albakg.publish.metadata import MetadataError, load_metadata
from albakg.publish.release import ReleaseError, make_release, record_release, releases_dir
from albakg.publish.w3id import write_w3id
from albakg.resources import resource_root
from albakg.text.document import TextError


def _refresh_root_files(root: Path) -> list[Path]:
    """CITATION.cff, .zenodo.json and the w3id rules, regenerated from the one record."""
    meta = load_metadata()
    written = []
    for name, text in ((Path("CITATION.cff"), cff(meta)), (Path(".zenodo.json"), zenodo(meta))):
        (root / name).write_text(text, encoding="utf-8")
        written.append(root / name)
    written.append(write_w3id(meta, root))
    return written


def release_command(out: Path | None, source: Path | None, record: bool) -> None:
    try:
        meta = load_metadata()
        target = out or Path("dist") / f"release-{meta.version}"
        release = make_release(meta, target, source)
        typer.echo(f"Release {release.version} written to {release.out}/")
        for name in release.files:
            typer.echo(f"  {name}")
        log = release.changelog
        against = f"against {log.previous}" if log.previous else "first recorded release"
        typer.echo(f"Changelog {against}; dataset hash {release.hashes['dataset']}")
        if record:
            if source is not None:
                raise ReleaseError("--record records the packaged data only; drop --source")
            where = record_release(release, releases_dir())
            typer.echo(f"Recorded in {where}/")
            for path in _refresh_root_files(resource_root()):
                typer.echo(f"Regenerated {path}")
    except (MetadataError, ReleaseError, CorpusError, RecordError, TextError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
