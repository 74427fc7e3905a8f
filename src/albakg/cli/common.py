"""Helpers every command shares; typer only, so importing it costs nothing at start-up."""

from __future__ import annotations

from pathlib import Path

import typer

#: The main file of a built dataset: its presence is what "built" means.
DATASET_FILE = "albakg.trig"


def err(message: str) -> None:
    """Diagnostics go to stderr so that stdout stays data."""
    typer.echo(message, err=True)


def require_built(data: Path) -> Path:
    """The main data file of a built dataset, or exit 1 telling the user to build first."""
    trig = data / DATASET_FILE
    if not trig.exists():
        err(f"error: no built dataset in {data}/ — run `albakg build` first")
        raise typer.Exit(1)
    return trig


# ------------------------------------------------------------------------- exit codes

#: Success.
OK = 0
#: The input is wrong or does not conform: the user can fix the data or the query.
INPUT = 1
#: The command line is wrong (typer's own code for an unknown option or a bad value).
USAGE = 2
#: The environment failed: disk full, read-only, permissions, a lock, a store or port.
ENVIRONMENT = 3
#: A fault inside albakg: one line on stderr, the full report in a temp file.
INTERNAL = 4

EXIT_CODES_EPILOG = (
    "Exit codes: 0 success; 1 the input is wrong or does not conform; 2 usage error; "
    "3 the environment failed (disk full, permissions, a lock, a store or port "
    "unreachable, a tool missing); 4 internal fault (the full report is written to a "
    "temp file). README, section Reliability, gives the table per command."
)


def environment_failure(exc: OSError) -> typer.Exit:
    """Exit 3 with one line naming the file and the system's reason."""
    where = f"{exc.filename}: " if exc.filename else ""
    err(f"error: {where}{exc.strerror or exc}; check the disk, permissions and limits")
    return typer.Exit(ENVIRONMENT)


def internal_failure(exc: BaseException) -> typer.Exit:
    """Exit 4: the traceback goes to a report file, the terminal gets one line."""
    import tempfile
    import traceback

    from albakg import __version__

    text = "".join(traceback.format_exception(exc))
    try:
        with tempfile.NamedTemporaryFile(
            "w", prefix="albakg-crash-", suffix=".txt", delete=False, encoding="utf-8"
        ) as fh:
            fh.write(f"albakg {__version__}\n{text}")
        where = f"full report in {fh.name}"
    except OSError:
        where = "no report could be written"
    err(f"internal error: {type(exc).__name__}: {str(exc)[:200]} ({where}; please report it)")
    return typer.Exit(INTERNAL)
