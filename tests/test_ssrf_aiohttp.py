"""The guard in aiohttp (loopback/ssrf/aiohttp.py)."""

from __future__ import annotations

import asyncio
import socket
import ssl
from typing import Any

import aiohttp
import pytest
import trustme
from aiohttp.abc import AbstractResolver

from loopback.ssrf import DestinationBlockedError, Policy, PolicyError
from loopback.ssrf.aiohttp import GuardedConnector

from .ssrf_helpers import FakeResolver, Rebinder, http_server, needs_loopback_aliases, server_tls

pytestmark = needs_loopback_aliases
SERVER = "127.0.0.2"
OTHER = "127.0.0.3"
POLICY = Policy(allow=[SERVER], this_host=())


def fetch(url: str, proxy: str | None = None, **connector: Any) -> tuple[int, str]:
    """GET ``url`` through a new ``GuardedConnector(**connector)`` in a new event loop."""

    async def main() -> tuple[int, str]:
        session = aiohttp.ClientSession(connector=GuardedConnector(**connector))
        async with session, session.get(url, proxy=proxy) as response:
            return response.status, await response.text()

    return asyncio.run(main())


class FakeAiohttpResolver(AbstractResolver):
    """An aiohttp resolver answering from a table."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[Any]:
        if host not in self.table:
            raise OSError(f"no such name {host}")
        return [
            {"hostname": host, "host": a, "port": port, "family": socket.AF_INET, "proto": 6,
             "flags": 0}
            for a in self.table[host]
        ]  # fmt: skip

    async def close(self) -> None:
        pass


def test_allowed_server_keeps_the_name() -> None:
    resolver = FakeResolver({"app.example": [SERVER]})
    with http_server(SERVER) as port:
        assert fetch(f"http://app.example:{port}/", policy=POLICY, resolver=resolver) == (
            200,
            f"host=app.example:{port}",
        )
    assert resolver.asked == ["app.example"]


def test_aiohttp_resolver_is_used_and_judged() -> None:
    resolver = FakeAiohttpResolver({"app.example": [SERVER], "meta.example": ["169.254.169.254"]})
    with http_server(SERVER) as port:
        assert fetch(f"http://app.example:{port}/", policy=POLICY, resolver=resolver)[0] == 200
        with pytest.raises(DestinationBlockedError) as info:
            fetch(f"http://meta.example:{port}/", policy=POLICY, resolver=resolver)
    assert info.value.verdicts[0].rule == "cloud-metadata"
    with pytest.raises(aiohttp.ClientConnectorError):
        fetch("http://nowhere.example/", policy=POLICY, resolver=resolver)


def test_https_keeps_the_name_for_sni_and_the_certificate() -> None:
    ca = trustme.CA()
    context = ssl.create_default_context()
    ca.configure_trust(context)
    resolver = FakeResolver({"app.example": [SERVER], "other.example": [SERVER]})
    with http_server(SERVER, server_tls(ca, "app.example")) as port:
        guard: dict[str, Any] = {"policy": POLICY, "resolver": resolver, "ssl": context}
        assert fetch(f"https://app.example:{port}/", **guard)[1] == f"host=app.example:{port}"
        with pytest.raises(aiohttp.ClientConnectorCertificateError):
            fetch(f"https://other.example:{port}/", **guard)


SPELLINGS = [
    "127.0.0.1",
    "127.1",
    "0x7f.1",
    "2130706433",
    "0",
    "[::1]",
    "[::ffff:127.0.0.1]",
    "[::127.0.0.1]",
    "[64:ff9b::a9fe:a9fe]",
    "[2002:a9fe:a9fe::]",
    "169.254.169.254",
    "localhost",
    "a.localhost",
]


@pytest.mark.parametrize("host", SPELLINGS)
def test_refuses_every_spelling(host: str) -> None:
    with pytest.raises(DestinationBlockedError):
        fetch(f"http://{host}:9/", policy=Policy(this_host=()), resolver=FakeResolver({}))


def test_redirect_to_a_blocked_address_is_refused() -> None:
    resolver = FakeResolver({"app.example": [SERVER], "internal.example": [OTHER]})
    with http_server(SERVER) as port, http_server(OTHER) as other:
        for target in [f"http://internal.example:{other}/", f"http://{OTHER}:{other}/"]:
            with pytest.raises(DestinationBlockedError):
                fetch(
                    f"http://app.example:{port}/redirect?{target}", policy=POLICY, resolver=resolver
                )
        url = f"http://app.example:{port}/redirect?http://{SERVER}:{port}/"
        assert fetch(url, policy=POLICY, resolver=resolver)[0] == 200


def test_rebinding_each_connection_is_judged() -> None:
    rebinder = Rebinder(SERVER, "::1")

    async def twice(port: int) -> None:
        connector = GuardedConnector(policy=POLICY, resolver=rebinder, force_close=True)
        async with aiohttp.ClientSession(connector=connector) as session:
            async with session.get(f"http://rebind.example:{port}/") as response:
                assert response.status == 200
            with pytest.raises(DestinationBlockedError):
                await session.get(f"http://rebind.example:{port}/")

    with http_server(SERVER) as port:
        asyncio.run(twice(port))


def test_next_answer_and_failures() -> None:
    closed = socket.socket()
    closed.bind((OTHER, 0))
    dead = closed.getsockname()[1]
    closed.close()
    policy = Policy(allow=[SERVER, OTHER], this_host=())
    resolver = FakeResolver({"two.example": [OTHER, SERVER]})
    with http_server(SERVER) as port:
        assert fetch(f"http://two.example:{port}/", policy=policy, resolver=resolver)[0] == 200
    with pytest.raises(aiohttp.ClientConnectorError):
        fetch(f"http://two.example:{dead}/", policy=policy, resolver=resolver)
    with pytest.raises(aiohttp.ClientConnectorError):
        fetch("http://nowhere.example/", policy=policy, resolver=resolver)


def test_names_idna_refuses() -> None:
    def idna(host: str, port: int, family: int, type_: int) -> list[Any]:
        raise UnicodeError("label too long")

    with pytest.raises(DestinationBlockedError) as info:
        fetch("http://x.example/", policy=POLICY, resolver=idna)
    assert info.value.verdicts[0].rule == "invalid-host"


def test_proxies_and_schemes_are_refused() -> None:
    with pytest.raises(DestinationBlockedError) as info:
        fetch(f"http://{SERVER}:9/", proxy="http://127.0.0.9:3128", policy=POLICY)
    assert info.value.verdicts[0].rule == "proxy"
    policy = Policy(schemes=["https"], allow=[SERVER], this_host=())
    with pytest.raises(DestinationBlockedError) as info:
        fetch(f"http://{SERVER}:9/", policy=policy)
    assert info.value.verdicts[0].rule == "scheme"


def test_bad_arguments() -> None:
    async def make() -> None:
        GuardedConnector(resolver=5)  # type: ignore[arg-type]

    with pytest.raises(PolicyError, match="resolver: 5 is not callable"):
        asyncio.run(make())


def test_a_label_too_long_for_idna_is_refused() -> None:
    with pytest.raises(DestinationBlockedError) as info:
        fetch(f"http://{'1' * 64}.1/", policy=POLICY, resolver=FakeResolver({}))
    assert info.value.verdicts[0].rule == "invalid-host"
