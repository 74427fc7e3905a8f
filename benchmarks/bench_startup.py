"""Wall-clock start-up of the command line: ``--version``, ``--help`` and one query.

Usage::

    python benchmarks/bench_startup.py [--data DIR] [--repeat N] [--query NAME]

Each command runs ``--repeat`` times in a fresh process (the installed ``albakg`` script
beside this interpreter), after one warm-up run that fills the file cache; the table gives
the median and the minimum, and ``bench-results/startup.json`` keeps every run. Without
``--data`` (or when it holds no build) the dataset is built into a temporary folder first,
so the script writes nothing into the repository but its results file.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path("bench-results") / "startup.json"
DATASET_FILE = "albakg.trig"


def albakg_script() -> str:
    beside = Path(sys.executable).with_name("albakg")
    found = str(beside) if beside.exists() else shutil.which("albakg")
    if found is None:
        raise SystemExit("error: the albakg console script is not installed")
    return found


def timed_runs(command: list[str], repeat: int) -> list[float]:
    """Seconds per run, end to end, output discarded; a failing run aborts the benchmark."""
    subprocess.run(command, check=True, capture_output=True)
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        runs.append(time.perf_counter() - started)
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="a built dataset (default: build one in /tmp)")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per command")
    parser.add_argument("--query", default="contested-claims", help="bundled question to run")
    args = parser.parse_args(argv)
    script = albakg_script()

    with tempfile.TemporaryDirectory(prefix="albakg-bench-") as tmp:
        data = args.data
        if data is None or not (data / DATASET_FILE).is_file():
            data = Path(tmp) / "dist"
            subprocess.run([script, "build", "--out", str(data)], check=True, capture_output=True)
        commands = {
            "albakg --version": [script, "--version"],
            "albakg --help": [script, "--help"],
            f"albakg query {args.query}": [script, "query", args.query, "--data", str(data)],
        }
        results = {name: timed_runs(cmd, args.repeat) for name, cmd in commands.items()}

    width = max(len(name) for name in results)
    print(f"{'command':<{width}}  {'median':>8}  {'min':>8}  {'max':>8}  runs")
    for name, runs in results.items():
        print(
            f"{name:<{width}}  {statistics.median(runs):>7.3f}s  {min(runs):>7.3f}s"
            f"  {max(runs):>7.3f}s  {len(runs)}"
        )
    RESULTS.parent.mkdir(exist_ok=True)
    summary = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "repeat": args.repeat,
        "commands": {
            name: {
                "median_s": round(statistics.median(runs), 4),
                "min_s": round(min(runs), 4),
                "max_s": round(max(runs), 4),
                "runs_s": [round(r, 4) for r in runs],
            }
            for name, runs in results.items()
        },
    }
    RESULTS.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"written: {RESULTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
