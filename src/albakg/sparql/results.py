"""SPARQL 1.1 Query Results in CSV and TSV, written with the :mod:`csv` module.

pyoxigraph's CSV writer leaves an IRI unquoted even when it holds a comma (the evidence
IRIs ``…#char=24239,24308`` do), so a row gets more fields than the header. Here every
field goes through :mod:`csv`, which quotes whatever RFC 4180 says must be quoted.

CSV (W3C SPARQL 1.1 Query Results CSV and TSV Formats, section 2) keeps only values: an
IRI's text, a literal's lexical form, ``_:label`` for a blank node, an empty field when
unbound; lines end in CRLF. TSV (section 3) keeps the terms in Turtle syntax, with tab,
newline and quote escaped inside literals and IRIs, so a field never needs quoting and
the rows split on tabs.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
#: Numbers TSV may write bare, with the Turtle grammar their lexical form must follow.
_BARE_NUMBERS = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD + "double": re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
}
_STRING_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"})
#: Characters an IRIREF cannot hold as themselves (Turtle), written as \\u escapes.
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None


def _uchar(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04X}"


def tsv_term(term: Term) -> str:
    """A term as SPARQL TSV writes it: Turtle syntax, numbers bare, unbound empty."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return "<" + _IRI_FORBIDDEN.sub(_uchar, term.value) + ">"
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Triple):
        parts = (tsv_term(term.subject), tsv_term(term.predicate), tsv_term(term.object))
        return "<< " + " ".join(parts) + " >>"
    datatype = term.datatype.value
    number = _BARE_NUMBERS.get(datatype)
    if number is not None and number.fullmatch(term.value):
        return term.value
    quoted = '"' + term.value.translate(_STRING_ESCAPES) + '"'
    if term.language:
        return f"{quoted}@{term.language}"
    if datatype == XSD_STRING:
        return quoted
    return f"{quoted}^^{tsv_term(term.datatype)}"


def csv_term(term: Term) -> str:
    """A term as SPARQL CSV writes it: the value alone, without language or datatype."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Triple):
        return tsv_term(term)
    return term.value


def write_csv(variables: Sequence[str], rows: Iterable[Sequence[Term]]) -> bytes:
    """SELECT results as SPARQL CSV: a header of variable names, one CRLF line per row."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows([csv_term(t) for t in row] for row in rows)
    return out.getvalue().encode("utf-8")


def write_tsv(variables: Sequence[str], rows: Iterable[Sequence[Term]]) -> bytes:
    """SELECT results as SPARQL TSV: ``?name`` headers, Turtle terms, one LF line per row.

    The writer refuses to quote (``QUOTE_NONE`` with no escape character), so a field that
    would still hold a tab or a line break raises instead of silently shifting columns.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(
        out, delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None, lineterminator="\n"
    )
    writer.writerow([f"?{v}" for v in variables])
    for row in rows:
        fields = [tsv_term(t) for t in row]
        if fields == [""]:
            out.write("\n")  # one unbound variable: an empty line, which csv will not write
        else:
            writer.writerow(fields)
    return out.getvalue().encode("utf-8")


def solution_rows(result: ox.QuerySolutions) -> tuple[list[str], list[list[Term]]]:
    """The variable names and the rows of a SELECT result, read once."""
    names = [v.value for v in result.variables]
    return names, [[s[n] for n in names] for s in result]
