"""The source document: its bibliographic description, its text rendition and checksum."""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, XSD

from albakg.curation.anchor import Anchor
from albakg.curation.records import DocumentRecord
from albakg.rdf.iris import ALBAKG, IriScheme
from albakg.rdf.render.common import add_evidence_of, add_labels, date_literal
from albakg.rdf.vocab import FABIO, FRBR, SPDX
from albakg.text.document import Document


def render_document(
    g: Graph,
    iris: IriScheme,
    r: DocumentRecord,
    doc: Document,
    publication_evidence: Sequence[Anchor],
) -> None:
    """The article as a journal article embodied in a checksummed plain-text rendition."""
    node = iris.document(doc.id)
    g.add((node, RDF.type, ALBAKG.SourceDocument))
    g.add((node, RDF.type, FABIO.JournalArticle))
    add_labels(g, node, r.title.es, r.title.en, r.title.pt)
    for lang in ("es", "en", "pt"):
        title = getattr(r.title, lang)
        if title:
            g.add((node, DCTERMS.title, Literal(title, lang=lang)))
    g.add((node, DCTERMS.creator, iris.entity(r.author)))
    g.add((node, DCTERMS.language, Literal(r.language, datatype=XSD.language)))
    g.add((node, DCTERMS.rights, Literal(r.rights.es, lang="es")))
    g.add((node, DCTERMS.rights, Literal(r.rights.en, lang="en")))
    if r.journal:
        g.add((node, ALBAKG.journalTitle, Literal(r.journal.title)))
        if r.journal.issue:
            g.add((node, ALBAKG.journalIssue, Literal(r.journal.issue)))
        if r.journal.start_page:
            start = Literal(r.journal.start_page, datatype=XSD.positiveInteger)
            g.add((node, ALBAKG.startPage, start))
    if r.journal_section:
        g.add((node, ALBAKG.journalSection, Literal(r.journal_section)))
    _render_text(g, iris, doc)
    if r.published_not_before:
        _render_published_not_before(g, iris, r, doc, publication_evidence)


def _render_text(g: Graph, iris: IriScheme, doc: Document) -> None:
    node, text = iris.document(doc.id), iris.text(doc.id)
    g.add((node, FRBR.embodiment, text))
    g.add((text, RDF.type, ALBAKG.TextRendition))
    add_labels(g, text, f"texto plano de {doc.id}", f"plain text of {doc.id}")
    g.add((text, DCTERMS.format, Literal("text/plain; charset=utf-8")))
    g.add((text, ALBAKG.characterCount, Literal(len(doc.raw), datatype=XSD.nonNegativeInteger)))
    checksum = iris.checksum(doc.id)
    g.add((text, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((checksum, SPDX.checksumValue, Literal(doc.sha256, datatype=XSD.hexBinary)))


def _render_published_not_before(
    g: Graph, iris: IriScheme, r: DocumentRecord, doc: Document, evidence: Sequence[Anchor]
) -> None:
    """An inferred lower bound of the publication date, as a statement with its reason."""
    assert r.published_not_before is not None
    inferred = r.published_not_before
    node = iris.document(doc.id)
    stmt = iris.statement(doc.id, "published-not-before")
    g.add((stmt, RDF.type, ALBAKG.Statement))
    add_labels(
        g,
        stmt,
        f"{doc.id} publicado no antes de {inferred.value}",
        f"{doc.id} published not before {inferred.value}",
    )
    g.add((stmt, ALBAKG.statementSubject, node))
    g.add((stmt, ALBAKG.statementPredicate, ALBAKG.publishedNotBefore))
    g.add((stmt, ALBAKG.date, date_literal(inferred.value)))
    g.add((stmt, ALBAKG.inferred, Literal(True)))
    g.add((stmt, ALBAKG.note, Literal(inferred.reason.es, lang="es")))
    g.add((stmt, ALBAKG.note, Literal(inferred.reason.en, lang="en")))
    g.add((stmt, ALBAKG.statedIn, node))
    add_evidence_of(g, iris, doc.id, stmt, evidence)
