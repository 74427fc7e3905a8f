"""``albakg citations``: formats, exit codes and data errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from albakg.cli.app import app

runner = CliRunner()


def test_command_tsv_and_json() -> None:
    tsv = runner.invoke(app, ["citations", "--format", "tsv"])
    assert tsv.exit_code == 0, tsv.output
    lines = tsv.output.splitlines()
    assert lines[0].split("\t")[:3] == ["start", "end", "exact"]
    assert len(lines) == 49
    assert any(line.split("\t")[2] == "(Guzzini, 2012)" for line in lines)
    out = runner.invoke(app, ["citations", "--format", "json"])
    assert out.exit_code == 0
    payload = json.loads(out.output)
    assert payload["summary"] == {"pointers": 48, "works": 36, "ibidem": 9, "op_cit": 1}
    table = runner.invoke(app, ["citations"])
    assert table.exit_code == 0 and "48 pointers, 36 distinct works" in table.output


def test_command_usage_and_data_errors(tmp_path: Path) -> None:
    assert runner.invoke(app, ["citations", "--format", "xml"]).exit_code == 2
    missing = runner.invoke(app, ["citations", "no-such-doc"])
    assert missing.exit_code == 1 and "no document 'no-such-doc'" in missing.output
    help_text = runner.invoke(app, ["citations", "--help"]).output
    assert "Example: albakg citations" in help_text
