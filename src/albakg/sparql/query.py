"""The ``query`` command: SPARQL over the built dataset, embedded, no server needed.

A query comes as text, as a ``.rq`` file, or as the name of a bundled competency question
(``queries/<name>.rq``, headed by ``# en:`` and ``# es:`` comment lines). Results are
written in the SPARQL 1.1 results formats, in RDF for CONSTRUCT and DESCRIBE, or as an
aligned table for reading in a terminal.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import typer

from albakg.resources import queries_dir
from albakg.sparql.store import (
    DATASET_FILE,
    QueryError,
    QueryResult,
    QuerySyntaxError,
    dataset_base,
    open_store,
    query_form,
    query_prefixes,
    run_query,
    tokens,
)

#: ``--format`` names for SELECT and ASK results.
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
#: ``--format`` names for CONSTRUCT and DESCRIBE results.
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "nt": ox.RdfFormat.N_TRIPLES,
}
TABLE = "table"
#: Widest cell of a table; longer values are cut with an ellipsis (other formats keep them).
MAX_CELL = 60


class FormatError(ValueError):
    """A ``--format`` that does not fit the query's form (a usage error)."""


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


def format_question_list(questions: Sequence[Question]) -> str:
    if not questions:
        return "No bundled questions."
    width = max(len(q.name) for q in questions)
    lines = []
    for q in questions:
        lines.append(f"{q.name:<{width}}  en: {q.en or '(no wording)'}")
        lines.append(f"{'':<{width}}  es: {q.es or '(sin enunciado)'}")
    return "\n".join(lines)


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


def check_format(fmt: str, form: str | None) -> None:
    """Reject a format that cannot carry the result of a query of this form."""
    if fmt not in (TABLE, *RESULT_FORMATS, *GRAPH_FORMATS):
        raise FormatError(
            f"unknown format {fmt!r}: use table, {', '.join(RESULT_FORMATS)} "
            f"(SELECT, ASK) or {', '.join(GRAPH_FORMATS)} (CONSTRUCT, DESCRIBE)"
        )
    graph_form = form in ("CONSTRUCT", "DESCRIBE")
    if graph_form and fmt not in GRAPH_FORMATS:
        raise FormatError(f"a {form} query gives triples: use --format turtle, jsonld or nt")
    if form in ("SELECT", "ASK") and fmt in GRAPH_FORMATS:
        raise FormatError(
            f"a {form} query gives solutions: use --format table, json, xml, csv or tsv"
        )


def default_format(form: str | None) -> str:
    return "turtle" if form in ("CONSTRUCT", "DESCRIBE") else TABLE


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


def term_text(term: object, prefixes: dict[str, str]) -> str:
    """A term as a person reads it: short IRIs, literal values with their language."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return short_iri(term.value, prefixes)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return f"{term.value}@{term.language}" if term.language else term.value
    return str(term)


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(c) else 1 for c in text)


def _cell(text: str) -> str:
    text = " ".join(text.split())
    if _width(text) > MAX_CELL:
        text = text[: MAX_CELL - 1] + "…"
    return text


def format_table(variables: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Columns padded to their widest cell, a rule under the header, a row count below."""
    body = [[_cell(c) for c in row] for row in rows]
    widths = [max([_width(v), *(_width(r[i]) for r in body)]) for i, v in enumerate(variables)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True))

    out = [line(variables).rstrip(), "  ".join("-" * w for w in widths)]
    out += [line(r).rstrip() for r in body]
    out.append(f"({len(body)} {'row' if len(body) == 1 else 'rows'})")
    return "\n".join(out) + "\n"


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
    """The bytes ``albakg query`` writes for a result in the chosen format."""
    if isinstance(result, ox.QueryTriples):
        triples = sorted_triples(result)
        if fmt == TABLE:
            rows = [
                [term_text(x, prefixes) for x in (t.subject, t.predicate, t.object)]
                for t in triples
            ]
            return format_table(["subject", "predicate", "object"], rows).encode()
        return serialize_triples(triples, fmt, prefixes)
    if isinstance(result, ox.QueryBoolean):
        if fmt == TABLE:
            return b"true\n" if bool(result) else b"false\n"
        data = result.serialize(format=RESULT_FORMATS[fmt])
        assert data is not None
        return data if data.endswith(b"\n") else data + b"\n"
    if fmt == TABLE:
        names = [v.value for v in result.variables]
        rows = [[term_text(s[n], prefixes) for n in names] for s in result]
        return format_table(names, rows).encode()
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


# ---------------------------------------------------------------------------- the command


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def excerpt(text: str, line: int, column: int) -> str:
    """The offending line of a query with a caret under the column."""
    lines = text.splitlines() or [""]
    if not 1 <= line <= len(lines):
        return ""
    number = f"{line:>4} | "
    return f"{number}{lines[line - 1]}\n{' ' * (len(number) + max(column - 1, 0))}^"


def query_command(
    query: str | None, data: Path, fmt: str | None, list_only: bool, folder: Path | None
) -> None:
    """Everything ``albakg query`` does; exits 1 on a bad query, 2 on a usage error."""
    folder = folder or queries_dir()
    if list_only:
        typer.echo(format_question_list(bundled_questions(folder)))
        return
    if not query:
        raise _fail("give a query, a .rq file or a bundled question's name (or --list)", 2)
    try:
        text, origin = resolve_query(query, folder)
    except FileNotFoundError as exc:
        raise _fail(str(exc), 2) from None
    form = query_form(text)
    fmt = fmt or default_format(form)
    try:
        check_format(fmt, form)
    except FormatError as exc:
        raise _fail(str(exc), 2) from None
    if not (data / DATASET_FILE).is_file():
        raise _fail(f"no built dataset in {data}/ — run `albakg build` first")
    store = open_store(data)
    prefixes = query_prefixes(dataset_base(store))
    try:
        result = run_query(store, text, prefixes)
        # Evaluation is lazy: errors may surface while the results are written.
        output = render(result, fmt, prefixes)
    except QuerySyntaxError as exc:
        typer.echo(f"error: {origin}: {exc}", err=True)
        if exc.line is not None and exc.column is not None:
            typer.echo(excerpt(text, exc.line, exc.column), err=True)
        raise typer.Exit(1) from None
    except QueryError as exc:
        raise _fail(f"{origin}: {exc}") from None
    except (OSError, ValueError) as exc:
        raise _fail(f"{origin}: the query failed: {exc}") from None
    typer.echo(output, nl=False)
