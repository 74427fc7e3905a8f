"""Start-up cost: which libraries each command loads, checked in a fresh interpreter.

Timing is machine-dependent, so the tests assert on ``sys.modules`` instead; the figures
come from ``benchmarks/bench_startup.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from albakg.build.pipeline import BuildResult

#: Runs the CLI as the console script does, then prints the loaded module names as JSON.
PROBE = """
import json, sys
from albakg.cli.app import app
sys.argv = ["albakg", *json.loads(sys.argv[1])]
try:
    app()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print("\\nMODULES " + json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""

#: Libraries no command needs before it runs (typer itself loads pydantic, so it is not here).
HEAVY = ("rdflib", "pyshacl", "owlready2", "jinja2", "starlette", "httpx", "pyoxigraph")


def loaded_by(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))],
        capture_output=True,
        text=True,
        check=True,
    )
    line = done.stdout.rsplit("\nMODULES ", 1)[1]
    report = json.loads(line)
    assert report["code"] in (0, None), done.stderr
    return set(report["modules"])


def roots(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("query", "--help")])
def test_version_and_help_load_no_rdf_library(args: tuple[str, ...]) -> None:
    modules = loaded_by(*args)
    assert "albakg.cli.app" in modules  # the probe really ran the CLI
    assert not roots(modules) & set(HEAVY), sorted(roots(modules) & set(HEAVY))
    assert not any(m.startswith("albakg.") and m.split(".")[1] != "cli" for m in modules)


def test_a_bundled_query_needs_pyoxigraph_only(mini_build: BuildResult) -> None:
    modules = loaded_by("query", "alba-members", "--data", str(mini_build.out), "--format", "csv")
    assert "pyoxigraph" in modules  # the query really ran
    assert "albakg.sparql.query" in modules
    assert "pyshacl" not in modules
    assert "rdflib" not in modules
    assert "rdflib.plugins.sparql" not in modules
