"""Facts about address values as integers: the IPv4-mapped form, loopback, unspecified.

An IPv4 address is 32 bits, an IPv6 address 128. ``::ffff:0:0/96`` holds IPv4-mapped
addresses (RFC 4291 2.5.5.2): Linux routes ``::ffff:a.b.c.d`` as ``a.b.c.d``, so the
package judges a mapped address by the IPv4 address it carries. The test for that form
is written here once; everything that unwraps or wraps a mapped address calls it.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal


__all__ = [
    "LOOPBACK4_TOP",
    "MAPPED",
    "V4_MAX",
    "V6_MAX",
    "is_local_value",
    "mapped_ipv4",
    "normalised",
    "packed_value",
    "unmapped",
]

#: ``::ffff:0:0/96``: IPv4-mapped IPv6 addresses (RFC 4291 2.5.5.2).
MAPPED = 0xFFFF << 32
#: The largest IPv4 and IPv6 values.
V4_MAX = (1 << 32) - 1
V6_MAX = (1 << 128) - 1
#: ``127.0.0.0/8`` seen through ``::ffff:127.0.0.0/104``: the top 104 bits of a normalised value.
LOOPBACK4_TOP = (MAPPED | 127 << 24) >> 24


def mapped_ipv4(value: int) -> int | None:
    """The IPv4 value inside the IPv4-mapped IPv6 ``value``, else ``None``.

    >>> hex(mapped_ipv4(0xFFFF7F000001)), mapped_ipv4(1)
    ('0x7f000001', None)
    """
    return value & V4_MAX if value >> 32 == 0xFFFF else None


def packed_value(packed: bytes | bytearray) -> tuple[Literal[4, 6], int] | None:
    """``(version, value)`` of 4 or 16 network-order bytes; ``None`` for other lengths.

    The one reading of packed addresses: ``Address.from_packed`` and every classifier
    (bytes, and objects with ``.packed`` such as :mod:`ipaddress` objects) use it.

    >>> packed_value(bytes([127, 0, 0, 1])), packed_value(b"abc")
    ((4, 2130706433), None)
    """
    size = len(packed)
    if size == 4:
        return 4, int.from_bytes(packed, "big")
    if size == 16:
        return 6, int.from_bytes(packed, "big")
    return None


def unmapped(version: Literal[4, 6], value: int) -> tuple[Literal[4, 6], int]:
    """``(version, value)``, with an IPv4-mapped address as the IPv4 address it carries."""
    if version == 6 and value >> 32 == 0xFFFF:
        return 4, value & V4_MAX
    return version, value


def normalised(version: Literal[4, 6], value: int) -> int:
    """The 128-bit value in which an IPv4 address is its IPv4-mapped form."""
    return value if version == 6 else value | MAPPED


def is_local_value(value: int) -> bool:
    """Loopback or unspecified, on the normalised 128-bit value (Linux delivers both here)."""
    return value in (0, 1, MAPPED) or value >> 24 == LOOPBACK4_TOP
