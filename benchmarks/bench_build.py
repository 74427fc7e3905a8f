"""Build benchmark: each stage of ``albakg build`` beside its floor, and how it scales.

Usage::

    python benchmarks/bench_build.py [--sizes 1,10,100,1000] [--cap 900] [--repeat 3]

Never run by the tests. It measures, each part in a fresh process so that one part's heap
does not weigh on the next:

1. the real corpus, stage by stage (the functions ``albakg.build.pipeline.build`` calls,
   wrapped; times exclusive of nested stages): wall and CPU seconds, peak RSS while the
   stage ran (sampled every 5 ms);
2. a cold ``albakg build`` and, after editing one record (a relation's English note), the
   rebuild, both as whole processes;
3. the floor, in the same run: interpreter start (with and without ``import albakg.cli``),
   pyoxigraph parsing and writing the very files the build wrote, and each validation
   engine alone on the same union graph (pySHACL; pyrudof and Jena SHACL when installed);
4. a scaling series over synthetic corpora of N documents: the ALBA article plus N-1
   copies under new document ids (``briceno-ruiz-alba-cK``), each with its own text,
   works, relations, claims and coverage exclusions, so every statement, claim and evidence
   node is new; the copies carry no ``entities.yaml``, so the 286 entities stay shared, one
   node each, as they would across articles on one subject. A size whose projected time
   (linear in documents from the previous size) exceeds ``--cap`` is not started, and a
   size that runs past the cap is stopped; both are reported as not reached.

The table goes to stdout, every figure to ``bench-results/build.json``. The machine's load
average is recorded beside the figures: on a shared machine wall time exceeds CPU time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RESULTS = Path("bench-results") / "build.json"
ARTICLE = "briceno-ruiz-alba"
PAGE = os.sysconf("SC_PAGE_SIZE")


# ----------------------------------------------------------------- child: stage profiler


def _rss() -> int:
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * PAGE


@dataclass
class StageClock:
    """Exclusive wall/CPU time and peak RSS per stage; a nested stage is not its parent's."""

    wall: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    peak: dict[str, int] = field(default_factory=dict)
    stack: list[str] = field(default_factory=list)
    running: bool = True

    def sample(self) -> None:
        while self.running:
            if self.stack:
                name = self.stack[-1]
                self.peak[name] = max(self.peak.get(name, 0), _rss())
            time.sleep(0.005)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        self.stack.append(name)
        self.peak[name] = max(self.peak.get(name, 0), _rss())
        try:
            yield
        finally:
            self.peak[name] = max(self.peak.get(name, 0), _rss())
            self.stack.pop()
            dw, dc = time.perf_counter() - wall, time.process_time() - cpu
            self.wall[name] = self.wall.get(name, 0.0) + dw
            self.cpu[name] = self.cpu.get(name, 0.0) + dc
            self.calls[name] = self.calls.get(name, 0) + 1
            if self.stack:  # make the parent's time exclusive
                parent = self.stack[-1]
                self.wall[parent] = self.wall.get(parent, 0.0) - dw
                self.cpu[parent] = self.cpu.get(parent, 0.0) - dc

    def wrap(self, module: Any, attr: str, name: str) -> None:
        original: Callable[..., Any] = getattr(module, attr)

        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.stage(name):
                return original(*args, **kwargs)

        setattr(module, attr, timed)


#: (module, function, stage name), in pipeline order. The serialize functions are called
#: by ``write_all`` through their module, so wrapping the module attribute times them.
STAGES = [
    ("albakg.build.pipeline", "load_corpus", "text, records, anchoring"),
    ("albakg.build.pipeline", "annotate_corpus", "citations, mentions, coverage"),
    ("albakg.build.pipeline", "build_dataset", "graph assembly"),
    ("albakg.build.pipeline", "load_shapes", "SHACL: load shapes"),
    ("albakg.build.pipeline", "union_of", "SHACL: union copy"),
    ("albakg.build.pipeline", "validate_graph", "SHACL: pySHACL"),
    ("albakg.build.pipeline", "write_all", "write: rest (data graph copy, files)"),
    ("albakg.export.serialize", "ox_triples", "write: rdflib -> pyoxigraph terms"),
    ("albakg.export.serialize", "jsonld", "write: JSON-LD"),
    ("albakg.export.serialize", "_turtle_from", "write: Turtle"),
    ("albakg.export.serialize", "_trig_from", "write: TriG"),
    ("albakg.export.serialize", "_line_format", "write: N-Triples + N-Quads"),
    ("albakg.export.serialize", "rdfxml", "write: RDF/XML (ontology)"),
    ("albakg.build.pipeline", "load_vocabulary", "write: vocabulary reload"),
    ("albakg.build.pipeline", "_replace_dir", "output swap"),
]


def child_stages(source: Path | None, out: Path) -> dict[str, Any]:
    import importlib

    started = time.perf_counter()
    clock = StageClock()
    with clock.stage("imports"):
        pipeline = importlib.import_module("albakg.build.pipeline")
        for module, attr, name in STAGES:
            clock.wrap(importlib.import_module(module), attr, name)
    sampler = threading.Thread(target=clock.sample, daemon=True)
    sampler.start()
    wall, cpu = time.perf_counter(), time.process_time()
    with clock.stage("build: rest"):
        result = pipeline.build(out, source)
    clock.running = False
    return {
        "triples": sum(result.graph_sizes.values()),
        "graph_sizes": result.graph_sizes,
        "build_wall": time.perf_counter() - wall,
        "build_cpu": time.process_time() - cpu,
        "process_wall": time.perf_counter() - started,
        "stages": {
            name: {
                "wall": clock.wall[name],
                "cpu": clock.cpu[name],
                "calls": clock.calls[name],
                "peak_rss": clock.peak.get(name, 0),
            }
            for name in clock.wall
        },
    }


# ---------------------------------------------------------------- child: floors


def child_pyoxigraph(folder: Path) -> dict[str, Any]:
    """Pyoxigraph parsing each RDF file the build wrote and writing it back, in memory."""
    import pyoxigraph as ox

    figures: dict[str, Any] = {}
    for name in ("albakg.ttl", "albakg.nt", "albakg.trig", "albakg.nq"):
        fmt = ox.RdfFormat.from_extension(name.rsplit(".", 1)[1])
        assert fmt is not None
        t = time.perf_counter()
        items = list(ox.parse(path=str(folder / name), format=fmt))
        parsed = time.perf_counter() - t
        t = time.perf_counter()
        ox.serialize(items, format=fmt)
        figures[name] = {"parse": parsed, "write": time.perf_counter() - t, "items": len(items)}
    return figures


def _replicated(folder: Path, copies: int) -> dict[str, list[Any]]:
    """The built dataset ``copies`` times, instance IRIs moved under ``…/c{k}/``, shuffled.

    The vocabulary graph is kept once; the shuffle gives the writers unsorted input, as
    rdflib's store hands them over.
    """
    import random

    import pyoxigraph as ox

    base = "https://w3id.org/albakg/"
    keep = (base + "ontology", base + "graph/")
    quads = list(ox.parse(path=str(folder / "albakg.nq"), format=ox.RdfFormat.N_QUADS))
    vocabulary = [q for q in quads if str(q.graph_name).endswith("/graph/vocabulary>")]
    data = [q for q in quads if not str(q.graph_name).endswith("/graph/vocabulary>")]

    def moved(term: Any, k: int) -> Any:
        if (
            isinstance(term, ox.NamedNode)
            and term.value.startswith(base)
            and not term.value.startswith(keep)
        ):
            return ox.NamedNode(f"{base}c{k}/{term.value[len(base) :]}")
        return term

    out = list(vocabulary)
    for k in range(copies):
        if k == 0:
            out += data
            continue
        out += [
            ox.Quad(moved(q.subject, k), q.predicate, moved(q.object, k), q.graph_name)
            for q in data
        ]
    random.Random(0).shuffle(out)
    triples = [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in out
        if not str(q.graph_name).endswith("/graph/vocabulary>")
    ]
    return {"quads": out, "triples": triples}


def child_writers(folder: Path, target: int, jsonld_copies: str) -> dict[str, Any]:
    """The build's writers beside pyoxigraph's raw writers on the same (large) graph."""
    import pyoxigraph as ox
    from rdflib import Graph, URIRef

    from albakg.export import serialize as ser
    from albakg.qc.agree import from_ox
    from albakg.rdf.graph import bind_prefixes
    from albakg.rdf.iris import IriScheme
    from albakg.rdf.vocab import PREFIXES

    iris = IriScheme()
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    prefixes.update({"id": iris.base + "id/", "work": iris.base + "work/"})
    one = sum(1 for _ in ox.parse(path=str(folder / "albakg.nt"), format=ox.RdfFormat.N_TRIPLES))
    data = _replicated(folder, max(1, -(-target // one)))
    triples, quads = data["triples"], data["quads"]
    order = [URIRef(iris.base + f"graph/{n}") for n in ("vocabulary", "data", "provenance")]
    graphs: dict[URIRef, list[Any]] = {name: [] for name in order}
    for q in quads:
        graphs[URIRef(q.graph_name.value)].append(ox.Triple(q.subject, q.predicate, q.object))

    def timed(f: Callable[[], Any]) -> float:
        t = time.process_time()
        f()
        return time.process_time() - t

    pairs: dict[str, Any] = {
        "N-Triples": (
            lambda: ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES),
            lambda: ser._line_format(triples, ox.RdfFormat.N_TRIPLES),
        ),
        "N-Quads": (
            lambda: ox.serialize(quads, format=ox.RdfFormat.N_QUADS),
            lambda: ser._line_format(quads, ox.RdfFormat.N_QUADS),
        ),
        "Turtle": (
            lambda: ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes),
            lambda: ser._turtle_from(triples, prefixes),
        ),
        "TriG": (
            lambda: ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes),
            lambda: ser._trig_from(graphs, order, prefixes),
        ),
    }
    figures: dict[str, Any] = {"triples": len(triples), "quads": len(quads), "formats": {}}
    for name, (raw, ours) in pairs.items():
        raw_s, ours_s = timed(raw), timed(ours)
        figures["formats"][name] = {"pyoxigraph": raw_s, "albakg": ours_s, "ratio": ours_s / raw_s}
    figures["jsonld"] = []
    for copies in (int(c) for c in jsonld_copies.split(",") if c):
        small = _replicated(folder, copies)["triples"]
        g = Graph(bind_namespaces="none")
        bind_prefixes(g, iris)
        for t in small:
            g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        raw_s = timed(lambda: ox.serialize(small, format=ox.RdfFormat.JSON_LD))  # noqa: B023
        ours_s = timed(lambda: ser.jsonld(g, iris))  # noqa: B023
        convert_s = timed(lambda: ser.ox_triples(g))  # noqa: B023
        figures["jsonld"].append(
            {
                "triples": len(g),
                "pyoxigraph_expanded": raw_s,
                "albakg": ours_s,
                "ratio": ours_s / raw_s,
                "rdflib_to_pyoxigraph_terms": convert_s,
            }
        )
    return figures


def child_engines(folder: Path, engines: list[str]) -> dict[str, Any]:
    """Each validation engine alone on the union graph (the dataset's quads, graphs merged)."""
    import pyoxigraph as ox

    from albakg.resources import shapes_file

    figures: dict[str, Any] = {}
    quads = list(ox.parse(path=str(folder / "albakg.nq"), format=ox.RdfFormat.N_QUADS))
    with tempfile.TemporaryDirectory(prefix="albakg-bench-") as tmp:
        union = Path(tmp) / "union.nt"
        union.write_bytes(
            ox.serialize(
                [ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                format=ox.RdfFormat.N_TRIPLES,
            )
            or b""
        )
        if "pyshacl" in engines:
            from pyshacl import validate
            from rdflib import Graph

            t = time.perf_counter()
            data = Graph(bind_namespaces="none").parse(union, format="nt")
            shapes = Graph(bind_namespaces="none").parse(shapes_file(), format="turtle")
            parsed = time.perf_counter() - t
            t, c = time.perf_counter(), time.process_time()
            conforms, _, _ = validate(
                data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True
            )
            figures["pyshacl"] = {
                "parse": parsed,
                "validate": time.perf_counter() - t,
                "validate_cpu": time.process_time() - c,
                "conforms": bool(conforms),
                "triples": len(data),
            }
        if "pyrudof" in engines:
            figures["pyrudof"] = _rudof(union)
        if "jena" in engines:
            figures["jena"] = _jena(union, Path(tmp))
    return figures


def _rudof(union: Path) -> dict[str, Any]:
    import pyrudof

    from albakg.resources import shapes_file

    t = time.perf_counter()
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(str(union), format=pyrudof.RDFFormat.NTriples)
    rudof.read_shacl(str(shapes_file()), format=pyrudof.ShaclFormat.Turtle)
    parsed = time.perf_counter() - t
    t, c = time.perf_counter(), time.process_time()
    report = rudof.validate_shacl()
    return {
        "parse": parsed,
        "validate": time.perf_counter() - t,
        "validate_cpu": time.process_time() - c,
        "conforms": bool(report.conforms),
        "results": len(report),
    }


def _jena(union: Path, tmp: Path) -> dict[str, Any]:
    """Jena SHACL as a whole JVM run (start, parse, validate), with English messages only."""
    from rdflib import Graph

    from albakg.qc import jena
    from albakg.qc.agree import jena_shapes
    from albakg.resources import shapes_file

    if (reason := jena.missing_reason()) is not None:
        return {"skipped": reason}
    shapes = tmp / "shapes-en.nt"
    shapes.write_text(
        jena_shapes(Graph(bind_namespaces="none").parse(shapes_file(), format="turtle")).serialize(
            format="nt"
        ),
        encoding="utf-8",
    )
    t = time.perf_counter()
    report = jena.shacl_validate(shapes, union)
    return {"process": time.perf_counter() - t, "conforms": "sh:conforms  true" in report}


# ---------------------------------------------------------------- parent: runs


def run_child(args: list[str], timeout: float | None = None) -> dict[str, Any]:
    """A fresh interpreter running one child part; its JSON result, wall, CPU and peak RSS."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        result_file = Path(f.name)
    cmd = [sys.executable, __file__, "--child", str(result_file), *args]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    try:
        _, status, usage = _wait(proc, timeout)
    except TimeoutError:
        proc.kill()
        proc.wait()
        result_file.unlink(missing_ok=True)
        return {"timed_out": True, "cap": timeout}
    wall = time.perf_counter() - started
    if status != 0:
        result_file.unlink(missing_ok=True)
        raise SystemExit(f"error: benchmark part {args} failed (exit status {status})")
    data = json.loads(result_file.read_text(encoding="utf-8"))
    result_file.unlink()
    data["process"] = {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_rss": usage.ru_maxrss * 1024,
    }
    return dict(data)


def _wait(proc: subprocess.Popen[bytes], timeout: float | None) -> tuple[int, int, Any]:
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return pid, proc.returncode, usage
        if deadline is not None and time.monotonic() > deadline:
            raise TimeoutError
        time.sleep(0.02)


def whole_process(cmd: list[str], runs: int) -> dict[str, Any]:
    """Wall, CPU and peak RSS of a command, median of ``runs`` fresh processes."""
    figures = []
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = _wait(proc, None)
        if status != 0:
            raise SystemExit(f"error: {' '.join(cmd)} failed (exit status {status})")
        figures.append(
            (time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
        )
    return {
        "wall": statistics.median(f[0] for f in figures),
        "cpu": statistics.median(f[1] for f in figures),
        "peak_rss": max(f[2] for f in figures) * 1024,
        "runs": [list(f) for f in figures],
    }


def albakg_script() -> str:
    beside = Path(sys.executable).with_name("albakg")
    found = str(beside) if beside.exists() else shutil.which("albakg")
    if found is None:
        raise SystemExit("error: the albakg console script is not installed")
    return found


def data_source() -> Path:
    from albakg.resources import data_dir

    return data_dir()


def make_corpus(n: int, dest: Path) -> Path:
    """The article plus ``n - 1`` copies under new ids sharing its entities (see above)."""
    source = data_source()
    shutil.copytree(source / "links", dest / "links")
    original = source / "documents" / ARTICLE
    shutil.copytree(original, dest / "documents" / ARTICLE)
    for k in range(1, n):
        doc_id = f"{ARTICLE}-c{k}"
        folder = dest / "documents" / doc_id
        folder.mkdir(parents=True)
        for path in sorted(original.iterdir()):
            if path.name == "entities.yaml":
                continue
            if path.name == "document.yaml":
                text = re.sub(
                    r"^id: .*$", f"id: {doc_id}", path.read_text(encoding="utf-8"), flags=re.M
                )
                (folder / path.name).write_text(text, encoding="utf-8")
            else:
                (folder / path.name).symlink_to(path.resolve())
    return dest


def edit_one_record(corpus: Path) -> str:
    """Append a word to the first relation's English note; returns what was edited."""
    import yaml

    path = corpus / "documents" / ARTICLE / "relations.yaml"
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = records["relations"][0]
    first["note"]["en"] = first["note"]["en"] + " (edited)"
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), "utf-8")
    return f"{path.name}: relation {first['id']!r}, note.en"


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


# ---------------------------------------------------------------- report


def _engines_available() -> list[str]:
    engines = ["pyshacl"]
    try:
        import pyrudof  # noqa: F401

        engines.append("pyrudof")
    except ImportError:
        pass
    engines.append("jena")
    return engines


def stage_table(stages: dict[str, dict[str, Any]], triples: int) -> list[str]:
    lines = [
        f"  {'stage':<42} {'wall s':>8} {'CPU s':>8} {'k triples/s':>12} {'peak RSS MB':>12}",
    ]
    for name, s in stages.items():
        rate = triples / s["cpu"] / 1000 if s["cpu"] > 0.0005 else float("inf")
        rate_text = f"{rate:12.0f}" if rate != float("inf") else f"{'-':>12}"
        lines.append(
            f"  {name:<42} {s['wall']:8.3f} {s['cpu']:8.3f} {rate_text} {s['peak_rss'] / 1e6:12.0f}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,10,100,1000", help="documents per synthetic corpus")
    parser.add_argument("--cap", type=float, default=900.0, help="seconds allowed per size")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the real-corpus parts")
    parser.add_argument(
        "--engines-up-to", type=int, default=10, help="largest size the engines run alone on"
    )
    parser.add_argument(
        "--writers-triples", type=int, default=1_000_000, help="graph size for the writers"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args.child)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    results: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_before": load_average(),
        },
        "cap_seconds": args.cap,
    }
    with tempfile.TemporaryDirectory(prefix="albakg-bench-") as tmp_name:
        tmp = Path(tmp_name)
        results["real"] = _real_corpus(tmp, args.repeat, args.writers_triples)
        results["scaling"] = _scaling(tmp, sizes, args.cap, args.engines_up_to)
    results["machine"]["load_after"] = load_average()
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    _print(results)
    print(f"\nEvery figure: {RESULTS}")
    return 0


def _child(argv: list[str]) -> int:
    result_file, part, *rest = argv
    if part == "stages":
        source = Path(rest[0]) if rest[0] != "-" else None
        data = child_stages(source, Path(rest[1]))
    elif part == "pyoxigraph":
        data = child_pyoxigraph(Path(rest[0]))
    elif part == "writers":
        data = child_writers(Path(rest[0]), int(rest[1]), rest[2])
    elif part == "engines":
        data = child_engines(Path(rest[0]), rest[1].split(","))
    else:
        raise SystemExit(f"unknown part {part}")
    Path(result_file).write_text(json.dumps(data), encoding="utf-8")
    return 0


def _median_stages(runs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    names = list(runs[0]["stages"])
    return {
        n: {
            key: statistics.median(r["stages"][n][key] for r in runs)
            for key in ("wall", "cpu", "peak_rss", "calls")
        }
        for n in names
    }


def _real_corpus(tmp: Path, repeat: int, writers_target: int) -> dict[str, Any]:
    out = tmp / "real"
    runs = [run_child(["stages", "-", str(out)]) for _ in range(repeat)]
    real: dict[str, Any] = {
        "triples": runs[0]["triples"],
        "stages": _median_stages(runs),
        "build_wall": statistics.median(r["build_wall"] for r in runs),
        "build_cpu": statistics.median(r["build_cpu"] for r in runs),
        "runs": runs,
    }
    script = albakg_script()
    corpus = shutil.copytree(data_source(), tmp / "edited")
    cold_out = tmp / "cold"
    real["cold_build"] = whole_process(
        [script, "build", "--source", str(corpus), "--out", str(cold_out)], repeat
    )
    real["edited"] = edit_one_record(corpus)
    real["rebuild_after_edit"] = whole_process(
        [script, "build", "--source", str(corpus), "--out", str(cold_out)], 1
    )
    real["floor"] = {
        "python -c pass": whole_process([sys.executable, "-c", "pass"], repeat),
        "import albakg.cli": whole_process([sys.executable, "-c", "import albakg.cli"], repeat),
        "albakg --version": whole_process([script, "--version"], repeat),
        "pyoxigraph": run_child(["pyoxigraph", str(out)]),
        "engines": run_child(["engines", str(out), ",".join(_engines_available())]),
    }
    real["writers"] = run_child(["writers", str(out), str(writers_target), "1,10"])
    return real


def _scaling(tmp: Path, sizes: list[int], cap: float, engines_up_to: int) -> list[dict[str, Any]]:
    series: list[dict[str, Any]] = []
    per_doc: float | None = None
    for n in sizes:
        if per_doc is not None and per_doc * n > cap:
            series.append(
                {"documents": n, "reached": False, "projected_seconds": per_doc * n, "cap": cap}
            )
            continue
        corpus = make_corpus(n, tmp / f"corpus-{n}")
        out = tmp / f"out-{n}"
        run = run_child(["stages", str(corpus), str(out)], timeout=cap)
        if run.get("timed_out"):
            series.append({"documents": n, "reached": False, "stopped_at": cap, "cap": cap})
            per_doc = cap / n
            continue
        run["documents"] = n
        run["reached"] = True
        run["floor_pyoxigraph"] = run_child(["pyoxigraph", str(out)])
        if n <= engines_up_to:
            run["floor_engines"] = run_child(
                ["engines", str(out), ",".join(_engines_available())], timeout=cap
            )
        series.append(run)
        per_doc = run["process"]["wall"] / n
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(corpus, ignore_errors=True)
    return series


def _print(results: dict[str, Any]) -> None:
    m = results["machine"]
    real = results["real"]
    print(
        f"albakg build benchmark — Python {m['python']}, {m['cpus']} CPUs, "
        f"load average {m['load_before']} before, {m['load_after']} after"
    )
    print(f"\nReal corpus ({real['triples']:,} quads), stages (median of runs, exclusive):")
    for line in stage_table(real["stages"], real["triples"]):
        print(line)
    print(f"  {'build() total':<42} {real['build_wall']:8.3f} {real['build_cpu']:8.3f}")
    cold, again = real["cold_build"], real["rebuild_after_edit"]
    print("\nWhole process:")
    print(
        f"  cold albakg build            wall {cold['wall']:6.2f} s  CPU {cold['cpu']:6.2f} s  "
        f"peak {cold['peak_rss'] / 1e6:5.0f} MB"
    )
    print(
        f"  rebuild after one edit       wall {again['wall']:6.2f} s  CPU {again['cpu']:6.2f} s  "
        f"peak {again['peak_rss'] / 1e6:5.0f} MB  ({real['edited']})"
    )
    floor = real["floor"]
    print("\nFloor, same run:")
    for name in ("python -c pass", "import albakg.cli", "albakg --version"):
        f = floor[name]
        print(f"  {name:<28} wall {f['wall']:6.3f} s  CPU {f['cpu']:6.3f} s")
    ox_floor = floor["pyoxigraph"]
    for name, f in ox_floor.items():
        if name == "process":
            continue
        print(f"  pyoxigraph {name:<17} parse {f['parse']:6.3f} s  write {f['write']:6.3f} s")
    for engine, f in floor["engines"].items():
        if engine == "process":
            continue
        if "validate" in f:
            print(
                f"  {engine:<28} validate {f['validate']:6.3f} s wall, "
                f"{f['validate_cpu']:6.3f} s CPU; conforms {f['conforms']}"
            )
        elif "process" in f:
            print(f"  {engine:<28} whole JVM run {f['process']:6.3f} s; conforms {f['conforms']}")
        else:
            print(f"  {engine:<28} {f.get('skipped')}")
    w = real["writers"]
    print(f"\nWriters, CPU s on {w['triples']:,} triples / {w['quads']:,} quads (shuffled input):")
    for name, f in w["formats"].items():
        print(
            f"  {name:<10} albakg {f['albakg']:7.3f}  pyoxigraph raw {f['pyoxigraph']:7.3f}  "
            f"ratio {f['ratio']:5.1f}"
        )
    for f in w["jsonld"]:
        print(
            f"  JSON-LD on {f['triples']:,} triples: albakg (sorted, nested, context) "
            f"{f['albakg']:7.3f}  pyoxigraph expanded {f['pyoxigraph_expanded']:7.3f}  "
            f"ratio {f['ratio']:5.1f}; rdflib -> pyoxigraph terms "
            f"{f['rdflib_to_pyoxigraph_terms']:.3f}"
        )
    print("\nScaling (synthetic corpora, shared entities):")
    print(
        f"  {'docs':>5} {'triples':>11} {'wall s':>9} {'CPU s':>9} {'k triples/s':>12} "
        f"{'ms/1k triples':>14} {'peak MB':>8} {'pyox write s':>13}"
    )
    for run in results["scaling"]:
        if not run["reached"]:
            why = (
                f"projected {run['projected_seconds']:.0f} s"
                if "projected_seconds" in run
                else f"stopped at {run['stopped_at']:.0f} s"
            )
            print(
                f"  {run['documents']:>5} not reached within the cap of {run['cap']:.0f} s ({why})"
            )
            continue
        p, t = run["process"], run["triples"]
        writes = sum(f["write"] for k, f in run["floor_pyoxigraph"].items() if k != "process")
        print(
            f"  {run['documents']:>5} {t:>11,} {p['wall']:9.1f} {p['cpu']:9.1f} "
            f"{t / p['cpu'] / 1000:12.1f} {p['cpu'] / t * 1e6:14.1f} {p['peak_rss'] / 1e6:8.0f} "
            f"{writes:13.3f}"
        )
    for run in results["scaling"]:
        for engine, f in run.get("floor_engines", {}).items():
            if isinstance(f, dict) and "validate" in f:
                print(
                    f"  {run['documents']:>5} docs, {engine} alone: "
                    f"validate {f['validate_cpu']:.2f} s CPU "
                    f"({run['triples'] / max(f['validate_cpu'], 1e-9) / 1000:.1f} k triples/s)"
                )
            elif isinstance(f, dict) and "process" in f and engine != "process":
                print(f"  {run['documents']:>5} docs, {engine} alone: JVM run {f['process']:.2f} s")
    for run in results["scaling"]:
        if run["reached"] and run["documents"] > 1:
            print(f"\n  stages at {run['documents']} documents:")
            for line in stage_table(run["stages"], run["triples"]):
                print("  " + line)


if __name__ == "__main__":
    sys.exit(main())
