"""SSRF guard benchmark: what the guard adds to each new connection of each client.

Run with ``nox -s bench`` (or ``python tests/bench/bench_ssrf.py`` with requests, httpx
and aiohttp installed). A one-thread HTTP/1.0 server in another process, on ``127.0.0.2``,
closes every connection after one answer, so each request opens a new connection. For each client
the same requests are made without and with the guard (a policy that allows ``127.0.0.2``);
it prints the client process's CPU time per request, best of 7 rounds of 200 (rounds with
and without the guard taken in turn), the difference (what the guard adds per connection)
and the ratio. Then the guard's own steps alone:
``Policy.judge`` and ``resolve`` of an address literal against ``socket.getaddrinfo``.
Loopback only; nothing leaves this machine. No test asserts on time.
"""

from __future__ import annotations

import asyncio
import platform
import socket
import subprocess
import sys
import time
from functools import partial
from importlib.metadata import version
from typing import Any, Callable

import aiohttp
import httpx
import requests
import urllib3

from loopback import Address
from loopback.ssrf import Policy, create_connection, resolve
from loopback.ssrf.aiohttp import GuardedConnector
from loopback.ssrf.httpx import AsyncGuardedTransport, GuardedTransport
from loopback.ssrf.requests import guarded_session
from loopback.ssrf.urllib3 import GuardedPoolManager

HOST = "127.0.0.2"
REQUESTS = 200
ROUNDS = 7
SERVER = """
import socket, sys
server = socket.socket()
server.bind((sys.argv[1], 0))
server.listen(128)
print(server.getsockname()[1], flush=True)
while True:
    conn, _ = server.accept()
    data = b""
    while b"\\r\\n\\r\\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    if data:
        conn.sendall(b"HTTP/1.0 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok")
    conn.close()
"""


def cpu_per_call(function: Callable[[], object], count: int, rounds: int = ROUNDS) -> float:
    """Best of ``rounds``: CPU seconds of this process per call of ``function``."""
    times = []
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(count):
            function()
        times.append((time.process_time() - start) / count)
    return min(times)


def sync_calls(function: Callable[[], object]) -> Callable[[int], object]:
    def calls(count: int) -> None:
        for _ in range(count):
            function()

    return calls


def async_calls(make: Callable[[int], Any]) -> Callable[[int], object]:
    return lambda count: asyncio.run(make(count))


def compare(
    plain: Callable[[int], object], guarded: Callable[[int], object]
) -> tuple[float, float]:
    """CPU seconds per request without and with the guard: rounds taken in turn, best of each."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(ROUNDS):
        for kind, requests_made in enumerate((plain, guarded)):
            start = time.process_time()
            requests_made(REQUESTS)
            times[kind].append((time.process_time() - start) / REQUESTS)
    return min(times[0]), min(times[1])


def row(name: str, times: tuple[float, float]) -> None:
    plain, guarded = times
    print(
        f"| {name} | {plain * 1e6:.0f} | {guarded * 1e6:.0f} | "
        f"{(guarded - plain) * 1e6:+.1f} | {guarded / plain:.3f} |"
    )


def main() -> None:
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, HOST], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        run(port)
    finally:
        server.terminate()
        server.wait()


def run(port: int) -> None:
    policy = Policy(allow=[HOST])
    url = f"http://{HOST}:{port}/"
    print(f"Python {platform.python_version()}, {REQUESTS} requests a round, best of {ROUNDS}")
    print("CPU time per request (each on a new connection), microseconds:\n")
    print("| client | unguarded | guarded | guard adds | ratio |")
    print("|---|---|---|---|---|")

    def connect(make: Callable[..., socket.socket], **kwargs: Any) -> Callable[[], None]:
        def once() -> None:
            make((HOST, port), 5, **kwargs).close()

        return once

    row(
        "socket.create_connection (connect only)",
        compare(
            sync_calls(connect(socket.create_connection)),
            sync_calls(connect(create_connection, policy=policy)),
        ),
    )

    plain_session = requests.Session()
    plain_session.trust_env = False
    guarded = guarded_session(policy)
    row(
        f"requests {requests.__version__}",
        compare(
            sync_calls(lambda: plain_session.get(url, timeout=5).content),
            sync_calls(lambda: guarded.get(url, timeout=5).content),
        ),
    )

    plain_pool = urllib3.PoolManager()
    guarded_pool = GuardedPoolManager(policy=policy)
    row(
        f"urllib3 {version('urllib3')}",
        compare(
            sync_calls(lambda: plain_pool.request("GET", url).data),
            sync_calls(lambda: guarded_pool.request("GET", url).data),
        ),
    )

    with (
        httpx.Client(trust_env=False) as plain_client,
        httpx.Client(transport=GuardedTransport(policy=policy)) as guarded_client,
    ):
        row(
            f"httpx {httpx.__version__}",
            compare(
                sync_calls(lambda: plain_client.get(url).content),
                sync_calls(lambda: guarded_client.get(url).content),
            ),
        )

    async def httpx_async(count: int, *, guard: bool) -> None:
        transport = AsyncGuardedTransport(policy=policy) if guard else None
        async with httpx.AsyncClient(transport=transport, trust_env=False) as client:
            for _ in range(count):
                (await client.get(url)).read()

    row(
        f"httpx {httpx.__version__} async",
        compare(
            async_calls(partial(httpx_async, guard=False)),
            async_calls(partial(httpx_async, guard=True)),
        ),
    )

    async def aiohttp_run(count: int, *, guard: bool) -> None:
        connector = GuardedConnector(policy=policy) if guard else aiohttp.TCPConnector()
        async with aiohttp.ClientSession(connector=connector) as session:
            for _ in range(count):
                async with session.get(url) as response:
                    await response.read()

    row(
        f"aiohttp {aiohttp.__version__}",
        compare(
            async_calls(partial(aiohttp_run, guard=False)),
            async_calls(partial(aiohttp_run, guard=True)),
        ),
    )

    calls = 20_000
    address = Address("93.184.215.14")
    print("\nThe guard's steps alone, microseconds per call:\n")
    print("| step | time |")
    print("|---|---|")
    steps: list[tuple[str, Callable[[], object]]] = [
        ("`Policy.judge(Address)`, a global address", lambda: policy.judge(address)),
        ("`Policy.judge(str)`, a global address", lambda: policy.judge("93.184.215.14")),
        ("`Policy.judge(str)`, a private address", lambda: policy.judge("10.1.2.3")),
        ("`socket.getaddrinfo`, an address literal", lambda: socket.getaddrinfo(HOST, port, 0, 1)),
        ("`resolve`, an address literal", lambda: resolve(HOST, port, policy=policy)),
    ]  # fmt: skip
    for name, function in steps:
        print(f"| {name} | {cpu_per_call(function, calls, 3) * 1e6:.2f} |")


if __name__ == "__main__":
    main()
