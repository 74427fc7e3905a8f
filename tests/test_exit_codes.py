"""Exit codes: 0 success, 1 wrong input, 2 usage, 3 environment, 4 internal — per command.

Each case provokes one cell of the README table; the last tests check that unexpected
errors never reach the user as a traceback and that the table covers every command.
"""

from __future__ import annotations

import re
import shutil
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from albakg.build.pipeline import BuildResult
from albakg.cli import stats as stats_module
from albakg.cli.app import app

from .conftest import MINI_CORPUS

runner = CliRunner()
README = Path(__file__).resolve().parents[1] / "README.md"


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stderr


@pytest.fixture
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


# A case: the arguments (given the mini build's folder and a temp folder), the code, and
# the start of the first stderr line.
Case = tuple[Callable[[Path, Path], list[str]], int, str]

CASES: dict[str, Case] = {
    "build-unknown-option": (lambda d, t: ["build", "--bogus"], 2, ""),
    "build-out-refused": (lambda d, t: ["build", "--out", "/"], 2, "error: --out / is the"),
    "validate-conforms": (lambda d, t: ["validate", "--data", str(d)], 0, ""),
    "validate-missing": (lambda d, t: ["validate", str(t / "x.ttl")], 1, "error: "),
    "validate-max-mb": (lambda d, t: ["validate", "--max-mb", "0"], 2, "error: --max-mb"),
    "validate-not-built": (lambda d, t: ["validate", "--data", str(t)], 1, "error: no built"),
    "coverage-format": (lambda d, t: ["coverage", "--format", "xml"], 2, "error: --format"),
    "coverage-source": (lambda d, t: ["coverage", "--source", str(t)], 1, "error: "),
    "citations-format": (lambda d, t: ["citations", "--format", "xml"], 2, "error: --format"),
    "citations-doc": (
        lambda d, t: ["citations", "no-such-doc"],
        1,
        "error: 1 problem(s) in the curated data:\n- no document 'no-such-doc'",
    ),
    "qc-fail-on": (lambda d, t: ["qc", "--fail-on", "SOMETIMES"], 2, ""),
    "qc-not-built": (lambda d, t: ["qc", "--data", str(t)], 1, "error: no built dataset"),
    "load-not-built": (
        lambda d, t: ["load", "--store", "http://127.0.0.1:9/store", "--data", str(t)],
        1,
        "error: no built dataset in {t}/",
    ),
    "load-bad-url": (
        lambda d, t: ["load", "--store", "ftp://example.org/store", "--data", str(d)],
        2,
        "error: --store must be an http(s) URL, not 'ftp://example.org/store'",
    ),
    "load-update-alone": (
        lambda d, t: [
            "load",
            "--store",
            "http://127.0.0.1:9/store",
            "--update-endpoint",
            "http://127.0.0.1:9/update",
            "--data",
            str(d),
        ],
        2,
        "error: --update-endpoint needs --query-endpoint to check the staged counts",
    ),
    "load-unreachable": (
        lambda d, t: [
            "load",
            "--store",
            "http://127.0.0.1:9/store",
            "--retries",
            "0",
            "--timeout",
            "2",
            "--data",
            str(d),
        ],
        3,
        "Loading the named graphs",
    ),
    "serve-bad-port": (lambda d, t: ["serve", "--port", "0"], 2, "error: --timeout"),
    "query-none": (lambda d, t: ["query", "--data", str(d)], 2, "error: give a query"),
    "query-not-built": (
        lambda d, t: ["query", "ASK {}", "--data", str(t)],
        1,
        "error: no built dataset",
    ),
    "query-syntax": (lambda d, t: ["query", "SELEC * {}", "--data", str(d)], 1, "error: "),
    "stats-format": (
        lambda d, t: ["stats", "--format", "xml", "--data", str(d)],
        2,
        "error: --format",
    ),
    "stats-not-built": (lambda d, t: ["stats", "--data", str(t)], 1, "error: no built"),
    "text-show": (lambda d, t: ["text", "--show", "nothing"], 2, ""),
    "text-doc": (lambda d, t: ["text", "no-such-doc"], 1, "error: no document 'no-such-doc'"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_command_exits_with_the_code_of_its_cause(
    case: str, mini_build: BuildResult, tmp_path: Path
) -> None:
    args, code, start = CASES[case]
    got, stderr = invoke(*args(mini_build.out, tmp_path))
    assert got == code, stderr
    assert stderr.startswith(start.replace("{t}", str(tmp_path))), stderr
    assert "Traceback" not in stderr


def test_build_of_wrong_curated_data_exits_1(tmp_path: Path) -> None:
    source = tmp_path / "corpus"
    shutil.copytree(MINI_CORPUS, source)
    entities = source / "documents" / "mini" / "entities.yaml"
    entities.write_text(
        entities.read_text(encoding="utf-8").replace("type: Place", "type: Planet"), "utf-8"
    )
    code, stderr = invoke("build", "--source", str(source), "--out", str(tmp_path / "dist"))
    assert code == 1
    assert stderr.startswith("error: ") and "la-habana" in stderr


def test_serve_without_a_dataset_exits_1(tmp_path: Path, free_port: int) -> None:
    code, stderr = invoke("serve", "--data", str(tmp_path), "--port", str(free_port))
    assert code == 1
    assert stderr == f"error: no built dataset in {tmp_path}/ — run `albakg build` first\n"


def test_serve_on_a_busy_port_exits_3(mini_build: BuildResult, busy_port: int) -> None:
    code, stderr = invoke("serve", "--data", str(mini_build.out), "--port", str(busy_port))
    assert code == 3
    assert stderr == (
        f"error: cannot listen on 127.0.0.1:{busy_port}: Address already in use; "
        "choose another --host or --port\n"
    )


# --------------------------------------------------------------- what no command caught


def fail_with(exc: BaseException) -> Callable[..., None]:
    def command(*args: object) -> None:
        raise exc

    return command


def test_an_internal_error_is_one_line_and_a_report_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(stats_module, "stats_command", fail_with(KeyError("graph")))
    code, stderr = invoke("stats")
    assert code == 4
    match = re.fullmatch(
        r"internal error: KeyError: 'graph' \(full report in (\S+albakg-crash-\S+\.txt); "
        r"please report it\)\n",
        stderr,
    )
    assert match, stderr
    report = Path(match.group(1)).read_text(encoding="utf-8")
    Path(match.group(1)).unlink()
    assert report.startswith("albakg ") and "Traceback (most recent call last)" in report
    assert "KeyError: 'graph'" in report


def test_an_unexpected_os_error_is_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    error = PermissionError(13, "Permission denied", "/srv/dist/albakg.trig")
    monkeypatch.setattr(stats_module, "stats_command", fail_with(error))
    assert invoke("stats") == (
        3,
        "error: /srv/dist/albakg.trig: Permission denied; check the disk, permissions and limits\n",
    )


def test_running_out_of_memory_is_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stats_module, "stats_command", fail_with(MemoryError()))
    code, stderr = invoke("stats")
    assert code == 3
    assert stderr == ("error: out of memory; use a smaller input or a machine with more memory\n")


def test_ctrl_c_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stats_module, "stats_command", fail_with(KeyboardInterrupt()))
    assert invoke("stats") == (130, "interrupted\n")


def test_a_command_s_own_exit_code_passes_through(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stats_module, "stats_command", fail_with(typer.Exit(1)))
    assert invoke("stats") == (1, "")


# ------------------------------------------------------------------------ documentation


def test_help_ends_with_the_exit_codes() -> None:
    result = runner.invoke(app, ["--help"])
    text = " ".join(result.output.replace("│", " ").split())
    for words in (
        "0 success",
        "1 the input is wrong or does not conform",
        "2 usage error",
        "3 the environment failed",
        "4 internal fault",
    ):
        assert words in text


def test_the_readme_table_has_a_row_for_every_command() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("### Exit codes", 1)[1].split("\n### ", 1)[0]
    rows = re.findall(r"^\| `albakg (\w+)` \|(.*)\|$", section, flags=re.MULTILINE)
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    missing = sorted(set(commands) - {name for name, _ in rows})
    assert missing == [], f"no exit-code row in the README for: {missing}"
    for name, cells in rows:
        assert len(cells.split(" | ")) == 4, name  # a cell for 0, 1, 2 and 3
