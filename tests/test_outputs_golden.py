"""The bytes of every file a build of the real article writes, pinned by SHA-256.

Any change to what the build writes must show up here and be accepted on purpose
(``ALBAKG_REGEN_GOLDEN=1``), so that a refactoring cannot change the data unnoticed.
"""

from __future__ import annotations

import hashlib

from albakg.build.pipeline import BuildResult
from tests.conftest import check_golden


def test_every_output_file_has_its_recorded_digest(real_build: BuildResult) -> None:
    files = sorted(
        p for p in real_build.out.iterdir() if p.is_file() and not p.name.startswith(".")
    )
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n" for p in files]
    check_golden("build-sha256.txt", "".join(lines))
