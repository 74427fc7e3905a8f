"""Report rules in the manner of ROBOT's ``report``: labels, definitions, literals.

The label and definition rules keep ROBOT's names and default severities so that a reader
who knows ROBOT knows what each means. They judge the project's own vocabulary terms and
the data's described resources; reused terms are out of scope. The project's own SPARQL
rules (``qc/rules/*.rq``) are :mod:`albakg.qc.project_rules`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from albakg.qc.base import OWN_NS, Finding, Grade, check, select_rows, term_text
from albakg.qc.fair import own_terms

FAMILY = "ROBOT"
LANGUAGES = ("es", "en")
BUILT_IN = (str(RDF), str(RDFS), str(OWL), str(XSD))

#: A label as found: the resource it labels, its text and its language tag.
Label = tuple[str, str, str | None]

#: Data resources curators describe (the shapes' entity kinds): they may carry definitions.
DESCRIBED_KINDS = (
    "Actor",
    "Norm",
    "AnalyticalConcept",
    "NormativeInstrument",
    "Place",
    "Event",
    "DiscoursePhase",
)
#: Data resources whose duplicate labels are suspicious.
ENTITY_KINDS = (*DESCRIBED_KINDS, "CitedWork", "SourceDocument")
#: Data resources that must carry labels.
LABELLED_KINDS = (*ENTITY_KINDS, "Statement", "Claim", "Section", "TextRendition")


# ------------------------------------------------------------------- label rules


def _missing_in(labels: Iterable[Label], subjects: Iterable[str]) -> list[str]:
    have: dict[str, set[str | None]] = defaultdict(set)
    for s, _, lang in labels:
        have[s].add(lang)
    return [f"{s} ({lang})" for s in subjects for lang in LANGUAGES if lang not in have[s]]


def _multiple(labels: Iterable[Label]) -> list[str]:
    count: dict[tuple[str, str | None], int] = defaultdict(int)
    for s, _, lang in labels:
        count[(s, lang)] += 1
    return [f"{s} ({lang})" for (s, lang), n in count.items() if n > 1]


def _duplicates(labels: Iterable[Label]) -> list[str]:
    owners: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    for s, text, lang in labels:
        owners[(text.strip(), lang)].add(s)
    return [
        f"{text!r}@{lang}: {', '.join(sorted(who))}"
        for (text, lang), who in owners.items()
        if len(who) > 1
    ]


def _whitespace(labels: Iterable[Label]) -> list[str]:
    bad = re.compile(r"^\s|\s$|\s{2,}|[\r\n\t]")
    return [f"{s} {text!r}" for s, text, _ in labels if bad.search(text)]


def label_rules(
    scope: str, labels: list[Label], required: Iterable[str], grade: Grade
) -> list[Finding]:
    """ROBOT's label rules over one scope (vocabulary or data)."""
    return [
        check(
            FAMILY,
            f"missing_label ({scope})",
            f"Missing label in es or en ({scope})",
            Grade.ERROR,
            _missing_in(labels, required),
            "every term has an es and an en label",
            "{n} term(s) lack an es or en label",
        ),
        check(
            FAMILY,
            f"multiple_labels ({scope})",
            f"Several labels in one language ({scope})",
            Grade.ERROR,
            _multiple(labels),
            "at most one label per language",
            "{n} term(s) have several labels in one language",
        ),
        check(
            FAMILY,
            f"duplicate_label ({scope})",
            f"Two terms with the same label ({scope})",
            grade,
            _duplicates(labels),
            "no two terms share a label",
            "{n} label(s) shared by several terms",
        ),
        check(
            FAMILY,
            f"label_whitespace ({scope})",
            f"Whitespace at either end of a label, or doubled ({scope})",
            Grade.ERROR,
            _whitespace(labels),
            "no stray whitespace in labels",
            "{n} label(s) with stray whitespace",
        ),
    ]


def _literals(g: Graph, subjects: Iterable[URIRef], prop: URIRef) -> list[Label]:
    return [
        (str(s), str(o), o.language)
        for s in subjects
        for o in g.objects(s, prop)
        if isinstance(o, Literal)
    ]


def vocabulary_rules(vocabulary: Graph) -> list[Finding]:
    """Label, definition and built-in-vocabulary rules over the vocabulary's own terms."""
    terms = own_terms(vocabulary)
    names = [str(t) for t in terms]
    labels = _literals(vocabulary, terms, RDFS.label)
    definitions = _literals(vocabulary, terms, SKOS.definition)
    out = label_rules("vocabulary", labels, names, Grade.ERROR)
    out += [
        check(
            FAMILY,
            "missing_definition (vocabulary)",
            "Missing definition in es or en (vocabulary)",
            Grade.WARN,
            _missing_in(definitions, names),
            "every term has an es and an en definition",
            "{n} term(s) lack an es or en definition",
        ),
        check(
            FAMILY,
            "multiple_definitions (vocabulary)",
            "Several definitions in one language (vocabulary)",
            Grade.ERROR,
            _multiple(definitions),
            "at most one definition per language",
            "{n} term(s) have several definitions in one language",
        ),
        check(
            FAMILY,
            "duplicate_definition (vocabulary)",
            "Two terms with the same definition (vocabulary)",
            Grade.ERROR,
            _duplicates(definitions),
            "no two terms share a definition",
            "{n} definition(s) shared by several terms",
        ),
        check(
            FAMILY,
            "annotation_whitespace (vocabulary)",
            "Stray whitespace in a definition (vocabulary)",
            Grade.WARN,
            _whitespace(definitions),
            "no stray whitespace in definitions",
            "{n} definition(s) with stray whitespace",
        ),
    ]
    return out


def built_in_rule(scope: str, subjects: Iterable[str]) -> Finding:
    """Statements about rdf:, rdfs:, owl: or xsd: terms redefine what is not ours."""
    return check(
        FAMILY,
        f"illegal_use_of_built_in_vocabulary ({scope})",
        f"Built-in vocabulary redefined ({scope})",
        Grade.ERROR,
        [s for s in subjects if s.startswith(BUILT_IN)],
        "no statement about an rdf:, rdfs:, owl: or xsd: term",
        "{n} built-in term(s) described or redeclared",
    )


# --------------------------------------------------------------- data-level rules

_VOCAB_GRAPH = "FILTER (!STRENDS(STR(?g), '/graph/vocabulary'))"


def _kinds_values() -> str:
    return " ".join(f"albakg:{k}" for k in LABELLED_KINDS)


def data_labels(
    store: ox.Store,
) -> tuple[list[Label], list[str], list[Label], list[str], list[str]]:
    """Labels of data resources, and which resources are labelled, entities or described.

    Returns every label, the resources that need one, the entities' labels, the entities,
    and the entities curators describe (which may carry definitions).
    """
    prefix = (
        f"PREFIX albakg: <{OWN_NS}>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    )
    kinds = f"""
        SELECT DISTINCT ?s ?kind WHERE {{
          VALUES ?kind {{ {_kinds_values()} }}
          GRAPH ?g {{ ?s a ?type }} {_VOCAB_GRAPH}
          ?type rdfs:subClassOf* ?kind .
        }}"""
    resources: dict[str, set[str]] = defaultdict(set)
    for row in select_rows(store, prefix + kinds):
        resources[term_text(row["s"])].add(term_text(row["kind"]).removeprefix(OWN_NS))
    labels = []
    for row in select_rows(
        store,
        prefix + f"SELECT ?s ?l WHERE {{ GRAPH ?g {{ ?s rdfs:label ?l }} {_VOCAB_GRAPH} }}",
    ):
        lit = row["l"]
        if isinstance(lit, ox.Literal):
            labels.append((term_text(row["s"]), lit.value, lit.language))
    entities = sorted(s for s, k in resources.items() if k & set(ENTITY_KINDS))
    entity_set = set(entities)
    entity_labels = [lab for lab in labels if lab[0] in entity_set]
    described = sorted(s for s, k in resources.items() if k & set(DESCRIBED_KINDS))
    return labels, sorted(resources), entity_labels, entities, described


def data_definitions(store: ox.Store, entities: list[str]) -> list[Label]:
    query = (
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        f"SELECT ?s ?d WHERE {{ GRAPH ?g {{ ?s skos:definition ?d }} {_VOCAB_GRAPH} }}"
    )
    wanted = set(entities)
    out = []
    for row in select_rows(store, query):
        lit = row["d"]
        if isinstance(lit, ox.Literal) and term_text(row["s"]) in wanted:
            out.append((term_text(row["s"]), lit.value, lit.language))
    return out


def data_rules(store: ox.Store) -> list[Finding]:
    labels, labelled, entity_labels, entities, described = data_labels(store)
    out = label_rules("data", labels, labelled, Grade.ERROR)
    # Duplicate labels among all data resources include statements generated from the
    # same subject, predicate and object (legitimately stated twice with other dates or
    # evidence); ROBOT's rule is kept for entities, the rest is reported for reading.
    out = [f for f in out if not f.code.startswith("duplicate_label")]
    out.append(
        check(
            FAMILY,
            "duplicate_label (data entities)",
            "Two entities with the same label (data)",
            Grade.ERROR,
            _duplicates(entity_labels),
            "no two entities share a label",
            "{n} label(s) shared by several entities",
        )
    )
    others = [lab for lab in labels if lab[0] not in set(entities)]
    out.append(
        check(
            FAMILY,
            "duplicate_label (data statements and claims)",
            "Statements or claims with the same label (data)",
            Grade.INFO,
            _duplicates(others),
            "no two statements or claims share a label",
            "{n} label(s) shared by several statements or claims (same relation stated "
            "more than once, e.g. with other dates)",
        )
    )
    definitions = data_definitions(store, described)
    out.append(
        check(
            FAMILY,
            "missing_definition (data entities)",
            "Entity without a definition in es or en (data)",
            Grade.INFO,
            _missing_in(definitions, described),
            "every entity has an es and an en description",
            "{n} entity description(s) missing (descriptions are optional for curators)",
        )
    )
    return out


# ---------------------------------------------------------------- ill-typed literals

_YEAR = r"-?(?:[1-9][0-9]{4,}|[0-9]{4})"
_ZONE = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_LEXICAL = {
    str(XSD.gYear): re.compile(rf"^{_YEAR}{_ZONE}$"),
    str(XSD.gYearMonth): re.compile(rf"^{_YEAR}-(0[1-9]|1[0-2]){_ZONE}$"),
    str(XSD.date): re.compile(rf"^({_YEAR})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]){_ZONE}$"),
    str(XSD.integer): re.compile(r"^[+-]?[0-9]+$"),
    str(XSD.nonNegativeInteger): re.compile(r"^(\+?[0-9]+|-0+)$"),
    str(XSD.positiveInteger): re.compile(r"^\+?0*[1-9][0-9]*$"),
    str(XSD.boolean): re.compile(r"^(true|false|1|0)$"),
    str(XSD.hexBinary): re.compile(r"^([0-9a-fA-F]{2})*$"),
    str(XSD.language): re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$"),
}


def ill_typed(lexical: str, datatype: str) -> bool:
    """True when ``lexical`` is not a valid form of ``datatype`` (for the types used here)."""
    pattern = _LEXICAL.get(datatype)
    if pattern is None:
        return False
    m = pattern.match(lexical)
    if m is None:
        return True
    if datatype == str(XSD.date):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        try:
            date(year if 1 <= year <= 9999 else 2000, month, day)
        except ValueError:
            return True
    return False


def literal_rule(quads: Iterable[ox.Quad]) -> Finding:
    """Literals whose lexical form is not valid for their datatype (pySHACL lets some by)."""

    def hits() -> Iterator[str]:
        for q in quads:
            o = q.object
            if isinstance(o, ox.Literal) and ill_typed(o.value, o.datatype.value):
                yield f"{term_text(q.subject)} {term_text(q.predicate)} {o}"

    return check(
        FAMILY,
        "ill_typed_literal",
        "Literal not valid for its datatype",
        Grade.ERROR,
        hits(),
        "every typed literal is valid for its datatype",
        "{n} ill-typed literal(s)",
    )
