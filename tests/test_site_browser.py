"""The site in headless Chromium, opened from disk: what a person sees and clicks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from albakg.build.pipeline import BuildResult
from albakg.site.build import SiteReport, build_site
from albakg.site.model import load_site_data

from .browser import headless_chromium

SHOTS = Path(__file__).resolve().parent.parent / "test-output" / "site"


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    with headless_chromium({"performance": "ALL", "browser": "ALL"}, "1300,1000") as browser:
        SHOTS.mkdir(parents=True, exist_ok=True)
        yield browser


@pytest.fixture(scope="module")
def site(mini_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> SiteReport:
    return build_site(mini_build.out, tmp_path_factory.mktemp("browser-site") / "site")


@pytest.fixture(scope="module")
def article_site(real_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> SiteReport:
    return build_site(real_build.out, tmp_path_factory.mktemp("browser-real") / "site")


def requested(driver: Any) -> list[str]:
    """URLs the browser asked for since the last call (from its performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


PAGES = {
    "landing": "en/index.html",
    "vocabulary": "en/vocabulary.html",
    "entity": "en/id/hugo-chavez.html",
    "statement": "en/statement/mini/venezuela-member-of-bap.html",
    "index": "en/claims.html",
    "reading": "en/doc/mini/read.html",
    "front": "index.html",
}


def test_every_page_kind_renders_and_requests_nothing_outside(
    driver: Any, site: SiteReport
) -> None:
    from selenium.webdriver.common.by import By

    root = site.out.resolve()
    claim = sorted((root / "en/claim/mini").glob("*.html"))[0]
    work = sorted((root / "en/work").glob("*.html"))[0]
    pages = {**PAGES, "claim": str(claim.relative_to(root)), "work": str(work.relative_to(root))}
    requested(driver)
    for kind, path in sorted(pages.items()):
        driver.get((root / path).as_uri())
        assert driver.find_element(By.TAG_NAME, "h1").text.strip(), kind
        # The stylesheet applied (the file loaded): the header has its background colour.
        if kind != "front":
            header = driver.find_element(By.CSS_SELECTOR, "header.top")
            assert header.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
        driver.save_screenshot(str(SHOTS / f"{kind}.png"))
        outside = [u for u in requested(driver) if not u.startswith(("file://", "data:"))]
        assert outside == [], f"{kind} requested {outside}"
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == [], f"{kind}: {errors}"


def test_language_switch_changes_the_labels(driver: Any, site: SiteReport) -> None:
    from selenium.webdriver.common.by import By

    driver.get((site.out.resolve() / "en/id/hugo-chavez.html").as_uri())
    english = driver.find_element(By.CSS_SELECTOR, "header nav").text
    driver.find_element(By.ID, "lang-switch").click()
    assert "/es/id/hugo-chavez.html" in driver.current_url
    spanish = driver.find_element(By.CSS_SELECTOR, "header nav").text
    assert "Entities" in english and "Entidades" in spanish
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es"
    assert "encabeza" in driver.find_element(By.TAG_NAME, "main").text


def marked_text(driver: Any) -> str:
    return str(
        driver.execute_script(
            "return Array.prototype.map.call(document.querySelectorAll('#text .hl'),"
            " function (e) { return e.textContent; }).join('');"
        )
    )


def in_view(driver: Any) -> bool:
    return bool(
        driver.execute_script(
            "var el = document.querySelector('#text .hl'); if (!el) return false;"
            " var r = el.getBoundingClientRect();"
            " return r.top >= 0 && r.bottom <= window.innerHeight;"
        )
    )


def test_a_char_link_scrolls_to_the_marked_quote_and_lists_its_records(
    driver: Any, real_build: BuildResult, article_site: SiteReport
) -> None:
    from selenium.webdriver.common.by import By

    data = load_site_data(real_build.out)
    spans = sorted(data.evidence.values(), key=lambda s: (s.start, s.end))
    # One quote near the start, one in the middle, one near the end of the article.
    chosen = [spans[5], spans[len(spans) // 2], spans[-3]]
    reading = article_site.out.resolve() / "en/doc/briceno-ruiz-alba/read.html"
    for i, span in enumerate(chosen):
        driver.get(reading.as_uri() + f"#char={span.start},{span.end}")
        assert marked_text(driver) == span.normalized
        assert in_view(driver)
        note = driver.find_element(By.ID, f"note-{span.start}-{span.end}")
        assert note.is_displayed()
        records = data.resting[span.iri]
        hrefs = [a.get_attribute("href") for a in note.find_elements(By.TAG_NAME, "a")]
        assert len(hrefs) == len(records)
        if i == 1:
            driver.save_screenshot(str(SHOTS / "reading-char.png"))
            # And back: the note's first record page links to this very passage.
            note.find_elements(By.TAG_NAME, "a")[0].click()
            link = driver.find_element(
                By.CSS_SELECTOR, f'a.goto[href$="#char={span.start},{span.end}"]'
            )
            link.click()
            assert marked_text(driver) == span.normalized


def test_an_entity_quote_is_one_click_from_its_passage(driver: Any, site: SiteReport) -> None:
    from selenium.webdriver.common.by import By

    driver.get((site.out.resolve() / "en/id/hugo-chavez.html").as_uri())
    quote = driver.find_element(By.CSS_SELECTOR, "#evidence + blockquote.quote")
    expected = quote.find_element(By.TAG_NAME, "mark").text
    quote.find_element(By.CSS_SELECTOR, "a.goto").click()
    assert "read.html#char=" in driver.current_url
    assert " ".join(marked_text(driver).split()) == " ".join(expected.split())


LINKS_JS = """
return Array.prototype.map.call(document.querySelectorAll('a'), function (a) {
  var ref = a.getAttribute('href') || a.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
  return ref ? new URL(ref, window.location.href).href : '';
}).concat(Array.prototype.map.call(document.querySelectorAll('[id]'), function (e) {
  return '#' + e.id;
}));
"""


def test_a_browser_crawl_of_the_site_finds_no_broken_link_and_no_outside_request(
    driver: Any, site: SiteReport
) -> None:
    from urllib.parse import unquote, urlsplit

    root = site.out.resolve()
    todo = [(root / "index.html").as_uri()]
    seen: set[str] = set()
    ids: dict[str, set[str]] = {}
    fragments: list[tuple[str, str, str]] = []
    broken: list[str] = []
    requested(driver)
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        driver.get(url)
        found = driver.execute_script(LINKS_JS)
        ids[url] = {x[1:] for x in found if x.startswith("#")}
        for href in found:
            if href.startswith("#") or not href:
                continue
            parts = urlsplit(href)
            if parts.scheme != "file":
                continue  # links out (Wikidata) are followed by people, not fetched by pages
            path = Path(unquote(parts.path))
            if not path.is_file():
                broken.append(f"{url} → {href}")
                continue
            target = path.as_uri()
            if parts.fragment and not parts.fragment.startswith("char="):
                fragments.append((url, target, parts.fragment))
            if path.suffix == ".html" and target not in seen:
                todo.append(target)
    outside = [u for u in requested(driver) if not u.startswith(("file://", "data:"))]
    broken += [f"{u} → {t}#{f}" for u, t, f in fragments if f not in ids.get(t, {f})]
    assert broken == []
    assert outside == []
    assert len(seen) == len(list(root.rglob("*.html")))
