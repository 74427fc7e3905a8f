"""The IRI scheme: one function per kind of resource, so every stage mints the same IRI.

Data IRIs hang off a configurable base (default ``https://w3id.org/albakg/``, a persistent
identifier service); the vocabulary namespace is fixed, because a vocabulary that moves
with each deployment is no vocabulary.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from rdflib import Namespace, URIRef

DEFAULT_BASE = "https://w3id.org/albakg/"
VOCAB_IRI = "https://w3id.org/albakg/ontology"
ALBAKG = Namespace(VOCAB_IRI + "#")
SHAPES_IRI = "https://w3id.org/albakg/shapes"
SH_NS = Namespace(SHAPES_IRI + "#")


@dataclass(frozen=True)
class IriScheme:
    """Mints every data IRI from a base; see the README section "IRI scheme"."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not re.match(r"^https?://[^\s<>\"{}|\\^`]+/$", self.base):
            raise ValueError(f"base IRI must be an http(s) IRI ending in '/': {self.base!r}")

    @classmethod
    def from_env(cls) -> IriScheme:
        return cls(os.environ.get("ALBAKG_BASE", DEFAULT_BASE))

    def _iri(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    def entity(self, slug: str) -> URIRef:
        return self._iri(f"id/{slug}")

    def work(self, key: str) -> URIRef:
        return self._iri(f"work/{key}")

    def document(self, doc_id: str) -> URIRef:
        return self._iri(f"doc/{doc_id}")

    def text(self, doc_id: str) -> URIRef:
        """The plain-text rendition: the resource RFC 5147 fragments point into."""
        return self._iri(f"doc/{doc_id}.txt")

    def checksum(self, doc_id: str) -> URIRef:
        return self._iri(f"doc/{doc_id}.txt#sha256")

    def char(self, doc_id: str, start: int, end: int) -> URIRef:
        return self._iri(f"doc/{doc_id}.txt#char={start},{end}")

    def segment(self, doc_id: str, seg_id: str) -> URIRef:
        return self._iri(f"doc/{doc_id}/{seg_id}")

    def pointer(self, doc_id: str, start: int, end: int) -> URIRef:
        """An in-text citation, named by its raw offsets (two pointers never share a span)."""
        return self._iri(f"doc/{doc_id}/pointer/{start}-{end}")

    def mention(self, doc_id: str, start: int, end: int) -> URIRef:
        """A mention of an entity, named by its raw offsets (mentions never overlap)."""
        return self._iri(f"doc/{doc_id}/mention/{start}-{end}")

    def reference(self, doc_id: str, work_key: str) -> URIRef:
        """The entry a document's bibliography holds for one cited work."""
        return self._iri(f"doc/{doc_id}/reference/{work_key}")

    def statement(self, doc_id: str, record_id: str) -> URIRef:
        return self._iri(f"statement/{doc_id}/{record_id}")

    def interval(self, doc_id: str, record_id: str) -> URIRef:
        return self._iri(f"statement/{doc_id}/{record_id}/during")

    def instant(self, doc_id: str, record_id: str, which: str) -> URIRef:
        return self._iri(f"statement/{doc_id}/{record_id}/{which}")

    def claim(self, doc_id: str, record_id: str) -> URIRef:
        return self._iri(f"claim/{doc_id}/{record_id}")

    def graph(self, name: str) -> URIRef:
        return self._iri(f"graph/{name}")

    def dataset(self) -> URIRef:
        return self._iri("dataset")

    def build(self, version: str) -> URIRef:
        return self._iri(f"build/{version}")
