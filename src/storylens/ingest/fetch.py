"""HTTP(S) for `storylens watch`: polite and distrustful, on the standard library alone.

Polite: a User-Agent naming storylens, robots.txt asked once per host (kept a day, as RFC 9309
allows) and obeyed for every URL and every redirect, a least delay between two requests to one
host (longer where its robots.txt asks for a Crawl-delay, up to `MAX_CRAWL_DELAY`), and a server
that answers 429 or 503 with Retry-After left alone that long (`FetchError.retry_after`). Distrustful: only http and https, a bounded number of redirects, a time limit on
every request, and a cap on the bytes read (after decompression), so that no server can hold
the watcher or fill its memory. Every failure is a `FetchError` whose message is one line.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from storylens import __version__
from storylens.config import WatchSettings

USER_AGENT = f"storylens/{__version__} (news reader; obeys robots.txt)"
ROBOTS_AGENT = "storylens"
"""The product token robots.txt rules are matched against."""
ROBOTS_MAX_AGE = 24 * 3600.0
"""Seconds a host's robots.txt is kept before it is asked again (RFC 9309: at most a day)."""
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_CRAWL_DELAY = 60.0
"""Seconds: the longest Crawl-delay obeyed; a site asking more would stall every feed behind it."""
BUSY = frozenset({429, 503})
"""Answers whose Retry-After says when to ask again."""
CHUNK = 65_536


class FetchError(Exception):
    """A request that gave no usable answer; the message is one line, fit for the user.
    `retry_after`: seconds the server asked to be left alone (a 429 or 503 with Retry-After)."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Disallowed(FetchError):
    """robots.txt forbids the URL."""


@dataclass(frozen=True)
class Response:
    """An answer read in full: its status (200 or 304), the URL it came from after redirects, its
    headers (names in lower case) and its body (decompressed)."""

    status: int
    url: str
    headers: Mapping[str, str]
    body: bytes = b""


@dataclass
class _Robots:
    rules: RobotFileParser
    read_at: float


@dataclass
class Fetcher:
    """One watcher's HTTP client: it remembers, per host, the robots.txt rules and when the last
    request to it ended (by `clock`; the delay is waited out with `sleep`)."""

    settings: WatchSettings
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _robots: dict[str, _Robots] = field(default_factory=dict)
    _last_request: dict[str, float] = field(default_factory=dict)
    _crawl_delay: dict[str, float] = field(default_factory=dict)

    def get(self, url: str, headers: Mapping[str, str] | None = None) -> Response:
        """GET `url`, following redirects, each hop checked against its host's robots.txt; a 200 or
        a 304 (for a conditional request) is returned, anything else raised as a FetchError."""
        for _ in range(self.settings.max_redirects + 1):
            self.check_allowed(url)
            status, response_headers, body = self._request(url, headers or {})
            if status in REDIRECTS and "location" in response_headers:
                url = web_url(urljoin(url, response_headers["location"]))
                continue
            if status in (200, 304):
                return Response(status, url, response_headers, body)
            wait = retry_after(response_headers.get("retry-after", "")) if status in BUSY else None
            said = f", asked to wait {wait:g} s" if wait is not None else ""
            raise FetchError(f"HTTP {status}{_reason_of(status)}{said}", retry_after=wait)
        raise FetchError(f"too many redirects (more than {self.settings.max_redirects})")

    def check_allowed(self, url: str) -> None:
        """Raise `Disallowed` when the host's robots.txt forbids `url` to storylens."""
        url = web_url(url)
        if not self._rules(url).can_fetch(ROBOTS_AGENT, url):
            raise Disallowed("robots.txt disallows it")

    def _rules(self, url: str) -> RobotFileParser:
        """The host's robots.txt, asked once a day: a missing one (404 and other 4xx) allows all,
        401 and 403 forbid all; a server error or an unreachable host forbids all for now and is
        asked again at the next request, as RFC 9309 asks."""
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc.lower()}"
        kept = self._robots.get(host)
        if kept and self.clock() - kept.read_at < ROBOTS_MAX_AGE:
            return kept.rules
        rules = RobotFileParser(f"{host}/robots.txt")
        try:
            status, _, body = self._request(f"{host}/robots.txt", {}, redirects=self.settings.max_redirects)
        except FetchError as error:
            raise Disallowed(f"robots.txt cannot be read ({error}), so nothing of the host is fetched for now") from None
        if status >= 500:
            raise Disallowed(f"robots.txt answered HTTP {status}, so nothing of the host is fetched for now")
        if status in (401, 403):
            rules.parse(["User-agent: *", "Disallow: /"])
        elif status >= 400 or status in REDIRECTS:
            rules.parse([])
        else:
            rules.parse(body.decode("utf-8", errors="replace").splitlines())
        delay = rules.crawl_delay(ROBOTS_AGENT)
        if delay is not None:
            self._crawl_delay[(parts.hostname or "").lower()] = min(float(delay), MAX_CRAWL_DELAY)
        self._robots[host] = _Robots(rules, self.clock())
        return rules

    def _request(self, url: str, headers: Mapping[str, str], redirects: int = 0) -> tuple[int, dict[str, str], bytes]:
        """One GET (and, for robots.txt only, the redirects it takes), after the host's delay."""
        parts = urlsplit(web_url(url))
        host = (parts.hostname or "").lower()  # one server, whatever the port or scheme
        self._wait_for(host)
        try:
            status, found, body = self._exchange(parts.scheme, parts.hostname or "", parts.port, _target(url), headers)
        finally:
            self._last_request[host] = self.clock()
        if status in REDIRECTS and "location" in found and redirects > 0:
            return self._request(urljoin(url, found["location"]), headers, redirects - 1)
        return status, found, body

    def _wait_for(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            wait = last + max(self.settings.host_delay, self._crawl_delay.get(host, 0.0)) - self.clock()
            if wait > 0:
                self.sleep(wait)

    def _exchange(self, scheme: str, hostname: str, port: int | None, target: str, headers: Mapping[str, str]) -> tuple[int, dict[str, str], bytes]:
        timeout = self.settings.fetch_timeout
        connection: http.client.HTTPConnection
        if scheme == "https":
            connection = http.client.HTTPSConnection(hostname, port, timeout=timeout, context=ssl.create_default_context())
        else:
            connection = http.client.HTTPConnection(hostname, port, timeout=timeout)
        deadline = self.clock() + timeout
        try:
            connection.request("GET", target, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate", **headers})
            response = connection.getresponse()
            found = {name.lower(): value for name, value in response.getheaders()}
            body = b"" if response.status in REDIRECTS or response.status == 304 else self._body(response, found, deadline)
            return response.status, found, body
        except FetchError:
            raise
        except TimeoutError:
            raise FetchError(f"timed out after {timeout:g} s") from None
        except socket.gaierror:
            raise FetchError(f"host not found: {hostname}") from None
        except ssl.SSLError as error:
            raise FetchError(f"TLS error: {error.reason or error}") from None
        except http.client.HTTPException as error:
            raise FetchError(f"bad HTTP response ({type(error).__name__})") from None
        except OSError as error:
            raise FetchError((error.strerror or str(error)).lower()) from None
        finally:
            connection.close()

    def _body(self, response: http.client.HTTPResponse, headers: Mapping[str, str], deadline: float) -> bytes:
        """The body, decompressed, read a chunk at a time within the time limit and the size cap."""
        cap = self.settings.max_response_bytes
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(f"response too large: {int(declared):,} bytes (max_response_bytes is {cap:,})")
        encoding = headers.get("content-encoding", "").strip().lower()
        inflate = zlib.decompressobj(zlib.MAX_WBITS | 32) if encoding in ("gzip", "x-gzip", "deflate") else None
        parts: list[bytes] = []
        size = 0
        # read1: whatever has arrived, so that a server sending a byte at a time meets the deadline.
        while chunk := response.read1(CHUNK):
            if self.clock() > deadline:
                raise FetchError(f"timed out after {self.settings.fetch_timeout:g} s")
            if inflate is not None:
                try:
                    # At most one byte over the cap: a compression bomb stops here, not in memory.
                    chunk = inflate.decompress(chunk, cap + 1 - size)
                except zlib.error:
                    raise FetchError(f"corrupt {encoding} body") from None
            size += len(chunk)
            if size > cap:
                raise FetchError(f"response too large: over {cap:,} bytes (max_response_bytes)")
            parts.append(chunk)
        return b"".join(parts)


def retry_after(value: str) -> float | None:
    """Seconds from a Retry-After header, given as seconds or as an HTTP date; None when absent or unreadable."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


def web_url(url: str) -> str:
    """`url` when it is an http or https URL with a host; otherwise a FetchError saying why."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        raise FetchError(f"not a valid URL: {url[:200]!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"not an http(s) URL: {url[:200]!r}")
    return url


def _target(url: str) -> str:
    """The request target: path and query, without the fragment."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _reason_of(status: int) -> str:
    from http import HTTPStatus

    try:
        return f" {HTTPStatus(status).phrase}"
    except ValueError:
        return ""
