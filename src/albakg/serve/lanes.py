"""How queries share the workers, so that cheap ones stay answerable while slow ones run.

Three measures, each measured in ``benchmarks/bench_endpoint.py`` (figures in the README):

* **a short-query lane**: a worker kept apart from the main pool. A query goes to the main
  pool when one of its workers is free; when all are busy it goes to the short lane, where
  it must finish within a short limit. A cheap query is answered there at once; a slow
  one is stopped after the short limit with a fast 503 and ``Retry-After``, instead of
  every query waiting for the slow ones to end;
  A query that once ran past the short limit is remembered (by its text) and waits for
  the main pool from then on, so a client repeating a slow query cannot keep the short
  lane busy;
* **per-client limits**: one client address may have only so many queries in flight; the
  next ones get 429 with ``Retry-After`` at once, so one client cannot fill every worker;
* **a bounded queue**: beyond a number of queries waiting for a worker, the answer is an
  immediate 503 with ``Retry-After``, never a wait that ends in a time-out. Queries known
  to be slow and the others are counted apart, so a flood of the first cannot fill the
  queue that the cheap ones need.
"""

from __future__ import annotations

import math
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass

from albakg.serve.jobs import Answer, Job
from albakg.serve.workers import WorkerPool


@dataclass(frozen=True)
class LaneLimits:
    #: Time a query may take in the short lane (0: no short lane).
    short_limit: float = 1.0
    #: Queries one client address may have in flight (0: no limit).
    per_client: int = 2
    #: Queries that may wait for a worker beyond those running (0: none wait).
    queue: int = 8


def describe_lanes(limits: LaneLimits) -> str:
    """The sharing rules in words, for the start-up line."""
    short = f"short lane {limits.short_limit:g} s" if limits.short_limit > 0 else "no short lane"
    client = f"{limits.per_client} per client" if limits.per_client else "no per-client limit"
    return f"{short}, {client}, {limits.queue} may wait"


def busy(status: int, message: str, retry_after: float) -> Answer:
    """An error answer telling the client when to come back."""
    answer = Answer.error(status, message)
    return Answer(
        answer.status, answer.media, answer.body, {"Retry-After": str(math.ceil(retry_after))}
    )


class Lanes:
    """The main pool and the short lane, and the choice between them (runs in a thread)."""

    #: How many slow query texts are remembered.
    REMEMBERED = 1024

    def __init__(self, main: WorkerPool, short: WorkerPool | None, wait: float) -> None:
        self.main = main
        self.short = short
        self.wait = wait
        self._slow: OrderedDict[str, None] = OrderedDict()
        self._slow_lock = threading.Lock()

    def known_slow(self, query: str) -> bool:
        """Whether ``query`` once ran past the short limit (it then waits for the main pool)."""
        with self._slow_lock:
            return query in self._slow

    def _remember_slow(self, query: str) -> None:
        with self._slow_lock:
            self._slow[query] = None
            self._slow.move_to_end(query)
            while len(self._slow) > self.REMEMBERED:
                self._slow.popitem(last=False)

    @property
    def capacity(self) -> int:
        return self.main.size + (self.short.size if self.short else 0)

    def start(self) -> None:
        self.main.start()
        if self.short is not None:
            try:
                self.short.start()
            except RuntimeError:
                self.main.close()
                raise

    def close(self) -> None:
        self.main.close()
        if self.short is not None:
            self.short.close()

    def run(self, job: Job) -> Answer:
        """Main pool if a worker is free now, else the short lane, else wait for the main pool."""
        worker = self.main.acquire(0)
        if worker is not None:
            return self.main.execute(worker, job)
        if self.short is None or self.known_slow(job.query):
            return self.main.run(job)
        fast = self.short.acquire(self.wait)
        if fast is None:
            return busy(503, "the endpoint is busy: try again in a moment", self.short.timeout)
        overrun = busy(
            503,
            "the endpoint is busy with long queries and this one needs more than "
            f"{self.short.timeout:g} s: try again when they are done",
            self.main.timeout,
        )
        answer = self.short.execute(fast, job, overrun)
        if answer is overrun:
            self._remember_slow(job.query)
        return answer


class Admission:
    """Counts queries in flight, per client and per kind; refuses at once past the bounds.

    The kinds are "known slow" and "the rest", each with its own bound. Used only from
    the event loop, so plain counters are safe.
    """

    def __init__(self, limits: LaneLimits, capacity: int, timeout: float) -> None:
        self.limits = limits
        self.bound = capacity + limits.queue
        self.timeout = timeout
        self.kinds: Counter[bool] = Counter()
        self.clients: Counter[str] = Counter()

    def refuse(self, client: str, slow: bool = False) -> Answer | None:
        """The answer for a query that may not start now, or ``None`` to let it in."""
        per_client = self.limits.per_client
        if per_client and self.clients[client] >= per_client:
            return busy(
                429,
                f"at most {per_client} queries at a time per client: wait for an answer first",
                1,
            )
        if self.kinds[slow] >= self.bound:
            return busy(503, "the endpoint is busy: try again in a moment", self.timeout)
        return None

    def enter(self, client: str, slow: bool = False) -> None:
        self.kinds[slow] += 1
        self.clients[client] += 1

    def leave(self, client: str, slow: bool = False) -> None:
        self.kinds[slow] -= 1
        self.clients[client] -= 1
        if self.clients[client] <= 0:
            del self.clients[client]
