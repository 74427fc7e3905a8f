"""The static site: every page kind written, links that resolve, pictures that hold the data."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import graphviz
import pytest
from typer.testing import CliRunner

from albakg.build.pipeline import BuildResult
from albakg.cli.app import app
from albakg.site.build import SiteReport, build_site
from albakg.site.model import load_site_data
from albakg.site.pictures import argument_rows, timeline_rows

SVG = "{http://www.w3.org/2000/svg}"
DOT = shutil.which("dot")


def needs_dot() -> None:
    if not DOT:
        pytest.skip("Graphviz's dot is not installed (apt: graphviz)")


@pytest.fixture(scope="session")
def mini_site(mini_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> SiteReport:
    return build_site(mini_build.out, tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def real_site(real_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> SiteReport:
    return build_site(real_build.out, tmp_path_factory.mktemp("real-site") / "site")


class Links(HTMLParser):
    """Every href and src of a page, and whether it holds inline script or style."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.ids: set[str] = set()
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for key in ("href", "src", "xlink:href"):
            if found.get(key):
                self.refs.append(str(found[key]))
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if "style" in found:
            self.inline.append(f"style attribute on <{tag}>")
        if any(k.startswith("on") for k in found):
            self.inline.append(f"event handler on <{tag}>")
        if tag == "style":
            self.inline.append("<style> element")
        self._in_script = tag == "script" and not found.get("src")

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline.append("inline <script>")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def crawl(root: Path) -> tuple[set[Path], list[str]]:
    """Follow every relative link from the front page; report the broken ones."""
    seen: set[Path] = set()
    broken: list[str] = []
    todo = [root / "index.html"]
    cache: dict[Path, Links] = {}

    def links_of(path: Path) -> Links:
        if path not in cache:
            cache[path] = parse(path)
        return cache[path]

    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        if page.suffix != ".html":
            continue
        links = links_of(page)
        for ref in links.refs:
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith("//"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file():
                broken.append(f"{page.relative_to(root)} → {ref}")
                continue
            if (
                parts.fragment
                and target.suffix == ".html"
                and not parts.fragment.startswith("char=")
            ):
                ids = links_of(target).ids
                if parts.fragment not in ids:
                    broken.append(f"{page.relative_to(root)} → {ref} (no such id)")
            if target not in seen:
                todo.append(target)
    return seen, broken


def test_every_page_kind_is_written_in_both_languages(mini_site: SiteReport) -> None:
    root = mini_site.out
    for lang in ("es", "en"):
        for page in (
            "index.html",
            "vocabulary.html",
            "entities.html",
            "claims.html",
            "works.html",
            "statements.html",
            "id/hugo-chavez.html",
            "statement/mini/venezuela-member-of-bap.html",
            "doc/mini/read.html",
        ):
            assert (root / lang / page).is_file(), f"{lang}/{page} missing"
        assert list((root / lang / "claim" / "mini").glob("*.html"))
        assert list((root / lang / "work").glob("*.html"))


def test_no_broken_internal_link_and_every_page_reachable(mini_site: SiteReport) -> None:
    seen, broken = crawl(mini_site.out)
    assert broken == []
    pages = set(mini_site.out.rglob("*.html"))
    assert pages <= seen, f"unreachable pages: {sorted(map(str, pages - seen))[:5]}"


def test_real_article_site_has_no_broken_link(real_site: SiteReport) -> None:
    seen, broken = crawl(real_site.out)
    assert broken == [], broken[:10]
    assert len([p for p in seen if p.suffix == ".html"]) == real_site.pages


def test_no_inline_script_or_style_and_nothing_external(mini_site: SiteReport) -> None:
    for page in mini_site.out.rglob("*.html"):
        links = parse(page)
        assert links.inline == [], f"{page}: {links.inline}"
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img)\b[^>]*>", html):
            assert "http" not in tag, f"{page}: external asset {tag}"


def test_relations_are_sentences_with_labels_in_the_page_language(mini_site: SiteReport) -> None:
    es = (mini_site.out / "es/id/hugo-chavez.html").read_text(encoding="utf-8")
    en = (mini_site.out / "en/id/hugo-chavez.html").read_text(encoding="utf-8")
    assert "encabeza" in es and "heads" in en
    assert "id:venezuela" not in en  # a label, not a slug
    assert "read.html#char=" in en  # every quote leads to its place in the text


def test_reading_view_links_mentions_and_marks_evidence(mini_site: SiteReport) -> None:
    html = (mini_site.out / "en/doc/mini/read.html").read_text(encoding="utf-8")
    assert 'class="mention' in html and "../../id/" in html
    assert re.search(r'class="(mention )?ev"', html)
    assert re.search(r'<div class="note" id="note-\d+-\d+" hidden>', html)


def test_reading_view_pieces_of_each_quote_join_to_the_quote(
    real_build: BuildResult, real_site: SiteReport
) -> None:
    site = load_site_data(real_build.out)
    html = (real_site.out / "en/doc/briceno-ruiz-alba/read.html").read_text(encoding="utf-8")
    pieces = [
        (int(s), int(e), text)
        for s, e, text in re.findall(r'data-s="(\d+)" data-e="(\d+)">([^<]*)<', html)
    ]
    import html as htmllib

    for span in site.evidence.values():
        inside = [htmllib.unescape(t) for s, e, t in pieces if s >= span.start and e <= span.end]
        joined = "".join(inside)
        if "\n" in span.normalized:
            continue  # a quote across paragraphs: its break is the paragraph's end
        assert joined == span.normalized, span.iri


def test_site_is_byte_identical_across_runs(
    mini_build: BuildResult, mini_site: SiteReport, tmp_path: Path
) -> None:
    # Another process with another hash seed: set and dict order must not leak into the bytes.
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "albakg",
            "site",
            "--data",
            str(mini_build.out),
            "--out",
            str(tmp_path / "again"),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    again = SiteReport(out=tmp_path / "again")
    first = {
        p.relative_to(mini_site.out): p.read_bytes()
        for p in mini_site.out.rglob("*")
        if p.is_file()
    }
    second = {p.relative_to(again.out): p.read_bytes() for p in again.out.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def svg_ids(path: Path) -> set[str]:
    tree = ET.parse(path)
    return {el.get("id", "") for el in tree.iter()}


def test_every_picture_parses_and_holds_what_the_graph_says(
    real_build: BuildResult, real_site: SiteReport
) -> None:
    needs_dot()
    site = load_site_data(real_build.out)
    for lang in ("es", "en"):
        tree = real_site.out / lang
        for name in ("classes", "network", "timeline", "arguments"):
            root = ET.parse(tree / f"{name}.svg").getroot()
            assert root.tag == f"{SVG}svg"
        theses = site.select("SELECT ?c WHERE { ?c albakg:claimKind albakg:Thesis } ORDER BY ?c")
        assert len(theses) == 6
        ids = svg_ids(tree / "arguments.svg")
        for row in theses:
            assert f"claim-{row['c'].value.rsplit('/', 1)[-1]}" in ids  # type: ignore[union-attr]
        claims, links = argument_rows(site)
        assert {c["kind"] for c in claims} >= {"Thesis", "SubThesis"}
        assert sum(1 for i in ids if i.startswith("edge")) == len(links)
        members = site.select("SELECT ?m WHERE { ?m a albakg:Membership } ORDER BY ?m")
        assert members
        ids = svg_ids(tree / "network.svg")
        for row in members:
            assert f"m-{row['m'].value.rsplit('/', 1)[-1]}" in ids  # type: ignore[union-attr]
        events = site.select(
            "SELECT DISTINCT ?e WHERE { ?e a/rdfs:subClassOf* albakg:Event ; albakg:date ?d }"
        )
        assert events
        ids = svg_ids(tree / "timeline.svg")
        for row in events:
            assert f"t-{row['e'].value.rsplit('/', 1)[-1]}" in ids  # type: ignore[union-attr]
        assert len([i for i in ids if i.startswith("t-")]) == len(timeline_rows(site))
        assert "<!--" not in (tree / "classes.svg").read_text(encoding="utf-8")


def test_without_dot_the_pages_are_written_and_the_missing_pictures_named(
    mini_build: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_dot(*args: object, **kwargs: object) -> str:
        raise graphviz.ExecutableNotFound(["dot"])

    monkeypatch.setattr(graphviz.Digraph, "pipe", no_dot)
    result = CliRunner().invoke(
        app, ["site", "--data", str(mini_build.out), "--out", str(tmp_path / "s")]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "s/en/id/hugo-chavez.html").is_file()
    assert not (tmp_path / "s/en/network.svg").exists()
    for name in ("classes", "network", "timeline", "arguments"):
        assert f"picture '{name}' left out" in result.stderr
    assert "apt-get install graphviz" in result.stderr
    assert "Picture not drawn" in (tmp_path / "s/en/index.html").read_text(encoding="utf-8")


def test_site_of_a_folder_without_a_build_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["site", "--data", str(tmp_path), "--out", str(tmp_path / "s")]
    )
    assert result.exit_code == 1
    assert "no built dataset" in result.stderr and "albakg build" in result.stderr
    assert "Traceback" not in result.output


def test_landing_page_counts_downloads_and_answers(
    mini_build: BuildResult, mini_site: SiteReport
) -> None:
    html = (mini_site.out / "en/index.html").read_text(encoding="utf-8")
    import hashlib

    ttl = (mini_build.out / "albakg.ttl").read_bytes()
    assert hashlib.sha256(ttl).hexdigest() in html
    assert f"{len(ttl):,}" in html
    assert (mini_site.out / "downloads/albakg.ttl").read_bytes() == ttl
    assert "How to cite" in html and "CC BY 4.0" in html


def test_vocabulary_page_shows_shacl_constraints_and_examples(mini_site: SiteReport) -> None:
    html = (mini_site.out / "en/vocabulary.html").read_text(encoding="utf-8")
    claim = html[html.index('id="Claim"') : html.index("</section>", html.index('id="Claim"'))]
    assert "A claim has exactly one author stance." in claim  # the shape's own message
    assert "SHACL constraints" in claim
    assert "Examples from the data" in claim and "read.html#char=" in claim
    es = (mini_site.out / "es/vocabulary.html").read_text(encoding="utf-8")
    assert "Una afirmación tiene exactamente una postura del autor." in es


def test_every_predicate_of_the_records_reads_as_a_sentence_in_both_languages() -> None:
    from markupsafe import Markup

    from albakg.rdf.vocab import PREDICATES
    from albakg.site.sentences import sentence

    for name, prop in PREDICATES.items():
        for lang in ("es", "en"):
            text = sentence(str(prop), Markup("<b>S</b>"), Markup("<b>O</b>"), lang, "FALLBACK")
            assert "FALLBACK" not in text, f"{name} has no {lang} sentence"
            assert text.index("<b>S</b>") < text.index("<b>O</b>")


def test_a_server_renders_the_same_page_as_the_file_by_its_path(
    mini_build: BuildResult, mini_site: SiteReport
) -> None:
    from albakg.site.build import draw_pictures
    from albakg.site.render import Renderer, file_listing

    site = load_site_data(mini_build.out)
    pictures, missing = draw_pictures(site)
    renderer = Renderer(site, pictures)
    renderer.missing = missing
    downloads = file_listing(mini_build.out)
    for path in (
        "index.html",
        "en/index.html",
        "es/vocabulary.html",
        "en/claims.html",
        "es/id/hugo-chavez.html",
        "en/statement/mini/venezuela-member-of-bap.html",
        "en/doc/mini/read.html",
    ):
        expected = (mini_site.out / path).read_text(encoding="utf-8")
        assert renderer.render_path(path, downloads) == expected, path
    assert renderer.render_path("en/id/no-such-entity.html") is None
    assert renderer.render_path("fr/index.html") is None


def test_site_never_replaces_a_folder_it_did_not_write(
    mini_build: BuildResult, tmp_path: Path
) -> None:
    keep = tmp_path / "notes"
    keep.mkdir()
    (keep / "mine.txt").write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(app, ["site", "--data", str(mini_build.out), "--out", str(keep)])
    assert result.exit_code == 1
    assert "was not written by `albakg site`" in result.stderr
    assert (keep / "mine.txt").read_text(encoding="utf-8") == "keep me"
    result = CliRunner().invoke(
        app, ["site", "--data", str(mini_build.out), "--out", str(mini_build.out)]
    )
    assert result.exit_code == 1 and (mini_build.out / "albakg.trig").exists()
