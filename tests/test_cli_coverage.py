"""``albakg coverage``: the exit code follows the list; usage and data errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from albakg.cli.app import app
from albakg.curation.exclusions import EXCLUSIONS_FILE

from .conftest import MINI_CORPUS

runner = CliRunner()


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(MINI_CORPUS, target)
    return target


def test_command_exit_codes_follow_the_list(mini_copy: Path) -> None:
    args = ["coverage", "mini", "--source", str(mini_copy), "--format", "json"]
    first = runner.invoke(app, args)
    payload = json.loads(first.output)
    assert first.exit_code == 1 and payload["unexplained"]
    names = sorted({row["text"] for row in payload["unexplained"]})
    exclusions = {
        "names": [{"terms": names, "reason": "common-noun", "note": "test"}],
        "unmentioned": [
            {"entity": e, "reason": "no-surface-form", "note": "test"}
            for e in payload["unmentioned"]
        ],
    }
    (mini_copy / "documents" / "mini" / EXCLUSIONS_FILE).write_text(
        yaml.safe_dump(exclusions, allow_unicode=True), encoding="utf-8"
    )
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert json.loads(second.output)["unexplained"] == []
    table = runner.invoke(app, ["coverage", "mini", "--source", str(mini_copy)])
    assert table.exit_code == 0 and "0 unexplained names" in table.output


def test_command_usage_and_data_errors(mini_copy: Path) -> None:
    assert runner.invoke(app, ["coverage", "--format", "xml"]).exit_code == 2
    bad = mini_copy / "documents" / "mini" / EXCLUSIONS_FILE
    bad.write_text("names: [{terms: [X], reason: nope, note: x}]\n", encoding="utf-8")
    result = runner.invoke(app, ["coverage", "mini", "--source", str(mini_copy)])
    assert result.exit_code == 1 and "reason" in result.output
    assert "Example: albakg coverage" in runner.invoke(app, ["coverage", "--help"]).output


def test_command_on_the_article_matches_the_list() -> None:
    result = runner.invoke(app, ["coverage", "--format", "tsv"])
    rows = result.output.splitlines()[1:]
    assert result.exit_code == (1 if rows else 0)
