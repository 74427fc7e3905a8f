"""``albakg qc``: one quality report over the vocabulary, the shapes and the built dataset.

The checks live in one module per family (``fair``, ``pitfalls``, ``rules``,
``project_rules``, ``reasoner``, ``agree``, ``canon``); this module loads the built files
once, runs every family, and writes what they found: a table on stdout, ``qc.md`` for
people, ``qc.jsonld`` (EARL assertions) for programs, and ``manifest.json`` with the
canonical hashes. The command itself is :mod:`albakg.cli.qc`.

Each finding is graded ERROR, WARN or INFO; ``--fail-on`` decides which grade fails the run.
A check whose tool is missing is NOT RUN (WARN), never passed; ``--require-all`` makes it
an ERROR, which is how CI proves that every check ran.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, StrictUndefined
from rdflib import Graph

from albakg import __version__
from albakg.curation.keys import slugify
from albakg.export.canonical import is_vocabulary_graph, read_quads
from albakg.export.serialize import DATASET_TRIG, ONTOLOGY_TTL, SHAPES_TTL
from albakg.qc.agree import parser_findings, shacl_findings
from albakg.qc.base import Finding, Grade, Status, curies, failed, require_all
from albakg.qc.canon import MANIFEST, Identity, compute_identity, write_manifest
from albakg.qc.fair import fair_findings
from albakg.qc.pitfalls import DataUsage, pitfall_findings
from albakg.qc.profile import profile_findings
from albakg.qc.project_rules import sparql_rules
from albakg.qc.reasoner import reasoner_findings
from albakg.qc.rules import built_in_rule, data_rules, literal_rule, vocabulary_rules

REPORT_MD = "qc.md"
REPORT_JSONLD = "qc.jsonld"
QC_NS = "https://w3id.org/albakg/qc#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

#: Families in report order, with their headings.
FAMILIES = {
    "FAIR": "FAIR ontology checks (FOOPS! tests answerable from the files)",
    "OOPS": "Ontology pitfalls (OOPS! catalogue, offline detectors)",
    "ROBOT": "Report rules (in the manner of ROBOT report)",
    "RULE": "Project rules (qc/rules/*.rq)",
    "REASONER": "Reasoner (HermiT, OWL 2 DL)",
    "AGREE": "Independent implementations agree",
    "CANON": "Canonical identity (RDFC-1.0)",
}


class FailOn(StrEnum):
    """The lowest grade that makes ``albakg qc`` exit 1."""

    ERROR = "ERROR"
    WARN = "WARN"
    INFO = "INFO"
    NEVER = "NEVER"

    @property
    def threshold(self) -> Grade | None:
        return None if self is FailOn.NEVER else Grade[self.value]


class QCInputError(RuntimeError):
    """The data folder does not hold a built dataset."""


@dataclass(frozen=True)
class QCReport:
    data: Path
    findings: tuple[Finding, ...]
    identity: Identity | None

    def counts(self) -> dict[str, int]:
        c = Counter(f.label for f in self.findings)
        return {k: c.get(k, 0) for k in ("ERROR", "WARN", "INFO", "ok")}

    def failing(self, fail_on: FailOn) -> list[Finding]:
        threshold = fail_on.threshold
        if threshold is None:
            return []
        return [f for f in self.findings if f.grade is not None and f.grade >= threshold]

    def by_family(self) -> list[tuple[str, str, list[Finding]]]:
        return [
            (key, title, [f for f in self.findings if f.family == key])
            for key, title in FAMILIES.items()
            if any(f.family == key for f in self.findings)
        ]


# ---------------------------------------------------------------------------- running


def _load_graph(path: Path, findings: list[Finding], what: str) -> Graph | None:
    g = Graph(bind_namespaces="none")
    try:
        g.parse(path, format="turtle")
    except FileNotFoundError:
        findings.append(failed("FAIR", "input", f"{what} present", Grade.ERROR, f"{path} missing"))
        return None
    except Exception as exc:
        findings.append(
            failed("FAIR", "input", f"{what} parses", Grade.ERROR, f"{path.name}: {exc}")
        )
        return None
    return g


def data_usage(quads: Sequence[ox.Quad]) -> DataUsage:
    """Classes and predicates the non-vocabulary graphs use (for untyped-term pitfalls)."""
    classes, predicates = set(), set()
    for q in quads:
        if is_vocabulary_graph(q.graph_name):
            continue
        predicates.add(q.predicate.value)
        if q.predicate.value == RDF_TYPE and isinstance(q.object, ox.NamedNode):
            classes.add(q.object.value)
    return DataUsage(frozenset(classes), frozenset(predicates))


def run_qc(data: Path, require_all_tools: bool = False) -> QCReport:
    """Run every check family over the dataset built in ``data``."""
    trig = data / DATASET_TRIG
    if not trig.exists():
        raise QCInputError(f"no built dataset in {data}/ — run `albakg build` first")
    findings: list[Finding] = []
    vocabulary = _load_graph(data / ONTOLOGY_TTL, findings, "Vocabulary (ontology.ttl)")
    shapes = _load_graph(data / SHAPES_TTL, findings, "Shapes (shapes.ttl)")
    try:
        quads = read_quads(trig)
    except (SyntaxError, ValueError) as exc:
        raise QCInputError(f"{trig} does not parse: {exc}") from exc
    store = ox.Store()
    store.extend(quads)

    with ThreadPoolExecutor(max_workers=1) as background:
        # HermiT spends its time in Java: let it run while the Python checks do.
        reasoning = background.submit(reasoner_findings, quads)
        if vocabulary is not None:
            findings += fair_findings(vocabulary)
            findings += pitfall_findings(vocabulary, data_usage(quads))
            findings += vocabulary_rules(vocabulary)
            findings.append(built_in_rule("vocabulary", (str(s) for s in vocabulary.subjects())))
        findings += data_rules(store)
        data_subjects = (q.subject for q in quads if not is_vocabulary_graph(q.graph_name))
        findings.append(
            built_in_rule("data", (s.value for s in data_subjects if isinstance(s, ox.NamedNode)))
        )
        findings.append(literal_rule(quads))
        findings += sparql_rules(store)
        findings += parser_findings(data)
        if shapes is not None:
            findings += shacl_findings(quads, shapes)
        identity, canon = compute_identity(data)
        findings += canon
        findings += reasoning.result()
        findings += profile_findings(data)

    if require_all_tools:
        findings = require_all(findings)
    order = list(FAMILIES)
    ordered = sorted(
        findings, key=lambda f: order.index(f.family) if f.family in order else len(order)
    )
    return QCReport(data, tuple(ordered), identity)


# ---------------------------------------------------------------------------- output


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(report: QCReport, fail_on: FailOn, terms: int = 3) -> str:
    """The findings as a plain-text table, failing checks followed by their first hits."""
    rows = [("GRADE", "FAMILY", "CODE", "CHECK", "RESULT")]
    notes: dict[int, list[str]] = {}
    for f in report.findings:
        rows.append((f.label, f.family, _clip(f.code, 38), _clip(f.title, 52), curies(f.message)))
        if f.terms and f.status is not Status.PASSED:
            shown = [f"      · {_clip(curies(t), 150)}" for t in f.terms[:terms]]
            if len(f.terms) > terms:
                shown.append(f"      · … and {len(f.terms) - terms} more in {REPORT_MD}")
            notes[len(rows) - 1] = shown
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = []
    for i, row in enumerate(rows):
        cells = [row[j].ljust(widths[j]) for j in range(4)]
        lines.append("  ".join([*cells, _clip(row[4], 90)]).rstrip())
        lines += notes.get(i, [])
    counts = report.counts()
    summary = ", ".join(f"{counts[k]} {k}" for k in ("ERROR", "WARN", "INFO", "ok"))
    failing = report.failing(fail_on)
    verdict = (
        f"{len(failing)} finding(s) at or above {fail_on.value}: exit 1"
        if failing
        else f"nothing at or above {fail_on.value}: exit 0"
    )
    lines += ["", f"QC: {summary} — {verdict}"]
    if report.identity is not None:
        ident = report.identity
        lines += [
            f"Data files (data + provenance graphs) RDFC-1.0 SHA-256 {ident.data_graph} "
            f"({ident.data_triples} triples)",
            f"Dataset (all named graphs) RDFC-1.0 SHA-256 {ident.dataset} "
            f"({ident.dataset_quads} quads)",
        ]
    return "\n".join(lines)


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("albakg", "templates"),
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cell"] = lambda text: curies(str(text)).replace("|", "\\|").replace("\n", " ")
    env.filters["curies"] = lambda text: curies(str(text))
    return env


def render_markdown(report: QCReport, fail_on: FailOn) -> str:
    template = _environment().get_template("qc.md.j2")
    return template.render(
        report=report,
        version=__version__,
        counts=report.counts(),
        families=report.by_family(),
        failing=len(report.failing(fail_on)),
        fail_on=fail_on.value,
        identity=report.identity,
        manifest=MANIFEST,
    )


def check_iri(f: Finding) -> str:
    return f"{QC_NS}{f.family}-{slugify(f.code)}"


_OUTCOME = {
    Status.PASSED: "earl:passed",
    Status.FAILED: "earl:failed",
    Status.NOT_RUN: "earl:untested",
    Status.NOT_CHECKED: "earl:untested",
}


#: JSON-LD context of ``qc.jsonld``: EARL for the assertions, a qc namespace for the rest.
EARL_CONTEXT: dict[str, Any] = {
    "earl": "http://www.w3.org/ns/earl#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "qc": QC_NS,
    "assertions": {"@id": "qc:assertion", "@container": "@set"},
    "test": {"@id": "earl:test", "@type": "@id"},
    "result": {"@id": "earl:result"},
    "outcome": {"@id": "earl:outcome", "@type": "@id"},
    "title": {"@id": "dcterms:title"},
    "description": {"@id": "dcterms:description"},
    "identifier": {"@id": "dcterms:identifier"},
    "family": {"@id": "qc:family"},
    "grade": {"@id": "qc:grade"},
    "status": {"@id": "qc:status"},
    "hits": {"@id": "qc:hit", "@container": "@set"},
    "dataGraphSha256": {"@id": "qc:dataGraphSha256"},
    "datasetSha256": {"@id": "qc:datasetSha256"},
    "errors": {"@id": "qc:errors", "@type": "xsd:integer"},
    "warnings": {"@id": "qc:warnings", "@type": "xsd:integer"},
    "infos": {"@id": "qc:infos", "@type": "xsd:integer"},
    "passes": {"@id": "qc:passes", "@type": "xsd:integer"},
    "version": {"@id": "qc:albakgVersion"},
}


def report_jsonld(report: QCReport) -> dict[str, Any]:
    """The findings as EARL assertions about the dataset, self-contained JSON-LD."""
    counts = report.counts()
    body: dict[str, Any] = {
        "@context": EARL_CONTEXT,
        "@type": "qc:Report",
        "version": __version__,
        "errors": counts["ERROR"],
        "warnings": counts["WARN"],
        "infos": counts["INFO"],
        "passes": counts["ok"],
    }
    if report.identity is not None:
        body["dataGraphSha256"] = report.identity.data_graph
        body["datasetSha256"] = report.identity.dataset
    body["assertions"] = [
        {
            "@type": "earl:Assertion",
            "test": {
                "@id": check_iri(f),
                "@type": "earl:TestCase",
                "identifier": f.code,
                "family": f.family,
                "title": f.title,
            },
            "result": {
                "@type": "earl:TestResult",
                "outcome": _OUTCOME[f.status],
                "status": f.status.value,
                "grade": f.label,
                "description": f.message,
                "hits": list(f.terms),
            },
        }
        for f in report.findings
    ]
    return body


def write_reports(report: QCReport, folder: Path, fail_on: FailOn) -> list[Path]:
    """Write qc.md and qc.jsonld into ``folder`` and manifest.json beside the data."""
    folder.mkdir(parents=True, exist_ok=True)
    md = folder / REPORT_MD
    md.write_text(render_markdown(report, fail_on), encoding="utf-8")
    jsonld = folder / REPORT_JSONLD
    text = json.dumps(report_jsonld(report), indent=2, ensure_ascii=False) + "\n"
    jsonld.write_text(text, encoding="utf-8")
    written = [md, jsonld]
    if report.identity is not None:
        written.append(write_manifest(report.data, report.identity))
    return written
