"""albakg: a linked-data knowledge graph of an article on the ALBA bloc."""

from importlib.metadata import PackageNotFoundError, version

try:
    #: The one version, set in pyproject.toml and read from the installed package's metadata.
    __version__ = version("albakg")
except PackageNotFoundError:  # pragma: no cover - source tree on sys.path without installing
    __version__ = "0+unknown"
