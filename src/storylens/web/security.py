"""The checks and headers that hold for every request, whichever route answers it.

They are plain ASGI wrappers around the whole application, outside even Starlette's error
handler, so that a 404, a 413 or a 500 carries the same Content-Security-Policy as a story page.
Article text is untrusted: the templates escape it, and the policy stops any script, frame or
remote resource the escaping might ever miss.
"""

from __future__ import annotations

import ipaddress
import json

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def secured(app: ASGIApp, bind_host: str, max_body_bytes: int) -> ASGIApp:
    """`app` with the security headers on every response, the host check, and the body limit."""
    return SecurityHeaders(HostCheck(BodyLimit(app, max_body_bytes), bind_host))


class SecurityHeaders:
    """Adds the CSP, nosniff, referrer and no-framing headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        names = {name for name, _ in SECURITY_HEADERS}

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() not in names]
                message = {**message, "headers": headers + SECURITY_HEADERS}
            await send(message)

        await self.app(scope, receive, send_secured)


class HostCheck:
    """On a loopback address, answers 400 to a request naming any other host.

    A page on another site can point a name it controls at 127.0.0.1 (DNS rebinding) and then
    read this server as its own origin; such requests still carry that name in Host.
    """

    def __init__(self, app: ASGIApp, bind_host: str) -> None:
        self.app = app
        self.allowed = LOOPBACK_NAMES | {bind_host.lower()} if is_loopback(bind_host) else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.allowed is not None:
            host = host_name(Headers(scope=scope).get("host", ""))
            if host not in self.allowed:
                await send_json(send, 400, "unknown host; open the address storylens printed")
                return
        await self.app(scope, receive, send)


class BodyLimit:
    """Answers 413 to a request body over `max_bytes`, whether declared or streamed.

    A declared Content-Length over the limit is refused before any of the body is read; a body
    sent without one is counted as it arrives, and the route reading it stops at the limit.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await send_json(send, 413, f"the upload is over the limit of {self.max_bytes} bytes")
            return
        received = 0

        async def receive_limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise HTTPException(413, f"the upload is over the limit of {self.max_bytes} bytes")
            return message

        await self.app(scope, receive_limited, send)


def same_origin(headers: Headers) -> bool:
    """False for a request a browser sent from another site's page (a cross-site form post).

    Browsers say where a request comes from in Sec-Fetch-Site, and older ones in Origin on every
    cross-origin POST; a request with neither comes from a program, not a page, and passes.
    """
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site in {"same-origin", "none"}
    origin = headers.get("origin")
    if origin is None:
        return True
    scheme, _, netloc = origin.partition("://")
    return scheme in {"http", "https"} and netloc.lower() == headers.get("host", "").lower()


def is_loopback(host: str) -> bool:
    """True for 'localhost' and any loopback address, v4 or v6."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_name(host: str) -> str:
    """The name in a Host header without its port: '127.0.0.1:8000' → '127.0.0.1', '[::1]:80' → '::1'."""
    host = host.lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


async def send_json(send: Send, status: int, detail: str) -> None:
    """A whole JSON error response, for the wrappers that answer before the app does."""
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
