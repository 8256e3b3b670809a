"""The Fetcher: SSRF refusals (addresses, redirects, rebinding), limits, timeouts, politeness, conditional GET."""

from __future__ import annotations

import socket

import httpx
import pytest

from storyline.fetch.http import CheckedBackend, Fetcher, FetchError, blocked_reason, user_agent
from storyline.options import Options

from .conftest import Route, Server

OPEN = Options(allow_private_urls=True, host_delay=0)


def resolver_for(table: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    """A fake DNS: host -> addresses (getaddrinfo's shape); other hosts do not resolve."""

    def resolve(host: str, port: int, *args: object) -> list[tuple[object, ...]]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in table[host]]

    return resolve


@pytest.mark.parametrize(
    ("address", "kind"),
    [("127.0.0.1", "loopback"), ("10.0.0.7", "private"), ("192.168.1.1", "private"), ("169.254.169.254", "link-local"),
     ("224.0.0.1", "multicast"), ("0.0.0.0", "unspecified"), ("::1", "loopback"), ("fe80::1", "link-local"),
     ("fc00::1", "private"), ("::ffff:10.0.0.1", "private"), ("100.64.0.1", "non-global")],
)  # fmt: skip
def test_blocked_addresses(address: str, kind: str) -> None:
    assert blocked_reason(address) == kind


def test_public_addresses_pass() -> None:
    assert blocked_reason("93.184.216.34") is None
    assert blocked_reason("2606:2800:220:1:248:1893:25c8:1946") is None


def test_loopback_refused_before_any_request(server: Server) -> None:
    server.routes["/feed.xml"] = Route(b"<rss/>", "application/rss+xml")
    with Fetcher(Options(host_delay=0)) as fetcher, pytest.raises(FetchError, match="loopback address"):
        fetcher.get(server.url("/feed.xml"))
    assert server.requests == []


@pytest.mark.parametrize("address", ["10.1.2.3", "169.254.169.254", "192.168.0.10"])
def test_private_and_link_local_hosts_refused(address: str) -> None:
    fetcher = Fetcher(Options(host_delay=0), resolver=resolver_for({"intranet.test": [address]}))
    with fetcher, pytest.raises(FetchError, match=r"refused: intranet\.test resolves to a"):
        fetcher.get("http://intranet.test/feed.xml")


def test_one_private_address_among_public_ones_is_refused() -> None:
    fetcher = Fetcher(Options(host_delay=0), resolver=resolver_for({"mixed.test": ["93.184.216.34", "10.0.0.1"]}))
    with fetcher, pytest.raises(FetchError, match="private address"):
        fetcher.get("http://mixed.test/")


def test_redirect_from_a_public_host_to_loopback_is_refused(server: Server) -> None:
    server.routes["/secret"] = Route(b"internal")
    hops: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:  # public.test answers with a redirect to loopback
        hops.append(str(request.url))
        return httpx.Response(302, headers={"Location": server.url("/secret")})

    fetcher = Fetcher(
        Options(host_delay=0),
        resolver=resolver_for({"public.test": ["93.184.216.34"], "127.0.0.1": ["127.0.0.1"]}),
        transport=httpx.MockTransport(answer),
    )
    with fetcher, pytest.raises(FetchError, match="loopback") as raised:
        fetcher.get("http://public.test/feed.xml")
    assert hops == ["http://public.test/feed.xml"]  # the first hop was allowed, the second never sent
    assert raised.value.url == server.url("/secret")
    assert server.requests == []


def test_redirects_followed_and_counted(server: Server) -> None:
    server.routes["/a"] = Route(b"", status=301, headers={"Location": "/b"})
    server.routes["/b"] = Route(b"", status=302, headers={"Location": "/c"})
    server.routes["/c"] = Route(b"arrived")
    with Fetcher(OPEN) as fetcher:
        response = fetcher.get(server.url("/a"))
    assert response.content == b"arrived" and response.url == server.url("/c")
    fetcher = Fetcher(Options(allow_private_urls=True, host_delay=0, max_redirects=1))
    with fetcher, pytest.raises(FetchError, match="more than 1 redirects"):
        fetcher.get(server.url("/a"))


def test_dns_rebinding_is_caught_at_connect() -> None:
    """The host resolves to a public address when checked, then to loopback: the connection is refused."""
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])

    def rebinding(host: str, port: int, *args: object) -> list[tuple[object, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in next(answers)]

    with Fetcher(Options(host_delay=0), resolver=rebinding) as fetcher, pytest.raises(FetchError, match="loopback"):
        fetcher.get("http://rebind.test/")


def test_checked_backend_connects_to_the_checked_address(server: Server) -> None:
    port = int(server.base.rsplit(":", 1)[1])
    backend = CheckedBackend(resolver_for({"local.test": ["127.0.0.1"]}), allow_private=True)
    stream = backend.connect_tcp("local.test", port, timeout=2)
    stream.close()


def test_non_http_schemes_refused() -> None:
    with Fetcher(OPEN) as fetcher:
        for url in ("file:///etc/passwd", "ftp://example.org/x", "gopher://x"):
            with pytest.raises(FetchError, match="only http and https"):
                fetcher.get(url)


def test_size_limit_refuses_large_responses(server: Server) -> None:
    server.routes["/big"] = Route(b"x" * 5000)
    fetcher = Fetcher(Options(allow_private_urls=True, host_delay=0, max_fetch_bytes=1000))
    with fetcher, pytest.raises(FetchError, match="over the limit of 1,000"):
        fetcher.get(server.url("/big"))


def test_size_limit_without_content_length() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter([b"y" * 600, b"y" * 600]))  # streamed, no length

    fetcher = Fetcher(
        Options(host_delay=0, max_fetch_bytes=1000),
        resolver=resolver_for({"public.test": ["93.184.216.34"]}),
        transport=httpx.MockTransport(answer),
    )
    with fetcher, pytest.raises(FetchError, match="over the limit"):
        fetcher.get("http://public.test/stream")


def test_read_timeout(server: Server) -> None:
    server.routes["/slow"] = Route(b"late", delay=1.5)
    fetcher = Fetcher(Options(allow_private_urls=True, host_delay=0, fetch_read_timeout=0.3))
    with fetcher, pytest.raises(FetchError, match="timed out"):
        fetcher.get(server.url("/slow"))


def test_http_errors_say_the_status(server: Server) -> None:
    with Fetcher(OPEN) as fetcher, pytest.raises(FetchError, match="HTTP 404") as raised:
        fetcher.get(server.url("/missing"))
    assert raised.value.status == 404


def test_conditional_get_and_user_agent(server: Server) -> None:
    server.routes["/feed.xml"] = Route(b"<rss/>", "application/rss+xml", etag='"v1"')
    with Fetcher(OPEN) as fetcher:
        first = fetcher.get(server.url("/feed.xml"))
        second = fetcher.get(server.url("/feed.xml"), etag=first.etag, last_modified=first.last_modified)
    assert first.etag == '"v1"' and first.last_modified and not first.not_modified
    assert second.not_modified and second.content == b""
    headers = server.requests[1][2]
    assert headers["if-none-match"] == '"v1"' and headers["if-modified-since"] == first.last_modified
    assert headers["user-agent"] == user_agent() and user_agent().startswith("Storyline/")


def test_politeness_delay_per_host(server: Server) -> None:
    server.routes["/a"] = Route(b"a")
    slept: list[float] = []
    clock = iter(float(t) for t in range(100))
    with Fetcher(
        Options(allow_private_urls=True, host_delay=5.0), sleep=slept.append, clock=lambda: next(clock)
    ) as fetcher:
        fetcher.get(server.url("/a"))
        fetcher.get(server.url("/a"))
    assert slept and all(0 < wait <= 5.0 for wait in slept)


def test_politeness_delay_really_waits(server: Server) -> None:
    import time

    server.routes["/a"] = Route(b"a")
    with Fetcher(Options(allow_private_urls=True, host_delay=0.4)) as fetcher:
        started = time.monotonic()
        for _ in range(3):
            fetcher.get(server.url("/a"))
        assert time.monotonic() - started >= 0.8


def test_webhook_post(server: Server) -> None:
    server.routes["/hook"] = Route(b"ok", "text/plain")
    with Fetcher(OPEN) as fetcher:
        fetcher.post_json(server.url("/hook"), b'{"alert": "x"}')
    method, path, headers = server.requests[0]
    assert (method, path, headers["content-type"], headers["body"]) == (
        "POST",
        "/hook",
        "application/json",
        '{"alert": "x"}',
    )
