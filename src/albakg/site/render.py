"""Pages of the site, rendered from :class:`SiteData` by jinja2 templates.

Each page kind is one function that returns HTML for a path inside a language tree
(``es/…`` or ``en/…``), so the static site and a server can produce the very same page.
Links are relative, which is what lets the site be opened from disk.
"""

from __future__ import annotations

import hashlib
import itertools
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import pyoxigraph as ox
from markupsafe import Markup, escape

from albakg import __version__
from albakg.resources import queries_dir
from albakg.site.model import ALBAKG, LANGS, OWL, RDF_TYPE, RDFS, SKOS, SiteData, Span
from albakg.site.sentences import sentence, when
from albakg.sparql.store import QueryError

DC = "http://purl.org/dc/terms/"
ORG = "http://www.w3.org/ns/org#"
CITO_CITES = "http://purl.org/spar/cito/cites"

#: Bundled competency questions shown, with their answers, on the landing page.
EXAMPLE_QUESTIONS = ("alba-members", "author-theses", "contradictions", "discourse-phases")

#: Files of a build offered for download, in this order.
DOWNLOADS = (
    "albakg.ttl",
    "albakg.jsonld",
    "albakg.nt",
    "albakg.trig",
    "albakg.nq",
    "ontology.ttl",
    "ontology.owl",
    "shapes.ttl",
    "context.jsonld",
)

TEXT: dict[str, dict[str, str]] = {
    "es": {
        "site": "albakg: un grafo de conocimiento anclado en el texto",
        "home": "Inicio",
        "vocabulary": "Vocabulario",
        "entities": "Entidades",
        "claims": "Afirmaciones",
        "works": "Obras citadas",
        "statements": "Relaciones",
        "read": "Leer el artículo",
        "other": "English",
        "evidence": "Evidencia en el texto",
        "in_context": "ver en el texto",
        "relations": "Relaciones",
        "claims_about": "Afirmaciones sobre esta entidad",
        "claims_by": "Afirmaciones que sostiene",
        "works_by": "Obras de esta persona",
        "mentions": "Menciones en el texto",
        "type": "Tipo",
        "definition": "Definición",
        "aliases": "También llamado",
        "dates": "Fechas",
        "place": "Lugar",
        "same_as": "Mismo recurso en",
        "kind": "Papel en el argumento",
        "stance": "Postura del autor",
        "claimant": "Sostenida por",
        "about": "Trata de",
        "rests_on": "Se apoya en",
        "supports": "Apoya a",
        "supported_by": "Apoyada por",
        "contradicts": "Contradice a",
        "contradicted_by": "Contradicha por",
        "discourse": "Lado del discurso",
        "practice": "Lado de la práctica",
        "inferred": "inferida: el texto la implica pero no la afirma",
        "used_by": "Afirmaciones que la usan",
        "status": "Condición",
        "role": "Cargo",
        "note": "Nota",
        "proposed_to": "Propuesta a",
        "outcome": "Resultado",
        "title": "Título",
        "year": "Año",
        "authors": "Autores",
        "cited_at": "Citada en el texto",
        "claims_resting": "Afirmaciones que se apoyan en ella",
        "iri": "IRI",
        "rests_here": "Lo que se apoya en este pasaje",
        "passage": "Pasaje",
        "no_records": "Ningún registro cita exactamente este pasaje.",
        "pictures_missing": "Imagen no generada",
    },
    "en": {
        "site": "albakg: a knowledge graph anchored in the text",
        "home": "Home",
        "vocabulary": "Vocabulary",
        "entities": "Entities",
        "claims": "Claims",
        "works": "Cited works",
        "statements": "Relations",
        "read": "Read the article",
        "other": "Español",
        "evidence": "Evidence in the text",
        "in_context": "see in the text",
        "relations": "Relations",
        "claims_about": "Claims about this entity",
        "claims_by": "Claims it makes",
        "works_by": "Works by this person",
        "mentions": "Mentions in the text",
        "type": "Type",
        "definition": "Definition",
        "aliases": "Also called",
        "dates": "Dates",
        "place": "Place",
        "same_as": "Same resource in",
        "kind": "Role in the argument",
        "stance": "Author's stance",
        "claimant": "Held by",
        "about": "About",
        "rests_on": "Rests on",
        "supports": "Supports",
        "supported_by": "Supported by",
        "contradicts": "Contradicts",
        "contradicted_by": "Contradicted by",
        "discourse": "Discourse side",
        "practice": "Practice side",
        "inferred": "inferred: the text implies it without stating it",
        "used_by": "Claims that use it",
        "status": "Status",
        "role": "Office",
        "note": "Note",
        "proposed_to": "Proposed to",
        "outcome": "Outcome",
        "title": "Title",
        "year": "Year",
        "authors": "Authors",
        "cited_at": "Cited in the text",
        "claims_resting": "Claims resting on it",
        "iri": "IRI",
        "rests_here": "What rests on this passage",
        "passage": "Passage",
        "no_records": "No record quotes exactly this passage.",
        "pictures_missing": "Picture not drawn",
    },
}


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("albakg.site", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    return env


ENV = _env()


@dataclass(frozen=True)
class Page:
    """A page's place in the site: its path inside the language tree, and the language."""

    path: str
    lang: str

    def url(self, target: str) -> str:
        """Relative URL from this page to ``target`` (a path in the same language tree)."""
        target, _, fragment = target.partition("#")
        here = posixpath.dirname(self.path) or "."
        rel = posixpath.relpath(target, here) if target else posixpath.basename(self.path)
        return rel + (f"#{fragment}" if fragment else "")

    def root(self, target: str) -> str:
        """Relative URL from this page to a path at the top of the site (above languages)."""
        depth = self.path.count("/") + 1
        return "../" * depth + target

    @property
    def other(self) -> str:
        """The same page in the other language."""
        other = "en" if self.lang == "es" else "es"
        return self.root(f"{other}/{self.path}")


def page_path(site: SiteData, iri: str) -> str | None:
    """Path of the page describing ``iri`` inside a language tree, if the site has one."""
    if iri.startswith(ALBAKG):
        return f"vocabulary.html#{iri[len(ALBAKG) :]}"
    if not iri.startswith(site.base):
        return None
    rest = iri[len(site.base) :]
    if rest.startswith(("id/", "work/", "claim/", "statement/")) and rest.count("#") == 0:
        if rest.startswith("statement/") and rest.count("/") > 2:
            return None  # intervals and instants are shown on their statement's page
        return rest + ".html"
    if rest.startswith("doc/"):
        doc, _, frag = rest[4:].partition("#")
        doc = doc.removesuffix(".txt")
        if doc in site.documents and "/" not in doc:
            return f"doc/{doc}/read.html" + (f"#{frag}" if frag.startswith("char=") else "")
    return None


def char_path(span: Span) -> str:
    return f"doc/{span.doc}/read.html#char={span.start},{span.end}"


class Renderer:
    """Renders pages; holds the data and the few things computed once for all pages."""

    def __init__(self, site: SiteData, pictures: dict[tuple[str, str], str] | None = None):
        self.site = site
        self.pictures = pictures or {}
        self.missing: dict[str, str] = {}
        self.statements_of: dict[str, list[str]] = defaultdict(list)
        for stmt in site.of_type(ALBAKG + "Statement"):
            for prop in ("statementSubject", "statementObject"):
                for node in site.iris(stmt, ALBAKG + prop):
                    self.statements_of[node].append(stmt)
        self.mentions_of: dict[str, list[Span]] = defaultdict(list)
        for m in site.mentions:
            if m.target:
                self.mentions_of[m.target].append(m)
        self.citations_of: dict[str, list[Span]] = defaultdict(list)
        for c in site.citations:
            if c.target:
                self.citations_of[c.target].append(c)

    # ------------------------------------------------------------------ helpers
    def link(self, page: Page, iri: str) -> Markup:
        """The label of ``iri`` linked to its page (or plain, or an outside link)."""
        label = self.site.label(iri, page.lang)
        target = page_path(self.site, iri)
        if target is not None:
            return Markup('<a href="{h}">{l}</a>').format(h=page.url(target), l=label)
        if iri.startswith(("http://", "https://")) and not iri.startswith(self.site.base):
            return Markup('<a class="out" href="{h}">{l}</a>').format(h=iri, l=self.site.short(iri))
        return escape(label)

    def term(self, page: Page, term: Any) -> Markup:
        """A value: an IRI as a link with its label, a literal as its text."""
        if isinstance(term, ox.NamedNode):
            return self.link(page, term.value)
        if isinstance(term, ox.Literal):
            suffix = f"@{term.language}" if term.language else ""
            return escape(term.value) + (
                Markup('<span class="tag">{}</span>').format(suffix) if suffix else ""
            )
        return escape(str(term)) if term is not None else Markup("")

    def quote(self, page: Page, span: Span) -> dict[str, Any]:
        """A piece of evidence as its quote in context, with its place in the reading view."""

        def flat(text: str) -> str:
            return re.sub(r"\s+", " ", text)

        return {
            "before": flat(span.before),
            "quote": span.normalized,
            "after": flat(span.after),
            "href": page.url(char_path(span)),
            "where": f"{span.start}–{span.end}",
        }

    def quotes(self, page: Page, iri: str) -> list[dict[str, Any]]:
        return [self.quote(page, s) for s in self.site.evidence_of(iri)]

    def relation(self, page: Page, stmt: str) -> dict[str, Any]:
        """A statement as a sentence in the page's language, with its dates and evidence."""
        site, lang = self.site, page.lang
        pred = next(iter(site.iris(stmt, ALBAKG + "statementPredicate")), "")
        subj = next(iter(site.iris(stmt, ALBAKG + "statementSubject")), "")
        objs = site.iris(stmt, ALBAKG + "statementObject")
        if objs:
            obj = self.link(page, objs[0])
        else:
            obj = escape(site.literal(stmt, ALBAKG + "date") or "")
        text = sentence(pred, self.link(page, subj), obj, lang, site.label(pred, lang))
        dates = when(
            "" if not objs else site.literal(stmt, ALBAKG + "date") or "",
            site.literal(stmt, ALBAKG + "startDate") or "",
            site.literal(stmt, ALBAKG + "endDate") or "",
            lang,
        )
        evidence = site.evidence_of(stmt)
        return {
            "sentence": text,
            "dates": dates,
            "inferred": site.literal(stmt, ALBAKG + "inferred") == "true",
            "href": page.url(stmt[len(site.base) :] + ".html"),
            "quote": self.quote(page, evidence[0]) if evidence else None,
        }

    def render(self, template: str, page: Page, **context: Any) -> str:
        return ENV.get_template(template).render(
            page=page,
            t=TEXT[page.lang],
            lang=page.lang,
            langs=LANGS,
            version=__version__,
            picture=lambda name: self.picture(page, name),
            **context,
        )

    def picture(self, page: Page, name: str) -> Markup:
        """A picture inline (links relative to the language folder), or why it is missing."""
        svg = self.pictures.get((page.lang, name))
        if svg is None:
            reason = self.missing.get(name, "")
            return Markup('<p class="missing">{t}: {r}</p>').format(
                t=TEXT[page.lang]["pictures_missing"], r=reason
            )
        return Markup('<figure class="picture" id="picture-{n}">{svg}</figure>').format(
            n=name, svg=Markup(svg[svg.index("<svg") :])
        )

    def render_path(self, path: str, downloads: list[dict[str, Any]] | None = None) -> str | None:
        """The page at ``path`` in the site (``en/id/hugo-chavez.html``), or None if none is there.

        What a server calls to answer with the same pages the static site holds.
        """
        if path in ("", "index.html"):
            return self.render_language_choice()
        lang, _, rest = path.partition("/")
        if lang not in LANGS:
            return None
        if rest in ("", "index.html"):
            return self.render_landing_page(lang, downloads or [])
        if rest == "vocabulary.html":
            return self.render_vocabulary_page(lang)
        kind = rest.removesuffix(".html")
        if kind in ("entities", "claims", "works", "statements"):
            return self.render_index(kind, lang)
        if rest.startswith("doc/") and rest.endswith("/read.html"):
            doc_id = rest[len("doc/") : -len("/read.html")]
            return self.render_reading_view(doc_id, lang) if doc_id in self.site.documents else None
        if rest.endswith(".html"):
            return self.render_record_page(self.site.base + rest.removesuffix(".html"), lang)
        return None

    def render_language_choice(self) -> str:
        """The site's front door: the two language trees, without script."""
        return ENV.get_template("choice.html").render(
            title=TEXT["es"]["site"], langs=[(lang, TEXT[lang]) for lang in LANGS]
        )

    # ------------------------------------------------------------------ record pages
    def render_entity_page(self, iri: str, lang: str) -> str:
        """One entity: what it is, its relations as sentences, the claims about it, its quotes."""
        site = self.site
        page = Page(iri[len(site.base) :] + ".html", lang)
        types = sorted(site.types.get(iri, set()))
        relations = [self.relation(page, s) for s in sorted(set(self.statements_of.get(iri, [])))]
        relations.sort(key=lambda r: (str(r["sentence"]), r["dates"]))
        incoming = site.incoming.get(iri, {})
        facts = []
        if site.literal(iri, SKOS + "definition", lang):
            facts.append(
                (TEXT[lang]["definition"], escape(site.literal(iri, SKOS + "definition", lang)))
            )
        aliases = [
            v.value for v in site.values(iri, SKOS + "altLabel") if isinstance(v, ox.Literal)
        ]
        if aliases:
            facts.append((TEXT[lang]["aliases"], escape(", ".join(aliases))))
        dates = when(
            site.literal(iri, ALBAKG + "date") or "",
            site.literal(iri, ALBAKG + "startDate") or "",
            site.literal(iri, ALBAKG + "endDate") or "",
            lang,
        )
        if dates:
            facts.append((TEXT[lang]["dates"], escape(dates)))
        for place in site.iris(iri, ALBAKG + "atPlace"):
            facts.append((TEXT[lang]["place"], self.link(page, place)))
        for same in site.iris(iri, OWL + "sameAs"):
            facts.append((TEXT[lang]["same_as"], self.link(page, same)))
        mentions = [
            {"href": page.url(char_path(m)), "text": m.normalized}
            for m in self.mentions_of.get(iri, [])
        ]
        return self.render(
            "record.html",
            page,
            iri=iri,
            title=site.label(iri, lang),
            types=[self.link(page, t) for t in types],
            facts=facts,
            relations=relations,
            lists=[
                (
                    TEXT[lang]["claims_about"],
                    [self.link(page, c) for c in sorted(incoming.get(ALBAKG + "about", []))],
                ),
                (
                    TEXT[lang]["claims_by"],
                    [self.link(page, c) for c in sorted(incoming.get(ALBAKG + "claimant", []))],
                ),
                (
                    TEXT[lang]["works_by"],
                    [self.link(page, c) for c in sorted(incoming.get(ALBAKG + "author", []))],
                ),
            ],
            mentions=mentions,
            quotes=self.quotes(page, iri),
            short=site.short(iri),
        )

    def render_claim_page(self, iri: str, lang: str) -> str:
        """One claim: who holds it, the author's stance, what it supports and contradicts."""
        site = self.site
        page = Page(iri[len(site.base) :] + ".html", lang)
        incoming = site.incoming.get(iri, {})
        t = TEXT[lang]

        def out(prop: str) -> list[Markup]:
            return [self.link(page, o) for o in site.iris(iri, ALBAKG + prop)]

        def back(prop: str) -> list[Markup]:
            return [self.link(page, s) for s in sorted(incoming.get(ALBAKG + prop, []))]

        facts = [
            (t["kind"], Markup(", ").join(out("claimKind"))),
            (t["stance"], Markup(", ").join(out("authorStance"))),
        ]
        lists = [
            (t["claimant"], out("claimant")),
            (t["about"], out("about")),
            (t["rests_on"], out("restsOn")),
            (t["supports"], out("supports")),
            (t["supported_by"], back("supports")),
            (t["contradicts"], out("contradicts")),
            (t["contradicted_by"], back("contradicts")),
        ]
        sides = [
            (
                t["discourse"],
                [self.relation(page, s) for s in site.iris(iri, ALBAKG + "discourseSide")],
            ),
            (
                t["practice"],
                [self.relation(page, s) for s in site.iris(iri, ALBAKG + "practiceSide")],
            ),
        ]
        return self.render(
            "record.html",
            page,
            iri=iri,
            title=site.label(iri, lang),
            types=[self.link(page, ALBAKG + "Claim")],
            facts=facts,
            relations=[],
            sides=sides,
            lists=lists,
            mentions=[],
            quotes=self.quotes(page, iri),
            short=site.short(iri),
        )

    def render_statement_page(self, iri: str, lang: str) -> str:
        """One relation, written as a sentence, with its qualifiers and its quotes."""
        site = self.site
        page = Page(iri[len(site.base) :] + ".html", lang)
        t = TEXT[lang]
        rel = self.relation(page, iri)
        facts: list[tuple[str, Markup]] = []
        if rel["dates"]:
            facts.append((t["dates"], escape(rel["dates"])))
        for key, prop in (("status", "status"), ("role", "roleName"), ("note", "note")):
            value = site.literal(iri, ALBAKG + prop, lang)
            if value:
                facts.append((t[key], escape(value)))
        for key, prop in (
            ("proposed_to", "proposedTo"),
            ("place", "atPlace"),
            ("outcome", "outcome"),
        ):
            for o in site.iris(iri, ALBAKG + prop):
                facts.append((t[key], self.link(page, o)))
        if rel["inferred"]:
            facts.append((t["kind"], escape(t["inferred"])))
        incoming = site.incoming.get(iri, {})
        users = sorted(
            set(
                incoming.get(ALBAKG + "discourseSide", [])
                + incoming.get(ALBAKG + "practiceSide", [])
            )
        )
        return self.render(
            "record.html",
            page,
            iri=iri,
            title=str(rel["sentence"].striptags()),
            heading=rel["sentence"],
            types=[self.link(page, x) for x in sorted(site.types.get(iri, set()))],
            facts=facts,
            relations=[],
            lists=[(t["used_by"], [self.link(page, u) for u in users])],
            mentions=[],
            quotes=self.quotes(page, iri),
            short=site.short(iri),
        )

    def render_work_page(self, iri: str, lang: str) -> str:
        """One cited work: its authors, where the text cites it, the claims resting on it."""
        site = self.site
        page = Page(iri[len(site.base) :] + ".html", lang)
        t = TEXT[lang]
        facts: list[tuple[str, Markup]] = []
        title = site.literal(iri, DC + "title")
        if title:
            facts.append((t["title"], escape(title)))
        year = site.literal(iri, "http://purl.org/spar/fabio/hasPublicationYear")
        if year:
            facts.append((t["year"], escape(year)))
        incoming = site.incoming.get(iri, {})
        cited = [
            {"href": page.url(char_path(c)), "text": c.normalized}
            for c in self.citations_of.get(iri, [])
        ]
        return self.render(
            "record.html",
            page,
            iri=iri,
            title=site.label(iri, lang),
            types=[self.link(page, x) for x in sorted(site.types.get(iri, set()))],
            facts=facts,
            relations=[],
            lists=[
                (t["authors"], [self.link(page, a) for a in site.iris(iri, ALBAKG + "author")]),
                (
                    t["claims_resting"],
                    [self.link(page, c) for c in sorted(incoming.get(ALBAKG + "restsOn", []))],
                ),
            ],
            mentions=cited,
            mentions_title=t["cited_at"],
            quotes=self.quotes(page, iri),
            short=site.short(iri),
        )

    def render_record_page(self, iri: str, lang: str) -> str | None:
        """The page of any record the site has a page for (what a server dereferences)."""
        types = self.site.types.get(iri, set())
        if ALBAKG + "Claim" in types:
            return self.render_claim_page(iri, lang)
        if ALBAKG + "Statement" in types:
            return self.render_statement_page(iri, lang)
        if ALBAKG + "CitedWork" in types and iri.startswith(self.site.base + "work/"):
            return self.render_work_page(iri, lang)
        if iri.startswith(self.site.base + "id/") and types:
            return self.render_entity_page(iri, lang)
        return None

    # ------------------------------------------------------------------ the reading view
    def render_reading_view(self, doc_id: str, lang: str) -> str:
        """The article paragraph by paragraph: mentions and citations linked, quotes marked.

        The text is cut into pieces at every boundary of a quote, mention or citation; each
        piece carries its raw offsets, so ``#char=START,END`` finds exactly the pieces of a
        quote (the script in ``read.js`` does this, also from disk).
        """
        site = self.site
        doc = site.documents[doc_id]
        page = Page(f"doc/{doc_id}/read.html", lang)
        norm = doc.normalized
        ev = [s for s in site.evidence.values() if s.doc == doc_id]
        mentions = [m for m in site.mentions if m.doc == doc_id]
        cites = [c for c in site.citations if c.doc == doc_id]

        def nspan(s: Span) -> tuple[int, int]:
            return norm.norm_index(s.start), norm.norm_index(s.end - 1) + 1

        ev_spans = sorted(nspan(s) for s in ev)
        link_spans: list[tuple[int, int, str, str]] = []
        for m in mentions:
            a, b = nspan(m)
            if m.target and page_path(site, m.target):
                link_spans.append((a, b, "mention", m.target))
        for c in cites:
            a, b = nspan(c)
            if c.target and page_path(site, c.target):
                link_spans.append((a, b, "cite", c.target))
        bounds = sorted(
            {x for a, b in ev_spans for x in (a, b)}
            | {x for a, b, _, _ in link_spans for x in (a, b)}
        )
        blocks = sorted(
            [("h", h) for h in doc.headings] + [("p", p) for p in doc.paragraphs],
            key=lambda kv: kv[1].start,
        )
        covered = _coverage(ev_spans, len(norm.text))
        links_at = _links_at(link_spans)
        rendered = []
        import bisect

        for kind, seg in blocks:
            cuts = (
                [seg.start]
                + [
                    x
                    for x in bounds[
                        bisect.bisect_right(bounds, seg.start) : bisect.bisect_left(bounds, seg.end)
                    ]
                ]
                + [seg.end]
            )
            pieces = []
            for a, b in itertools.pairwise(cuts):
                if a >= b:
                    continue
                raw_a, raw_b = norm.raw_span(a, b)
                target = links_at.get(a)
                href = None
                cls = []
                if target and target[0] <= a and b <= target[1]:
                    href = page.url(page_path(site, target[3]) or "")
                    cls.append(target[2])
                if covered[a]:
                    cls.append("ev")
                pieces.append(
                    {
                        "text": norm.text[a:b],
                        "s": raw_a,
                        "e": raw_b,
                        "href": href,
                        "cls": " ".join(cls),
                    }
                )
            rendered.append({"kind": kind, "id": seg.id, "pieces": pieces, "section": seg.parent})
        notes = []
        for span in sorted(ev, key=lambda s: (s.start, s.end)):
            records = site.resting.get(span.iri, [])
            notes.append(
                {
                    "id": f"note-{span.start}-{span.end}",
                    "quote": span.normalized,
                    "records": [self.link(page, r) for r in records],
                }
            )
        return self.render(
            "read.html",
            page,
            title=site.label(site.base + f"doc/{doc_id}", lang),
            doc_id=doc_id,
            blocks=rendered,
            notes=notes,
            txt=page.root(f"downloads/{doc_id}.txt"),
        )

    # ------------------------------------------------------------------ indexes, landing
    def render_index(self, kind: str, lang: str) -> str:
        """A list of every record of one kind: the way into the record pages."""
        site = self.site
        page = Page(f"{kind}.html", lang)
        cls = {
            "entities": None,
            "claims": ALBAKG + "Claim",
            "works": ALBAKG + "CitedWork",
            "statements": ALBAKG + "Statement",
        }[kind]
        groups: dict[str, list[tuple[str, Markup]]] = defaultdict(list)
        for iri in self.records(kind):
            if cls is None:
                group_iri = sorted(site.types.get(iri, set()))[0]
            elif kind == "claims":
                group_iri = next(iter(site.iris(iri, ALBAKG + "claimKind")), cls)
            elif kind == "statements":
                group_iri = next(iter(site.iris(iri, ALBAKG + "statementPredicate")), cls)
            else:
                group_iri = cls
            label = site.label(iri, lang)
            groups[site.label(group_iri, lang)].append((label.casefold(), self.link(page, iri)))
        return self.render(
            "index.html",
            page,
            title=TEXT[lang][kind],
            groups=[
                (g, [m for _, m in sorted(items, key=lambda x: (x[0], str(x[1])))])
                for g, items in sorted(groups.items())
            ],
        )

    def records(self, kind: str) -> list[str]:
        """IRIs of the records of one kind that get a page."""
        site = self.site
        if kind == "entities":
            return [
                s
                for s in sorted(site.types)
                if s.startswith(site.base + "id/") and ALBAKG + "statedIn" in site.props.get(s, {})
            ]
        if kind == "works":
            return [
                w for w in site.of_type(ALBAKG + "CitedWork") if w.startswith(site.base + "work/")
            ]
        if kind == "claims":
            return site.of_type(ALBAKG + "Claim")
        return site.of_type(ALBAKG + "Statement")

    def render_landing_page(self, lang: str, downloads: list[dict[str, Any]]) -> str:
        """What the dataset is, counted from the data; how to cite it; files; questions."""
        page = Page("index.html", lang)
        return self.render(
            "landing.html",
            page,
            title=TEXT[lang]["site"],
            counts=self.counts(lang),
            citation=how_to_cite(self.site, lang),
            downloads=[{**d, "href": page.root(f"downloads/{d['name']}")} for d in downloads],
            questions=self.questions(page),
            documents=[
                {
                    "title": self.site.label(self.site.base + f"doc/{d}", lang),
                    "href": page.url(f"doc/{d}/read.html"),
                }
                for d in sorted(self.site.documents)
            ],
        )

    def counts(self, lang: str) -> list[tuple[str, int]]:
        rows = self.site.select(
            """
            SELECT
              (COUNT(DISTINCT ?claim) AS ?claims) (COUNT(DISTINCT ?stmt) AS ?statements)
              (COUNT(DISTINCT ?work) AS ?works) (COUNT(DISTINCT ?ev) AS ?evidence)
              (COUNT(DISTINCT ?mention) AS ?mentions) (COUNT(DISTINCT ?para) AS ?paragraphs)
            WHERE {
              { ?claim a albakg:Claim } UNION { ?stmt a albakg:Statement }
              UNION { ?work a albakg:CitedWork } UNION { ?ev a albakg:Evidence }
              UNION { ?mention a albakg:Mention } UNION { ?para a albakg:Paragraph }
            }"""
        )
        row = rows[0]
        t = TEXT[lang]
        words = {
            "es": ("piezas de evidencia", "menciones", "párrafos"),
            "en": ("pieces of evidence", "mentions", "paragraphs"),
        }[lang]

        def n(key: str) -> int:
            value = row[key]
            return int(value.value) if isinstance(value, ox.Literal) else 0

        return [
            (t["entities"], len(self.records("entities"))),
            (t["claims"], n("claims")),
            (t["statements"], n("statements")),
            (t["works"], n("works")),
            (words[0], n("evidence")),
            (words[1], n("mentions")),
            (words[2], n("paragraphs")),
        ]

    def questions(self, page: Page) -> list[dict[str, Any]]:
        """Bundled competency questions with their answers, IRIs shown as labels."""
        found = []
        for name in EXAMPLE_QUESTIONS:
            path = queries_dir() / f"{name}.rq"
            if not path.exists():
                continue
            text = path.read_text(encoding="utf-8")
            heads = dict(re.findall(r"^# (es|en): (.*)$", text, re.MULTILINE))
            try:
                rows = self.site.select(text)
            except QueryError:
                continue
            if not rows:
                continue
            columns = list(rows[0])
            found.append(
                {
                    "name": name,
                    "question": heads.get(page.lang, name),
                    "query": text,
                    "columns": columns,
                    "rows": [[self.cell(page, row[c]) for c in columns] for row in rows[:12]],
                    "more": max(0, len(rows) - 12),
                }
            )
        return found

    def cell(self, page: Page, term: Any) -> Markup:
        """A result cell: an IRI as its label beside its prefixed name, a literal as text."""
        if isinstance(term, ox.NamedNode):
            return self.link(page, term.value) + Markup(' <code class="iri">{}</code>').format(
                self.site.short(term.value)
            )
        return self.term(page, term)

    def render_vocabulary_page(self, lang: str) -> str:
        """Every class and property: labels, definitions, hierarchy, SHACL constraints, examples."""
        page = Page("vocabulary.html", lang)
        site = self.site
        vocab = site.vocab
        classes = sorted(
            s
            for s, ps in vocab.items()
            if s.startswith(ALBAKG) and any(o.value == OWL + "Class" for o in ps.get(RDF_TYPE, []))
        )
        properties = sorted(
            s
            for s, ps in vocab.items()
            if s.startswith(ALBAKG)
            and any(
                o.value.endswith("Property") and o.value.startswith(OWL)
                for o in ps.get(RDF_TYPE, [])
            )
        )
        individuals = sorted(
            s for s in vocab if s.startswith(ALBAKG) and s not in classes and s not in properties
        )
        subclasses: dict[str, list[str]] = defaultdict(list)
        for s, ps in vocab.items():
            for o in ps.get(RDFS + "subClassOf", []):
                subclasses[o.value].append(s)
        by_target: dict[str, list[dict[str, str]]] = defaultdict(list)
        by_path: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in site.shapes:
            by_target[row["target"]].append(row)
            if row["path"]:
                by_path[row["path"]].append(row)

        def vals(iri: str, prop: str) -> list[str]:
            return sorted(
                v.value for v in vocab.get(iri, {}).get(prop, []) if isinstance(v, ox.NamedNode)
            )

        def text(iri: str, prop: str, tag: str) -> str:
            for v in vocab.get(iri, {}).get(prop, []):
                if isinstance(v, ox.Literal) and v.language == tag:
                    return v.value
            return ""

        def links(iris: list[str]) -> list[Markup]:
            return [self.vlink(page, i) for i in iris]

        def entry(iri: str, kind: str) -> dict[str, Any]:
            local = iri[len(ALBAKG) :]
            aligned = [
                *vals(iri, RDFS + "subClassOf"),
                *vals(iri, RDFS + "subPropertyOf"),
                *vals(iri, OWL + "equivalentClass"),
                *vals(iri, OWL + "equivalentProperty"),
            ]
            constraints = self.constraints(
                page, by_target.get(iri, []) if kind == "class" else by_path.get(iri, []), kind
            )
            return {
                "id": local,
                "iri": iri,
                "kind": kind,
                "labels": {tag: text(iri, RDFS + "label", tag) for tag in LANGS},
                "definitions": {
                    tag: text(iri, SKOS + "definition", tag) or text(iri, RDFS + "comment", tag)
                    for tag in LANGS
                },
                "super": links([a for a in aligned if a.startswith(ALBAKG)]),
                "aligned": links([a for a in aligned if not a.startswith(ALBAKG)]),
                "sub": links(sorted(subclasses.get(iri, []))),
                "domain": links(vals(iri, RDFS + "domain")),
                "range": links(vals(iri, RDFS + "range")),
                "inverse": links(vals(iri, OWL + "inverseOf")),
                "disjoint": links(vals(iri, OWL + "disjointWith")),
                "constraints": constraints,
                "examples": self.examples(page, iri, kind),
            }

        prefixes = sorted(site.prefixes().items())
        return self.render(
            "vocabulary.html",
            page,
            title=TEXT[lang]["vocabulary"],
            classes=[entry(c, "class") for c in classes],
            properties=[entry(p, "property") for p in properties],
            individuals=[
                {
                    "id": i[len(ALBAKG) :],
                    "label": site.label(i, lang),
                    "types": links(vals(i, RDF_TYPE)),
                    "definition": text(i, SKOS + "definition", lang),
                }
                for i in individuals
            ],
            prefixes=prefixes,
        )

    def vlink(self, page: Page, iri: str) -> Markup:
        """A vocabulary term linked in this page, or the prefixed name of a reused term."""
        if iri.startswith(ALBAKG):
            return Markup('<a href="#{a}">{l}</a>').format(
                a=iri[len(ALBAKG) :], l=self.site.label(iri, page.lang)
            )
        return Markup("<code>{}</code>").format(self.site.short(iri))

    def constraints(
        self, page: Page, rows: list[dict[str, str]], kind: str
    ) -> list[dict[str, Any]]:
        """SHACL constraints grouped by the property shape's message, in the page's language."""
        grouped: dict[tuple[str, str, str], list[str]] = {}
        for row in rows:
            other = row["path"] if kind == "class" else row["target"]
            key = (
                other,
                row[page.lang] or row["es"],
                row["param"] if row["param"] == "sparql" else "",
            )
            value = re.sub(
                r"https?://\S+?(?=,|$|\s)", lambda m: self.site.short(m.group()), row["value"]
            )
            part = row["param"] if row["param"] == "sparql" else f"{row['param']} {value}".strip()
            grouped.setdefault(key, [])
            if part not in grouped[key]:
                grouped[key].append(part)
        found = []
        for (other, message, _), parts in sorted(grouped.items()):
            found.append(
                {
                    "on": self.vlink(page, other) if other else Markup(""),
                    "message": message,
                    "technical": ", ".join(p for p in parts if p != "sparql") or "SPARQL",
                }
            )
        return found

    def examples(self, page: Page, iri: str, kind: str) -> list[dict[str, Any]]:
        """Up to three uses of a term in the data, each with the quote that supports it."""
        site = self.site
        found: list[dict[str, Any]] = []
        if kind == "class":
            for s in site.of_type(iri):
                ev = site.evidence_of(s)
                if ev and page_path(site, s):
                    found.append({"text": self.link(page, s), "quote": self.quote(page, ev[0])})
                if len(found) == 3:
                    break
            return found
        stmts = site.incoming.get(iri, {}).get(ALBAKG + "statementPredicate", [])
        for stmt in sorted(stmts)[:3]:
            rel = self.relation(page, stmt)
            found.append({"text": rel["sentence"], "quote": rel["quote"]})
        if found:
            return found
        for s in sorted(site.props):
            if iri in site.props[s] and page_path(site, s):
                ev = site.evidence_of(s)
                value = site.props[s][iri][0]
                found.append(
                    {
                        "text": self.link(page, s) + Markup(" → ") + self.term(page, value),
                        "quote": self.quote(page, ev[0]) if ev else None,
                    }
                )
                if len(found) == 3:
                    break
        return found


def _coverage(spans: list[tuple[int, int]], length: int) -> list[bool]:
    covered = [False] * (length + 1)
    for a, b in spans:
        for i in range(a, b):
            covered[i] = True
    return covered


def _links_at(spans: list[tuple[int, int, str, str]]) -> dict[int, tuple[int, int, str, str]]:
    """For each normalized offset inside a mention or citation, the link it belongs to.

    Mentions win over the citation around them (a name inside a citation links to its entity).
    """
    found: dict[int, tuple[int, int, str, str]] = {}
    for span in sorted(spans, key=lambda s: (s[2] != "cite", s[0], s[1])):
        for i in range(span[0], span[1]):
            found[i] = span
    return found


def how_to_cite(site: SiteData, lang: str) -> str:
    """The dataset's citation, from the source documents' records in the graph and the version.

    Kept in one function so that citation metadata published with the dataset can replace it.
    """
    parts = []
    for doc_id in sorted(site.documents):
        doc = site.base + f"doc/{doc_id}"
        creator = next(iter(site.iris(doc, DC + "creator")), None)
        author = site.label(creator, lang) if creator else ""
        title = site.literal(doc, DC + "title", "es") or site.label(doc, "es")
        journal = site.literal(doc, ALBAKG + "journalTitle") or ""
        issue = site.literal(doc, ALBAKG + "journalIssue") or ""
        source = f"{author}, «{title}»" + (f", {journal} {issue}".rstrip() if journal else "")
        parts.append(source)
    about = "; ".join(parts)
    if lang == "es":
        return (
            f"albakg contributors. albakg {__version__}: grafo de conocimiento de {about}. "
            f"Conjunto de datos, CC BY 4.0. {site.base}dataset"
        )
    return (
        f"albakg contributors. albakg {__version__}: a knowledge graph of {about}. "
        f"Dataset, CC BY 4.0. {site.base}dataset"
    )


def file_listing(data: Path) -> list[dict[str, Any]]:
    """The build's files with their sizes and SHA-256, for the downloads table."""
    found = []
    for name in DOWNLOADS:
        path = data / name
        if path.exists():
            content = path.read_bytes()
            found.append(
                {"name": name, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
            )
    return found
