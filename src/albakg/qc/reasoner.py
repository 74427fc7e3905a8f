"""OWL 2 DL reasoning with HermiT (bundled with owlready2) over vocabulary plus data.

The questions: is the whole consistent, and can every class have instances?

HermiT accepts only the datatypes of the OWL 2 datatype map; ``xsd:gYear``,
``xsd:gYearMonth`` and ``xsd:date``, which the data uses to keep the precision the text
gives, are not in it. The reasoner is therefore given a copy in which literals of such
datatypes are plain strings and ranges naming them are ``rdfs:Literal`` — class reasoning
(disjointness, domains, ranges, functional properties) is unaffected, and the lexical
validity of those literals is checked elsewhere (the ill-typed-literal rule, Jena SHACL).

When HermiT finds the ontology inconsistent it says no more; a short pass over the data
then names the individuals whose asserted or domain/range-implied classes are declared
disjoint, which is how such a clash usually arises.
"""

from __future__ import annotations

import importlib
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from albakg.qc.base import Finding, Grade, failed, not_checked, not_run, passed, short

FAMILY = "REASONER"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
#: Datatypes the OWL 2 datatype map has (HermiT supports all and only these).
OWL2_DATATYPES = frozenset(
    [RDFS + "Literal", "http://www.w3.org/1999/02/22-rdf-syntax-ns#PlainLiteral"]
    + [
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
        OWL + "real",
        OWL + "rational",
    ]
    + [
        XSD + t
        for t in (
            "decimal",
            "integer",
            "nonNegativeInteger",
            "nonPositiveInteger",
            "positiveInteger",
            "negativeInteger",
            "long",
            "int",
            "short",
            "byte",
            "unsignedLong",
            "unsignedInt",
            "unsignedShort",
            "unsignedByte",
            "double",
            "float",
            "string",
            "normalizedString",
            "token",
            "language",
            "Name",
            "NCName",
            "NMTOKEN",
            "boolean",
            "hexBinary",
            "base64Binary",
            "anyURI",
            "dateTime",
            "dateTimeStamp",
        )
    ]
)


def _owlready() -> Any:
    """owlready2, imported only when the reasoner runs (it is an optional dependency)."""
    return importlib.import_module("owlready2")


def missing_reason() -> str | None:
    if shutil.which("java") is None:
        return "java is not installed (apt package default-jre-headless)"
    try:
        _owlready()
    except ImportError:
        return "owlready2 is not installed (pip install owlready2)"
    return None


def reasoner_input(quads: Iterable[ox.Quad]) -> tuple[list[ox.Triple], int]:
    """Every triple of every graph, with datatypes HermiT lacks turned into plain strings."""
    out: set[ox.Triple] = set()
    projected = 0
    for q in quads:
        o = q.object
        if (
            isinstance(o, ox.Literal)
            and o.language is None
            and o.datatype.value not in OWL2_DATATYPES
        ):
            o = ox.Literal(o.value)
            projected += 1
        elif (
            isinstance(o, ox.NamedNode)
            and q.predicate.value == RDFS + "range"
            and o.value.startswith(XSD)
            and o.value not in OWL2_DATATYPES
        ):
            o = ox.NamedNode(RDFS + "Literal")
        out.add(ox.Triple(q.subject, q.predicate, o))
    return sorted(out, key=str), projected


@dataclass(frozen=True)
class Verdict:
    consistent: bool
    unsatisfiable: tuple[str, ...]


def run_hermit(triples: Sequence[ox.Triple]) -> Verdict:
    """Load ``triples`` into a fresh owlready2 world and let HermiT classify it."""
    owlready2 = _owlready()
    with tempfile.TemporaryDirectory(prefix="albakg-reasoner-") as tmp:
        path = Path(tmp) / "input.nt"
        with path.open("wb") as handle:
            ox.serialize(triples, handle, format=ox.RdfFormat.N_TRIPLES)
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load(format="ntriples")
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return Verdict(False, ())
        unsatisfiable = tuple(
            sorted(
                c.iri
                for c in world.inconsistent_classes()
                if hasattr(c, "iri") and c.iri != OWL + "Nothing"
            )
        )
        world.close()
        return Verdict(True, unsatisfiable)


@dataclass
class _Axioms:
    """The schema axioms clash explanations need, indexed by subject IRI."""

    parents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    domains: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    ranges: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    supers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    inverse: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    disjoint: set[frozenset[str]] = field(default_factory=set)


def _axioms(triples: Iterable[tuple[object, str, object]]) -> _Axioms:
    ax = _Axioms()
    indexes = {
        RDFS + "subClassOf": ax.parents,
        RDFS + "domain": ax.domains,
        RDFS + "range": ax.ranges,
        RDFS + "subPropertyOf": ax.supers,
    }
    for s, p, o in triples:
        if not isinstance(s, ox.NamedNode) or not isinstance(o, ox.NamedNode):
            continue
        if p in indexes:
            indexes[p][s.value].add(o.value)
        elif p == OWL + "inverseOf":
            ax.inverse[s.value].add(o.value)
            ax.inverse[o.value].add(s.value)
        elif p == OWL + "disjointWith":
            ax.disjoint.add(frozenset((s.value, o.value)))
    return ax


def _closure(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for nxt in edges[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _class_reasons(
    triples: Iterable[tuple[object, str, object]], ax: _Axioms
) -> dict[str, dict[str, str]]:
    """Per individual, each class it falls in and the first triple that puts it there."""
    why: dict[str, dict[str, str]] = defaultdict(dict)

    def note(node: object, cls: str, reason: str) -> None:
        if isinstance(node, ox.NamedNode):
            for c in _closure(cls, ax.parents):
                why[node.value].setdefault(c, reason)

    for s, p, o in triples:
        if p == RDF_TYPE and isinstance(o, ox.NamedNode):
            note(s, o.value, f"typed {_short(o.value)}")
            continue
        for prop in _closure(p, ax.supers):
            for c in ax.domains[prop]:
                note(s, c, f"subject of {_short(p)} (domain {_short(c)})")
            for c in ax.ranges[prop]:
                note(o, c, f"object of {_short(p)} (range {_short(c)})")
            for inv in ax.inverse[prop]:
                for c in ax.ranges[inv]:
                    note(s, c, f"subject of {_short(p)} (range of inverse {_short(inv)})")
                for c in ax.domains[inv]:
                    note(o, c, f"object of {_short(p)} (domain of inverse {_short(inv)})")
    return why


def explain_clashes(quads: Iterable[ox.Quad], limit: int = 20) -> list[str]:
    """Individuals whose asserted or domain/range-implied classes are declared disjoint."""
    triples = [(q.subject, q.predicate.value, q.object) for q in quads]
    ax = _axioms(triples)
    why = _class_reasons(triples, ax)
    clashes = []
    for node in sorted(why):
        classes = why[node]
        names = sorted(classes)
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                if frozenset((a, b)) in ax.disjoint:
                    clashes.append(
                        f"{node}: {_short(a)} ({classes[a]}) is disjoint with "
                        f"{_short(b)} ({classes[b]})"
                    )
    return clashes[:limit]


CONSISTENT_TITLE = "Vocabulary and data are consistent (HermiT, OWL 2 DL)"
SATISFIABLE_TITLE = "No class is unsatisfiable (HermiT)"


def reasoner_findings(quads: Sequence[ox.Quad]) -> list[Finding]:
    """Consistency of vocabulary + data, and satisfiability of every class, under HermiT."""
    reason = missing_reason()
    if reason:
        return [
            not_run(FAMILY, "consistent", CONSISTENT_TITLE, reason),
            not_run(FAMILY, "satisfiable", SATISFIABLE_TITLE, reason),
        ]
    triples, projected = reasoner_input(quads)
    try:
        verdict = run_hermit(triples)
    except Exception as exc:  # a Java or owlready2 failure: the check did not run
        message = str(exc).strip().splitlines()
        detail = message[-1] if message else type(exc).__name__
        return [
            failed(FAMILY, "consistent", CONSISTENT_TITLE, Grade.ERROR, "HermiT failed: " + detail)
        ]
    if not verdict.consistent:
        return _inconsistent(quads)
    note = (
        f"; {projected} literal(s) of datatypes outside the OWL 2 datatype map "
        "(xsd:gYear, xsd:gYearMonth, xsd:date) given to HermiT as strings"
        if projected
        else ""
    )
    return [
        passed(FAMILY, "consistent", CONSISTENT_TITLE, f"{len(triples)} triples{note}"),
        _satisfiability(verdict.unsatisfiable),
    ]


def _inconsistent(quads: Sequence[ox.Quad]) -> list[Finding]:
    """The clashes that explain an inconsistency; classification cannot follow one."""
    clashes = explain_clashes(quads)
    message = "HermiT finds the ontology inconsistent" + (
        "" if clashes else " (no disjointness clash found to explain it)"
    )
    return [
        failed(FAMILY, "consistent", CONSISTENT_TITLE, Grade.ERROR, message, clashes),
        not_checked(
            FAMILY,
            "satisfiable",
            SATISFIABLE_TITLE,
            "an inconsistent ontology cannot be classified; fix the inconsistency first",
        ),
    ]


def _satisfiability(unsatisfiable: Sequence[str]) -> Finding:
    if not unsatisfiable:
        return passed(FAMILY, "satisfiable", SATISFIABLE_TITLE, "every class can have instances")
    return failed(
        FAMILY,
        "satisfiable",
        SATISFIABLE_TITLE,
        Grade.ERROR,
        f"{len(unsatisfiable)} unsatisfiable class(es)",
        unsatisfiable,
    )


def _short(iri: str) -> str:
    return short(iri)
