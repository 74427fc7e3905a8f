"""`albakg site`: the static site of a built dataset, and what it left out."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from albakg.site.build import build_site
from albakg.site.model import SiteError


def site_command(data: Path, out: Path) -> int:
    """Write the site; exit code 1 (with the reason) when the data folder cannot be used."""
    began = time.perf_counter()
    try:
        report = build_site(data, out)
    except SiteError as exc:
        typer.echo(f"error: {exc}", err=True)
        return 1
    except OSError as exc:
        typer.echo(f"error: cannot write the site to {out}: {exc}", err=True)
        return 1
    seconds = time.perf_counter() - began
    typer.echo(
        f"Site written to {out}/: {report.pages} pages, {len(report.pictures)} pictures "
        f"in {seconds:.1f} s. Open {out / 'index.html'}"
    )
    for name, reason in sorted(report.missing.items()):
        typer.echo(f"warning: picture {name!r} left out: {reason}", err=True)
    return 0
