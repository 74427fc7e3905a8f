"""Pictures of the graph, each drawn from a SPARQL query by Graphviz as SVG.

Graphviz lays out the same input the same way, so the bytes are fixed once the comments it
writes (its version, the graph's name) are removed and the input is sorted. Every node and
edge carries an ``id`` from the data (``claim-…``, ``m-…``, ``t-…``), so that a test can ask
the graph what a picture must show and find it. Links are relative to the language folder,
where the pages that embed the pictures and the SVG files themselves are written.
"""

from __future__ import annotations

import html
import itertools
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import graphviz
import pyoxigraph as ox
from markupsafe import escape

from albakg.site.model import ALBAKG, SiteData
from albakg.site.sentences import sentence

FONT = "DejaVu Sans,Arial,sans-serif"


class PictureUnavailableError(RuntimeError):
    """A picture that could not be drawn, with the reason a person can act on."""


@dataclass(frozen=True)
class Picture:
    name: str
    titles: dict[str, str]
    draw: Callable[[SiteData, str], graphviz.Digraph]


def _v(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str:
    return term.value if term is not None else ""


def _wrap(text: str, width: int = 28, lines: int = 4) -> str:
    parts = textwrap.wrap(text, width) or [text]
    if len(parts) > lines:
        parts = [*parts[: lines - 1], parts[lines - 1] + " …"]
    return "\n".join(parts)


def _local(site: SiteData, iri: str) -> str:
    """The last path segment of a data IRI, used in ids and file names."""
    return iri.rsplit("/", 1)[-1]


def _href(site: SiteData, iri: str) -> str:
    return iri[len(site.base) :] + ".html" if iri.startswith(site.base) else ""


def _digraph(name: str, **graph_attr: str) -> graphviz.Digraph:
    g = graphviz.Digraph(name)
    g.attr(fontname=FONT, bgcolor="transparent", **graph_attr)
    g.attr("node", fontname=FONT, fontsize="10", shape="box", style="rounded,filled")
    g.attr("edge", fontname=FONT, fontsize="8")
    return g


# ---------------------------------------------------------------------- the class diagram


def class_diagram(site: SiteData, lang: str) -> graphviz.Digraph:
    """The vocabulary's classes, their sub-class links and the properties between them."""
    g = _digraph("classes", rankdir="BT", nodesep="0.2", ranksep="0.5")
    classes = site.select(
        "SELECT ?c WHERE { GRAPH ?g { ?c a owl:Class } "
        f'FILTER (STRSTARTS(STR(?c), "{ALBAKG}")) }} ORDER BY ?c'
    )
    names = [_v(r["c"]) for r in classes]
    for c in names:
        local = c[len(ALBAKG) :]
        g.node(
            local,
            site.label(c, lang),
            id=f"class-{local}",
            href=f"vocabulary.html#{local}",
            fillcolor="#e8eef7",
        )
    for r in site.select(
        "SELECT ?c ?d WHERE { GRAPH ?g { ?c rdfs:subClassOf ?d } "
        f'FILTER (STRSTARTS(STR(?c), "{ALBAKG}") && STRSTARTS(STR(?d), "{ALBAKG}")) }} '
        "ORDER BY ?c ?d"
    ):
        g.edge(_v(r["c"])[len(ALBAKG) :], _v(r["d"])[len(ALBAKG) :], arrowhead="empty")
    for r in site.select(
        "SELECT ?p ?d ?r WHERE { GRAPH ?g { ?p a owl:ObjectProperty ; rdfs:domain ?d ; "
        f'rdfs:range ?r }} FILTER (STRSTARTS(STR(?d), "{ALBAKG}") && '
        f'STRSTARTS(STR(?r), "{ALBAKG}")) }} ORDER BY ?p ?d ?r'
    ):
        p = _v(r["p"])
        g.edge(
            _v(r["d"])[len(ALBAKG) :],
            _v(r["r"])[len(ALBAKG) :],
            label=site.label(p, lang),
            style="dashed",
            color="#777777",
            fontcolor="#555555",
        )
    return g


# ---------------------------------------------------------------------- the network

NETWORK_CLASSES = ("State", "RegionalBloc", "InternationalOrganization", "Organization")
NETWORK_COLORS = {
    "State": "#fde8c8",
    "RegionalBloc": "#d7ecd9",
    "InternationalOrganization": "#dde3f5",
    "Organization": "#eeeeee",
}


def _span_text(start: str, end: str, lang: str) -> str:
    if start and end:
        return f"{start}–{end}"
    if start:
        return f"{'desde' if lang == 'es' else 'since'} {start}"
    if end:
        return f"{'hasta' if lang == 'es' else 'until'} {end}"
    return ""


def network(site: SiteData, lang: str) -> graphviz.Digraph:
    """States, blocs and organizations, with every membership and its dates."""
    g = _digraph("network", rankdir="LR", nodesep="0.25", ranksep="1.2")
    values = " ".join(f"albakg:{c}" for c in NETWORK_CLASSES)
    members = site.select(
        "SELECT ?m ?s ?o ?start ?end ?inferred WHERE { ?m a albakg:Membership ; "
        "org:member ?s ; org:organization ?o ; albakg:inferred ?inferred . "
        "OPTIONAL { ?m albakg:startDate ?start } OPTIONAL { ?m albakg:endDate ?end } } "
        "ORDER BY ?m"
    )
    actors = site.select(
        f"SELECT DISTINCT ?a ?t WHERE {{ VALUES ?t {{ {values} }} ?a a ?t }} ORDER BY ?a"
    )
    nodes = {_v(r["a"]): _v(r["t"])[len(ALBAKG) :] for r in actors}
    for r in members:
        for end in ("s", "o"):
            nodes.setdefault(_v(r[end]), "Organization")
    for iri in sorted(nodes):
        g.node(
            _local(site, iri),
            site.label(iri, lang),
            id=f"n-{_local(site, iri)}",
            href=_href(site, iri),
            fillcolor=NETWORK_COLORS.get(nodes[iri], "#eeeeee"),
        )
    for r in members:
        m = _v(r["m"])
        inferred = _v(r["inferred"]) == "true"
        g.edge(
            _local(site, _v(r["s"])),
            _local(site, _v(r["o"])),
            label=_span_text(_v(r["start"]), _v(r["end"]), lang),
            id=f"m-{_local(site, m)}",
            href=_href(site, m),
            tooltip=site.label(m, lang),
            style="dashed" if inferred else "solid",
        )
    return g


# ---------------------------------------------------------------------- the timeline


def timeline_rows(site: SiteData) -> list[dict[str, str]]:
    """Dated things: events and phases (entities), memberships and offices (statements)."""
    rows = site.select(
        """
        SELECT ?item ?date ?end ?kind WHERE {
          {
            ?item a ?t ; albakg:statedIn ?doc .
            VALUES ?t { albakg:Event albakg:Summit albakg:Speech albakg:Signing albakg:Death
                        albakg:Referendum albakg:Approval albakg:DiscoursePhase }
            { ?item albakg:date ?date } UNION { ?item albakg:startDate ?date }
            OPTIONAL { ?item albakg:endDate ?end }
            BIND (IF(?t = albakg:DiscoursePhase, "phase", "event") AS ?kind)
          } UNION {
            ?item a albakg:Statement ; albakg:statementPredicate ?p .
            VALUES (?p ?kind) { (org:memberOf "membership") (org:headOf "office") }
            { ?item albakg:startDate ?date } UNION { ?item albakg:date ?date }
            OPTIONAL { ?item albakg:endDate ?end }
          }
        } ORDER BY ?item ?date
        """
    )
    first: dict[str, dict[str, str]] = {}
    for r in rows:
        item = _v(r["item"])
        if item not in first:
            first[item] = {
                "item": item,
                "date": _v(r["date"]),
                "end": _v(r["end"]),
                "kind": _v(r["kind"]),
            }
    return sorted(first.values(), key=lambda x: (x["date"], x["item"]))


def _statement_sentence(site: SiteData, iri: str, lang: str) -> str:
    """A membership or office as the sentence the pages use, without markup."""
    pred = site.iris(iri, ALBAKG + "statementPredicate")
    subj = site.iris(iri, ALBAKG + "statementSubject")
    obj = site.iris(iri, ALBAKG + "statementObject")
    if not (pred and subj and obj):
        return ""
    text = sentence(
        pred[0],
        escape(site.label(subj[0], lang)),
        escape(site.label(obj[0], lang)),
        lang,
        site.label(pred[0], lang),
    )
    return html.unescape(text.striptags())


TIMELINE_COLORS = {
    "event": "#fde8c8",
    "phase": "#e6dcf3",
    "membership": "#d7ecd9",
    "office": "#dde3f5",
}


def timeline(site: SiteData, lang: str) -> graphviz.Digraph:
    """A column of years, each with the events, memberships, offices and phases it opens."""
    g = _digraph("timeline", rankdir="LR", nodesep="0.08", ranksep="0.3")
    rows = timeline_rows(site)
    years = sorted({r["date"][:4] for r in rows})
    for previous, year in itertools.pairwise(years):
        g.edge(f"y{previous}", f"y{year}", style="invis")
    for year in years:
        with g.subgraph(name=f"year{year}") as sub:
            sub.attr(rank="same")
            sub.node(f"y{year}", year, shape="plaintext", style="", fontsize="14")
            for r in (r for r in rows if r["date"][:4] == year):
                local = _local(site, r["item"])
                when = r["date"] + (f" – {r['end']}" if r["end"] else "")
                label = _statement_sentence(site, r["item"], lang) or site.label(r["item"], lang)
                sub.node(
                    f"t-{local}",
                    f"{when}\n{_wrap(label, 34, 3)}",
                    id=f"t-{local}",
                    href=_href(site, r["item"]),
                    fillcolor=TIMELINE_COLORS[r["kind"]],
                )
    return g


# ---------------------------------------------------------------------- the argument map


def argument_rows(site: SiteData) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Theses, sub-theses and contradictions; the support and contradiction links among them."""
    claims = site.select(
        """
        SELECT ?c ?kind WHERE {
          ?c a albakg:Claim ; albakg:claimKind ?kind .
          VALUES ?kind { albakg:Thesis albakg:SubThesis albakg:Contradiction }
        } ORDER BY ?c
        """
    )
    links = site.select(
        """
        SELECT ?a ?rel ?b WHERE {
          VALUES ?rel { albakg:supports albakg:contradicts }
          ?a ?rel ?b .
          ?a albakg:claimKind ?ka . ?b albakg:claimKind ?kb .
          VALUES ?ka { albakg:Thesis albakg:SubThesis albakg:Contradiction }
          VALUES ?kb { albakg:Thesis albakg:SubThesis albakg:Contradiction }
        } ORDER BY ?a ?rel ?b
        """
    )
    return (
        [{"claim": _v(r["c"]), "kind": _v(r["kind"])[len(ALBAKG) :]} for r in claims],
        [{"from": _v(r["a"]), "rel": _v(r["rel"])[len(ALBAKG) :], "to": _v(r["b"])} for r in links],
    )


def argument_map(site: SiteData, lang: str) -> graphviz.Digraph:
    """The six theses, what supports them and what contradicts what."""
    g = _digraph("arguments", rankdir="RL", nodesep="0.12", ranksep="0.6")
    claims, links = argument_rows(site)
    styles = {
        "Thesis": ("#f7d6a8", "bold,rounded,filled"),
        "SubThesis": ("#eef3f8", "rounded,filled"),
        "Contradiction": ("#f6d3d3", "rounded,filled"),
    }
    for c in claims:
        local = _local(site, c["claim"])
        color, style = styles[c["kind"]]
        g.node(
            local,
            _wrap(site.label(c["claim"], lang), 30, 4 if c["kind"] == "Thesis" else 3),
            id=f"claim-{local}",
            href=_href(site, c["claim"]),
            tooltip=site.label(c["claim"], lang),
            fillcolor=color,
            style=style,
        )
    for link in links:
        contra = link["rel"] == "contradicts"
        g.edge(
            _local(site, link["from"]),
            _local(site, link["to"]),
            color="#b22222" if contra else "#3a6ea5",
            style="dashed" if contra else "solid",
            arrowhead="tee" if contra else "normal",
        )
    return g


PICTURES = (
    Picture("classes", {"es": "Diagrama de clases", "en": "Class diagram"}, class_diagram),
    Picture(
        "network",
        {
            "es": "Red de Estados, bloques y organizaciones",
            "en": "Network of states, blocs and organizations",
        },
        network,
    ),
    Picture("timeline", {"es": "Cronología", "en": "Timeline"}, timeline),
    Picture("arguments", {"es": "Mapa argumental", "en": "Argument map"}, argument_map),
)

_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)


def render_svg(graph: graphviz.Digraph) -> str:
    """The SVG text of a graph, without the comments that name Graphviz's version."""
    try:
        svg = graph.pipe(format="svg", encoding="utf-8")
    except graphviz.ExecutableNotFound as exc:
        raise PictureUnavailableError(
            "Graphviz's `dot` is not installed (Debian/Ubuntu: apt-get install graphviz)"
        ) from exc
    except graphviz.CalledProcessError as exc:
        raise PictureUnavailableError(f"Graphviz failed: {exc.stderr!r}") from exc
    return _COMMENT.sub("", svg)


def inline_svg(svg: str) -> str:
    """The ``<svg>`` element alone, for embedding in a page."""
    return svg[svg.index("<svg") :]
