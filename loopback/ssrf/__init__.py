"""An SSRF guard at connect time: outbound requests that cannot be turned against this machine.

A check of the URL's host is not enough: a name can resolve to ``127.0.0.1`` or to a
cloud metadata address, redirects go elsewhere, and DNS can answer differently the second
time. This package judges every address a connection is about to use, after the one
lookup, by a :class:`Policy`, and connects only to the addresses that pass.

* :class:`Policy`, :class:`Verdict`: what may be reached, and why (pure, no I/O);
* :func:`resolve`, :func:`create_connection`: checked lookup and connection, stdlib only;
* client integrations, each an optional extra imported only on request:
  :mod:`loopback.ssrf.urllib3` and :mod:`loopback.ssrf.requests` (``loopback-net[requests]``),
  :mod:`loopback.ssrf.httpx` (``loopback-net[httpx]``), :mod:`loopback.ssrf.aiohttp`
  (``loopback-net[aiohttp]``).

``import loopback`` does not import this package.

>>> from loopback.ssrf import Policy
>>> policy = Policy(this_host=())
>>> [policy.judge(a).rule for a in ["8.8.8.8", "10.0.0.1", "::ffff:169.254.169.254"]]
['global', 'private', 'cloud-metadata']
"""

from __future__ import annotations

from ..errors import DestinationBlockedError, PolicyError
from ._connect import AddrInfo, Resolver, create_connection, default_policy, resolve
from ._policy import METADATA, RULES, Policy, PolicyEntry, Verdict

__all__ = [
    "METADATA",
    "RULES",
    "AddrInfo",
    "DestinationBlockedError",
    "Policy",
    "PolicyEntry",
    "PolicyError",
    "Resolver",
    "Verdict",
    "create_connection",
    "default_policy",
    "resolve",
]
