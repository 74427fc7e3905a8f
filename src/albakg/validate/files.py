"""Validating files a user hands over: refused early when hostile, never crashing pySHACL.

A file is read only if it is below a size limit and, for RDF/XML, declares no DTD (entity
expansion turns a few lines into gigabytes). A file holding no triple is an error, not a
graph that trivially conforms. The packaged vocabulary joins the data so that the class
hierarchy is known (an ``albakg:Person`` is an ``albakg:Actor`` and gets its shape).
A literal that is not a value of its datatype (an offset ``"abc"``) becomes one finding
and is kept away from pySHACL, whose numeric comparisons would raise on it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.term import Node

from albakg.validate.shacl import (
    RDFXML_SUFFIXES,
    Finding,
    NothingToValidateError,
    ParseError,
    Report,
    load_shapes,
    parse_any,
    short_term,
    validate_graph,
    with_vocabulary,
)

#: Largest file ``albakg validate`` reads by default (the real article's dataset is ~2 MB).
DEFAULT_MAX_MB = 64
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class InputError(ValueError):
    """A file cannot be validated: too large, hostile, or holding nothing."""


def check_file(path: Path, max_bytes: int) -> None:
    """Refuse before parsing what could exhaust memory or time."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"{path}: {size / 2**20:.1f} MB is above the limit of {max_bytes / 2**20:.0f} MB; "
            "raise it with --max-mb if the file is genuine"
        )
    if path.suffix in RDFXML_SUFFIXES:
        with path.open("rb") as fh:
            match = _DTD.search(fh.read())
        if match is not None:
            raise InputError(
                f"{path}: RDF/XML with a <!{match.group(1).decode().upper()}> declaration is "
                "refused (entities can expand without bound); remove the DTD"
            )


@contextmanager
def _quiet_literals() -> Iterator[None]:
    """Rdflib logs a traceback per ill-typed literal; they are reported as findings instead."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def read_files(paths: Sequence[Path], max_bytes: int) -> Graph:
    """The union of ``paths``; each checked, parsed, and required to hold a triple."""
    for path in paths:
        check_file(path, max_bytes)
    union = Graph(bind_namespaces="none")
    with _quiet_literals():
        for path in paths:
            graph = parse_any(path)
            if len(graph) == 0:
                raise InputError(
                    f"{path}: holds no triples (no RDF statements: a JSON-LD context?); "
                    "there is nothing to validate"
                )
            for triple in graph:
                union.add(triple)
    return union


def ill_typed(data: Graph) -> list[tuple[Node, Node, Literal]]:
    """Triples whose literal is not a value of its datatype (``"abc"^^xsd:integer``)."""
    return [(s, p, o) for s, p, o in data if isinstance(o, Literal) and o.ill_typed]


def validate_files(
    paths: Sequence[Path], max_bytes: int, lang: str = "en"
) -> tuple[Report, tuple[str, ...]]:
    """Validate the union of ``paths`` with the vocabulary, and say where it came from.

    Raises InputError (also for shapes or a context handed over as data) or ParseError.
    """
    try:
        prepared = with_vocabulary(read_files(paths, max_bytes), paths)
    except NothingToValidateError as exc:
        raise InputError(str(exc)) from None
    return validate_checked(prepared.graph, lang), prepared.notes


def validate_checked(data: Graph, lang: str = "en") -> Report:
    """SHACL over ``data`` once ill-typed literals are findings of their own."""
    bad = ill_typed(data)
    own = [
        Finding(
            focus=short_term(s, data),
            path=short_term(p, data),
            message=f"not a valid {short_term(o.datatype, data)}: write a value of that type"
            if o.datatype is not None
            else "not a valid value",
            value=short_term(o, data),
            severity="Violation",
            shape="(datatype)",
        )
        for s, p, o in bad
    ]
    for triple in bad:
        data.remove(triple)
    report = validate_graph(data, load_shapes(), lang=lang)
    # The missing value's own consequences (a count, a type) repeat the same cause.
    causes = {(f.focus, f.path) for f in own}
    kept = [f for f in report.findings if (f.focus, f.path) not in causes]
    findings = tuple(sorted(set(kept + own)))
    return Report(report.conforms and not own, findings)


__all__ = [
    "DEFAULT_MAX_MB",
    "InputError",
    "ParseError",
    "check_file",
    "ill_typed",
    "read_files",
    "validate_checked",
    "validate_files",
]
