"""The output folder: refused before any work, locked, staged, never losing a user's file.

Full disk, read-only filesystem: a real tmpfs is mounted when the tests run as root with
``mount`` permitted (CI does); otherwise those two tests are skipped and the monkeypatched
ENOSPC test below still runs. A file-size limit is set with ``RLIMIT_FSIZE`` in a
subprocess; signals are sent to a real ``albakg build`` process.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from albakg.build import outdir, pipeline
from albakg.cli.app import app
from albakg.resources import data_dir, resource_root

from .conftest import MINI_CORPUS

runner = CliRunner()
ALBAKG = [str(Path(sys.executable).with_name("albakg"))]


def run_build(out: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["build", "--source", str(MINI_CORPUS), "--out", str(out), *extra])
    return result.exit_code, result.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def leftovers(parent: Path, name: str = "dist") -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


@pytest.fixture
def no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any refusal must come before the text is read: reading it fails the test."""

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the build started working before checking --out")

    monkeypatch.setattr(pipeline, "assemble", forbidden)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of the mini corpus; tests copy it to get a previous output."""
    out = tmp_path_factory.mktemp("built") / "dist"
    code, stderr = run_build(out)
    assert code == 0, stderr
    return out


def previous(built: Path, parent: Path) -> Path:
    parent.mkdir(parents=True, exist_ok=True)
    out = parent / "dist"
    shutil.copytree(built, out)
    return out


# ------------------------------------------------------------------- dangerous targets

CHOOSE = "a build replaces its output folder, so choose a separate folder such as ./dist"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (lambda: Path("/"), "--out / is the filesystem root; "),
        (lambda: Path.home(), f"--out {Path.home().resolve()} is your home folder; "),
        (lambda: data_dir(), f"--out {data_dir().resolve()} is the packaged data folder; "),
        (
            lambda: data_dir() / "documents" / "dist",
            f"--out {(data_dir() / 'documents' / 'dist').resolve()} is inside the packaged "
            "data folder; ",
        ),
        (
            lambda: MINI_CORPUS,
            f"--out {MINI_CORPUS.resolve()} is the data folder given with --source; ",
        ),
        (
            lambda: resource_root().parent,
            f"--out {resource_root().parent.resolve()} holds the packaged data folder "
            f"({data_dir().resolve()}); ",
        ),
    ],
    ids=["root", "home", "data", "inside-data", "source", "above-repository"],
)
def test_dangerous_targets_are_refused_before_any_work(
    no_work: None, target: object, message: str
) -> None:
    out = target()  # type: ignore[operator]
    before = sorted(p.name for p in out.iterdir()) if out.is_dir() else None
    code, stderr = run_build(out)
    assert code == 2, stderr
    assert stderr == f"error: {message}{CHOOSE}\n"
    assert (sorted(p.name for p in out.iterdir()) if out.is_dir() else None) == before


def test_the_repository_itself_is_refused(no_work: None) -> None:
    root = resource_root().resolve()
    if not (root / "pyproject.toml").exists():
        pytest.skip("installed from a wheel: there is no repository to protect")
    code, stderr = run_build(root)
    assert code == 2
    # The data folder inside it is named first; either way the repository is untouched.
    assert (
        stderr
        == f"error: --out {root} holds the packaged data folder ({root / 'data'}); {CHOOSE}\n"
    )


def test_out_below_a_regular_file_is_refused(no_work: None, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    code, stderr = run_build(tmp_path / "notes.txt" / "sub" / "dist")
    assert code == 2
    assert stderr == (
        f"error: --out {tmp_path}/notes.txt/sub/dist: {tmp_path}/notes.txt is a file, "
        "not a folder; choose another --out\n"
    )
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_out_that_is_a_file_is_refused(no_work: None, tmp_path: Path) -> None:
    (tmp_path / "dist").write_text("mine", encoding="utf-8")
    code, stderr = run_build(tmp_path / "dist")
    assert code == 2
    assert stderr == f"error: --out {tmp_path}/dist is a file, not a folder; choose another --out\n"


def test_a_folder_albakg_did_not_write_is_refused(no_work: None, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "thesis.docx").write_text("precious", encoding="utf-8")
    code, stderr = run_build(out)
    assert code == 2
    assert stderr == (
        f"error: --out {out} is not empty and was not written by albakg build (thesis.docx); "
        "choose another --out or empty it yourself\n"
    )
    assert (out / "thesis.docx").read_text(encoding="utf-8") == "precious"


# ----------------------------------------------------------------------- foreign files


def test_files_a_user_added_to_a_built_folder_are_named_not_deleted(
    built: Path, tmp_path: Path, no_work: None
) -> None:
    out = previous(built, tmp_path)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "figures").mkdir()
    (out / "figures" / "map.png").write_bytes(b"png")
    before = snapshot(out)
    code, stderr = run_build(out)
    assert code == 2
    assert stderr == (
        f"error: --out {out} holds files albakg build did not write: figures/, notes.txt; "
        "move them elsewhere (a build replaces the whole folder) and build again\n"
    )
    assert snapshot(out) == before and (out / "figures" / "map.png").read_bytes() == b"png"


def test_many_foreign_files_are_counted_not_all_listed(built: Path, tmp_path: Path) -> None:
    out = previous(built, tmp_path)
    for i in range(13):
        (out / f"extra-{i:02d}.txt").write_text("x", encoding="utf-8")
    code, stderr = run_build(out)
    assert code == 2
    listed = ", ".join(f"extra-{i:02d}.txt" for i in range(10))
    assert f"did not write: {listed} and 3 more; move them" in stderr


def test_a_file_added_while_the_build_runs_stops_the_swap(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = previous(built, tmp_path)
    real = pipeline.assemble

    def assemble_then_user_writes(*args: object, **kwargs: object) -> pipeline.Assembled:
        (out / "draft.md").write_text("written during the build", encoding="utf-8")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "assemble", assemble_then_user_writes)
    code, stderr = run_build(out)
    assert code == 2
    assert "holds files albakg build did not write: draft.md;" in stderr
    assert (out / "draft.md").exists() and leftovers(tmp_path) == []


def test_the_marker_lists_exactly_the_files_written(built: Path) -> None:
    lines = (built / outdir.MARKER).read_text(encoding="utf-8").splitlines()
    assert lines[0] == outdir.MARKER_HEADER
    assert lines[1:] == sorted(p.name for p in built.iterdir() if p.name != outdir.MARKER)


def test_a_rebuild_replaces_its_own_files_and_leaves_nothing_beside(
    built: Path, tmp_path: Path
) -> None:
    out = previous(built, tmp_path)
    (out / "albakg.ttl").write_text("stale", encoding="utf-8")
    code, stderr = run_build(out)
    assert code == 0, stderr
    assert snapshot(out) == snapshot(built)
    assert leftovers(tmp_path) == []


# ---------------------------------------------------------------- creation and umask


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o755), (0o027, 0o750), (0o002, 0o775)])
def test_out_and_missing_parents_are_created_honouring_the_umask(
    tmp_path: Path, umask: int, mode: int
) -> None:
    old = os.umask(umask)
    try:
        code, stderr = run_build(tmp_path / "a" / "b" / "dist")
    finally:
        os.umask(old)
    assert code == 0, stderr
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "dist"):
        assert folder.stat().st_mode & 0o777 == mode, folder


# --------------------------------------------------------------------------- locking


def test_a_second_build_into_a_locked_folder_is_refused(tmp_path: Path, no_work: None) -> None:
    out = tmp_path / "dist"
    lock = outdir.acquire_lock(out)
    try:
        code, stderr = run_build(out)
    finally:
        lock.release()
    assert code == 3
    assert stderr == (
        f"error: another albakg build (pid {os.getpid()}) is writing {out} and holds "
        f"{tmp_path}/.dist.lock; wait for it to finish, then build again\n"
    )
    assert not out.exists()


def test_a_symbolic_link_as_lock_file_is_not_followed(tmp_path: Path, no_work: None) -> None:
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me", encoding="utf-8")
    (tmp_path / ".dist.lock").symlink_to(victim)
    code, stderr = run_build(tmp_path / "dist")
    assert code == 3
    assert stderr == (
        f"error: {tmp_path}/.dist.lock is a symbolic link, not albakg's lock file; "
        "remove it, then build again\n"
    )
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_the_lock_is_released_and_removed_after_a_build(tmp_path: Path) -> None:
    code, stderr = run_build(tmp_path / "dist")
    assert code == 0, stderr
    assert leftovers(tmp_path) == []
    outdir.acquire_lock(tmp_path / "dist").release()  # free again


def test_two_concurrent_processes_one_is_refused(built: Path, tmp_path: Path) -> None:
    out = previous(built, tmp_path)
    first = start_build(out)
    try:
        staging = wait_for_staging(tmp_path, first)
        second = subprocess.run(
            [*ALBAKG, "build", "--source", str(MINI_CORPUS), "--out", str(out)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        assert first.wait(timeout=60) == 0, first.stderr.read() if first.stderr else ""
    assert staging.name.startswith(f".dist.new-{first.pid}-")
    assert second.returncode == 3
    assert f"another albakg build (pid {first.pid}) is writing {out}" in second.stderr
    assert "Traceback" not in second.stderr


# ------------------------------------------------------------------- stale staging


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_staging_of_dead_builds_is_removed_and_nothing_else(
    built: Path, tmp_path: Path
) -> None:
    out = previous(built, tmp_path)
    dead = tmp_path / f".dist.new-{dead_pid()}-0000"
    dead.mkdir()
    (dead / outdir.STAGING_MARKER).write_text(f"{dead_pid()}\n", encoding="ascii")
    (dead / "albakg.ttl").write_text("half", encoding="utf-8")
    alive = tmp_path / ".dist.new-1-0000"
    alive.mkdir()
    (alive / outdir.STAGING_MARKER).write_text("1\n", encoding="ascii")  # pid 1 is alive
    unproven = tmp_path / ".dist.new-mine"
    unproven.mkdir()
    (unproven / "keep.txt").write_text("not albakg's", encoding="utf-8")

    code, stderr = run_build(out)
    assert code == 0, stderr
    assert leftovers(tmp_path) == [".dist.new-1-0000", ".dist.new-mine"]
    assert (unproven / "keep.txt").exists()


def start_build(out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*ALBAKG, "build", "--source", str(MINI_CORPUS), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_staging(parent: Path, proc: subprocess.Popen[str]) -> Path:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = [p for p in parent.glob(".dist.new-*") if (p / outdir.STAGING_MARKER).exists()]
        if found:
            return found[0]
        assert proc.poll() is None, "the build ended before its staging folder appeared"
        time.sleep(0.005)
    raise AssertionError("no staging folder appeared")


def test_a_killed_build_leaves_staging_that_the_next_build_removes(
    built: Path, tmp_path: Path
) -> None:
    out = previous(built, tmp_path)
    before = snapshot(out)
    proc = start_build(out)
    staging = wait_for_staging(tmp_path, proc)
    proc.kill()
    proc.wait(timeout=30)
    assert snapshot(out) == before
    assert staging.exists(), "SIGKILL cannot clean up: the staging folder stays"
    code, stderr = run_build(out)
    assert code == 0, stderr
    assert leftovers(tmp_path) == []


def test_a_swap_killed_between_its_renames_gets_the_previous_output_back(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = previous(built, tmp_path)
    before = snapshot(out)
    out.rename(tmp_path / ".dist.old")  # what SIGKILL after the first rename leaves

    def broken(*args: object, **kwargs: object) -> None:
        raise pipeline.BuildError("the graph does not conform to the shapes")

    monkeypatch.setattr(pipeline, "assemble", broken)
    code, _ = run_build(out)
    assert code == 1
    assert snapshot(out) == before and leftovers(tmp_path) == []


# --------------------------------------------------------------------------- signals


@pytest.mark.parametrize(
    ("signum", "code", "message"),
    [
        (
            signal.SIGTERM,
            128 + signal.SIGTERM,
            "error: stopped by SIGTERM; the previous output is unchanged",
        ),
        (signal.SIGINT, 130, "interrupted"),
        (
            signal.SIGHUP,
            128 + signal.SIGHUP,
            "error: stopped by SIGHUP; the previous output is unchanged",
        ),
    ],
    ids=["SIGTERM", "SIGINT", "SIGHUP"],
)
def test_a_signal_during_the_build_keeps_the_previous_output_and_no_staging(
    built: Path, tmp_path: Path, signum: int, code: int, message: str
) -> None:
    out = previous(built, tmp_path)
    before = snapshot(out)
    proc = start_build(out)
    wait_for_staging(tmp_path, proc)
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == code, stderr
    assert stderr.strip().splitlines()[-1] == message
    assert "Traceback" not in stderr
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


# ------------------------------------------------------------- the system failing


def test_a_file_size_limit_is_an_environment_error(built: Path, tmp_path: Path) -> None:
    """Python ignores SIGXFSZ, so the write past the limit fails with EFBIG, reported."""
    out = previous(built, tmp_path)
    before = snapshot(out)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    done = subprocess.run(
        [*ALBAKG, "build", "--source", str(MINI_CORPUS), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit,
    )
    assert done.returncode == 3, done.stderr
    assert done.stderr == (
        f"error: cannot write the dataset into {tmp_path}: File too large; a file-size "
        "limit (ulimit -f) is lower than an output file: raise it\n"
    )
    assert snapshot(out) == before and leftovers(tmp_path) == []


def test_a_full_disk_reported_by_the_writer(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC simulated (runs everywhere); the tmpfs test below fills a real one."""
    out = previous(built, tmp_path)
    before = snapshot(out)

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pipeline, "write_all", full)
    code, stderr = run_build(out)
    assert code == 3
    assert stderr == (
        f"error: cannot write the dataset into {tmp_path}: No space left on device; "
        "free some space or choose another --out\n"
    )
    assert snapshot(out) == before and leftovers(tmp_path) == []


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs: room for one mini build (~760 kB) but not for its replacement."""
    mount = tmp_path / f"mnt-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_real_full_disk_keeps_the_previous_output(built: Path, tmpfs: Path) -> None:
    out = previous(built, tmpfs)
    before = snapshot(out)
    code, stderr = run_build(out)
    assert code == 3
    assert stderr == (
        f"error: cannot write the dataset into {tmpfs}: No space left on device; "
        "free some space or choose another --out\n"
    )
    assert snapshot(out) == before and leftovers(tmpfs) == []


def test_a_read_only_filesystem_is_an_environment_error(built: Path, tmpfs: Path) -> None:
    """The tmpfs is remounted read-only: chmod would not stop root."""
    out = previous(built, tmpfs)
    before = snapshot(out)
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    code, stderr = run_build(out)
    assert code == 3
    assert stderr == (
        f"error: cannot create the output folder {out}: Read-only file system; "
        "the filesystem is read-only: choose another --out\n"
    )
    assert snapshot(out) == before and leftovers(tmpfs) == []
