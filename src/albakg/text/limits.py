"""The size limit per data file, checked before a byte is parsed.

A data file far larger than any curated document is a mistake (a wrong file, a runaway
export), and parsing it would take minutes and gigabytes before failing; refusing it up front,
with the limit named, is the useful answer. ``ALBAKG_MAX_FILE_BYTES`` raises the limit.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Largest data file read, in bytes (the largest curated file is under 200 kB).
DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_FILE_BYTES_ENV = "ALBAKG_MAX_FILE_BYTES"


class LimitError(ValueError):
    """A file could not be read within the limit; the message names file and limit."""


def max_file_bytes() -> int:
    """The limit per data file: ``ALBAKG_MAX_FILE_BYTES`` when set, else the default."""
    value = os.environ.get(MAX_FILE_BYTES_ENV, "").strip()
    if not value:
        return DEFAULT_MAX_FILE_BYTES
    try:
        limit = int(value)
    except ValueError:
        raise LimitError(f"{MAX_FILE_BYTES_ENV}={value!r} is not a whole number of bytes") from None
    if limit < 1:
        raise LimitError(f"{MAX_FILE_BYTES_ENV}={value!r} must be at least 1")
    return limit


def read_limited(path: Path, what: str) -> bytes:
    """The bytes of ``path``; a file over the limit is refused before it is read."""
    limit = max_file_bytes()
    try:
        size = path.stat().st_size
        if size > limit:
            raise LimitError(
                f"{path}: the {what} is {size:,} bytes, over the limit of {limit:,} bytes per "
                f"data file; check it is the right file, or raise the limit with "
                f"{MAX_FILE_BYTES_ENV}=<bytes>"
            )
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except IsADirectoryError:
        raise LimitError(f"{path}: the {what} is a folder, not a file") from None
    except OSError as exc:
        raise LimitError(f"{path}: cannot read the {what} ({exc.strerror})") from None
    if len(data) > limit:
        raise LimitError(f"{path}: the {what} grew over the limit of {limit:,} bytes while read")
    return data
