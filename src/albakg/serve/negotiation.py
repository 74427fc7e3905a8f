"""Media types the endpoint offers and the choice among them (Accept, ``format=``).

Clients name formats in many ways: Accept headers with qualities and wildcards, the
aliases older tools send, and ``format``/``output`` parameters in short or long form.
Everything is brought back to one media type per format here, so the handlers only ever
see the canonical names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pyoxigraph as ox

from albakg.sparql.query import GRAPH_FORMATS, RESULT_FORMATS

#: Result formats of SELECT and ASK, keyed by the media type pyoxigraph gives each one (the
#: same formats ``albakg query`` offers by name).
RESULT_MEDIA: dict[str, ox.QueryResultsFormat] = {
    f.media_type.split(";")[0]: f for f in RESULT_FORMATS.values()
}
#: RDF formats of CONSTRUCT, DESCRIBE, resource descriptions and the service description.
GRAPH_MEDIA: dict[str, ox.RdfFormat] = {
    f.media_type.split(";")[0]: f for f in (*GRAPH_FORMATS.values(), ox.RdfFormat.RDF_XML)
}
HTML = "text/html"
#: Other names clients use for the same formats (in Accept or in a ``format`` parameter).
MEDIA_ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "application/turtle": "text/turtle",
    "application/x-turtle": "text/turtle",
    "application/x-json+ld": "application/ld+json",
    "text/plain": "application/n-triples",
}
FORMAT_NAMES = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
    "turtle": ("text/turtle",),
    "ttl": ("text/turtle",),
    "jsonld": ("application/ld+json",),
    "json-ld": ("application/ld+json",),
    "nt": ("application/n-triples",),
    "ntriples": ("application/n-triples",),
    "n-triples": ("application/n-triples",),
    "rdfxml": ("application/rdf+xml",),
    "rdf": ("application/rdf+xml",),
    "html": (HTML,),
}


def _accept_ranges(
    header: str, aliases: Mapping[str, str] = MEDIA_ALIASES
) -> list[tuple[str, float, int]]:
    ranges = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((aliases.get(media, media), q, index))
    return ranges


def negotiate(
    accept: str | None, offers: Sequence[str], aliases: Mapping[str, str] = MEDIA_ALIASES
) -> str | None:
    """The offer the client prefers, or None when it accepts none of them.

    The quality of an offer is that of the most specific range matching it; ties go to the
    range the client listed first, then to the order of ``offers``. ``aliases`` map the
    other names clients give a media type to the offered one.
    """
    ranges = _accept_ranges(accept or "*/*", aliases) or [("*/*", 1.0, 0)]
    best: tuple[float, int, int, int] | None = None
    chosen = None
    for rank, offer in enumerate(offers):
        kind = offer.split("/")[0]
        match: tuple[int, float, int] | None = None
        for media, q, index in ranges:
            specificity = 2 if media == offer else 1 if media == f"{kind}/*" else 0
            if media not in (offer, f"{kind}/*", "*/*"):
                continue
            if match is None or specificity > match[0]:
                match = (specificity, q, index)
        if match is None or match[1] <= 0:
            continue
        score = (match[1], match[0], -match[2], -rank)
        if best is None or score > best:
            best, chosen = score, offer
    return chosen


def offers_for(form: str | None, with_html: bool = True) -> list[str]:
    """The media types a query of this form can be answered in."""
    media = list(GRAPH_MEDIA if form in ("CONSTRUCT", "DESCRIBE") else RESULT_MEDIA)
    return [*media, HTML] if with_html else media


def requested_format(values: Sequence[str], offers: Sequence[str]) -> str | None:
    """The first offer a ``format`` or ``output`` parameter names, if any does.

    Clients send these parameters in many spellings (SPARQLWrapper repeats a media type
    after a short name); values that name no offer are ignored and Accept decides.
    """
    for value in values:
        for name in value.split(","):
            name = name.strip().lower()
            for media in FORMAT_NAMES.get(name, (MEDIA_ALIASES.get(name, name),)):
                if media in offers:
                    return media
    return None
