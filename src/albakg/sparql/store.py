"""Query stage: the built dataset in an embedded pyoxigraph store.

The store keeps the named graphs; queries run with the union of them as the default graph
(each one still addressable with ``GRAPH``), which is what users of the dataset expect.
Every way of querying (the ``query`` command, the HTTP endpoint, the statistics) goes
through :func:`run_query`, so they share the pre-declared prefixes, the read-only rules and
the wording of syntax errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from albakg.rdf.prefixes import PREFIX_IRIS as PREFIXES

DATASET_FILE = "albakg.trig"

#: What a query returns: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE).
QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples

#: The keywords that open each query form; everything else after the prologue is an update.
QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)


class QueryError(ValueError):
    """A query that cannot run: the message is meant for the person who wrote it."""


class QuerySyntaxError(QueryError):
    """A query that does not parse, with the 1-based line and column the parser stopped at."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        where = f"line {line}, column {column}: " if line is not None else ""
        super().__init__(
            f"syntax error at {where}{message}" if where else f"syntax error: {message}"
        )
        self.detail = message
        self.line = line
        self.column = column


class QueryRefusedError(QueryError):
    """A well-formed request this read-only, offline store will not run (updates, SERVICE)."""


# ---------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class Token:
    kind: str  # iri, string, var, pname, word, lang, punct
    text: str
    start: int


_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7]+)
  | (?P<pname>(?:[^\W\d][\w.\-]*)?:(?:[\w:%\-]|\\.|\.(?=[\w:%\-]))*)
  | (?P<word>[^\W\d]\w*)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)


def tokens(query: str) -> Iterator[Token]:
    """The query's tokens without spaces and comments: enough to find keywords safely.

    Keywords hidden in strings, IRIs, comments, variable names or prefixed names are not
    keywords, which is what a plain text search gets wrong.
    """
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup or "punct"
        if kind in ("space", "comment"):
            continue
        yield Token(kind, match.group(), match.start())


def _words(query: str) -> list[tuple[str, int, int]]:
    """Upper-cased keywords with their brace depth and offset."""
    depth = 0
    found = []
    for tok in tokens(query):
        if tok.kind == "punct" and tok.text == "{":
            depth += 1
        elif tok.kind == "punct" and tok.text == "}":
            depth -= 1
        elif tok.kind == "word":
            found.append((tok.text.upper(), depth, tok.start))
    return found


def query_form(query: str) -> str | None:
    """SELECT, CONSTRUCT, DESCRIBE, ASK, an update keyword, or None: the first keyword."""
    for word, _, _ in _words(query):
        if word in ("PREFIX", "BASE"):
            continue
        return word
    return None


def has_dataset_clause(query: str) -> bool:
    """True when the query names its own dataset with FROM or FROM NAMED."""
    return any(word == "FROM" and depth == 0 for word, depth, _ in _words(query))


def check_read_only(query: str) -> None:
    """Refuse updates and federated SERVICE calls: the store is read-only and never fetches."""
    form = query_form(query)
    if form in UPDATE_KEYWORDS:
        raise QueryRefusedError(
            f"SPARQL updates ({form}) are refused: the albakg dataset is read-only"
        )
    if any(word == "SERVICE" for word, _, _ in _words(query)):
        raise QueryRefusedError(
            "SERVICE is refused: albakg answers from its own dataset and fetches nothing"
        )


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def undeclared_prefixes(query: str, predeclared: dict[str, str]) -> list[tuple[str, int]]:
    """Prefixes used but declared neither in the query nor in ``predeclared``, with offsets."""
    toks = list(tokens(query))
    declared = set(predeclared)
    for i, tok in enumerate(toks[:-1]):
        if tok.kind == "word" and tok.text.upper() == "PREFIX" and toks[i + 1].kind == "pname":
            declared.add(toks[i + 1].text.split(":", 1)[0])
    missing = []
    for i, tok in enumerate(toks):
        if tok.kind != "pname" or (i and toks[i - 1].text.upper() == "PREFIX"):
            continue
        prefix = tok.text.split(":", 1)[0]
        if prefix != "_" and prefix not in declared:
            missing.append((prefix, tok.start))
    return missing


_PARSER_ERROR = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)


def _syntax_error(query: str, exc: SyntaxError, predeclared: dict[str, str]) -> QuerySyntaxError:
    """Reword the parser's message; an undeclared prefix is named rather than guessed at."""
    missing = undeclared_prefixes(query, predeclared)
    if missing:
        prefix, offset = missing[0]
        line, column = line_column(query, offset)
        return QuerySyntaxError(
            f"undeclared prefix {prefix}: (declare it with PREFIX {prefix}: <…>)", line, column
        )
    text = str(exc)
    match = _PARSER_ERROR.match(text)
    if not match:
        return QuerySyntaxError(text)
    # The parser lists character classes it expected; they help nobody reading the message.
    detail = re.sub(r",?\s*\[[^\]]*\]", "", match.group(3))
    detail = " ".join(detail.split())
    if len(detail) > 200:
        detail = detail[:200] + "…"
    line, column = int(match.group(1)), int(match.group(2))
    lines = query.split("\n")
    offset = sum(len(text) + 1 for text in lines[: line - 1]) + column - 1
    if not query[offset:].strip():
        # The parser ran out of query: point at its last character, not past it.
        line, column = line_column(query, len(query.rstrip()) - 1)
        detail = f"the query ends too early: {detail}"
    return QuerySyntaxError(detail, line, column)


# ---------------------------------------------------------------------------- the store


def prefix_header() -> str:
    """SPARQL PREFIX lines for every prefix the project binds."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def open_store(data: Path) -> ox.Store:
    """An in-memory store holding the built dataset found in ``data``."""
    store = ox.Store()
    store.bulk_load(path=str(data / DATASET_FILE), format=ox.RdfFormat.TRIG)
    return store


def dataset_base(store: ox.Store) -> str | None:
    """The base IRI the dataset was built with, read from the name of its data graph."""
    for g in store.named_graphs():
        if isinstance(g, ox.NamedNode) and g.value.endswith("/graph/data"):
            return g.value[: -len("graph/data")]
    return None


def query_prefixes(base: str | None) -> dict[str, str]:
    """Prefixes every query may use undeclared: the project's, plus ``id:`` and ``work:``."""
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    if base:
        prefixes["id"] = base + "id/"
        prefixes["work"] = base + "work/"
    return prefixes


def run_query(
    store: ox.Store,
    query: str,
    prefixes: dict[str, str] | None = None,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
) -> QueryResult:
    """Run a read-only query; the default graph is the union of the named graphs.

    Unless the query (FROM) or the caller (``default_graphs``, ``named_graphs``) names its
    dataset. Prefixes are passed to the parser rather than pasted above the query, so the line and
    column of a syntax error are those of the text the user wrote.
    """
    check_read_only(query)
    prefixes = query_prefixes(dataset_base(store)) if prefixes is None else prefixes
    options: dict[str, Any] = {}
    if default_graphs or named_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    elif not has_dataset_clause(query):
        options["use_default_graph_as_union"] = True
    try:
        return store.query(query, prefixes=prefixes, **options)
    except SyntaxError as exc:
        raise _syntax_error(query, exc, prefixes) from None


def select(store: ox.Store, query: str, with_prefixes: bool = True) -> list[dict[str, Any]]:
    """Run a SELECT over the union default graph; rows map variable names to terms."""
    results = run_query(store, query, prefixes=None if with_prefixes else {})
    assert isinstance(results, ox.QuerySolutions)
    variables = [v.value for v in results.variables]
    return [{v: row[v] for v in variables} for row in results]
