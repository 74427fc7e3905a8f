"""The command line, through typer's runner and through the installed console script."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from albakg.build.pipeline import BuildResult
from albakg.cli.app import app
from albakg.cli.build import format_build
from albakg.text.document import Document

from .conftest import MINI_CORPUS

runner = CliRunner()
COMMANDS = ["build", "validate", "stats", "text", "query", "serve", "load", "citations", "coverage"]


def test_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: albakg " + command in result.output


def test_build_prints_files_counts_and_conformance(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["build", "--source", str(MINI_CORPUS), "--out", str(tmp_path / "d")]
    )
    assert result.exit_code == 0, result.output
    assert "albakg.jsonld" in result.output and "triples" in result.output
    assert "conforms" in result.output


def test_build_failure_exits_1_with_report(tmp_path: Path) -> None:
    target = tmp_path / "c"
    shutil.copytree(MINI_CORPUS, target)
    ents = target / "documents" / "mini" / "entities.yaml"
    ents.write_text(
        ents.read_text(encoding="utf-8").replace('quote: "Ana Pérez"', 'quote: "Ana X"'),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["build", "--source", str(target), "--out", str(tmp_path / "d")])
    assert result.exit_code == 1
    assert "quote not found" in result.output and "ana-perez" in result.output
    assert not (tmp_path / "d").exists()


def test_validate_built_and_broken_files(mini_build: BuildResult, tmp_path: Path) -> None:
    ok = runner.invoke(app, ["validate", "--data", str(mini_build.out)])
    assert ok.exit_code == 0, ok.output
    assert "conforms" in ok.output
    broken = tmp_path / "broken.nt"
    lines = (mini_build.out / "albakg.nt").read_text(encoding="utf-8").splitlines()
    broken.write_text(
        "\n".join(line for line in lines if "authorStance" not in line) + "\n", encoding="utf-8"
    )
    bad = runner.invoke(app, ["validate", str(broken), str(mini_build.out / "ontology.ttl")])
    assert bad.exit_code == 1
    assert "author stance" in bad.output
    garbage = tmp_path / "garbage.ttl"
    garbage.write_text("<a> <b> .\n", encoding="utf-8")
    unparsable = runner.invoke(app, ["validate", str(garbage)])
    assert unparsable.exit_code == 1
    assert "does not parse" in unparsable.output and "line 1, column" in unparsable.output


def test_commands_need_a_built_dataset(tmp_path: Path) -> None:
    result = runner.invoke(app, ["stats", "--data", str(tmp_path)])
    assert result.exit_code == 1
    assert "run `albakg build` first" in result.output


def test_stats_counts_classes_and_properties(mini_build: BuildResult) -> None:
    result = runner.invoke(app, ["stats", "--data", str(mini_build.out)])
    assert result.exit_code == 0, result.output
    assert "albakg:Claim" in result.output and "albakg:hasEvidence" in result.output
    as_json = runner.invoke(app, ["stats", "--data", str(mini_build.out), "--format", "json"])
    import json

    counts = json.loads(as_json.output)
    assert counts["classes"]["albakg:Claim"] == 3
    assert counts["classes"]["albakg:Membership"] == 1


def test_text_shows_hyphen_decisions() -> None:
    result = runner.invoke(app, ["text", "--show", "hyphens"])
    assert result.exit_code == 0
    assert "contra-hegemónicas\tprefix 'contra-'" in result.output


def test_installed_console_script() -> None:
    script = Path(sys.executable).with_name("albakg")
    if not script.exists():
        found = shutil.which("albakg")
        assert found, "the albakg console script is not installed"
        script = Path(found)
    done = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=True)
    assert "build" in done.stdout and "validate" in done.stdout
    version = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == "0.1.0"


def test_text_views_are_the_documents_segments(article: Document) -> None:
    headings = runner.invoke(app, ["text", "--show", "headings"])
    assert headings.exit_code == 0
    rows = headings.output.splitlines()
    assert len(rows) == len(article.headings)
    assert rows[0].split("\t")[:4] == [
        article.headings[0].id,
        str(article.headings[0].parent),
        str(article.headings[0].raw_start),
        str(article.headings[0].raw_end),
    ]
    sentences = runner.invoke(app, ["text", "--show", "sentences"])
    assert len(sentences.output.splitlines()) == len(article.sentences)
    normalized = runner.invoke(app, ["text"])
    assert normalized.output == article.text + "\n"


def test_text_refuses_an_unknown_view_or_document() -> None:
    view = runner.invoke(app, ["text", "--show", "words"])
    assert view.exit_code == 2
    assert "--show must be" in view.output
    doc = runner.invoke(app, ["text", "no-such-doc"])
    assert doc.exit_code == 1
    assert "no document 'no-such-doc'" in doc.output


def test_stats_refuses_an_unknown_format(mini_build: BuildResult) -> None:
    result = runner.invoke(app, ["stats", "--data", str(mini_build.out), "--format", "xml"])
    assert result.exit_code == 2
    assert "--format must be table or json" in result.output


def test_validate_names_a_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "absent.ttl")])
    assert result.exit_code == 1
    assert f"{tmp_path / 'absent.ttl'}: no such file" in result.output


def test_build_lists_each_file_with_its_size(mini_build: BuildResult) -> None:
    lines = format_build(mini_build).splitlines()
    assert lines[0] == f"Built the albakg dataset into {mini_build.out}/"
    for w in mini_build.written:
        (row,) = [line for line in lines if line.split()[:1] == [w.name]]
        assert row.split()[-2] == str((mini_build.out / w.name).stat().st_size)
    assert any(line.startswith("Named graphs (triples): ") for line in lines)
    assert any(w.unit == "quads" for w in mini_build.written if w.name.endswith((".trig", ".nq")))
