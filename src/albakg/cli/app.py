"""Command-line interface: one command per user task; data to stdout, diagnostics to stderr.

Exit codes (``albakg.cli.common``): 0 success, 1 wrong input, 2 usage error, 3 the
environment failed, 4 internal fault; :class:`Commands` maps what a command did not catch.

Each command imports its module (``albakg.cli.<command>`` or the stage's ``*_command``)
inside its function, so ``albakg --version`` and ``--help`` load typer and nothing heavy,
and ``albakg query`` loads pyoxigraph but neither rdflib nor pySHACL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from albakg import __version__
from albakg.cli.common import (
    ENVIRONMENT,
    EXIT_CODES_EPILOG,
    environment_failure,
    err,
    internal_failure,
)


class Commands(TyperGroup):
    """Every command runs here, so nothing a command raised reaches the user as a traceback.

    An ``OSError`` is the environment failing (exit 3); anything else unexpected is an
    internal fault (exit 4, report in a temp file); Ctrl-C exits 130 as shells expect.
    """

    def invoke(self, ctx: Any) -> Any:  # typer's vendored click.Context
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException, SystemExit):
            raise
        except KeyboardInterrupt:
            err("interrupted")
            raise typer.Exit(130) from None
        except OSError as exc:
            raise environment_failure(exc) from None
        except MemoryError:
            err("error: out of memory; use a smaller input or a machine with more memory")
            raise typer.Exit(ENVIRONMENT) from None
        except Exception as exc:
            raise internal_failure(exc) from None


app = typer.Typer(
    name="albakg",
    help="Build, check and query the albakg knowledge graph of an article on the ALBA bloc.",
    epilog=EXIT_CODES_EPILOG,
    cls=Commands,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DEFAULT_OUT = Path("dist")
DataOpt = Annotated[
    Path, typer.Option("--data", help="Folder of a built dataset (from `albakg build`).")
]


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
    from albakg.cli.build import build_command

    build_command(out, source, base)


@app.command("validate")
def validate_cmd(
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="RDF files to validate (default: the built dataset)."),
    ] = None,
    data: DataOpt = DEFAULT_OUT,
    lang: Annotated[str, typer.Option("--lang", help="Language of the messages: en or es.")] = "en",
    max_mb: Annotated[
        int, typer.Option("--max-mb", help="Largest file to read, in megabytes.")
    ] = 64,
) -> None:
    """Validate the built dataset, or the given RDF files together, against the shapes.

    The packaged vocabulary is added, so that subclasses get their superclass's shapes.
    Exit code 0 when the data conforms, 1 when it does not, a file does not parse, holds
    no triple, is above --max-mb or is RDF/XML with a DTD.

    Example: albakg validate dist/albakg.trig
    """
    from albakg.cli.validate import validate_command

    validate_command(list(files or []), data, lang, max_mb)


@app.command("stats")
def stats_cmd(
    data: DataOpt = DEFAULT_OUT,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Count instances per class and triples per property in the built dataset.

    Example: albakg stats --format json
    """
    from albakg.cli.stats import stats_command

    stats_command(data, fmt)


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
    from albakg.cli.text import text_command

    text_command(doc, show)


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
    from albakg.cli.query import query_command

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
    """Serve the dataset: the site at /, SPARQL at /sparql, query page at /query, every IRI.

    Read-only; every query has a time limit and a result-size limit.

    Example: albakg serve --port 8000 --timeout 10
    """
    from albakg.cli.serve import serve_command

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
    update_endpoint: Annotated[
        str | None,
        typer.Option(
            "--update-endpoint",
            help="SPARQL Update endpoint: stage the graphs, then switch them in with one "
            "request (needs --query-endpoint).",
        ),
    ] = None,
    data: DataOpt = DEFAULT_OUT,
    retries: Annotated[int, typer.Option("--retries", help="Retries on transient errors.")] = 3,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds per request.")] = 120.0,
) -> None:
    """Load each named graph into a triplestore (Graph Store Protocol PUT: a reload replaces).

    Credentials come from ALBAKG_STORE_USER / ALBAKG_STORE_PASSWORD or a prompt.

    Example: albakg load --store http://127.0.0.1:7878/store
    --query-endpoint http://127.0.0.1:7878/query --update-endpoint http://127.0.0.1:7878/update
    """
    from albakg.cli.load import load_command

    load_command(data, store, query_endpoint, retries, timeout, update_endpoint)


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
    from albakg.cli.citations import citations_command

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
    from albakg.cli.coverage import coverage_command

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
    from albakg.cli.qc import qc_command

    qc_command(data, report, fail_on, require_all)


@app.command("cite")
def cite_cmd(
    fmt: Annotated[
        str,
        typer.Option(
            "--format", help="apa, bibtex, ris, csl-json, cff, datacite-json or datacite-xml."
        ),
    ] = "apa",
    what: Annotated[
        str, typer.Option("--what", help="dataset, vocabulary or source (the article).")
    ] = "dataset",
) -> None:
    """Print how to cite the dataset, its vocabulary or the source article.

    Example: albakg cite --format bibtex --what dataset
    """
    from albakg.cli.cite import cite_command

    cite_command(fmt, what)


@app.command("release")
def release_cmd(
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Release folder (default: dist/release-<version>/)."),
    ] = None,
    source: SourceOpt = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record",
            help="Also record it under releases/<version>/ and regenerate CITATION.cff, "
            ".zenodo.json and w3id/.htaccess.",
        ),
    ] = False,
) -> None:
    """Write a release: every serialization, dataset description, hashes, changelog, SHA256SUMS.

    Example: albakg release --record
    """
    from albakg.cli.release import release_command

    release_command(out, source, record)


@app.command("site")
def site_cmd(
    data: DataOpt = DEFAULT_OUT,
    out: Annotated[Path, typer.Option("--out", help="Folder of the site, replaced.")] = Path(
        "site"
    ),
) -> None:
    """Write a static site of the built dataset: pages in es and en, reading view, pictures.

    Example: albakg site --data dist --out site  (then open site/index.html)
    """
    from albakg.cli.site import site_command

    raise typer.Exit(site_command(data, out))


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
