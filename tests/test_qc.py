"""``albakg qc``: every family runs, grades decide the exit code, reports are written."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF
from typer.testing import CliRunner

from albakg.build.pipeline import BuildResult
from albakg.cli.app import app
from albakg.cli.qc import qc_main
from albakg.qc import jena, reasoner
from albakg.qc.base import Finding, Grade, Status, failed, not_checked, not_run, passed
from albakg.qc.canon import MANIFEST
from albakg.qc.run import (
    FAMILIES,
    REPORT_JSONLD,
    REPORT_MD,
    FailOn,
    QCReport,
    render_markdown,
    report_jsonld,
    run_qc,
    write_reports,
)

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent


def tools_missing() -> str | None:
    missing = [
        reason
        for reason in (
            jena.missing_reason(),
            reasoner.missing_reason(),
            None if shutil.which("rapper") else "rapper is not installed (raptor2-utils)",
        )
        if reason
    ]
    return "; ".join(missing) or None


@pytest.fixture(scope="module")
def mini_report(mini_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> QCReport:
    data = tmp_path_factory.mktemp("qc") / "dist"
    shutil.copytree(mini_build.out, data)
    return run_qc(data)


def synthetic(*findings: Finding) -> QCReport:
    return QCReport(Path("dist"), findings, None)


def test_the_built_dataset_passes_qc_with_every_tool(
    real_build: BuildResult, tmp_path: Path
) -> None:
    """What CI runs: `albakg qc --require-all --fail-on ERROR` on the real dataset."""
    reason = tools_missing()
    if reason:
        pytest.skip(f"QC needs every tool: {reason}")
    data = tmp_path / "dist"  # a copy: the session's build stays as the build wrote it
    shutil.copytree(real_build.out, data)
    result = runner.invoke(app, ["qc", "--data", str(data), "--require-all", "--fail-on", "ERROR"])
    assert result.exit_code == 0, result.output
    assert "0 ERROR" in result.output
    for name in (REPORT_MD, REPORT_JSONLD, MANIFEST):
        assert (data / name).exists()


def test_every_family_reports(mini_report: QCReport) -> None:
    assert {f.family for f in mini_report.findings} == set(FAMILIES)
    assert mini_report.identity is not None
    codes = {(f.family, f.code) for f in mini_report.findings}
    assert ("RULE", "claim-without-claimant") in codes
    assert ("AGREE", "shacl-pyshacl") in codes and ("REASONER", "consistent") in codes


def test_reports_are_written_and_machine_readable(mini_report: QCReport, tmp_path: Path) -> None:
    written = write_reports(mini_report, tmp_path / "report", FailOn.ERROR)
    assert [p.name for p in written] == [REPORT_MD, REPORT_JSONLD, MANIFEST]
    assert written[2].parent == mini_report.data
    md = written[0].read_text(encoding="utf-8")
    assert mini_report.identity is not None
    assert mini_report.identity.data_graph in md and mini_report.identity.dataset in md
    for title in FAMILIES.values():
        assert f"## {title}" in md
    g = Graph()
    g.parse(written[1], format="json-ld")
    assertions = set(g.subjects(RDF.type, g.namespace_manager.expand_curie("earl:Assertion")))
    assert len(assertions) == len(mini_report.findings)
    document = json.loads(written[1].read_text(encoding="utf-8"))
    assert document["datasetSha256"] == mini_report.identity.dataset
    assert isinstance(document["@context"], dict)  # inline: no parser fetches anything


def test_reports_are_deterministic(mini_report: QCReport) -> None:
    assert render_markdown(mini_report, FailOn.ERROR) == render_markdown(mini_report, FailOn.ERROR)
    assert json.dumps(report_jsonld(mini_report)) == json.dumps(report_jsonld(mini_report))


def test_fail_on_sets_the_threshold() -> None:
    report = synthetic(
        passed("X", "a", "a", "fine"),
        failed("X", "b", "b", Grade.INFO, "note"),
        failed("X", "c", "c", Grade.WARN, "hmm"),
    )
    assert report.failing(FailOn.ERROR) == []
    assert [f.code for f in report.failing(FailOn.WARN)] == ["c"]
    assert [f.code for f in report.failing(FailOn.INFO)] == ["b", "c"]
    assert report.failing(FailOn.NEVER) == []


def test_require_all_turns_not_run_into_error(mini_build: BuildResult) -> None:
    from albakg.qc.base import require_all

    findings = require_all(
        [not_run("X", "tool", "t", "missing"), not_checked("X", "net", "n", "network")]
    )
    assert findings[0].grade is Grade.ERROR and findings[0].status is Status.NOT_RUN
    assert findings[1].grade is Grade.INFO


def test_missing_tools_are_reported_not_passed(
    mini_build: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jena, "missing_reason", lambda: "no Jena here")
    monkeypatch.setattr(reasoner, "missing_reason", lambda: "no Java here")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    data = tmp_path / "dist"
    shutil.copytree(mini_build.out, data)
    report = run_qc(data, require_all_tools=True)
    not_run_codes = {f.code for f in report.findings if f.status is Status.NOT_RUN}
    assert {
        "parse-rapper",
        "parse-riot",
        "shacl-jena",
        "consistent",
        "satisfiable",
    } <= not_run_codes
    assert all(f.grade is Grade.ERROR for f in report.findings if f.status is Status.NOT_RUN)
    lines: list[str] = []
    assert qc_main(data, tmp_path / "r", FailOn.ERROR, True, echo=lines.append) == 1
    assert any("not run" in line or "no Jena here" in line for line in lines)


def test_no_dataset_is_an_error(tmp_path: Path) -> None:
    lines: list[str] = []
    assert qc_main(tmp_path, echo=lines.append) == 1
    assert any("run `albakg build` first" in line for line in lines)


def test_command_help_gives_an_example() -> None:
    result = runner.invoke(app, ["qc", "--help"])
    assert result.exit_code == 0
    assert "Example: albakg qc" in result.output


def test_an_unknown_grade_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["qc", "--data", str(tmp_path), "--fail-on", "FATAL"])
    assert result.exit_code == 2


def test_the_wheel_carries_the_rules_and_the_template() -> None:
    """qc/rules sits at the top of the repository; the wheel must copy it into _resources."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    force = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert force.get("qc") == "albakg/_resources/qc", 'pyproject: add "qc" to force-include'
    assert (ROOT / "src" / "albakg" / "templates" / "qc.md.j2").exists()
