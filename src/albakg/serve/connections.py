"""The HTTP connection handling: uvicorn's h11 protocol with a deadline for the headers.

uvicorn times out an idle keep-alive connection, but not one that has sent part of its
request line or headers: a client sending a byte now and then holds a connection, and
its buffer, for ever. Here every request, the first on a connection included, must have
its headers complete within a deadline, or the connection is closed.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol


class DeadlineH11Protocol(H11Protocol):
    """H11Protocol whose requests must send their headers within ``header_timeout`` s."""

    header_timeout = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_deadline: asyncio.TimerHandle | None = None
        self._waiting_after: object = None

    def _arm(self) -> None:
        """Start the clock for the next request; a new request cycle stops it."""
        self._disarm()
        self._waiting_after = self.cycle
        self._header_deadline = self.loop.call_later(self.header_timeout, self._headers_late)

    def _disarm(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _headers_late(self) -> None:
        self._header_deadline = None
        if self.cycle is self._waiting_after and not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.cycle is not self._waiting_after:
            self._disarm()

    def on_response_complete(self) -> None:
        finished = self.cycle
        super().on_response_complete()
        if self.cycle is finished and not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def protocol_with_deadline(header_timeout: float) -> type[DeadlineH11Protocol]:
    """A protocol class bound to one deadline (uvicorn takes a class, not an instance)."""
    return type(
        "BoundDeadlineH11Protocol", (DeadlineH11Protocol,), {"header_timeout": header_timeout}
    )
