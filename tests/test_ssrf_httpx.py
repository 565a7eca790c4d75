"""The guard in httpx, sync and async (loopback/ssrf/httpx.py)."""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import Awaitable
from typing import TypeVar

import httpcore
import httpx
import pytest
import trustme

from loopback.ssrf import DestinationBlockedError, Policy, PolicyError
from loopback.ssrf.httpx import (
    AsyncGuardedBackend,
    AsyncGuardedTransport,
    GuardedBackend,
    GuardedTransport,
)

from .ssrf_helpers import FakeResolver, Rebinder, http_server, needs_loopback_aliases, server_tls

pytestmark = needs_loopback_aliases
SERVER = "127.0.0.2"
OTHER = "127.0.0.3"
POLICY = Policy(allow=[SERVER], this_host=())
T = TypeVar("T")


def run(awaitable: Awaitable[T]) -> T:
    async def main() -> T:
        return await awaitable

    return asyncio.run(main())


def dead_port(host: str) -> int:
    closed = socket.socket()
    closed.bind((host, 0))
    port: int = closed.getsockname()[1]
    closed.close()
    return port


# --- sync -------------------------------------------------------------------------------------


def test_sync_allowed_server_keeps_the_name() -> None:
    resolver = FakeResolver({"app.example": [SERVER]})
    with (
        http_server(SERVER) as port,
        httpx.Client(transport=GuardedTransport(policy=POLICY, resolver=resolver)) as client,
    ):
        assert client.get(f"http://app.example:{port}/").text == f"host=app.example:{port}"
        assert client.get(f"http://{SERVER}:{port}/").status_code == 200
    assert resolver.asked == ["app.example"]


def test_sync_https_keeps_the_name_for_sni_and_the_certificate() -> None:
    ca = trustme.CA()
    context = ssl.create_default_context()
    ca.configure_trust(context)
    resolver = FakeResolver({"app.example": [SERVER], "other.example": [SERVER]})
    transport = GuardedTransport(policy=POLICY, resolver=resolver, verify=context)
    with (
        http_server(SERVER, server_tls(ca, "app.example")) as port,
        httpx.Client(transport=transport) as client,
    ):
        assert client.get(f"https://app.example:{port}/").text == f"host=app.example:{port}"
        with pytest.raises(httpx.ConnectError, match="certificate"):
            client.get(f"https://other.example:{port}/")


SPELLINGS = [
    "127.1", "0x7f.1", "2130706433", "0", "[::1]", "[::ffff:127.0.0.1]", "[::127.0.0.1]",
    "[64:ff9b::a9fe:a9fe]", "[2002:a9fe:a9fe::]", "169.254.169.254", "localhost",
]  # fmt: skip


@pytest.mark.parametrize("host", SPELLINGS)
def test_sync_refuses_every_spelling(host: str) -> None:
    transport = GuardedTransport(policy=Policy(this_host=()))
    with httpx.Client(transport=transport) as client, pytest.raises(DestinationBlockedError):
        client.get(f"http://{host}:9/")


def test_sync_redirect_to_a_blocked_address_is_refused() -> None:
    resolver = FakeResolver({"app.example": [SERVER], "internal.example": [OTHER]})
    transport = GuardedTransport(policy=POLICY, resolver=resolver)
    with (
        http_server(SERVER) as port,
        http_server(OTHER) as other,
        httpx.Client(transport=transport, follow_redirects=True) as client,
    ):
        for target in [f"http://internal.example:{other}/", f"http://{OTHER}:{other}/"]:
            with pytest.raises(DestinationBlockedError):
                client.get(f"http://app.example:{port}/redirect?{target}")
        response = client.get(f"http://app.example:{port}/redirect?http://{SERVER}:{port}/")
        assert response.status_code == 200


def test_sync_rebinding_and_next_answer() -> None:
    rebinder = Rebinder(SERVER, "10.0.0.1")
    with http_server(SERVER) as port:
        with httpx.Client(transport=GuardedTransport(policy=POLICY, resolver=rebinder)) as client:
            assert client.get(f"http://rebind.example:{port}/").status_code == 200
        second = GuardedTransport(policy=POLICY, resolver=rebinder)
        with (
            httpx.Client(transport=second) as client,
            pytest.raises(DestinationBlockedError) as info,
        ):
            client.get(f"http://rebind.example:{port}/")
        assert info.value.verdicts[0].rule == "private"
        policy = Policy(allow=[SERVER, OTHER], this_host=())
        resolver = FakeResolver({"two.example": [OTHER, SERVER]})
        dead = dead_port(OTHER)
        with httpx.Client(transport=GuardedTransport(policy=policy, resolver=resolver)) as client:
            assert client.get(f"http://two.example:{port}/").status_code == 200
            with pytest.raises(httpx.ConnectError):
                client.get(f"http://two.example:{dead}/")
            with pytest.raises(httpx.ConnectError, match="Name or service not known"):
                client.get("http://nowhere.example/")


def test_sync_scheme_and_arguments() -> None:
    transport = GuardedTransport(policy=Policy(schemes=["https"], this_host=()))
    with httpx.Client(transport=transport) as client, pytest.raises(DestinationBlockedError):
        client.get("http://example.com/")
    with pytest.raises(PolicyError, match="proxy: the guard cannot judge where a proxy connects"):
        GuardedTransport(proxy="http://proxy.example:3128")
    with pytest.raises(PolicyError, match="uds: the guard cannot judge where a uds connects"):
        AsyncGuardedTransport(uds="/run/x.sock")
    with pytest.raises(PolicyError, match="resolver: 'x' is not callable"):
        GuardedTransport(resolver="x")  # type: ignore[arg-type]


def test_backend_sleeps_as_its_inner_backend() -> None:
    transport = GuardedTransport(policy=POLICY)
    backend = GuardedBackend(transport.guard)
    backend.sleep(0)


# --- async ------------------------------------------------------------------------------------


def test_async_allowed_blocked_and_redirected() -> None:
    resolver = FakeResolver(
        {"app.example": [SERVER], "internal.example": [OTHER], "meta.example": ["169.254.169.254"]}
    )

    async def scenario(port: int, other: int) -> None:
        transport = AsyncGuardedTransport(policy=POLICY, resolver=resolver)
        async with httpx.AsyncClient(transport=transport, follow_redirects=True) as client:
            response = await client.get(f"http://app.example:{port}/")
            assert response.text == f"host=app.example:{port}"
            with pytest.raises(DestinationBlockedError) as info:
                await client.get(f"http://meta.example:{port}/")
            assert info.value.verdicts[0].rule == "cloud-metadata"
            with pytest.raises(DestinationBlockedError):
                await client.get(f"http://app.example:{port}/redirect?http://{OTHER}:{other}/")
            with pytest.raises(DestinationBlockedError):
                await client.get("http://[::ffff:7f00:1]:9/")

    with http_server(SERVER) as port, http_server(OTHER) as other:
        run(scenario(port, other))


def test_async_next_answer_sleep_and_scheme() -> None:
    policy = Policy(allow=[SERVER, OTHER], schemes=["http"], this_host=())
    resolver = FakeResolver({"two.example": [OTHER, SERVER]})

    async def scenario(port: int, dead: int) -> None:
        transport = AsyncGuardedTransport(policy=policy, resolver=resolver)
        async with httpx.AsyncClient(transport=transport) as client:
            assert (await client.get(f"http://two.example:{port}/")).status_code == 200
            with pytest.raises(httpx.ConnectError):
                await client.get(f"http://two.example:{dead}/")
            with pytest.raises(DestinationBlockedError):
                await client.get(f"https://two.example:{port}/")
        await AsyncGuardedBackend(transport.guard, httpcore.AnyIOBackend()).sleep(0)

    with http_server(SERVER) as port:
        run(scenario(port, dead_port(OTHER)))
