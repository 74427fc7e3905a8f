"""The published files as OWL tools read them: the OWL API's OWL 2 DL profile check and HermiT.

``albakg.qc.reasoner`` reasons over an adapted copy of the dataset; these checks take the
files exactly as they are published, because that is what Protégé, the OWL API and HermiT
users open:

* ``ontology.owl`` and ``ontology.ttl`` must be in the OWL 2 DL profile, as judged by the OWL
  API's own ``OWL2DLProfile`` (``java/ProfileCheck.java``, run with Java's single-file
  launcher against Debian's ``libowlapi-java``);
* HermiT must load and reason over ``ontology.owl`` with its default settings;
* vocabulary plus data must be consistent under HermiT with ``--ignoreUnsupportedDatatypes``:
  the data keeps ``xsd:gYear``, ``xsd:gYearMonth`` and ``xsd:date``, which the OWL 2 datatype
  map lacks. The OWL API does not merge the declarations of separately loaded documents, so
  HermiT is given one N-Triples document holding every triple of ``albakg.nq`` unchanged.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from albakg.qc.base import Finding, Grade, failed, not_run, passed

FAMILY = "REASONER"
JAVA_DIR = Path(os.environ.get("ALBAKG_JAVA_DIR", "/usr/share/java"))
CHECKER = Path(__file__).parent / "java" / "ProfileCheck.java"
#: The OWL API and the libraries it loads (Debian's unversioned jar names), one SLF4J binding.
OWLAPI_JARS = (
    "owlapi-distribution",
    "guava",
    "caffeine",
    "atinject-jsr330-api",
    "commons-io",
    "commons-codec",
    "commons-rdf-api",
    "hppcrt",
    "jackson-core",
    "jackson-databind",
    "jackson-annotations",
    "jsr305",
    "xz",
    "rdf4j-model",
    "rdf4j-model-api",
    "rdf4j-rio-api",
    "rdf4j-util",
    "slf4j-api",
    "slf4j-nop",
)
HERMIT_MAIN = "org.semanticweb.HermiT.cli.CommandLine"
TIMEOUT = 300
PROFILE_FILES = ("ontology.owl", "ontology.ttl")


class ProfileError(RuntimeError):
    """The checker or HermiT could not run to a verdict."""


def owlapi_missing_reason() -> str | None:
    if shutil.which("java") is None:
        return "java is not installed (apt package default-jre-headless)"
    if not (JAVA_DIR / "owlapi-distribution.jar").exists():
        return f"the OWL API is not installed in {JAVA_DIR} (apt package libowlapi-java)"
    return None


def owlapi_classpath() -> str:
    jars = [JAVA_DIR / f"{name}.jar" for name in OWLAPI_JARS]
    return os.pathsep.join(str(j) for j in jars if j.exists())


def hermit_jar() -> Path | None:
    """owlready2's bundled HermiT, found without importing owlready2 (slow to import)."""
    spec = importlib.util.find_spec("owlready2")
    if spec is None or spec.origin is None:
        return None
    jar = Path(spec.origin).parent / "hermit" / "HermiT.jar"
    return jar if jar.exists() else None


def hermit_missing_reason() -> str | None:
    if shutil.which("java") is None:
        return "java is not installed (apt package default-jre-headless)"
    if hermit_jar() is None:
        return "HermiT is not available (pip install owlready2, which bundles it)"
    return None


def _java(args: Sequence[str]) -> subprocess.CompletedProcess[str]:
    cmd = ["java", "-XX:TieredStopAtLevel=1", *args]
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ProfileError(f"java timed out after {TIMEOUT} s") from exc


@dataclass(frozen=True)
class ProfileResult:
    """What the OWL API said of one file: its axiom count and its DL-profile violations."""

    path: Path
    axioms: int
    violations: tuple[str, ...]


def check_profile(paths: Sequence[Path]) -> list[ProfileResult]:
    """Run the OWL API's OWL 2 DL profile checker over each file."""
    done = _java(["-cp", owlapi_classpath(), str(CHECKER), *(str(p) for p in paths)])
    axioms: dict[str, int] = {}
    violations: dict[str, list[str]] = {str(p): [] for p in paths}
    for line in done.stdout.splitlines():
        kind, _, rest = line.partition("\t")
        name, _, text = rest.partition("\t")
        if kind == "FILE":
            axioms[name] = int(text)
        elif kind == "VIOLATION":
            violations.setdefault(name, []).append(text)
        elif kind == "ERROR":
            raise ProfileError(f"the OWL API cannot load {Path(name).name}: {text}")
    if done.returncode not in (0, 1) or set(axioms) != {str(p) for p in paths}:
        detail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise ProfileError(f"the OWL API profile checker failed: {detail}")
    return [ProfileResult(p, axioms[str(p)], tuple(sorted(violations[str(p)]))) for p in paths]


def run_hermit_cli(document: Path, ignore_unsupported_datatypes: bool) -> str | None:
    """HermiT's own command line on ``document``: None if consistent, else why not."""
    jar = hermit_jar()
    if jar is None:
        raise ProfileError("HermiT is not available")
    options = ["--ignoreUnsupportedDatatypes"] if ignore_unsupported_datatypes else []
    cp = os.pathsep.join([str(jar.parent), str(jar)])
    done = _java(["-cp", cp, HERMIT_MAIN, "-k", *options, document.resolve().as_uri()])
    if done.returncode == 0 and "owl#Thing is satisfiable" in done.stdout:
        return None
    lines = [ln.strip() for ln in done.stderr.splitlines() if ln.strip()]
    causes = [ln for ln in lines if "Exception" in ln or "datatype" in ln.lower()]
    return " ".join(causes[:3]) if causes else (lines[0] if lines else "no verdict")


def whole_dataset_ntriples(nquads: Path, target: Path) -> int:
    """Every triple of the published N-Quads (graph names dropped, nothing else changed)."""
    triples = sorted(
        {q.triple for q in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)}, key=str
    )
    with target.open("wb") as handle:
        ox.serialize(triples, handle, format=ox.RdfFormat.N_TRIPLES)
    return len(triples)


def profile_findings(data: Path) -> list[Finding]:
    """OWL 2 DL profile of the published vocabulary, and HermiT on the published files."""
    return [*_profile(data), *_hermit(data)]


def _profile(data: Path) -> list[Finding]:
    title = "Vocabulary in the OWL 2 DL profile (OWL API OWL2DLProfile)"
    reason = owlapi_missing_reason()
    if reason:
        return [not_run(FAMILY, "owl2-dl-profile", title, reason)]
    paths = [data / name for name in PROFILE_FILES]
    missing = [p.name for p in paths if not p.exists()]
    if missing:
        return [failed(FAMILY, "owl2-dl-profile", title, Grade.ERROR, f"missing: {missing}")]
    try:
        results = check_profile(paths)
    except ProfileError as exc:
        return [failed(FAMILY, "owl2-dl-profile", title, Grade.ERROR, str(exc))]
    hits = [f"{r.path.name}: {v}" for r in results for v in r.violations]
    summary = ", ".join(f"{r.path.name} {r.axioms} axioms" for r in results)
    if hits:
        return [
            failed(
                FAMILY,
                "owl2-dl-profile",
                title,
                Grade.ERROR,
                f"{len(hits)} OWL 2 DL profile violation(s) ({summary})",
                hits,
            )
        ]
    return [passed(FAMILY, "owl2-dl-profile", title, f"no violation ({summary})")]


def _hermit(data: Path) -> list[Finding]:
    vocab_title = "HermiT loads and reasons over ontology.owl as published"
    whole_title = "HermiT: vocabulary + data as published, ignoreUnsupportedDatatypes"
    reason = hermit_missing_reason()
    if reason:
        return [
            not_run(FAMILY, "hermit-published-vocabulary", vocab_title, reason),
            not_run(FAMILY, "hermit-published-dataset", whole_title, reason),
        ]
    out = []
    try:
        problem = run_hermit_cli(data / "ontology.owl", ignore_unsupported_datatypes=False)
    except ProfileError as exc:
        problem = str(exc)
    out.append(
        passed(FAMILY, "hermit-published-vocabulary", vocab_title, "consistent, default settings")
        if problem is None
        else failed(FAMILY, "hermit-published-vocabulary", vocab_title, Grade.ERROR, problem)
    )
    with tempfile.TemporaryDirectory(prefix="albakg-hermit-") as tmp:
        document = Path(tmp) / "dataset.nt"
        try:
            count = whole_dataset_ntriples(data / "albakg.nq", document)
            problem = run_hermit_cli(document, ignore_unsupported_datatypes=True)
        except (OSError, SyntaxError, ProfileError) as exc:
            problem, count = str(exc), 0
    out.append(
        passed(
            FAMILY,
            "hermit-published-dataset",
            whole_title,
            f"consistent: {count} triples of albakg.nq, literals unchanged",
        )
        if problem is None
        else failed(FAMILY, "hermit-published-dataset", whole_title, Grade.ERROR, problem)
    )
    return out
