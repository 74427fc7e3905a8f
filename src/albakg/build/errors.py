"""The build's own failure, shared by the pipeline and the output-folder checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from albakg.validate.shacl import Report


class BuildError(RuntimeError):
    """The build could not produce a valid dataset; nothing was written."""

    def __init__(self, message: str, report: Report | None = None) -> None:
        super().__init__(message)
        self.report = report
