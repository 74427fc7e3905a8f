"""What keeps the endpoint safe to expose: headers, trusted hosts, a body limit, safe links.

The pages show whatever the data or a query produces, so links are made only of http(s)
IRIs (``IRI('javascript:…')`` is a legal SPARQL term) and the Content-Security-Policy
forbids inline scripts and styles. The service description names the endpoint from the
Host header, so only the hosts the server is meant to be reached by are accepted.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

import anyio
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
#: Largest POST body accepted by default (a query, or a form holding one).
DEFAULT_MAX_BODY = 1_000_000
#: Seconds a client has to send the request line and headers, then the whole body.
DEFAULT_HEADER_TIMEOUT = 10.0
DEFAULT_BODY_TIMEOUT = 10.0
#: Largest request line plus headers, in bytes (h11 answers 400 past it).
DEFAULT_MAX_HEADER = 16_384
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


class BodyTooLargeError(ValueError):
    """A request body over the limit (answered with 413)."""


class BodyTimeoutError(ValueError):
    """A request body not received within the time allowed (answered with 408)."""


class SecurityHeaders:
    """ASGI middleware adding :data:`SECURITY_HEADERS` to every HTTP answer, errors too."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def default_allowed_hosts(bound: str) -> list[str]:
    """The address the server listens on, plus the usual loopback names when it is one."""
    hosts = [bound]
    if _is_loopback(bound):
        hosts += [h for h in LOOPBACK_NAMES if h != bound]
    return hosts


def allowed_hosts(bound: str, configured: Sequence[str]) -> list[str]:
    """The hosts to accept: those configured, else the defaults for the bound address."""
    return list(configured) if configured else default_allowed_hosts(bound)


async def read_body(request: Request, limit: int, timeout: float = DEFAULT_BODY_TIMEOUT) -> bytes:
    """The request body, refused as soon as it passes ``limit`` bytes or ``timeout`` seconds.

    Content-Length is checked first, but the count is kept while reading too, since a
    chunked request declares no length. The deadline covers the whole body, so a client
    trickling a byte at a time cannot hold the connection either.
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLargeError(f"the request body is larger than the limit of {limit} bytes")
    body = bytearray()
    try:
        with anyio.fail_after(timeout):
            async for chunk in request.stream():
                body += chunk
                if len(body) > limit:
                    raise BodyTooLargeError(
                        f"the request body is larger than the limit of {limit} bytes"
                    )
    except TimeoutError:
        raise BodyTimeoutError(f"the request body did not arrive within {timeout:g} s") from None
    return bytes(body)


def is_safe_link(iri: str) -> bool:
    """Only http and https IRIs become links on the pages."""
    scheme = iri.split(":", 1)[0].lower() if ":" in iri else ""
    return scheme in ("http", "https")
