"""HTTP for feeds, pages and webhooks: bounded, polite, and never pointed at the local network.

One :class:`Fetcher` holds an ``httpx.Client`` and enforces, on every request:

* **No SSRF.** Only ``http`` and ``https``.  Redirects are followed one hop at a time (at most
  ``Options.max_redirects``); before each hop its host is resolved and *every* address it resolves to
  must be public (not private, loopback, link-local, multicast, reserved or unspecified), unless
  ``Options.allow_private_urls``.  The connection itself goes through :class:`CheckedBackend`, which
  resolves the host again, checks the addresses again and connects to one of those checked addresses:
  a DNS answer that changes between the check and the connection (DNS rebinding) cannot slip through.
  Proxies from the environment are ignored (a proxy would connect for us, unchecked).
* **Bounded.** Connect and read timeouts, a deadline for the whole response, and a size limit: a
  response over ``Options.max_fetch_bytes`` is refused as soon as it is seen to be (its
  ``Content-Length`` or the bytes streamed so far), not cut.
* **Polite.** A clear ``User-Agent``; at least ``Options.host_delay`` seconds between two requests to
  one host.
* **robots.txt.** :meth:`Fetcher.robots_refusal` says whether a site's robots.txt lets Storyline
  fetch a url (RFC 9309 through ``urllib.robotparser``; read once per site and kept for a day): a
  robots.txt that is missing (4xx) allows everything, one that cannot be read (5xx, a network
  failure) allows nothing.  Feeds ask it before fetching an entry's page.
* **Conditional GET.** Given the ETag and Last-Modified of an earlier response, a 304 comes back as a
  :class:`Response` with ``not_modified`` and no body.

Every failure is a :class:`FetchError` naming the url and saying why in one line.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpcore
import httpx

from ..errors import FetchError
from ..options import Options

__all__ = ["CheckedBackend", "FetchError", "Fetcher", "Response", "Resolver", "blocked_reason", "user_agent"]

#: ``socket.getaddrinfo``'s shape: (host, port, ...) -> [(family, type, proto, canonname, sockaddr), ...]
Resolver = Callable[..., list[tuple[typing.Any, ...]]]

_REDIRECTS = (301, 302, 303, 307, 308)
#: robots.txt is read again after a day (RFC 9309 asks crawlers not to cache it longer).
_ROBOTS_TTL = 24 * 3600.0
#: The product token robots.txt groups name us by ("User-agent: Storyline").
_AGENT_TOKEN = "Storyline"


def user_agent() -> str:
    """``Storyline/<version> (self-hosted news story tracker)``: who is fetching (the software;
    the project has no public home page to link to yet)."""
    from importlib import metadata

    try:
        version = metadata.version("storyline")
    except metadata.PackageNotFoundError:
        from .. import __version__ as version
    return f"Storyline/{version} (self-hosted news story tracker)"


def blocked_reason(address: str) -> str | None:
    """Why ``address`` must not be fetched from (``"loopback"``, ``"private"``, …), ``None`` if public.

    >>> blocked_reason("127.0.0.1"), blocked_reason("10.1.2.3"), blocked_reason("169.254.169.254")
    ('loopback', 'private', 'link-local')
    >>> blocked_reason("::ffff:127.0.0.1"), blocked_reason("93.184.216.34")
    ('loopback', None)
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 scope (fe80::1%eth0) is not part of it
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 reaches 127.0.0.1
    for kind in ("loopback", "link_local", "multicast", "unspecified", "private", "reserved"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    if not ip.is_global:  # shared address space (100.64/10) and the like
        return "non-global"
    return None


def _port(scheme: str, port: int | None) -> int:
    return port if port is not None else (443 if scheme == "https" else 80)


class CheckedBackend(httpcore.SyncBackend):
    """httpcore's network backend, connecting only to checked addresses.

    The host is resolved here, each address checked with :func:`blocked_reason`, and the socket
    connected to a checked address, so no second, unchecked look-up happens between check and connect.
    TLS still verifies the certificate against the host name (httpcore passes it as SNI).
    """

    def __init__(self, resolver: Resolver, allow_private: bool) -> None:
        self.resolver = resolver
        self.allow_private = allow_private

    def addresses(self, host: str, port: int) -> list[str]:
        """The addresses ``host`` resolves to, every one allowed; raises :class:`FetchError` if any is not."""
        host = host.strip("[]")
        try:
            infos = self.resolver(host, port, 0, socket.SOCK_STREAM)
        except (OSError, UnicodeError) as error:
            why = getattr(error, "strerror", None) or error
            raise FetchError(f"cannot resolve host {host!r}: {why}", host) from None
        found = list(dict.fromkeys(str(info[4][0]) for info in infos))
        if not found:
            raise FetchError(f"host {host!r} resolves to no address", host)
        if not self.allow_private:
            for address in found:
                reason = blocked_reason(address)
                if reason:
                    what = f"{host} is" if host == address else f"{host} resolves to"
                    raise FetchError(
                        f"refused: {what} a {reason} address ({address}); allow it with --allow-private-urls", host
                    )
        return found

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = self.addresses(host, port)
        except FetchError as error:
            raise httpcore.ConnectError(str(error.reason)) from None
        last: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last = error
        assert last is not None
        raise last


@dataclass(frozen=True, slots=True)
class Response:
    """A fetched url: where it ended up (``url``, after redirects), status, body and validators."""

    url: str
    status: int
    content: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


class Fetcher:
    """Fetches urls under the rules of the module docstring; one per run (it keeps connections and
    per-host times).  ``resolver`` and ``transport`` are for tests (a fake DNS, ``httpx.MockTransport``).

    >>> with Fetcher(Options()) as fetcher:
    ...     fetcher.get("file:///etc/passwd")
    Traceback (most recent call last):
    storyline.errors.FetchError: file:///etc/passwd: only http and https urls can be fetched, not 'file'
    """

    def __init__(
        self,
        options: Options | None = None,
        resolver: Resolver | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.options = options or Options()
        self.backend = CheckedBackend(resolver or socket.getaddrinfo, self.options.allow_private_urls)
        if transport is None:
            transport = httpx.HTTPTransport(retries=0)
            # httpx has no public hook for the network backend; its pool is httpcore's, which has.
            transport._pool._network_backend = self.backend  # type: ignore[attr-defined]
        timeout = httpx.Timeout(self.options.fetch_read_timeout, connect=self.options.fetch_connect_timeout, pool=None)
        self._client = httpx.Client(
            transport=transport,
            timeout=timeout,
            follow_redirects=False,  # followed here, one checked hop at a time
            trust_env=False,  # no proxies from the environment: they would connect unchecked
            headers={"User-Agent": user_agent(), "Accept-Encoding": "gzip, deflate"},
        )
        self._sleep, self._clock = sleep, clock
        self._last_request: dict[str, float] = {}  # host -> when the last request to it started
        self._lock = threading.Lock()
        self._robots: dict[str, tuple[float, RobotFileParser | str | None]] = {}  # origin -> (read at, rules)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None, accept: str = "*/*") -> Response:
        """The response of a GET of ``url`` (after redirects); with ``etag``/``last_modified`` a
        conditional GET, whose 304 comes back with ``not_modified``.  Raises :class:`FetchError`."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._request("GET", url, headers, None)

    def robots_refusal(self, url: str) -> str | None:
        """Why the robots.txt of ``url``'s site does not let Storyline fetch it, or ``None`` when it
        does (always, without ``Options.respect_robots``).  robots.txt is read under the same rules as
        any request, once per site and day."""
        if not self.options.respect_robots:
            return None
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        now = self._clock()
        cached = self._robots.get(origin)
        if cached is None or now - cached[0] > _ROBOTS_TTL:
            cached = self._robots[origin] = (now, self._read_robots(origin))
        rules = cached[1]
        if isinstance(rules, str):
            return rules
        if rules is None or rules.can_fetch(_AGENT_TOKEN, url):
            return None
        return "the site's robots.txt does not let Storyline fetch this page"

    def _read_robots(self, origin: str) -> RobotFileParser | str | None:
        """The site's rules; ``None`` when it has no robots.txt (4xx: everything allowed), else why it
        could not be read (RFC 9309: an unreachable robots.txt allows nothing)."""
        try:
            response = self.get(f"{origin}/robots.txt", accept="text/plain")
        except FetchError as error:
            if error.status is not None and 400 <= error.status < 500:
                return None
            if error.reason.startswith("refused:"):
                return error.reason
            return f"the site's robots.txt cannot be read ({error.reason}), so no page of it is fetched"
        rules = RobotFileParser()
        rules.parse(response.content.decode("utf-8", "replace").splitlines())
        return rules

    def post_json(self, url: str, body: bytes) -> Response:
        """POST ``body`` (JSON) to ``url`` (a webhook); redirects are not followed for a POST."""
        return self._request("POST", url, {"Content-Type": "application/json"}, body)

    def _request(self, method: str, url: str, headers: dict[str, str], body: bytes | None) -> Response:
        started = self._clock()
        current = url
        for _hop in range(self.options.max_redirects + 1):
            parts = self._checked(current)
            self._wait_for_host(parts.hostname or "")
            try:
                response = self._send(method, current, headers, body, started)
            except httpx.HTTPError as error:
                raise FetchError(_http_failure(error), current) from None
            if response.status in _REDIRECTS and method == "GET":
                location = response.headers.get("location")
                if not location:
                    raise FetchError(f"redirect ({response.status}) without a Location", current, response.status)
                current = urljoin(current, location)
                continue
            if response.status >= 400:
                raise FetchError(f"HTTP {response.status}", current, response.status)
            if response.status in _REDIRECTS:
                raise FetchError(f"redirect ({response.status}) not followed for a {method}", current)
            return response
        raise FetchError(f"more than {self.options.max_redirects} redirects", url)

    def _checked(self, url: str) -> typing.Any:
        """The parts of ``url``, after checking its scheme and its host's addresses."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(f"only http and https urls can be fetched, not {parts.scheme!r}", url)
        if not parts.hostname:
            raise FetchError("url has no host", url)
        try:
            port = _port(parts.scheme, parts.port)
        except ValueError:
            raise FetchError("url has an invalid port", url) from None
        try:
            self.backend.addresses(parts.hostname, port)
        except FetchError as error:
            raise FetchError(error.reason, url) from None
        return parts

    def _wait_for_host(self, host: str) -> None:
        """Sleep until ``Options.host_delay`` has passed since the last request to ``host``."""
        with self._lock:
            last = self._last_request.get(host)
            now = self._clock()
            wait = 0.0 if last is None else last + self.options.host_delay - now
            self._last_request[host] = now + max(wait, 0.0)
        if wait > 0:
            self._sleep(wait)

    def _send(self, method: str, url: str, headers: dict[str, str], body: bytes | None, started: float) -> Response:
        limit = self.options.max_fetch_bytes
        deadline = started + self.options.fetch_total_timeout
        with self._client.stream(method, url, headers=headers, content=body) as response:
            found = {name.lower(): value for name, value in response.headers.items()}
            if response.status_code in (*_REDIRECTS, 304) or response.status_code >= 400:
                return Response(str(response.url), response.status_code, b"", found)
            declared = found.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchError(f"response of {int(declared):,} bytes is over the limit of {limit:,}", url)
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"response is over the limit of {limit:,} bytes", url)
                if self._clock() > deadline:
                    raise FetchError(f"response took over {self.options.fetch_total_timeout:g} s", url)
                chunks.append(chunk)
            return Response(str(response.url), response.status_code, b"".join(chunks), found)


def _http_failure(error: httpx.HTTPError) -> str:
    """One line saying why a request failed (a refused address reads as it was refused)."""
    text = str(error) or type(error).__name__
    if text.startswith("refused:"):
        return text
    if isinstance(error, httpx.TimeoutException):
        return f"timed out ({type(error).__name__})"
    if isinstance(error, httpx.ConnectError):
        return f"cannot connect: {text}"
    return f"{type(error).__name__}: {text}"
