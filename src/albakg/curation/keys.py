"""Keys curators and code both derive from names: entity slugs and cited-work keys.

They belong to curation, not to the RDF stage, because records are checked against them
before any IRI exists; the IRI scheme only prefixes them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    """ASCII slug of a name: accents dropped, lowercase, runs of other characters → ``-``."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_text = ascii_text.replace("ß", "ss").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def is_slug(text: str) -> bool:
    return bool(_SLUG.match(text))


def work_key(citation_names: Sequence[str], year: str) -> str:
    """Key of a cited work from its authors as cited and its year: ``sending-neuman-2006``."""
    if not citation_names:
        raise ValueError("a cited work needs at least one author")
    return "-".join([*(slugify(n) for n in citation_names), slugify(year)])
