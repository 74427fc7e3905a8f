"""Ontology pitfalls from the OOPS! catalogue that can be detected offline.

Each pitfall keeps its catalogue code and the importance the catalogue gives it (critical →
ERROR, important → WARN, minor → INFO). Only the project's own terms are judged: a reused
term (foaf:Person, org:memberOf, …) is someone else's to fix. The detectors follow the
catalogue's descriptions; where a pitfall is about intent (is this inverse *wrong*?), the
structural sign of it is checked (declared domain and range that do not fit).

The module is longer than the others (about 500 lines) on purpose: it is the catalogue, 31
detectors of a few lines each in catalogue order, then the ``PITFALLS`` table that names
them. Split into several files, a code would no longer sit a scroll away from its detector.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from albakg.qc.base import OWN_NS, Finding, Grade, check, not_checked
from albakg.qc.fair import LICENSE, RIGHTS, ontology_node

FAMILY = "OOPS"

CRITICAL, IMPORTANT, MINOR = Grade.ERROR, Grade.WARN, Grade.INFO

CLASS_KINDS = (OWL.Class, RDFS.Class)
OBJECT_KINDS = (OWL.ObjectProperty,)
VALUE_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty)
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
DEFINITIONS = (SKOS.definition, RDFS.comment, DCTERMS.description)
LABELS = (RDFS.label, SKOS.prefLabel)
FILE_EXTENSIONS = (".owl", ".rdf", ".ttl", ".n3", ".rdfxml", ".nt", ".jsonld", ".xml")


@dataclass(frozen=True)
class DataUsage:
    """How the data uses the vocabulary: classes it types with, predicates it uses."""

    classes: frozenset[str] = frozenset()
    predicates: frozenset[str] = frozenset()


class Vocab:
    """Indexes of one vocabulary graph, built once for all detectors."""

    def __init__(self, g: Graph, usage: DataUsage | None = None) -> None:
        self.g = g
        self.usage = usage or DataUsage()
        self.classes = self._declared(CLASS_KINDS)
        self.object_properties = self._declared(OBJECT_KINDS)
        self.value_properties = self._declared(VALUE_KINDS)
        self.properties = self._declared(PROPERTY_KINDS)
        self.domains = self._objects(RDFS.domain)
        self.ranges = self._objects(RDFS.range)
        self.supers = self._objects(RDFS.subPropertyOf)
        self.inverse: dict[URIRef, set[URIRef]] = defaultdict(set)
        for a, b in g.subject_objects(OWL.inverseOf):
            if isinstance(a, URIRef) and isinstance(b, URIRef):
                self.inverse[a].add(b)
                self.inverse[b].add(a)
        self.symmetric = {
            s for s in g.subjects(RDF.type, OWL.SymmetricProperty) if isinstance(s, URIRef)
        }

    def _declared(self, kinds: Iterable[URIRef]) -> set[URIRef]:
        return {s for k in kinds for s in self.g.subjects(RDF.type, k) if isinstance(s, URIRef)}

    def _objects(self, p: URIRef) -> dict[URIRef, set[Node]]:
        out: dict[URIRef, set[Node]] = defaultdict(set)
        for s, o in self.g.subject_objects(p):
            if isinstance(s, URIRef):
                out[s].add(o)
        return out

    @staticmethod
    def own(term: Node) -> bool:
        return isinstance(term, URIRef) and str(term).startswith(OWN_NS)

    def own_of(self, terms: Iterable[URIRef]) -> list[URIRef]:
        return sorted(t for t in terms if self.own(t))


# ---------------------------------------------------------------------------- detectors
# Each yields the terms a pitfall hits; ``PITFALLS`` below gives code, name and importance.


def p02_synonym_classes(v: Vocab) -> Iterator[str]:
    for a, b in v.g.subject_objects(OWL.equivalentClass):
        if v.own(a) and v.own(b) and a != b:
            yield f"{a} ≡ {b}"


def p03_is_relationship(v: Vocab) -> Iterator[str]:
    for p in v.own_of(v.properties):
        if _local(p).lower() in {"is", "isa", "is_a", "is-a"}:
            yield str(p)


def p04_unconnected(v: Vocab) -> Iterator[str]:
    linking = (
        RDFS.subClassOf,
        OWL.equivalentClass,
        OWL.disjointWith,
        RDFS.domain,
        RDFS.range,
        OWL.someValuesFrom,
        OWL.allValuesFrom,
        OWL.onClass,
    )
    for c in v.own_of(v.classes):
        linked = any((c, p, None) in v.g or (None, p, c) in v.g for p in linking)
        if not linked and (None, RDF.type, c) not in v.g:
            yield str(c)
    for p in v.own_of(v.value_properties):
        if not (
            v.domains.get(p)
            or v.ranges.get(p)
            or v.supers.get(p)
            or (None, RDFS.subPropertyOf, p) in v.g
            or v.inverse.get(p)
            or (p, OWL.equivalentProperty, None) in v.g
            or (None, OWL.equivalentProperty, p) in v.g
        ):
            yield str(p)


def p05_wrong_inverse(v: Vocab) -> Iterator[str]:
    """Declared inverses whose declared domain and range do not mirror each other."""
    for p in v.own_of(v.inverse):
        for q in v.inverse[p]:
            if str(p) >= str(q):
                continue
            pairs = ((v.domains.get(p), v.ranges.get(q)), (v.ranges.get(p), v.domains.get(q)))
            if any(a and b and a != b for a, b in pairs):
                yield f"{p} ⁻¹ {q}"


def p06_cycles(v: Vocab) -> Iterator[str]:
    parents: dict[Node, set[Node]] = defaultdict(set)
    for s, o in v.g.subject_objects(RDFS.subClassOf):
        if isinstance(o, URIRef):
            parents[s].add(o)
    for c in v.own_of(v.classes | {s for s in parents if isinstance(s, URIRef)}):
        seen: set[Node] = set()
        todo = list(parents[c])
        while todo:
            x = todo.pop()
            if x == c:
                yield str(c)
                break
            if x not in seen:
                seen.add(x)
                todo.extend(parents[x])


def p07_merged_concepts(v: Vocab) -> Iterator[str]:
    for c in v.own_of(v.classes):
        words = re.findall(r"[A-Z][a-z0-9]*", _local(c))
        if "And" in words[1:] or "Or" in words[1:]:
            yield str(c)


def p08_missing_annotations(v: Vocab) -> Iterator[str]:
    for t in v.own_of(v.classes | v.properties):
        has_label = any(v.g.value(t, p) for p in LABELS)
        has_definition = any(v.g.value(t, p) for p in DEFINITIONS)
        if not (has_label and has_definition):
            yield str(t)


def p10_missing_disjointness(v: Vocab) -> Iterator[str]:
    own_disjoint = any(
        v.own(a) or v.own(b) for a, b in v.g.subject_objects(OWL.disjointWith)
    ) or any(True for _ in v.g.subjects(RDF.type, OWL.AllDisjointClasses))
    if v.own_of(v.classes) and not own_disjoint:
        yield OWN_NS


def _effective(v: Vocab, p: URIRef, which: str) -> set[Node]:
    """Domain (or range) of ``p`` as declared on it, an inverse, or an own super-property."""
    direct, mirrored = (v.domains, v.ranges) if which == "domain" else (v.ranges, v.domains)
    found = set(direct.get(p, set()))
    for q in v.inverse.get(p, set()):
        found |= mirrored.get(q, set())
    if p in v.symmetric:
        found |= mirrored.get(p, set())
    for sup in v.supers.get(p, set()):
        if isinstance(sup, URIRef) and v.own(sup) and sup != p:
            found |= direct.get(sup, set())
    return found


def p11_missing_domain_range(v: Vocab) -> Iterator[str]:
    for p in v.own_of(v.value_properties):
        missing = [w for w in ("domain", "range") if not _effective(v, p, w)]
        if missing:
            yield f"{p} (no {' or '.join(missing)})"


def p12_equivalent_properties(v: Vocab) -> Iterator[str]:
    yield from _undeclared_twins(v, v.properties, RDFS.subPropertyOf, OWL.equivalentProperty)


def p30_equivalent_classes(v: Vocab) -> Iterator[str]:
    yield from _undeclared_twins(v, v.classes, RDFS.subClassOf, OWL.equivalentClass)


def _undeclared_twins(
    v: Vocab, declared: set[URIRef], sub: URIRef, equivalent: URIRef
) -> Iterator[str]:
    """Own terms named like a reused term of the same kind, with no link between the two."""
    reused: dict[str, list[URIRef]] = defaultdict(list)
    for t in declared:
        if not v.own(t):
            reused[_local(t).lower()].append(t)
    for t in v.own_of(declared):
        for twin in reused.get(_local(t).lower(), []):
            linked = any(
                (a, p, b) in v.g for a, b in ((t, twin), (twin, t)) for p in (sub, equivalent)
            )
            if not linked:
                yield f"{t} ~ {twin}"


def _counterparts(name: str) -> set[str]:
    """Names an inverse of ``name`` usually takes: supportedBy ↔ supports, partOf ↔ hasPart."""
    out: set[str] = set()
    if name.endswith("By") and len(name) > 2:
        stem = name[:-2]
        out |= {stem, stem + "s"}
        if stem.endswith("ed"):
            out |= {stem[:-2] + "s", stem[:-1] + "s"}
    if name.endswith("Of") and len(name) > 2:
        out.add("has" + name[:-2])
    return {n.lower() for n in out}


def p13_missing_inverse(v: Vocab) -> Iterator[str]:
    """Object-property pairs that look like inverses, with no owl:inverseOf between them.

    An inverse is expected where the names pair up (supports / supportedBy, partOf /
    hasPart) or where one property's domain and range mirror the other's.
    """
    props = v.own_of(v.object_properties)
    by_name = {_local(p).lower(): p for p in props}
    pairs: set[tuple[URIRef, URIRef]] = set()
    for p in props:
        for candidate in _counterparts(_local(p)):
            q = by_name.get(candidate)
            if q is not None and q != p:
                pairs.add((min(p, q), max(p, q)))
    for i, p in enumerate(props):
        dp, rp = v.domains.get(p), v.ranges.get(p)
        if not dp or not rp or dp == rp:
            continue
        for q in props[i + 1 :]:
            if v.domains.get(q) == rp and v.ranges.get(q) == dp:
                pairs.add((p, q))
    for p, q in sorted(pairs):
        if q not in v.inverse.get(p, set()):
            yield f"{p} / {q}"


def p19_multiple_domains_ranges(v: Vocab) -> Iterator[str]:
    for p in v.own_of(v.properties):
        for which, table in (("domains", v.domains), ("ranges", v.ranges)):
            if len(table.get(p, set())) > 1:
                yield f"{p} ({len(table[p])} {which})"


def p20_misused_annotations(v: Vocab) -> Iterator[str]:
    """Labels that read like definitions, or definitions that merely repeat the label."""
    for t in v.own_of(v.classes | v.properties | v._declared([OWL.NamedIndividual])):
        labels = [o for p in LABELS for o in v.g.objects(t, p) if isinstance(o, Literal)]
        definitions = [o for p in DEFINITIONS for o in v.g.objects(t, p) if isinstance(o, Literal)]
        if any(len(str(lab).split()) > 8 or str(lab).rstrip().endswith(".") for lab in labels):
            yield f"{t} (label reads like a definition)"
        label_texts = {str(lab).strip().lower() for lab in labels}
        if any(str(d).strip().lower() in label_texts for d in definitions):
            yield f"{t} (definition repeats the label)"


def p21_miscellaneous_class(v: Vocab) -> Iterator[str]:
    for c in v.own_of(v.classes):
        if re.match(r"^(Other|Misc|Miscellaneous|Various|Rest)([A-Z]|$)", _local(c)):
            yield str(c)


def p22_naming(v: Vocab) -> Iterator[str]:
    upper = re.compile(r"^[A-Z][A-Za-z0-9]*$")
    lower = re.compile(r"^[a-z][A-Za-z0-9]*$")
    for c in v.own_of(v.classes):
        if not upper.match(_local(c)):
            yield f"{c} (class not UpperCamelCase)"
    for p in v.own_of(v.properties):
        if not lower.match(_local(p)):
            yield f"{p} (property not lowerCamelCase)"


def p24_recursive(v: Vocab) -> Iterator[str]:
    """A class defined through itself: its equivalent class expression mentions it."""
    for c in v.own_of(v.classes):
        for expr in v.g.objects(c, OWL.equivalentClass):
            if expr == c or (isinstance(expr, BNode) and c in _reachable(v.g, expr)):
                yield str(c)
                break
        for expr in v.g.objects(c, RDFS.subClassOf):
            if expr == c:
                yield str(c)
    for p in v.own_of(v.properties):
        if p in v.supers.get(p, set()):
            yield str(p)


def _reachable(g: Graph, start: BNode) -> set[Node]:
    seen: set[Node] = set()
    todo: list[Node] = [start]
    while todo:
        node = todo.pop()
        for _, o in g.predicate_objects(node):
            if o not in seen:
                seen.add(o)
                if isinstance(o, BNode):
                    todo.append(o)
    return seen


def p25_self_inverse(v: Vocab) -> Iterator[str]:
    for p in v.own_of(v.properties):
        if (p, OWL.inverseOf, p) in v.g:
            yield str(p)


def p26_inverse_of_symmetric(v: Vocab) -> Iterator[str]:
    for p in v.own_of(v.symmetric):
        if v.inverse.get(p):
            yield str(p)


def p27_wrong_equivalent_properties(v: Vocab) -> Iterator[str]:
    for a, b in v.g.subject_objects(OWL.equivalentProperty):
        if not (v.own(a) or v.own(b)) or not isinstance(a, URIRef) or not isinstance(b, URIRef):
            continue
        for table in (v.domains, v.ranges):
            if table.get(a) and table.get(b) and table[a] != table[b]:
                yield f"{a} ≡ {b}"
                break


def _same_domain_range(v: Vocab, props: Iterable[Node]) -> Iterator[str]:
    for p in sorted(x for x in props if isinstance(x, URIRef) and v.own(x)):
        d, r = v.domains.get(p), v.ranges.get(p)
        if d and r and d != r:
            yield str(p)


def p28_wrong_symmetric(v: Vocab) -> Iterator[str]:
    yield from _same_domain_range(v, v.symmetric)


def p29_wrong_transitive(v: Vocab) -> Iterator[str]:
    yield from _same_domain_range(v, v.g.subjects(RDF.type, OWL.TransitiveProperty))


def p31_wrong_equivalent_classes(v: Vocab) -> Iterator[str]:
    """Classes declared equivalent that are also declared disjoint."""
    disjoint = {frozenset(pair) for pair in v.g.subject_objects(OWL.disjointWith)}
    for a, b in v.g.subject_objects(OWL.equivalentClass):
        if (v.own(a) or v.own(b)) and frozenset((a, b)) in disjoint:
            yield f"{a} ≡ {b}"


def p32_same_label(v: Vocab) -> Iterator[str]:
    seen: dict[tuple[str, str | None], set[URIRef]] = defaultdict(set)
    for c in v.own_of(v.classes):
        for lab in v.g.objects(c, RDFS.label):
            if isinstance(lab, Literal):
                seen[(str(lab).strip().lower(), lab.language)].add(c)
    for (text, lang), classes in sorted(seen.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if len(classes) > 1:
            yield f"{', '.join(sorted(map(str, classes)))} share the label {text!r}@{lang}"


def p33_single_property_chain(v: Vocab) -> Iterator[str]:
    for p, chain in v.g.subject_objects(OWL.propertyChainAxiom):
        if v.own(p) and len(list(v.g.items(chain))) == 1:
            yield str(p)


def _usage(v: Vocab) -> tuple[set[str], set[str]]:
    """Own IRIs used as classes and as properties, in the vocabulary or the data."""
    g = v.g
    as_class = {str(o) for o in g.objects(None, RDF.type)} | set(v.usage.classes)
    for p in (RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith):
        for s, o in g.subject_objects(p):
            as_class |= {str(s), str(o)}
    for p in (RDFS.domain, RDFS.range):
        as_class |= {str(o) for o in g.objects(None, p)}
    as_property = {str(p) for p in g.predicates()} | set(v.usage.predicates)
    for p in (RDFS.subPropertyOf, OWL.inverseOf, OWL.equivalentProperty):
        for s, o in g.subject_objects(p):
            as_property |= {str(s), str(o)}
    for p in (RDFS.domain, RDFS.range):
        as_property |= {str(s) for s in g.subjects(p, None)}
    own = {str(t) for t in v.g.all_nodes() if v.own(t)}
    return {c for c in as_class if c.startswith(OWN_NS)}, {
        p for p in as_property if p.startswith(OWN_NS) or p in own
    }


def p34_untyped_class(v: Vocab) -> Iterator[str]:
    used, _ = _usage(v)
    declared = {str(c) for c in v.classes}
    yield from sorted(used - declared)


def p35_untyped_property(v: Vocab) -> Iterator[str]:
    _, used = _usage(v)
    declared = {str(p) for p in v.properties}
    yield from sorted(u for u in used - declared if u.startswith(OWN_NS))


def p36_file_extension(v: Vocab) -> Iterator[str]:
    node = ontology_node(v.g)
    if node is not None and str(node).lower().endswith(FILE_EXTENSIONS):
        yield str(node)


def p38_no_ontology(v: Vocab) -> Iterator[str]:
    if not any(True for _ in v.g.subjects(RDF.type, OWL.Ontology)):
        yield "(vocabulary)"


def p39_ambiguous_namespace(v: Vocab) -> Iterator[str]:
    """No ontology IRI, or own terms outside the namespace the ontology IRI announces."""
    nodes = list(v.g.subjects(RDF.type, OWL.Ontology))
    if not nodes or all(isinstance(n, BNode) for n in nodes):
        yield "(no ontology IRI)"
        return
    node = ontology_node(v.g)
    if node is not None and not OWN_NS.startswith(str(node)):
        yield f"{node} (namespace {OWN_NS} does not derive from it)"


def p41_no_license(v: Vocab) -> Iterator[str]:
    node = ontology_node(v.g)
    if node is not None and not any(v.g.value(node, p) for p in (*LICENSE, *RIGHTS)):
        yield str(node)


Detector = Callable[[Vocab], Iterable[str]]

#: code, catalogue name, importance, detector.
PITFALLS: tuple[tuple[str, str, Grade, Detector], ...] = (
    ("P02", "Creating synonyms as classes", MINOR, p02_synonym_classes),
    ("P03", "Creating the relationship 'is'", CRITICAL, p03_is_relationship),
    ("P04", "Creating unconnected ontology elements", MINOR, p04_unconnected),
    ("P05", "Defining wrong inverse relationships", CRITICAL, p05_wrong_inverse),
    ("P06", "Including cycles in a class hierarchy", CRITICAL, p06_cycles),
    ("P07", "Merging different concepts in the same class", MINOR, p07_merged_concepts),
    ("P08", "Missing annotations", MINOR, p08_missing_annotations),
    ("P10", "Missing disjointness", IMPORTANT, p10_missing_disjointness),
    ("P11", "Missing domain or range in properties", IMPORTANT, p11_missing_domain_range),
    ("P12", "Equivalent properties not explicitly declared", IMPORTANT, p12_equivalent_properties),
    ("P13", "Inverse relationships not explicitly declared", MINOR, p13_missing_inverse),
    (
        "P19",
        "Defining multiple domains or ranges in properties",
        CRITICAL,
        p19_multiple_domains_ranges,
    ),
    ("P20", "Misusing ontology annotations", MINOR, p20_misused_annotations),
    ("P21", "Using a miscellaneous class", MINOR, p21_miscellaneous_class),
    ("P22", "Using different naming conventions in the ontology", MINOR, p22_naming),
    ("P24", "Using recursive definitions", IMPORTANT, p24_recursive),
    ("P25", "Defining a relationship as inverse to itself", IMPORTANT, p25_self_inverse),
    (
        "P26",
        "Defining inverse relationships for a symmetric one",
        IMPORTANT,
        p26_inverse_of_symmetric,
    ),
    ("P27", "Defining wrong equivalent properties", CRITICAL, p27_wrong_equivalent_properties),
    ("P28", "Defining wrong symmetric relationships", CRITICAL, p28_wrong_symmetric),
    ("P29", "Defining wrong transitive relationships", CRITICAL, p29_wrong_transitive),
    ("P30", "Equivalent classes not explicitly declared", IMPORTANT, p30_equivalent_classes),
    ("P31", "Defining wrong equivalent classes", CRITICAL, p31_wrong_equivalent_classes),
    ("P32", "Several classes with the same label", MINOR, p32_same_label),
    ("P33", "Creating a property chain with just one property", MINOR, p33_single_property_chain),
    ("P34", "Untyped class", IMPORTANT, p34_untyped_class),
    ("P35", "Untyped property", IMPORTANT, p35_untyped_property),
    ("P36", "URI contains file extension", MINOR, p36_file_extension),
    ("P38", "No OWL ontology declaration", IMPORTANT, p38_no_ontology),
    ("P39", "Ambiguous namespace", CRITICAL, p39_ambiguous_namespace),
    ("P41", "No license declared", IMPORTANT, p41_no_license),
)

#: Pitfalls that need the network (or intent no file shows): listed as not checked.
NETWORK_PITFALLS = (
    ("P37", "Ontology not available on the Web"),
    ("P40", "Namespace hijacking"),
)


def pitfall_findings(vocabulary: Graph, data: DataUsage | None = None) -> list[Finding]:
    """Every offline pitfall, passed or with the own terms it hits."""
    v = Vocab(vocabulary, data)
    out = [
        check(FAMILY, code, name, grade, detect(v), "no own term hit", "{n} own term(s) hit")
        for code, name, grade, detect in PITFALLS
    ]
    out += [
        not_checked(FAMILY, code, name, "needs the network; albakg never fetches anything")
        for code, name in NETWORK_PITFALLS
    ]
    return out


def _local(term: Node) -> str:
    text = str(term)
    for sep in ("#", "/"):
        if sep in text:
            text = text.rsplit(sep, 1)[-1]
    return text
