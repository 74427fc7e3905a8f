"""The import direction of the stages, as import-linter checks it (pyproject.toml).

The contracts are only worth something if they break: so besides the real tree, a copy
with one upward import injected must fail, naming the contract it breaks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = "Stages import downwards only"
NO_CLI = "Only the entry point imports the command line"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Run lint-imports on the tree under ``root`` (its own src/ first on the path)."""
    script = Path(sys.executable).with_name("lint-imports")
    command = str(script) if script.exists() else shutil.which("lint-imports")
    assert command, "import-linter is not installed (pip install -e '.[dev]')"
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run(
        [command, "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )


def test_the_tree_keeps_every_contract() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{LAYERS} KEPT" in done.stdout
    assert f"{NO_CLI} KEPT" in done.stdout


@pytest.mark.parametrize(
    ("module", "injected", "broken", "kept"),
    [
        ("albakg/text/document.py", "albakg.cli.app", [LAYERS, NO_CLI], []),
        ("albakg/curation/records.py", "albakg.rdf.iris", [LAYERS], [NO_CLI]),
    ],
)
def test_an_upward_import_breaks_the_contract(
    tmp_path: Path, module: str, injected: str, broken: list[str], kept: list[str]
) -> None:
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "src" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\nimport {injected}\n", "utf-8")

    done = lint_imports(tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    importer = module.removesuffix(".py").replace("/", ".")
    assert f"{importer} -> {injected}" in done.stdout  # the copy was analysed, not the tree
    for name in broken:
        assert f"{name} BROKEN" in done.stdout
    for name in kept:
        assert f"{name} KEPT" in done.stdout
