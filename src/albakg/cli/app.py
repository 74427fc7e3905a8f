"""Command-line interface: one command per user task; data to stdout, diagnostics to stderr.

Exit codes: 0 success, 1 data or validation failure, 2 usage error (typer's own).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rdflib import Graph

from albakg import __version__
from albakg.build.pipeline import BuildError, build
from albakg.curation.corpus import CorpusError
from albakg.curation.records import RecordError
from albakg.rdf.iris import IriScheme
from albakg.resources import data_dir
from albakg.sparql.stats import compute_stats, format_stats
from albakg.text.document import TextError, read_document
from albakg.validate.shacl import ParseError, load_shapes, parse_any, validate_graph

app = typer.Typer(
    name="albakg",
    help="Build, check and query the albakg knowledge graph of an article on the ALBA bloc.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DEFAULT_OUT = Path("dist")
DataOpt = Annotated[
    Path, typer.Option("--data", help="Folder of a built dataset (from `albakg build`).")
]


def _err(message: str) -> None:
    typer.echo(message, err=True)


def require_built(data: Path) -> Path:
    """The main data file of a built dataset, or exit 1 telling the user to build first."""
    ttl = data / "albakg.trig"
    if not ttl.exists():
        _err(f"error: no built dataset in {data}/ — run `albakg build` first")
        raise typer.Exit(1)
    return ttl


@app.callback(invoke_without_command=True)
def main(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    """Build, check and query the albakg knowledge graph of an article on the ALBA bloc."""
    if version:
        typer.echo(__version__)
        raise typer.Exit(0)


@app.command("build")
def build_cmd(
    out: Annotated[
        Path, typer.Option("--out", help="Output folder, replaced on success.")
    ] = DEFAULT_OUT,
    source: Annotated[
        Path | None,
        typer.Option("--source", help="Curated data folder (default: the packaged one)."),
    ] = None,
    base: Annotated[
        str | None,
        typer.Option("--base", help="Base IRI of the data (default: $ALBAKG_BASE or w3id)."),
    ] = None,
) -> None:
    """Build the knowledge graph: text → records → graph → SHACL → files.

    Example: albakg build --out dist
    """
    try:
        iris = IriScheme(base) if base else IriScheme.from_env()
        result = build(out, source, iris)
    except (CorpusError, RecordError, TextError, ValueError) as exc:
        _err(f"error: {exc}")
        raise typer.Exit(1) from exc
    except BuildError as exc:
        _err(f"error: {exc}")
        if exc.report is not None:
            _err(exc.report.text())
        raise typer.Exit(1) from exc
    typer.echo(f"Built the albakg dataset into {result.out}/")
    for w in result.written:
        triples = f"{w.triples:>7} triples" if w.triples else " " * 15
        typer.echo(f"  {w.name:<16} {triples}  {w.bytes:>9} bytes")
    sizes = ", ".join(f"{k} {v}" for k, v in result.graph_sizes.items())
    typer.echo(f"Named graphs: {sizes}")
    typer.echo(result.report.text())


@app.command("validate")
def validate_cmd(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="RDF files to validate (default: the built dataset)."),
    ] = None,
    data: DataOpt = DEFAULT_OUT,
    lang: Annotated[str, typer.Option("--lang", help="Language of the messages: en or es.")] = "en",
) -> None:
    """Validate the built dataset, or the given RDF files together, against the shapes.

    Exit code 0 when the data conforms, 1 when it does not or a file does not parse.

    Example: albakg validate dist/albakg.trig
    """
    paths = list(files or [])
    if not paths:
        paths = [require_built(data)]
    union = Graph()
    for path in paths:
        if not path.is_file():
            _err(f"error: {path}: no such file")
            raise typer.Exit(1)
        try:
            for triple in parse_any(path):
                union.add(triple)
        except ParseError as exc:
            _err(f"error: does not parse: {exc}")
            raise typer.Exit(1) from exc
    report = validate_graph(union, load_shapes(), lang=lang)
    typer.echo(report.text())
    raise typer.Exit(0 if report.conforms else 1)


@app.command("stats")
def stats_cmd(
    data: DataOpt = DEFAULT_OUT,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Count instances per class and triples per property in the built dataset.

    Example: albakg stats --format json
    """
    trig = require_built(data)
    stats = compute_stats(trig)
    if fmt == "json":
        typer.echo(json.dumps(stats, indent=2, ensure_ascii=False))
    elif fmt == "table":
        typer.echo(format_stats(stats))
    else:
        _err("error: --format must be table or json")
        raise typer.Exit(2)


@app.command("text")
def text_cmd(
    doc: Annotated[str, typer.Argument(help="Document id.")] = "briceno-ruiz-alba",
    show: Annotated[
        str, typer.Option("--show", help="What to print: normalized, hyphens, headings, sentences.")
    ] = "normalized",
) -> None:
    """Print the text stage's view of a source document.

    Example: albakg text --show hyphens
    """
    folder = data_dir() / "documents" / doc
    if not folder.is_dir():
        _err(f"error: no document {doc!r} under {data_dir() / 'documents'}")
        raise typer.Exit(1)
    d = read_document(doc, folder / "source.txt")
    if show == "normalized":
        typer.echo(d.text)
    elif show == "hyphens":
        for h in d.normalized.decisions:
            verb = "join" if h.joined else "keep"
            typer.echo(f"{h.line}\t{h.offset}\t{verb}\t{h.result}\t{h.reason}")
    elif show == "headings":
        for s in d.headings:
            typer.echo(f"{s.id}\t{s.parent}\t{s.raw_start}\t{s.raw_end}\t{s.text}")
    elif show == "sentences":
        for s in d.sentences:
            typer.echo(f"{s.id}\t{s.parent}\t{s.raw_start}\t{s.raw_end}\t{s.text}")
    else:
        _err("error: --show must be normalized, hyphens, headings or sentences")
        raise typer.Exit(2)


@app.command("query")
def query_cmd(
    query: Annotated[
        str | None, typer.Argument(help="A SPARQL query, a .rq file or a bundled question.")
    ] = None,
    data: DataOpt = DEFAULT_OUT,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="SELECT/ASK: table, json, xml, csv, tsv; CONSTRUCT/DESCRIBE: turtle, jsonld, nt.",
        ),
    ] = None,
    list_only: Annotated[
        bool, typer.Option("--list", help="List the bundled competency questions.")
    ] = False,
    queries: Annotated[
        Path | None, typer.Option("--queries", help="Folder of .rq questions (default: bundled).")
    ] = None,
) -> None:
    """Run a SPARQL query over the built dataset in an embedded store (no server).

    The default graph is the union of the named graphs; the project's prefixes are declared.

    Example: albakg query alba-members --format csv
    """
    from albakg.sparql.query import query_command

    query_command(query, data, fmt, list_only, queries)


@app.command("serve")
def serve_cmd(
    data: DataOpt = DEFAULT_OUT,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds a query may run.")] = 10.0,
    max_results: Annotated[
        int, typer.Option("--max-results", help="Most solutions or triples a query may return.")
    ] = 100_000,
    workers: Annotated[int, typer.Option("--workers", help="Query worker processes.")] = 2,
) -> None:
    """Serve the dataset: SPARQL endpoint at /sparql, query page at /, resource IRIs.

    Read-only; every query has a time limit and a result-size limit.

    Example: albakg serve --port 8000 --timeout 10
    """
    from albakg.sparql.serve import serve_command

    serve_command(data, host, port, timeout, max_results, workers)


@app.command("load")
def load_cmd(
    store: Annotated[
        str, typer.Option("--store", help="Graph Store Protocol URL of the triplestore.")
    ],
    query_endpoint: Annotated[
        str | None,
        typer.Option("--query-endpoint", help="SPARQL endpoint to check the triple counts."),
    ] = None,
    data: DataOpt = DEFAULT_OUT,
    retries: Annotated[int, typer.Option("--retries", help="Retries on transient errors.")] = 3,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds per request.")] = 120.0,
) -> None:
    """Load each named graph into a triplestore (Graph Store Protocol PUT: a reload replaces).

    Credentials come from ALBAKG_STORE_USER / ALBAKG_STORE_PASSWORD or a prompt.

    Example: albakg load --store http://127.0.0.1:7878/store
    """
    from albakg.sparql.load import load_command

    load_command(data, store, query_endpoint, retries, timeout)


DocArg = Annotated[str, typer.Argument(help="Document id.")]
SourceOpt = Annotated[
    Path | None, typer.Option("--source", help="Curated data folder (default: the packaged one).")
]
TableFormatOpt = Annotated[str, typer.Option("--format", help="table, tsv or json.")]


@app.command("citations")
def citations_cmd(
    doc: DocArg = "briceno-ruiz-alba", source: SourceOpt = None, fmt: TableFormatOpt = "table"
) -> None:
    """List the in-text citations of a document: offsets, exact text, authors, year, pages, work.

    Exit code 1 when an ibídem or op. cit. cannot be resolved or an author is not curated.

    Example: albakg citations --format tsv
    """
    from albakg.extract.citations import citations_command

    citations_command(doc, source, fmt)


@app.command("coverage")
def coverage_cmd(
    doc: DocArg = "briceno-ruiz-alba", source: SourceOpt = None, fmt: TableFormatOpt = "table"
) -> None:
    """List, per section, the names no entity covers and no exclusion explains.

    Also lists the entities with no mention, and exclusions that no longer match anything.

    Exit code 0 when nothing is unexplained, 1 otherwise.

    Example: albakg coverage --format table
    """
    from albakg.extract.coverage import coverage_command

    coverage_command(doc, source, fmt)


@app.command("qc")
def qc_cmd(
    data: DataOpt = DEFAULT_OUT,
    report: Annotated[
        Path | None,
        typer.Option("--report", help="Folder for qc.md and qc.jsonld (default: --data)."),
    ] = None,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on", help="Lowest grade that fails the run: ERROR, WARN, INFO, NEVER."
        ),
    ] = "ERROR",
    require_all: Annotated[
        bool, typer.Option("--require-all", help="A check whose tool is missing is an ERROR (CI).")
    ] = False,
) -> None:
    """Quality report over the vocabulary, the shapes and the built dataset.

    FAIR and OOPS! checks, ROBOT-style and project SPARQL rules, HermiT, parsers and SHACL
    engines compared, RDFC-1.0 hashes. Exit code 1 when a finding reaches --fail-on.

    Example: albakg qc --data dist --require-all --fail-on ERROR
    """
    from albakg.qc.run import FailOn, qc_main

    try:
        level = FailOn(fail_on.upper())
    except ValueError as exc:
        raise typer.BadParameter(
            "must be ERROR, WARN, INFO or NEVER", param_hint="--fail-on"
        ) from exc
    raise typer.Exit(qc_main(data, report, level, require_all, typer.echo, _err))


@app.command("lint")
def lint_cmd(
    doc: Annotated[str | None, typer.Argument(help="Document id (default: every one).")] = None,
    source: SourceOpt = None,
    fix: Annotated[
        bool, typer.Option("--fix", help="Rewrite the record files in canonical form first.")
    ] = False,
) -> None:
    """List evidence that does not prove its record by itself.

    Relations whose quotes name neither end, quotes that are only a citation or a name, and
    quotes cut at a printed line break. Exit code 0 when every finding is explained in the
    document's lint-exceptions.yaml, 1 otherwise.

    Example: albakg lint briceno-ruiz-alba --fix
    """
    from albakg.cli.lint import lint_command

    lint_command(doc, source, fix)
