"""Run Apache Jena's command-line tools from Debian's ``libapache-jena-java`` (4.5).

Debian ships Jena's jars but no launcher scripts, so the class path is put together here.
Three packaging faults are worked around:

* ``/usr/share/java`` holds both ``slf4j-log4j12`` and ``log4j-over-slf4j``, which refuse to
  share a class path; only the jars Jena needs are listed, with ``slf4j-nop`` for logging.
* ``jena-core.jar`` moves Xerces' classes to ``xerces/…`` but leaves their message
  ``.properties`` files under ``org/apache/jena/ext/xerces/…``, so any datatype check fails
  at start-up. A small overlay jar with those files at the moved location is written once
  into a cache folder and put first on the class path.
* The JSON-LD 1.1 reader and writer need a ``jakarta.json`` provider that is not packaged;
  JSON-LD is read with the 1.0 reader (``--syntax=jsonld10``), which needs the HTTP cache
  and commons-logging jars.

Nothing here touches the network: the tools read local files only.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

JAVA_DIR = Path(os.environ.get("ALBAKG_JAVA_DIR", "/usr/share/java"))
#: Jena's own jars (Debian's unversioned names).
JENA_JARS = (
    "jena-base",
    "jena-core",
    "jena-arq",
    "jena-iri",
    "jena-cmds",
    "jena-shacl",
    "jena-shex",
    "jena-rdfconnection",
    "jena-tdb",
    "jena-tdb2",
    "jena-dboe-base",
    "jena-dboe-index",
    "jena-dboe-storage",
    "jena-dboe-trans-data",
    "jena-dboe-transaction",
)
#: The libraries they load, with one SLF4J binding (nop) and none of the conflicting bridges.
DEPENDENCY_JARS = (
    "commons-cli",
    "commons-codec",
    "commons-compress",
    "commons-csv",
    "commons-io",
    "commons-lang3",
    "commons-logging",
    "dexx.collection",
    "gson",
    "guava",
    "httpclient",
    "httpclient-cache",
    "httpcore",
    "jackson-annotations",
    "jackson-core",
    "jackson-databind",
    "jakarta.json-api",
    "jsonld-java",
    "protobuf",
    "thrift",
    "titanium-json-ld",
    "slf4j-api",
    "slf4j-nop",
)
_MISPLACED = "org/apache/jena/ext/xerces/"
_MOVED_TO = "xerces/"
TIMEOUT = 600


class JenaError(RuntimeError):
    """Jena is missing, or a command failed."""


@dataclass(frozen=True)
class JenaResult:
    returncode: int
    stdout: str
    stderr: str


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "albakg" / "jena"


def missing_reason() -> str | None:
    """Why Jena cannot run here, or None when it can."""
    if shutil.which("java") is None:
        return "java is not installed (apt package default-jre-headless)"
    if not (JAVA_DIR / "jena-core.jar").exists():
        return f"Jena is not installed in {JAVA_DIR} (apt package libapache-jena-java)"
    return None


def overlay_jar() -> Path:
    """The jar that puts Xerces' message files where the relocated classes look for them.

    Its name carries a digest of ``jena-core.jar``, so an upgraded Jena gets a fresh one.
    """
    core = JAVA_DIR / "jena-core.jar"
    stat = core.stat()
    key = hashlib.sha256(f"{core.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()
    target = cache_dir() / f"jena-xerces-messages-{key[:16]}.jar"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    with zipfile.ZipFile(core) as source, zipfile.ZipFile(partial, "w") as overlay:
        for name in sorted(source.namelist()):
            if name.startswith(_MISPLACED) and name.endswith(".properties"):
                overlay.writestr(_MOVED_TO + name[len(_MISPLACED) :], source.read(name))
    partial.replace(target)
    return target


@lru_cache(maxsize=1)
def classpath() -> str:
    """The class path for Jena's commands; raises JenaError when Jena is not installed."""
    reason = missing_reason()
    if reason:
        raise JenaError(reason)
    jars = [overlay_jar()]
    for name in (*JENA_JARS, *DEPENDENCY_JARS):
        path = JAVA_DIR / f"{name}.jar"
        if path.exists():
            jars.append(path)
    return os.pathsep.join(str(j) for j in jars)


def run(main_class: str, args: Sequence[str], timeout: int = TIMEOUT) -> JenaResult:
    """Run one of Jena's command classes (``riotcmd.riot``, ``shacl.shacl``, ``arq.sparql``)."""
    # C1 only: these runs are short, and full JIT compilation costs more than it saves.
    cmd = ["java", "-XX:TieredStopAtLevel=1", "-Xss8m", "-cp", classpath(), main_class, *args]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise JenaError(f"{main_class} timed out after {timeout} s") from exc
    return JenaResult(done.returncode, done.stdout, done.stderr)


def riot_nquads(path: Path) -> str:
    """Parse ``path`` with Jena's RIOT and return what it read, as N-Quads."""
    return riot_many([path])[path]


_BOUNDARY = "<urn:albakg:qc:boundary> <urn:albakg:qc:after> "


def riot_many(paths: Sequence[Path]) -> dict[Path, str]:
    """What RIOT reads from each file, as N-Quads, in one Java run (start-up costs seconds).

    RIOT streams its inputs in order into one output, so a one-line marker file is placed
    after each input and the output is cut at the markers. JSON-LD files are offered under
    the ``.jsonld10`` extension so that the 1.0 reader takes them (and only them).
    """
    with tempfile.TemporaryDirectory(prefix="albakg-riot-") as tmp:
        work = Path(tmp)
        args = ["--output=nq"]
        for i, path in enumerate(paths):
            source = path.resolve()
            if path.suffix == ".jsonld":
                alias = work / f"input-{i}.jsonld10"
                alias.symlink_to(source)
                source = alias
            marker = work / f"marker-{i}.nq"
            marker.write_text(f'{_BOUNDARY}"{i}" .\n', encoding="utf-8")
            args += [str(source), str(marker)]
        result = run("riotcmd.riot", args)
    if result.returncode != 0:
        if len(paths) == 1:
            raise JenaError(f"riot could not read {paths[0].name}: {_first_line(result.stderr)}")
        raise JenaError(f"riot could not read one of the files: {_first_line(result.stderr)}")
    out: dict[Path, str] = {}
    chunk: list[str] = []
    for line in result.stdout.splitlines(keepends=True):
        if line.startswith(_BOUNDARY):
            out[paths[int(line[len(_BOUNDARY) :].split('"')[1])]] = "".join(chunk)
            chunk = []
        else:
            chunk.append(line)
    if len(out) != len(paths):
        raise JenaError("riot's output could not be split back into its input files")
    return out


def shacl_validate(shapes: Path, data: Path) -> str:
    """Jena SHACL's validation report (Turtle); the command exits 0 whether or not it conforms."""
    result = run("shacl.shacl", ["validate", "--shapes", str(shapes), "--data", str(data)])
    if result.returncode != 0 or not result.stdout.strip():
        raise JenaError(f"Jena SHACL failed: {_first_line(result.stderr)}")
    return result.stdout


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0][:300] if lines else "(no message)"
