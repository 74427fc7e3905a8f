"""Coverage: on each section, how many names in it no entity covers and no reason explains."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal
from rdflib.namespace import XSD

from albakg.extract.coverage import Coverage
from albakg.rdf.iris import ALBAKG, IriScheme
from albakg.text.document import Segment


def render_coverage(
    g: Graph, iris: IriScheme, doc_id: str, sections: Iterable[Segment], cov: Coverage
) -> None:
    for s in sections:
        n = sum(c.section == s.id for c in cov.unexplained)
        node = iris.segment(doc_id, s.id)
        g.add((node, ALBAKG.uncoveredNameCount, Literal(n, datatype=XSD.nonNegativeInteger)))
