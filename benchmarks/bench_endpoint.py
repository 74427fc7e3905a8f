"""Latency of cheap queries on ``albakg serve``, alone and while slow queries flood it.

Usage::

    python benchmarks/bench_endpoint.py [--data DIR] [--cheap N] [--slow N] [--scenario NAME]

For each way of sharing the workers (see ``albakg.serve.lanes``) a fresh server is started
on a free loopback port with two workers and a 5 s time limit; two clients send ``--cheap``
cheap queries each, first alone, then while ``--slow`` queries that never end arrive at
once from ten other client addresses (the flood that starved every cheap query before).
A round stops after 60 s, so a scenario where cheap queries wait does not run for ever.
Printed: cheap-query p50/p95/p99 and worst latency, what the cheap queries got (200, 429,
503, client time-out), and the web process's resident memory before and after. Every
figure also goes to ``bench-results/endpoint.json``. Never run by the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from albakg.build.pipeline import build
from albakg.sparql.store import DATASET_FILE

TIMEOUT = 5.0
CHEAP = ("ASK { ?s ?p ?o }", "SELECT ?s WHERE { ?s a ?t } LIMIT 5")
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SCENARIOS: dict[str, dict[str, str]] = {
    # the workers alone: every query waits for one (the behaviour before the lanes)
    "none": {"ALBAKG_SHORT_LIMIT": "0", "ALBAKG_PER_CLIENT": "0", "ALBAKG_QUEUE": "1000"},
    "queue-bound": {"ALBAKG_SHORT_LIMIT": "0", "ALBAKG_PER_CLIENT": "0", "ALBAKG_QUEUE": "8"},
    "per-client": {"ALBAKG_SHORT_LIMIT": "0", "ALBAKG_PER_CLIENT": "2", "ALBAKG_QUEUE": "1000"},
    "short-lane": {"ALBAKG_SHORT_LIMIT": "1", "ALBAKG_PER_CLIENT": "0", "ALBAKG_QUEUE": "1000"},
    "all (default)": {"ALBAKG_SHORT_LIMIT": "1", "ALBAKG_PER_CLIENT": "2", "ALBAKG_QUEUE": "8"},
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def start(data: Path, env_extra: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "albakg", "serve", "--data", str(data), "--port", str(port)]
    command += ["--timeout", str(TIMEOUT), "--workers", "2"]
    env = {**os.environ, **env_extra}
    env.pop("ALBAKG_ALLOWED_HOSTS", None)
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    deadline = time.perf_counter() + 120
    while time.perf_counter() < deadline:
        try:
            if httpx.get(url + "/sparql", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.2)
    process.kill()
    raise SystemExit("albakg serve did not start")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)

    return {"p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99), "max_ms": at(1.0)}


def cheap_round(
    url: str, per_client: int, budget: float = 60.0
) -> tuple[list[float], Counter[str]]:
    """Two clients, ``per_client`` cheap queries each, stopping after ``budget`` seconds."""
    deadline = time.perf_counter() + budget
    latencies: list[float] = []
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def one_client(n: int) -> None:
        transport = httpx.HTTPTransport(local_address=f"127.0.0.{100 + n}")
        with httpx.Client(transport=transport, timeout=30) as c:
            for i in range(per_client):
                if time.perf_counter() > deadline:
                    return
                started = time.perf_counter()
                try:
                    r = c.get(url + "/sparql", params={"query": CHEAP[i % 2], "format": "json"})
                    outcome = str(r.status_code)
                except httpx.TimeoutException:
                    outcome = "client time-out"
                took = time.perf_counter() - started
                with lock:
                    outcomes[outcome] += 1
                    if outcome == "200":
                        latencies.append(took)

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(one_client, range(2)))
    return latencies, outcomes


def flood(url: str, count: int, stop_flag: threading.Event, outcomes: Counter[str]) -> None:
    """``count`` slow queries at once from ten addresses, re-sent until told to stop."""

    def one(n: int) -> None:
        transport = httpx.HTTPTransport(local_address=f"127.0.0.{10 + n % 10}")
        with httpx.Client(transport=transport, timeout=60) as c:
            while not stop_flag.is_set():
                try:
                    r = c.get(url + "/sparql", params={"query": SLOW, "format": "json"})
                except httpx.HTTPError:
                    outcomes["client error"] += 1
                    continue
                outcomes[str(r.status_code)] += 1
                if r.status_code == 429:
                    time.sleep(float(r.headers.get("retry-after", "1")))

    with ThreadPoolExecutor(count) as pool:
        list(pool.map(one, range(count)))


def run(data: Path, name: str, env: dict[str, str], cheap: int, slow: int) -> dict[str, Any]:
    process, url = start(data, env)
    try:
        cheap_round(url, 10)  # warm up
        before = rss_kib(process.pid)
        alone, alone_out = cheap_round(url, cheap)
        stop_flag = threading.Event()
        slow_out: Counter[str] = Counter()
        flooding = threading.Thread(target=flood, args=(url, slow, stop_flag, slow_out))
        flooding.start()
        time.sleep(1.0)
        loaded, loaded_out = cheap_round(url, cheap)
        stop_flag.set()
        flooding.join()
        after = rss_kib(process.pid)
    finally:
        stop(process)
    return {
        "scenario": name,
        "settings": env,
        "cheap_alone": {**percentiles(alone), "outcomes": dict(alone_out)},
        "cheap_under_slow_load": {**percentiles(loaded), "outcomes": dict(loaded_out)},
        "slow_outcomes": dict(slow_out),
        "rss_kib_before": before,
        "rss_kib_after": after,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="a built dataset (default: build one in /tmp)")
    parser.add_argument("--cheap", type=int, default=100, help="cheap queries per client")
    parser.add_argument("--slow", type=int, default=50, help="slow queries sent at once")
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), action="append")
    args = parser.parse_args(argv)

    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="albakg-bench-") as tmp:
        data = args.data
        if data is None or not (data / DATASET_FILE).is_file():
            data = Path(tmp) / "dist"
            build(data)
        for name in args.scenario or list(SCENARIOS):
            result = run(data, name, SCENARIOS[name], args.cheap, args.slow)
            results.append(result)
            a, b = result["cheap_alone"], result["cheap_under_slow_load"]
            print(
                f"{name:14} alone p50/p95/p99 {a.get('p50_ms')}/{a.get('p95_ms')}/"
                f"{a.get('p99_ms')} ms | under load p50/p95/p99/max {b.get('p50_ms')}/"
                f"{b.get('p95_ms')}/{b.get('p99_ms')}/{b.get('max_ms')} ms, cheap got "
                f"{b['outcomes']} | RSS {result['rss_kib_before']} -> "
                f"{result['rss_kib_after']} KiB"
            )
    out = Path("bench-results")
    out.mkdir(exist_ok=True)
    report = {"time_limit_s": TIMEOUT, "workers": 2, "slow_at_once": args.slow, "runs": results}
    (out / "endpoint.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
