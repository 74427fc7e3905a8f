"""Data flows one way: extraction yields values, the RDF stage renders them.

Read from the source (not from what happens to be imported at run time), so a new import
that breaks the direction fails here even if no test exercises it.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest

import albakg

PACKAGE = Path(albakg.__file__).parent
#: Stages below the RDF stage, and what none of them may import.
VALUE_STAGES = ("text", "curation", "extract")
ABOVE_VALUES = ("rdflib", "albakg.rdf", "albakg.validate", "albakg.export", "albakg.build")


def _imports(stage: str) -> Iterator[tuple[Path, str, tuple[str, ...]]]:
    """(file, module, names) of every import statement of a subpackage."""
    for path in sorted((PACKAGE / stage).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name, ()
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                yield path, node.module, tuple(a.name for a in node.names)


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


@pytest.mark.parametrize("stage", VALUE_STAGES)
def test_value_stages_import_no_rdf(stage: str) -> None:
    bad = [
        f"{path.relative_to(PACKAGE)} imports {module}"
        for path, module, _ in _imports(stage)
        if any(_within(module, p) for p in ABOVE_VALUES)
    ]
    assert bad == []


def test_rdf_stage_imports_only_types_from_extraction() -> None:
    bad: list[str] = []
    seen = 0
    for path, module, names in _imports("rdf"):
        if not _within(module, "albakg.extract"):
            continue
        if not names:
            bad.append(f"{path.relative_to(PACKAGE)}: import {module} (a whole module)")
        target = importlib.import_module(module)
        for name in names:
            seen += 1
            if not inspect.isclass(getattr(target, name)):
                bad.append(f"{path.relative_to(PACKAGE)}: {module}.{name} is not a type")
    assert bad == []
    assert seen > 0  # the renderers do read extraction's value types
