"""Promises the repository makes: README's commands, CI, packaging of run-time files."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## The two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_readme_gives_two_one_line_commands() -> None:
    build_cmd, test_cmd = readme_commands()
    assert "albakg build" in build_cmd and "pip install" in build_cmd
    assert "pytest" in test_cmd and "pip install" in test_cmd


def test_ci_runs_exactly_the_readme_test_command() -> None:
    _, test_cmd = readme_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_cmd in ci, ".ci/run must run README.md's test command verbatim"
    assert "export ALBAKG_NO_SKIP=1" in ci


@pytest.mark.slow
def test_wheel_carries_every_runtime_file(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = tmp_path.glob("albakg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "albakg/_resources/ontology/albakg.ttl",
        "albakg/_resources/shapes/albakg-shapes.ttl",
        "albakg/_resources/data/documents/briceno-ruiz-alba/source.txt",
        "albakg/_resources/data/links/wikidata.tsv",
        "albakg/cli/app.py",
        "albakg/text/document.py",
    ):
        assert needed in names, f"{needed} missing from the wheel"
    assert not any("/drafts/" in n for n in names)
