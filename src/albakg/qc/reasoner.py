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
from dataclasses import dataclass
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


def explain_clashes(quads: Iterable[ox.Quad], limit: int = 20) -> list[str]:
    """Individuals whose asserted or domain/range-implied classes are declared disjoint."""
    triples = [(q.subject, q.predicate.value, q.object) for q in quads]
    parents: dict[str, set[str]] = defaultdict(set)
    domains: dict[str, set[str]] = defaultdict(set)
    ranges: dict[str, set[str]] = defaultdict(set)
    supers: dict[str, set[str]] = defaultdict(set)
    inverse: dict[str, set[str]] = defaultdict(set)
    disjoint: set[frozenset[str]] = set()
    for s, p, o in triples:
        if not isinstance(s, ox.NamedNode) or not isinstance(o, ox.NamedNode):
            continue
        if p == RDFS + "subClassOf":
            parents[s.value].add(o.value)
        elif p == RDFS + "domain":
            domains[s.value].add(o.value)
        elif p == RDFS + "range":
            ranges[s.value].add(o.value)
        elif p == RDFS + "subPropertyOf":
            supers[s.value].add(o.value)
        elif p == OWL + "inverseOf":
            inverse[s.value].add(o.value)
            inverse[o.value].add(s.value)
        elif p == OWL + "disjointWith":
            disjoint.add(frozenset((s.value, o.value)))

    def closure(start: str, edges: dict[str, set[str]]) -> set[str]:
        seen, todo = {start}, [start]
        while todo:
            for nxt in edges[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    why: dict[str, dict[str, str]] = defaultdict(dict)

    def note(node: object, cls: str, reason: str) -> None:
        if isinstance(node, ox.NamedNode):
            for c in closure(cls, parents):
                why[node.value].setdefault(c, reason)

    for s, p, o in triples:
        if p == RDF_TYPE and isinstance(o, ox.NamedNode):
            note(s, o.value, f"typed {_short(o.value)}")
            continue
        for prop in closure(p, supers):
            for c in domains[prop]:
                note(s, c, f"subject of {_short(p)} (domain {_short(c)})")
            for c in ranges[prop]:
                note(o, c, f"object of {_short(p)} (range {_short(c)})")
            for inv in inverse[prop]:
                for c in ranges[inv]:
                    note(s, c, f"subject of {_short(p)} (range of inverse {_short(inv)})")
                for c in domains[inv]:
                    note(o, c, f"object of {_short(p)} (domain of inverse {_short(inv)})")
    clashes = []
    for node in sorted(why):
        classes = why[node]
        names = sorted(classes)
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                if frozenset((a, b)) in disjoint:
                    clashes.append(
                        f"{node}: {_short(a)} ({classes[a]}) is disjoint with "
                        f"{_short(b)} ({classes[b]})"
                    )
    return clashes[:limit]


def reasoner_findings(quads: Sequence[ox.Quad]) -> list[Finding]:
    """Consistency of vocabulary + data, and satisfiability of every class, under HermiT."""
    consistent_title = "Vocabulary and data are consistent (HermiT, OWL 2 DL)"
    satisfiable_title = "No class is unsatisfiable (HermiT)"
    reason = missing_reason()
    if reason:
        return [
            not_run(FAMILY, "consistent", consistent_title, reason),
            not_run(FAMILY, "satisfiable", satisfiable_title, reason),
        ]
    triples, projected = reasoner_input(quads)
    try:
        verdict = run_hermit(triples)
    except Exception as exc:  # a Java or owlready2 failure: the check did not run
        message = str(exc).strip().splitlines()
        return [
            failed(
                FAMILY,
                "consistent",
                consistent_title,
                Grade.ERROR,
                "HermiT failed: " + (message[-1] if message else type(exc).__name__),
            )
        ]
    out = []
    note = (
        f"; {projected} literal(s) of datatypes outside the OWL 2 datatype map "
        "(xsd:gYear, xsd:gYearMonth, xsd:date) given to HermiT as strings"
        if projected
        else ""
    )
    if verdict.consistent:
        out.append(passed(FAMILY, "consistent", consistent_title, f"{len(triples)} triples{note}"))
    else:
        clashes = explain_clashes(quads)
        out.append(
            failed(
                FAMILY,
                "consistent",
                consistent_title,
                Grade.ERROR,
                "HermiT finds the ontology inconsistent"
                + ("" if clashes else " (no disjointness clash found to explain it)"),
                clashes,
            )
        )
        out.append(
            not_checked(
                FAMILY,
                "satisfiable",
                satisfiable_title,
                "an inconsistent ontology cannot be classified; fix the inconsistency first",
            )
        )
        return out
    out.append(
        failed(
            FAMILY,
            "satisfiable",
            satisfiable_title,
            Grade.ERROR,
            f"{len(verdict.unsatisfiable)} unsatisfiable class(es)",
            verdict.unsatisfiable,
        )
        if verdict.unsatisfiable
        else passed(FAMILY, "satisfiable", satisfiable_title, "every class can have instances")
    )
    return out


def _short(iri: str) -> str:
    return short(iri)
