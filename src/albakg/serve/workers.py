"""Worker processes that run the queries, and the pool that enforces the time limit.

pyoxigraph cannot be interrupted from Python, so the only reliable time limit is to kill
the process that runs an overlong query and start a fresh one. Each worker loads its own
copy of the store once and then answers jobs one at a time.
"""

from __future__ import annotations

import multiprocessing
import queue
import sys
import threading
from contextlib import suppress
from multiprocessing.connection import Connection
from pathlib import Path

from albakg.serve.jobs import Answer, Job, answer_job
from albakg.sparql.store import dataset_base, open_store, query_prefixes


def _worker_main(conn: Connection, data: str) -> None:
    """Body of a worker process: load the store once, then answer jobs until told to stop."""
    try:
        store = open_store(Path(data))
        prefixes = query_prefixes(dataset_base(store))
    except Exception as exc:
        conn.send(("failed", str(exc)))
        return
    conn.send(("ready", ""))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(answer_job(store, prefixes, job))


class _Worker:
    def __init__(self, data: Path) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, str(data)), daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise RuntimeError(f"a query worker did not start within {timeout:.0f} s")
        try:
            status, message = self.conn.recv()
        except (EOFError, OSError):
            status, message = "failed", "it stopped while loading"
        if status != "ready":
            self.kill()
            raise RuntimeError(f"a query worker could not load the dataset: {message}")

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        with suppress(OSError):
            self.conn.send(None)
        self.process.join(2)
        if self.process.is_alive():
            self.kill()
        else:
            self.conn.close()


class WorkerPool:
    """Processes that answer jobs one at a time; one that overruns the limit is killed.

    ``spares`` workers are kept loaded and idle outside the pool: a killed worker is
    replaced by one at once, since loading a fresh one takes a second or more.
    """

    START_TIMEOUT = 120.0

    def __init__(self, data: Path, size: int, timeout: float, spares: int = 0) -> None:
        self.data = data
        self.size = size
        self.timeout = timeout
        self.spares = spares
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._spare: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> None:
        workers = [_Worker(self.data) for _ in range(self.size + self.spares)]
        try:
            for w in workers:
                w.wait_ready(self.START_TIMEOUT)
        except RuntimeError:
            for w in workers:
                w.kill()
            raise
        with self._lock:
            self._all.update(workers)
        for w in workers[: self.size]:
            self._idle.put(w)
        for w in workers[self.size :]:
            self._spare.put(w)

    def _replace(self, dead: _Worker) -> None:
        with self._lock:
            self._all.discard(dead)
            if self._closed:
                return
        try:
            self._idle.put(self._spare.get_nowait())
            into = self._spare
        except queue.Empty:
            into = self._idle

        def spawn() -> None:
            try:
                fresh = _Worker(self.data)
                fresh.wait_ready(self.START_TIMEOUT)
            except RuntimeError as exc:
                print(f"albakg serve: {exc}", file=sys.stderr)
                return
            with self._lock:
                if self._closed:
                    fresh.stop()
                    return
                self._all.add(fresh)
            into.put(fresh)

        threading.Thread(target=spawn, daemon=True).start()

    def acquire(self, wait: float) -> _Worker | None:
        """An idle worker, waiting at most ``wait`` seconds (0: only one free right now)."""
        try:
            if wait <= 0:
                return self._idle.get_nowait()
            return self._idle.get(timeout=wait)
        except queue.Empty:
            return None

    def execute(self, worker: _Worker, job: Job, overrun: Answer | None = None) -> Answer:
        """Run ``job`` on an acquired worker; past the limit, kill it and answer ``overrun``."""
        try:
            worker.conn.send(job)
            if worker.conn.poll(self.timeout):
                answer: Answer = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError):
            worker.kill()
            self._replace(worker)
            return Answer.error(500, "the query worker stopped unexpectedly")
        worker.kill()
        self._replace(worker)
        if overrun is not None:
            return overrun
        return Answer.error(
            503, f"the query ran past the time limit of {self.timeout:g} s and was stopped"
        )

    def run(self, job: Job) -> Answer:
        """The worker's answer, or 503 when no worker is free or the time limit passes."""
        worker = self.acquire(self.timeout)
        if worker is None:
            return Answer.error(503, "the endpoint is busy: try again in a moment")
        return self.execute(worker, job)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.stop()
