"""Median latency of each competency question on the embedded store.

Usage::

    python benchmarks/bench_queries.py [--data DIR] [--queries DIR] [--repeat N]

Without ``--data`` (or when ``dist/`` holds no build) the dataset is built into a temporary
folder first, so the script writes nothing into the repository. Each question runs
``--repeat`` times after one warm-up run; a run reads every solution, because pyoxigraph
evaluates lazily and an unread result costs next to nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from albakg.build.pipeline import build
from albakg.resources import queries_dir
from albakg.sparql.query import bundled_questions
from albakg.sparql.store import DATASET_FILE, dataset_base, open_store, query_prefixes, run_query


def consume(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> int:
    if isinstance(result, ox.QueryBoolean):
        return 1
    return sum(1 for _ in result)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="a built dataset (default: build one in /tmp)")
    parser.add_argument("--queries", type=Path, default=None, help="folder of .rq files")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per question")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="albakg-bench-") as tmp:
        data = args.data
        if data is None or not (data / DATASET_FILE).is_file():
            data = Path(tmp) / "dist"
            started = time.perf_counter()
            build(data)
            print(f"built the dataset in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        started = time.perf_counter()
        store = open_store(data)
        print(
            f"loaded {len(store)} quads into the embedded store in "
            f"{(time.perf_counter() - started) * 1000:.0f} ms",
            file=sys.stderr,
        )
        prefixes = query_prefixes(dataset_base(store))
        questions = bundled_questions(args.queries or queries_dir())
        if not questions:
            print("no competency questions found", file=sys.stderr)
            return 1
        width = max(len(q.name) for q in questions)
        print(f"{'question':<{width}}  {'median ms':>9}  {'min ms':>7}  {'max ms':>7}  {'rows':>5}")
        medians = []
        for q in questions:
            text = q.text
            rows = consume(run_query(store, text, prefixes))  # warm-up
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                consume(run_query(store, text, prefixes))
                times.append((time.perf_counter() - started) * 1000)
            median = statistics.median(times)
            medians.append(median)
            print(
                f"{q.name:<{width}}  {median:>9.2f}  {min(times):>7.2f}  {max(times):>7.2f}"
                f"  {rows:>5}"
            )
        print(
            f"{len(questions)} questions, {args.repeat} runs each: median of medians "
            f"{statistics.median(medians):.2f} ms, slowest median {max(medians):.2f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
