"""Which names glibc answers without reading the hosts file, and what it answers.

glibc 2.36 has two rules, one per API, verified with live ``getaddrinfo`` and
``gethostbyname2`` on files bind-mounted over ``/etc/hosts``:

``getaddrinfo`` (``sysdeps/posix/getaddrinfo.c``, ``gaih_inet``; our ``lookup``)
    1. a name that ``__inet_aton_exact`` (``resolv/inet_addr.c``) reads whole is an IPv4
       address: ``0x7f.1``, ``2130706433``; ``AF_INET6`` gets it IPv4-mapped with
       ``AI_V4MAPPED``, else nothing;
    2. else the text before the first ``%`` read by ``inet_pton`` (``resolv/inet_pton.c``)
       is an IPv6 address: ``AF_INET`` gets an IPv4-mapped one as its IPv4 address and
       nothing for others; a zone after ``%`` must then pass ``__inet6_scopeid_pton``
       (``inet/inet6_scopeid_pton.c``), or the answer is nothing;
    3. else, for ``AF_INET`` without ``AI_CANONNAME``, glibc asks ``gethostbyname2_r``
       (below), whose rule may answer "not found" before the file (``getent ahostsv4``
       passes ``AI_CANONNAME`` and skips it);
    4. else the file is read: ``999.1.1.1``, ``08``, ``1.2.3.``, ``a:b``, ``[::1]`` and
       ``.`` are names there.

``gethostbyname2`` (``nss/digits_dots.c``, ``__nss_hostname_digits_dots``; our ``query``)
    * a name of digits and dots that does not end in a dot is never looked up: it is the
      address ``inet_aton`` reads (``AF_INET``) or not found (``inet_pton`` for
      ``AF_INET6``, which needs a colon);
    * a name starting with a hex digit and holding a colon, or starting with a colon, is
      never found for ``AF_INET``; for ``AF_INET6``, if it is made of hex digits, colons
      and dots only and does not end in a dot, it is the address ``inet_pton`` reads or
      not found;
    * everything else reads the file: ``0x11``, ``1.2.3.0x4``, ``fe80::1%lo0``, ``[::1]``
      and names ending in a dot. ``AF_UNSPEC`` follows the ``AF_INET`` rule.

Names are C strings of bytes: ``isdigit`` and ``isxdigit`` are the C locale's (ASCII).
"""

from __future__ import annotations

import socket
from typing import Callable

from .._address import Address, make_address
from .._lenient import read_inet_aton
from .._strict import parse_strict
from .._values import MAPPED, V4_MAX, mapped_ipv4
from ..errors import AddressError

__all__ = ["InterfaceIndex", "getaddrinfo_numeric", "gethostbyname_numeric"]

#: ``if_nametoindex``: an interface's index, 0 when there is no such interface.
InterfaceIndex = Callable[[str], int]

_DIGITS = frozenset("0123456789")
_DIGITS_DOTS = frozenset("0123456789.")
_HEX = frozenset("0123456789abcdefABCDEF")
_HEX_COLON_DOT = frozenset("0123456789abcdefABCDEF:.")


def _inet_aton(text: str) -> int | None:
    try:
        return read_inet_aton(text)
    except AddressError:
        return None


def _inet_pton6(text: str) -> int | None:
    try:
        version, value, _ = parse_strict(text)
    except AddressError:
        return None
    return value if version == 6 else None


def _scope_ok(first32: int, zone: str, interface_index: InterfaceIndex) -> bool:
    """``__inet6_scopeid_pton``: whether glibc takes ``zone`` for an address.

    ``first32`` is the address's first 32 bits as glibc holds them when it checks. An
    interface name counts for link-local unicast (``fe80::/10``) and interface-local or
    link-local multicast (``ffx1::``, ``ffx2::``) only; a decimal number up to 2**32 - 1
    (``strtoull`` base 10, the whole zone) counts for any address.
    """
    scoped = (first32 & 0xFFC00000) == 0xFE800000 or (
        first32 >> 24 == 0xFF and (first32 >> 16) & 0xF in (1, 2)
    )
    if scoped and interface_index(zone) != 0:
        return True
    if not zone or not set(zone) <= _DIGITS:  # isdigit(zone[0]), then *end == '\0'
        return False
    significant = zone.lstrip("0")
    return len(significant) <= 10 and int(significant or "0") <= V4_MAX


def getaddrinfo_numeric(
    name: str,
    family: int,
    interface_index: InterfaceIndex,
    *,
    canonname: bool = False,
    v4mapped: bool = False,
) -> list[Address] | None:
    """What ``getaddrinfo(name, family)`` answers before the file, or None: read it.

    >>> no_interfaces = lambda zone: 0
    >>> getaddrinfo_numeric("0x7f.1", socket.AF_UNSPEC, no_interfaces)
    [Address('127.0.0.1')]
    >>> getaddrinfo_numeric("999.1.1.1", socket.AF_UNSPEC, no_interfaces) is None
    True
    >>> getaddrinfo_numeric("999.1.1.1", socket.AF_INET, no_interfaces)
    []
    >>> getaddrinfo_numeric("999.1.1.1", socket.AF_INET, no_interfaces, canonname=True) is None
    True
    """
    value = _inet_aton(name)
    if value is not None:
        if family != socket.AF_INET6:
            return [make_address(4, value)]
        return [make_address(6, MAPPED | value)] if v4mapped else []
    body, percent, zone = name.partition("%")
    value = _inet_pton6(body)
    if value is None:
        if family != socket.AF_INET or canonname:
            return None
        return gethostbyname_numeric(name, family)
    if family == socket.AF_INET:
        ipv4 = mapped_ipv4(value)
        if ipv4 is None:
            return []  # EAI_ADDRFAMILY
        # glibc moves the IPv4 address to the first word before checking the zone
        if percent and not _scope_ok(ipv4, zone, interface_index):
            return []
        return [make_address(4, ipv4)]
    if percent and not _scope_ok(value >> 96, zone, interface_index):
        return []  # EAI_NONAME
    return [make_address(6, value, zone if percent else None)]


def gethostbyname_numeric(name: str, family: int) -> list[Address] | None:
    """What ``gethostbyname2(name, family)`` answers before the file, or None: read it.

    An empty list is "not found"; ``AF_UNSPEC`` is taken as ``AF_INET``, as glibc does.

    >>> gethostbyname_numeric("0x11", socket.AF_INET) is None
    True
    >>> gethostbyname_numeric("1.2.3.4", socket.AF_INET)
    [Address('1.2.3.4')]
    >>> gethostbyname_numeric("::1", socket.AF_INET)
    []
    """
    first = name[:1]
    if first in _DIGITS and set(name) <= _DIGITS_DOTS:
        if name.endswith("."):
            return None
        if family == socket.AF_INET6:
            return []  # inet_pton(AF_INET6) reads no text without a colon
        value = _inet_aton(name)
        return [] if value is None else [make_address(4, value)]
    if (first in _HEX and ":" in name) or first == ":":
        if family != socket.AF_INET6:
            return []  # "We cannot represent an IPv6 address in struct in_addr"
        if not set(name) <= _HEX_COLON_DOT or name.endswith("."):
            return None
        value = _inet_pton6(name)
        return [] if value is None else [make_address(6, value)]
    return None
