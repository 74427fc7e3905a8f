"""What every quality check returns: a finding with a grade, a status and the terms it hits.

The check families (FAIR, pitfalls, rules, reasoner, parsers, identity) live in their own
modules and share only this vocabulary, so that the report and the exit code treat them
alike and a new family needs no change elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import IntEnum, StrEnum

import pyoxigraph as ox

from albakg.rdf.iris import ALBAKG, VOCAB_IRI
from albakg.rdf.vocab import PREFIXES

#: The project's own terms; pitfalls and rules apply to these and to nothing reused.
OWN_NS = str(ALBAKG)
ONTOLOGY_IRI = VOCAB_IRI


class Grade(IntEnum):
    """Severity of a finding; ordered so that ``--fail-on`` is a comparison."""

    INFO = 1
    WARN = 2
    ERROR = 3


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_RUN = "not run"
    NOT_CHECKED = "not checked"


@dataclass(frozen=True)
class Finding:
    """The outcome of one check; ``grade`` is None only for a check that passed."""

    family: str
    code: str
    title: str
    status: Status
    grade: Grade | None
    message: str
    terms: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        """The grade as printed: ERROR / WARN / INFO, or ok for a pass."""
        return self.grade.name if self.grade is not None else "ok"


def passed(family: str, code: str, title: str, message: str) -> Finding:
    return Finding(family, code, title, Status.PASSED, None, message)


def failed(
    family: str,
    code: str,
    title: str,
    grade: Grade,
    message: str,
    terms: Iterable[str] = (),
) -> Finding:
    return Finding(family, code, title, Status.FAILED, grade, message, tuple(sorted(set(terms))))


def not_run(family: str, code: str, title: str, reason: str) -> Finding:
    """A check whose tool is missing: never a pass, graded WARN (ERROR under --require-all)."""
    return Finding(family, code, title, Status.NOT_RUN, Grade.WARN, reason)


def not_checked(family: str, code: str, title: str, reason: str) -> Finding:
    """A check that needs the network, which albakg never uses: listed, never passed."""
    return Finding(family, code, title, Status.NOT_CHECKED, Grade.INFO, reason)


def check(
    family: str,
    code: str,
    title: str,
    grade: Grade,
    hits: Iterable[str],
    ok: str,
    bad: str,
) -> Finding:
    """Pass when ``hits`` is empty, else fail with ``bad`` (which may use ``{n}``)."""
    terms = sorted(set(hits))
    if not terms:
        return passed(family, code, title, ok)
    return failed(family, code, title, grade, bad.format(n=len(terms)), terms)


def require_all(findings: Iterable[Finding]) -> list[Finding]:
    """``--require-all``: a check that could not run is an error, as CI wants."""
    return [replace(f, grade=Grade.ERROR) if f.status is Status.NOT_RUN else f for f in findings]


def short(iri: object) -> str:
    """A prefixed name for display, or the IRI in angle brackets."""
    text = str(iri)
    for prefix, ns in PREFIXES.items():
        if text.startswith(str(ns)) and len(text) > len(str(ns)):
            return f"{prefix}:{text[len(str(ns)) :]}"
    return f"<{text}>"


def curies(text: str) -> str:
    """``text`` with every vocabulary namespace written as its prefix, for people to read."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
        text = text.replace(str(ns), f"{prefix}:")
    return text


def select_rows(store: ox.Store, query: str) -> list[dict[str, object]]:
    """The solutions of a SELECT over the union of the graphs, as plain dicts."""
    results = store.query(query, use_default_graph_as_union=True)
    if not isinstance(results, ox.QuerySolutions):
        raise ValueError("a rule must be a SELECT query")
    names = [v.value for v in results.variables]
    return [{n: row[n] for n in names} for row in results]


def term_text(term: object) -> str:
    """An IRI or literal as its bare value, for the terms a finding lists."""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)
