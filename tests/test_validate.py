"""SHACL: the built graphs conform, and each shape rejects a record broken on purpose."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS, TIME, XSD

from albakg.build.pipeline import BuildResult
from albakg.rdf.iris import ALBAKG
from albakg.rdf.vocab import BIRO, C4O, FABIO, ITSRDF, NIF, SPDX
from albakg.validate.shacl import (
    NothingToValidateError,
    ParseError,
    load_shapes,
    parse_any,
    prepare_files,
    validate_graph,
)

BASE = "https://w3id.org/albakg/"
DOC = URIRef(BASE + "doc/mini")
TEXT = URIRef(BASE + "doc/mini.txt")
BAP = URIRef(BASE + "id/bap")
GOMEZ = URIRef(BASE + "id/gomez")
CHAVEZ = URIRef(BASE + "id/hugo-chavez")
MEMBERSHIP = URIRef(BASE + "statement/mini/venezuela-member-of-bap")
OFFICE = URIRef(BASE + "statement/mini/chavez-head-of-venezuela")
CONTRADICTION = URIRef(BASE + "claim/mini/discourse-practice-gap")
THESIS = URIRef(BASE + "claim/mini/bap-is-soft-balancing")
WORK = URIRef(BASE + "work/gomez-2010")


@pytest.fixture(scope="module")
def mini_graph(mini_build: BuildResult) -> Graph:
    return parse_any(mini_build.out / "albakg.trig")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def some_evidence(g: Graph) -> URIRef:
    return sorted(s for s in g.subjects(RDF.type, ALBAKG.Evidence) if isinstance(s, URIRef))[0]


def drop(g: Graph, s: object, p: object, o: object = None) -> None:
    for triple in list(g.triples((s, p, o))):  # type: ignore[arg-type]
        g.remove(triple)


def set_one(g: Graph, s: URIRef, p: URIRef, o: object) -> None:
    drop(g, s, p)
    g.add((s, p, o))  # type: ignore[arg-type]


def _label_es(g: Graph) -> None:
    drop(g, BAP, RDFS.label, Literal("Bloque Andino de Prueba", lang="es"))


def _second_citation_name(g: Graph) -> None:
    g.add((GOMEZ, ALBAKG.citationName, Literal("Gomes")))


def _no_year(g: Graph) -> None:
    drop(g, WORK, FABIO.hasPublicationYear)


def _no_creator(g: Graph) -> None:
    drop(g, DOC, DCTERMS.creator)


def _bad_checksum(g: Graph) -> None:
    set_one(
        g, URIRef(str(TEXT) + "#sha256"), SPDX.checksumValue, Literal("xyz", datatype=XSD.hexBinary)
    )


def _wrong_length(g: Graph) -> None:
    set_one(g, TEXT, ALBAKG.characterCount, Literal(5, datatype=XSD.nonNegativeInteger))


def _no_quote(g: Graph) -> None:
    drop(g, some_evidence(g), NIF.anchorOf)


def _changed_quote(g: Graph) -> None:
    set_one(g, some_evidence(g), NIF.anchorOf, Literal("not what the text says"))


def _shifted_offsets(g: Graph) -> None:
    ev = some_evidence(g)
    begin = int(str(g.value(ev, NIF.beginIndex)))
    set_one(g, ev, NIF.beginIndex, Literal(begin + 1, datatype=XSD.nonNegativeInteger))


def _no_inferred_flag(g: Graph) -> None:
    drop(g, MEMBERSHIP, ALBAKG.inferred)


def _no_object(g: Graph) -> None:
    drop(g, OFFICE, ALBAKG.statementObject)


def _person_member(g: Graph) -> None:
    set_one(g, MEMBERSHIP, ORG.member, CHAVEZ)


def _empty_interval(g: Graph) -> None:
    drop(g, URIRef(str(MEMBERSHIP) + "/during"), TIME.hasBeginning)


def _two_dates(g: Graph) -> None:
    g.add(
        (
            URIRef(str(MEMBERSHIP) + "/start"),
            TIME.inXSDgYearMonth,
            Literal("2004-05", datatype=XSD.gYearMonth),
        )
    )


def _no_stance(g: Graph) -> None:
    drop(g, THESIS, ALBAKG.authorStance)


def _start_after_end(g: Graph) -> None:
    set_one(g, OFFICE, ALBAKG.startDate, Literal("2014", datatype=XSD.gYear))


def _missing_direct_triple(g: Graph) -> None:
    drop(g, CHAVEZ, ORG.headOf)


def _half_contradiction(g: Graph) -> None:
    drop(g, CONTRADICTION, ALBAKG.practiceSide)


def _own_thesis_by_other(g: Graph) -> None:
    set_one(g, THESIS, ALBAKG.claimant, GOMEZ)


def _segment_without_start(g: Graph) -> None:
    sentence = sorted(str(s) for s in g.subjects(RDF.type, ALBAKG.Sentence))[0]
    drop(g, URIRef(sentence), NIF.beginIndex)


def _section_without_label(g: Graph) -> None:
    section = sorted(str(s) for s in g.subjects(RDF.type, ALBAKG.Section))[0]
    drop(g, URIRef(section), RDFS.label, None)


def _term_without_definition(g: Graph) -> None:
    drop(g, ALBAKG.Claim, SKOS.definition)


def _bad_sameas(g: Graph) -> None:
    from rdflib.namespace import OWL

    g.add((BAP, OWL.sameAs, URIRef("http://example.org/bap")))


def _bad_year(g: Graph) -> None:
    set_one(
        g, URIRef(BASE + "id/fundacion-del-bap"), ALBAKG.date, Literal("2004", datatype=XSD.string)
    )


def first_of(g: Graph, cls: URIRef) -> URIRef:
    return sorted(s for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef))[0]


def _pointer_without_reference(g: Graph) -> None:
    drop(g, first_of(g, ALBAKG.InTextCitation), C4O.denotes)


def _reference_without_work(g: Graph) -> None:
    drop(g, first_of(g, BIRO.BibliographicReference), BIRO.references)


def _mention_without_entity(g: Graph) -> None:
    drop(g, first_of(g, ALBAKG.Mention), ITSRDF.taIdentRef)


def _two_uncovered_counts(g: Graph) -> None:
    section = URIRef(BASE + "doc/mini/sec-01")
    g.add((section, ALBAKG.uncoveredNameCount, Literal(99, datatype=XSD.nonNegativeInteger)))


def _pointer_offsets_drift(g: Graph) -> None:
    pointer = first_of(g, ALBAKG.InTextCitation)
    end = g.value(pointer, NIF.endIndex)
    set_one(g, pointer, NIF.endIndex, Literal(int(str(end)) + 1, datatype=XSD.nonNegativeInteger))


def _mention_text_drifts(g: Graph) -> None:
    set_one(g, first_of(g, ALBAKG.Mention), NIF.anchorOf, Literal("otra cosa"))


def _mention_of_no_entity(g: Graph) -> None:
    set_one(g, first_of(g, ALBAKG.Mention), ITSRDF.taIdentRef, URIRef(BASE + "id/nadie"))


CASES: list[tuple[str, Callable[[Graph], None], str]] = [
    (
        "InTextCitationShape",
        _pointer_without_reference,
        "denotes exactly one bibliographic reference",
    ),
    ("BibliographicReferenceShape", _reference_without_work, "refers to exactly one cited work"),
    ("MentionShape", _mention_without_entity, "identifies exactly one entity"),
    ("SectionCoverageShape", _two_uncovered_counts, "at most one count of uncovered names"),
    ("SpanIntegrityShape/offsets", _pointer_offsets_drift, "do not match those of its IRI"),
    ("SpanIntegrityShape/text", _mention_text_drifts, "is not the text found between its offsets"),
    ("SpanIntegrityShape/entity", _mention_of_no_entity, "is not a curated entity"),
    ("EntityShape", _label_es, "exactly one label (rdfs:label) in Spanish"),
    ("EntityShape/sameAs", _bad_sameas, "verified Wikidata item"),
    ("EntityShape/date", _bad_year, "typed xsd:gYear"),
    ("ActorShape", _second_citation_name, "single citation name"),
    ("CitedWorkShape", _no_year, "exactly one publication year"),
    ("SourceDocumentShape", _no_creator, "author who is a person"),
    ("TextRenditionShape", _bad_checksum, "SHA-256 checksum"),
    ("TextLengthMatches", _wrong_length, "character count does not match"),
    ("EvidenceShape", _no_quote, "exactly one verbatim quote"),
    ("QuoteIntegrityShape/quote", _changed_quote, "is not the text found between its offsets"),
    ("QuoteIntegrityShape/offsets", _shifted_offsets, "do not match its #char=start,end IRI"),
    ("StatementShape", _no_inferred_flag, "says whether it is inferred"),
    ("StatementObjectShape", _no_object, "has an object or a date value"),
    ("MembershipShape", _person_member, "exactly one state"),
    ("IntervalShape", _empty_interval, "a beginning, an end or both"),
    ("InstantShape", _two_dates, "exactly one date"),
    ("ClaimShape", _no_stance, "exactly one author stance"),
    ("DocumentConsistencyShape/dates", _start_after_end, "Start date after end date"),
    ("DocumentConsistencyShape/direct", _missing_direct_triple, "lacks its direct triple"),
    ("DocumentConsistencyShape/contradiction", _half_contradiction, "does not name both"),
    ("DocumentConsistencyShape/thesis", _own_thesis_by_other, "not held by the document's author"),
    ("SegmentShape", _segment_without_start, "exactly one start offset"),
    ("SectionShape", _section_without_label, "in Spanish"),
    ("VocabularyShape", _term_without_definition, "lacks a label and a definition"),
]


def test_mini_graph_conforms(mini_graph: Graph, shapes: Graph) -> None:
    report = validate_graph(mini_graph, shapes)
    assert report.conforms, report.text()


@pytest.mark.parametrize(("name", "mutate", "message"), CASES, ids=[c[0] for c in CASES])
def test_each_shape_rejects_a_broken_record(
    mini_graph: Graph, shapes: Graph, name: str, mutate: Callable[[Graph], None], message: str
) -> None:
    g = Graph()
    for t in mini_graph:
        g.add(t)
    mutate(g)
    report = validate_graph(g, shapes)
    assert not report.conforms, f"{name}: the broken record was accepted"
    assert any(message in f.message for f in report.findings), report.text()


def test_report_is_readable_in_both_languages(mini_graph: Graph, shapes: Graph) -> None:
    g = Graph()
    for t in mini_graph:
        g.add(t)
    _label_es(g)
    en = validate_graph(g, shapes, lang="en")
    es = validate_graph(g, shapes, lang="es")
    assert "id/bap" in en.text() and "rdfs:label" in en.text()
    assert "Debe tener exactamente una etiqueta" in es.text()


def test_every_node_shape_is_covered(shapes: Graph) -> None:
    from albakg.rdf.vocab import SH

    names = {str(s).rsplit("#", 1)[-1] for s in shapes.subjects(RDF.type, SH.NodeShape)}
    covered = {c[0].split("/")[0] for c in CASES}
    assert names <= covered, f"shapes without a broken-record test: {sorted(names - covered)}"


def test_every_property_shape_has_messages_in_es_and_en(shapes: Graph) -> None:
    from albakg.rdf.vocab import SH

    for ps in set(shapes.subjects(SH.path, None)):
        langs = {m.language for m in shapes.objects(ps, SH.message) if isinstance(m, Literal)}
        owner = next(shapes.subjects(SH.property, ps), ps)
        assert {"es", "en"} <= langs, f"property shape of {owner} lacks es/en messages"


def test_real_dataset_conforms(real_build: BuildResult) -> None:
    assert real_build.report.conforms


def test_parse_error_reports_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://e/> .\nex:a ex:b ex:c ;\n ex:d .\n", encoding="utf-8")
    with pytest.raises(ParseError, match=r"bad.ttl: line 3, column \d+"):
        parse_any(bad)
    broken_json = tmp_path / "bad.jsonld"
    broken_json.write_text('{"@id": "x",\n "a": [}', encoding="utf-8")
    with pytest.raises(ParseError, match=r"bad.jsonld: line 2, column \d+"):
        parse_any(broken_json)


def test_validation_leaves_the_shapes_graph_as_the_file_says() -> None:
    shapes = load_shapes()
    before = len(shapes)
    validate_graph(Graph(), shapes)
    assert len(shapes) == before == len(load_shapes())


_DATA_FILES = ["albakg.ttl", "albakg.nt", "albakg.jsonld"]
_WHOLE_FILES = ["albakg.trig", "albakg.nq", "ontology.ttl", "ontology.owl"]


@pytest.mark.parametrize("name", _DATA_FILES + _WHOLE_FILES)
def test_each_output_file_alone_gets_the_right_verdict(
    mini_build: BuildResult, tmp_path: Path, name: str
) -> None:
    """A data file alone brings the vocabulary in (and says so); the others hold it already."""
    from typer.testing import CliRunner

    from albakg.cli.app import app

    # alone in its folder: the vocabulary albakg carries is the one added
    lonely = tmp_path / name
    lonely.write_bytes((mini_build.out / name).read_bytes())
    for path in (mini_build.out / name, lonely):
        result = CliRunner().invoke(app, ["validate", str(path)])
        assert result.exit_code == 0, result.output
        assert "conforms" in result.output
        if name in _DATA_FILES:
            assert "note: the vocabulary was added" in result.output
        else:
            assert "vocabulary was added" not in result.output


def test_without_the_vocabulary_the_shapes_would_report_false_violations(
    mini_build: BuildResult,
) -> None:
    """Why the vocabulary is brought in: the same data file, validated bare, fails."""
    bare = parse_any(mini_build.out / "albakg.ttl")
    assert not validate_graph(bare).conforms
    prepared = prepare_files([mini_build.out / "albakg.ttl"])
    assert validate_graph(prepared.graph).conforms
    assert len(prepared.notes) == 1 and "ontology.ttl" in prepared.notes[0]


def test_a_real_violation_in_a_single_data_file_is_still_found(
    mini_build: BuildResult, tmp_path: Path
) -> None:
    lines = (mini_build.out / "albakg.nt").read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "albakg.nt"
    broken.write_text("\n".join(ln for ln in lines if "authorStance" not in ln) + "\n")
    report = validate_graph(prepare_files([broken]).graph)
    assert not report.conforms
    assert {f.path for f in report.findings} == {"albakg:authorStance"}


@pytest.mark.parametrize(
    ("name", "why"), [("shapes.ttl", "SHACL shapes, not data"), ("context.jsonld", "no RDF")]
)
def test_files_without_data_are_refused_with_the_reason(
    mini_build: BuildResult, name: str, why: str
) -> None:
    from typer.testing import CliRunner

    from albakg.cli.app import app

    result = CliRunner().invoke(app, ["validate", str(mini_build.out / name)])
    assert result.exit_code == 1
    assert why in result.output and name in result.output
    assert "Traceback" not in result.output
    with pytest.raises(NothingToValidateError):
        prepare_files([mini_build.out / name])


# ---------------------------------------------------------------------------- other engines
# Which third-party SHACL engines read shapes.ttl, and whether they give pySHACL's verdict.
# Each gets what the README says a third-party engine needs: the data files plus ontology.ttl
# (or albakg.trig / albakg.nq, which hold all three graphs), and shapes.ttl.


def _broken_copy(mini_build: BuildResult, folder: Path, drop: str) -> Path:
    """The data and the vocabulary in one N-Triples file, without the lines naming ``drop``."""
    folder.mkdir(parents=True, exist_ok=True)
    graph = prepare_files([mini_build.out / "albakg.nt"]).graph
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    path = folder / "data-and-vocabulary.nt"
    kept = [ln for ln in text.splitlines() if not drop or drop not in ln]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


def _pyshacl_verdict(path: Path) -> tuple[bool, int]:
    report = validate_graph(parse_any(path))
    return report.conforms, len(report.findings)


@pytest.mark.parametrize("drop", ["", "authorStance"])
def test_pyrudof_reads_the_published_shapes_and_agrees(
    mini_build: BuildResult, tmp_path: Path, drop: str
) -> None:
    pyrudof = pytest.importorskip(
        "pyrudof", reason="pyrudof is not installed (pip install pyrudof)"
    )
    data = _broken_copy(mini_build, tmp_path, drop)
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    strict = pyrudof.ReaderMode.Strict
    rudof.read_data(str(data), format=pyrudof.RDFFormat.NTriples, reader_mode=strict)
    rudof.read_shacl(str(mini_build.out / "shapes.ttl"), reader_mode=strict)
    report = rudof.validate_shacl()
    conforms, problems = _pyshacl_verdict(data)
    assert report.conforms is conforms is (not drop)
    assert len(report.violations) == problems


def _jena_missing() -> str | None:
    from albakg.qc import jena

    return jena.missing_reason()


@pytest.mark.skipif(_jena_missing() is not None, reason=f"Jena cannot run: {_jena_missing()}")
def test_jena_45_refuses_the_published_shapes_and_agrees_with_one_message_language(
    mini_build: BuildResult, tmp_path: Path
) -> None:
    from albakg.qc import jena
    from albakg.qc.agree import jena_shapes

    published = mini_build.out / "shapes.ttl"
    good = _broken_copy(mini_build, tmp_path / "good", "")
    refused = jena.run("shacl.shacl", ["validate", "--shapes", str(published), "--data", str(good)])
    assert refused.returncode != 0
    assert "More than one match" in refused.stderr and "shacl#message" in refused.stderr

    english = tmp_path / "shapes-en.ttl"
    jena_shapes(load_shapes()).serialize(english, format="turtle")
    for data in (good, _broken_copy(mini_build, tmp_path / "bad", "authorStance")):
        report = Graph().parse(data=jena.shacl_validate(english, data), format="turtle")
        (verdict,) = report.objects(None, SH_CONFORMS)
        jena_conforms = isinstance(verdict, Literal) and verdict.toPython() is True
        results = len(set(report.subjects(RDF.type, SH_RESULT)))
        assert (jena_conforms, results) == _pyshacl_verdict(data)


SH_CONFORMS = URIRef("http://www.w3.org/ns/shacl#conforms")
SH_RESULT = URIRef("http://www.w3.org/ns/shacl#ValidationResult")
