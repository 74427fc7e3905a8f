"""Descriptions in JSON-LD compacted with the build's context, the resource itself first.

pyoxigraph writes expanded JSON-LD (full IRIs everywhere); rdflib compacts against the
``context.jsonld`` the build ships, so the terms are those of ``albakg.jsonld``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import Graph

CONTEXT_FILE = "context.jsonld"


def load_context(data: Path) -> dict[str, Any] | None:
    """The build's JSON-LD context (the value of its ``@context``), None when it has none."""
    path = data / CONTEXT_FILE
    if not path.is_file():
        return None
    loaded = json.loads(path.read_text(encoding="utf-8"))
    context = loaded.get("@context") if isinstance(loaded, dict) else None
    return context if isinstance(context, dict) else None


def _node_id(node: Any, context: dict[str, Any]) -> str:
    """A node's ``@id`` expanded again, so that it can be compared with the IRI asked for."""
    value = node.get("@id", "") if isinstance(node, dict) else ""
    prefix, sep, local = str(value).partition(":")
    namespace = context.get(prefix)
    if sep and isinstance(namespace, str) and not local.startswith("//"):
        return namespace + local
    return str(value)


def compact_description(ntriples: bytes, iri: str, context: dict[str, Any]) -> bytes:
    """The triples as compacted JSON-LD: ``@graph`` holds ``iri`` first, then nodes by id."""
    graph = Graph()
    graph.parse(data=ntriples, format="nt")
    text = graph.serialize(format="json-ld", context=context, auto_compact=True)
    doc = json.loads(text)
    nodes = doc.pop("@graph", None)
    if nodes is None:
        nodes = [{k: v for k, v in doc.items() if k != "@context"}] if len(doc) > 1 else []
    nodes.sort(key=lambda n: (_node_id(n, context) != iri, _node_id(n, context)))
    out = {"@context": context, "@graph": nodes}
    return (json.dumps(out, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
