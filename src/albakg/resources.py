"""Locate the files the package reads at run time, from a checkout or an installed wheel.

The vocabulary, shapes, curated data and queries live at the top of the repository so that
curators find them; a wheel carries copies under ``albakg/_resources``. One function
decides where to look, so no other module cares how the package was installed.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_WHEEL_ROOT = _PACKAGE_DIR / "_resources"
_CHECKOUT_ROOT = _PACKAGE_DIR.parent.parent


def resource_root() -> Path:
    """Folder holding ``ontology/``, ``shapes/``, ``data/`` and ``queries/``."""
    if (_WHEEL_ROOT / "ontology").is_dir():
        return _WHEEL_ROOT
    if (_CHECKOUT_ROOT / "ontology").is_dir():
        return _CHECKOUT_ROOT
    raise FileNotFoundError(
        f"albakg resources not found in {_WHEEL_ROOT} nor {_CHECKOUT_ROOT}; reinstall the package"
    )


def ontology_file() -> Path:
    return resource_root() / "ontology" / "albakg.ttl"


def shapes_file() -> Path:
    return resource_root() / "shapes" / "albakg-shapes.ttl"


def data_dir() -> Path:
    return resource_root() / "data"


def queries_dir() -> Path:
    return resource_root() / "queries"
