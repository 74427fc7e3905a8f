"""Queries by name and their results as bytes: what ``albakg query`` and the endpoint share.

A query comes as text, as a ``.rq`` file, or as the name of a bundled competency question
(``queries/<name>.rq``, headed by ``# en:`` and ``# es:`` comment lines). Results are
written in the SPARQL 1.1 results formats, or in RDF for CONSTRUCT and DESCRIBE, in a
fixed order so that output is reproducible.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from albakg.sparql.results import Term, solution_rows, write_csv, write_tsv
from albakg.sparql.store import QueryResult, tokens

#: ``--format`` names for SELECT and ASK results.
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
#: Writers of the formats pyoxigraph gets wrong (it leaves commas in IRIs unquoted in CSV).
TABULAR_WRITERS: dict[str, Callable[[Sequence[str], Iterable[Sequence[Term]]], bytes]] = {
    "csv": write_csv,
    "tsv": write_tsv,
}
#: ``--format`` names for CONSTRUCT and DESCRIBE results.
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "nt": ox.RdfFormat.N_TRIPLES,
}


# ---------------------------------------------------------------------------- bundled questions


@dataclass(frozen=True)
class Question:
    """A bundled competency question: a query and its wording in English and Spanish."""

    name: str
    path: Path
    en: str
    es: str

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


_HEADER = re.compile(r"^#\s*(en|es)\s*:\s*(.*?)\s*$")


def read_question(path: Path) -> Question:
    wording = {"en": "", "es": ""}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match:
            wording[match.group(1)] = match.group(2)
    return Question(path.stem, path, wording["en"], wording["es"])


def bundled_questions(folder: Path) -> list[Question]:
    """The ``.rq`` files of ``folder``, sorted by name (none when the folder is missing)."""
    if not folder.is_dir():
        return []
    return [read_question(p) for p in sorted(folder.glob("*.rq"))]


_NAME_LIKE = re.compile(r"^[\w.\-/\\~]+$")


def resolve_query(arg: str, folder: Path) -> tuple[str, str]:
    """The query text an argument stands for, and where it came from.

    An existing file wins, then a bundled question's name (with or without ``.rq``); any
    other argument that looks like a name rather than a query is an error, so that a typo
    in a name is reported as such instead of as a SPARQL syntax error.
    """
    path = Path(arg)
    if _NAME_LIKE.match(arg) and path.is_file():
        return path.read_text(encoding="utf-8"), str(path)
    name = arg.removesuffix(".rq")
    bundled = folder / f"{name}.rq"
    if _NAME_LIKE.match(arg) and "/" not in name and bundled.is_file():
        return bundled.read_text(encoding="utf-8"), name
    if _NAME_LIKE.match(arg):
        raise FileNotFoundError(
            f"{arg!r} is neither a file, nor a bundled question (`albakg query --list`), "
            "nor a SPARQL query"
        )
    return arg, "the command line"


# ---------------------------------------------------------------------------- output


def short_iri(iri: str, prefixes: dict[str, str]) -> str:
    """``prefix:local`` when a prefix covers the IRI with a plain local name, else ``<iri>``."""
    best = ""
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and len(ns) > len(prefixes.get(best, "")):
            local = iri[len(ns) :]
            if re.fullmatch(r"[\w\-]*", local):
                best = prefix
    if best:
        return f"{best}:{iri[len(prefixes[best]) :]}"
    return f"<{iri}>"


def sorted_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """A graph's triples once each in a fixed order, so that output is reproducible."""
    return sorted(set(triples), key=str)


def used_prefixes(triples: Sequence[ox.Triple], prefixes: dict[str, str]) -> dict[str, str]:
    iris = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    return {p: ns for p, ns in prefixes.items() if any(i.startswith(ns) for i in iris)}


def serialize_triples(triples: Sequence[ox.Triple], fmt: str, prefixes: dict[str, str]) -> bytes:
    """Triples in Turtle, JSON-LD (expanded, indented) or N-Triples, in a fixed order."""
    data = ox.serialize(
        list(triples), format=GRAPH_FORMATS[fmt], prefixes=used_prefixes(triples, prefixes)
    )
    assert data is not None
    if fmt == "jsonld":
        data = (json.dumps(json.loads(data), indent=2, ensure_ascii=False) + "\n").encode()
    return data


def render(result: QueryResult, fmt: str, prefixes: dict[str, str]) -> bytes:
    """A result in a SPARQL results format (SELECT, ASK) or an RDF format (CONSTRUCT)."""
    if isinstance(result, ox.QueryTriples):
        return serialize_triples(sorted_triples(result), fmt, prefixes)
    if isinstance(result, ox.QuerySolutions) and fmt in TABULAR_WRITERS:
        return TABULAR_WRITERS[fmt](*solution_rows(result))
    data = result.serialize(format=RESULT_FORMATS[fmt])
    assert data is not None
    return data if data.endswith(b"\n") else data + b"\n"


# ---------------------------------------------------------------------------- remote stores


def scope_to_graphs(query: str, graphs: Sequence[str]) -> str:
    """The query with ``FROM`` and ``FROM NAMED`` clauses for each of ``graphs``.

    A triplestore's default graph is whatever it decides (often every graph, system graphs
    included); naming the project's graphs makes it answer over the same data as the
    embedded store. The clauses go where the grammar wants them: before the first
    top-level ``WHERE`` or ``{`` after the query form (after the template of a CONSTRUCT).
    """
    clauses = "".join(f"FROM <{g}>\n" for g in graphs)
    clauses += "".join(f"FROM NAMED <{g}>\n" for g in graphs)
    toks = list(tokens(query))
    seen_form = ""
    depth = 0
    skip_template = False
    for tok in toks:
        word = tok.text.upper() if tok.kind == "word" else ""
        if not seen_form:
            if word in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK"):
                seen_form = word
                skip_template = word == "CONSTRUCT"
            continue
        if skip_template and tok.text == "{" and depth == 0 and tok.kind == "punct":
            depth = 1
            continue
        if depth:
            if tok.kind == "punct" and tok.text in "{}":
                depth += 1 if tok.text == "{" else -1
                if depth == 0:
                    skip_template = False
            continue
        skip_template = False
        if word in ("WHERE", "FROM") or (tok.kind == "punct" and tok.text == "{"):
            return query[: tok.start] + clauses + query[tok.start :]
        if word in ("ORDER", "GROUP", "HAVING", "LIMIT", "OFFSET", "VALUES"):
            return query[: tok.start] + clauses + query[tok.start :]
    if not seen_form:
        raise ValueError("not a SPARQL query: no SELECT, CONSTRUCT, DESCRIBE or ASK")
    return query.rstrip() + "\n" + clauses
