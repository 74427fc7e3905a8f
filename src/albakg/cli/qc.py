"""``albakg qc``: run the quality checks, print the table, write the reports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer

from albakg.cli.common import ENVIRONMENT, INPUT, OK, err
from albakg.qc.run import FailOn, QCInputError, format_table, run_qc, write_reports

Echo = Callable[[str], object]


def qc_command(data: Path, report: Path | None, fail_on: str, require_all: bool) -> None:
    """Parse ``--fail-on`` (a usage error when unknown) and exit with :func:`qc_main`'s code."""
    try:
        level = FailOn(fail_on.upper())
    except ValueError as exc:
        raise typer.BadParameter(
            "must be ERROR, WARN, INFO or NEVER", param_hint="--fail-on"
        ) from exc
    raise typer.Exit(qc_main(data, report, level, require_all, typer.echo, err))


def qc_main(
    data: Path,
    report_dir: Path | None = None,
    fail_on: FailOn = FailOn.ERROR,
    require_all_tools: bool = False,
    echo: Echo = print,
    echo_err: Echo | None = None,
) -> int:
    """Run, print the table, write the reports; return the exit code (callable from tests)."""
    error = echo_err or echo
    try:
        report = run_qc(data, require_all_tools)
    except QCInputError as exc:
        error(f"error: {exc}")
        return INPUT
    echo(format_table(report, fail_on))
    try:
        written = write_reports(report, report_dir or data, fail_on)
    except OSError as exc:
        error(f"error: cannot write the reports: {exc}")
        return ENVIRONMENT
    echo("Written: " + ", ".join(str(p) for p in written))
    failing = report.failing(fail_on)
    if failing:
        error(f"error: {len(failing)} QC finding(s) at or above {fail_on.value}")
        return INPUT
    return OK
