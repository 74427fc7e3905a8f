"""Write the whole site: pages in both languages, pictures, assets and downloads.

Nothing in the output depends on the clock, the order of a hash table or the machine, so
two runs on the same dataset write the same bytes.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from albakg.site.model import LANGS, SiteData, SiteError, load_site_data
from albakg.site.pictures import PICTURES, PictureUnavailableError, render_svg
from albakg.site.render import Renderer, file_listing

ASSETS = ("site.css", "read.js")
#: Marks a folder as a site this command wrote, so that only such a folder is ever replaced.
MARKER = ".albakg-site"


@dataclass
class SiteReport:
    """What a run wrote, and which pictures it left out and why."""

    out: Path
    pages: int = 0
    pictures: list[str] = field(default_factory=list)
    missing: dict[str, str] = field(default_factory=dict)


def draw_pictures(site: SiteData) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """Every picture in every language, and the reason for each that could not be drawn."""
    drawn: dict[tuple[str, str], str] = {}
    missing: dict[str, str] = {}
    for picture in PICTURES:
        for lang in LANGS:
            try:
                drawn[(lang, picture.name)] = render_svg(picture.draw(site, lang))
            except PictureUnavailableError as exc:
                missing[picture.name] = str(exc)
                break
    return drawn, missing


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def build_site(data: Path, out: Path) -> SiteReport:
    """Render the site of the dataset built in ``data`` into ``out`` (replaced on success)."""
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SiteError(
            f"{out}: exists and was not written by `albakg site`; "
            "choose another --out or empty it (it would be replaced)"
        )
    site = load_site_data(data)
    pictures, missing = draw_pictures(site)
    renderer = Renderer(site, pictures)
    renderer.missing = missing
    report = SiteReport(out=out, missing=missing)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".albakg-site-", dir=out.parent))
    try:
        downloads = file_listing(data)
        for item in downloads:
            target = staging / "downloads" / item["name"]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(data / item["name"], target)
        for doc_id, doc in sorted(site.documents.items()):
            (staging / "downloads" / f"{doc_id}.txt").write_bytes(doc.raw.encode("utf-8"))
        assets = resources.files("albakg.site") / "static"
        for name in ASSETS:
            target = staging / "assets" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((assets / name).read_bytes())
        pages: dict[str, str] = {"index.html": renderer.render_language_choice()}
        for lang in LANGS:
            tree = f"{lang}/"
            pages[tree + "index.html"] = renderer.render_landing_page(lang, downloads)
            pages[tree + "vocabulary.html"] = renderer.render_vocabulary_page(lang)
            for kind in ("entities", "claims", "works", "statements"):
                pages[f"{tree}{kind}.html"] = renderer.render_index(kind, lang)
                for iri in renderer.records(kind):
                    html = renderer.render_record_page(iri, lang)
                    if html is not None:
                        pages[tree + iri[len(site.base) :] + ".html"] = html
            for doc_id in sorted(site.documents):
                pages[f"{tree}doc/{doc_id}/read.html"] = renderer.render_reading_view(doc_id, lang)
            for (plang, name), svg in sorted(pictures.items()):
                if plang == lang:
                    _write(staging / tree / f"{name}.svg", svg)
                    report.pictures.append(f"{tree}{name}.svg")
        for path, html in sorted(pages.items()):
            _write(staging / path, html)
        (staging / MARKER).write_text("albakg site\n", encoding="utf-8")
        report.pages = len(pages)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return report
