"""This machine's own addresses, as the Linux kernel lists them: a fact for the policy.

A connection to one of this machine's interface addresses (its LAN or public address)
reaches the services that listen on every interface, just as ``127.0.0.1`` does. Linux
lists its local IPv4 routes in ``/proc/net/fib_trie`` (``host LOCAL`` entries, the kernel's
``local`` routing table) and its IPv6 addresses in ``/proc/net/if_inet6``. Elsewhere
nothing is listed; the policy still refuses loopback, private and link-local addresses.
"""

from __future__ import annotations

from .. import Address
from .._paths import read_or_empty

__all__ = ["interface_networks", "read_fib_trie", "read_if_inet6"]


def interface_networks(
    fib_trie: str = "/proc/net/fib_trie", if_inet6: str = "/proc/net/if_inet6"
) -> tuple[str, ...]:
    """This machine's local addresses and prefixes as CIDR text; empty where not listed.

    >>> "127.0.0.0/8" in interface_networks()   # a Linux machine
    True
    """
    return (*read_fib_trie(read_or_empty(fib_trie)), *read_if_inet6(read_or_empty(if_inet6)))


def read_fib_trie(text: str) -> list[str]:
    """The ``host LOCAL`` prefixes of ``/proc/net/fib_trie``, host bits cleared.

    An address line (``|-- 192.0.2.2``) is followed by its routes (``/32 host LOCAL``).

    >>> read_fib_trie("|-- 192.0.2.2\\n /32 host LOCAL\\n|-- 192.0.2.0\\n /24 link UNICAST\\n")
    ['192.0.2.2/32']
    """
    found: list[str] = []
    address: Address | None = None
    for line in text.split("\n"):
        words = line.split()
        if len(words) == 2 and words[0] == "|--":
            try:
                address = Address(words[1])
            except ValueError:
                address = None
        elif len(words) == 3 and words[1:] == ["host", "LOCAL"] and address is not None:
            length = words[0][1:]
            if words[0].startswith("/") and length.isascii() and length.isdigit():
                bits = min(int(length[:2]), 32)
                network = int(address) >> (32 - bits) << (32 - bits)
                found.append(f"{Address.from_int(network, 4)}/{bits}")
    return list(dict.fromkeys(found))


def read_if_inet6(text: str) -> list[str]:
    """The addresses of ``/proc/net/if_inet6`` (32 hex digits a line) as ``/128`` prefixes.

    >>> read_if_inet6("fd000000000000000000000000000002 04 40 00 82     eth0\\n")
    ['fd00::2/128']
    """
    found: list[str] = []
    for line in text.split("\n"):
        words = line.split()
        if words and len(words[0]) == 32 and all(c in "0123456789abcdef" for c in words[0]):
            found.append(f"{Address.from_int(int(words[0], 16), 6)}/128")
    return list(dict.fromkeys(found))
