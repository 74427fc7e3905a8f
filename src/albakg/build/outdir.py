"""The output folder: checked before any work, locked, staged, swapped in whole.

A build may replace only a folder it wrote itself, and only the files it wrote there:
the marker file lists them, so anything a user added is found and named instead of being
deleted. Every refusal happens before the text is read, so a wrong ``--out`` costs nothing.
Staging folders carry the pid of the build that made them; a later build removes those
whose process is gone, and never one it cannot prove is its own.
"""

from __future__ import annotations

import errno
import fcntl
import os
import secrets
import shutil
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from albakg.build.errors import BuildError
from albakg.export import serialize
from albakg.resources import data_dir, resource_root

#: Lists the files a build wrote into its output folder (dot file: not part of the data).
MARKER = ".albakg-build"
MARKER_HEADER = "written by albakg build"
#: Holds the pid of the build that made a staging folder.
STAGING_MARKER = ".albakg-staging"
#: What an output folder held before the marker listed its files.
LEGACY_FILES = frozenset(
    {
        serialize.DATA_TTL,
        serialize.DATA_JSONLD,
        serialize.DATA_NT,
        serialize.DATASET_TRIG,
        serialize.DATASET_NQ,
        serialize.ONTOLOGY_TTL,
        serialize.ONTOLOGY_OWL,
        serialize.SHAPES_TTL,
        serialize.CONTEXT,
    }
)
_LISTED = 10


class OutputError(BuildError):
    """The output folder cannot be used; nothing was written and nothing was deleted.

    ``environment`` tells a failing system (disk full, read-only, a lock held) from a
    wrong ``--out`` the user can change: the command line maps them to exit 3 and 2.
    """

    def __init__(self, message: str, *, environment: bool) -> None:
        super().__init__(message)
        self.environment = environment


def _protected(source: Path | None) -> list[tuple[Path, str, bool]]:
    """Folders a build must never replace, nor any folder holding them; True: nor inside."""
    found = [
        (Path("/"), "the filesystem root", False),
        (Path.home().resolve(), "your home folder", False),
        (data_dir().resolve(), "the packaged data folder", True),
    ]
    if source is not None:
        found.append((source.resolve(), "the data folder given with --source", True))
    root = resource_root().resolve()
    if (root / "pyproject.toml").exists():
        found.append((root, "the albakg repository", False))
    return found


def check_target(out: Path, source: Path | None) -> None:
    """Refuse a dangerous or unusable ``--out`` (``out`` already resolved)."""
    for folder, what, nor_inside in _protected(source):
        if out == folder or (nor_inside and folder in out.parents):
            where = "is" if out == folder else "is inside"
            raise OutputError(
                f"--out {out} {where} {what}; a build replaces its output folder, "
                "so choose a separate folder such as ./dist",
                environment=False,
            )
        if out in folder.parents:
            raise OutputError(
                f"--out {out} holds {what} ({folder}); a build replaces its output folder, "
                "so choose a separate folder such as ./dist",
                environment=False,
            )
    for parent in (out, *out.parents):
        if parent.exists() or parent.is_symlink():
            if parent != out and not parent.is_dir():
                raise OutputError(
                    f"--out {out}: {parent} is a file, not a folder; choose another --out",
                    environment=False,
                )
            break
    if out.exists() and not out.is_dir():
        raise OutputError(
            f"--out {out} is a file, not a folder; choose another --out", environment=False
        )
    foreign = foreign_entries(out)
    if foreign:
        listed = ", ".join(foreign[:_LISTED])
        more = f" and {len(foreign) - _LISTED} more" if len(foreign) > _LISTED else ""
        if (out / MARKER).exists():
            raise OutputError(
                f"--out {out} holds files albakg build did not write: {listed}{more}; "
                "move them elsewhere (a build replaces the whole folder) and build again",
                environment=False,
            )
        raise OutputError(
            f"--out {out} is not empty and was not written by albakg build ({listed}{more}); "
            "choose another --out or empty it yourself",
            environment=False,
        )


def written_names(out: Path) -> frozenset[str]:
    """The names the marker of ``out`` lists (the legacy set for a marker without a list)."""
    try:
        lines = (out / MARKER).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return frozenset()
    if not lines or lines[0] != MARKER_HEADER:
        return frozenset()
    names = frozenset(line for line in lines[1:] if line)
    return names or LEGACY_FILES


def foreign_entries(out: Path) -> list[str]:
    """Sorted names in ``out`` that no build wrote there (folders end with ``/``)."""
    if not out.is_dir():
        return []
    mine = written_names(out) | {MARKER}
    found = []
    for entry in out.iterdir():
        is_file = entry.is_file() and not entry.is_symlink()
        if entry.name not in mine or not is_file:
            found.append(entry.name + ("/" if entry.is_dir() else ""))
    return sorted(found)


def write_marker(staging: Path, names: list[str]) -> None:
    text = "\n".join([MARKER_HEADER, *sorted(names)]) + "\n"
    (staging / MARKER).write_text(text, encoding="utf-8")


def environment_error(exc: OSError, what: str) -> OutputError:
    """One sentence for a failing filesystem: what could not be done, why, what to do."""
    advice = {
        errno.ENOSPC: "free some space or choose another --out",
        errno.EDQUOT: "free some space or choose another --out",
        errno.EROFS: "the filesystem is read-only: choose another --out",
        errno.EACCES: "you may not write there: choose another --out",
        errno.EPERM: "you may not write there: choose another --out",
        errno.EFBIG: "a file-size limit (ulimit -f) is lower than an output file: raise it",
    }.get(exc.errno or 0, "choose another --out")
    reason = exc.strerror or str(exc)
    return OutputError(f"{what}: {reason}; {advice}", environment=True)


# ----------------------------------------------------------------------------- locking


@dataclass
class Lock:
    """An exclusive ``flock`` on ``.<name>.lock`` beside the output folder."""

    path: Path
    fd: int

    def release(self) -> None:
        # Unlinked while still held, so no later build can lock a file being removed.
        with suppress(FileNotFoundError):
            self.path.unlink()
        os.close(self.fd)


def acquire_lock(out: Path) -> Lock:
    """Lock ``out`` against a second build, or say which build holds it."""
    path = out.parent / f".{out.name}.lock"
    for _ in range(5):
        try:
            # never through a symbolic link: the lock file is written to and truncated
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666)
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                raise
            raise OutputError(
                f"{path} is a symbolic link, not albakg's lock file; remove it, then build again",
                environment=True,
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise OutputError(
                f"another albakg build (pid {holder}) is writing {out} and holds {path}; "
                "wait for it to finish, then build again",
                environment=True,
            ) from None
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
            return Lock(path, fd)
        os.close(fd)  # the holder removed it between our open and our lock: try again
    raise OutputError(f"could not lock {path}; build again", environment=True)


# ----------------------------------------------------------------------------- staging


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _staging_pid(folder: Path) -> int | None:
    try:
        text = (folder / STAGING_MARKER).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def clean_stale(out: Path) -> list[Path]:
    """Remove what builds of ``out`` that died left beside it (the lock is held).

    A previous output set aside by a swap that never finished is put back as ``out``.
    """
    removed = []
    for folder in sorted(out.parent.glob(f".{out.name}.new-*")):
        pid = _staging_pid(folder)
        if folder.is_dir() and not folder.is_symlink() and pid is not None and not _alive(pid):
            shutil.rmtree(folder)
            removed.append(folder)
    old = out.parent / f".{out.name}.old"
    if old.is_dir() and not old.is_symlink() and (old / MARKER).exists():
        if not foreign_entries(old) and not out.exists():
            # killed between the two renames of a swap: the previous output comes back
            old.rename(out)
        elif not foreign_entries(old):
            shutil.rmtree(old)
            removed.append(old)
    return removed


def staging_path(out: Path) -> Path:
    """A fresh name beside ``out``, chosen before creation so a signal cannot orphan it."""
    return out.parent / f".{out.name}.new-{os.getpid()}-{secrets.token_hex(4)}"


def make_staging(staging: Path) -> None:
    """Create ``staging`` with its pid; ``mkdir`` honours the umask, as ``--out`` must."""
    staging.mkdir()
    (staging / STAGING_MARKER).write_text(f"{os.getpid()}\n", encoding="ascii")


def swap_in(staging: Path, out: Path) -> None:
    """Put ``staging`` in place of ``out``; signals wait until both renames are done."""
    (staging / STAGING_MARKER).unlink()
    with _signals_blocked():
        if out.exists():
            old = out.parent / f".{out.name}.old"
            out.rename(old)
            staging.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.rename(out)


_STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@contextmanager
def _signals_blocked() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class Stopped(BaseException):
    """A SIGTERM or SIGHUP arrived: unwinds like Ctrl-C so the staging folder is removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by {signal.Signals(signum).name}")
        self.signum = signum


def _raise_stopped(signum: int, frame: FrameType | None) -> None:
    raise Stopped(signum)


@contextmanager
def signals_unwind() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into an exception for the duration (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved: dict[signal.Signals, Callable[[int, FrameType | None], object] | int | None] = {}
    for signum in (signal.SIGTERM, signal.SIGHUP):
        saved[signum] = signal.signal(signum, _raise_stopped)
    try:
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)
