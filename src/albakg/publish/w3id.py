"""Persistent IRIs: the w3id.org redirect rules, and which file a request path names.

``https://w3id.org/albakg/`` is a redirect service: its ``.htaccess`` (kept here under
``w3id/albakg/`` as the w3id.org repository expects) sends each IRI to the host that serves
the dataset, with content negotiation for the vocabulary. The host is one field of the
metadata record (``redirect_target``); until one is configured the rules point to the
reserved, never-resolving ``albakg.invalid``, so nothing false is asserted.

``served_file`` is the same map for a server that holds a release folder (``albakg serve``):
it turns a request path and an Accept header into the file to send.
"""

from __future__ import annotations

import re
from pathlib import Path

from albakg.publish.metadata import Metadata

W3ID_DIR = Path("w3id") / "albakg"
HTACCESS = ".htaccess"
PLACEHOLDER_TARGET = "https://albakg.invalid/"

#: Media types the vocabulary is negotiated to, and the release file (or host path) for each.
RDF_XML = "application/rdf+xml"
TURTLE = "text/turtle"
JSONLD = "application/ld+json"


def render_htaccess(meta: Metadata, target: str | None = None) -> str:
    """The ``.htaccess`` for ``w3id.org/albakg/``, for the current version."""
    host = (target or meta.record.redirect_target or PLACEHOLDER_TARGET).rstrip("/") + "/"
    v = re.escape(meta.version)
    rel = f"{host}release/{meta.version}/"
    return f"""# w3id.org/albakg/ — persistent IRIs of the albakg dataset and vocabulary.
# Generated from data/release.yaml by `albakg release --record`; do not edit by hand.
# Version {meta.version}; target host {host}
Options +FollowSymLinks
RewriteEngine on

# The vocabulary and its version IRIs, by content negotiation. RDF/XML and Turtle are the
# release's files; HTML and JSON-LD are negotiated again by the host, which receives the
# same Accept header.
RewriteCond %{{HTTP_ACCEPT}} application/rdf\\+xml
RewriteRule ^ontology(/{v})?$ {rel}ontology.owl [R=303,L]
RewriteCond %{{HTTP_ACCEPT}} text/turtle
RewriteRule ^ontology(/{v})?$ {rel}ontology.ttl [R=303,L]
RewriteCond %{{HTTP_ACCEPT}} application/ld\\+json
RewriteRule ^ontology(/{v})?$ {host}ontology/{meta.version} [R=303,L]
RewriteRule ^ontology(/{v})?$ {host}ontology/{meta.version} [R=303,L]
# Earlier version IRIs: the host keeps every release.
RewriteRule ^ontology/([0-9]+\\.[0-9]+\\.[0-9]+)$ {host}ontology/$1 [R=303,L]

# The shapes.
RewriteRule ^shapes$ {rel}shapes.ttl [R=303,L]

# Release files (the dumps void:dataDump names, context.jsonld, the dataset description).
RewriteRule ^release/(.+)$ {host}release/$1 [R=303,L]

# Everything else (entities, claims, statements, works, documents, graphs, the SPARQL
# endpoint): the host dereferences it by content negotiation.
RewriteRule ^(.*)$ {host}$1 [R=303,L]
"""


def write_w3id(meta: Metadata, root: Path) -> Path:
    path = root / W3ID_DIR / HTACCESS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_htaccess(meta), encoding="utf-8")
    return path


def _wants(accept: str, media: str) -> bool:
    return media in accept.replace(" ", "").split(",") or any(
        part.split(";")[0] == media for part in accept.replace(" ", "").split(",")
    )


def served_file(release: Path, version: str, path: str, accept: str = "") -> Path | None:
    """The file of a release folder that a request path names, or None if it names none.

    ``/ontology`` and ``/ontology/<version>``: the vocabulary (RDF/XML when asked for,
    else Turtle); ``/shapes``: the shapes; ``/release/<version>/<file>`` and ``/<file>`` for
    ``context.jsonld``, ``dataset.ttl`` and ``dataset.schema.jsonld``: that file. Another
    version's IRI names no file of this release.
    """
    path = "/" + path.lstrip("/")
    if path in ("/ontology", f"/ontology/{version}"):
        name = "ontology.owl" if _wants(accept, RDF_XML) else "ontology.ttl"
    elif path == "/shapes":
        name = "shapes.ttl"
    elif path in ("/context.jsonld", "/dataset.ttl", "/dataset.schema.jsonld"):
        name = path[1:]
    elif path.startswith(f"/release/{version}/"):
        name = path[len(f"/release/{version}/") :]
        if not name or "/" in name or name.startswith("."):
            return None
    else:
        return None
    candidate = release / name
    return candidate if candidate.is_file() else None
