"""Hosts and ports as servers hand them to ``getaddrinfo``/``bind`` (shared by syntaxes).

One host becomes one :class:`Bind` with its exposure; ports are read as decimal digits,
as Python's ``int()`` or as Go's parsers read them, whichever the server uses.
"""

from __future__ import annotations

from .._address import Address, parse_address
from .._host import read_bind_host
from ..errors import AddressError
from ._model import Bind

__all__ = [
    "bracketed",
    "decimal_quad",
    "go_ip",
    "go_ipv6",
    "judge",
    "port_number",
    "port_range",
    "port_value",
    "python_int",
]


def judge(host: str) -> Bind:
    """One host as a server hands it to ``getaddrinfo``/``bind``, read by the core's reader.

    :func:`loopback.read_bind_host` reads it (lenient addresses, no white space
    stripped); this says what that reading exposes. Servers whose own parsers read
    addresses differently (nginx's decimal quads, Go's ``net.ParseIP``) hand it the
    address they read.
    """
    read = read_bind_host(host)
    if read.kind == "wildcard":
        if host in ("", "*"):
            return Bind("all_interfaces", "*", f"{host!r} means every interface")
        return Bind("all_interfaces", str(read.addresses[0]), "")
    if read.kind == "loopback":
        shown = read.host if len(read.addresses) > 1 else str(read.addresses[0])  # a name
        return Bind("loopback", shown, "")
    if read.kind == "address":
        return Bind("specific_address", str(read.addresses[0]), "")
    if read.kind == "name":
        why = f"what the name {read.host!r} binds depends on name resolution"
        return Bind("depends", read.host, why)
    return Bind("invalid", host, f"not an address or a host name: {read.reason}")


def port_number(text: str) -> int | None:
    """A port number in decimal digits (0 to 65535), or ``None`` if ``text`` is not one."""
    if text.isascii() and text.isdigit() and len(text) <= 5 and int(text) <= 65535:
        return int(text)
    return None


def python_int(text: str) -> int | None:
    """A port as Python's ``int()`` reads it (spaces, underscores), or ``None``."""
    try:
        number = int(text) if len(text) < 100 else -1
    except ValueError:
        return None
    return number if 0 <= number <= 65535 else None


def port_range(text: str) -> bool:
    """A port or an ascending ``LOW-HIGH`` range, as Docker takes them."""
    low, dash, high = text.partition("-")
    first, last = port_number(low), port_number(high)
    return first is not None and (not dash or (last is not None and last >= first))


def port_value(value: object) -> int | None:
    """A port given as a number or as digits, or ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= 65535 else None
    return port_number(value) if isinstance(value, str) else None


def bracketed(text: str) -> tuple[str, str | None] | None:
    """``[v6]`` or ``[v6]:port`` as the bracketed host and the port text; ``None`` if neither."""
    end = text.find("]")
    host, rest = text[: end + 1], text[end + 1 :]
    if end < 0 or (rest and not rest.startswith(":")):
        return None
    return host, rest[1:] if rest else None


def decimal_quad(text: str) -> Address | None:
    """``a.b.c.d`` read in decimal, leading zeros and all (nginx, Kubernetes), or ``None``."""
    parts = text.split(".")
    if len(parts) != 4 or not all(
        0 < len(part) < 10 and part.isascii() and part.isdigit() and int(part) < 256
        for part in parts
    ):
        return None
    a, b, c, d = (int(part) for part in parts)
    return Address.from_int((a << 24) | (b << 16) | (c << 8) | d, version=4)


def go_ip(text: str) -> Address | None:
    """An address as Go's ``net.ParseIP`` reads it (no zones, no leading zeros)."""
    try:
        address = parse_address(text)
    except AddressError:
        return None
    return address if address.zone is None else None


def go_ipv6(text: str) -> Address | None:
    """An IPv6 address as Go's ``net.ParseIP`` reads it, or ``None``."""
    address = go_ip(text)
    return address if address is not None and address.version == 6 else None
