"""urllib3 2.x: a pool manager whose every connection is judged by a policy.

Install with ``pip install loopback-net[requests]`` (urllib3 comes with requests). Each new
connection looks its host up once through :func:`loopback.ssrf.resolve`, and urllib3
then connects to an allowed answer's address, with the host name kept for TLS (SNI and
certificate checks) and the ``Host`` header. Redirects that urllib3 follows open
connections through the same pools, so they are judged too.

>>> from loopback.ssrf import Policy
>>> from loopback.ssrf.urllib3 import GuardedPoolManager
>>> http = GuardedPoolManager(policy=Policy(this_host=()))
>>> http.request("GET", "http://169.254.169.254/latest/meta-data/")
Traceback (most recent call last):
  ...
loopback.errors.DestinationBlockedError: refused to connect to '169.254.169.254' port 80:
169.254.169.254 is refused (cloud-metadata): ...

A refusal is raised as :class:`~loopback.ssrf.DestinationBlockedError`, never retried;
a lookup that fails is urllib3's ``NameResolutionError`` as usual. Proxies are not
supported: through a proxy, the guard would judge only the proxy's address.
"""

from __future__ import annotations

import socket
from typing import Any, Callable, cast

from urllib3 import PoolManager
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util.connection import allowed_gai_family

from ..errors import DestinationBlockedError
from ._connect import Guard, Resolver, make_guard, resolve
from ._policy import Policy

__all__ = [
    "GuardedHTTPConnection",
    "GuardedHTTPConnectionPool",
    "GuardedHTTPSConnection",
    "GuardedHTTPSConnectionPool",
    "GuardedPoolManager",
]


def _guarded_new_conn(conn: HTTPConnection, guard: Guard, new_conn: Callable[[], Any]) -> Any:  # noqa: ANN401 - the socket urllib3 made
    """Look the host up once, judge the answers, and let urllib3 connect to each in turn.

    urllib3 connects to ``conn._dns_host``; it is pointed at each allowed address (a
    numeric host, which ``getaddrinfo`` does not look up again) and put back after.
    """
    name = conn._dns_host  # the host urllib3 looks up, trailing dot and all
    port = conn.port
    try:
        infos = resolve(
            name, port, policy=guard.policy, family=allowed_gai_family(), resolver=guard.resolver
        )
    except socket.gaierror as error:
        raise NameResolutionError(conn.host, conn, error) from error
    failed: Exception | None = None
    for info in infos:
        conn._dns_host = info[4][0]  # connect to the judged address only
        try:
            return new_conn()
        except (NewConnectionError, ConnectTimeoutError) as error:
            failed = error
        finally:
            conn._dns_host = name  # put the name back
    raise cast("Exception", failed)


class GuardedHTTPConnection(HTTPConnection):
    """An ``http`` connection that connects only where its pool's policy allows."""

    #: Set by :class:`GuardedHTTPConnectionPool` before the connection is used.
    guard: Guard | None = None

    def _new_conn(self) -> socket.socket:
        guard = self.guard or make_guard(None, None)
        sock: socket.socket = _guarded_new_conn(self, guard, super()._new_conn)
        return sock


class GuardedHTTPSConnection(HTTPSConnection):
    """An ``https`` connection that connects only where its pool's policy allows."""

    guard: Guard | None = None

    def _new_conn(self) -> socket.socket:
        guard = self.guard or make_guard(None, None)
        sock: socket.socket = _guarded_new_conn(self, guard, super()._new_conn)
        return sock


class GuardedHTTPConnectionPool(HTTPConnectionPool):
    """A connection pool whose connections are judged by ``guard``."""

    ConnectionCls = GuardedHTTPConnection
    guard: Guard | None = None

    def _new_conn(self) -> HTTPConnection:
        conn = cast("GuardedHTTPConnection", super()._new_conn())
        conn.guard = self.guard
        return conn


class GuardedHTTPSConnectionPool(HTTPSConnectionPool):
    """An ``https`` connection pool whose connections are judged by ``guard``."""

    ConnectionCls = GuardedHTTPSConnection
    guard: Guard | None = None

    def _new_conn(self) -> HTTPSConnection:
        conn = cast("GuardedHTTPSConnection", super()._new_conn())
        conn.guard = self.guard
        return conn


class GuardedPoolManager(PoolManager):
    """:class:`urllib3.PoolManager` that connects only where ``policy`` allows.

    :param policy: the :class:`~loopback.ssrf.Policy` (``None``: the default policy).
    :param resolver: looks hosts up instead of :func:`socket.getaddrinfo` (tests, caches).

    Other arguments are :class:`urllib3.PoolManager`'s. Schemes the policy refuses raise
    :class:`~loopback.ssrf.DestinationBlockedError` before any connection.

    :raises PolicyError: ``policy`` or ``resolver`` is of the wrong type.
    """

    def __init__(
        self,
        num_pools: int = 10,
        headers: dict[str, str] | None = None,
        *,
        policy: Policy | None = None,
        resolver: Resolver | None = None,
        **connection_pool_kw: Any,  # noqa: ANN401 - urllib3's own keywords
    ) -> None:
        self.guard = make_guard(policy, resolver)
        super().__init__(num_pools, headers, **connection_pool_kw)
        self.pool_classes_by_scheme = {
            "http": GuardedHTTPConnectionPool,
            "https": GuardedHTTPSConnectionPool,
        }

    def _new_pool(
        self, scheme: str, host: str, port: int, request_context: dict[str, Any] | None = None
    ) -> HTTPConnectionPool:
        verdict = self.guard.policy.allows_scheme(scheme)
        if not verdict.allowed:
            raise DestinationBlockedError(host, port, (verdict,))
        pool = cast(
            "GuardedHTTPConnectionPool", super()._new_pool(scheme, host, port, request_context)
        )
        pool.guard = self.guard
        return pool
