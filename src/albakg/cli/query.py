"""``albakg query``: SPARQL over the built dataset, embedded, no server needed.

The terminal table lives here because it is presentation: cells cut to a readable width,
IRIs shortened with the prefixes. Every other format comes from :mod:`albakg.sparql.query`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox
import typer

from albakg.resources import queries_dir
from albakg.sparql.query import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    Question,
    bundled_questions,
    render,
    resolve_query,
    short_iri,
    sorted_triples,
)
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
)

TABLE = "table"
#: Widest cell of a table; longer values are cut with an ellipsis (other formats keep them).
MAX_CELL = 60


class FormatError(ValueError):
    """A ``--format`` that does not fit the query's form (a usage error)."""


def format_question_list(questions: Sequence[Question]) -> str:
    if not questions:
        return "No bundled questions."
    width = max(len(q.name) for q in questions)
    lines = []
    for q in questions:
        lines.append(f"{q.name:<{width}}  en: {q.en or '(no wording)'}")
        lines.append(f"{'':<{width}}  es: {q.es or '(sin enunciado)'}")
    return "\n".join(lines)


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


# ---------------------------------------------------------------------------- the table


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


def render_table(result: QueryResult, prefixes: dict[str, str]) -> bytes:
    """Any result as the terminal table: triples in three columns, a boolean as one word."""
    if isinstance(result, ox.QueryTriples):
        rows = [
            [term_text(x, prefixes) for x in (t.subject, t.predicate, t.object)]
            for t in sorted_triples(result)
        ]
        return format_table(["subject", "predicate", "object"], rows).encode()
    if isinstance(result, ox.QueryBoolean):
        return b"true\n" if bool(result) else b"false\n"
    names = [v.value for v in result.variables]
    rows = [[term_text(s[n], prefixes) for n in names] for s in result]
    return format_table(names, rows).encode()


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


def _query_text(query: str | None, fmt: str | None, folder: Path) -> tuple[str, str, str]:
    """The query's text, where it came from and the format to write, or a usage error."""
    if not query:
        raise _fail("give a query, a .rq file or a bundled question's name (or --list)", 2)
    try:
        text, origin = resolve_query(query, folder)
    except FileNotFoundError as exc:
        raise _fail(str(exc), 2) from None
    fmt = fmt or default_format(query_form(text))
    try:
        check_format(fmt, query_form(text))
    except FormatError as exc:
        raise _fail(str(exc), 2) from None
    return text, origin, fmt


def query_command(
    query: str | None, data: Path, fmt: str | None, list_only: bool, folder: Path | None
) -> None:
    """Everything ``albakg query`` does; exits 1 on a bad query, 2 on a usage error."""
    folder = folder or queries_dir()
    if list_only:
        typer.echo(format_question_list(bundled_questions(folder)))
        return
    text, origin, fmt = _query_text(query, fmt, folder)
    if not (data / DATASET_FILE).is_file():
        raise _fail(f"no built dataset in {data}/ — run `albakg build` first")
    store = open_store(data)
    prefixes = query_prefixes(dataset_base(store))
    try:
        result = run_query(store, text, prefixes)
        # Evaluation is lazy: errors may surface while the results are written.
        output = render_table(result, prefixes) if fmt == TABLE else render(result, fmt, prefixes)
    except QuerySyntaxError as exc:
        typer.echo(f"error: {origin}: {exc}", err=True)
        if exc.line is not None and exc.column is not None:
            typer.echo(excerpt(text, exc.line, exc.column), err=True)
        raise typer.Exit(1) from None
    except QueryError as exc:
        raise _fail(f"{origin}: {exc}") from None
    except ValueError as exc:
        raise _fail(f"{origin}: the query failed: {exc}") from None
    except OSError as exc:
        raise _fail(f"{origin}: the store could not be read: {exc}", 3) from None
    typer.echo(output, nl=False)
