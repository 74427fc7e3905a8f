"""A loopback HTTP proxy that breaks chosen requests: the faults a loader meets on a network.

Each request from the client is read whole, then either forwarded to the upstream server on
a fresh connection (``Connection: close``, so every request is seen on its own) or broken as
a rule says: the connection dropped without an answer, a ``500`` answered in the store's
place, or a delay before forwarding. Rules count requests by method and path.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field


@dataclass
class Fault:
    method: str  # "PUT", "POST", …
    path: str  # the start of the request path, e.g. "/store"
    nth: int  # 1-based: the nth matching request is broken
    action: str  # "drop", "500" or "delay"
    seconds: float = 0.0


@dataclass
class FaultProxy:
    upstream_port: int
    faults: list[Fault] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)
    port: int = 0

    def __post_init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self._started.wait(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._server = server
        self._started.set()
        self._loop.run_forever()

    def close(self) -> None:
        def stop() -> None:
            self._server.close()
            self._loop.stop()

        self._loop.call_soon_threadsafe(stop)
        self._thread.join(10)

    def _fault_for(self, method: str, path: str) -> Fault | None:
        self.seen.append(f"{method} {path}")
        for fault in self.faults:
            if method == fault.method and path.startswith(fault.path):
                count = sum(
                    1
                    for s in self.seen
                    if s.split(" ", 1)[0] == method and s.split(" ", 1)[1].startswith(fault.path)
                )
                if count == fault.nth:
                    return fault
        return None

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                length = 0
                kept = []
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    if name.lower() == "content-length":
                        length = int(value.strip())
                    if name and name.lower() != "connection":
                        kept.append(line)
                body = await reader.readexactly(length) if length else b""
                fault = self._fault_for(method, target)
                if fault is not None and fault.action == "drop":
                    break
                if fault is not None and fault.action == "500":
                    writer.write(
                        b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 8\r\n"
                        b"Content-Type: text/plain\r\n\r\ninjected"
                    )
                    await writer.drain()
                    continue
                if fault is not None and fault.action == "delay":
                    await asyncio.sleep(fault.seconds)
                writer.write(await self._forward(lines[0], kept, body))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def _forward(self, request_line: str, headers: list[str], body: bytes) -> bytes:
        """The upstream answer, rewritten to keep the client's connection open."""
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        head = "\r\n".join([request_line, *headers, "Connection: close", "", ""])
        up_writer.write(head.encode("latin-1") + body)
        await up_writer.drain()
        answer = await up_reader.read()
        up_writer.close()
        status_and_headers, _, payload = answer.partition(b"\r\n\r\n")
        out = [
            h
            for h in status_and_headers.split(b"\r\n")
            if not h.lower().startswith((b"connection:", b"content-length:", b"transfer-encoding:"))
        ]
        if b"transfer-encoding: chunked" in status_and_headers.lower():
            payload = _unchunk(payload)
        out.append(b"Content-Length: " + str(len(payload)).encode())
        return b"\r\n".join(out) + b"\r\n\r\n" + payload


def _unchunk(data: bytes) -> bytes:
    out = bytearray()
    while data:
        size_line, _, rest = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out += rest[:size]
        data = rest[size + 2 :]
    return bytes(out)
