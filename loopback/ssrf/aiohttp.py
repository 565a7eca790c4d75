"""aiohttp: a connector whose every connection is judged by a policy.

Install with ``pip install loopback-net[aiohttp]``. :class:`GuardedConnector` is aiohttp's
``TCPConnector`` with the host lookup replaced: it looks the host up once (with aiohttp's
resolver, or a ``getaddrinfo``-like ``resolver`` of yours), judges every answer, and hands
aiohttp only the allowed addresses to connect to. Address literals in every spelling
(``0x7f.1``, ``[::ffff:127.0.0.1]``) are judged too, which aiohttp's own lookup skips. TLS
(SNI and certificate checks) and the ``Host`` header keep the URL's name; redirects open
connections through the same connector, so each hop is judged.

>>> import asyncio, aiohttp
>>> from loopback.ssrf import DestinationBlockedError, Policy
>>> from loopback.ssrf.aiohttp import GuardedConnector
>>> async def fetch(url):
...     connector = GuardedConnector(policy=Policy(this_host=()))
...     async with aiohttp.ClientSession(connector=connector) as session:
...         async with session.get(url) as response:
...             return await response.read()
>>> try:
...     asyncio.run(fetch("http://[::ffff:a9fe:a9fe]/latest/meta-data/"))
... except DestinationBlockedError as error:
...     print(error.verdicts[0].rule)
cloud-metadata

A refusal is raised as :class:`~loopback.ssrf.DestinationBlockedError`, not wrapped in an
``aiohttp.ClientError``. Requests through a proxy (``proxy=``, or ``trust_env=True`` with
``*_PROXY`` set) are refused: the guard would see only the proxy's address.
"""

from __future__ import annotations

import asyncio
import functools
import socket
from collections.abc import Sequence
from typing import Any

import aiohttp
from aiohttp.abc import AbstractResolver

from ..errors import DestinationBlockedError
from ._connect import (
    AddrInfo,
    Resolver,
    guarded_addresses,
    invalid_host,
    literal_answers,
    make_guard,
    precheck,
)
from ._policy import Policy, block

__all__ = ["GuardedConnector"]


class GuardedConnector(aiohttp.TCPConnector):
    """aiohttp's ``TCPConnector`` that connects only where ``policy`` allows.

    :param policy: the :class:`~loopback.ssrf.Policy` (``None``: the default policy).
    :param resolver: what looks names up: an aiohttp resolver (``AsyncResolver``,
        ``ThreadedResolver``, the default), or a ``getaddrinfo``-like function, run in a
        worker thread (tests, caches).

    Other keyword arguments are ``TCPConnector``'s (``limit``, ``ssl``, ``family``, ...).
    Its DNS cache is not used: each new connection is looked up and judged.

    :raises PolicyError: ``policy`` or ``resolver`` is of the wrong type.
    """

    def __init__(
        self,
        *,
        policy: Policy | None = None,
        resolver: Resolver | AbstractResolver | None = None,
        **kwargs: Any,  # noqa: ANN401 - TCPConnector's own keywords
    ) -> None:
        if isinstance(resolver, AbstractResolver):  # aiohttp's own kind: TCPConnector's
            self.guard = make_guard(policy, None)
            super().__init__(resolver=resolver, **kwargs)
        else:
            self.guard = make_guard(policy, resolver)
            super().__init__(**kwargs)

    async def connect(
        self,
        req: aiohttp.ClientRequest,
        traces: Any,  # noqa: ANN401 - list[Trace], typed differently by aiohttp's versions
        timeout: Any,  # noqa: ANN401 - ClientTimeout
    ) -> aiohttp.connector.Connection:
        """Check the request's scheme and proxy, then connect as ``TCPConnector`` does."""
        verdict = self.guard.policy.allows_scheme(req.url.scheme)
        if not verdict.allowed:
            raise DestinationBlockedError(str(req.url.host), req.url.port, (verdict,))
        if req.proxy is not None:
            reason = "a proxy connects on our behalf, so the guard cannot judge the destination"
            raise DestinationBlockedError(str(req.proxy), None, (block("proxy", None, reason),))
        return await super().connect(req, traces, timeout)

    async def _resolve_host(
        self,
        host: str,
        port: int,
        traces: Any = None,  # noqa: ANN401 - as TCPConnector's
    ) -> list[Any]:
        """Look ``host`` up once and return only the answers the policy allows."""
        name, first = precheck(host, port, self.guard.policy)
        infos = literal_answers(name, port, self.family, socket.SOCK_STREAM)
        if infos is None:
            infos = await self._look_up(name, port)
        allowed = guarded_addresses(name, port, infos, self.guard.policy, first)
        return [
            {
                "hostname": host,
                "host": info[4][0],
                "port": port,
                "family": info[0],
                "proto": info[2],
                "flags": socket.AI_NUMERICHOST | socket.AI_NUMERICSERV,
            }
            for info in allowed
        ]

    async def _look_up(self, name: str, port: int) -> Sequence[AddrInfo]:
        """Answers for a name: the guard's resolver in a thread, or aiohttp's resolver."""
        resolver = self.guard.resolver
        if resolver is not None:
            lookup = functools.partial(resolver, name, port, self.family, socket.SOCK_STREAM)
            try:
                return await asyncio.get_running_loop().run_in_executor(None, lookup)
            except UnicodeError:
                raise invalid_host(name, port) from None
        results = await self._resolver.resolve(name, port, socket.AddressFamily(self.family))
        return [
            (r["family"], socket.SOCK_STREAM, r["proto"], "", (r["host"], r["port"]))
            for r in results
        ]
