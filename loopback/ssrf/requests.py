"""requests: a transport adapter (and a session) whose every connection is judged.

Install with ``pip install loopback-net[requests]``. :class:`GuardedAdapter` is requests'
``HTTPAdapter`` on a :class:`~loopback.ssrf.urllib3.GuardedPoolManager`: each new
connection, redirects included (requests sends each hop through the adapter), looks its
host up once and goes only to an address the policy allows.

>>> from loopback.ssrf import Policy
>>> from loopback.ssrf.requests import guarded_session
>>> session = guarded_session(Policy(this_host=()))
>>> session.get("http://[::ffff:169.254.169.254]/", timeout=5)
Traceback (most recent call last):
  ...
loopback.errors.DestinationBlockedError: refused to connect to '::ffff:169.254.169.254' port 80:
::ffff:169.254.169.254 is refused (cloud-metadata): ...

A refusal is raised as :class:`~loopback.ssrf.DestinationBlockedError` (not wrapped in
``requests.ConnectionError``, never retried). Proxies are refused with the rule
``proxy``: through a proxy the guard would judge only the proxy's address. A session made
by :func:`guarded_session` ignores the environment (``*_PROXY``, ``.netrc``) for that reason.
"""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter

from ..errors import DestinationBlockedError
from ._connect import Resolver, make_guard
from ._policy import Policy, block
from .urllib3 import GuardedPoolManager

__all__ = ["GuardedAdapter", "guarded_session"]


class GuardedAdapter(HTTPAdapter):
    """requests' ``HTTPAdapter`` that connects only where ``policy`` allows.

    :param policy: the :class:`~loopback.ssrf.Policy` (``None``: the default policy).
    :param resolver: looks hosts up instead of :func:`socket.getaddrinfo` (tests, caches).

    Other keyword arguments are ``HTTPAdapter``'s (``max_retries``, ``pool_maxsize``, ...).
    Mount it on ``http://`` and ``https://`` (or use :func:`guarded_session`).

    :raises PolicyError: ``policy`` or ``resolver`` is of the wrong type.
    """

    __attrs__ = [*HTTPAdapter.__attrs__, "guard"]  # noqa: RUF012 - requests' pickling list

    def __init__(
        self,
        policy: Policy | None = None,
        resolver: Resolver | None = None,
        **kwargs: Any,  # noqa: ANN401 - HTTPAdapter's own keywords
    ) -> None:
        self.guard = make_guard(policy, resolver)  # before HTTPAdapter makes its pools
        super().__init__(**kwargs)

    def init_poolmanager(
        self,
        connections: int,
        maxsize: int,
        block: bool = False,
        **pool_kwargs: Any,  # noqa: ANN401 - urllib3's own keywords
    ) -> None:
        """Make the guarded pool manager (called by ``HTTPAdapter``)."""
        self._pool_connections = connections
        self._pool_maxsize = maxsize
        self._pool_block = block
        self.poolmanager = GuardedPoolManager(
            num_pools=connections,
            maxsize=maxsize,
            block=block,
            policy=self.guard.policy,
            resolver=self.guard.resolver,
            **pool_kwargs,
        )

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:  # noqa: ANN401 - requests' signature
        """Refuse: through a proxy the guard would judge only the proxy's address."""
        reason = "a proxy connects on our behalf, so the guard cannot judge the destination"
        raise DestinationBlockedError(proxy, None, (block("proxy", None, reason),))

    def send(  # noqa: PLR0917 - HTTPAdapter's signature
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,  # noqa: ANN401 - typed differently by requests' versions
        verify: Any = True,  # noqa: ANN401
        cert: Any = None,  # noqa: ANN401
        proxies: Any = None,  # noqa: ANN401
    ) -> requests.Response:
        """Send ``request`` after checking its URL's scheme against the policy."""
        scheme = (request.url or "").partition(":")[0]
        verdict = self.guard.policy.allows_scheme(scheme)
        if not verdict.allowed:
            raise DestinationBlockedError(request.url or "", None, (verdict,))
        return super().send(request, stream, timeout, verify, cert, proxies)


def guarded_session(
    policy: Policy | None = None, resolver: Resolver | None = None
) -> requests.Session:
    """A :class:`requests.Session` with a :class:`GuardedAdapter` on ``http://`` and ``https://``.

    Its ``trust_env`` is off: proxies from the environment would be refused, and
    credentials from ``~/.netrc`` have no business going to URLs that users choose.

    :raises PolicyError: ``policy`` or ``resolver`` is of the wrong type.
    """
    adapter = GuardedAdapter(policy, resolver)
    session = requests.Session()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.trust_env = False
    return session
