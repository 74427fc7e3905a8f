"""Literals and small patterns every renderer writes the same way."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, TIME, XSD

from albakg.curation.anchor import Anchor
from albakg.rdf.evidence import add_evidence
from albakg.rdf.iris import ALBAKG, IriScheme


def date_literal(value: str) -> Literal:
    """A date at the precision the text gives: gYear, gYearMonth or date."""
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}[len(value)]
    return Literal(value, datatype=datatype)


def time_property(value: str) -> URIRef:
    """The OWL-Time property for a date at that precision."""
    return {4: TIME.inXSDgYear, 7: TIME.inXSDgYearMonth, 10: TIME.inXSDDate}[len(value)]


def add_labels(g: Graph, node: URIRef, es: str, en: str, pt: str | None = None) -> None:
    """Spanish and English labels (Portuguese where the source gives one)."""
    g.add((node, RDFS.label, Literal(es, lang="es")))
    g.add((node, RDFS.label, Literal(en, lang="en")))
    if pt:
        g.add((node, RDFS.label, Literal(pt, lang="pt")))


def add_evidence_of(
    g: Graph, iris: IriScheme, doc_id: str, node: URIRef, anchors: Iterable[Anchor]
) -> None:
    """Link ``node`` to an evidence resource for each anchored quote."""
    for a in anchors:
        g.add((node, ALBAKG.hasEvidence, add_evidence(g, iris, doc_id, a)))


def joined_names(names: list[str]) -> tuple[str, str]:
    """Authors as a label writes them: ``A y B`` / ``A and B``, or a comma list from three."""
    if len(names) < 3:
        return " y ".join(names), " and ".join(names)
    return ", ".join(names), ", ".join(names)
