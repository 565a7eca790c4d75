"""httpx: sync and async transports whose every connection is judged by a policy.

Install with ``pip install loopback-net[httpx]``. httpx hands each new connection to its
network backend (httpcore); :class:`GuardedTransport` and :class:`AsyncGuardedTransport`
put a backend in between that looks the host up once, judges every answer, and connects
only to the allowed addresses. TLS (SNI and certificate checks) and the ``Host`` header
keep the URL's name. Redirects (``follow_redirects=True``) go through the same transport,
so each hop is judged.

>>> import httpx
>>> from loopback.ssrf import Policy
>>> from loopback.ssrf.httpx import GuardedTransport
>>> client = httpx.Client(transport=GuardedTransport(policy=Policy(this_host=())))
>>> client.get("http://[::ffff:127.0.0.1]:8080/")
Traceback (most recent call last):
  ...
loopback.errors.DestinationBlockedError: refused to connect to '::ffff:127.0.0.1' port 8080:
::ffff:127.0.0.1 is refused (loopback): loopback: this machine

A refusal is raised as :class:`~loopback.ssrf.DestinationBlockedError`, not wrapped in
``httpx.ConnectError``. Passing ``transport=`` also turns off httpx's proxies from the
environment; the transports take no ``proxy`` or ``uds`` argument, since the guard could
not judge where a proxy connects.
"""

from __future__ import annotations

import functools
import socket
from collections.abc import Iterable
from typing import Any, Union

import anyio.to_thread
import httpcore
import httpx

from ..errors import DestinationBlockedError, PolicyError
from ._connect import (
    AddrInfo,
    Guard,
    Resolver,
    guarded_addresses,
    literal_answers,
    make_guard,
    precheck,
    resolve,
)
from ._policy import Policy

__all__ = ["AsyncGuardedBackend", "AsyncGuardedTransport", "GuardedBackend", "GuardedTransport"]

#: httpcore's socket options: ``(level, option, value)`` with an int or bytes value.
SocketOption = Union[
    tuple[int, int, int], tuple[int, int, Union[bytes, bytearray]], tuple[int, int, None, int]
]
_REFUSED_KEYWORDS = ("proxy", "uds")


def _lookup(guard: Guard, host: str, port: int) -> list[AddrInfo]:
    """Judged answers for ``host``; a failed lookup is httpcore's ``ConnectError``."""
    try:
        return resolve(host, port, policy=guard.policy, resolver=guard.resolver)
    except socket.gaierror as error:
        raise httpcore.ConnectError(str(error)) from error


def _checked(kwargs: dict[str, Any]) -> dict[str, Any]:
    for name in _REFUSED_KEYWORDS:
        if kwargs.get(name) is not None:
            raise PolicyError(f"{name}: the guard cannot judge where a {name} connects")
    return kwargs


def _scheme(guard: Guard, request: httpx.Request) -> None:
    verdict = guard.policy.allows_scheme(request.url.scheme)
    if not verdict.allowed:
        raise DestinationBlockedError(request.url.host, request.url.port, (verdict,))


def _put_backend(transport: Any, backend: Any) -> None:  # noqa: ANN401 - either transport
    """Put ``backend`` (wrapping httpcore's) between the transport's pool and the network.

    Without a proxy, httpx's transports keep an httpcore connection pool in ``_pool``,
    which opens connections through its ``_network_backend``.
    """
    pool = transport._pool
    pool._network_backend = backend(transport.guard, pool._network_backend)


class GuardedBackend(httpcore.NetworkBackend):
    """An httpcore network backend that connects only where the policy allows.

    ``inner`` is the backend that makes the connections (default: httpcore's own).
    """

    def __init__(self, guard: Guard, inner: httpcore.NetworkBackend | None = None) -> None:
        self.guard = guard
        self.inner = httpcore.SyncBackend() if inner is None else inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.NetworkStream:
        """Look ``host`` up once and connect to the first allowed answer that answers."""
        failed: Exception | None = None
        for info in _lookup(self.guard, host, port):
            try:
                return self.inner.connect_tcp(
                    info[4][0], port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failed = error
        raise failed  # type: ignore[misc]  # _lookup never returns an empty list

    def sleep(self, seconds: float) -> None:
        """As the inner backend sleeps."""
        self.inner.sleep(seconds)


class AsyncGuardedBackend(httpcore.AsyncNetworkBackend):
    """The async :class:`GuardedBackend`; the lookup runs in a worker thread."""

    def __init__(self, guard: Guard, inner: httpcore.AsyncNetworkBackend) -> None:
        self.guard = guard
        self.inner = inner

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Look ``host`` up once and connect to the first allowed answer that answers.

        An address literal is read and judged here; only a name goes to a worker thread.
        """
        name, first = precheck(host, port, self.guard.policy)
        infos = literal_answers(name, port, 0, socket.SOCK_STREAM)
        if infos is None:
            lookup = functools.partial(_lookup, self.guard, name, port)
            allowed = await anyio.to_thread.run_sync(lookup)
        else:
            allowed = guarded_addresses(name, port, infos, self.guard.policy, first)
        failed: Exception | None = None
        for info in allowed:
            try:
                return await self.inner.connect_tcp(
                    info[4][0], port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failed = error
        raise failed  # type: ignore[misc]  # never an empty list

    async def sleep(self, seconds: float) -> None:
        """As the inner backend sleeps."""
        await self.inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """:class:`httpx.HTTPTransport` that connects only where ``policy`` allows.

    :param policy: the :class:`~loopback.ssrf.Policy` (``None``: the default policy).
    :param resolver: looks hosts up instead of :func:`socket.getaddrinfo` (tests, caches).

    Other keyword arguments are ``HTTPTransport``'s (``verify``, ``http2``, ``retries``,
    ``limits``, ``local_address``, ...), except ``proxy`` and ``uds``.

    :raises PolicyError: ``policy`` or ``resolver`` is of the wrong type, or a proxy or
        Unix socket is asked for.
    """

    def __init__(
        self,
        *,
        policy: Policy | None = None,
        resolver: Resolver | None = None,
        **kwargs: Any,  # noqa: ANN401 - HTTPTransport's own keywords
    ) -> None:
        self.guard = make_guard(policy, resolver)
        super().__init__(**_checked(kwargs))
        _put_backend(self, GuardedBackend)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` after checking its URL's scheme against the policy."""
        _scheme(self.guard, request)
        return super().handle_request(request)


class AsyncGuardedTransport(httpx.AsyncHTTPTransport):
    """:class:`httpx.AsyncHTTPTransport` that connects only where ``policy`` allows.

    The arguments are :class:`GuardedTransport`'s. Runs on asyncio and trio (the lookup
    runs in a worker thread through anyio, as httpx's own does in the C library).

    :raises PolicyError: ``policy`` or ``resolver`` is of the wrong type, or a proxy or
        Unix socket is asked for.
    """

    def __init__(
        self,
        *,
        policy: Policy | None = None,
        resolver: Resolver | None = None,
        **kwargs: Any,  # noqa: ANN401 - AsyncHTTPTransport's own keywords
    ) -> None:
        self.guard = make_guard(policy, resolver)
        super().__init__(**_checked(kwargs))
        _put_backend(self, AsyncGuardedBackend)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` after checking its URL's scheme against the policy."""
        _scheme(self.guard, request)
        return await super().handle_async_request(request)
